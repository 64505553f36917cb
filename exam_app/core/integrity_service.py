"""Everything the client runs for integrity, without Qt: start-up checks and periodic scans.

At exam start it records the build and the readiness findings in the chained log and reports the station
findings (VM, remote session, screens) as signals; every poll (every few seconds) it scans for prohibited
processes and compares the clocks. Signals from Qt (focus, screens, clipboard, keys, idle) go straight to
`monitor.report`. The caller shows each returned `Decision`.
"""

from __future__ import annotations

import time
from typing import Any

from exam_app.core.exam_timer import Clock
from exam_app.core.integrity import Decision, IntegrityMonitor
from exam_app.core.machine_checks import ClockWatch, MachineFacts
from exam_app.core.process_facts import ProcessSource
from exam_app.core.prohibited import ProhibitedProcessScanner, prohibited_names
from exam_app.core.readiness import report, run_checks
from exam_app.core.session import ExamSession

POLL_SECONDS = 3.0


class IntegrityService:
    """Start-up checks and periodic detectors for one session."""

    def __init__(
        self, session: ExamSession, facts: MachineFacts, processes: ProcessSource, *,
        clock: Clock = time.monotonic, wall_clock: Clock = time.time,
    ) -> None:  # fmt: skip
        self.monitor = IntegrityMonitor(session, clock=clock)
        self._facts = facts
        self._processes = processes
        self._clock = clock
        self._wall = wall_clock
        self._scanner = ProhibitedProcessScanner(prohibited_names(session.pack.policy), processes)
        self._clocks = ClockWatch(clock(), wall_clock())
        self.readiness: dict[str, Any] | None = None

    def start(self, screens: int | None) -> list[Decision]:
        """Record the build and readiness in the log, and act on what the station itself shows."""
        findings = run_checks(self.monitor.policy, self._facts, self._processes, screens)
        self.readiness = report(findings)
        self.monitor.session.log_signal("station_checks", self.readiness)
        decisions = []
        for finding in findings:
            for signal in finding.signals:
                if signal.kind != "prohibited_process":  # the first poll reports those, once each
                    decisions.append(self.monitor.report(signal))
        return decisions + self.poll()

    def poll(self) -> list[Decision]:
        """Prohibited processes and clock jumps since the last poll, plus the focus budget."""
        if self.monitor.session.state == "submitted":
            return []
        decisions = [self.monitor.report(signal) for signal in self._scanner.scan()]
        jump = self._clocks.check(self._clock(), self._wall())
        if jump is not None:
            decisions.append(self.monitor.report(jump))
        budget = self.monitor.tick()
        return decisions + ([budget] if budget is not None else [])
