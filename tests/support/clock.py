"""A settable clock for tests: the caller passes in the clock (STYLE 6), tests move it."""

from __future__ import annotations


class FakeClock:
    """A clock that reads `now` seconds until a test changes it."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now
