"""`exam-app pack import`: exit codes, summary, warnings, --json, --strict and --out handling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exam_app.core.source import load_source
from tests.cli.cli_runner import run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def test_markdown_import_writes_a_loadable_source_and_a_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "qa.yaml"

    result = run_cli(capsys, "pack", "import", FIXTURES / "qa-sections.md", "--out", out)

    assert result.code == 0
    pack = load_source(out).pack
    assert [(s.id, len(s.questions)) for s in pack.sections] == [("embeddings", 2), ("retrieval", 2)]
    assert f"imported 4 questions from {FIXTURES / 'qa-sections.md'} (markdown) into {out}" in result.out
    assert "Embeddings (embeddings): 2 (essay 2)" in result.out
    assert "pack check" in result.out
    warnings = [line for line in result.err.splitlines() if line]
    assert len(warnings) == 1 and warnings[0].startswith("warning: ") and "no **Answer:**" in warnings[0]


def test_json_output_has_questions_sections_and_warnings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "sample.yaml"

    result = run_cli(capsys, "pack", "import", FIXTURES / "sample.gift", "--out", out, "--json")

    assert result.code == 0
    report = json.loads(result.out)
    assert {"questions", "sections", "warnings"} <= set(report)
    assert report["questions"] == 10
    assert report["sections"] == {"basics": 5, "numbers": 5}
    assert len(report["warnings"]) == 2 and "matching" in report["warnings"][1]
    assert report["format"] == "gift"
    assert result.err == ""
    assert load_source(out).pack.question_count == report["questions"]


def test_explicit_format_overrides_detection(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "guide.yaml"

    undetected = run_cli(capsys, "pack", "import", FIXTURES / "guide-no-index.txt", "--out", out)
    forced = run_cli(
        capsys, "pack", "import", FIXTURES / "guide-no-index.txt", "--out", out, "--format", "guide", "--json"
    )

    assert undetected.code == 1 and "cannot tell the format" in undetected.error_line
    assert forced.code == 0
    assert json.loads(forced.out)["sections"] == {"intermediate": 2, "experienced": 1}


def test_partly_bad_file_imports_the_good_questions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "broken.yaml"

    result = run_cli(capsys, "pack", "import", FIXTURES / "broken.gift", "--out", out)

    assert result.code == 0
    assert [q.id for q in load_source(out).pack.questions()] == ["good", "good2"]
    warnings = result.err.splitlines()
    assert len(warnings) == 3 and all(
        line.startswith(f"warning: {FIXTURES / 'broken.gift'}:") for line in warnings
    )


def test_strict_fails_with_one_error_line_naming_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "broken.yaml"

    result = run_cli(capsys, "pack", "import", FIXTURES / "broken.gift", "--out", out, "--strict")

    assert result.code == 1
    assert result.error_line.startswith(f'error: {FIXTURES / "broken.gift"}:3: question "open": unterminated')
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("qa-no-questions.md", "no questions could be imported"),
        ("guide-latin1.txt", ":2: not UTF-8 text"),
        ("missing.md", "no such file"),
    ],
)
def test_bad_input_exits_1_with_one_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, expected: str
) -> None:
    out = tmp_path / "out.yaml"

    result = run_cli(capsys, "pack", "import", FIXTURES / name, "--out", out, "--format", "markdown")

    assert result.code == 1
    assert expected in result.error_line
    assert result.out == ""
    assert not out.exists()


def test_existing_output_is_kept_unless_forced(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "edited.yaml"
    out.write_text("an author's edits\n", encoding="utf-8")

    refused = run_cli(capsys, "pack", "import", FIXTURES / "qa-sections.md", "--out", out)
    assert refused.code == 1 and "already exists" in refused.error_line
    assert out.read_text(encoding="utf-8") == "an author's edits\n"

    forced = run_cli(capsys, "pack", "import", FIXTURES / "qa-sections.md", "--out", out, "--force")
    assert forced.code == 0
    assert load_source(out).pack.question_count == 4


def test_output_folder_must_exist(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run_cli(
        capsys, "pack", "import", FIXTURES / "sample.gift", "--out", tmp_path / "nowhere" / "x.yaml"
    )

    assert result.code == 1 and "no such folder" in result.error_line


@pytest.mark.parametrize(
    "arguments",
    [
        ["pack", "import", "qa.md"],  # --out is required
        ["pack", "import", "qa.md", "--out", "x.yaml", "--format", "docx"],
        ["pack", "import", "--out", "x.yaml"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], arguments: list[str]) -> None:
    result = run_cli(capsys, *arguments)

    assert result.code == 2
    assert "usage:" in result.err
