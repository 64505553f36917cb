"""Exam time measured on a monotonic clock and carried across restarts as a number of seconds.

The wall clock is never used to measure exam time: changing the system time, or a station whose clock
jumps, changes nothing. The caller passes the clock in (STYLE: "the caller passes in the clock"), so
tests move time without sleeping.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]


class ExamTimer:
    """Elapsed time against a limit; runs only while started, so locks and crashes can pause it."""

    def __init__(self, limit_seconds: float, *, elapsed: float = 0.0, clock: Clock = time.monotonic) -> None:
        self.limit_seconds = limit_seconds
        self._clock = clock
        self._banked = elapsed  # time counted in earlier runs or before the last stop
        self._started_at: float | None = None

    @property
    def running(self) -> bool:
        """True while time is being counted."""
        return self._started_at is not None

    def start(self) -> None:
        """Start (or resume) counting; a no-op when already running."""
        if self._started_at is None:
            self._started_at = self._clock()

    def stop(self) -> None:
        """Stop counting, banking the time so far."""
        if self._started_at is not None:
            self._banked += max(0.0, self._clock() - self._started_at)
            self._started_at = None

    def elapsed(self) -> float:
        """Seconds counted so far."""
        running = max(0.0, self._clock() - self._started_at) if self._started_at is not None else 0.0
        return self._banked + running

    def remaining(self) -> float:
        """Seconds left, never below zero."""
        return max(0.0, self.limit_seconds - self.elapsed())

    def expired(self) -> bool:
        """True once the limit is reached."""
        return self.elapsed() >= self.limit_seconds

    def add_time(self, seconds: float) -> None:
        """Extend the limit (a proctor's decision)."""
        self.limit_seconds += seconds

    def charge(self, seconds: float) -> None:
        """Count time that passed outside this timer (downtime after a crash, when the policy says so)."""
        self._banked += max(0.0, seconds)
