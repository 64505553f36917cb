"""Reviewer workspace: the candidate list loads, sorts and filters; blind mode hides identity; marks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from exam_app.cli import main
from exam_app.ui.review import app
from exam_app.ui.review.candidates_model import COLUMNS, NAME_COLUMN, PRIORITY_COLUMN
from tests.ui.review.conftest import Workspace

NAMES = {"Ada Quill", "Bo Marsh", "Cy Fenn"}
IDS = {"C-1", "C-2", "C-3"}


def column(workspace: Workspace, index: int) -> list[str]:
    model = workspace.window.model
    return [model.data(model.index(row, index)) for row in range(model.rowCount())]


def test_the_list_opens_riskiest_first_and_sorts_by_any_column(workspace: Workspace) -> None:
    priorities = [workspace.window.model.row_at(n).priority for n in range(3)]
    assert priorities == sorted(priorities, reverse=True)
    assert workspace.window.model.row_at(0).candidate_name == "Ada Quill"  # she looked away and pasted
    assert priorities[0] > priorities[1]

    workspace.window.table.sortByColumn(NAME_COLUMN, Qt.SortOrder.AscendingOrder)
    assert column(workspace, NAME_COLUMN) == ["Ada Quill", "Bo Marsh", "Cy Fenn"]
    workspace.window.table.sortByColumn(NAME_COLUMN, Qt.SortOrder.DescendingOrder)
    assert column(workspace, NAME_COLUMN) == ["Cy Fenn", "Bo Marsh", "Ada Quill"]
    assert column(workspace, PRIORITY_COLUMN)[-1] == f"{priorities[0]:.0f}"


def test_the_text_filter_narrows_the_list_and_the_first_match_is_shown(workspace: Workspace) -> None:
    workspace.window.filter.setText("marsh")
    assert column(workspace, NAME_COLUMN) == ["Bo Marsh"]
    assert workspace.window.heading.text() == "Bo Marsh (C-2)"
    assert workspace.window.count.text().startswith("1 of 3")


def test_blind_mode_hides_names_and_ids_everywhere(workspace: Workspace) -> None:
    workspace.select("Bo Marsh")
    workspace.window.blind.setChecked(True)
    model = workspace.window.model
    cells = [model.data(model.index(r, c)) for r in range(model.rowCount()) for c in range(len(COLUMNS))]
    assert not any(secret in cell for cell in cells for secret in NAMES | IDS)
    assert {model.row_at(n).blind_label for n in range(3)} <= set(cells)
    heading = workspace.window.heading.text()
    assert heading.startswith("Sitting ") and "Bo" not in heading and "C-2" not in heading

    workspace.window.blind.setChecked(False)
    assert workspace.window.heading.text() == "Bo Marsh (C-2)"


def test_mark_reviewed_records_reviewer_and_note_and_flags_the_row(workspace: Workspace) -> None:
    workspace.select("Cy Fenn")
    integrity = workspace.window.integrity
    integrity.note.setText("checked the log")
    integrity.mark_button.click()
    assert integrity.mark_status.text().startswith("Not marked")  # no reviewer name yet

    workspace.window.reviewer.setText("Rita")
    integrity.mark_button.click()
    mark = workspace.controller.book.integrity_mark(workspace.controller.selected or "")
    assert mark is not None and (mark.reviewer, mark.note) == ("Rita", "checked the log")
    reviewed = {workspace.window.model.row_at(n).candidate_name: workspace.window.model.row_at(n).reviewed
                for n in range(3)}  # fmt: skip
    assert reviewed == {"Ada Quill": False, "Bo Marsh": False, "Cy Fenn": True}
    assert "Rita" in integrity.mark_status.text()


def test_review_open_starts_the_workspace_on_the_named_store(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str | None] = []
    monkeypatch.setattr(app, "run_workspace", lambda db: opened.append(db) or 0)
    assert main(["review", "open", "--db", "sqlite:///somewhere.sqlite3"]) == 0
    assert opened == ["sqlite:///somewhere.sqlite3"]
