"""The calm warning banner at the top of the exam screen: what was noticed, and that the exam goes on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from exam_app.core.integrity import Decision
from exam_app.ui.integrity_text import warning_text


class WarningBanner(QFrame):
    """Hidden until `show_warning`; the candidate dismisses it (it never blocks the exam)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.text = QLabel()
        self.text.setObjectName("notice")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.text.setAccessibleName(self.tr("Integrity notice"))
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        self.dismiss_button.setAccessibleName(self.tr("Dismiss this notice"))
        # The mouse may close it; the keyboard stays on the answer (the banner never takes the focus).
        self.dismiss_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.dismiss_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_warning(self, decision: Decision) -> None:
        """Show a decision's warning (replacing any earlier one)."""
        text = warning_text(decision)
        self.text.setText(text)
        self.text.setAccessibleDescription(text)
        self.show()
