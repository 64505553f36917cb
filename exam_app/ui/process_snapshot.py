"""A process source that the GUI thread can read without waiting: the slow part runs on the worker.

Reading /proc for every process takes tens of milliseconds on a busy station, and the first look at a
station with prohibited tools installed hashes executables (hundreds of milliseconds). The integrity
service must run on the GUI thread, because it writes to the session's store, so the client splits the
work: `refresh()` runs on the background worker and reads the table and hashes what will be compared;
the service's scan then reads that snapshot and the digest cache, which costs microseconds.
"""

from __future__ import annotations

from collections.abc import Iterable

from exam_app.core.process_facts import ProcessInfo, ProcessSource


class ProcessSnapshot:
    """A `ProcessSource` whose process table is the one read by the last `refresh()`."""

    def __init__(self, source: ProcessSource) -> None:
        self._source = source
        self._table: list[ProcessInfo] = []
        # Only a station with a prohibited tool installed compares executables' digests (renamed copies).
        self._hash_executables = False

    def prepare(self, names: Iterable[str]) -> None:
        """Worker: hash the prohibited tools installed here, then take the first snapshot."""
        located = self._source.locate(names)
        for path in located:
            self._source.file_digest(path)
        self._hash_executables = bool(located)
        self.refresh()

    def refresh(self) -> None:
        """Worker: read the process table (and hash new executables when digests will be compared)."""
        table = self._source.processes()
        if self._hash_executables:
            for process in table:
                if process.exe:
                    self._source.file_digest(process.exe)  # the source caches it for the GUI thread
        self._table = table  # one assignment: the GUI thread sees the old table or the new one

    def processes(self) -> list[ProcessInfo]:
        """The table as of the last refresh."""
        return list(self._table)

    def file_digest(self, path: str) -> str | None:
        """The source's digest (already computed by `refresh` for every process in the snapshot)."""
        return self._source.file_digest(path)

    def locate(self, names: Iterable[str]) -> dict[str, str]:
        """Installed executables with these names (a PATH lookup: quick)."""
        return self._source.locate(names)
