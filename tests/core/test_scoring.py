"""Objective scoring follows the rules written in docs/authoring.md."""

from __future__ import annotations

import pytest

from exam_app.core.model import (
    ChoiceBody,
    EssayBody,
    NumericBody,
    Option,
    Question,
    ShortAnswerBody,
    TrueFalseBody,
)
from exam_app.core.scoring import score_answer


def choice(kind: str, correct: set[int], *, partial: bool = True, negative: bool = False) -> Question:
    options = tuple(Option(text=f"option {i}", correct=i in correct) for i in range(4))
    body = ChoiceBody(options=options, partial_credit=partial, negative_marking=negative)
    return Question(id="q", type=kind, prompt="?", body=body, points=4.0)  # type: ignore[arg-type]


def test_single_choice() -> None:
    question = choice("single_choice", {2})
    assert score_answer(question, 2).earned == 4
    assert score_answer(question, 1).earned == 0
    assert score_answer(question, None).earned == 0


@pytest.mark.parametrize(
    ("ticked", "partial", "negative", "expected"),
    [
        ([0, 1], True, False, 4.0),  # all correct
        ([0], True, False, 2.0),  # half of the correct ones
        ([0, 2], True, False, 0.0),  # one right, one wrong
        ([2, 3], True, False, 0.0),  # floored at zero
        ([2, 3], True, True, -4.0),  # ... or at -points with negative marking
        ([0, 1, 2], True, False, 2.0),
        ([0], False, False, 0.0),  # all or nothing
        ([0, 1], False, False, 4.0),
        ([0], False, True, -4.0),
        ([], True, True, 0.0),  # no answer never costs points
    ],
)
def test_multiple_choice(ticked: list[int], partial: bool, negative: bool, expected: float) -> None:
    question = choice("multiple_choice", {0, 1}, partial=partial, negative=negative)
    assert score_answer(question, ticked).earned == expected


def test_true_false() -> None:
    question = Question(id="q", type="true_false", prompt="?", body=TrueFalseBody(answer=False), points=1)
    assert score_answer(question, False).earned == 1
    assert score_answer(question, True).earned == 0


def test_short_answer_rules() -> None:
    body = ShortAnswerBody(accepted=("Retrieval augmented generation",), pattern=r"rag|r\.a\.g\.")
    question = Question(id="q", type="short_answer", prompt="?", body=body, points=2)
    assert score_answer(question, "  retrieval   AUGMENTED generation ").earned == 2
    assert score_answer(question, "RAG").earned == 2  # case-insensitive pattern by default
    assert score_answer(question, "ragged").earned == 0  # the pattern must match the whole answer
    strict = Question(
        id="q", type="short_answer", prompt="?", points=2,
        body=ShortAnswerBody(accepted=("GPT",), case_sensitive=True, normalize_whitespace=False),
    )  # fmt: skip
    assert score_answer(strict, "GPT").earned == 2
    assert score_answer(strict, "gpt").earned == 0
    assert score_answer(strict, " GPT").earned == 0


def test_numeric_tolerance_and_decimal_comma() -> None:
    question = Question(
        id="q", type="numeric", prompt="?", body=NumericBody(value=0.73, tolerance=0.005), points=1
    )
    assert score_answer(question, "0,731").earned == 1
    assert score_answer(question, "0.74").earned == 0
    assert score_answer(question, "abc").earned == 0
    exact = Question(id="q", type="numeric", prompt="?", body=NumericBody(value=0.3), points=1)
    assert score_answer(exact, str(0.1 + 0.2)).earned == 1


def test_free_text_is_left_to_reviewers() -> None:
    question = Question(id="q", type="essay", prompt="?", body=EssayBody(), points=5)
    score = score_answer(question, "a thoughtful answer")
    assert not score.automatic and score.available == 5 and score.earned == 0
