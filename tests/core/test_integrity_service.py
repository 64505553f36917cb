"""The integrity service with fake machine facts, a fake process table and fake clocks."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from exam_app.core.integrity_service import IntegrityService
from exam_app.core.model import IntegrityActions, Pack, Policy
from exam_app.core.process_facts import ProcessInfo
from exam_app.core.session import ExamSession
from exam_app.core.session_record import MemorySessionStore
from exam_app.core.source import load_source
from exam_app.platform.machine import FakeMachineFacts
from exam_app.platform.processes import FakeProcessSource
from tests.support.clock import FakeClock


def service(tiny_source: Path, facts: FakeMachineFacts, table: list[ProcessInfo], **policy) -> tuple:
    pack: Pack = dataclasses.replace(load_source(tiny_source).pack, policy=Policy(**policy))
    store, mono, wall = MemorySessionStore(), FakeClock(), FakeClock(1e9)
    session = ExamSession.open(pack, "C-1", "Ada", store, clock=mono, wall_clock=wall)
    session.begin()
    source = FakeProcessSource(table)
    return (
        IntegrityService(session, facts, source, clock=mono, wall_clock=wall),
        session,
        store,
        mono,
        wall,
        source,
    )


def test_start_logs_build_and_findings_and_acts_on_the_station(tiny_source: Path) -> None:
    facts = FakeMachineFacts(cpu_flags={"hypervisor"}, env={"SSH_CONNECTION": "x"})
    svc, session, store, *_ = service(
        tiny_source, facts, [], integrity=IntegrityActions(remote_session="lock")
    )
    decisions = svc.start(screens=2)
    kinds = {d.kind: d.action for d in decisions}
    assert kinds == {"virtual_machine": "log", "remote_session": "lock", "display_change": "warn"}
    assert session.state == "locked"
    checks = next(e for e in store.events(session.record.session_id) if e.kind == "station_checks")
    assert {row["check"] for row in checks.detail["checks"]} >= {"virtual machine", "build"}
    assert svc.readiness is not None and svc.readiness["ready"] is False


def test_polls_find_new_processes_and_clock_jumps_once(tiny_source: Path) -> None:
    svc, session, _, mono, wall, source = service(tiny_source, FakeMachineFacts(), [])
    svc.start(screens=1)
    assert svc.poll() == []
    source.table.append(ProcessInfo(77, "anydesk", "/opt/anydesk", "anydesk"))
    mono.now += 3
    wall.now += 3 + 7200
    decisions = svc.poll()
    assert [(d.kind, d.action) for d in decisions] == [("prohibited_process", "lock"), ("clock_jump", "log")]
    assert session.state == "locked"
    assert svc.poll() == []
