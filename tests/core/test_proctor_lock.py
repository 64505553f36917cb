"""The lock screen's logic: continuation codes, proctor actions on the session, and the log they leave."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from exam_app.core.model import Pack
from exam_app.core.proctor_codes import ProctorCodeError, derive_proctor_secret, parse_action, proctor_code
from exam_app.core.proctor_lock import ProctorLock
from exam_app.core.session import ExamSession
from exam_app.core.session_record import MemorySessionStore
from exam_app.core.source import load_source
from tests.support.clock import FakeClock

CODE = "ABCDE-FGH1J-K0MNP-QRST1-VWXYZ"


@pytest.fixture
def locked(tiny_source: Path) -> tuple[ExamSession, ProctorLock, MemorySessionStore, bytes]:
    secret = derive_proctor_secret(CODE, "tiny-pack", 3)
    pack: Pack = dataclasses.replace(load_source(tiny_source).pack, proctor_secret=secret)
    store = MemorySessionStore()
    session = ExamSession.open(pack, "C-1", "Ada", store, clock=FakeClock(), wall_clock=FakeClock(1e9))
    session.begin()
    session.lock("focus_lost: another window")
    return session, ProctorLock(session), store, secret


def kinds(store: MemorySessionStore, session: ExamSession) -> list[str]:
    return [event.kind for event in store.events(session.record.session_id)]


def test_resume_with_extra_time(locked) -> None:
    session, lock, store, secret = locked
    before = session.remaining()
    action, _ = lock.enter(proctor_code(secret, lock.continuation, parse_action("add-time:10")))
    assert action.minutes == 10 and session.state == "running"
    assert session.remaining() == before + 600
    assert kinds(store, session)[-3:] == ["lock_code_shown", "proctor_code_used", "unlocked"]


def test_end_submits(locked) -> None:
    session, lock, _, secret = locked
    lock.enter(proctor_code(secret, lock.continuation, parse_action("end")))
    assert session.state == "submitted"


def test_a_used_code_cannot_unlock_the_next_lock(locked) -> None:
    session, lock, store, secret = locked
    first = lock.continuation
    reply = proctor_code(secret, first, parse_action("resume"))
    lock.enter(reply)
    session.lock("focus_lost: again")
    assert lock.continuation != first
    with pytest.raises(ProctorCodeError):
        lock.enter(reply)
    assert session.state == "locked" and "proctor_code_rejected" in kinds(store, session)
