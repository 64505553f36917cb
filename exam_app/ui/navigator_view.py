"""The question navigator: every question by section, with answered, unanswered and flagged states.

States are spelled out in words as well as symbols, so they survive high contrast, colour blindness and
screen readers alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

INDEX_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class NavigatorEntry:
    """One question's line in the navigator."""

    index: int
    answered: bool
    flagged: bool
    closed: bool  # its section's time is over


class NavigatorView(QTreeWidget):
    """Sections as headings, questions under them; Enter or a click opens a question."""

    question_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setIndentation(12)
        self.setAccessibleName(self.tr("Question navigator"))
        self.setAccessibleDescription(
            self.tr("All questions by section. Press Enter on a question to open it.")
        )
        self._items: dict[int, QTreeWidgetItem] = {}
        self._fit_width()
        self.itemActivated.connect(self._on_item_activated)
        self.itemClicked.connect(self._on_item_activated)

    def set_sections(self, sections: list[tuple[str, list[int]]]) -> None:
        """Build the tree: (section title, question indexes) pairs, in order."""
        self.clear()
        self._items.clear()
        for title, indexes in sections:
            heading = QTreeWidgetItem(self, [title])
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = heading.font(0)
            font.setBold(True)
            heading.setFont(0, font)
            for index in indexes:
                item = QTreeWidgetItem(heading)
                item.setData(0, INDEX_ROLE, index)
                self._items[index] = item
        self.expandAll()

    def update_entries(self, entries: list[NavigatorEntry], current: int) -> None:
        """Refresh every question's state text and select the current question."""
        for entry in entries:
            item = self._items[entry.index]
            state = self.tr("answered") if entry.answered else self.tr("not answered")
            symbol = "●" if entry.answered else "○"
            text = self.tr("{0} {1}  {2}").format(symbol, entry.index + 1, state)
            spoken = self.tr("Question {0}, {1}").format(entry.index + 1, state)
            if entry.flagged:
                text += "  ⚑"
                spoken += self.tr(", flagged for review")
            if entry.closed:
                text += self.tr("  (closed)")
                spoken += self.tr(", section time over")
            item.setText(0, text)
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, spoken)
            item.setToolTip(0, spoken)
            item.setDisabled(entry.closed)
            font = item.font(0)
            font.setBold(entry.index == current)
            item.setFont(0, font)
        current_item = self._items.get(current)
        if current_item is not None:
            self.setCurrentItem(current_item)

    def changeEvent(self, event: QEvent) -> None:
        """Zooming changes the font: keep every line readable, never elided."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_width()

    def _fit_width(self) -> None:
        widest = self.tr("{0} {1}  {2}").format("○", 99, self.tr("not answered")) + "  ⚑"
        self.setFixedWidth(self.fontMetrics().horizontalAdvance(widest) + 56)

    def item_text(self, index: int) -> str:
        """The visible line of question `index` (for tests and announcements)."""
        return self._items[index].text(0)

    def _on_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        index = item.data(0, INDEX_ROLE)
        if index is not None and not item.isDisabled():
            self.question_chosen.emit(int(index))
