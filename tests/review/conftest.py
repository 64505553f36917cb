"""Review fixtures: the built review pack, worker keys, and a fresh store on SQLite and on PostgreSQL.

PostgreSQL runs when EXAM_APP_TEST_PG_URL names a server (`./run test` starts a throwaway one on loopback);
each test gets its own new database there, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from exam_app.core.review_verify import WorkerKeys
from exam_app.store.review_store import ReviewStore
from tests.conftest import KeySet
from tests.review.sittings import PackFiles, build_review_pack

PG_ENV = "EXAM_APP_TEST_PG_URL"


@pytest.fixture(scope="session")
def review_pack(keyset: KeySet, tmp_path_factory: pytest.TempPathFactory) -> PackFiles:
    """The review fixture pack, built once for the recruiter."""
    return build_review_pack(keyset, tmp_path_factory.mktemp("review-pack"))


@pytest.fixture(scope="session")
def worker_keys(keyset: KeySet) -> WorkerKeys:
    """Keys for verification: the recruiter and the one enrolled station."""
    return WorkerKeys.from_keys(keyset.recruiter, [keyset.station.public])


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty database on the test PostgreSQL server (skipped without one)."""
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server to test against (./run test starts one)")
    name = f"review_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty store: a SQLite file in tmp_path, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'review.sqlite3'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[ReviewStore]:
    """A new review store, created at the newest schema revision."""
    opened = ReviewStore.open(store_url)
    yield opened
    opened.close()
