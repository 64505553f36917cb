"""The screen after submission: what was handed in, where the results file went, and its receipt.

It has four states, set by `ResultController`: saving (busy), saved (folders, receipt code and QR code),
not saved yet (each folder's problem, with "Try again" and "Choose another folder…"), and not sealed
(the pack names no recruiter, so the answers stay on the station).
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from exam_app.core.answers import is_answered
from exam_app.core.result_export import ExportOutcome
from exam_app.core.session import ExamSession
from exam_app.ui.theme import center_card

QR_SCALE = 5  # pixels per QR module: about 200 px, easy to scan from a phone held over the screen


def _label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    if name:
        label.setObjectName(name)
    return label


def _places(paths: list[Path]) -> str:
    return "<br>".join(f"• {html.escape(str(path))}" for path in paths)


def _problems(problems: list[tuple[str, str]]) -> str:
    return "<br>".join(f"• {html.escape(place)}: {html.escape(problem)}" for place, problem in problems)


class CompletionView(QWidget):
    """A calm confirmation. The Close button is enabled only once the results are safe."""

    def __init__(self, session: ExamSession, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        answered = sum(is_answered(session.answer_of(item.question.id)) for item in session.items)
        heading = QLabel(self.tr("Your exam has been submitted"))
        heading.setObjectName("heading")
        lines = []
        if reason == "time_up":
            lines.append(self.tr("Time is up, so your exam was submitted automatically."))
        elif reason == "proctor":
            lines.append(self.tr("The proctor ended your exam; your saved answers were submitted."))
        elif reason == "integrity":
            lines.append(self.tr("The exam's rules ended your exam; your saved answers were submitted."))
        lines.append(
            self.tr("You answered {0} of {1} questions of “{2}”.").format(
                answered, len(session.items), session.pack.title
            )
        )
        lines.append(self.tr("Please tell the proctor you have finished."))
        self.summary = QLabel("\n\n".join(lines))
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(heading.text())
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.summary.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # indeterminate: sealing and writing take a moment
        self.busy_bar.setAccessibleName(self.tr("Saving your results"))
        self.busy_label = QLabel(self.tr("Saving your results…"))
        self.status = _label()
        self.status.setAccessibleName(self.tr("Where your results are"))
        self.problem = _label(name="unsaved")  # framed in the calm warning colour, not red
        self.problem.setAccessibleName(self.tr("Your results are not saved yet"))
        for label in (self.status, self.problem):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
            label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.warning = _label(name="warning")
        self.warning.setAccessibleName(self.tr("Warning"))
        self.receipt_caption = QLabel(self.tr("Your receipt code"))
        self.receipt_caption.setObjectName("subheading")
        self.receipt_code = QLabel()
        self.receipt_code.setObjectName("receipt")
        self.receipt_code.setAccessibleName(self.tr("Receipt code"))
        self.receipt_code.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.receipt_code.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.receipt_hint = _label(
            self.tr(
                "Note this code, or photograph the QR code: it identifies the results file you handed in."
            ),
            "muted",
        )
        self.receipt_qr = QLabel()
        self.receipt_qr.setAccessibleName(self.tr("Receipt QR code"))
        self.retry_button = QPushButton(self.tr("&Try again"))
        self.retry_button.setAccessibleName(self.tr("Try saving the results again"))
        self.choose_button = QPushButton(self.tr("&Choose another folder…"))
        self.choose_button.setAccessibleName(self.tr("Choose another folder for the results"))
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close the exam application"))

        card = QFrame()
        card.setObjectName("card")
        card.setMaximumWidth(860)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(12)
        inner.addWidget(heading)
        inner.addWidget(self.summary)
        busy = QHBoxLayout()
        busy.addWidget(self.busy_bar, 1)
        busy.addWidget(self.busy_label)
        inner.addLayout(busy)
        inner.addWidget(self.status)
        inner.addWidget(self.problem)
        inner.addWidget(self.warning)
        receipt = QGridLayout()
        receipt.setContentsMargins(0, 8, 0, 0)
        receipt.setColumnStretch(0, 1)
        receipt.addWidget(self.receipt_caption, 0, 0)
        receipt.addWidget(self.receipt_code, 1, 0)
        receipt.addWidget(self.receipt_hint, 2, 0)
        receipt.setRowStretch(3, 1)
        receipt.addWidget(
            self.receipt_qr, 0, 1, 4, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )
        inner.addLayout(receipt)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.choose_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        inner.addLayout(buttons)
        center_card(self, card, 5)
        self.show_saving()

    def show_saving(self) -> None:
        """Sealing or writing is under way: a busy bar, and no way to close yet."""
        self._set_state(busy=True, receipt=False, problem=False, can_close=False)

    def show_saved(self, outcome: ExportOutcome) -> None:
        """At least one verified copy exists: where it is, any copy that failed, and the receipt."""
        self._set_state(busy=False, receipt=True, problem=False, can_close=True)
        self.status.setText(
            self.tr("Your results were saved and checked:") + "<br>" + _places(outcome.written)
        )
        self._show_warning(outcome.failed)
        receipt = outcome.receipt
        self.receipt_code.setText(receipt.code)
        spelled = " ".join(receipt.code)  # one character at a time, so screen readers spell it out
        self.receipt_code.setAccessibleDescription(spelled)
        pixmap = QPixmap()
        pixmap.loadFromData(receipt.qr_png(scale=QR_SCALE), "PNG")
        self.receipt_qr.setPixmap(pixmap)
        self.receipt_qr.setAccessibleDescription(self.tr("QR code of your receipt {0}").format(spelled))

    def show_not_saved(self, problems: list[tuple[str, str]]) -> None:
        """No folder took the results file: name each (place, problem) and offer a retry or another folder."""
        self._set_state(busy=False, receipt=False, problem=True, can_close=False)
        self.problem.setText(
            self.tr("Your answers are safe on this station, but the results file could not be saved yet:")
            + "<br>"
            + _problems(problems)
            + "<br><br>"
            + self.tr(
                "Please ask the proctor. They can fix the folder and try again, or choose another folder, "
                "for example on a USB stick."
            )
        )

    def show_not_sealed(self) -> None:
        """The pack names no recruiter, so no results file can be made; the answers stay on the station."""
        self._set_state(busy=False, receipt=False, problem=False, can_close=True)
        self.status.setText(
            self.tr(
                "Your answers are kept on this station. This exam pack names no recruiter to seal results "
                "for, so no results file was made."
            )
            + "<br>"
            + self.tr("The proctor can check the session with <code>exam-app session verify</code>.")
        )

    def _show_warning(self, failed: list[tuple[Path, str]]) -> None:
        self.warning.setVisible(bool(failed))
        if failed:
            places = [(str(folder), problem) for folder, problem in failed]
            self.warning.setText(self.tr("Not copied to:") + "<br>" + _problems(places))

    def _set_state(self, *, busy: bool, receipt: bool, problem: bool, can_close: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)
        for widget in (self.receipt_caption, self.receipt_code, self.receipt_hint, self.receipt_qr):
            widget.setVisible(receipt)
        self.status.setVisible(not busy and not problem)
        self.problem.setVisible(problem)
        self.retry_button.setVisible(problem)
        self.choose_button.setVisible(problem)
        self.warning.hide()  # only a saved result can have copies that failed
        self.close_button.setEnabled(can_close)
