"""Prohibited processes: matched by name, by the real executable's name, and by the executable's content.

A process can call itself anything (its name and argv[0] are under its control), so the scanner also
looks at the file it really runs, and compares that file's SHA-256 with the prohibited tools installed
on the station: a renamed copy of a remote-control tool is still caught, with evidence saying so.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from exam_app.core.integrity import Signal
from exam_app.core.process_facts import ProcessInfo, ProcessSource

if TYPE_CHECKING:
    from exam_app.core.model import Policy

# Remote control, screen sharing and recording, chat and AI assistants. Packs extend or replace this.
DEFAULT_PROHIBITED = (
    "anydesk", "teamviewer", "rustdesk", "x11vnc", "vncviewer", "tigervnc", "remmina", "xfreerdp", "krfb",
    "chrome-remote-desktop", "parsec", "obs", "obs64", "simplescreenrecorder", "kazam", "vokoscreen",
    "peek", "recordmydesktop", "zoom", "teams", "discord", "skype", "slack", "telegram-desktop",
    "signal-desktop", "whatsapp", "chatgpt", "claude", "copilot", "ollama", "lm-studio", "gpt4all", "jan",
)  # fmt: skip


def prohibited_names(policy: Policy) -> frozenset[str]:
    """The pack's list: the defaults plus its names, or only its names."""
    own = {_normalise(name) for name in policy.prohibited_processes.names}
    if policy.prohibited_processes.mode == "replace":
        return frozenset(own)
    return frozenset(own | {_normalise(name) for name in DEFAULT_PROHIBITED})


def _normalise(name: str) -> str:
    base = os.path.basename(name.strip()).lower()
    return base[:-4] if base.endswith(".exe") else base


class ProhibitedProcessScanner:
    """Finds prohibited processes; reports each process once, however many scans see it."""

    def __init__(self, names: frozenset[str], source: ProcessSource, *, own_pid: int | None = None) -> None:
        self.names = names
        self._source = source
        self._own_pid = os.getpid() if own_pid is None else own_pid
        self._reported: set[tuple[int, str]] = set()
        # Digests of the prohibited tools installed here, to recognise renamed copies of them.
        self._known = {
            digest: path for path in source.locate(names) if (digest := source.file_digest(path)) is not None
        }

    def scan(self) -> list[Signal]:
        """Signals for prohibited processes not reported before."""
        signals = []
        for process in self._source.processes():
            if process.pid == self._own_pid:
                continue
            reasons = self._reasons(process)
            key = (process.pid, process.exe or process.name)
            if not reasons or key in self._reported:
                continue
            self._reported.add(key)
            runs = f" running {process.exe}" if process.exe else ""
            evidence = f"process {process.name!r} (pid {process.pid}){runs}: {'; '.join(reasons)}"
            detail = {"pid": process.pid, "name": process.name, "exe": process.exe, "matched_by": reasons}
            signals.append(Signal("prohibited_process", evidence, detail))
        return signals

    def _reasons(self, process: ProcessInfo) -> list[str]:
        reasons = []
        if _normalise(process.name) in self.names:
            reasons.append(f"its name {process.name!r} is prohibited")
        if (
            process.exe
            and _normalise(process.exe) in self.names
            and _normalise(process.exe) != _normalise(process.name)
        ):
            reasons.append(f"its executable {os.path.basename(process.exe)!r} is prohibited")
        if process.argv0 and _normalise(process.argv0) in self.names - {_normalise(process.name)}:
            reasons.append(f"it was started as {process.argv0!r}")
        digest = self._source.file_digest(process.exe) if process.exe and self._known else None
        original = self._known.get(digest) if digest else None
        if digest and original and os.path.basename(original) != os.path.basename(process.exe):
            reasons.append(f"its executable is a renamed copy of {original} (sha256 {digest[:16]}…)")
        return reasons
