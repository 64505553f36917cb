"""The hash-chained event log: edits, removals, insertions and reorderings are caught; checkpoints bind it."""

from __future__ import annotations

import dataclasses

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from exam_app.core.event_chain import (
    CHECKPOINT_EVERY_EVENTS,
    CHECKPOINT_EVERY_SECONDS,
    ChainedEvent,
    ChainError,
    ChainWriter,
    Checkpoint,
    chain_next,
    checkpoint_due,
    genesis,
    sign_checkpoint,
    verify_chain,
)

SESSION = "a" * 32
KEY = Ed25519PrivateKey.generate()


def make_log(count: int = 6) -> tuple[list[ChainedEvent], list[Checkpoint]]:
    events: list[ChainedEvent] = []
    for n in range(count):
        events.append(
            chain_next(events[-1] if events else None, SESSION, "answer_saved", {"q": f"q-{n}"}, n, 1e9 + n)
        )
    return events, [sign_checkpoint(KEY, SESSION, events[2]), sign_checkpoint(KEY, SESSION, events[-1])]


def test_an_untouched_log_verifies_to_its_head() -> None:
    events, checkpoints = make_log()
    assert verify_chain(SESSION, events, checkpoints, KEY.public_key()) == events[-1].hash


def test_edited_event_is_named() -> None:
    events, checkpoints = make_log()
    events[3] = dataclasses.replace(events[3], detail={"q": "forged"})
    with pytest.raises(ChainError, match=r"event 3 \(answer_saved\) was edited"):
        verify_chain(SESSION, events, checkpoints, KEY.public_key())


def test_removed_event_is_caught() -> None:
    events, checkpoints = make_log()
    del events[2]
    with pytest.raises(ChainError, match="removed or reordered"):
        verify_chain(SESSION, events, checkpoints, KEY.public_key())


def test_reordered_events_are_caught() -> None:
    events, checkpoints = make_log()
    events[1], events[2] = events[2], events[1]
    with pytest.raises(ChainError, match="removed or reordered"):
        verify_chain(SESSION, events, checkpoints, KEY.public_key())


def test_inserted_event_with_renumbering_breaks_the_links() -> None:
    events, checkpoints = make_log()
    inserted = chain_next(events[1], SESSION, "focus_lost", {}, 1.5, 1e9)
    renumbered = [*events[:2], inserted] + [dataclasses.replace(e, seq=e.seq + 1) for e in events[2:]]
    with pytest.raises(ChainError, match="does not follow"):
        verify_chain(SESSION, renumbered, checkpoints, KEY.public_key())


def test_a_rewritten_chain_disagrees_with_its_signed_checkpoints() -> None:
    events, checkpoints = make_log()
    rewritten: list[ChainedEvent] = []
    for event in events:  # the writer rebuilds a consistent chain with one edit...
        detail = {"q": "forged"} if event.seq == 1 else event.detail
        rewritten.append(
            chain_next(
                rewritten[-1] if rewritten else None, SESSION, event.kind, detail, event.elapsed, event.wall
            )
        )
    with pytest.raises(
        ChainError, match="checkpoint at event 2 disagrees"
    ):  # ...but cannot re-sign without the key
        verify_chain(SESSION, rewritten, checkpoints, KEY.public_key())


def test_checkpoint_by_another_key_or_session() -> None:
    events, _ = make_log()
    with pytest.raises(ChainError, match="not signed by this station"):
        verify_chain(
            SESSION,
            events,
            [sign_checkpoint(Ed25519PrivateKey.generate(), SESSION, events[-1])],
            KEY.public_key(),
        )
    with pytest.raises(ChainError):
        verify_chain("b" * 32, events, [sign_checkpoint(KEY, SESSION, events[-1])], KEY.public_key())


