"""The one way the client runs slow work off the GUI thread (STYLE 3: single worker, results by signal).

Jobs are plain callables that never touch widgets or the database; their result or exception comes back
on the GUI thread through a queued signal, where the caller's slots run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _JobSignals(QObject):
    """Lives on the GUI thread, so its signals are delivered there whatever thread emits them."""

    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _JobSignals) -> None:
        super().__init__()
        self._work = work
        self._signals = signals

    def run(self) -> None:
        """Run on the worker thread; report through the signals only."""
        try:
            result = self._work()
        except Exception as exc:  # every failure goes back to the GUI thread, which explains it
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)


class BackgroundRunner(QObject):
    """A single-worker pool: jobs run one at a time, in order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._live: set[_JobSignals] = set()  # keep each job's signal object alive until it reports

    def run(
        self, work: Callable[[], Any], on_done: Callable[[Any], None], on_failed: Callable[[Exception], None]
    ) -> None:
        """Run `work()` on the worker, then `on_done(result)` or `on_failed(exception)` on this thread."""
        signals = _JobSignals()
        self._live.add(signals)
        signals.done.connect(lambda result: self._finish(signals, on_done, result))
        signals.failed.connect(lambda exc: self._finish(signals, on_failed, exc))
        self._pool.start(_Job(work, signals))

    @property
    def busy(self) -> bool:
        """True while a job has not reported back."""
        return bool(self._live)

    def wait(self) -> None:
        """Block until the worker is idle (on shutdown, so no job outlives the application)."""
        self._pool.waitForDone()

    def _finish(self, signals: _JobSignals, callback: Callable[[Any], None], value: Any) -> None:
        self._live.discard(signals)
        callback(value)
