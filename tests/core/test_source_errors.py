"""Every kind of invalid pack source is refused with the file, the line and the question, section or field.

Table cases mark the line the error must name with a `# <-` comment, so expected line numbers come from
the YAML text itself rather than from the loader.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exam_app.core.errors import SourceError
from exam_app.core.source import load_source

HEAD = """\
format: exam-app/pack-source v1
id: test-pack
version: 1
title: Test pack
time_limit_minutes: 10
"""
SECTION = """\
sections:
  - id: main
    title: Main
    questions:
"""
TF = """\
      - id: q-1
        type: true_false
        prompt: Is it?
        answer: true
"""
RECIPIENT = "age1mvvc5q06sngrudyagvvdy8u8n3hmgsv0hk76kkgen9rc82hd8ylq4uvf3e"


def pack(questions: str = TF, *, top: str = "") -> str:
    """A pack source with extra top-level fields `top` and one section holding `questions`."""
    return HEAD + top + SECTION + questions


def mark(text: str, fragment: str) -> str:
    """`text` with the error marker on the first line containing `fragment`."""
    lines = text.splitlines()
    index = next(n for n, line in enumerate(lines) if fragment in line)
    lines[index] += "  # <-"
    return "\n".join(lines) + "\n"


def question(kind: str, *lines: str) -> str:
    """Question q-1 of type `kind` with prompt "Do." and the given extra lines (indented for a question)."""
    head = f"      - id: q-1\n        type: {kind}\n        prompt: Do.\n"
    return head + "".join(f"        {line}\n" for line in lines)


def section_field(line: str) -> str:
    """A pack whose section has the extra (marked) field `line`."""
    return mark(pack().replace("    questions:", f"    {line}\n    questions:"), line)


def choice(kind: str, *options: str, extra: str = "") -> str:
    """A choice question whose option lines are given verbatim."""
    return question(kind, *([extra] if extra else []), "options:", *(f"  - {option}" for option in options))


KEY_POINTS = ("key_points:", "  - {text: A, points: 1}", "  - {text: B, points: 1}")
ONE_RIGHT = "{text: A, correct: true}"
OTHER = "  - id: other\n    title: Other\n    questions:\n"
POLICY = "policy:\n  accommodations:\n    - {candidate: C-1, extra_time_factor: "
CASES = [
    ("duplicate question id", pack(TF + mark(TF, "q-1")),
     "question q-1", "duplicate question id (first at line 10)"),
    ("duplicate id across sections", pack() + OTHER + mark(TF, "q-1"),
     "question q-1", "duplicate question id (first at line 10)"),
    ("duplicate section id", pack() + mark(OTHER.replace("other", "main"), "main") + TF.replace("q-1", "q-2"),
     "section main", "duplicate section id (first at line 7)"),
    ("duplicate key in a question", pack(TF + "        prompt: Again?  # <-\n"),
     "question q-1", "prompt: duplicate key (first given at line 12)"),
    ("duplicate top-level key", pack(top="title: Again  # <-\n"), "field title", "duplicate key"),
    ("unknown top-level field", pack(top="colour: red  # <-\n"), "field colour", "unknown field"),
    ("unknown question field", pack(TF + "        hint: look up  # <-\n"),
     "question q-1", "hint: unknown field"),
    ("unknown policy field", pack(top="policy:\n  integrity:\n    focus_lost: warn  # <-\n"),
     "field policy.integrity.focus_lost", "unknown field"),
    ("unknown option field", pack(mark(choice("single_choice", ONE_RIGHT, "{text: B, right: 1}"), "right")),
     "question q-1", "options[2].right: unknown field"),
    ("unknown section field", section_field("shuffle: true"),
     "section main", "shuffle: unknown field"),
    ("unknown include field",
     HEAD + "sections:\n  - id: main\n    title: Main\n    include:\n      - {pack: b, filter: rag}  # <-\n",
     "section main", "include[1].filter: unknown field"),
    ("unknown key point field",
     pack(mark(question("essay", "key_points:", "  - {text: A, weight: 1}"), "weight")),
     "question q-1", "key_points[1].weight: unknown field"),
    ("scoring on single_choice",
     pack(mark(choice("single_choice", ONE_RIGHT, "text: B", extra="scoring: {}"), "scoring")),
     "question q-1", "scoring: unknown field"),
    ("empty option text", pack(mark(choice("single_choice", ONE_RIGHT, 'text: "  "'), '"  "')),
     "question q-1", "options[2].text: must not be empty"),
    ("duplicate option text",
     pack(mark(choice("multiple_choice", "{text: Same, correct: true}", "text: Same"), "- text: Same")),
     "question q-1", "options[2].text: same text as options[1]"),
    ("single_choice without a correct option",
     pack(mark(choice("single_choice", "text: A", "text: B"), "q-1")),
     "question q-1", "single_choice needs exactly one correct option, found 0"),
    ("single_choice with two correct",
     pack(mark(choice("single_choice", ONE_RIGHT, "{text: B, correct: true}"), "q-1")),
     "question q-1", "single_choice needs exactly one correct option, found 2"),
    ("multiple_choice without a correct option",
     pack(mark(choice("multiple_choice", "text: A", "text: B"), "q-1")),
     "question q-1", "multiple_choice needs at least one correct option"),
    ("a single option", pack(mark(choice("single_choice", ONE_RIGHT), "options:")),
     "question q-1", "options: needs at least 2 options"),
    ("invalid regex", pack(mark(question("short_answer", 'pattern: "a(b"'), "pattern")),
     "question q-1", "pattern: invalid regex"),
    ("short_answer with nothing to accept", pack(mark(question("short_answer", "accepted: []"), "q-1")),
     "question q-1", "needs at least one accepted answer or a pattern"),
    ("draw larger than the pool", section_field("draw: 2"),
     "section main", "draw: 2 must be between 1 and the section's 1 questions"),
    ("draw of zero", section_field("draw: 0"),
     "section main", "draw: 0 must be between 1"),
    ("missing title (reported at the top mapping)", pack().replace("title: Test pack\n", ""),
     "", 'missing required field "title"'),
    ("missing prompt", pack(mark(TF.replace("        prompt: Is it?\n", ""), "q-1")),
     "question q-1", 'missing required field "prompt"'),
    ("missing answer", pack(mark(TF.replace("        answer: true\n", ""), "q-1")),
     "question q-1", 'missing required field "answer"'),
    ("missing language", pack(mark(question("code"), "q-1")),
     "question q-1", 'missing required field "language"'),
    ("missing numeric value", pack(mark(question("numeric", "unit: kg"), "q-1")),
     "question q-1", 'missing required field "value"'),
    ("missing question id", pack(mark(TF.replace("- id: q-1\n        type", "- type"), "type")),
     "question #1 of section main", 'missing required field "id"'),
    ("missing sections", mark(HEAD, "format"), "", 'missing required field "sections"'),
    ("text points", pack(TF + "        points: two  # <-\n"),
     "question q-1", 'points: expected a number, got text "two"'),
    ("negative points", pack(TF + "        points: -1  # <-\n"),
     "question q-1", "points: must be greater than 0"),
    ("quoted version", mark(HEAD.replace("version: 1", 'version: "1"'), "version") + SECTION + TF,
     "field version", 'expected a whole number, got text "1"'),
    ("version zero", mark(HEAD.replace("version: 1", "version: 0"), "version") + SECTION + TF,
     "field version", "must be at least 1"),
    ("boolean time limit", mark(HEAD.replace("minutes: 10", "minutes: yes"), "minutes") + SECTION + TF,
     "field time_limit_minutes", "expected a number, got the boolean"),
    ("tags not a list", pack(TF + "        tags: rag  # <-\n"), "question q-1", "tags: expected a list"),
    ("unquoted number as prompt", pack(mark(TF.replace("prompt: Is it?", "prompt: 42"), "42")),
     "question q-1", 'prompt: expected text, got the number "42"'),
    ("unknown type", pack(mark(TF.replace("true_false", "yes_no"), "yes_no")),
     "question q-1", 'type: unknown type "yes_no"'),
    ("unknown action", pack(top="policy:\n  integrity:\n    focus_loss: explode  # <-\n"),
     "field policy.integrity.focus_loss",
     'unknown action "explode"; expected one of: log, warn, lock, submit'),
    ("unknown budget action", pack(top="policy:\n  focus_loss_budget:\n    action: scold  # <-\n"),
     "field policy.focus_loss_budget.action", 'unknown action "scold"'),
    ("unknown level", pack(top="level: expert  # <-\n"), "field level", 'unknown level "expert"'),
    ("key points not summing to points",
     pack(mark(question("essay", "points: 5", *KEY_POINTS), "points: 5")),
     "question q-1", "points: 5 must equal the sum of the key points' points (2)"),
    ("min_words above max_words", pack(mark(question("essay", "min_words: 50", "max_words: 5"), "max_words")),
     "question q-1", "max_words: 5 is less than min_words (50)"),
    ("wrong format", mark(HEAD.replace("pack-source v1", "pack-source v2"), "format") + SECTION + TF,
     "field format", 'must be exactly "exam-app/pack-source v1"'),
    ("invalid pack id", mark(HEAD.replace("id: test-pack", "id: Test_Pack"), "id:") + SECTION + TF,
     "field id", 'invalid pack id "Test_Pack"'),
    ("invalid question id", pack(mark(TF.replace("id: q-1", 'id: "q 1"'), "q 1")),
     "question #1 of section main", 'id: invalid id "q 1"'),
    ("no sections", HEAD + "sections: []  # <-\n", "field sections", "needs at least one section"),
    ("section without questions", HEAD + "sections:\n  - id: main  # <-\n    title: Main\n",
     "section main", "a section needs questions, include, or both"),
    ("empty candidate list", pack(top="candidates: []  # <-\n"),
     "field candidates", "must list at least one candidate id"),
    ("repeated candidate", pack(top="candidates: [C-1, C-2, C-1]  # <-\n"),
     "field candidates", "listed more than once: C-1"),
    ("accommodation for an unknown candidate", pack(top="candidates: [C-2]\n" + POLICY + "2}  # <-\n"),
     "field policy.accommodations[1].candidate", "C-1 is not in candidates"),
    ("extra time below 1", pack(top=POLICY + "0.5}  # <-\n"),
     "field policy.accommodations[1].extra_time_factor", "must be at least 1.0"),
    ("zero focus-loss events", pack(top="policy:\n  focus_loss_budget:\n    max_events: 0  # <-\n"),
     "field policy.focus_loss_budget.max_events", "must be at least 1"),
    ("not an age recipient", pack(top=f"results_to:\n  - {RECIPIENT}\n  - age1abc  # <-\n"),
     "field results_to[2]", "not an age X25519 recipient"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "where", "message"), [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
def test_invalid_source_is_refused_at_the_marked_line(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    marked = [n for n, line in enumerate(text.splitlines(), 1) if line.endswith("# <-")]
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_source(path)
    error = caught.value
    assert (error.file, error.where) == (str(path), where)
    assert error.line == (marked[0] if marked else 1)
    assert message in error.message


def load_error(path: Path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        load_source(path)
    return caught.value


def test_non_utf8_file_names_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_bytes(pack().encode("utf-8").replace(b"Test pack", b"Test \xe9t\xe9"))
    error = load_error(path)
    assert error.line == pack().splitlines().index("title: Test pack") + 1
    assert "not valid UTF-8" in error.message


def test_yaml_syntax_error_takes_the_line_from_yaml(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text(HEAD.replace("version: 1", "  version: 1"), encoding="utf-8")
    error = load_error(path)
    assert error.line == HEAD.splitlines().index("version: 1") + 1
    assert error.message.startswith("YAML syntax error: mapping values are not allowed")


@pytest.mark.parametrize("text", ["", "# only a comment\n\n"])
def test_empty_file_is_an_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_error(path).message == "file is empty"


def test_top_level_list_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text("# a list, not a pack\n- id: x\n", encoding="utf-8")
    error = load_error(path)
    assert (error.line, error.message) == (2, "the file must be a mapping of pack fields")


def test_missing_file_is_an_error_without_a_line(tmp_path: Path) -> None:
    error = load_error(tmp_path / "absent.yaml")
    assert error.line is None and error.message.startswith("cannot read file")


def including(*include_lines: str, questions: str = "") -> str:
    """A pack whose section `main` includes with the given lines (indented under `include:`)."""
    body = "".join(f"      {line}\n" for line in include_lines)
    extra = f"    questions:\n{questions}" if questions else ""
    return HEAD + "sections:\n  - id: main\n    title: Main\n    include:\n" + body + extra


def write_pair(tmp_path: Path, main: str, bank: str = pack()) -> Path:
    (tmp_path / "bank.yaml").write_text(bank, encoding="utf-8")
    path = tmp_path / "main.yaml"
    path.write_text(main, encoding="utf-8")
    return path


def test_missing_include_file(tmp_path: Path) -> None:
    path = write_pair(tmp_path, including("- pack: nowhere.yaml"))
    error = load_error(path)
    assert (error.where, error.line) == ("section main", including().count("\n") + 1)
    assert error.message == "include[1].pack: included file not found: nowhere.yaml"


def test_include_of_a_pack_that_itself_includes(tmp_path: Path) -> None:
    (tmp_path / "deeper.yaml").write_text(pack(), encoding="utf-8")
    bank = including("- pack: deeper.yaml")
    path = write_pair(tmp_path, including("- pack: bank.yaml"), bank=bank)
    error = load_error(path)
    assert error.file == str(tmp_path / "bank.yaml")  # reported where the nested include is written
    assert "an included pack cannot include others" in error.message
    assert f"included from {path}:" in error.message


def test_include_naming_a_missing_question(tmp_path: Path) -> None:
    path = write_pair(tmp_path, including("- pack: bank.yaml", "  questions: [q-1, q-404]"))
    error = load_error(path)
    assert error.line == including("- pack: bank.yaml").count("\n") + 1
    assert error.message == "include[1].questions: question q-404 is not in bank.yaml"


def test_include_matching_no_question(tmp_path: Path) -> None:
    path = write_pair(tmp_path, including("- pack: bank.yaml", "  tags: [nothing-has-this]"))
    assert "no question of bank.yaml matches this include" in load_error(path).message


def test_duplicate_question_id_across_an_include(tmp_path: Path) -> None:
    path = write_pair(tmp_path, including("- pack: bank.yaml", questions=TF))
    error = load_error(path)
    assert error.where == "question q-1"
    assert error.message == f"duplicate question id (first at line {including().count(chr(10)) + 1})"


def test_error_inside_an_included_file_names_that_file(tmp_path: Path) -> None:
    bad_bank = pack(mark(TF.replace("answer: true", "answer: maybe"), "maybe"))
    path = write_pair(tmp_path, including("- pack: bank.yaml"), bank=bad_bank)
    error = load_error(path)
    assert error.file == str(tmp_path / "bank.yaml")
    assert error.line == bad_bank.splitlines().index("        answer: maybe  # <-") + 1
    assert error.message == 'answer: expected true or false, got text "maybe"'
