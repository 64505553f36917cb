"""A pack's vital statistics, for `exam-app pack check` and for authors reviewing a pack before release."""

from __future__ import annotations

from collections import Counter
from typing import Any

from exam_app.core.model import LEVELS, QUESTION_TYPES, Pack

UNSPECIFIED_LEVEL = "unspecified"


def summarize(pack: Pack) -> dict[str, Any]:
    """Counts and points of a pack as JSON-safe data.

    `question_count` and `total_points` cover every question in the pack; `presented_count` is how many
    questions each candidate actually gets once section draws are applied (points of a drawn subset depend
    on the draw, so they are reported per section, beside its `draw`).
    """
    questions = list(pack.questions())
    types = Counter(question.type for question in questions)
    levels = Counter(question.level or UNSPECIFIED_LEVEL for question in questions)
    objective = sum(question.is_objective for question in questions)
    return {
        "id": pack.id,
        "version": pack.version,
        "title": pack.title,
        "time_limit_minutes": pack.time_limit_minutes,
        "question_count": len(questions),
        "presented_count": sum(
            len(section.questions) if section.draw is None else section.draw for section in pack.sections
        ),
        "total_points": sum(question.points for question in questions),
        "sections": [
            {
                "id": section.id,
                "title": section.title,
                "questions": len(section.questions),
                "draw": section.draw,
                "points": sum(question.points for question in section.questions),
                "time_limit_minutes": section.time_limit_minutes,
            }
            for section in pack.sections
        ],
        "by_type": {kind: types[kind] for kind in QUESTION_TYPES if types[kind]},
        "by_level": {level: levels[level] for level in (*LEVELS, UNSPECIFIED_LEVEL) if levels[level]},
        "objective_count": objective,
        "free_text_count": len(questions) - objective,
    }


def format_summary(summary: dict[str, Any]) -> str:
    """A compact multi-line text of a `summarize` result, for the command line."""
    lines = [
        f"{summary['title']} ({summary['id']} v{summary['version']})",
        f"Time limit: {_number(summary['time_limit_minutes'])} min",
        f"{_count(summary['question_count'], 'question')}, "
        f"{_count(summary['total_points'], 'point')}; each candidate gets {summary['presented_count']}",
        "Sections:",
    ]
    width = max(len(section["id"]) for section in summary["sections"])
    for section in summary["sections"]:
        count = _count(section["questions"], "question")
        if section["draw"] is not None:
            count = f"draws {section['draw']} of {count}"
        details = [count, _count(section["points"], "point")]
        if section["time_limit_minutes"] is not None:
            details.append(f"{_number(section['time_limit_minutes'])} min")
        lines.append(f"  {section['id']:<{width}}  {section['title']}: {', '.join(details)}")
    lines.append("By type: " + _counts(summary["by_type"]))
    lines.append("By level: " + _counts(summary["by_level"]))
    lines.append(f"Objective: {summary['objective_count']}, free text: {summary['free_text_count']}")
    return "\n".join(lines)


def _number(value: float) -> str:
    """2.0 as "2", 2.5 as "2.5"."""
    return f"{value:g}"


def _count(value: float, noun: str) -> str:
    return f"{_number(value)} {noun}{'' if value == 1 else 's'}"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in counts.items())
