"""Integrity monitoring: how soon a focus loss is in the log, and what the periodic scans cost.

Detection latency: the real client in kiosk mode on a private Xvfb with openbox
(`tests/support/focus_rig.py`). `xdotool windowactivate` gives another program (`xmessage`) the focus for
a second, then the exam window again; the latency is the logged event's wall-clock stamp minus the wall
time just after xdotool returned (so it includes the window manager's part, not xdotool's start-up).

Scan cost: what the client does every 3 seconds, run in this process on this machine's real process table:
`ProcessSnapshot.refresh()` (the background worker's part: psutil reads every process) and
`IntegrityService.poll()` (the GUI thread's part: prohibited-name matching, the clock watch, the focus
budget), on a session in memory. CPU time is `time.process_time()` around each part; the share of a core
is the total CPU time over the wall time of the run.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from exam_app.core.event_chain import ChainedEvent
from exam_app.core.integrity_service import POLL_SECONDS, IntegrityService
from exam_app.core.prohibited import prohibited_names
from exam_app.core.session import ExamSession
from exam_app.core.session_record import MemorySessionStore
from exam_app.core.source import load_source
from exam_app.platform.machine import LinuxMachineFacts
from exam_app.platform.processes import PsutilProcessSource
from exam_app.ui.process_snapshot import ProcessSnapshot
from tests.support.focus_rig import TINY, FocusRig, missing_focus_tools

from .client_responsiveness import Sample

AWAY_SECONDS = 1.0


@dataclass(frozen=True)
class ScanCost:
    """The periodic scans over one run: CPU seconds of each part per scan, and the run's wall time."""

    processes: int
    refresh_cpu: list[float]
    poll_cpu: list[float]
    refresh_wall: list[float]
    poll_wall: list[float]
    wall_seconds: float

    @property
    def core_share(self) -> float:
        """CPU time of all scans as a fraction of one core over the run."""
        return (sum(self.refresh_cpu) + sum(self.poll_cpu)) / self.wall_seconds


def latency_unavailable() -> str | None:
    """Why the detection latency cannot be measured here, or None."""
    missing = missing_focus_tools()
    return f"needs {', '.join(missing)}" if missing else None


def measure_latency(switches: int) -> list[Sample]:
    """`switches` focus steals and returns on the real client: seconds from xdotool to the logged event."""
    lost, returned = [], []
    with tempfile.TemporaryDirectory(prefix="exam-bench-focus-") as folder, FocusRig(Path(folder)) as rig:
        for switch in range(1, switches + 1):
            stolen, stolen_wall = rig.activate(rig.rival_window)
            event = rig.wait_until("the loss", partial(_nth, rig, "focus_lost", switch))
            lost.append(event.wall - stolen_wall)
            time.sleep(max(0.0, stolen + AWAY_SECONDS - time.monotonic()))
            _back, back_wall = rig.activate(rig.client_window)
            event = rig.wait_until("the return", partial(_nth, rig, "focus_returned", switch))
            returned.append(event.wall - back_wall)
    note = "Qt's xcb plugin waits 100 ms for a FocusIn before it calls the application inactive"
    return [
        Sample("focus lost (another window activated)", lost, note),
        Sample("focus returned (exam window activated)", returned),
    ]


def _nth(rig: FocusRig, kind: str, number: int) -> ChainedEvent | None:
    events = rig.events(kind)
    return events[number - 1] if len(events) >= number else None


def measure_scans(seconds: float) -> ScanCost:
    """The client's periodic integrity work every POLL_SECONDS for `seconds`, on the real process table."""
    pack = load_source(TINY).pack
    session = ExamSession.open(pack, "C-1", "Benchmark", MemorySessionStore())
    session.begin()
    snapshot = ProcessSnapshot(PsutilProcessSource())
    snapshot.prepare(prohibited_names(pack.policy))
    service = IntegrityService(session, LinuxMachineFacts(), snapshot)
    service.start(1)
    refresh_cpu: list[float] = []
    poll_cpu: list[float] = []
    refresh_wall: list[float] = []
    poll_wall: list[float] = []
    started = next_poll = time.monotonic()
    while next_poll < started + seconds:
        time.sleep(max(0.0, next_poll - time.monotonic()))
        cpu, wall = time.process_time(), time.perf_counter()
        snapshot.refresh()
        refresh_cpu.append(time.process_time() - cpu)
        refresh_wall.append(time.perf_counter() - wall)
        cpu, wall = time.process_time(), time.perf_counter()
        service.poll()
        poll_cpu.append(time.process_time() - cpu)
        poll_wall.append(time.perf_counter() - wall)
        next_poll += POLL_SECONDS
    period = len(poll_cpu) * POLL_SECONDS  # each scan stands for one polling period of the client
    return ScanCost(len(snapshot.processes()), refresh_cpu, poll_cpu, refresh_wall, poll_wall, period)
