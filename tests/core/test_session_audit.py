"""verify_session_log: a stored session's chain, checkpoints and answer history, and ways to break them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from exam_app.core.event_chain import CHECKPOINT_EVERY_SECONDS, ChainedEvent, ChainError, chain_next
from exam_app.core.session import ExamSession
from exam_app.core.session_record import MemorySessionStore, SessionRecord, SessionStore, verify_session_log
from exam_app.core.source import load_source
from tests.support.clock import FakeClock

KEY = Ed25519PrivateKey.generate()


def run_full_session(
    tiny_source: Path, store: SessionStore, signer: Ed25519PrivateKey | None = KEY, *, submit: bool = True
) -> ExamSession:
    """Begin, answer (one question twice), lock, unlock, and submit a session of the tiny pack."""
    pack = load_source(tiny_source).pack
    mono, wall = FakeClock(), FakeClock(1_780_000_000.0)
    session = ExamSession.open(pack, "C-1", "Ada", store, clock=mono, wall_clock=wall, signer=signer)
    session.begin()
    for question_id, value in (("t-1", 0), ("t-3", "draft"), ("t-2", True), ("t-3", "final text")):
        mono.now += 7.25
        wall.now += 7.5
        session.answer(question_id, value)
    session.lock("focus lost")
    wall.now += CHECKPOINT_EVERY_SECONDS  # a long lock: the unlock is due for a checkpoint by time
    session.unlock("proctor", added_seconds=60)
    mono.now += 5
    if submit:
        session.submit("candidate")
    return session


def stored_record(store: SessionStore, session: ExamSession) -> SessionRecord:
    record = store.find(session.pack.id, session.pack.version, session.record.candidate_id)
    assert record is not None
    return record


def test_an_untouched_session_verifies_to_its_head(tiny_source: Path) -> None:
    store = MemorySessionStore()
    session = run_full_session(tiny_source, store)
    assert verify_session_log(store, stored_record(store, session), KEY.public_key()) == session.event_head()


def test_a_running_session_without_the_station_key_verifies(tiny_source: Path) -> None:
    store = MemorySessionStore()
    session = run_full_session(tiny_source, store, signer=None, submit=False)
    assert store.checkpoints(session.record.session_id) == []
    assert verify_session_log(store, stored_record(store, session), KEY.public_key()) == session.event_head()


def test_another_stations_key_is_refused(tiny_source: Path) -> None:
    store = MemorySessionStore()
    session = run_full_session(tiny_source, store)
    other = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(ChainError, match="not signed by this station"):
        verify_session_log(store, stored_record(store, session), other)


def test_an_edited_answer_save_is_named(tiny_source: Path) -> None:
    store = MemorySessionStore()
    session = run_full_session(tiny_source, store)
    history = store.saves[session.record.session_id]
    history[3] = dataclasses.replace(history[3], value="a better essay")  # the second save of t-3
    with pytest.raises(ChainError, match=r"answer history: save 4 \(t-3\) does not match event 4"):
        verify_session_log(store, stored_record(store, session), KEY.public_key())


def test_a_moved_save_time_is_caught(tiny_source: Path) -> None:
    store = MemorySessionStore()
    session = run_full_session(tiny_source, store)
    history = store.saves[session.record.session_id]
    history[0] = dataclasses.replace(history[0], elapsed=history[0].elapsed - 5)
    with pytest.raises(ChainError, match=r"save 1 \(t-1\) does not match event 1"):
        verify_session_log(store, stored_record(store, session), KEY.public_key())


def test_a_renumbered_revision_is_caught(tiny_source: Path) -> None:
    store = MemorySessionStore()
    session = run_full_session(tiny_source, store)
    history = store.saves[session.record.session_id]
    history[3] = dataclasses.replace(history[3], revision=1)
    with pytest.raises(ChainError, match=r"save 4 \(t-3\) has revision 1, expected 2"):
        verify_session_log(store, stored_record(store, session), KEY.public_key())


def test_a_save_the_log_does_not_record_is_caught(tiny_source: Path) -> None:
    store = MemorySessionStore()
    session = run_full_session(tiny_source, store)
    store.save_answer(session.record.session_id, "t-1", 2, elapsed=1.0, wall=2.0)
    with pytest.raises(ChainError, match="5 saves, but the event log records 4 answer saves"):
        verify_session_log(store, stored_record(store, session), KEY.public_key())


def test_a_rebuilt_chain_without_checkpoints_is_refused_once_submitted(tiny_source: Path) -> None:
    store = MemorySessionStore()
    session = run_full_session(tiny_source, store)
    session_id = session.record.session_id
    rebuilt: list[ChainedEvent] = []
    for event in store.chains[session_id]:  # the writer hides the lock and re-links the rest
        if event.kind not in ("locked", "unlocked"):
            previous = rebuilt[-1] if rebuilt else None
            kind, detail, elapsed, wall = event.kind, event.detail, event.elapsed, event.wall
            rebuilt.append(chain_next(previous, session_id, kind, detail, elapsed, wall))
    store.chains[session_id] = rebuilt
    store.signed[session_id] = []  # ...and deletes the checkpoints it cannot re-sign
    with pytest.raises(ChainError, match="submitted but its last event has no station checkpoint"):
        verify_session_log(store, stored_record(store, session), KEY.public_key())
