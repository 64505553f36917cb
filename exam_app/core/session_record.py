"""What a station persists about an exam session, and the store interface the engine writes through.

The engine (`session.py`) never knows how records are stored: `exam_app.store` implements `SessionStore`
with SQLAlchemy on SQLite, and `MemorySessionStore` here is the fake tests pass in.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Protocol

from exam_app.core.answers import AnswerValue


@dataclass
class SessionRecord:
    """Everything needed to resume a session exactly where it stopped."""

    session_id: str
    pack_id: str
    pack_version: int
    candidate_id: str
    candidate_name: str
    state: str = "not_started"
    elapsed: float = 0.0
    added_seconds: float = 0.0
    current_index: int = 0
    section_elapsed: dict[str, float] = field(default_factory=dict)
    question_seconds: dict[str, float] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    answers: dict[str, AnswerValue] = field(default_factory=dict)
    kiosk: bool = True
    last_seen_wall: float = 0.0  # wall-clock time of the last heartbeat: only used for the downtime policy


@dataclass(frozen=True)
class SessionEvent:
    """Something that happened in a session, for reviewers: kind, details, exam time and wall time."""

    kind: str
    detail: dict[str, Any]
    elapsed: float
    wall: float


class SessionStore(Protocol):
    """Durable storage for sessions. Every method must be durable when it returns."""

    def find(self, pack_id: str, pack_version: int, candidate_id: str) -> SessionRecord | None:
        """The newest session of this candidate for this pack version, in any state."""

    def create(self, record: SessionRecord) -> None:
        """Store a new session."""

    def save_answer(
        self, session_id: str, question_id: str, value: AnswerValue, *, elapsed: float, wall: float
    ) -> None:
        """Store the current answer and append it to the answer's save history."""

    def save_progress(self, record: SessionRecord) -> None:
        """Store the record's state, times, position and flags (not the answers)."""

    def add_event(self, session_id: str, event: SessionEvent) -> None:
        """Append an event to the session's log."""


class MemorySessionStore:
    """An in-memory SessionStore for tests; copies on the way in and out, like a real database."""

    def __init__(self) -> None:
        self.records: dict[str, SessionRecord] = {}
        self.history: dict[str, list[tuple[str, AnswerValue, float]]] = {}
        self.events: dict[str, list[SessionEvent]] = {}

    def find(self, pack_id: str, pack_version: int, candidate_id: str) -> SessionRecord | None:
        """The newest matching record."""
        matches = [
            r for r in self.records.values()
            if (r.pack_id, r.pack_version, r.candidate_id) == (pack_id, pack_version, candidate_id)
        ]  # fmt: skip
        return copy.deepcopy(matches[-1]) if matches else None

    def create(self, record: SessionRecord) -> None:
        """Keep a copy."""
        self.records[record.session_id] = copy.deepcopy(record)

    def save_answer(
        self, session_id: str, question_id: str, value: AnswerValue, *, elapsed: float, wall: float
    ) -> None:
        """Update the answer and its history."""
        self.records[session_id].answers[question_id] = copy.deepcopy(value)
        self.history.setdefault(session_id, []).append((question_id, copy.deepcopy(value), elapsed))

    def save_progress(self, record: SessionRecord) -> None:
        """Update everything but the answers."""
        answers = self.records[record.session_id].answers
        self.records[record.session_id] = copy.deepcopy(record)
        self.records[record.session_id].answers = answers

    def add_event(self, session_id: str, event: SessionEvent) -> None:
        """Append to the log."""
        self.events.setdefault(session_id, []).append(event)
