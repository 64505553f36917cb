"""The confirmation asked before an exam is submitted; going back is the default, safe choice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class SubmitDialog(QDialog):
    """Modal question with "Submit now" (Alt+S) and "Go back" (Escape, and the default button)."""

    def __init__(self, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Submit the exam?"))
        self.setModal(True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        heading = QLabel(self.tr("Submit the exam now?"))
        heading.setObjectName("subheading")
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.submit_button = QPushButton(self.tr("&Submit now"))
        self.submit_button.setAccessibleName(self.tr("Submit now"))
        self.submit_button.setAccessibleDescription(self.tr("Ends the exam; answers can no longer change"))
        self.back_button = QPushButton(self.tr("&Go back"))
        self.back_button.setAccessibleName(self.tr("Go back to the exam"))
        self.back_button.setDefault(True)
        self.submit_button.clicked.connect(self.accept)
        self.back_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setAccessibleName(self.windowTitle())
        self.setAccessibleDescription(message)
        self.setMinimumWidth(480)
