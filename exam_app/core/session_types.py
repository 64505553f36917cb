"""Values the session engine hands to its callers: presented questions, change sets and its error."""

from __future__ import annotations

from dataclasses import dataclass

from exam_app.core.errors import ExamAppError
from exam_app.core.model import Question, Section


class SessionError(ExamAppError):
    """The session cannot do that now (wrong state, closed section, unknown candidate...)."""


class UnknownCandidateError(SessionError):
    """The pack lists its candidates and this id is not among them."""


class AlreadySubmittedError(SessionError):
    """This candidate already submitted this pack version on this station."""


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
