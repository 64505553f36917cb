"""The screen after submission: what was handed in, and what happens next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from exam_app.core.answers import is_answered
from exam_app.core.session import ExamSession


class CompletionView(QWidget):
    """A calm confirmation; the Close button ends the client (the exam is already submitted)."""

    def __init__(self, session: ExamSession, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        answered = sum(is_answered(session.answer_of(item.question.id)) for item in session.items)
        heading = QLabel(self.tr("Your exam has been submitted"))
        heading.setObjectName("heading")
        lines = []
        if reason == "time_up":
            lines.append(self.tr("Time is up, so your exam was submitted automatically."))
        lines.append(
            self.tr("You answered {0} of {1} questions of “{2}”.").format(
                answered, len(session.items), session.pack.title
            )
        )
        lines.append(
            self.tr("Your answers are stored on this station. Please tell the proctor you have finished.")
        )
        lines.append(
            self.tr("A receipt for your submission comes with the result bundle sent to the examiners.")
        )
        self.summary = QLabel("\n\n".join(lines))
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(heading.text())
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.summary.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close the exam application"))
        card = QFrame()
        card.setObjectName("card")
        card.setMaximumWidth(760)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 32, 32, 32)
        inner.addWidget(heading)
        inner.addWidget(self.summary)
        inner.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        # Stretches rather than alignment flags, so the wrapped text gets the height it needs.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 4)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
