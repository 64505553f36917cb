"""Slots of the reviewer workspace: load and filter candidates, blind mode, show a sitting, mark reviewed.

Store reads are quick indexed queries and run on the GUI thread; the import (verifying bundles, seconds to
minutes) runs on the BackgroundRunner. The reviewer's name lives only in the window (nothing is persisted).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, QObject, Qt

from exam_app.core.errors import ExamAppError
from exam_app.core.review_integrity import build_timeline, summarize_integrity
from exam_app.core.review_types import CandidateQuery, CandidateRow
from exam_app.store.review_grades import GradeBook
from exam_app.store.review_store import ReviewStore
from exam_app.ui.background import BackgroundRunner
from exam_app.ui.review.candidates_model import PRIORITY_COLUMN
from exam_app.ui.review.grading_controller import GradingController
from exam_app.ui.review.import_controller import ImportController
from exam_app.ui.review.import_dialog import ImportDialog
from exam_app.ui.review.workspace_view import WorkspaceWindow


def utc_now() -> datetime:
    """The wall-clock time grades and marks record."""
    return datetime.now(UTC)


class WorkspaceController(QObject):
    """Drives a `WorkspaceWindow` on one review store."""

    def __init__(
        self,
        window: WorkspaceWindow,
        store: ReviewStore,
        *,
        now: Callable[[], datetime] = utc_now,
        import_workers: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window, self.store, self._now, self._import_workers = window, store, now, import_workers
        self.book = GradeBook(store)
        self.runner = BackgroundRunner(self)
        self.grading = GradingController(window.grading, self.book, self.reviewer, now, parent=self)
        self.import_controller: ImportController | None = None
        self.selected: str | None = None
        window.filter.textChanged.connect(self.reload)
        window.blind.toggled.connect(self.set_blind)
        window.import_button.clicked.connect(self.open_import)
        window.integrity.mark_button.clicked.connect(self.mark_reviewed)
        window.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.grading.graded.connect(lambda _session: self.reload())
        window.table.sortByColumn(PRIORITY_COLUMN, Qt.SortOrder.DescendingOrder)  # look first at the riskiest

    def reviewer(self) -> str:
        """The name typed at the top of the window."""
        return self.window.reviewer.text()

    def reload(self) -> None:
        """Re-read the candidate list with the filter, keep the sort and the selected sitting."""
        rows = self.store.list_candidates(CandidateQuery(text=self.window.filter.text().strip()))
        model, header = self.window.model, self.window.table.horizontalHeader()
        model.set_rows(rows)
        model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.window.count.setText(f"{len(rows)} of {self.store.count_candidates()} sitting(s)")
        row = next((n for n in range(len(rows)) if model.row_at(n).session_id == self.selected), None)
        if row is not None:
            self.window.table.selectRow(row)
        elif rows:
            self.window.table.selectRow(0)
        else:
            self.show_sitting(None)

    def set_blind(self, blind: bool) -> None:
        """Hide or show identities everywhere in the window."""
        self.window.model.set_blind(blind)
        header = self.window.table.horizontalHeader()
        self.window.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._show_heading()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            session_id = self.window.model.row_at(current.row()).session_id
            if session_id != self.selected:
                self.show_sitting(session_id)
            else:
                self._show_heading()

    def _row(self) -> CandidateRow | None:
        return self.store.candidate(self.selected) if self.selected else None

    def _show_heading(self) -> None:
        row = self._row()
        self.window.heading.setText(self.window.model.label(row) if row else "No sitting selected")

    def show_sitting(self, session_id: str | None) -> None:
        """Show one sitting's answers and integrity timeline (None clears the detail)."""
        self.selected = session_id
        self._show_heading()
        self.grading.show_sitting(session_id)
        view = self.window.integrity
        row = self._row()
        if row is None:
            view.timeline.set_timeline([], 0.0)
            view.summary.clear()
            view.events.clear()
            view.mark_status.clear()
            return
        events = self.store.events(row.session_id)
        items = build_timeline(events, row.elapsed)
        summary = summarize_integrity(events, row.elapsed)
        view.timeline.set_timeline(items, row.elapsed)
        view.summary.setText(
            f"Review priority {summary.priority:.0f}: {summary.seconds_away:.0f} s away in"
            f" {summary.focus_losses} focus loss(es), {summary.signals} signal(s), {summary.locks} lock(s),"
            f" {summary.proctor_actions} proctor action(s). Evidence for a person to judge, not a verdict."
        )
        view.events.setText(
            "\n".join(f"{item.start:6.0f} s  {item.label}" for item in items if item.lane != "save")
        )
        self._show_mark()

    def _show_mark(self) -> None:
        mark = self.book.integrity_mark(self.selected) if self.selected else None
        self.window.integrity.mark_status.setText(
            f"Reviewed by {mark.reviewer} at {mark.reviewed_at:%Y-%m-%d %H:%M}: {mark.note or '(no note)'}"
            if mark
            else "Not reviewed yet."
        )

    def mark_reviewed(self) -> None:
        """Record that the reviewer looked at this sitting's integrity, with the note."""
        if self.selected is None:
            return
        try:
            self.book.mark_reviewed(
                self.selected,
                reviewer=self.reviewer(),
                note=self.window.integrity.note.text(),
                now=self._now(),
            )
        except ExamAppError as exc:
            self.window.integrity.mark_status.setText(f"Not marked: {exc}")
            return
        self.window.integrity.note.clear()
        self.reload()
        self._show_mark()

    def open_import(self) -> ImportDialog:
        """Show the import dialog; the list reloads when an import finishes."""
        dialog = ImportDialog(self.window)
        self.import_controller = ImportController(
            dialog, self.store, self.runner, self._now, self._import_workers
        )
        self.import_controller.imported.connect(lambda _report: self.reload())
        dialog.show()
        return dialog
