"""The candidate list as a Qt table model: sortable columns, blind mode and the reviewed flag."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from exam_app.core.review_types import CandidateRow

Index = QModelIndex | QPersistentModelIndex


def _started(row: CandidateRow) -> str:
    return datetime.fromtimestamp(row.started_wall, UTC).strftime("%Y-%m-%d %H:%M")


def _score(row: CandidateRow) -> str:
    return f"{row.score_earned:g} / {row.score_available:g}"


# (header, text shown, value sorted by); identity columns are blanked in blind mode.
COLUMNS: tuple[tuple[str, Callable[[CandidateRow], str], Callable[[CandidateRow], Any]], ...] = (
    ("Candidate", lambda r: r.candidate_name, lambda r: r.candidate_name.casefold()),
    ("Id", lambda r: r.candidate_id, lambda r: r.candidate_id),
    ("Priority", lambda r: f"{r.priority:.0f}", lambda r: r.priority),
    ("Score", _score, lambda r: r.score_earned),
    ("To grade", lambda r: str(r.ungraded), lambda r: r.ungraded),
    ("Away (s)", lambda r: f"{r.seconds_away:.0f}", lambda r: r.seconds_away),
    ("Signals", lambda r: str(r.signals), lambda r: r.signals),
    ("Started", _started, lambda r: r.started_wall),
    ("Reviewed", lambda r: "yes" if r.reviewed else "", lambda r: r.reviewed),
)
NAME_COLUMN, ID_COLUMN, PRIORITY_COLUMN = 0, 1, 2


class CandidateTableModel(QAbstractTableModel):
    """Rows from `ReviewStore.list_candidates`; sorts in memory so any column sorts the same way."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[CandidateRow] = []
        self._blind = False

    def set_rows(self, rows: list[CandidateRow]) -> None:
        """Show `rows` (already filtered), keeping the current order rules of the view."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_blind(self, blind: bool) -> None:
        """Hide (or show again) names and ids: identity cells show the sitting's blind label."""
        self._blind = blind
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, ID_COLUMN))

    @property
    def blind(self) -> bool:
        """True while identities are hidden."""
        return self._blind

    def row_at(self, row: int) -> CandidateRow:
        """The candidate shown on table row `row`."""
        return self._rows[row]

    def label(self, row: CandidateRow) -> str:
        """How a candidate is named on screen: blind label, or name and id."""
        return row.blind_label if self._blind else f"{row.candidate_name} ({row.candidate_id})"

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of candidates (a table has no children)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; identity cells show the blind label in blind mode."""
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self._rows[index.row()]
        if self._blind and index.column() in (NAME_COLUMN, ID_COLUMN):
            return row.blind_label if index.column() == NAME_COLUMN else "—"
        return COLUMNS[index.column()][1](row)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column; in blind mode identity columns sort by blind label so order leaks nothing."""
        key = COLUMNS[column][2]
        if self._blind and column in (NAME_COLUMN, ID_COLUMN):
            key = lambda r: r.blind_label  # noqa: E731 - a one-line sort key
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()
