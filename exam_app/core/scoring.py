"""Automatic scoring of objective answers, exactly as docs/authoring.md states the rules.

Free-text (essay, code) answers are never scored here: reviewers grade them against the key points.
Scores are floats in points; an unanswered question scores 0 (never negative).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from exam_app.core.answers import AnswerValue, is_answered, parse_numeric
from exam_app.core.model import ChoiceBody, NumericBody, Question, ShortAnswerBody, TrueFalseBody


@dataclass(frozen=True)
class Score:
    """Points earned of the points available; `automatic` is False for answers a reviewer must grade."""

    earned: float
    available: float
    automatic: bool = True


def score_answer(question: Question, value: AnswerValue) -> Score:
    """Score one answer to one question."""
    if not question.is_objective:
        return Score(0.0, question.points, automatic=False)
    if not is_answered(value):
        return Score(0.0, question.points)
    body = question.body
    if isinstance(body, ChoiceBody):
        return Score(_choice(question, body, value), question.points)
    if isinstance(body, TrueFalseBody):
        return Score(question.points if value is body.answer else 0.0, question.points)
    if isinstance(body, ShortAnswerBody):
        return Score(question.points if _short_answer_matches(body, str(value)) else 0.0, question.points)
    assert isinstance(body, NumericBody)
    number = parse_numeric(str(value))
    # A small relative epsilon keeps 0.1 + 0.2 style float noise from failing an exact (tolerance 0) answer.
    slack = body.tolerance + 1e-9 * max(1.0, abs(body.value))
    correct = number is not None and math.fabs(number - body.value) <= slack
    return Score(question.points if correct else 0.0, question.points)


def _choice(question: Question, body: ChoiceBody, value: AnswerValue) -> float:
    correct = {index for index, option in enumerate(body.options) if option.correct}
    if isinstance(value, list):
        ticked = set(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        ticked = {value}
    else:
        ticked = set()
    if question.type == "single_choice":
        return question.points if ticked == correct else 0.0
    floor = -question.points if body.negative_marking else 0.0
    if not body.partial_credit:
        return question.points if ticked == correct else floor
    fraction = (len(ticked & correct) - len(ticked - correct)) / len(correct)
    return max(floor, question.points * fraction)


def _normalise(text: str, body: ShortAnswerBody) -> str:
    if body.normalize_whitespace:
        text = " ".join(text.split())
    return text if body.case_sensitive else text.casefold()


def _short_answer_matches(body: ShortAnswerBody, text: str) -> bool:
    given = _normalise(text, body)
    if any(given == _normalise(accepted, body) for accepted in body.accepted):
        return True
    if body.pattern is None:
        return False
    flags = 0 if body.case_sensitive else re.IGNORECASE
    candidate = " ".join(text.split()) if body.normalize_whitespace else text
    return re.fullmatch(body.pattern, candidate, flags) is not None
