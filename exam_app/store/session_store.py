"""`SqlSessionStore`: the core `SessionStore` on the station's SQLite database.

Every method is one short transaction, committed before it returns; with the engine from
`open_station_database` (WAL, synchronous=FULL) a returned call is on disk, so a kill or a power cut right
after it loses nothing it wrote. An event and the checkpoint signing it go in the same transaction, so a
checkpoint never exists without its event.

Threading: one writer thread. In this version the GUI thread owns the store and makes every call; the
store keeps no state between calls besides the engine, but it does not serialise concurrent writers
(answer revision numbers are read then written), so do not share it between threads.
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from exam_app.core.answers import AnswerValue
from exam_app.core.errors import ExamAppError
from exam_app.core.event_chain import ChainedEvent, Checkpoint
from exam_app.core.session_record import AnswerSave, SessionRecord
from exam_app.store.models import AnswerRow, AnswerSaveRow, CheckpointRow, EventRow, SessionRow

# SessionRecord fields that save_progress writes: everything except the identity and the answers.
PROGRESS_FIELDS = (
    "state",
    "elapsed",
    "added_seconds",
    "current_index",
    "section_elapsed",
    "question_seconds",
    "flags",
    "kiosk",
    "last_seen_wall",
)
IDENTITY_FIELDS = ("session_id", "pack_id", "pack_version", "candidate_id", "candidate_name")


class SqlSessionStore:
    """Durable session storage with SQLAlchemy; implements `exam_app.core.session_record.SessionStore`."""

    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def find(self, pack_id: str, pack_version: int, candidate_id: str) -> SessionRecord | None:
        """The newest session of this candidate for this pack version, in any state."""
        query = (
            select(SessionRow)
            .where(
                SessionRow.pack_id == pack_id,
                SessionRow.pack_version == pack_version,
                SessionRow.candidate_id == candidate_id,
            )
            .order_by(SessionRow.id.desc())
            .limit(1)
        )
        with self._sessions() as db:
            row = db.scalars(query).first()
            return None if row is None else _record(db, row)

    def sessions(self) -> list[SessionRecord]:
        """Every session on this station, oldest first (for reviewers; not part of `SessionStore`)."""
        with self._sessions() as db:
            return [_record(db, row) for row in db.scalars(select(SessionRow).order_by(SessionRow.id))]

    def create(self, record: SessionRecord) -> None:
        """Store a new session, with any answers it already holds as their first save."""
        with self._sessions.begin() as db:
            db.add(SessionRow(**{name: getattr(record, name) for name in IDENTITY_FIELDS + PROGRESS_FIELDS}))
            db.flush()  # the session row must exist before rows that reference it
            for question_id, value in record.answers.items():
                _add_save(db, record.session_id, question_id, value, record.elapsed, record.last_seen_wall)

    def save_answer(
        self, session_id: str, question_id: str, value: AnswerValue, *, elapsed: float, wall: float
    ) -> None:
        """Store the current answer and append it to the answer's save history."""
        with self._sessions.begin() as db:
            _session_row(db, session_id)
            _add_save(db, session_id, question_id, value, elapsed, wall)

    def save_progress(self, record: SessionRecord) -> None:
        """Store the record's state, times, position and flags (not the answers)."""
        with self._sessions.begin() as db:
            row = _session_row(db, record.session_id)
            for name in PROGRESS_FIELDS:
                setattr(row, name, getattr(record, name))

    def add_event(self, session_id: str, event: ChainedEvent, checkpoint: Checkpoint | None = None) -> None:
        """Append a chained event (its `seq` as given) and its checkpoint, if any, in one transaction."""
        with self._sessions.begin() as db:
            _session_row(db, session_id)
            db.add(EventRow(session_id=session_id, **event.to_dict()))
            if checkpoint is not None:
                db.add(CheckpointRow(session_id=session_id, **checkpoint.to_dict()))

    def events(self, session_id: str) -> list[ChainedEvent]:
        """A session's log in sequence order."""
        query = select(EventRow).where(EventRow.session_id == session_id).order_by(EventRow.seq)
        with self._sessions() as db:
            return [
                ChainedEvent(row.seq, row.kind, row.detail, row.elapsed, row.wall, row.prev, row.hash)
                for row in db.scalars(query)
            ]

    def checkpoints(self, session_id: str) -> list[Checkpoint]:
        """A session's signed checkpoints in sequence order."""
        query = (
            select(CheckpointRow).where(CheckpointRow.session_id == session_id).order_by(CheckpointRow.seq)
        )
        with self._sessions() as db:
            return [Checkpoint(row.seq, row.head, row.signature) for row in db.scalars(query)]

    def answer_history(self, session_id: str) -> list[AnswerSave]:
        """Every answer save of a session, oldest first."""
        query = select(AnswerSaveRow).where(AnswerSaveRow.session_id == session_id).order_by(AnswerSaveRow.id)
        with self._sessions() as db:
            return [
                AnswerSave(row.question_id, row.value, row.revision, row.elapsed, row.wall)
                for row in db.scalars(query)
            ]


def _record(db: Session, row: SessionRow) -> SessionRecord:
    """The core record of a session row, with its current answers."""
    answers = db.execute(
        select(AnswerRow.question_id, AnswerRow.value).where(AnswerRow.session_id == row.session_id)
    )
    return SessionRecord(
        **{name: getattr(row, name) for name in IDENTITY_FIELDS + PROGRESS_FIELDS},
        answers={question_id: value for question_id, value in answers},
    )


def _session_row(db: Session, session_id: str) -> SessionRow:
    row = db.scalars(select(SessionRow).where(SessionRow.session_id == session_id)).first()
    if row is None:
        raise ExamAppError(f"session {session_id} is not in the station database")
    return row


def _add_save(
    db: Session, session_id: str, question_id: str, value: AnswerValue, elapsed: float, wall: float
) -> None:
    """Set the current answer and append a save with the next revision number."""
    current = db.get(AnswerRow, (session_id, question_id))
    if current is None:
        current = AnswerRow(session_id=session_id, question_id=question_id, value=value, revision=1)
        db.add(current)
    else:
        current.value = value
        current.revision += 1
    db.add(
        AnswerSaveRow(
            session_id=session_id,
            question_id=question_id,
            revision=current.revision,
            value=value,
            elapsed=elapsed,
            wall=wall,
        )
    )
