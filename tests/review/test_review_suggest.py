"""Assisted suggestions (core): explainable lexical matching of key points to answer sentences."""

from __future__ import annotations

from exam_app.core.model import KeyPoint
from exam_app.core.review_suggest import split_sentences, stems, suggest

POINTS = (
    KeyPoint("Next-token prediction optimises plausibility, not truth", 1.0),
    KeyPoint("No built-in access to a source of truth", 1.0),
    KeyPoint("Training data contains errors the model reproduces", 2.0),
)
ANSWER = "Models predict the plausible next token.\nThey have no access to any source of truth!  Fine."


def test_stems_drop_common_words_and_join_word_forms() -> None:
    assert stems("The predictions, predicted by THE model") == ["predic", "predic", "model"]


def test_sentences_are_located_by_offsets_in_the_answer() -> None:
    spans = split_sentences(ANSWER)
    assert [ANSWER[start:end] for start, end in spans] == [
        "Models predict the plausible next token.",
        "They have no access to any source of truth!",
        "Fine.",
    ]
    code = "a = 1\n\n    return a\n"
    assert [code[s:e] for s, e in split_sentences(code, code=True)] == ["a = 1", "return a"]


def test_each_key_point_gets_its_best_sentence_and_an_explanation() -> None:
    result = suggest(ANSWER, POINTS, max_points=4.0)
    first, second, third = result.items
    assert ANSWER[first.start : first.end] == first.sentence == "Models predict the plausible next token."
    assert first.covered and set(first.shared_terms) == {"next", "plausi", "predic", "token"}
    assert second.sentence == "They have no access to any source of truth!" and second.covered
    # "built" is not in the sentence: 3 of the key point's 4 word stems are.
    assert second.overlap == 0.75 and "covered: 75% of its words found" in second.explanation
    assert not third.covered  # nothing about training data
    assert result.ticks == (True, True, False) and result.suggested_points == 2.0


def test_an_unrelated_or_empty_answer_suggests_nothing() -> None:
    for answer in ("", "I do not know."):
        result = suggest(answer, POINTS, max_points=4.0)
        assert result.suggested_points == 0.0 and not any(result.ticks)
        assert all(item.sentence == "" and "no sentence" in item.explanation for item in result.items)


def test_the_suggestion_never_exceeds_the_question_points() -> None:
    text = (
        "Prediction optimises plausibility not truth. No access to a source of truth."
        " Training data errors reproduced."
    )
    assert suggest(text, POINTS, max_points=3.0).suggested_points == 3.0
