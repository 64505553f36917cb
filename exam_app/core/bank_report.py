"""Totals across several packs, per level: what `pack check` over a folder of banks reports.

A question included by several assessments is counted once (by id), so the totals describe the bank
rather than how often it is reused.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from exam_app.core.model import CodeBody, EssayBody, Pack, Question


def is_reviewable(question: Question) -> bool:
    """A free-text question a reviewer can grade: it has a reference answer (or solution) and key points."""
    body = question.body
    if isinstance(body, EssayBody):
        return bool(body.reference_answer) and bool(body.key_points)
    if isinstance(body, CodeBody):
        return bool(body.reference_solution) and bool(body.key_points)
    return False


def level_totals(packs: Iterable[Pack]) -> dict[str, dict[str, int]]:
    """Per level: distinct questions, objective ones, free-text ones and free-text ones ready for review."""
    unique: dict[str, Question] = {}
    for pack in packs:
        for question in pack.questions():
            unique.setdefault(question.id, question)
    totals: dict[str, dict[str, int]] = {}
    for question in unique.values():
        row = totals.setdefault(
            question.level or "unspecified",
            {"questions": 0, "objective": 0, "free_text": 0, "free_text_reviewable": 0},
        )
        row["questions"] += 1
        if question.is_objective:
            row["objective"] += 1
        else:
            row["free_text"] += 1
            row["free_text_reviewable"] += int(is_reviewable(question))
    return dict(sorted(totals.items()))


def report(packs: list[tuple[str, Pack, list[str]]], summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON document for several sources: each summary with its file and warnings, plus level totals."""
    return {
        "packs": [
            dict(summary, file=file, warnings=warnings)
            for (file, _, warnings), summary in zip(packs, summaries, strict=True)
        ],
        "levels": level_totals(pack for _, pack, _ in packs),
    }
