"""Grading rules (core): objective scoring by the pack, key-point grades, second marker, score lines."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from exam_app.core.model import ChoiceBody, EssayBody, KeyPoint, Option, Question
from exam_app.core.review_grading import (
    GradingError,
    find_disagreements,
    grade_answer,
    level_of,
    objective_points,
    score_lines,
    total_line,
)
from exam_app.core.review_types import AnswerRecord, Grade

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ESSAY = Question(
    "e-1",
    "essay",
    "Explain.",
    EssayBody("ref", (KeyPoint("a", 1.0), KeyPoint("b", 2.0), KeyPoint("c", 0.5))),
    points=3.0,
    level="experienced",
)
MULTIPLE = Question(
    "m-1",
    "multiple_choice",
    "Pick.",
    ChoiceBody(
        (Option("x", True), Option("y", True), Option("z")), partial_credit=True, negative_marking=True
    ),
    points=4.0,
    level="intermediate",
)


def test_objective_answers_follow_the_pack_partial_credit_and_negative_marking() -> None:
    assert objective_points(MULTIPLE, [0, 1]) == 4.0
    assert objective_points(MULTIPLE, [0]) == 2.0  # one of two right: half
    assert objective_points(MULTIPLE, [2]) == -2.0  # one wrong, none right: negative
    assert objective_points(MULTIPLE, None) == 0.0  # unanswered never costs points
    assert objective_points(ESSAY, "text") is None


def test_a_grade_adds_the_ticked_key_points_and_the_adjustment_within_bounds() -> None:
    grade = grade_answer(ESSAY, "s", ticked=[True, False, True], reviewer=" Rita ", now=NOW)
    assert (grade.points, grade.key_points, grade.reviewer, grade.graded_at) == (
        1.5,
        (True, False, True),
        "Rita",
        NOW,
    )
    raised = grade_answer(
        ESSAY, "s", ticked=[True, True, True], adjustment=1.0, comment="extra", reviewer="R", now=NOW
    )
    assert raised.points == 3.0  # capped at the question's points
    lowered = grade_answer(
        ESSAY, "s", ticked=[True, False, False], adjustment=-2, comment="wrong", reviewer="R", now=NOW
    )
    assert lowered.points == 0.0


@pytest.mark.parametrize(
    ("question", "options", "message"),
    [
        (ESSAY, {"ticked": [True], "reviewer": "R"}, "3 key point(s); 1 tick(s)"),
        (ESSAY, {"ticked": [True] * 3, "reviewer": " "}, "reviewer name"),
        (ESSAY, {"ticked": [True] * 3, "reviewer": "R", "adjustment": 0.5}, "needs a comment"),
        (ESSAY, {"ticked": [True] * 3, "reviewer": "R", "marker": 3}, "the marker is 1"),
        (MULTIPLE, {"ticked": [], "reviewer": "R"}, "scored automatically"),
    ],
)
def test_grades_that_cannot_be_recorded_say_why(question: Question, options: dict, message: str) -> None:
    with pytest.raises(GradingError, match=message.replace("(", r"\(").replace(")", r"\)")):
        grade_answer(question, "s", now=NOW, **options)


def _grade(session: str, points: float, marker: int, question: str = "e-1") -> Grade:
    return Grade(session, question, marker, points, (), 0.0, "", f"marker {marker}", NOW)


def test_disagreements_pair_the_two_markers_and_respect_the_tolerance() -> None:
    first = [_grade("s1", 2.0, 1), _grade("s2", 1.0, 1), _grade("s3", 3.0, 1)]
    second = [_grade("s1", 2.5, 2), _grade("s2", 3.0, 2), _grade("s4", 0.0, 2)]
    found = find_disagreements(first, second, tolerance=0.5)
    assert [(d.session_id, d.difference) for d in found] == [("s2", 2.0)]
    assert [d.session_id for d in find_disagreements(first, second)] == ["s2", "s1"]  # largest first


def _answer(question: Question, auto: float | None = None, grade: Grade | None = None) -> AnswerRecord:
    return AnswerRecord("s", question.id, 0, "sec", "an answer", 0.0, False, question, auto, grade)


def test_score_lines_count_ungraded_free_text_as_pending() -> None:
    answers = [_answer(MULTIPLE, auto=2.0), _answer(ESSAY)]
    total = total_line(answers)
    assert (total.earned, total.available, total.pending) == (2.0, 7.0, 3.0)
    assert total.graded_percent == pytest.approx(50.0)
    graded = [_answer(MULTIPLE, auto=2.0), _answer(ESSAY, grade=_grade("s", 1.5, 1))]
    by_level = {line.label: (line.earned, line.available) for line in score_lines(graded, level_of)}
    assert by_level == {"intermediate": (2.0, 4.0), "experienced": (1.5, 3.0)}


def test_an_empty_free_text_answer_needs_no_grading_and_scores_nothing() -> None:
    empty = AnswerRecord("s", ESSAY.id, 0, "sec", "", 0.0, False, ESSAY)
    assert not empty.needs_grading and total_line([empty]).pending == 0.0
