"""Fixtures for the station database tests: a fresh database file per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from exam_app.store.database import open_station_database
from exam_app.store.session_store import SqlSessionStore


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's station database lives."""
    return tmp_path / "station.sqlite3"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    """An engine on a new station database, disposed after the test."""
    engine = open_station_database(db_path)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine: Engine) -> SqlSessionStore:
    """A session store on the test's database."""
    return SqlSessionStore(engine)
