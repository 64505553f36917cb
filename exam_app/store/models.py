"""The station database tables, as SQLAlchemy 2 declarative models.

    schema_version   one row: the schema this database was written with
    sessions         one row per sitting: a core SessionRecord without its answers
    answers          the current value of each answered question
    answer_saves     every save of every answer, in order, with exam time, wall time and a revision number
    session_events   the session's hash-chained log: sequence number (0-based), kind, JSON detail, exam time,
                     wall time, and the hashes linking it to the previous event (see core/event_chain.py)
    session_checkpoints  the station's signatures over the chain head after some events

Answer values and event details are JSON columns, so an answer reads back exactly as the candidate gave it
(int, list of ints, bool, text or None).
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID_LENGTH = 200  # session, pack, candidate and question ids are short; the limit only bounds bad input
HASH_LENGTH = 64  # SHA-256 in hex


class Base(DeclarativeBase):
    """Declarative base of the station database."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        dict[str, float]: JSON,
        list[str]: JSON,
        str: String(ID_LENGTH),
    }


class SchemaVersion(Base):
    """The single row saying which schema the file was written with."""

    __tablename__ = "schema_version"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1: there is one row
    version: Mapped[int]


class SessionRow(Base):
    """One candidate's sitting of one pack version."""

    __tablename__ = "sessions"
    __table_args__ = (Index("ix_sessions_pack_candidate", "pack_id", "pack_version", "candidate_id"),)

    # The integer key orders sessions by creation, so "newest" never depends on the wall clock.
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(unique=True)
    pack_id: Mapped[str]
    pack_version: Mapped[int]
    candidate_id: Mapped[str]
    candidate_name: Mapped[str] = mapped_column(String(1000))
    state: Mapped[str]
    elapsed: Mapped[float]
    added_seconds: Mapped[float]
    current_index: Mapped[int]
    section_elapsed: Mapped[dict[str, float]]
    question_seconds: Mapped[dict[str, float]]
    flags: Mapped[list[str]]
    kiosk: Mapped[bool]
    last_seen_wall: Mapped[float]


class AnswerRow(Base):
    """The current answer to one question; `revision` counts its saves."""

    __tablename__ = "answers"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("sessions.session_id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    revision: Mapped[int]


class AnswerSaveRow(Base):
    """One save of one answer: the history reviewers replay."""

    __tablename__ = "answer_saves"
    __table_args__ = (UniqueConstraint("session_id", "question_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.session_id", ondelete="CASCADE"))
    question_id: Mapped[str]
    revision: Mapped[int]
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    elapsed: Mapped[float]
    wall: Mapped[float]


class EventRow(Base):
    """One chained event of a session's log; `seq` numbers a session's events 0, 1, 2..."""

    __tablename__ = "session_events"
    __table_args__ = (UniqueConstraint("session_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.session_id", ondelete="CASCADE"))
    seq: Mapped[int]
    kind: Mapped[str]
    detail: Mapped[dict[str, Any]]
    elapsed: Mapped[float]
    wall: Mapped[float]
    prev: Mapped[str] = mapped_column(String(HASH_LENGTH))
    hash: Mapped[str] = mapped_column(String(HASH_LENGTH))


class CheckpointRow(Base):
    """The station's signature over a session's chain head after event `seq`."""

    __tablename__ = "session_checkpoints"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("sessions.session_id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(primary_key=True)
    head: Mapped[str] = mapped_column(String(HASH_LENGTH))
    signature: Mapped[str]  # base64 Ed25519 signature
