"""The integrity monitor with a fake clock: every policy action, focus spans and the focus-loss budget."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from exam_app.core.integrity import IntegrityMonitor, Signal
from exam_app.core.model import FocusLossBudget, IntegrityActions, Pack, Policy
from exam_app.core.session import ExamSession
from exam_app.core.session_record import MemorySessionStore
from exam_app.core.source import load_source
from tests.support.clock import FakeClock


def monitored(
    tiny_source: Path, **policy: object
) -> tuple[IntegrityMonitor, ExamSession, MemorySessionStore, FakeClock]:
    pack: Pack = load_source(tiny_source).pack
    pack = dataclasses.replace(pack, policy=Policy(**policy))  # type: ignore[arg-type]
    store, clock = MemorySessionStore(), FakeClock()
    session = ExamSession.open(pack, "C-1", "Ada", store, clock=clock, wall_clock=FakeClock(1e9))
    session.begin()
    return IntegrityMonitor(session, clock=clock), session, store, clock


def logged(store: MemorySessionStore, session: ExamSession) -> list[tuple[str, dict]]:
    return [(e.kind, e.detail) for e in store.events(session.record.session_id) if e.kind not in ("started",)]


@pytest.mark.parametrize("action", ["log", "warn", "lock", "submit"])
def test_each_action_is_applied_and_logged_with_evidence(tiny_source: Path, action: str) -> None:
    monitor, session, store, _ = monitored(tiny_source, integrity=IntegrityActions(prohibited_process=action))
    decision = monitor.report(Signal("prohibited_process", "anydesk is running (pid 42)", {"pid": 42}))
    assert decision.action == action
    expected_state = {"log": "running", "warn": "running", "lock": "locked", "submit": "submitted"}[action]
    assert session.state == expected_state
    _, detail = next(item for item in logged(store, session) if item[0] == "prohibited_process")
    assert detail == {"pid": 42, "evidence": "anydesk is running (pid 42)", "action": action}


def test_virtual_machines_are_only_logged_when_the_pack_allows_them(tiny_source: Path) -> None:
    strict = IntegrityActions(virtual_machine="lock")
    monitor, session, _, _ = monitored(tiny_source, integrity=strict, allow_virtual_machine=True)
    assert monitor.report(Signal("virtual_machine", "hypervisor CPU flag")).action == "log"
    assert session.state == "running"


def test_focus_span_duration_is_recorded(tiny_source: Path) -> None:
    monitor, session, store, clock = monitored(tiny_source, focus_loss_budget=FocusLossBudget(None, None))
    monitor.report(Signal("focus_lost", "another window was activated"))
    clock.now += 2.25
    monitor.report(Signal("focus_lost", "still away"))  # a second report inside one span is not a new loss
    clock.now += 1.5
    monitor.report(Signal("focus_returned", "exam window active again"))
    events = logged(store, session)
    assert [kind for kind, _ in events] == ["focus_lost", "focus_returned"]
    assert events[1][1]["seconds"] == 3.75 and monitor.focus_losses == 1


def test_third_loss_triggers_the_budget_lock(tiny_source: Path) -> None:
    budget = FocusLossBudget(max_events=3, max_seconds_away=None, action="lock")
    monitor, session, store, clock = monitored(tiny_source, focus_loss_budget=budget)
    for n in range(3):
        decision = monitor.report(Signal("focus_lost", f"loss {n + 1}"))
        clock.now += 1
        if session.state == "running":
            monitor.report(Signal("focus_returned", "back"))
    assert decision.action == "lock" and decision.budget_exceeded
    assert session.state == "locked"
    assert "focus_budget_exceeded" in [kind for kind, _ in logged(store, session)]


def test_seconds_away_budget_fires_while_still_away(tiny_source: Path) -> None:
    budget = FocusLossBudget(max_events=None, max_seconds_away=30, action="submit")
    monitor, session, _, clock = monitored(tiny_source, focus_loss_budget=budget)
    monitor.report(Signal("focus_lost", "away"))
    clock.now += 29
    assert monitor.tick() is None
    clock.now += 2
    decision = monitor.tick()
    assert decision is not None and decision.action == "submit" and session.state == "submitted"
    assert monitor.tick() is None  # the budget acts once


def test_span_duration_ignores_a_lock_stopping_the_exam_timer(tiny_source: Path) -> None:
    monitor, session, store, clock = monitored(
        tiny_source,
        integrity=IntegrityActions(focus_loss="lock"),
        focus_loss_budget=FocusLossBudget(None, None),
    )
    monitor.report(Signal("focus_lost", "away"))
    assert session.state == "locked"
    clock.now += 12
    monitor.report(Signal("focus_returned", "back"))
    assert logged(store, session)[-1][1]["seconds"] == 12
