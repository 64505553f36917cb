"""Answer values per question type: their one valid shape, and whether a question counts as answered.

Values are JSON-ready, so the store and the result bundle keep exactly what the candidate gave:

    single_choice    int            index of the chosen option, in the pack's (unshuffled) order
    multiple_choice  list[int]      sorted indices of the ticked options
    true_false       bool
    short_answer     str
    numeric          str            the text as typed; `parse_numeric` reads it (a half-typed "-" is kept)
    essay, code      str

`None` means "no answer". The UI only ever produces these shapes; `check_answer` guards the boundary.
"""

from __future__ import annotations

import math
import re
from typing import Any

from exam_app.core.model import ChoiceBody, Question

AnswerValue = int | list[int] | bool | str | None
MAX_TEXT_ANSWER = 200_000  # characters: far beyond any essay, small enough to keep the store healthy
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


class AnswerShapeError(ValueError):
    """A value that is not a possible answer to that question."""


def check_answer(question: Question, value: Any) -> AnswerValue:
    """Return `value` if it is a valid answer shape for `question`, else raise AnswerShapeError."""
    if value is None:
        return None
    kind = question.type
    if kind in ("single_choice", "multiple_choice"):
        assert isinstance(question.body, ChoiceBody)
        count = len(question.body.options)
        indices = [value] if kind == "single_choice" else value
        if not isinstance(indices, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) and 0 <= i < count for i in indices
        ):
            raise AnswerShapeError(f"question {question.id}: option indices must be 0 to {count - 1}")
        if kind == "multiple_choice" and indices != sorted(set(indices)):
            raise AnswerShapeError(f"question {question.id}: ticked options must be sorted and distinct")
        return value  # type: ignore[no-any-return]
    if kind == "true_false":
        if not isinstance(value, bool):
            raise AnswerShapeError(f"question {question.id}: a true/false answer is true or false")
        return value
    if not isinstance(value, str) or len(value) > MAX_TEXT_ANSWER:
        raise AnswerShapeError(
            f"question {question.id}: the answer must be text of at most {MAX_TEXT_ANSWER} characters"
        )
    return value


def is_answered(value: AnswerValue) -> bool:
    """True when the candidate has given something: a choice, a tick, or non-blank text."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return bool(value)
    return True


def parse_numeric(text: str) -> float | None:
    """The number in a numeric answer (comma or point as decimal separator), or None if it is not one."""
    compact = text.strip().replace(" ", "")
    if not _NUMBER.match(compact):
        return None
    number = float(compact.replace(",", "."))
    return number if math.isfinite(number) else None


def word_count(text: str) -> int:
    """Words as a candidate would count them: runs of non-space characters."""
    return len(text.split())
