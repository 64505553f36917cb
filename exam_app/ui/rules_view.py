"""The rules screen's layout: what the exam is, how long, what is monitored, the keys, and Start."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget


class RulesView(QWidget):
    """Widgets of the rules screen, public for `RulesController`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("heading")
        self.title.setWordWrap(True)
        self.resumed = QLabel()
        self.resumed.setObjectName("notice")
        self.resumed.setWordWrap(True)
        self.resumed.hide()
        self.facts = self._text(self.tr("About this exam"))
        self.monitoring = self._text(self.tr("What is monitored"))
        self.keys = self._text(self.tr("Keyboard"))
        self.start_button = QPushButton(self.tr("Start the exam"))
        self.start_button.setObjectName("primary")
        self.start_button.setDefault(True)
        self.start_button.setAccessibleDescription(self.tr("The timer starts when you press this button"))
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.title)
        column.addWidget(self.resumed)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self._card(self.tr("About this exam"), self.facts))
        left.addWidget(self._card(self.tr("Keyboard"), self.keys))
        left.addStretch(1)
        columns.addLayout(left, 1)
        columns.addWidget(
            self._card(self.tr("What is monitored"), self.monitoring), 1, Qt.AlignmentFlag.AlignTop
        )
        column.addLayout(columns)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

    def _text(self, name: str) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setAccessibleName(name)
        # Readable with the keyboard, for candidates who move through the screen with Tab.
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return label

    def _card(self, title: str, body: QLabel) -> QFrame:
        frame = QFrame()
        frame.setObjectName("card")
        heading = QLabel(title)
        heading.setObjectName("subheading")
        layout = QVBoxLayout(frame)
        layout.addWidget(heading)
        layout.addWidget(body)
        return frame
