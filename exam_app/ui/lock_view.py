"""The lock screen's layout: the exam is paused, why, the continuation code, and the proctor code field."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from exam_app.ui.theme import center_card


def _label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class LockView(QWidget):
    """Widgets of the lock screen, public for `LockController`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = _label(self.tr("The exam is paused"), "heading")
        self.reason = _label(name="notice")
        self.reason.setTextFormat(Qt.TextFormat.RichText)
        self.reason.setAccessibleName(self.tr("Why the exam is paused"))
        time_note = _label(
            self.tr(
                "Your answers are saved, and your exam time is stopped until the proctor lets you continue."
            )
        )
        ask = _label(self.tr("Call the proctor and show them this code:"), "subheading")
        self.continuation = _label(name="receipt")
        self.continuation.setWordWrap(False)
        self.continuation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.continuation.setAccessibleName(self.tr("Continuation code"))
        self.code = QLineEdit()
        self.code.setAccessibleName(self.tr("Proctor code"))
        self.code.setAccessibleDescription(self.tr("Eight letters and digits, typed by the proctor"))
        self.code.setPlaceholderText("XXXX-XXXX")
        self.code.setMaxLength(16)
        self.continue_button = QPushButton(self.tr("Continue"))
        self.continue_button.setObjectName("primary")
        self.continue_button.setAccessibleName(self.tr("Use the proctor code"))
        self.continue_button.setDefault(True)
        self.error = _label(name="error")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setAccessibleName(self.tr("Problem"))
        self.error.hide()
        what_next = _label(
            self.tr(
                "The proctor's code decides what happens next: the exam continues where you left it "
                "(sometimes with extra time), or it ends and your saved answers are submitted."
            ),
            "muted",
        )
        card = QFrame()
        card.setObjectName("card")
        box = QVBoxLayout(card)
        box.setContentsMargins(32, 24, 32, 24)
        box.setSpacing(14)
        box.addWidget(heading)
        box.addWidget(self.reason)
        box.addWidget(time_note)
        box.addWidget(ask)
        self.continuation.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.continuation)
        row = QHBoxLayout()
        code_label = QLabel(self.tr("&Proctor code"))
        code_label.setBuddy(self.code)
        row.addWidget(code_label)
        row.addWidget(self.code, 1)
        row.addWidget(self.continue_button)
        box.addLayout(row)
        box.addWidget(self.error)
        box.addWidget(what_next)
        card.setMaximumWidth(760)
        center_card(self, card, 4)

    def show_reason(self, headline: str, detail: str) -> None:
        """Why the exam is paused: a headline and the evidence."""
        self.reason.setText(f"<b>{html.escape(headline)}.</b> {html.escape(detail)}")
        self.reason.setAccessibleDescription(f"{headline}. {detail}")

    def show_continuation(self, code: str) -> None:
        """The code the proctor needs (a new one after each lock and after too many wrong tries)."""
        self.continuation.setText(code)
        self.continuation.setAccessibleDescription(" ".join(code.replace("-", "")))

    def show_error(self, text: str) -> None:
        """Why the typed code was not accepted."""
        self.error.setText(text)
        self.error.setAccessibleDescription(text)
        self.error.show()

    def clear_error(self) -> None:
        """Hide the problem."""
        self.error.clear()
        self.error.hide()
