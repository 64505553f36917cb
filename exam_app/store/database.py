"""Opening the station's SQLite database: durable settings on every connection, and the schema version.

Durability choices, because the issue says an answer saved must survive a kill or a power cut:
- WAL journal: a commit appends to the log instead of rewriting pages, so saves stay fast;
- synchronous=FULL: in WAL mode that fsyncs the log at every commit, so a commit that returned is on disk
  (NORMAL would only protect against a crash of the app, not of the machine);
- real transactions: pysqlite's legacy mode starts transactions behind SQLAlchemy's back, so we switch it
  off and emit BEGIN ourselves (the recipe from the SQLAlchemy SQLite dialect docs).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, insert, inspect, select
from sqlalchemy.exc import DatabaseError

from exam_app.core.errors import ExamAppError
from exam_app.store.models import Base, SchemaVersion

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 5000  # another process (a backup, a reviewer's tool) may hold the file briefly


def open_station_database(path: Path) -> Engine:
    """An engine on the database at `path`, created with the current schema if new.

    Raises ExamAppError when the file is not a station database or was written by a newer exam-app.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(URL.create("sqlite", database=str(path)))
    event.listen(engine, "connect", _configure_connection)
    event.listen(engine, "begin", _begin)
    try:
        with engine.begin() as connection:
            _check_or_create_schema(connection, path)
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        reason = exc.orig if isinstance(exc, DatabaseError) else exc
        raise ExamAppError(f"{path}: not a readable exam-app station database ({reason})") from exc
    except ExamAppError:
        engine.dispose()
        raise
    return engine


def _configure_connection(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    """Settings SQLite keeps per connection (journal_mode is stored in the file, setting it again is free)."""
    dbapi_connection.isolation_level = None  # autocommit at the driver level; _begin starts transactions
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _check_or_create_schema(connection: Connection, path: Path) -> None:
    """Create the tables in a new file; refuse a schema this version of the app does not know."""
    if not inspect(connection).has_table(SchemaVersion.__tablename__):
        Base.metadata.create_all(connection)
        connection.execute(insert(SchemaVersion).values(id=1, version=SCHEMA_VERSION))
        return
    version = connection.execute(select(SchemaVersion.version).where(SchemaVersion.id == 1)).scalar()
    if version is not None and version > SCHEMA_VERSION:
        raise ExamAppError(
            f"{path}: this station database was written by a newer exam-app (schema {version}, this app"
            f" knows {SCHEMA_VERSION}); update exam-app on this station"
        )
    if version != SCHEMA_VERSION:
        raise ExamAppError(f"{path}: not a readable exam-app station database (schema version {version})")
