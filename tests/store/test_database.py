"""open_station_database: durable connection settings, and the schema version guard."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from exam_app.core.errors import ExamAppError
from exam_app.store.database import SCHEMA_VERSION, open_station_database
from exam_app.store.models import SchemaVersion


def pragma(engine: Engine, name: str) -> object:
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_every_connection_is_wal_with_full_synchronous_commits(engine: Engine) -> None:
    assert pragma(engine, "journal_mode") == "wal"
    assert pragma(engine, "synchronous") == 2  # FULL: the log is fsynced at every commit
    assert pragma(engine, "foreign_keys") == 1


def test_a_new_database_holds_one_schema_version_row(engine: Engine, db_path: Path) -> None:
    with engine.connect() as connection:
        rows = connection.execute(select(SchemaVersion.id, SchemaVersion.version)).all()
    assert [tuple(row) for row in rows] == [(1, SCHEMA_VERSION)]
    engine.dispose()
    reopened = open_station_database(db_path)  # opening again must not add a second row
    try:
        with reopened.connect() as connection:
            assert len(connection.execute(select(SchemaVersion.id)).all()) == 1
    finally:
        reopened.dispose()


def test_a_database_from_a_newer_app_is_refused(engine: Engine, db_path: Path) -> None:
    with engine.begin() as connection:
        connection.execute(update(SchemaVersion).values(version=SCHEMA_VERSION + 1))
    engine.dispose()
    with pytest.raises(ExamAppError, match="was written by a newer exam-app") as caught:
        open_station_database(db_path)
    assert str(db_path) in str(caught.value)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "station.sqlite3"
    path.write_bytes(b"this is not SQLite\n" * 200)
    with pytest.raises(ExamAppError, match="not a readable exam-app station database"):
        open_station_database(path)


def test_the_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "station.sqlite3"
    engine = open_station_database(path)
    engine.dispose()
    assert path.is_file()
