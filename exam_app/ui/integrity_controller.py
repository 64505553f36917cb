"""Qt's view of the station, fed to the integrity service: focus, screens, clipboard, keys, idle time.

Focus is a span: it is lost when the application stops being the active one (another program's window
took the focus), when the exam window is minimised, or when the kiosk window leaves full screen; it
returns when none of these holds any more. The service's periodic scan reads the process table on the
background worker (a `ProcessSnapshot`) and acts on the GUI thread, which alone writes to the store.

Every decision that is more than `log` is emitted as `decided`, for the screen to show. A pending typed
answer is saved before each report, because a lock or a submission stops answers from being saved.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QWidget

from exam_app.core import integrity
from exam_app.core.exam_timer import Clock
from exam_app.core.integrity import Decision
from exam_app.core.integrity_service import POLL_SECONDS, IntegrityService
from exam_app.core.machine_checks import MachineFacts
from exam_app.core.process_facts import ProcessSource
from exam_app.core.prohibited import prohibited_names
from exam_app.core.session import ExamSession
from exam_app.ui.background import BackgroundRunner
from exam_app.ui.clipboard_guard import ClipboardGuard
from exam_app.ui.input_watch import InputWatch
from exam_app.ui.process_snapshot import ProcessSnapshot

POLL_MS = int(POLL_SECONDS * 1000)
IDLE_CHECK_MS = 5_000  # idle periods are minutes long: a check every few seconds is precise enough
_SPANS = ("focus_lost", "focus_returned")


class IntegrityController(QObject):
    """Runs the integrity service for one exam screen; `start()` once the exam is shown."""

    decided = Signal(object)  # a Decision whose action is warn, lock or submit
    ready = Signal()  # the station checks are logged; detectors report from now on
    paste_blocked = Signal()  # the candidate should hear why nothing was pasted

    def __init__(
        self, session: ExamSession, *, facts: MachineFacts, processes: ProcessSource,
        window: QWidget, guarded: QWidget, kiosk: bool,
        flush: Callable[[], None] = lambda: None, clock: Clock = time.monotonic,
        wall_clock: Clock = time.time, poll_ms: int = POLL_MS, idle_check_ms: int = IDLE_CHECK_MS,
        parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.session = session
        self.service: IntegrityService | None = None  # built once the worker has read the processes
        self._facts = facts
        self._snapshot = ProcessSnapshot(processes)
        # Its own worker: periodic scans must never make the client's runner look busy (which would
        # ignore a click on "Try again"), nor wait behind sealing the results.
        self._runner = BackgroundRunner(self)
        self._window = window
        self._kiosk = kiosk
        self._flush = flush
        self._clock = clock
        self._wall_clock = wall_clock
        self._pending: list[integrity.Signal] = []  # reported before the service was ready
        self._app_active = True  # read when the detectors start
        self._was_full_screen = False
        self.away = False  # the exam window is away (minimised, not full screen, or not active)
        self._scanning = False
        self._started = self._stopped = False
        self._idle_from: float | None = None  # last input time of the idle period already reported
        app = QApplication.instance()
        assert isinstance(app, QApplication), "create the QApplication first"
        self._app = app
        block = session.pack.policy.paste_from_outside == "block"
        self.clipboard = ClipboardGuard(
            app.clipboard(),
            block=block,
            exam_has_focus=lambda: not self.away,
            report=self._on_paste,
            parent=self,
        )
        self.input = InputWatch(
            guarded, self.clipboard, clock=clock, on_capture=self._on_capture, parent=self
        )
        self._poll_timer = QTimer(self, interval=poll_ms)
        self._poll_timer.timeout.connect(self._on_poll)
        self._idle_timer = QTimer(self, interval=idle_check_ms)
        self._idle_timer.timeout.connect(self._on_idle_check)

    def start(self) -> None:
        """Start watching: detectors now, station checks once the worker has read the process table."""
        self._started = True
        app = self._app
        app.applicationStateChanged.connect(self._on_application_state_changed)
        app.screenAdded.connect(self._on_screen_added)
        app.screenRemoved.connect(self._on_screen_removed)
        app.installEventFilter(self.input)
        self._window.installEventFilter(self)
        self._app_active = QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive
        self.clipboard.start()
        self._update_focus()
        names = prohibited_names(self.session.pack.policy)
        self._runner.run(lambda: self._snapshot.prepare(names), self._on_prepared, self._on_scan_failed)

    def stop(self) -> None:
        """Stop every detector (the exam is over)."""
        was_watching = self._started and not self._stopped
        self._stopped = True
        if not was_watching:
            return
        self._poll_timer.stop()
        self._idle_timer.stop()
        app = self._app
        app.applicationStateChanged.disconnect(self._on_application_state_changed)
        app.screenAdded.disconnect(self._on_screen_added)
        app.screenRemoved.disconnect(self._on_screen_removed)
        app.removeEventFilter(self.input)
        self._window.removeEventFilter(self)
        self.clipboard.stop()

    def report(self, signal: integrity.Signal) -> Decision | None:
        """Hand a signal to the monitor and show what it decides (queued until the service is ready)."""
        if self._stopped or self.session.state == "submitted":
            return None
        if self.service is None:
            if signal.kind not in _SPANS:  # a focus span is opened from the state once ready
                self._pending.append(signal)
            return None
        self._flush()
        return self._show(self.service.monitor.report(signal))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The exam window was minimised, restored, or left or entered full screen."""
        if event.type() == QEvent.Type.WindowStateChange:
            self._update_focus()
        return False

    # -- focus ---------------------------------------------------------------------------------------------
    @Slot(Qt.ApplicationState)
    def _on_application_state_changed(self, state: Qt.ApplicationState) -> None:
        self._app_active = state == Qt.ApplicationState.ApplicationActive
        self._update_focus()

    def _away_reason(self) -> str | None:
        state = self._window.windowState()
        full_screen = bool(state & Qt.WindowState.WindowFullScreen)
        self._was_full_screen |= full_screen
        if state & Qt.WindowState.WindowMinimized:
            return "the exam window was minimised"
        if self._kiosk and self._was_full_screen and not full_screen:
            return "the exam window left full screen"
        if not self._app_active:
            return "another window took the focus from the exam"
        return None

    def _update_focus(self) -> None:
        reason = self._away_reason()
        if reason is not None and not self.away:
            self.away = True
            self.report(integrity.Signal("focus_lost", reason))
        elif reason is None and self.away:
            self.away = False
            self.report(integrity.Signal("focus_returned", "the exam window has the focus again"))

    # -- screens, keys, idle -------------------------------------------------------------------------------
    @Slot(QScreen)
    def _on_screen_added(self, screen: QScreen) -> None:
        self._screen_changed(f"a screen was connected ({screen.name() or 'unnamed'})")

    @Slot(QScreen)
    def _on_screen_removed(self, screen: QScreen) -> None:
        self._screen_changed(f"a screen was disconnected ({screen.name() or 'unnamed'})")

    def _screen_changed(self, what: str) -> None:
        count = len(QGuiApplication.screens())
        evidence = f"{what}; {count} screen{'s' if count != 1 else ''} now"
        self.report(integrity.Signal("display_change", evidence, {"screens": count}))

    def _on_paste(self, signal: integrity.Signal) -> None:
        self.report(signal)
        if signal.detail.get("blocked"):
            self.paste_blocked.emit()

    def _on_capture(self, keys: str) -> None:
        evidence = f"the screen-capture shortcut {keys} was pressed"
        self.report(integrity.Signal("screen_capture", evidence, {"keys": keys}))

    def _on_idle_check(self) -> None:
        last_input = self.input.last_input
        if self.session.state != "running" or self._idle_from == last_input:
            return  # paused, or this idle period was already reported
        minutes = self.session.pack.policy.idle_minutes
        if self._clock() - last_input >= minutes * 60:
            self._idle_from = last_input
            evidence = f"no keyboard or mouse input for {minutes:g} minutes"
            self.report(integrity.Signal("idle", evidence, {"minutes": minutes}))

    # -- station checks and periodic scans -----------------------------------------------------------------
    def _gone(self) -> bool:
        """True once stopped, or deleted with its screen while a scan was running (then this object is
        only a Python shell whose Qt parts are gone)."""
        return self._stopped or not shiboken6.isValid(self)

    def _on_prepared(self, _result: object) -> None:
        if self._gone() or self.session.state == "submitted":
            return
        self._flush()
        self.service = IntegrityService(
            self.session, self._facts, self._snapshot, clock=self._clock, wall_clock=self._wall_clock
        )
        for decision in self.service.start(len(QGuiApplication.screens())):
            self._show(decision)
        pending, self._pending = self._pending, []
        for signal in pending:
            self.report(signal)
        if self.away:  # the focus was already away when the service became ready
            reason = self._away_reason() or "the exam window did not have the focus"
            self._show(self.service.monitor.report(integrity.Signal("focus_lost", reason)))
        self._poll_timer.start()
        self._idle_timer.start()
        self.ready.emit()

    def _on_poll(self) -> None:
        if not self._scanning and not self._stopped:
            self._scanning = True
            self._runner.run(self._snapshot.refresh, self._on_scanned, self._on_scan_failed)

    def _on_scanned(self, _result: object) -> None:
        self._scanning = False
        if self._gone() or self.service is None or self.session.state == "submitted":
            return
        self._flush()
        for decision in self.service.poll():
            self._show(decision)

    def _on_scan_failed(self, exc: Exception) -> None:
        """A failed scan is reported to the administrator's log; the next poll tries again."""
        self._scanning = False
        print(f"exam-app: process scan failed: {exc!r}", file=sys.stderr)
        if self.service is None and not self._gone():
            self._on_prepared(None)  # the checks still run, on the snapshot there is

    def _show(self, decision: Decision) -> Decision:
        if decision.action != "log":
            self.decided.emit(decision)
        return decision
