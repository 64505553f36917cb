"""The session engine with a fake clock: time, answers, resume, wall-clock independence, sections."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from exam_app.core.answers import AnswerShapeError
from exam_app.core.event_chain import genesis
from exam_app.core.model import Pack, Policy
from exam_app.core.session import ExamSession, SessionError
from exam_app.core.session_record import AnswerSave, MemorySessionStore
from exam_app.core.source import load_source
from tests.support.clock import FakeClock


@pytest.fixture
def pack(tiny_source: Path) -> Pack:
    return load_source(tiny_source).pack  # 10 minutes, 3 questions


def started(pack: Pack, store: MemorySessionStore, mono: FakeClock, wall: FakeClock) -> ExamSession:
    session = ExamSession.open(pack, "C-1", "Ada", store, clock=mono, wall_clock=wall)
    session.begin()
    return session


def test_answers_are_saved_durably_and_time_counts_only_while_running(pack: Pack) -> None:
    store, mono, wall = MemorySessionStore(), FakeClock(), FakeClock(5e8)
    session = ExamSession.open(pack, "C-1", "Ada", store, clock=mono, wall_clock=wall)
    mono.now += 100  # reading the rules does not count
    session.begin()
    assert session.remaining() == 600
    mono.now += 30
    session.answer("t-2", False)
    record = store.records[session.record.session_id]
    assert record.answers == {"t-2": False}
    assert store.answer_history(session.record.session_id) == [AnswerSave("t-2", False, 1, 30.0, 5e8)]
    assert session.remaining() == 570


def test_wrong_answer_shapes_are_refused(pack: Pack) -> None:
    session = started(pack, MemorySessionStore(), FakeClock(), FakeClock())
    with pytest.raises(AnswerShapeError):
        session.answer("t-1", 7)  # only 3 options
    with pytest.raises(AnswerShapeError):
        session.answer("t-2", "yes")
    with pytest.raises(SessionError, match="not part of this exam"):
        session.answer("nope", "x")


@pytest.mark.parametrize("jump", [3600, -3600, 86400, -86400])
def test_wall_clock_jumps_do_not_move_remaining_time(pack: Pack, jump: float) -> None:
    store, mono, wall = MemorySessionStore(), FakeClock(), FakeClock(5e8)
    session = started(pack, store, mono, wall)
    mono.now += 60
    session.tick()
    before = session.remaining()
    wall.now += jump
    session.tick()
    session.answer("t-3", "typed after the clock changed")
    assert session.remaining() == before == 540


def test_resume_after_crash_restores_everything_and_ignores_downtime_by_default(pack: Pack) -> None:
    store, mono, wall = MemorySessionStore(), FakeClock(), FakeClock(5e8)
    session = started(pack, store, mono, wall)
    session.answer("t-1", 0)
    session.go_to(2)
    session.toggle_flag("t-3")
    mono.now += 45.5
    wall.now += 45.5
    session.tick()  # heartbeat: elapsed persisted
    # The app dies; five minutes later a new process (new monotonic origin) starts.
    wall.now += 300
    resumed = ExamSession.open(pack, "C-1", "Ada", store, clock=FakeClock(7.0), wall_clock=wall)
    assert resumed.resumed and resumed.state == "running"
    assert resumed.current.question.id == "t-3" and resumed.is_flagged("t-3")
    assert resumed.answer_of("t-1") == 0
    assert resumed.remaining() == pytest.approx(600 - 45.5)
    event = store.events(session.record.session_id)[-1]
    assert event.kind == "resumed" and event.detail == {"downtime_seconds": 300.0, "downtime_counted": False}


def test_downtime_counts_when_the_policy_says_so(pack: Pack) -> None:
    pack = dataclasses.replace(pack, policy=Policy(downtime_counts=True))
    store, mono, wall = MemorySessionStore(), FakeClock(), FakeClock(5e8)
    session = started(pack, store, mono, wall)
    mono.now += 10
    wall.now += 10
    session.tick()
    wall.now += 120
    resumed = ExamSession.open(pack, "C-1", "Ada", store, clock=FakeClock(), wall_clock=wall)
    assert resumed.remaining() == pytest.approx(600 - 10 - 120)


def test_warnings_fire_once_each_and_time_up_submits(pack: Pack) -> None:
    store, mono = MemorySessionStore(), FakeClock()
    session = started(pack, store, mono, FakeClock())
    seen = []
    for _ in range(600):
        mono.now += 1
        changes = session.tick()
        if changes.warning_seconds:
            seen.append(changes.warning_seconds)
    assert seen == [300, 60]  # a 10-minute exam starts at the 10-minute mark: no warning for that one
    assert session.state == "submitted"
    assert store.events(session.record.session_id)[-1].detail["reason"] == "time_up"
    with pytest.raises(SessionError, match="submitted"):
        session.answer("t-1", 1)


def test_extra_time_factor_scales_the_limit(pack: Pack) -> None:
    pack = dataclasses.replace(pack, policy=Policy(accommodations={"C-1": 1.5}))
    session = started(pack, MemorySessionStore(), FakeClock(), FakeClock())
    assert session.remaining() == 900


def test_lock_pauses_time_and_unlock_can_add_time(pack: Pack) -> None:
    mono = FakeClock()
    session = started(pack, MemorySessionStore(), mono, FakeClock())
    mono.now += 60
    session.lock("focus lost")
    mono.now += 500
    assert session.remaining() == 540
    with pytest.raises(SessionError, match="locked"):
        session.answer("t-1", 0)
    session.unlock("proctor", added_seconds=120)
    assert session.remaining() == 660


def test_section_time_limit_closes_the_section_and_moves_on(pack: Pack) -> None:
    (first,) = pack.sections
    timed = dataclasses.replace(first, id="timed", time_limit_minutes=1, questions=first.questions[:1])
    rest = dataclasses.replace(first, id="rest", questions=first.questions[1:])
    pack = dataclasses.replace(pack, sections=(timed, rest))
    mono = FakeClock()
    session = started(pack, MemorySessionStore(), mono, FakeClock())
    mono.now += 61
    changes = session.tick()
    assert changes.closed_section == "timed"
    assert session.current.section.id == "rest"
    with pytest.raises(SessionError, match="time for section"):
        session.go_to(0)


def test_candidate_list_and_double_submission(pack: Pack) -> None:
    listed = dataclasses.replace(pack, candidates=("C-1",))
    store = MemorySessionStore()
    with pytest.raises(SessionError, match="C-9 is not on this exam's candidate list"):
        ExamSession.open(listed, "C-9", "Eve", store)
    session = started(listed, store, FakeClock(), FakeClock())
    session.submit("candidate")
    with pytest.raises(SessionError, match="already submitted"):
        ExamSession.open(listed, "C-1", "Ada", store)


def test_review_lists_unanswered_and_flagged(pack: Pack) -> None:
    session = started(pack, MemorySessionStore(), FakeClock(), FakeClock())
    session.answer("t-1", 2)
    session.answer("t-3", "   ")  # blank text is not an answer
    session.toggle_flag("t-1")
    assert [i.question.id for i in session.unanswered()] == ["t-2", "t-3"]
    assert [i.question.id for i in session.flagged()] == ["t-1"]


def test_event_head_is_the_hash_of_the_last_stored_event(pack: Pack) -> None:
    store = MemorySessionStore()
    session = ExamSession.open(pack, "C-1", "Ada", store, clock=FakeClock(), wall_clock=FakeClock())
    assert session.event_head() == genesis(session.record.session_id)  # nothing has happened yet
    session.begin()
    session.answer("t-1", 1)
    events = store.events(session.record.session_id)
    assert [event.kind for event in events] == ["started", "answer_saved"]
    assert session.event_head() == events[-1].hash != events[0].hash


def test_an_unchanged_answer_adds_no_save_and_no_event(pack: Pack) -> None:
    store = MemorySessionStore()
    session = started(pack, store, FakeClock(), FakeClock())
    session.answer("t-2", True)
    session.answer("t-2", True)
    session_id = session.record.session_id
    assert len(store.answer_history(session_id)) == 1
    assert [event.kind for event in store.events(session_id)] == ["started", "answer_saved"]


def test_a_failed_save_keeps_the_last_saved_answer_and_a_retry_writes(pack: Pack) -> None:
    store = MemorySessionStore()
    session = started(pack, store, FakeClock(), FakeClock())
    session.answer("t-3", "first draft")
    original = store.save_answer

    def failing(*args, **kwargs):
        raise OSError(28, "No space left on device")

    store.save_answer = failing  # type: ignore[method-assign]
    with pytest.raises(OSError):
        session.answer("t-3", "second draft")
    assert session.answer_of("t-3") == "first draft"
    store.save_answer = original  # type: ignore[method-assign]
    session.answer("t-3", "second draft")
    assert store.answer_history(session.record.session_id)[-1].value == "second draft"
