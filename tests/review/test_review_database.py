"""Review store schema: Alembic from an empty database, saved old stores, backups, newer stores refused."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from exam_app.core.errors import ExamAppError
from exam_app.store import review_database
from exam_app.store.review_database import (
    check_store,
    create_review_engine,
    current_revision,
    head_revision,
    resolve_url,
    upgrade_store,
)
from exam_app.store.review_store import ReviewStore

SAVED = Path(__file__).resolve().parents[1] / "fixtures" / "review-db"
NOW = datetime(2026, 6, 1, 8, 30, tzinfo=UTC)
# A revision written for this test only: adds a column the way a real next revision would (batch mode).
NEXT_REVISION = """
from alembic import op
import sqlalchemy as sa

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("packs") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("packs") as batch:
        batch.drop_column("note")
"""


def test_an_empty_database_is_upgraded_to_the_newest_revision(store_url: str) -> None:
    engine = create_review_engine(resolve_url(store_url))
    result = upgrade_store(engine, now=NOW)
    assert (result.before, result.after, result.backup) == (None, head_revision(), None)
    assert current_revision(engine) == head_revision()
    assert {
        "sittings",
        "answers",
        "answer_saves",
        "events",
        "grades",
        "key_point_ticks",
        "reviewer_notes",
        "integrity_reviews",
        "imports",
        "packs",
        "questions",
    } <= set(inspect(engine).get_table_names())
    assert upgrade_store(engine, now=NOW).before == head_revision()  # a second run changes nothing
    engine.dispose()


def test_a_store_written_by_a_newer_app_is_refused(store_url: str) -> None:
    ReviewStore.open(store_url).close()
    engine = create_engine(resolve_url(store_url))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(ExamAppError, match=r"written by a newer exam-app \(schema revision 9999"):
        ReviewStore.open(store_url)
    engine = create_review_engine(resolve_url(store_url))
    with pytest.raises(ExamAppError, match="newer exam-app"):
        upgrade_store(engine, now=NOW)
    engine.dispose()


def test_a_database_of_another_application_is_not_taken_over(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "other.db") as connection:
        connection.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(ExamAppError, match="holds other tables"):
        ReviewStore.open(str(tmp_path / "other.db"))


@pytest.fixture
def next_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], str]:
    """Turn this app into a newer one: its migrations plus one more revision; returns that revision."""

    def install() -> str:
        migrations = tmp_path / "migrations"
        shutil.copytree(review_database.MIGRATIONS, migrations, ignore=shutil.ignore_patterns("__pycache__"))
        (migrations / "versions" / "9001_next.py").write_text(NEXT_REVISION.format(head=head_revision()))
        monkeypatch.setattr(review_database, "MIGRATIONS", migrations)
        return "9001"

    return install


@pytest.mark.parametrize("saved", sorted(SAVED.glob("v*.sqlite3")), ids=lambda path: path.stem)
def test_saved_stores_upgrade_with_a_backup_and_keep_their_data(
    saved: Path, tmp_path: Path, next_app
) -> None:
    newest = next_app()
    expected = json.loads(saved.with_suffix(".json").read_text())
    copy = tmp_path / "review.sqlite3"
    shutil.copyfile(saved, copy)
    engine = create_review_engine(resolve_url(str(copy)))
    with pytest.raises(ExamAppError, match="run `exam-app review db upgrade`"):
        check_store(engine)  # an older store is never upgraded behind the user's back
    result = upgrade_store(engine, now=NOW)
    assert (result.before, result.after) == (expected["revision"], newest)
    assert result.backup == tmp_path / f"review.sqlite3.backup-{expected['revision']}-20260601T083000Z"
    with sqlite3.connect(result.backup) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == (expected["revision"],)
    assert "note" in {column["name"] for column in inspect(engine).get_columns("packs")}
    engine.dispose()
    store = ReviewStore.open(str(copy))
    rows = {row.candidate_id: row for row in store.list_candidates()}
    assert set(rows) == set(expected["candidates"])
    for candidate, figures in expected["candidates"].items():
        assert {name: getattr(rows[candidate], name) for name in figures} == figures
    store.close()


def test_postgresql_upgrades_from_the_previous_revision(postgres_url: str, next_app) -> None:
    ReviewStore.open(postgres_url).close()  # created by this app
    before, newest = head_revision(), next_app()
    engine = create_review_engine(resolve_url(postgres_url))
    result = upgrade_store(engine, now=NOW)
    assert (result.before, result.after, result.backup) == (before, newest, None)  # pg_dump is the DBA's
    assert "note" in {column["name"] for column in inspect(engine).get_columns("packs")}
    engine.dispose()


def test_the_store_url_comes_from_the_option_the_environment_or_the_data_directory(
    monkeypatch, isolated_home
):
    monkeypatch.delenv(review_database.ENVIRONMENT_VARIABLE, raising=False)
    assert resolve_url().database == str(isolated_home / "review.sqlite3")
    monkeypatch.setenv(review_database.ENVIRONMENT_VARIABLE, "postgresql://team@db.example/review")
    assert resolve_url().drivername == "postgresql+psycopg"
    assert resolve_url("/srv/review.sqlite3").database == "/srv/review.sqlite3"
    with pytest.raises(ExamAppError, match="not a valid SQLAlchemy URL"):
        resolve_url("nonsense://:::")
