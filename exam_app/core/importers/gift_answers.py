"""GIFT answer blocks (`{...}`) converted to the fields of our question types, and GIFT text escapes.

Escaped characters (`\\=` and friends) are replaced by private-use placeholders before any parsing, so every
`=`, `~`, `#`, `{` or `}` left in the text is syntax; `plain()` turns placeholders back into text at the end.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_ESCAPES = {
    "\\": "\ue000",
    ":": "\ue001",
    "#": "\ue002",
    "=": "\ue003",
    "{": "\ue004",
    "}": "\ue005",
    "~": "\ue006",
    "n": "\ue007",
}
_RESTORE = str.maketrans({placeholder: char for char, placeholder in _ESCAPES.items()} | {"\ue007": "\n"})
_ESCAPE = re.compile(r"\\([\\:#={}~n])")
_FORMAT = re.compile(r"^\s*\[(?:html|markdown|plain|moodle)\]", re.IGNORECASE)
_TOKEN = re.compile(r"[=~][^=~]*")
_WEIGHT = re.compile(r"^\s*%(?P<weight>-?\d+(?:\.\d+)?)%")
_TRUE_FALSE = re.compile(r"^\s*(?P<value>T|TRUE|F|FALSE)\s*(?:#.*)?$", re.DOTALL | re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")

Warn = Callable[[int, str], None]
"""Reports a problem at an offset in the question block that does not stop the question being imported."""


class GiftProblem(Exception):
    """A question cannot be converted; `offset` points into its block's text, for the line number."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


@dataclass
class _Answer:
    """One `=` or `~` answer: weight in percent (`=` means 100 unless given), text and feedback."""

    offset: int
    marker: str
    weight: float
    text: str
    feedback: str


def protect(text: str) -> str:
    """Replace GIFT escapes (`\\:` `\\#` `\\=` `\\~` `\\{` `\\}` `\\\\` `\\n`) with placeholders."""
    return _ESCAPE.sub(lambda match: _ESCAPES[match[1]], text)


def plain(text: str) -> str:
    """Drop a leading format marker such as `[markdown]` and turn placeholders back into text."""
    return _FORMAT.sub("", text).translate(_RESTORE)


def convert_answers(body: str, offset: int, warn: Warn) -> dict[str, Any]:
    """Convert a non-empty answer block `body` (starting at `offset` of the block) into question fields."""
    if body.strip().startswith("#"):
        return _numeric(body, offset, warn)
    if "->" in body:
        raise GiftProblem(offset, "matching questions are not supported (the exam has no matching type)")
    true_false = _TRUE_FALSE.match(body)
    if true_false:
        return {"type": "true_false", "answer": true_false["value"].upper().startswith("T")}
    if "~" in body:
        return _choice(_answers(body, offset), offset, warn)
    if body.strip().startswith("="):
        return _short_answer(_answers(body, offset), offset, warn)
    raise GiftProblem(offset, "cannot tell the question type: answers start with =, ~ or #, or are T or F")


def _answers(body: str, offset: int) -> list[_Answer]:
    """Split an answer block into its `=`/`~` answers."""
    first = _TOKEN.search(body)
    if first is None or body[: first.start()].strip():
        raise GiftProblem(offset, "text before the first answer (answers start with = or ~)")
    answers = []
    for token in _TOKEN.finditer(body):
        rest = token[0][1:]
        weight = _WEIGHT.match(rest)
        percent = float(weight["weight"]) if weight else 100.0 if token[0][0] == "=" else 0.0
        text, _, feedback = rest[weight.end() if weight else 0 :].partition("#")
        answers.append(
            _Answer(
                offset + token.start(), token[0][0], percent, plain(text).strip(), plain(feedback).strip()
            )
        )
    return answers


