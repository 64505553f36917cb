"""What the operating system tells about running processes: the facts the prohibited-process scanner reads.

The platform adapter (`exam_app.platform.processes`) fills these in; it depends on this small module and
not on the integrity engine, so building the adapter costs nothing before an exam begins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ProcessInfo:
    """One running process: its own name, the executable it really runs, and its argv[0]."""

    pid: int
    name: str
    exe: str  # "" when the OS does not tell (another user's process, a kernel thread)
    argv0: str


class ProcessSource(Protocol):
    """Where process facts come from (`exam_app.platform.processes` implements it)."""

    def processes(self) -> list[ProcessInfo]:
        """Every process this account can see."""

    def file_digest(self, path: str) -> str | None:
        """SHA-256 of an executable file, or None when it cannot be read."""

    def locate(self, names: Iterable[str]) -> dict[str, str]:
        """Installed executables with these names: path -> name."""
