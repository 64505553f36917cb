"""The Markdown Q&A importer: the seed document, sections, fences, missing answers and errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from exam_app.core.importers import detect_format
from exam_app.core.importers.errors import ImportFormatError
from exam_app.core.importers.markdown_qa import import_markdown
from exam_app.core.importers.yaml_out import write_source
from exam_app.core.source import load_source

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds" / "genai-interview-qa.md"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
SECTIONS = FIXTURES / "qa-sections.md"


def _line_of(path: Path, prefix: str) -> int:
    """1-based number of the first line of `path` starting with `prefix`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(prefix))


def _questions(source: dict) -> list[dict]:
    return [question for section in source["sections"] for question in section["questions"]]


@pytest.mark.skipif(not SEED.exists(), reason=f"{SEED.name} is not in ../shared/seeds beside the repository")
def test_seed_imports_twelve_questions_with_answers_verbatim(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    # The expectation is cut out of the file with one regex, independently of the importer.
    chunks = re.split(r"^## \d+\. (.+)$", text, flags=re.MULTILINE)[1:]
    expected = {chunks[i]: chunks[i + 1].split("**Answer:**", 1)[1].strip() for i in range(0, len(chunks), 2)}
    assert len(expected) == 12

    result = import_markdown(SEED)

    questions = _questions(result.source)
    assert result.warnings == []
    assert {question["prompt"]: question["reference_answer"] for question in questions} == expected
    assert {question["type"] for question in questions} == {"essay"}
    by_prompt = {question["prompt"]: question["reference_answer"] for question in questions}
    table = by_prompt["What is the difference between GANs and VAEs?"]
    assert "| Training Stability | Can be unstable | More stable |" in table.splitlines()
    rlhf = next(prompt for prompt in by_prompt if "(RLHF)" in prompt)
    step_numbers = [line[:3] for line in by_prompt[rlhf].splitlines() if re.match(r"\d\. ", line)]
    assert step_numbers == ["1. ", "2. ", "3. ", "4. "]

    out = tmp_path / "qa.yaml"
    write_source(result.source, out)
    loaded = load_source(out)
    assert loaded.pack.question_count == 12
    assert loaded.pack.title == "Generative AI Interview Questions and Answers"


def test_sections_prompt_details_and_fences() -> None:
    result = import_markdown(SECTIONS)
    source = result.source

    assert source["title"] == "Retrieval basics"
    assert [(s["id"], [q["id"] for q in s["questions"]]) for s in source["sections"]] == [
        ("embeddings", ["q-01", "q-02"]),
        ("retrieval", ["q-03", "q-04"]),
    ]
    first, code, no_answer, steps = _questions(source)
    # An answer on the marker's line; the separator after it is not part of the answer.
    assert first["reference_answer"] == "A vector that places similar items close together."
    # Text between heading and **Answer:** belongs to the prompt.
    assert code["prompt"] == "Explain this code.\n\n```python\nvectors = model.encode(texts)\n```"
    # A "## 9." line inside a fence is text, and bullets inside a fence are no key points.
    assert "## 9. Not a question, only text inside a fence" in code["reference_answer"]
    assert [point["text"] for point in code["key_points"]] == [
        "**Batching** – many texts at once lists in; arrays out",
        "**Normalisation** – optional",
    ]
    assert all(point["proposed"] is True and point["points"] == 1 for point in code["key_points"])
    assert "reference_answer" not in no_answer
    assert steps["reference_answer"].startswith("1. Embed the query.\n2. Search the index.")
    assert steps["reference_answer"].endswith("| search | low |")
    assert "key_points" not in steps  # numbered steps and tables are not bullets


def test_missing_answer_is_a_warning_with_file_and_line() -> None:
    result = import_markdown(SECTIONS)

    line = _line_of(SECTIONS, "## 3.")
    assert result.warnings == [
        f"{SECTIONS}:{line}: question q-03: no **Answer:**; imported without a reference answer"
    ]


def test_strict_fails_on_the_missing_answer() -> None:
    with pytest.raises(ImportFormatError) as raised:
        import_markdown(SECTIONS, strict=True)

    assert raised.value.line == _line_of(SECTIONS, "## 3.")
    assert raised.value.file == str(SECTIONS)


def test_document_without_questions_is_an_error() -> None:
    path = FIXTURES / "qa-no-questions.md"
    with pytest.raises(ImportFormatError, match="no questions could be imported"):
        import_markdown(path)


def test_text_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes(b"## 1. Question?\n**Answer:**\nCaf\xe9\n")

    with pytest.raises(ImportFormatError) as raised:
        import_markdown(path)

    assert (raised.value.line, raised.value.message) == (3, "not UTF-8 text")


def test_detects_markdown_by_content_without_md_extension(tmp_path: Path) -> None:
    path = tmp_path / "questions.txt"
    path.write_text(SECTIONS.read_text(encoding="utf-8"), encoding="utf-8")

    assert detect_format(path) == "markdown"
