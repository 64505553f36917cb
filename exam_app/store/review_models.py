"""Tables of the review store (schema changes only through a new Alembic revision in `migrations/`).

Every sitting (one verified result bundle) keeps what it proved: answers, the whole answer save history and
event log, and the fingerprints it was verified with. What reviewers add (grades and their key-point ticks,
notes, integrity review marks) lives in its own tables, so a sitting's imported facts are never rewritten.
A few figures on `sittings` (score, ungraded count, integrity totals) are kept up to date by the store, so
listing and sorting 10,000 candidates needs no join.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class ReviewBase(DeclarativeBase):
    """Declarative base of the review store (separate from the station database's)."""


def _sitting_fk() -> Any:
    """The column linking a row to its sitting (rows go when their sitting goes)."""
    return mapped_column(ForeignKey("sittings.id", ondelete="CASCADE"), index=True)


class PackRecord(ReviewBase):
    """A pack that sittings ran, named by the SHA-256 of its file; `definition` once the pack was imported."""

    __tablename__ = "packs"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    pack_id: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    # The pack's questions and sections as `Pack.to_payload()` JSON, without the proctor secret.
    definition: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class QuestionRecord(ReviewBase):
    """One question of an imported pack, indexed for grading by question across candidates."""

    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("pack_ref", "question_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    pack_ref: Mapped[int] = mapped_column(ForeignKey("packs.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)
    section_id: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(40))
    level: Mapped[str | None] = mapped_column(String(40), nullable=True)
    points: Mapped[float] = mapped_column(Float)


class Sitting(ReviewBase):
    """One candidate's verified sitting of one pack."""

    __tablename__ = "sittings"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(String(32), unique=True)
    candidate_id: Mapped[str] = mapped_column(String(200), index=True)
    candidate_name: Mapped[str] = mapped_column(Text)
    pack_ref: Mapped[int] = mapped_column(ForeignKey("packs.id"), index=True)
    station: Mapped[str] = mapped_column(String(100))
    station_key_id: Mapped[str] = mapped_column(String(40))
    app_version: Mapped[str] = mapped_column(String(100))
    app_build: Mapped[str] = mapped_column(String(100))
    kiosk: Mapped[bool] = mapped_column(Boolean)
    extra_time_factor: Mapped[float] = mapped_column(Float)
    added_seconds: Mapped[float] = mapped_column(Float)
    limit_seconds: Mapped[float] = mapped_column(Float)
    started_wall: Mapped[float] = mapped_column(Float, index=True)
    ended_wall: Mapped[float] = mapped_column(Float)
    elapsed: Mapped[float] = mapped_column(Float)
    end_reason: Mapped[str] = mapped_column(Text)
    station_auto_earned: Mapped[float] = mapped_column(Float)
    station_auto_available: Mapped[float] = mapped_column(Float)
    station_manual_available: Mapped[float] = mapped_column(Float)
    # Verification and fingerprints.
    bundle_file: Mapped[str] = mapped_column(Text)
    bundle_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    bundle_created: Mapped[str] = mapped_column(String(40))
    event_head: Mapped[str] = mapped_column(String(64))
    event_count: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    verified_by: Mapped[str] = mapped_column(String(100))  # exam-app version that verified it
    # Kept up to date by the store, for the candidate list.
    score_earned: Mapped[float] = mapped_column(Float, index=True)
    score_available: Mapped[float] = mapped_column(Float)
    ungraded: Mapped[int] = mapped_column(Integer)
    seconds_away: Mapped[float] = mapped_column(Float)
    focus_losses: Mapped[int] = mapped_column(Integer)
    signals: Mapped[int] = mapped_column(Integer)
    locks: Mapped[int] = mapped_column(Integer)
    priority: Mapped[float] = mapped_column(Float, index=True)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)


class AnswerRow(ReviewBase):
    """A sitting's final answer to one question; `auto_points` for objective questions of a known pack."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("sitting_ref", "question_id"),
        Index("ix_answers_question", "question_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_ref: Mapped[int] = _sitting_fk()
    question_id: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)
    section_id: Mapped[str] = mapped_column(String(200))
    value: Mapped[Any] = mapped_column(JSON)
    seconds: Mapped[float] = mapped_column(Float)
    flagged: Mapped[bool] = mapped_column(Boolean)
    auto_points: Mapped[float | None] = mapped_column(Float, nullable=True)


class AnswerSaveRow(ReviewBase):
    """Every save of every answer, oldest first (`position`)."""

    __tablename__ = "answer_saves"
    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_ref: Mapped[int] = _sitting_fk()
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(200))
    revision: Mapped[int] = mapped_column(Integer)
    value: Mapped[Any] = mapped_column(JSON)
    elapsed: Mapped[float] = mapped_column(Float)
    wall: Mapped[float] = mapped_column(Float)


class EventRow(ReviewBase):
    """One event of a sitting's verified, hash-chained log."""

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("sitting_ref", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_ref: Mapped[int] = _sitting_fk()
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(100))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    elapsed: Mapped[float] = mapped_column(Float)
    wall: Mapped[float] = mapped_column(Float)
    hash: Mapped[str] = mapped_column(String(64))


class GradeRow(ReviewBase):
    """The current grade of one answer by one marker (1: of record, 2: second marker)."""

    __tablename__ = "grades"
    __table_args__ = (UniqueConstraint("answer_ref", "marker"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    answer_ref: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    marker: Mapped[int] = mapped_column(Integer)
    points: Mapped[float] = mapped_column(Float)
    adjustment: Mapped[float] = mapped_column(Float)
    comment: Mapped[str] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(200))
    graded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class KeyPointTick(ReviewBase):
    """Whether the reviewer ticked key point `position` (0-based) in a grade."""

    __tablename__ = "key_point_ticks"
    grade_ref: Mapped[int] = mapped_column(ForeignKey("grades.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticked: Mapped[bool] = mapped_column(Boolean)


class NoteRow(ReviewBase):
    """A reviewer's note on a sitting, or on one of its answers."""

    __tablename__ = "reviewer_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_ref: Mapped[int] = _sitting_fk()
    question_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reviewer: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IntegrityReviewRow(ReviewBase):
    """A sitting marked reviewed for integrity, with a note; the newest mark is the current one."""

    __tablename__ = "integrity_reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_ref: Mapped[int] = _sitting_fk()
    reviewer: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text)
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ImportLogRow(ReviewBase):
    """Every file every import looked at, and what became of it."""

    __tablename__ = "imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[str] = mapped_column(String(32), index=True)
    file: Mapped[str] = mapped_column(Text)
    bundle_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    session_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
