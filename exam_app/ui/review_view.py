"""The review page shown before submitting: unanswered and flagged questions, each a way back."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

INDEX_ROLE = Qt.ItemDataRole.UserRole


class ReviewView(QWidget):
    """Two lists and two buttons; activating a list entry asks to go back to that question."""

    question_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self.tr("Review before you submit"))
        self.heading.setObjectName("heading")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.unanswered_label = QLabel()
        self.unanswered_label.setObjectName("subheading")
        self.unanswered = self._list(self.tr("Unanswered questions"))
        self.flagged_label = QLabel()
        self.flagged_label.setObjectName("subheading")
        self.flagged = self._list(self.tr("Questions flagged for review"))
        hint = QLabel(self.tr("Press Enter on a question, or click it, to go back to it."))
        hint.setObjectName("muted")
        self.back_button = QPushButton(self.tr("Back to the questions"))
        self.back_button.setAccessibleName(self.back_button.text())
        self.submit_button = QPushButton(self.tr("Submit the exam…"))
        self.submit_button.setObjectName("primary")
        self.submit_button.setAccessibleName(self.tr("Submit the exam"))
        self.submit_button.setAccessibleDescription(self.tr("Asks for confirmation before submitting"))
        lists = QHBoxLayout()
        for label, widget in ((self.unanswered_label, self.unanswered), (self.flagged_label, self.flagged)):
            column = QVBoxLayout()
            column.addWidget(label)
            column.addWidget(widget, 1)
            lists.addLayout(column, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addLayout(lists, 1)
        layout.addWidget(hint)
        layout.addLayout(buttons)

    def _list(self, name: str) -> QListWidget:
        widget = QListWidget()
        widget.setAccessibleName(name)
        widget.setWordWrap(True)  # long prompts wrap instead of scrolling sideways
        widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.itemActivated.connect(self._on_item_activated)
        widget.itemClicked.connect(self._on_item_activated)
        return widget

    def show_lists(
        self, summary: str, unanswered: list[tuple[int, str]], flagged: list[tuple[int, str]]
    ) -> None:
        """Fill the page: each list holds (question index, line of text) pairs."""
        self.summary.setText(summary)
        self.unanswered_label.setText(self.tr("Unanswered ({0})").format(len(unanswered)))
        self.flagged_label.setText(self.tr("Flagged for review ({0})").format(len(flagged)))
        for widget, entries in ((self.unanswered, unanswered), (self.flagged, flagged)):
            widget.clear()
            for index, text in entries:
                item = QListWidgetItem(text, widget)
                item.setData(INDEX_ROLE, index)
            if entries:
                widget.setCurrentRow(0)
            widget.setEnabled(bool(entries))

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self.question_chosen.emit(int(item.data(INDEX_ROLE)))
