"""Pack summaries: counts worked out by hand from tests/fixtures/sources/full.yaml and bank.yaml."""

from __future__ import annotations

import json
from pathlib import Path

from exam_app.core.model import Pack, Question, Section, TrueFalseBody
from exam_app.core.source import load_source
from exam_app.core.summary import format_summary, summarize

FULL = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "full.yaml"


def full_summary() -> dict[str, object]:
    return summarize(load_source(FULL).pack)


def test_summary_counts_of_the_full_fixture() -> None:
    summary = full_summary()
    assert (summary["id"], summary["version"]) == ("full-fixture", 3)
    assert summary["title"] == "Fixture: every feature"
    assert summary["time_limit_minutes"] == 42.5
    # objective: 6 questions (draw 4); written: 2; borrowed: bank-2, bank-1, bank-3.
    assert summary["question_count"] == 11
    assert summary["presented_count"] == 4 + 2 + 3
    # objective 2+3+1+1+1.5+1, written 3 (key points)+4, borrowed 1+2+5
    assert summary["total_points"] == 9.5 + 7 + 8
    assert summary["objective_count"] == 9
    assert summary["free_text_count"] == 2


def test_summary_sections() -> None:
    assert full_summary()["sections"] == [
        {"id": "objective", "title": "Objective questions", "questions": 6, "draw": 4, "points": 9.5,
         "time_limit_minutes": 20},
        {"id": "written", "title": "Written answers", "questions": 2, "draw": None, "points": 7,
         "time_limit_minutes": None},
        {"id": "borrowed", "title": "From the bank", "questions": 3, "draw": None, "points": 8,
         "time_limit_minutes": None},
    ]  # fmt: skip


def test_summary_by_type_and_level() -> None:
    summary = full_summary()
    assert summary["by_type"] == {
        "single_choice": 3,  # o-single, o-hard, bank-3
        "multiple_choice": 1,
        "true_false": 2,  # o-true-false, bank-1
        "short_answer": 1,
        "numeric": 2,  # o-numeric, bank-2
        "essay": 1,
        "code": 1,
    }
    # Pack default beginner; o-hard and bank-3 experienced; w-essay and bank-1 (bank default) intermediate.
    assert summary["by_level"] == {"beginner": 7, "intermediate": 2, "experienced": 2}


def test_questions_without_level_count_as_unspecified() -> None:
    questions = tuple(Question(f"q-{n}", "true_false", "?", TrueFalseBody(answer=True)) for n in range(3))
    leveled = Question("q-x", "true_false", "?", TrueFalseBody(answer=False), level="experienced")
    pack = Pack("no-levels", 1, "No levels", 5, (Section("s", "S", (*questions, leveled)),))
    assert summarize(pack)["by_level"] == {"experienced": 1, "unspecified": 3}


def test_summary_is_json_safe() -> None:
    summary = full_summary()
    assert json.loads(json.dumps(summary, allow_nan=False)) == summary


def test_formatted_summary_shows_what_an_author_checks() -> None:
    text = format_summary(full_summary())
    lines = text.splitlines()
    assert "Fixture: every feature" in lines[0] and "full-fixture v3" in lines[0]
    assert "42.5 min" in text
    assert "11 questions" in text and "24.5 points" in text and "gets 9" in text
    objective = next(line for line in lines if "objective" in line and "Objective questions" in line)
    assert "draws 4 of 6 questions" in objective and "9.5 points" in objective and "20 min" in objective
    written = next(line for line in lines if "Written answers" in line)
    assert "2 questions" in written and "7 points" in written and "draw" not in written
    assert "single_choice 3" in text and "essay 1" in text
    assert "beginner 7" in text and "experienced 2" in text
    assert "Objective: 9" in text and "free text: 2" in text


def test_formatted_summary_uses_singular_for_one() -> None:
    question = Question("only", "true_false", "?", TrueFalseBody(answer=True))
    text = format_summary(summarize(Pack("one-q", 1, "One", 1, (Section("s", "S", (question,)),))))
    assert "1 question," in text and "1 point" in text and "1 points" not in text
