"""The Moodle GIFT importer: every supported form, escapes, categories, skipped and broken questions."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exam_app.core.importers import detect_format
from exam_app.core.importers.errors import ImportFormatError
from exam_app.core.importers.gift import import_gift
from exam_app.core.importers.yaml_out import write_source
from exam_app.core.source import load_source

MOODLE = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "interop" / "gift" / "moodle-questions.gift.txt"
)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
SAMPLE = FIXTURES / "sample.gift"
BROKEN = FIXTURES / "broken.gift"


def _line_of(path: Path, prefix: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(prefix))


def _by_id(source: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {q["id"]: q for section in source["sections"] for q in section["questions"]}


def _expected_moodle() -> list[tuple[str, str, Any]]:
    """(title, type, expected answer) per question of the Moodle fixture, read with simple regexes."""
    expected = []
    for block in re.split(r"\n\s*\n", MOODLE.read_text(encoding="utf-8")):
        text = "\n".join(line for line in block.splitlines() if not line.lstrip().startswith("//"))
        if not text.strip():
            continue
        title = re.match(r"::(.*?)::", text)[1]
        answers = re.search(r"\{(.*)\}", text, re.DOTALL)[1].split("####")[0].strip()
        parts = [
            (marker, int(weight) if weight else None, re.sub(r"^\[\w+\]", "", words.strip()))
            for marker, weight, words in re.findall(r"([=~])(?:%(-?\d+)%)?([^=~#]*)", answers)
        ]
        if not answers:
            expected.append((title, "essay", None))
        elif "->" in answers:
            expected.append((title, "matching", None))
        elif answers.startswith("#"):
            value, tolerance = answers[1:].split("~")[0].split(":")
            expected.append((title, "numeric", (float(value), float(tolerance))))
        elif flag := re.fullmatch(r"(T|TRUE|F|FALSE)(#.*)?", answers, re.DOTALL):
            expected.append((title, "true_false", flag[1].startswith("T")))
        elif "~" in answers:
            right = {
                words
                for marker, weight, words in parts
                if (weight or 0) > 0 or (marker, weight) == ("=", None)
            }
            kind = (
                "single_choice" if [marker for marker, _, _ in parts].count("=") == 1 else "multiple_choice"
            )
            expected.append((title, kind, right))
        else:
            accepted = [words for _, weight, words in parts if weight in (None, 100)]
            expected.append((title, "short_answer", accepted))
    return expected


@pytest.mark.skipif(not MOODLE.exists(), reason=f"{MOODLE.name} is not in ../shared/interop/gift")
def test_moodle_fixture_types_answers_and_skipped_matching(tmp_path: Path) -> None:
    expected = _expected_moodle()
    kept = [row for row in expected if row[1] != "matching"]

    result = import_gift(MOODLE)

    questions = [q for section in result.source["sections"] for q in section["questions"]]
    assert Counter(q["type"] for q in questions) == Counter(kind for _, kind, _ in kept)
    for question, (title, kind, answer) in zip(questions, kept, strict=True):
        assert question["type"] == kind, title
        if kind in ("single_choice", "multiple_choice"):
            assert {option["text"] for option in question["options"] if option["correct"]} == answer
        elif kind == "true_false":
            assert question["answer"] is answer
        elif kind == "short_answer":
            assert question["accepted"] == answer
        elif kind == "numeric":
            assert (question["value"], question["tolerance"]) == answer
    for title, kind, _ in expected:
        if kind == "matching":
            line = _line_of(MOODLE, f"::{title}::")
            assert any(
                w.startswith(f'{MOODLE}:{line}: question "{title}": matching') for w in result.warnings
            )

    out = tmp_path / "moodle.yaml"
    write_source(result.source, out)
    assert load_source(out).pack.question_count == len(kept)


def test_sample_covers_every_supported_form() -> None:
    result = import_gift(SAMPLE)
    questions = _by_id(result.source)

    assert [(s["id"], s["title"]) for s in result.source["sections"]] == [
        ("basics", "Basics"),
        ("numbers", "Numbers"),
    ]
    capital = questions["capital"]
    assert capital["type"] == "single_choice"
    assert capital["prompt"] == "What is the **capital** of France?"  # [markdown] marker dropped
    assert capital["options"] == [
        {"text": "Paris", "correct": True, "feedback": "right"},
        {"text": "Lyon", "correct": False, "feedback": "no"},
        {"text": "Marseille", "correct": False},
    ]
    colours = questions["colours"]
    assert colours["type"] == "multiple_choice"
    assert [o["text"] for o in colours["options"] if o["correct"]] == ["red", "blue"]
    assert (questions["sky"]["answer"], questions["moon"]["answer"]) == (True, False)
    assert questions["rag"]["accepted"] == [
        "retrieval-augmented generation",
        "retrieval augmented generation",
    ]
    assert (questions["pi"]["value"], questions["pi"]["tolerance"]) == (3.14, 0.01)
    assert (questions["range"]["value"], questions["range"]["tolerance"]) == (3, 2)
    assert questions["several"]["value"] == 4 and "tolerance" not in questions["several"]
    escaped = questions["esc-aped"]
    assert escaped["prompt"] == "Type <b>a=b {c}</b> in _____ please."
    assert escaped["accepted"] == ["a=b#1"]
    assert questions["q-11"] == {
        "id": "q-11",
        "type": "essay",
        "prompt": "No title here, an essay without an answer:",
    }
    assert "pairs" not in questions


def test_sample_warnings_name_file_line_and_question() -> None:
    result = import_gift(SAMPLE)

    assert result.warnings == [
        f'{SAMPLE}:{_line_of(SAMPLE, "::several::")}: question "several": '
        "3 numeric answers; only the first fully right one is kept",
        f'{SAMPLE}:{_line_of(SAMPLE, "::pairs::")}: question "pairs": '
        "matching questions are not supported (the exam has no matching type); question skipped",
    ]


def test_broken_questions_are_skipped_and_listed() -> None:
    result = import_gift(BROKEN)

    assert list(_by_id(result.source)) == ["good", "good2"]
    assert result.warnings == [
        f'{BROKEN}:{_line_of(BROKEN, "::open::")}: question "open": '
        "unterminated '{': the answer block has no closing '}'; question skipped",
        f'{BROKEN}:{_line_of(BROKEN, "::empty::")}: question "empty": empty answer; question skipped',
        f'{BROKEN}:{_line_of(BROKEN, "::nan::")}: question "nan": '
        'numeric answer "many" is not a number; question skipped',
    ]


def test_strict_fails_on_the_first_broken_question() -> None:
    with pytest.raises(ImportFormatError) as raised:
        import_gift(BROKEN, strict=True)

    assert raised.value.line == _line_of(BROKEN, "::open::")
    assert str(raised.value).endswith("unterminated '{': the answer block has no closing '}'")


@pytest.mark.parametrize(
    ("gift", "message"),
    [
        ("::a:: Q {~x ~y}", "no correct answer"),
        ("::a:: Q {=x}}", "'}' without '{'"),
        ("::a:: Q {=x} and {=y}", "a second '{'"),
        ("::a:: Q {=x ~x}", 'answer "x" appears twice'),
        ("::a:: Q {#5..1}", 'range "5..1" runs backwards'),
        ("::a:: Q {#1:-2}", 'tolerance "-2" is negative'),
        ("::a:: Q {#1e999}", "is not a number"),
        ("::a:: Q {maybe}", "cannot tell the question type"),
        ("::a:: Just a description", "descriptions are not imported"),
    ],
)
def test_each_bad_answer_block_is_reported(tmp_path: Path, gift: str, message: str) -> None:
    path = tmp_path / "bad.gift"
    path.write_text(f"::ok:: Fine.{{T}}\n\n// comment\n{gift}\n", encoding="utf-8")

    result = import_gift(path)

    assert list(_by_id(result.source)) == ["ok"]
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith(f'{path}:4: question "a": ')
    assert message in result.warnings[0]


def test_weights_and_partial_credit_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "weights.gift"
    path.write_text("::w:: Pick {~%30%a ~%70%b ~c}\n\n::p:: Pick {=a ~%50%b ~c}\n", encoding="utf-8")

    result = import_gift(path)

    questions = _by_id(result.source)
    assert questions["w"]["type"] == "multiple_choice"
    assert [o["correct"] for o in questions["w"]["options"]] == [True, True, False]
    assert questions["p"]["type"] == "single_choice"
    assert [o["correct"] for o in questions["p"]["options"]] == [True, False, False]
    assert ["unequal weights" in w for w in result.warnings] == [True, False]
    assert 'partial credit (50%) for "b"' in result.warnings[1]


def test_a_file_with_only_bad_questions_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.gift"
    path.write_text("::m:: Match {=a -> b =c -> d}\n", encoding="utf-8")

    with pytest.raises(ImportFormatError, match="no questions could be imported"):
        import_gift(path)


def test_detected_from_content_even_with_txt_extension(tmp_path: Path) -> None:
    path = tmp_path / "export.gift.txt"
    path.write_text(BROKEN.read_text(encoding="utf-8"), encoding="utf-8")

    assert detect_format(path) == "gift"


# Pieces of GIFT syntax, valid and not, to combine at random.
_FRAGMENTS = [
    "::t::", "::u v::", "$CATEGORY: $course$/top/c", "\n\n", "\n", " ", "// c\n", "Q?", "[html]",
    "[markdown]", "{", "}", "=", "~", "#", "%50%", "%-100%", "%100%", "->", "..", ":", "a", "b", "3",
    "1.5", "-2", "T", "FALSE", "\\=", "\\{", "\\}", "\\#", "\\n", "####", "yes", "null", "é",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join))
def test_any_input_imports_to_a_valid_source_or_fails_cleanly(tmp_path: Path, text: str) -> None:
    path = tmp_path / "random.gift"
    path.write_text(text, encoding="utf-8")
    try:
        result = import_gift(path)
    except ImportFormatError:
        return
    out = tmp_path / "random.yaml"
    write_source(result.source, out)
    load_source(out)  # raises SourceError (and hypothesis shows the input) if the import was invalid
