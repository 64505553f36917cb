"""Initial review store: sittings, answers, saves, events, grades, ticks, notes, integrity marks, imports

Revision ID: 0001
Revises:
Create Date: 2026-11-23 04:44:11.039227
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=32), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("bundle_sha256", sa.String(length=64), nullable=True),
        sa.Column("session_id", sa.String(length=32), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_imports_run_id"), ["run_id"], unique=False)

    op.create_table(
        "packs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pack_id", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256"),
    )
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_ref", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=40), nullable=True),
        sa.Column("points", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["pack_ref"], ["packs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pack_ref", "question_id"),
    )
    op.create_table(
        "sittings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(length=32), nullable=False),
        sa.Column("candidate_id", sa.String(length=200), nullable=False),
        sa.Column("candidate_name", sa.Text(), nullable=False),
        sa.Column("pack_ref", sa.Integer(), nullable=False),
        sa.Column("station", sa.String(length=100), nullable=False),
        sa.Column("station_key_id", sa.String(length=40), nullable=False),
        sa.Column("app_version", sa.String(length=100), nullable=False),
        sa.Column("app_build", sa.String(length=100), nullable=False),
        sa.Column("kiosk", sa.Boolean(), nullable=False),
        sa.Column("extra_time_factor", sa.Float(), nullable=False),
        sa.Column("added_seconds", sa.Float(), nullable=False),
        sa.Column("limit_seconds", sa.Float(), nullable=False),
        sa.Column("started_wall", sa.Float(), nullable=False),
        sa.Column("ended_wall", sa.Float(), nullable=False),
        sa.Column("elapsed", sa.Float(), nullable=False),
        sa.Column("end_reason", sa.Text(), nullable=False),
        sa.Column("station_auto_earned", sa.Float(), nullable=False),
        sa.Column("station_auto_available", sa.Float(), nullable=False),
        sa.Column("station_manual_available", sa.Float(), nullable=False),
        sa.Column("bundle_file", sa.Text(), nullable=False),
        sa.Column("bundle_sha256", sa.String(length=64), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("bundle_created", sa.String(length=40), nullable=False),
        sa.Column("event_head", sa.String(length=64), nullable=False),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verified_by", sa.String(length=100), nullable=False),
        sa.Column("score_earned", sa.Float(), nullable=False),
        sa.Column("score_available", sa.Float(), nullable=False),
        sa.Column("ungraded", sa.Integer(), nullable=False),
        sa.Column("seconds_away", sa.Float(), nullable=False),
        sa.Column("focus_losses", sa.Integer(), nullable=False),
        sa.Column("signals", sa.Integer(), nullable=False),
        sa.Column("locks", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Float(), nullable=False),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pack_ref"],
            ["packs.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bundle_sha256"),
        sa.UniqueConstraint("session_id"),
    )
    with op.batch_alter_table("sittings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sittings_candidate_id"), ["candidate_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sittings_pack_ref"), ["pack_ref"], unique=False)
        batch_op.create_index(batch_op.f("ix_sittings_priority"), ["priority"], unique=False)
        batch_op.create_index(batch_op.f("ix_sittings_score_earned"), ["score_earned"], unique=False)
        batch_op.create_index(batch_op.f("ix_sittings_started_wall"), ["started_wall"], unique=False)

    op.create_table(
        "answer_saves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sitting_ref", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=200), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("elapsed", sa.Float(), nullable=False),
        sa.Column("wall", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["sitting_ref"], ["sittings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("answer_saves", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_answer_saves_sitting_ref"), ["sitting_ref"], unique=False)

    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sitting_ref", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.String(length=200), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("auto_points", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["sitting_ref"], ["sittings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sitting_ref", "question_id"),
    )
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.create_index("ix_answers_question", ["question_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_answers_sitting_ref"), ["sitting_ref"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sitting_ref", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("elapsed", sa.Float(), nullable=False),
        sa.Column("wall", sa.Float(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["sitting_ref"], ["sittings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sitting_ref", "seq"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_sitting_ref"), ["sitting_ref"], unique=False)

    op.create_table(
        "integrity_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sitting_ref", sa.Integer(), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["sitting_ref"], ["sittings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("integrity_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_integrity_reviews_sitting_ref"), ["sitting_ref"], unique=False)

    op.create_table(
        "reviewer_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sitting_ref", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=200), nullable=True),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["sitting_ref"], ["sittings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reviewer_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reviewer_notes_sitting_ref"), ["sitting_ref"], unique=False)

    op.create_table(
        "grades",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_ref", sa.Integer(), nullable=False),
        sa.Column("marker", sa.Integer(), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("adjustment", sa.Float(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("graded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["answer_ref"], ["answers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("answer_ref", "marker"),
    )
    op.create_table(
        "key_point_ticks",
        sa.Column("grade_ref", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("ticked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["grade_ref"], ["grades.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("grade_ref", "position"),
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("key_point_ticks")
    op.drop_table("grades")
    with op.batch_alter_table("reviewer_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviewer_notes_sitting_ref"))

    op.drop_table("reviewer_notes")
    with op.batch_alter_table("integrity_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_integrity_reviews_sitting_ref"))

    op.drop_table("integrity_reviews")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_sitting_ref"))

    op.drop_table("events")
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answers_sitting_ref"))
        batch_op.drop_index("ix_answers_question")

    op.drop_table("answers")
    with op.batch_alter_table("answer_saves", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_saves_sitting_ref"))

    op.drop_table("answer_saves")
    with op.batch_alter_table("sittings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sittings_started_wall"))
        batch_op.drop_index(batch_op.f("ix_sittings_score_earned"))
        batch_op.drop_index(batch_op.f("ix_sittings_priority"))
        batch_op.drop_index(batch_op.f("ix_sittings_pack_ref"))
        batch_op.drop_index(batch_op.f("ix_sittings_candidate_id"))

    op.drop_table("sittings")
    op.drop_table("questions")
    op.drop_table("packs")
    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_imports_run_id"))

    op.drop_table("imports")
