"""Grading rules for reviewers: objective answers score themselves, free text is graded by key points.

A free-text (essay, code) grade is the points of the key points the reviewer ticked plus an adjustment,
kept between 0 and the question's points. An adjustment needs a comment saying why, so every departure from
the key points is explained. Marker 1 gives the grade of record; marker 2 grades independently and
`find_disagreements` lists where the two differ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from exam_app.core.answers import AnswerValue
from exam_app.core.errors import ExamAppError
from exam_app.core.model import CodeBody, EssayBody, KeyPoint, Question
from exam_app.core.review_types import FIRST_MARKER, SECOND_MARKER, AnswerRecord, Disagreement, Grade
from exam_app.core.scoring import score_answer

# Points are compared with this slack: sums of halves and tenths are not exact in binary floating point.
POINT_EPSILON = 1e-9


class GradingError(ExamAppError):
    """A grade that cannot be recorded as given; the message says what to change."""


def key_points(question: Question) -> tuple[KeyPoint, ...]:
    """The key points of a free-text or code question (none for objective questions)."""
    body = question.body
    return body.key_points if isinstance(body, EssayBody | CodeBody) else ()


def reference_answer(question: Question) -> str | None:
    """The reference answer (essay) or reference solution (code), if the pack has one."""
    body = question.body
    if isinstance(body, EssayBody):
        return body.reference_answer
    if isinstance(body, CodeBody):
        return body.reference_solution
    return None


def objective_points(question: Question, value: AnswerValue) -> float | None:
    """Points of an objective answer by the pack's rules (partial credit, negative marking); else None."""
    score = score_answer(question, value)
    return score.earned if score.automatic else None


def grade_answer(
    question: Question,
    session_id: str,
    *,
    ticked: Sequence[bool],
    adjustment: float = 0.0,
    comment: str = "",
    reviewer: str,
    now: datetime,
    marker: int = FIRST_MARKER,
) -> Grade:
    """A checked grade of a free-text answer: ticks, adjustment and comment, by `reviewer` at `now`."""
    if question.is_objective:
        raise GradingError(f"question {question.id} is scored automatically; it takes no reviewer grade")
    points_of = key_points(question)
    if len(ticked) != len(points_of):
        raise GradingError(
            f"question {question.id} has {len(points_of)} key point(s); {len(ticked)} tick(s) were given"
        )
    if marker not in (FIRST_MARKER, SECOND_MARKER):
        raise GradingError("the marker is 1 (grade of record) or 2 (second marker)")
    if not reviewer.strip():
        raise GradingError("every grade records its reviewer: give a reviewer name")
    if abs(adjustment) > POINT_EPSILON and not comment.strip():
        raise GradingError("an adjustment of the key points' total needs a comment saying why")
    total = sum(point.points for point, tick in zip(points_of, ticked, strict=True) if tick) + adjustment
    points = min(max(total, 0.0), question.points)
    return Grade(
        session_id,
        question.id,
        marker,
        points,
        tuple(ticked),
        adjustment,
        comment.strip(),
        reviewer.strip(),
        now,
    )


def find_disagreements(
    first: Iterable[Grade], second: Iterable[Grade], tolerance: float = 0.0
) -> list[Disagreement]:
    """Answers both markers graded whose points differ by more than `tolerance`, largest difference first."""
    by_answer = {(grade.session_id, grade.question_id): grade for grade in first}
    found = [
        Disagreement(grade.session_id, grade.question_id, by_answer[key], grade)
        for grade in second
        if (key := (grade.session_id, grade.question_id)) in by_answer
        and abs(grade.points - by_answer[key].points) > tolerance + POINT_EPSILON
    ]
    return sorted(found, key=lambda d: (-abs(d.difference), d.session_id, d.question_id))


@dataclass(frozen=True)
class ScoreLine:
    """Points earned of points available for a group of answers; `pending` is the share not graded yet."""

    label: str
    earned: float
    available: float
    pending: float

    @property
    def percent(self) -> float | None:
        """Earned as a percentage of available (None when nothing is available)."""
        return 100.0 * self.earned / self.available if self.available > 0 else None

    @property
    def graded_percent(self) -> float | None:
        """Earned as a percentage of the points graded so far (None when nothing is graded)."""
        graded = self.available - self.pending
        return 100.0 * self.earned / graded if graded > 0 else None


def answer_points(answer: AnswerRecord) -> tuple[float, float, float]:
    """(earned, available, pending) of one answer; an answer to an unknown question counts for nothing."""
    question = answer.question
    if question is None:
        return 0.0, 0.0, 0.0
    if question.is_objective:
        return answer.auto_points or 0.0, question.points, 0.0
    if answer.grade is None:
        return 0.0, question.points, question.points if answer.needs_grading else 0.0
    return answer.grade.points, question.points, 0.0


def score_lines(
    answers: Iterable[AnswerRecord], group: Callable[[AnswerRecord], str | None]
) -> list[ScoreLine]:
    """Totals per group (e.g. section or level), in the order groups first appear; None groups are skipped."""
    totals: dict[str, list[float]] = {}
    for answer in answers:
        label = group(answer)
        if label is None:
            continue
        sums = totals.setdefault(label, [0.0, 0.0, 0.0])
        for index, value in enumerate(answer_points(answer)):
            sums[index] += value
    return [ScoreLine(label, *sums) for label, sums in totals.items()]


def total_line(answers: Iterable[AnswerRecord]) -> ScoreLine:
    """The sitting's total over every answer whose question is known."""
    lines = score_lines(answers, lambda _answer: "total")
    return lines[0] if lines else ScoreLine("total", 0.0, 0.0, 0.0)


def level_of(answer: AnswerRecord) -> str | None:
    """Group key for `score_lines`: the question's level (None if unknown or unset)."""
    return answer.question.level if answer.question is not None else None


def section_of(answer: AnswerRecord) -> str:
    """Group key for `score_lines`: the answer's section id."""
    return answer.section_id