def _choice(answers: list[_Answer], offset: int, warn: Warn) -> dict[str, Any]:
    """Single choice if exactly one answer is fully right, else multiple choice (right = positive weight)."""
    seen: set[str] = set()
    for answer in answers:
        if not answer.text:
            raise GiftProblem(answer.offset, "empty answer")
        if answer.text in seen:
            raise GiftProblem(answer.offset, f'answer "{answer.text}" appears twice')
        seen.add(answer.text)
    if len(answers) < 2:
        raise GiftProblem(offset, "a choice question needs at least two answers")
    full = [answer for answer in answers if answer.weight >= 100]
    positive = [answer for answer in answers if answer.weight > 0]
    if not positive:
        raise GiftProblem(offset, "no correct answer (mark one with = or a positive %weight%)")
    if full:
        _drop_partial_credit(answers, warn)
        if len(full) > 1:
            warn(offset, f"{len(full)} answers are fully right; imported as multiple choice (tick all)")
    elif len({answer.weight for answer in positive}) > 1:
        warn(offset, "unequal weights: every right answer now counts the same")
    options = []
    for answer in answers:
        correct = answer.weight >= 100 if full else answer.weight > 0
        option: dict[str, Any] = {"text": answer.text, "correct": correct}
        if answer.feedback:
            option["feedback"] = answer.feedback
        options.append(option)
    return {"type": "single_choice" if len(full) == 1 else "multiple_choice", "options": options}


def _short_answer(answers: list[_Answer], offset: int, warn: Warn) -> dict[str, Any]:
    """Accepted answers are the fully right ones; 0% answers only carry feedback, so they are dropped."""
    accepted: list[str] = []
    for answer in answers:
        if not answer.text:
            raise GiftProblem(answer.offset, "empty answer")
        if answer.weight >= 100 and answer.text not in accepted:
            accepted.append(answer.text)
    _drop_partial_credit(answers, warn)
    if not accepted:
        raise GiftProblem(offset, "no fully right answer")
    return {"type": "short_answer", "accepted": accepted}


def _drop_partial_credit(answers: list[_Answer], warn: Warn) -> None:
    """Warn about answers worth part of the points: our single choice and short answer are all or nothing."""
    for answer in answers:
        if 0 < answer.weight < 100:
            warn(
                answer.offset,
                f'partial credit ({answer.weight:g}%) for "{answer.text}" is not supported; counted as wrong',
            )


def _numeric(body: str, offset: int, warn: Warn) -> dict[str, Any]:
    """`#value`, `#value:tolerance`, `#low..high`, or several `=` answers (the first fully right one wins)."""
    hash_at = body.index("#")
    rest = body[hash_at + 1 :]
    # A single answer may omit its "=": give it one so all forms split the same way.
    if rest.lstrip().startswith(("=", "~")):
        answers = _answers(rest, offset + hash_at + 1)
    else:
        answers = _answers("=" + rest, offset + hash_at)
    given = [answer for answer in answers if answer.marker == "="]
    specs = [_number_spec(answer) for answer in given]  # every answer must be a number, not only the one kept
    full = [spec for answer, spec in zip(given, specs, strict=True) if answer.weight >= 100]
    if not full:
        raise GiftProblem(offset, "no fully right numeric answer")
    if len(given) > 1:
        warn(offset, f"{len(given)} numeric answers; only the first fully right one is kept")
    value, tolerance = full[0]
    fields: dict[str, Any] = {"type": "numeric", "value": value}
    if tolerance:
        fields["tolerance"] = tolerance
    return fields


def _number_spec(answer: _Answer) -> tuple[int | float, int | float]:
    """Value and tolerance of `3.14:0.01`, `3` or the range `1..5` (midpoint, half-width)."""
    if not answer.text:
        raise GiftProblem(answer.offset, "empty numeric answer")
    if ".." in answer.text:
        low, high = (_number(part, answer.offset) for part in answer.text.split("..", 1))
        if low > high:
            raise GiftProblem(answer.offset, f'range "{answer.text}" runs backwards')
        return _tidy((low + high) / 2), _tidy((high - low) / 2)
    value, colon, tolerance = answer.text.partition(":")
    margin = _number(tolerance, answer.offset) if colon else 0.0
    if margin < 0:
        raise GiftProblem(answer.offset, f'tolerance "{tolerance.strip()}" is negative')
    return _tidy(_number(value, answer.offset)), _tidy(margin)


def _number(text: str, offset: int) -> float:
    """Parse a plain decimal number; anything else (words, `1_000`, `inf`) is an error."""
    number = float(text) if _NUMBER.match(text.strip()) else math.nan
    if not math.isfinite(number):
        raise GiftProblem(offset, f'numeric answer "{text.strip()}" is not a number')
    return number


def _tidy(number: float) -> int | float:
    """Write whole numbers as integers (3, not 3.0) so the YAML reads naturally."""
    return int(number) if number.is_integer() else number
