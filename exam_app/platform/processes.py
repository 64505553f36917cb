"""Running processes and the binaries behind them: the psutil adapter and a fake, for `core.prohibited`."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from exam_app.core.process_facts import ProcessInfo

MAX_HASHED_BYTES = 512 * 1024 * 1024  # never hash anything bigger: a scan must stay cheap


class PsutilProcessSource:
    """The real machine, through psutil; file digests are cached by (path, size, mtime, inode)."""

    def __init__(self) -> None:
        self._digests: dict[tuple[str, int, int, int], str | None] = {}

    def processes(self) -> list[ProcessInfo]:
        """Every visible process (processes that vanish mid-scan are skipped)."""
        import psutil  # here, not above: the client's start screen shows before psutil loads

        found = []
        for process in psutil.process_iter(["pid", "name", "exe", "cmdline"]):
            info = process.info
            cmdline = info.get("cmdline") or []
            found.append(
                ProcessInfo(
                    info["pid"], info.get("name") or "", info.get("exe") or "", cmdline[0] if cmdline else ""
                )
            )
        return found

    def file_digest(self, path: str) -> str | None:
        """SHA-256 of the file, cached while it does not change."""
        try:
            stat = os.stat(path)
        except OSError:
            return None
        key = (path, stat.st_size, stat.st_mtime_ns, stat.st_ino)
        if key not in self._digests:
            self._digests[key] = _sha256(Path(path)) if stat.st_size <= MAX_HASHED_BYTES else None
        return self._digests[key]

    def locate(self, names: Iterable[str]) -> dict[str, str]:
        """Resolve names on PATH to real paths."""
        located = {}
        for name in names:
            found = shutil.which(name)
            if found:
                located[os.path.realpath(found)] = name
        return located


class FakeProcessSource:
    """A process table and files given by the test."""

    def __init__(self, processes: list[ProcessInfo], files: dict[str, bytes] | None = None) -> None:
        self.table = processes
        self.files = files or {}

    def processes(self) -> list[ProcessInfo]:
        """The table as given."""
        return list(self.table)

    def file_digest(self, path: str) -> str | None:
        """SHA-256 of a fake file."""
        import hashlib

        data = self.files.get(path)
        return hashlib.sha256(data).hexdigest() if data is not None else None

    def locate(self, names: Iterable[str]) -> dict[str, str]:
        """Fake files whose base name is one of `names`."""
        wanted = set(names)
        return {path: Path(path).name for path in self.files if Path(path).name in wanted}


def _sha256(path: Path) -> str | None:
    # hashlib imported here, as psutil is: the adapter is built before the start screen, used after it.
    import hashlib

    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()