def test_checkpoint_schedule() -> None:
    events, _ = make_log(CHECKPOINT_EVERY_EVENTS + 1)
    first = sign_checkpoint(KEY, SESSION, events[0])
    assert checkpoint_due(None, events[0], None)
    assert not checkpoint_due(first, events[5], events[0].wall)
    assert checkpoint_due(first, events[CHECKPOINT_EVERY_EVENTS], events[0].wall)
    assert checkpoint_due(first, events[5], events[5].wall - CHECKPOINT_EVERY_SECONDS - 1)


def test_dropping_the_last_events_is_caught_by_the_final_checkpoint() -> None:
    events, checkpoints = make_log()
    with pytest.raises(ChainError, match="checkpoint at event 5 disagrees"):
        verify_chain(SESSION, events[:-1], checkpoints, KEY.public_key())


class Log:
    """What a ChainWriter wrote, like a store would keep it."""

    def __init__(self) -> None:
        self.events: list[ChainedEvent] = []
        self.checkpoints: list[Checkpoint] = []

    def write(self, event: ChainedEvent, checkpoint: Checkpoint | None) -> None:
        self.events.append(event)
        if checkpoint is not None:
            self.checkpoints.append(checkpoint)


def test_writer_signs_the_first_event_then_on_schedule_and_always_when_final() -> None:
    log, writer = Log(), ChainWriter(SESSION, KEY, [], [])
    assert writer.head() == genesis(SESSION)
    for n in range(CHECKPOINT_EVERY_EVENTS + 3):
        writer.append("tick", {"n": n}, float(n), 1e9 + n, log.write)  # a second apart: time never forces one
    writer.append("submitted", {}, 99.0, 1e9 + 99, log.write, final=True)
    assert [c.seq for c in log.checkpoints] == [0, CHECKPOINT_EVERY_EVENTS, CHECKPOINT_EVERY_EVENTS + 3]
    assert verify_chain(SESSION, log.events, log.checkpoints, KEY.public_key()) == writer.head()


def test_writer_signs_when_the_interval_has_passed_since_the_last_checkpoint() -> None:
    log, writer = Log(), ChainWriter(SESSION, KEY, [], [])
    writer.append("started", {}, 0.0, 1e9, log.write)
    writer.append("answer_saved", {}, 1.0, 1e9 + CHECKPOINT_EVERY_SECONDS / 2, log.write)
    writer.append("answer_saved", {}, 2.0, 1e9 + CHECKPOINT_EVERY_SECONDS, log.write)
    assert [c.seq for c in log.checkpoints] == [0, 2]


def test_writer_without_a_key_chains_but_never_signs() -> None:
    log, writer = Log(), ChainWriter(SESSION, None, [], [])
    for kind in ("started", "submitted"):
        writer.append(kind, {}, 0.0, 1e9, log.write, final=kind == "submitted")
    assert log.checkpoints == []
    assert [e.seq for e in log.events] == [0, 1] and log.events[1].prev == log.events[0].hash


def test_writer_resumes_a_stored_chain_and_its_checkpoint_schedule() -> None:
    events, checkpoints = make_log(6)  # checkpoints at events 2 and 5
    log = Log()
    writer = ChainWriter(SESSION, KEY, events, checkpoints)
    assert writer.head() == events[-1].hash
    writer.append("resumed", {}, 6.0, events[-1].wall + 1, log.write)
    assert log.checkpoints == []  # the last checkpoint was one event ago
    assert verify_chain(SESSION, events + log.events, checkpoints, KEY.public_key()) == log.events[0].hash


def test_writer_does_not_advance_when_the_write_fails() -> None:
    log, writer = Log(), ChainWriter(SESSION, KEY, [], [])
    writer.append("started", {}, 0.0, 1e9, log.write)

    def failing(event: ChainedEvent, checkpoint: Checkpoint | None) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError):
        writer.append("locked", {}, 1.0, 1e9 + 1, failing)
    writer.append("locked", {}, 1.0, 1e9 + 1, log.write)
    assert [e.seq for e in log.events] == [0, 1]
    verify_chain(SESSION, log.events, log.checkpoints, KEY.public_key())
