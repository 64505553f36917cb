"""Loading pack sources: what a valid source becomes, and includes, defaults and warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from exam_app.core.errors import SourceError
from exam_app.core.model import (
    QUESTION_TYPES,
    ChoiceBody,
    CodeBody,
    EssayBody,
    NumericBody,
    Policy,
    ShortAnswerBody,
    TrueFalseBody,
)
from exam_app.core.source import load_source

REPO = Path(__file__).resolve().parents[2]
SOURCES = REPO / "tests" / "fixtures" / "sources"

MINIMAL = """\
format: exam-app/pack-source v1
id: minimal-pack
version: 1
title: Minimal
time_limit_minutes: 10
sections:
  - id: main
    title: Main
    questions:
      - id: pick
        type: single_choice
        prompt: Pick one.
        options:
          - text: A
            correct: true
          - text: B
      - id: short
        type: short_answer
        prompt: Say it.
        accepted: [it]
      - id: number
        type: numeric
        prompt: How many?
        value: 3
      - id: essay
        type: essay
        prompt: Write.
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_full_fixture_pack_fields_and_policy() -> None:
    pack = load_source(SOURCES / "full.yaml").pack
    assert (pack.id, pack.version, pack.title) == ("full-fixture", 3, "Fixture: every feature")
    assert pack.description == "A pack used by the **core tests**.\n"
    assert pack.time_limit_minutes == 42.5
    assert pack.shuffle_questions and pack.shuffle_options
    assert pack.candidates == ("C-001", "C-002", "C-003")
    assert pack.results_to == ("age1mvvc5q06sngrudyagvvdy8u8n3hmgsv0hk76kkgen9rc82hd8ylq4uvf3e",)
    assert pack.proctor_secret == b""
    policy = pack.policy
    assert policy.integrity.focus_loss == "lock"
    assert policy.integrity.prohibited_process == "submit"
    assert policy.integrity.idle == "warn"
    assert policy.focus_loss_budget.max_events is None  # explicit null: no limit
    assert policy.focus_loss_budget.max_seconds_away == 12.5
    assert policy.focus_loss_budget.action == "submit"
    assert (policy.prohibited_processes.mode, policy.prohibited_processes.names) == (
        "replace",
        ("anydesk", "obs"),
    )
    assert policy.allow_virtual_machine is True
    assert policy.paste_from_outside == "log"
    assert policy.idle_minutes == 4
    assert dict(policy.accommodations) == {"C-002": 1.5, "C-003": 2.0}
    assert pack.extra_time_factor("C-003") == 2.0
    assert pack.extra_time_factor("C-001") == 1.0


def test_full_fixture_questions() -> None:
    pack = load_source(SOURCES / "full.yaml").pack
    questions = {question.id: question for question in pack.questions()}
    assert [section.id for section in pack.sections] == ["objective", "written", "borrowed"]
    assert pack.sections[0].draw == 4 and pack.sections[0].time_limit_minutes == 20
    assert pack.sections[1].draw is None and pack.sections[1].time_limit_minutes is None

    single = questions["o-single"]
    assert (single.points, single.topic, single.tags, single.level) == (
        2,
        "tokens",
        ("tokens", "basics"),
        "beginner",
    )
    assert isinstance(single.body, ChoiceBody)
    assert [(o.text, o.correct, o.feedback) for o in single.body.options] == [
        ("Right", True, "Yes."),
        ("Wrong", False, None),
    ]
    multiple = questions["o-multiple"].body
    assert isinstance(multiple, ChoiceBody)
    assert (multiple.partial_credit, multiple.negative_marking) == (False, True)
    assert questions["o-true-false"].body == TrueFalseBody(answer=False)
    assert questions["o-short"].body == ShortAnswerBody(
        accepted=("RAG", "retrieval-augmented generation"),
        case_sensitive=True,
        normalize_whitespace=False,
        pattern="r(etrieval)?.*",
    )
    assert questions["o-numeric"].body == NumericBody(value=0.7, tolerance=0.05, unit="tokens")
    assert questions["o-hard"].level == "experienced"

    essay = questions["w-essay"]
    assert isinstance(essay.body, EssayBody)
    assert essay.points == 3  # omitted, so the sum of its key points
    assert [point.proposed for point in essay.body.key_points] == [False, True]
    assert (essay.body.min_words, essay.body.max_words) == (10, 100)
    code = questions["w-code"]
    assert isinstance(code.body, CodeBody)
    assert (code.points, code.body.language, code.level) == (4, "python", "beginner")
    assert code.body.starter_code == "def f():\n    ...\n"


