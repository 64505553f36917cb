"""SqlSessionStore: records, answers, history and events round-trip exactly, and survive a new engine."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from exam_app.core.answers import AnswerValue
from exam_app.core.errors import ExamAppError
from exam_app.core.session_record import SessionEvent, SessionRecord
from exam_app.store.database import open_station_database
from exam_app.store.session_store import AnswerSave, SqlSessionStore


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


def test_events_are_kept_in_order_with_their_details(store: SqlSessionStore) -> None:
    store.create(SessionRecord("s-1", "p", 1, "C-1", "Ada"))
    store.create(SessionRecord("s-2", "p", 1, "C-2", "Bob"))
    events = [
        SessionEvent("started", {"extra_time_factor": 1.5, "kiosk": False}, 0.0, 100.0),
        SessionEvent("locked", {"reason": "focus lost", "nested": {"list": [1, "two", None]}}, 61.25, 161.0),
        SessionEvent("unlocked", {}, 61.25, 190.0),
    ]
    for event in events:
        store.add_event("s-1", event)
        store.add_event("s-2", dataclasses.replace(event, kind="other-" + event.kind))
    assert store.events("s-1") == events
    assert [event.kind for event in store.events("s-2")] == [
        "other-started",
        "other-locked",
        "other-unlocked",
    ]


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
        store.add_event("missing", SessionEvent("started", {}, 0.0, 0.0))
    with pytest.raises(ExamAppError, match="not in the station database"):
        store.save_progress(full_record("missing"))
    assert store.answer_history("missing") == []


def test_everything_is_read_back_by_a_new_engine_after_dispose(db_path: Path) -> None:
    engine = open_station_database(db_path)
    store = SqlSessionStore(engine)
    store.create(full_record())
    store.save_answer("s-1", "q-4", "essay text", elapsed=130.0, wall=7.0)
    store.save_progress(dataclasses.replace(full_record(), current_index=1, elapsed=140.0))
    store.add_event("s-1", SessionEvent("resumed", {"downtime_seconds": 3.5}, 140.0, 8.0))
    expected = (store.find("pack-é", 7, "C-1"), store.answer_history("s-1"), store.events("s-1"))
    engine.dispose()

    fresh_engine = open_station_database(db_path)
    try:
        fresh = SqlSessionStore(fresh_engine)
        found = fresh.find("pack-é", 7, "C-1")
        assert (found, fresh.answer_history("s-1"), fresh.events("s-1")) == expected
        assert found is not None and found.current_index == 1 and found.answers["q-4"] == "essay text"
        assert len(expected[1]) == 4 and len(expected[2]) == 1
    finally:
        fresh_engine.dispose()
