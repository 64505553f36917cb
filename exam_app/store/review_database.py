"""Opening the review store: which database, its schema revision, and Alembic upgrades with a backup.

The store is any SQLAlchemy URL: SQLite in the user's data directory by default, PostgreSQL for a team
(`postgresql://` means psycopg 3 here). Alembic runs from Python with the migration environment shipped in
`exam_app/store/migrations`, so no alembic.ini is needed. Rules, as for the station database:
- a new (empty) store is created at the newest revision on first use;
- a store at an older revision is only upgraded by `exam-app review db upgrade`, which backs up SQLite
  files first (a PostgreSQL store is backed up by its administrator, e.g. with pg_dump);
- a store at a revision this app does not know was written by a newer exam-app and is refused.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import URL, Engine, create_engine, event, inspect, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from exam_app.core.errors import ExamAppError
from exam_app.core.paths import review_database_path

ENVIRONMENT_VARIABLE = "EXAM_APP_REVIEW_DB"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True)
class UpgradeResult:
    """What `upgrade_store` did: revisions before and after, and the SQLite backup it made (if any)."""

    before: str | None
    after: str
    backup: Path | None


def resolve_url(text: str | None = None) -> URL:
    """The store's URL: `text` (--db), else $EXAM_APP_REVIEW_DB, else SQLite in the app's data directory.

    A value without `://` is taken as a SQLite file path.
    """
    text = text or os.environ.get(ENVIRONMENT_VARIABLE) or str(review_database_path())
    if "://" not in text:
        return URL.create("sqlite", database=str(Path(text).expanduser()))
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise ExamAppError("the review store URL is not a valid SQLAlchemy URL") from None
    # Plain postgresql:// would pick psycopg2; this app uses psycopg 3.
    return url.set(drivername="postgresql+psycopg") if url.drivername == "postgresql" else url


def describe(url: URL) -> str:
    """The URL as it may be shown (password hidden)."""
    return url.render_as_string(hide_password=True)


def create_review_engine(url: URL) -> Engine:
    """An engine on the store; SQLite files get WAL, foreign keys and a busy timeout."""
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema revision this app knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The store's revision; None for a database that holds no review store yet."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _known(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(_config()).get_revision(revision) is not None
    except CommandError:
        return False


def check_store(engine: Engine) -> None:
    """Create a new store, or refuse one that is older or newer than this app."""
    url = describe(engine.url)
    try:
        revision = current_revision(engine)
        if revision is None:
            if inspect(engine).get_table_names():
                raise ExamAppError(f"{url}: this database holds other tables, not an exam-app review store")
            _run_upgrade(engine)
            return
    except SQLAlchemyError as exc:
        raise ExamAppError(f"{url}: cannot open the review store ({_reason(exc)})") from None
    if not _known(revision):
        raise ExamAppError(
            f"{url}: this review store was written by a newer exam-app (schema revision {revision}, this app"
            f" knows up to {head_revision()}); update exam-app"
        )
    if revision != head_revision():
        raise ExamAppError(
            f"{url}: this review store has schema revision {revision}; run `exam-app review db upgrade` to"
            f" bring it to {head_revision()} (SQLite stores are backed up first)"
        )


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's first line, which names the problem without the statement or parameters."""
    original = getattr(exc, "orig", None) or exc
    return str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__


def open_review_engine(url: URL) -> Engine:
    """An engine on a store at the newest revision (a new store is created); see `check_store`."""
    engine = create_review_engine(url)
    try:
        check_store(engine)
    except ExamAppError:
        engine.dispose()
        raise
    return engine


def upgrade_store(engine: Engine, *, now: datetime) -> UpgradeResult:
    """Bring the store to the newest revision, backing up a SQLite file first; refuses a newer store."""
    try:
        before = current_revision(engine)
    except SQLAlchemyError as exc:
        raise ExamAppError(f"{describe(engine.url)}: cannot open the review store ({_reason(exc)})") from None
    if before is not None and not _known(before):
        check_store(engine)  # raises the "newer exam-app" error
    if before == head_revision():
        return UpgradeResult(before, before, None)
    backup = _backup_sqlite(engine, before, now) if before is not None else None
    _run_upgrade(engine)
    return UpgradeResult(before, head_revision(), backup)


def _run_upgrade(engine: Engine) -> None:
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _backup_sqlite(engine: Engine, revision: str, now: datetime) -> Path | None:
    """A consistent copy of a SQLite store (sqlite3's online backup, safe with WAL) beside the file."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    source_path = Path(database)
    target = source_path.with_name(f"{source_path.name}.backup-{revision}-{now:%Y%m%dT%H%M%SZ}")
    source, copy = sqlite3.connect(source_path), sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
    finally:
        source.close()
        copy.close()
    return target