def test_includes_filter_and_keep_their_own_levels() -> None:
    pack = load_source(SOURCES / "full.yaml").pack
    borrowed = pack.sections[2]
    # The first include lists ids (in that order); the second keeps tag rag AND level experienced.
    assert [question.id for question in borrowed.questions] == ["bank-2", "bank-1", "bank-3"]
    levels = {question.id: question.level for question in borrowed.questions}
    assert levels == {"bank-2": "beginner", "bank-1": "intermediate", "bank-3": "experienced"}


def test_proposed_key_points_warn_only_for_questions_in_the_pack() -> None:
    loaded = load_source(SOURCES / "full.yaml")
    assert len(loaded.warnings) == 1
    assert "question w-essay" in loaded.warnings[0]
    assert "1 proposed key point not yet confirmed" in loaded.warnings[0]


def test_warning_counts_several_proposed_key_points(tmp_path: Path) -> None:
    text = MINIMAL + (
        "        key_points:\n"
        "          - {text: first, points: 1, proposed: true}\n"
        "          - {text: second, points: 1}\n"
        "          - {text: third, points: 1, proposed: true}\n"
        "          - {text: fourth, points: 1, proposed: true}\n"
    )
    warnings = load_source(write(tmp_path, "pack.yaml", text)).warnings
    assert warnings == ["question essay: 3 proposed key points not yet confirmed"]


def test_defaults_of_a_minimal_source(tmp_path: Path) -> None:
    pack = load_source(write(tmp_path, "pack.yaml", MINIMAL)).pack
    assert pack.policy == Policy()
    assert pack.candidates is None and pack.results_to == () and pack.level is None
    assert pack.description == "" and not pack.shuffle_questions and not pack.shuffle_options
    pick, short, number, essay = pack.questions()
    assert all(question.points == 1 and question.level is None for question in (pick, short, number, essay))
    assert isinstance(pick.body, ChoiceBody) and pick.body.partial_credit and not pick.body.negative_marking
    assert short.body == ShortAnswerBody(accepted=("it",))
    assert isinstance(short.body, ShortAnswerBody) and short.body.normalize_whitespace
    assert not short.body.case_sensitive
    assert number.body == NumericBody(value=3.0)
    assert essay.body == EssayBody()


def test_include_and_questions_keep_written_order(tmp_path: Path) -> None:
    write(tmp_path, "bank.yaml", MINIMAL.replace("minimal-pack", "the-bank"))
    main = write(tmp_path, "main.yaml", _two_blocks("include"))
    assert [q.id for q in load_source(main).pack.questions()] == ["essay", "own"]
    main = write(tmp_path, "main.yaml", _two_blocks("questions"))
    assert [q.id for q in load_source(main).pack.questions()] == ["own", "essay"]


def _two_blocks(first: str) -> str:
    """A pack whose only section has an include block and a questions block, `first` written first."""
    blocks = {
        "include": "    include:\n      - pack: bank.yaml\n        questions: [essay]\n",
        "questions": "    questions:\n      - {id: own, type: true_false, prompt: Own, answer: true}\n",
    }
    second = "questions" if first == "include" else "include"
    head = MINIMAL.split("sections:")[0].replace("minimal-pack", "main-pack")
    return head + "sections:\n  - id: main\n    title: Main\n" + blocks[first] + blocks[second]


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    assert load_source(path).pack.id == "minimal-pack"


def test_demo_pack_has_one_question_of_each_type() -> None:
    loaded = load_source(REPO / "question_packs" / "demo.yaml")
    pack = loaded.pack
    assert (pack.id, pack.time_limit_minutes) == ("genai-demo", 5)
    assert sorted(question.type for question in pack.questions()) == sorted(QUESTION_TYPES)
    assert loaded.warnings == []
    for question in pack.questions():
        if isinstance(question.body, EssayBody):
            assert question.body.reference_answer and 3 <= len(question.body.key_points) <= 4
        if isinstance(question.body, CodeBody):
            assert question.body.reference_solution and 3 <= len(question.body.key_points) <= 4


def test_error_names_the_file_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "pack.yaml", MINIMAL.replace("value: 3", "value: three"))
    with pytest.raises(SourceError) as caught:
        load_source(Path("pack.yaml"))
    line = MINIMAL.splitlines().index("        value: 3") + 1
    assert (
        str(caught.value) == f'pack.yaml:{line}: question number: value: expected a number, got text "three"'
    )


def test_worked_example_in_the_authoring_guide_is_the_demo_pack() -> None:
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    example = guide.split("## A complete example", 1)[1].split("```yaml\n", 1)[1].split("```\n", 1)[0]
    assert example == (REPO / "question_packs" / "demo.yaml").read_text(encoding="utf-8")
