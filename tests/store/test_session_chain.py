"""The session engine's event chain, on both stores: it verifies, is signed at submission, survives resume."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from exam_app.core.event_chain import CHECKPOINT_EVERY_EVENTS, verify_chain
from exam_app.core.session import ExamSession
from exam_app.core.session_record import MemorySessionStore, SessionStore, verify_session_log
from exam_app.core.source import load_source
from exam_app.store.session_store import SqlSessionStore
from tests.core.test_session_audit import KEY, run_full_session
from tests.support.clock import FakeClock


@pytest.fixture(params=["memory", "sql"])
def any_store(request: pytest.FixtureRequest, engine: Engine) -> Iterator[SessionStore]:
    """The same tests on the in-memory fake and on SQLite."""
    yield MemorySessionStore() if request.param == "memory" else SqlSessionStore(engine)


def test_a_full_session_chain_verifies_and_ends_in_a_signed_checkpoint(
    tiny_source: Path, any_store: SessionStore
) -> None:
    session = run_full_session(tiny_source, any_store)
    session_id = session.record.session_id
    events, checkpoints = any_store.events(session_id), any_store.checkpoints(session_id)
    kinds = [event.kind for event in events]
    assert kinds == [
        "started", *["answer_saved"] * 4, "locked", "unlocked", "submitted",
    ]  # fmt: skip
    assert verify_chain(session_id, events, checkpoints, KEY.public_key()) == session.event_head()
    # The first event; the unlock, after a lock as long as the checkpoint interval; and the submission.
    assert [checkpoint.seq for checkpoint in checkpoints] == [0, kinds.index("unlocked"), len(events) - 1]
    assert checkpoints[-1].head == events[-1].hash == session.event_head()


def test_answer_saved_events_match_the_answer_history(tiny_source: Path, any_store: SessionStore) -> None:
    session = run_full_session(tiny_source, any_store)
    session_id = session.record.session_id
    logged = [
        (event.detail["question"], event.detail["value_sha256"], event.elapsed, event.wall)
        for event in any_store.events(session_id)
        if event.kind == "answer_saved"
    ]
    history = any_store.answer_history(session_id)
    digest = [
        hashlib.sha256(json.dumps(save.value, separators=(",", ":"), sort_keys=True).encode()).hexdigest()
        for save in history
    ]
    assert [save.question_id for save in history] == ["t-1", "t-3", "t-2", "t-3"]
    assert logged == [
        (save.question_id, value_hash, save.elapsed, save.wall)
        for save, value_hash in zip(history, digest, strict=True)
    ]


def test_resume_continues_the_chain(tiny_source: Path, any_store: SessionStore) -> None:
    session = run_full_session(tiny_source, any_store, submit=False)
    head_before = session.event_head()
    wall = FakeClock(1_780_000_600.0)  # the app died; a new process starts later
    resumed = ExamSession.open(
        session.pack, "C-1", "Ada", any_store, clock=FakeClock(3.0), wall_clock=wall, signer=KEY
    )
    resumed.answer("t-1", 2)
    resumed.submit("candidate")
    session_id = session.record.session_id
    events = any_store.events(session_id)
    kinds = [event.kind for event in events]
    resumed_at = kinds.index("resumed")
    assert events[resumed_at].prev == head_before and kinds[resumed_at:] == [
        "resumed",
        "answer_saved",
        "submitted",
    ]
    checkpoints = any_store.checkpoints(session_id)
    assert verify_chain(session_id, events, checkpoints, KEY.public_key()) == resumed.event_head()
    record = any_store.find(session.pack.id, session.pack.version, "C-1")
    assert record is not None
    assert verify_session_log(any_store, record, KEY.public_key()) == resumed.event_head()


def test_a_save_cut_off_from_its_event_by_a_crash_is_logged_on_resume(
    tiny_source: Path, any_store: SessionStore
) -> None:
    session = run_full_session(tiny_source, any_store, submit=False)
    session_id = session.record.session_id
    # The power fails after the save's transaction and before the event's.
    any_store.save_answer(session_id, "t-2", False, elapsed=99.5, wall=1_780_000_100.0)
    resumed = ExamSession.open(
        session.pack, "C-1", "Ada", any_store, clock=FakeClock(), wall_clock=FakeClock(2e9)
    )
    events = any_store.events(session_id)
    assert [event.kind for event in events[-2:]] == ["answer_saved", "resumed"]
    assert (events[-2].detail["question"], events[-2].elapsed, events[-2].wall) == (
        "t-2",
        99.5,
        1_780_000_100.0,
    )
    record = any_store.find(session.pack.id, session.pack.version, "C-1")
    assert record is not None
    assert verify_session_log(any_store, record, KEY.public_key()) == resumed.event_head()


def test_checkpoints_follow_the_schedule_during_a_long_session(
    tiny_source: Path, any_store: SessionStore
) -> None:
    pack = load_source(tiny_source).pack
    session = ExamSession.open(
        pack, "C-1", "Ada", any_store, clock=FakeClock(), wall_clock=FakeClock(), signer=KEY
    )
    session.begin()
    for n in range(CHECKPOINT_EVERY_EVENTS + 5):  # the wall clock stands still: only the count triggers
        session.answer("t-3", f"draft {n}")
    seqs = [checkpoint.seq for checkpoint in any_store.checkpoints(session.record.session_id)]
    assert seqs == [0, CHECKPOINT_EVERY_EVENTS]


def test_without_the_station_key_the_chain_is_unsigned(tiny_source: Path, any_store: SessionStore) -> None:
    session = run_full_session(tiny_source, any_store, signer=None)
    session_id = session.record.session_id
    assert any_store.checkpoints(session_id) == []
    assert (
        verify_chain(session_id, any_store.events(session_id), [], KEY.public_key()) == session.event_head()
    )
