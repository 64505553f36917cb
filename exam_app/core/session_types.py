"""Values the session engine hands to its callers: presented questions and change sets."""

from __future__ import annotations

from dataclasses import dataclass

from exam_app.core.model import Question, Section


@dataclass(frozen=True)
class PresentedItem:
    """One question as this candidate sees it: position, section and option order."""

    index: int
    section: Section
    question: Question
    option_order: tuple[int, ...]


@dataclass(frozen=True)
class SessionChanges:
    """What an operation changed; screens refresh only what is flagged."""

    answers: bool = False
    flags: bool = False
    position: bool = False
    timer: bool = False
    state: bool = False
    warning_seconds: int | None = None  # a time warning threshold just crossed
    closed_section: str | None = None  # a section whose own time limit just ran out
