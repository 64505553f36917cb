"""Import result bundles into the review store: verify every one in parallel, store the good, list the rest.

The parent process reads each file and hashes it: bytes already in the store (or given twice) are
duplicates and skip verification, which makes a repeated import cheap and idempotent. Everything else is
verified by worker processes (`review_verify`, one per core, started with the "spawn" method so they
inherit no open database connection or GUI thread), in batches, with a bounded number in flight so memory
stays flat for 10,000 bundles. Verdicts are consumed in the order the files were given, so which of two
bundles of the same session counts as the replay does not depend on timing. Verified sittings are written
in batches, each one transaction.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from exam_app.core.build_info import build_info
from exam_app.core.errors import ExamAppError
from exam_app.core.frozen import enable_multiprocessing
from exam_app.core.model import Pack
from exam_app.core.result_bundle import MAX_RESULT_FILE_BYTES
from exam_app.core.review_types import ImportOutcome, ImportReport
from exam_app.core.review_verify import (
    RejectedBundle,
    Verdict,
    VerifiedBundle,
    WorkerKeys,
    init_worker,
    verify_batch,
)
from exam_app.store.review_ingest import add_sittings, known_bundles, log_imports, store_pack
from exam_app.store.review_store import ReviewStore

BUNDLE_SUFFIX = ".examresult"
BATCH = 8  # bundles per worker task: enough to amortise inter-process overhead, small for smooth progress
WRITE_BATCH = 250  # sittings per store transaction
TASKS_PER_WORKER = 4  # tasks in flight per worker: keeps workers busy while the parent writes


@dataclass(frozen=True)
class ImportProgress:
    """Reported after each file: how many of how many are done, and what happened to this one."""

    done: int
    total: int
    outcome: ImportOutcome


def find_bundles(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and every `*.examresult` under folders (sorted); a missing path is an error."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob(f"*{BUNDLE_SUFFIX}") if p.is_file())
        elif path.exists():
            found.append(path)
        else:
            raise ExamAppError(f"{path}: no such file or folder")
    return found


def default_workers() -> int:
    """One verifying process per core."""
    return max(1, os.cpu_count() or 1)


class _Inline(Executor):
    """Runs tasks in the calling thread (workers=0): for tests and for callers that are already a worker."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        future: Future[object] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def _executor(worker_keys: WorkerKeys, workers: int) -> Executor:
    if workers == 0:
        init_worker(worker_keys)
        return _Inline()
    enable_multiprocessing()  # a frozen program must be taught to start its own workers first
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker, initargs=(worker_keys,))


def import_bundles(
    store: ReviewStore,
    paths: Iterable[Path],
    worker_keys: WorkerKeys,
    *,
    now: datetime,
    pack: tuple[Pack, str] | None = None,
    workers: int | None = None,
    progress: Callable[[ImportProgress], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ImportReport:
    """Verify and store bundles; `pack` = (opened pack, SHA-256 of its file) stores its questions first.

    `progress` is called in the calling thread after every file; `cancelled` is polled between batches
    (what was verified by then is still stored). Rejections are outcomes, not exceptions.
    """
    files = find_bundles(paths)
    questions = store_pack(store, pack[0], pack[1]) if pack else 0
    run = _Run(store, len(files), now, progress)
    with _executor(worker_keys, default_workers() if workers is None else workers) as executor:
        in_flight: deque[Future[list[Verdict]]] = deque()
        limit = max(1, workers or default_workers()) * TASKS_PER_WORKER
        for batch in run.to_verify(files):
            if cancelled():
                run.cancelled = True
                break
            in_flight.append(executor.submit(verify_batch, batch))
            while len(in_flight) >= limit:
                run.take(in_flight.popleft().result())
        if run.cancelled:
            for future in in_flight:
                future.cancel()
        for future in in_flight:
            if not future.cancelled():
                run.take(future.result())
    run.flush()
    log_imports(store, uuid.uuid4().hex, run.logged, now=now)
    order = {str(path): n for n, path in enumerate(files)}
    outcomes = sorted(run.outcomes, key=lambda outcome: order[outcome.file])
    return ImportReport(tuple(outcomes), run.cancelled, questions)


class _Run:
    """The state of one import run in the parent process: what is known, pending and decided."""

    def __init__(
        self, store: ReviewStore, total: int, now: datetime, progress: Callable[[ImportProgress], None] | None
    ) -> None:
        self.store, self.total, self.now, self.progress = store, total, now, progress
        self.sessions = known_bundles(store)  # session id -> bundle SHA-256, growing as bundles verify
        self.bytes_seen = {sha: f"the review store (session {sid})" for sid, sha in self.sessions.items()}
        self.session_files: dict[str, str] = {}
        self.pending: list[VerifiedBundle] = []
        self.outcomes: list[ImportOutcome] = []
        self.logged: list[tuple[ImportOutcome, str | None]] = []
        self.cancelled = False
        info = build_info()
        self.verified_by = f"{info.version} ({info.build[:12]})"

    def to_verify(self, files: list[Path]) -> Iterator[list[tuple[str, bytes]]]:
        """Batches of (file, bytes) that need verifying; duplicates and unreadable files are decided here."""
        batch: list[tuple[str, bytes]] = []
        for path in files:
            try:
                if path.stat().st_size > MAX_RESULT_FILE_BYTES:
                    raise ExamAppError("file is larger than any result bundle can be")
                data = path.read_bytes()
            except (OSError, ExamAppError) as exc:
                reason = str(exc) if isinstance(exc, ExamAppError) else (exc.strerror or str(exc))
                self._decide(ImportOutcome(str(path), "rejected", reason), None)
                continue
            digest = hashlib.sha256(data).hexdigest()
            if digest in self.bytes_seen:
                self._decide(
                    ImportOutcome(str(path), "duplicate", f"same bytes as {self.bytes_seen[digest]}"), digest
                )
                continue
            self.bytes_seen[digest] = str(path)
            batch.append((str(path), data))
            if len(batch) == BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    def take(self, verdicts: list[Verdict]) -> None:
        """Decide on verified or rejected bundles, in the order the files were given."""
        for verdict in verdicts:
            if isinstance(verdict, RejectedBundle):
                self._decide(ImportOutcome(verdict.file, "rejected", verdict.reason), verdict.bundle_sha256)
                continue
            session = verdict.header.session_id
            if session in self.sessions:
                where = self.session_files.get(session, "the review store")
                reason = f"replayed: session {session} was already imported from other bytes ({where})"
                self._decide(ImportOutcome(verdict.file, "rejected", reason, session), verdict.bundle_sha256)
                continue
            self.sessions[session] = verdict.bundle_sha256
            self.session_files[session] = verdict.file
            self.pending.append(verdict)
            self._decide(ImportOutcome(verdict.file, "imported", "", session), verdict.bundle_sha256)
            if len(self.pending) >= WRITE_BATCH:
                self.flush()

    def flush(self) -> None:
        """Store the verified sittings waiting to be written."""
        add_sittings(self.store, self.pending, now=self.now, verified_by=self.verified_by)
        self.pending = []

    def _decide(self, outcome: ImportOutcome, digest: str | None) -> None:
        self.outcomes.append(outcome)
        self.logged.append((outcome, digest))
        if self.progress is not None:
            self.progress(ImportProgress(len(self.outcomes), self.total, outcome))
