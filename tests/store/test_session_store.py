"""SqlSessionStore: records, answers, history, events and checkpoints round-trip exactly, and persist."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.exc import IntegrityError

from exam_app.core.answers import AnswerValue
from exam_app.core.errors import ExamAppError
from exam_app.core.event_chain import ChainedEvent, chain_next, sign_checkpoint
from exam_app.core.session_record import AnswerSave, SessionRecord
from exam_app.store.database import open_station_database
from exam_app.store.session_store import SqlSessionStore

KEY = Ed25519PrivateKey.generate()


def chain(session_id: str, *contents: tuple[str, dict[str, Any], float, float]) -> list[ChainedEvent]:
    """Chained events of `session_id` with the given (kind, detail, elapsed, wall)."""
    events: list[ChainedEvent] = []
    for kind, detail, elapsed, wall in contents:
        events.append(chain_next(events[-1] if events else None, session_id, kind, detail, elapsed, wall))
    return events


def full_record(session_id: str = "s-1", candidate_id: str = "C-1") -> SessionRecord:
    """A record where every field differs from its default."""
    return SessionRecord(
        session_id=session_id,
        pack_id="pack-é",
        pack_version=7,
        candidate_id=candidate_id,
        candidate_name="Ada Lovelace-Ünïcode",
        state="running",
        elapsed=123.456789,
        added_seconds=60.5,
        current_index=2,
        section_elapsed={"basics": 100.25, "advanced": 23.206789},
        question_seconds={"q-1": 0.1, "q-2": 1e-7},
        flags=["q-3", "q-1"],
        answers={"q-1": 2, "q-2": [0, 3], "q-3": True},
        kiosk=False,
        last_seen_wall=1_780_000_000.123456,
    )


def test_the_full_record_sets_every_field() -> None:
    # Guards the round-trip test below: a field added to SessionRecord must be given a non-default here.
    record = full_record()
    defaults = SessionRecord("", "", 0, "", "")
    unset = [
        f.name for f in dataclasses.fields(record) if getattr(record, f.name) == getattr(defaults, f.name)
    ]
    assert unset == []


def test_every_record_field_round_trips(store: SqlSessionStore) -> None:
    record = full_record()
    store.create(record)
    assert store.find("pack-é", 7, "C-1") == record


def test_save_progress_updates_everything_but_answers(store: SqlSessionStore) -> None:
    store.create(full_record())
    changed = dataclasses.replace(
        full_record(),
        state="locked",
        elapsed=200.0,
        added_seconds=0.0,
        current_index=0,
        section_elapsed={"basics": 1.0},
        question_seconds={},
        flags=[],
        answers={"q-1": 0},  # not stored by save_progress
        kiosk=True,
        last_seen_wall=5.0,
    )
    store.save_progress(changed)
    found = store.find("pack-é", 7, "C-1")
    assert found == dataclasses.replace(changed, answers=full_record().answers)


@pytest.mark.parametrize(
    "value", [0, 2, [], [0, 2, 5], True, False, "", "two\nlines, ünïcode, emoji 🎓", "12,5", None]
)
def test_answer_values_round_trip_exactly(store: SqlSessionStore, value: AnswerValue) -> None:
    store.create(full_record())
    store.save_answer("s-1", "q-9", value, elapsed=1.0, wall=2.0)
    found = store.find("pack-é", 7, "C-1")
    assert found is not None
    stored = found.answers["q-9"]
    assert stored == value and type(stored) is type(value)  # True must not come back as 1, nor 1 as True
    if isinstance(value, list):
        assert all(type(item) is int for item in stored)  # type: ignore[union-attr]
    assert store.answer_history("s-1")[-1].value == value


def test_save_answer_keeps_every_save_in_order_with_revisions(store: SqlSessionStore) -> None:
    store.create(SessionRecord("s-1", "p", 1, "C-1", "Ada"))
    saves: list[tuple[str, AnswerValue, float]] = [
        ("q-1", 0, 1.0),
        ("q-2", "draft", 2.0),
        ("q-1", 2, 3.5),
        ("q-2", "final", 4.0),
        ("q-1", None, 5.0),
    ]
    for question_id, value, elapsed in saves:
        store.save_answer("s-1", question_id, value, elapsed=elapsed, wall=1000 + elapsed)
    assert store.answer_history("s-1") == [
        AnswerSave("q-1", 0, 1, 1.0, 1001.0),
        AnswerSave("q-2", "draft", 1, 2.0, 1002.0),
        AnswerSave("q-1", 2, 2, 3.5, 1003.5),
        AnswerSave("q-2", "final", 2, 4.0, 1004.0),
        AnswerSave("q-1", None, 3, 5.0, 1005.0),
    ]
    found = store.find("p", 1, "C-1")
    assert found is not None and found.answers == {"q-1": None, "q-2": "final"}


def test_answers_given_at_creation_start_their_history(store: SqlSessionStore) -> None:
    record = full_record()
    store.create(record)
    history = store.answer_history("s-1")
    assert [(save.question_id, save.value, save.revision) for save in history] == [
        ("q-1", 2, 1),
        ("q-2", [0, 3], 1),
        ("q-3", True, 1),
    ]
    store.save_answer("s-1", "q-1", 0, elapsed=130.0, wall=0.0)
    assert store.answer_history("s-1")[-1].revision == 2


def test_events_and_checkpoints_are_kept_in_order_with_their_details(store: SqlSessionStore) -> None:
    store.create(SessionRecord("s-1", "p", 1, "C-1", "Ada"))
    store.create(SessionRecord("s-2", "p", 1, "C-2", "Bob"))
    contents: list[tuple[str, dict[str, Any], float, float]] = [
        ("started", {"extra_time_factor": 1.5, "kiosk": False}, 0.0, 100.0),
        ("locked", {"reason": "focus lost ü", "nested": {"list": [1, "two", None]}}, 61.25, 161.0),
        ("unlocked", {}, 61.25, 190.000001),
    ]
    events = chain("s-1", *contents)
    others = chain(
        "s-2", *[("other-" + kind, detail, elapsed, wall) for kind, detail, elapsed, wall in contents]
    )
    checkpoints = [sign_checkpoint(KEY, "s-1", events[0]), sign_checkpoint(KEY, "s-1", events[2])]
    for event, other in zip(events, others, strict=True):
        signed = next((c for c in checkpoints if c.seq == event.seq), None)
        store.add_event("s-1", event, signed)
        store.add_event("s-2", other)
    assert store.events("s-1") == events
    assert store.checkpoints("s-1") == checkpoints
    assert store.events("s-2") == others and store.checkpoints("s-2") == []


def test_events_come_back_in_sequence_order_whatever_the_insert_order(store: SqlSessionStore) -> None:
    store.create(SessionRecord("s-1", "p", 1, "C-1", "Ada"))
    events = chain("s-1", ("started", {}, 0.0, 1.0), ("locked", {}, 1.0, 2.0), ("unlocked", {}, 1.0, 3.0))
    for event in (events[2], events[0], events[1]):
        store.add_event("s-1", event)
    assert [event.seq for event in store.events("s-1")] == [0, 1, 2]


def test_a_sequence_number_is_stored_once(store: SqlSessionStore) -> None:
    store.create(SessionRecord("s-1", "p", 1, "C-1", "Ada"))
    (first,) = chain("s-1", ("started", {}, 0.0, 1.0))
    store.add_event("s-1", first)
    with pytest.raises(IntegrityError):
        store.add_event("s-1", dataclasses.replace(first, kind="forged"))
    assert store.events("s-1") == [first]


def test_an_event_and_its_checkpoint_are_one_transaction(store: SqlSessionStore) -> None:
    store.create(SessionRecord("s-1", "p", 1, "C-1", "Ada"))
    first, second = chain("s-1", ("started", {}, 0.0, 1.0), ("locked", {}, 1.0, 2.0))
    checkpoint = sign_checkpoint(KEY, "s-1", first)
    store.add_event("s-1", first, checkpoint)
    with pytest.raises(IntegrityError):  # a second checkpoint at seq 0: the whole write must be undone
        store.add_event("s-1", second, checkpoint)
    assert store.events("s-1") == [first] and store.checkpoints("s-1") == [checkpoint]


def test_sessions_lists_every_session_oldest_first_with_answers(store: SqlSessionStore) -> None:
    assert store.sessions() == []
    store.create(full_record("one"))
    store.create(SessionRecord("two", "p", 1, "C-2", "Bob"))
    store.save_answer("two", "q-1", 1, elapsed=1.0, wall=1.0)
    assert [record.session_id for record in store.sessions()] == ["one", "two"]
    assert store.sessions()[0] == full_record("one")
    assert store.sessions()[1].answers == {"q-1": 1}


def test_find_returns_the_newest_session_for_pack_version_and_candidate(store: SqlSessionStore) -> None:
    store.create(dataclasses.replace(full_record("old"), state="submitted"))
    store.create(full_record("new"))
    store.create(dataclasses.replace(full_record("other-version"), pack_version=8))
    store.create(full_record("other-candidate", candidate_id="C-2"))
    newest = store.find("pack-é", 7, "C-1")
    assert newest is not None and newest.session_id == "new"
    other = store.find("pack-é", 8, "C-1")
    assert other is not None and other.session_id == "other-version"
    assert store.find("pack-é", 7, "C-3") is None
    assert store.find("another-pack", 7, "C-1") is None


def test_writes_to_an_unknown_session_are_refused(store: SqlSessionStore) -> None:
    with pytest.raises(ExamAppError, match="not in the station database"):
        store.save_answer("missing", "q-1", 0, elapsed=0.0, wall=0.0)
    with pytest.raises(ExamAppError, match="not in the station database"):
        store.add_event("missing", chain("missing", ("started", {}, 0.0, 0.0))[0])
    with pytest.raises(ExamAppError, match="not in the station database"):
        store.save_progress(full_record("missing"))
    assert store.answer_history("missing") == []
    assert store.events("missing") == [] and store.checkpoints("missing") == []


def test_everything_is_read_back_by_a_new_engine_after_dispose(db_path: Path) -> None:
    engine = open_station_database(db_path)
    store = SqlSessionStore(engine)
    store.create(full_record())
    store.save_answer("s-1", "q-4", "essay text", elapsed=130.0, wall=7.0)
    store.save_progress(dataclasses.replace(full_record(), current_index=1, elapsed=140.0))
    (event,) = chain("s-1", ("resumed", {"downtime_seconds": 3.5}, 140.0, 8.0))
    store.add_event("s-1", event, sign_checkpoint(KEY, "s-1", event))
    expected = (
        store.find("pack-é", 7, "C-1"),
        store.answer_history("s-1"),
        store.events("s-1"),
        store.checkpoints("s-1"),
    )
    engine.dispose()

    fresh_engine = open_station_database(db_path)
    try:
        fresh = SqlSessionStore(fresh_engine)
        found = fresh.find("pack-é", 7, "C-1")
        assert (found, fresh.answer_history("s-1"), fresh.events("s-1"), fresh.checkpoints("s-1")) == expected
        assert found is not None and found.current_index == 1 and found.answers["q-4"] == "essay text"
        assert len(expected[1]) == 4 and expected[2] == [event] and len(expected[3]) == 1
    finally:
        fresh_engine.dispose()
