"""What a station keeps about an exam session, the store interface the engine writes through, and its audit.

The engine (`session.py`) never knows how records are stored: `exam_app.store` implements `SessionStore`
with SQLAlchemy on SQLite, and `MemorySessionStore` here is the fake tests pass in. `verify_session_log`
is what a reviewer runs on a stored session: the hash chain, the station's checkpoints, and the answer
history against the chain's `answer_saved` events.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from exam_app.core.answers import AnswerValue
from exam_app.core.encoding import canonical_json
from exam_app.core.event_chain import ChainedEvent, ChainError, Checkpoint, verify_chain

ANSWER_SAVED = "answer_saved"  # the event kind written right after every answer save


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
class AnswerSave:
    """One save of one answer, as kept in the history."""

    question_id: str
    value: AnswerValue
    revision: int  # 1 for the first save of this question in this session, then 2, 3...
    elapsed: float  # exam seconds at the save
    wall: float  # wall-clock time of the save (for reviewers only; never used to measure time)


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

    def add_event(self, session_id: str, event: ChainedEvent, checkpoint: Checkpoint | None = None) -> None:
        """Append a chained event, and the checkpoint signing it if any, in one transaction."""

    def events(self, session_id: str) -> list[ChainedEvent]:
        """The session's event log in sequence order."""

    def checkpoints(self, session_id: str) -> list[Checkpoint]:
        """The session's signed checkpoints in sequence order."""

    def answer_history(self, session_id: str) -> list[AnswerSave]:
        """Every answer save of the session, oldest first."""


class MemorySessionStore:
    """An in-memory SessionStore for tests; copies on the way in and out, like a real database."""

    def __init__(self) -> None:
        self.records: dict[str, SessionRecord] = {}
        self.saves: dict[str, list[AnswerSave]] = {}
        self.chains: dict[str, list[ChainedEvent]] = {}
        self.signed: dict[str, list[Checkpoint]] = {}

    def find(self, pack_id: str, pack_version: int, candidate_id: str) -> SessionRecord | None:
        """The newest matching record."""
        matches = [
            r for r in self.records.values()
            if (r.pack_id, r.pack_version, r.candidate_id) == (pack_id, pack_version, candidate_id)
        ]  # fmt: skip
        return copy.deepcopy(matches[-1]) if matches else None

    def create(self, record: SessionRecord) -> None:
        """Keep a copy; answers it already holds start their history, as in the SQL store."""
        self.records[record.session_id] = copy.deepcopy(record)
        for question_id, value in record.answers.items():
            self._append_save(record.session_id, question_id, value, record.elapsed, record.last_seen_wall)

    def save_answer(
        self, session_id: str, question_id: str, value: AnswerValue, *, elapsed: float, wall: float
    ) -> None:
        """Update the answer and its history."""
        self.records[session_id].answers[question_id] = copy.deepcopy(value)
        self._append_save(session_id, question_id, value, elapsed, wall)

    def save_progress(self, record: SessionRecord) -> None:
        """Update everything but the answers."""
        answers = self.records[record.session_id].answers
        self.records[record.session_id] = copy.deepcopy(record)
        self.records[record.session_id].answers = answers

    def add_event(self, session_id: str, event: ChainedEvent, checkpoint: Checkpoint | None = None) -> None:
        """Append to the log (and the checkpoints)."""
        self.chains.setdefault(session_id, []).append(copy.deepcopy(event))
        if checkpoint is not None:
            self.signed.setdefault(session_id, []).append(checkpoint)

    def events(self, session_id: str) -> list[ChainedEvent]:
        """A copy of the log."""
        return copy.deepcopy(self.chains.get(session_id, []))

    def checkpoints(self, session_id: str) -> list[Checkpoint]:
        """A copy of the checkpoints."""
        return list(self.signed.get(session_id, []))

    def answer_history(self, session_id: str) -> list[AnswerSave]:
        """A copy of the history."""
        return copy.deepcopy(self.saves.get(session_id, []))

    def _append_save(
        self, session_id: str, question_id: str, value: AnswerValue, elapsed: float, wall: float
    ) -> None:
        history = self.saves.setdefault(session_id, [])
        revision = 1 + sum(save.question_id == question_id for save in history)
        history.append(AnswerSave(question_id, copy.deepcopy(value), revision, elapsed, wall))


def answer_sha256(value: AnswerValue) -> str:
    """The hash an `answer_saved` event records: SHA-256 hex of the answer's canonical JSON."""
    return hashlib.sha256(canonical_json(value)).hexdigest()


def answer_saved_detail(question_id: str, value: AnswerValue) -> dict[str, str]:
    """The detail of the `answer_saved` event vouching for the save of `value` as `question_id`'s answer."""
    return {"question": question_id, "value_sha256": answer_sha256(value)}


def verify_session_log(store: SessionStore, record: SessionRecord, station_key: Ed25519PublicKey) -> str:
    """Check a stored session's chain, checkpoints and answer history; return the head hash."""
    session_id = record.session_id
    events = store.events(session_id)
    submitted = record.state == "submitted" or (bool(events) and events[-1].kind == "submitted")
    return check_session_log(
        session_id, events, store.checkpoints(session_id), store.answer_history(session_id), station_key,
        submitted=submitted,
    )  # fmt: skip


def check_session_log(
    session_id: str,
    events: list[ChainedEvent],
    checkpoints: list[Checkpoint],
    history: list[AnswerSave],
    station_key: Ed25519PublicKey,
    *,
    submitted: bool,
) -> str:
    """Check a session's chain, checkpoints and answer history wherever they come from; return the head.

    Raises ChainError naming the first fault. A submitted session must end in a station checkpoint:
    without that rule, whoever can write the database could delete the checkpoints and rebuild the chain.
    Used on the station (`exam-app session verify`) and by reviewers (`exam-app result verify`).
    """
    head = verify_chain(session_id, events, checkpoints, station_key)
    if submitted and (not checkpoints or checkpoints[-1].seq != events[-1].seq):
        raise ChainError("event log: the session was submitted but its last event has no station checkpoint")
    _check_answer_history([e for e in events if e.kind == ANSWER_SAVED], history)
    return head


def _check_answer_history(logged: list[ChainedEvent], history: list[AnswerSave]) -> None:
    """Each save must match its `answer_saved` event (same order, hash and times) and number its revision."""
    revisions: dict[str, int] = {}
    for number, (event, save) in enumerate(zip(logged, history, strict=False), start=1):
        revisions[save.question_id] = revisions.get(save.question_id, 0) + 1
        expected = (answer_saved_detail(save.question_id, save.value), save.elapsed, save.wall)
        if (event.detail, event.elapsed, event.wall) != expected:
            raise ChainError(
                f"answer history: save {number} ({save.question_id}) does not match event {event.seq}"
            )
        if save.revision != revisions[save.question_id]:
            raise ChainError(
                f"answer history: save {number} ({save.question_id}) has revision {save.revision},"
                f" expected {revisions[save.question_id]}"
            )
    if len(history) != len(logged):
        raise ChainError(
            f"answer history: {len(history)} saves, but the event log records {len(logged)} answer saves"
        )
