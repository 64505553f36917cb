"""The integrity monitor: turns observed signals into logged events and the pack's policy actions.

Detectors (OS adapters in `exam_app.platform`, Qt hooks in the UI) report `Signal`s; the monitor logs each
one in the session's chained event log with its evidence, decides the action the pack's policy names
(`log`, `warn`, `lock`, `submit`), applies `lock` and `submit` to the session itself, and hands the
decision back so the screen can show a banner or the lock screen. It never guesses: every decision names
the signal and the evidence that caused it.

Focus losses are spans: `focus_lost` opens one, `focus_returned` closes it and records its duration. The
focus-loss budget counts losses and seconds away (including an open span, checked on every tick), and
when either limit is reached its own action is taken once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from exam_app.core.exam_timer import Clock
from exam_app.core.model import Action
from exam_app.core.session import ExamSession

# Which policy entry governs each signal kind.
POLICY_FIELD = {
    "focus_lost": "focus_loss",
    "display_change": "display_change",
    "prohibited_process": "prohibited_process",
    "virtual_machine": "virtual_machine",
    "remote_session": "remote_session",
    "clock_jump": "clock_jump",
    "clipboard_paste": "clipboard_paste",
    "screen_capture": "screen_capture",
    "idle": "idle",
}
_SEVERITY = {"log": 0, "warn": 1, "lock": 2, "submit": 3}


@dataclass(frozen=True)
class Signal:
    """Something a detector noticed: its kind, a sentence of evidence, and details for reviewers."""

    kind: str
    evidence: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    """What the monitor did about a signal, for the screen to show."""

    action: Action
    kind: str
    evidence: str
    budget_exceeded: bool = False


class IntegrityMonitor:
    """Applies one pack's integrity policy to one session."""

    def __init__(self, session: ExamSession, *, clock: Clock = time.monotonic) -> None:
        self.session = session
        self._clock = clock  # spans are real time away, even while a lock has stopped the exam timer
        self.policy = session.pack.policy
        self.focus_losses = 0
        self.seconds_away = 0.0
        self._away_since: float | None = None  # clock reading when the current focus loss began
        self._budget_spent = False

    def action_for(self, kind: str) -> Action:
        """The pack's action for a signal kind (a VM is only logged when the pack allows VMs)."""
        if kind == "virtual_machine" and self.policy.allow_virtual_machine:
            return "log"
        name = POLICY_FIELD.get(kind)
        action: Action = getattr(self.policy.integrity, name) if name else "log"
        return action

    def report(self, signal: Signal) -> Decision:
        """Log a signal and act on it."""
        if signal.kind == "focus_lost":
            return self._focus_lost(signal)
        if signal.kind == "focus_returned":
            return self._focus_returned(signal)
        return self._act(signal, self.action_for(signal.kind))

    def tick(self) -> Decision | None:
        """Check the seconds-away budget while the window is still away (call with the session's tick)."""
        if self._away_since is None:
            return None
        return self._check_budget(self.seconds_away + self._current_away())

    @property
    def away(self) -> bool:
        """True while a focus-loss span is open."""
        return self._away_since is not None

    # -- focus spans --------------------------------------------------------------------------------------
    def _focus_lost(self, signal: Signal) -> Decision:
        if self._away_since is not None:
            return Decision("log", signal.kind, signal.evidence)  # already away: one span, not two
        self._away_since = self._clock()
        self.focus_losses += 1
        detail = {**signal.detail, "loss_number": self.focus_losses}
        decision = self._act(Signal(signal.kind, signal.evidence, detail), self.action_for("focus_lost"))
        return self._stronger(decision, self._check_budget(self.seconds_away))

    def _focus_returned(self, signal: Signal) -> Decision:
        if self._away_since is None:
            return Decision("log", signal.kind, signal.evidence)
        duration = self._current_away()
        self.seconds_away += duration
        self._away_since = None
        detail = {
            **signal.detail,
            "seconds": round(duration, 3),
            "total_seconds_away": round(self.seconds_away, 3),
        }
        self._log(Signal(signal.kind, signal.evidence, detail), "log")
        return self._check_budget(self.seconds_away) or Decision("log", signal.kind, signal.evidence)

    def _current_away(self) -> float:
        assert self._away_since is not None
        return max(0.0, self._clock() - self._away_since)

    def _check_budget(self, seconds_away: float) -> Decision | None:
        """Take the budget's action once, when the count or the total time away reaches its limit."""
        budget = self.policy.focus_loss_budget
        if self._budget_spent:
            return None
        over_count = budget.max_events is not None and self.focus_losses >= budget.max_events
        over_time = budget.max_seconds_away is not None and seconds_away >= budget.max_seconds_away
        if not (over_count or over_time):
            return None
        self._budget_spent = True
        reason = (
            f"{self.focus_losses} times away from the exam window"
            if over_count
            else f"{seconds_away:.0f} seconds away from the exam window"
        )
        signal = Signal(
            "focus_budget_exceeded", f"Focus-loss limit reached: {reason}.", {"losses": self.focus_losses}
        )
        decision = self._act(signal, budget.action)
        return Decision(decision.action, decision.kind, decision.evidence, budget_exceeded=True)

    # -- acting -----------------------------------------------------------------------------------------
    def _act(self, signal: Signal, action: Action) -> Decision:
        self._log(signal, action)
        if action == "lock" and self.session.state == "running":
            self.session.lock(f"{signal.kind}: {signal.evidence}")
        elif action == "submit" and self.session.state in ("running", "locked"):
            self.session.submit(f"integrity: {signal.kind}")
        return Decision(action, signal.kind, signal.evidence)

    def _log(self, signal: Signal, action: Action) -> None:
        if self.session.state != "submitted":
            self.session.log_signal(
                signal.kind, {**signal.detail, "evidence": signal.evidence, "action": action}
            )

    @staticmethod
    def _stronger(first: Decision, second: Decision | None) -> Decision:
        if second is None or _SEVERITY[second.action] <= _SEVERITY[first.action]:
            return first
        return second
