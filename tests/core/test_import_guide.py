"""The plain-text guide importer: levels, index/body matching, numbered steps and warnings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from exam_app.core.importers import detect_format
from exam_app.core.importers.errors import ImportFormatError
from exam_app.core.importers.guide import import_guide
from exam_app.core.importers.yaml_out import write_source
from exam_app.core.source import load_source

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds" / "genai-interview-guide.excerpt.txt"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
SMALL = FIXTURES / "guide-small.txt"
LEVELS = {"Beginners": "beginner", "Intermediate": "intermediate", "Experienced": "experienced"}


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line == text)


def _seed_expectation() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Index lists and answered questions per level, read with plain regexes (not the importer)."""
    index: dict[str, list[str]] = {}
    answered: dict[str, list[str]] = {}
    level, kind = "", ""
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if heading := re.search(r"for (Beginners|Intermediate|Experienced) \(\d+–\d+\)$", line):
            level, kind = heading[1], "index"
            index[level] = []
        elif heading := re.fullmatch(r"(Beginners|Intermediate|Experienced) \(Q&A\)", line):
            level, kind = heading[1], "qa"
            answered[level] = []
        elif kind == "index" and line.startswith("- "):
            index[level].append(line[2:])
        elif kind == "index":
            kind = ""
        elif kind == "qa" and (numbered := re.match(r"\d+\. (.+)$", line)):
            answered[level].append(numbered[1])
    return index, answered


@pytest.mark.skipif(not SEED.exists(), reason=f"{SEED.name} is not in ../shared/seeds beside the repository")
def test_seed_excerpt_imports_every_answer_and_reports_each_unanswered_question(tmp_path: Path) -> None:
    index, answered = _seed_expectation()
    assert set(index) == set(answered) == set(LEVELS)

    result = import_guide(SEED)

    sections = result.source["sections"]
    assert [(section["id"], section["title"]) for section in sections] == [
        (LEVELS[label], label) for label in answered
    ]
    for section in sections:
        label = section["title"]
        with_answers = [q["prompt"] for q in section["questions"] if q.get("reference_answer")]
        assert with_answers == answered[label]
        assert {q["prompt"] for q in section["questions"]} == set(index[label]) | set(answered[label])
        assert {q["level"] for q in section["questions"]} == {LEVELS[label]}
    expected_warnings = {
        f'{SEED}: {label}: "{text}" is listed in the index but has no answer'
        for label in index
        for text in index[label]
        if text not in answered[label]
    }
    assert len(expected_warnings) == sum(len(index[name]) - len(answered[name]) for name in index)
    assert set(result.warnings) == expected_warnings
    assert len(result.warnings) == len(expected_warnings)
    assert result.source["title"] == "Generative AI Interview Questions"

    out = tmp_path / "guide.yaml"
    write_source(result.source, out)
    loaded = load_source(out)
    assert loaded.pack.question_count == sum(len(section["questions"]) for section in sections)


def test_small_guide_sections_order_and_answers() -> None:
    result = import_guide(SMALL)

    beginners, experienced = result.source["sections"]
    assert [q["prompt"] for q in beginners["questions"]] == [
        "What is an embedding?",
        'What does "Top-K" mean',  # matched to “top-k” in the index despite quotes, case and "?"
        "What is a vector index?",
        "What is a chunk?",
        "What is a reranker?",
        "Why chunk long documents?",  # not in the index: placed after the question before it in the body
    ]
    assert [q["id"] for q in beginners["questions"]] == ["b-01", "b-02", "b-03", "b-04", "b-05", "b-06"]
    first, top_k, vector_index = beginners["questions"][:3]
    assert first["reference_answer"] == (
        "A list of numbers that represents meaning.\n\nSimilar texts get similar vectors."
    )
    # Steps "1. 2. 3." inside an answer stay there, although "3." is the next question number.
    assert top_k["reference_answer"].endswith(
        "\n\n1. Score every candidate.\n2. Sort by score.\n3. Keep the first k."
    )
    assert "reference_answer" not in vector_index and vector_index["type"] == "essay"
    hybrid, evaluate = experienced["questions"]
    assert hybrid["prompt"] == "Explain hybrid search, briefly."
    assert [point["text"] for point in hybrid["key_points"]] == ["Keyword scores", "Vector scores"]
    assert "reference_answer" not in evaluate
    assert result.source["title"] == "Retrieval Interview Questions"


def test_small_guide_warnings_name_the_problems() -> None:
    result = import_guide(SMALL)

    assert result.warnings == [
        f"{SMALL}:{_line_of(SMALL, 'Retrieval Interview Questions for Beginners (1–4)')}: Beginners: "
        "index says 1–4 but lists 5 questions",
        f"{SMALL}:{_line_of(SMALL, '6. Why chunk long documents?')}: Beginners: "
        '"Why chunk long documents?" is answered but not listed in the index',
        f'{SMALL}: Beginners: "What is a vector index?" is listed in the index but has no answer',
        f'{SMALL}: Beginners: "What is a chunk?" is listed in the index but has no answer',
        f"{SMALL}:{_line_of(SMALL, '1. Explain hybrid search, briefly.')}: Experienced: question 1 "
        '"Explain hybrid search, briefly." differs from the index entry "Explain hybrid search."; '
        "matched by number",
        f"{SMALL}:{_line_of(SMALL, '2. How do you evaluate retrieval?')}: Experienced: "
        '"How do you evaluate retrieval?" has no answer text',
    ]


def test_strict_fails_on_the_first_problem() -> None:
    with pytest.raises(ImportFormatError) as raised:
        import_guide(SMALL, strict=True)

    assert raised.value.line == _line_of(SMALL, "Retrieval Interview Questions for Beginners (1–4)")
    assert "index says 1–4" in str(raised.value)


def test_levels_without_index_are_imported_with_one_warning_each() -> None:
    path = FIXTURES / "guide-no-index.txt"
    result = import_guide(path)

    assert [(s["id"], len(s["questions"])) for s in result.source["sections"]] == [
        ("intermediate", 2),
        ("experienced", 1),
    ]
    assert len(result.warnings) == 2
    assert all("no index list for this level" in warning for warning in result.warnings)


def test_document_without_qa_sections_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "intro.txt"
    path.write_text("Just an introduction.\nNothing else.\n", encoding="utf-8")

    with pytest.raises(ImportFormatError, match="no questions could be imported"):
        import_guide(path)


def test_detected_from_content() -> None:
    assert detect_format(SMALL) == "guide"
