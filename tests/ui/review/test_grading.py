"""Grading in the workspace: key points ticked by keyboard, saved with reviewer and time; suggestions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from exam_app.ui.review.grading_view import SUGGESTION_TITLE
from tests.ui.review.conftest import NOW, Workspace


def show_answer(workspace: Workspace, name: str, question_id: str) -> None:
    workspace.select(name)
    grading = workspace.controller.grading
    row = next(n for n, a in enumerate(grading.answers) if a.question_id == question_id)
    workspace.window.grading.answers.setCurrentRow(row)


def stored_grade(workspace: Workspace, question_id: str):
    session_id = workspace.controller.selected or ""
    answer = next(a for a in workspace.store.answers(session_id) if a.question_id == question_id)
    return answer.grade


def test_the_first_answer_needing_a_grade_is_shown_with_its_reference(workspace: Workspace) -> None:
    workspace.select("Bo Marsh")
    view = workspace.window.grading
    current = workspace.controller.grading.current
    assert current is not None and current.question_id == "r-essay"
    assert view.answer_text.toPlainText() == "Models are sometimes wrong."
    assert "source of truth" in view.reference_text.toPlainText()
    assert len(view.key_point_checks) == 3


def test_number_keys_tick_key_points_and_save_records_reviewer_and_time(
    workspace: Workspace, qtbot: QtBot
) -> None:
    show_answer(workspace, "Bo Marsh", "r-essay")
    view = workspace.window.grading
    workspace.window.reviewer.setText("Rita Reviewer")
    view.answers.setFocus()
    qtbot.keyClick(view.answers, Qt.Key.Key_1)
    qtbot.keyClick(view.answers, Qt.Key.Key_3)
    assert [check.isChecked() for check in view.key_point_checks] == [True, False, True]
    assert view.points.text() == "2 of 3"

    view.save_button.click()
    grade = stored_grade(workspace, "r-essay")
    assert grade is not None
    assert (grade.key_points, grade.points, grade.reviewer, grade.graded_at) == (
        (True, False, True),
        2.0,
        "Rita Reviewer",
        NOW,
    )
    assert "graded 2/3" in view.answers.currentItem().text()
    bo = next(
        workspace.window.model.row_at(n)
        for n in range(3)
        if workspace.window.model.row_at(n).candidate_name == "Bo Marsh"
    )
    assert bo.ungraded == 0  # the list was refreshed from the store


def test_n_moves_to_the_next_answer(workspace: Workspace, qtbot: QtBot) -> None:
    show_answer(workspace, "Ada Quill", "r-essay")
    workspace.window.grading.answers.setFocus()
    qtbot.keyClick(workspace.window.grading.answers, Qt.Key.Key_N)
    current = workspace.controller.grading.current
    assert current is not None and current.question_id == "r-code"


def test_an_adjustment_without_comment_or_a_missing_reviewer_is_refused(workspace: Workspace) -> None:
    show_answer(workspace, "Bo Marsh", "r-essay")
    view = workspace.window.grading
    view.save_button.click()
    assert view.status.text().startswith("Not saved") and "reviewer" in view.status.text()
    workspace.window.reviewer.setText("Rita")
    view.adjustment.setValue(0.5)
    view.save_button.click()
    assert "comment" in view.status.text()
    assert stored_grade(workspace, "r-essay") is None


def test_the_suggestion_is_shown_with_its_sentence_but_nothing_is_ticked(workspace: Workspace) -> None:
    show_answer(workspace, "Ada Quill", "r-essay")
    view = workspace.window.grading
    suggestion = workspace.controller.grading.suggestion
    assert suggestion is not None and any(suggestion.ticks)  # the strong answer covers key points
    assert view.suggestion_box.title() == SUGGESTION_TITLE and "not applied" in SUGGESTION_TITLE
    covered = next(item for item in suggestion.items if item.covered)
    assert covered.sentence in view.suggestion_text.text()
    assert not any(check.isChecked() for check in view.key_point_checks)
    highlighted = {
        (s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.answer_text.extraSelections()
    }
    assert (covered.start, covered.end) in highlighted
    assert stored_grade(workspace, "r-essay") is None


def test_objective_answers_show_their_automatic_points_and_take_no_grade(workspace: Workspace) -> None:
    show_answer(workspace, "Bo Marsh", "r-numeric")
    view = workspace.window.grading
    assert view.points.text() == "0 of 1 (scored automatically)"  # Bo answered 7 bits in a byte
    assert view.save_button.isHidden() and view.key_points_box.isHidden()
