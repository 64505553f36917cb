"""Build the QApplication, the real station services and the window, and run the client."""

from __future__ import annotations

import os
import sys
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from exam_app.core.paths import seen_versions_path, station_database_path
from exam_app.core.seen_versions import SeenVersions
from exam_app.core.station_config import load_station_config
from exam_app.ui.client_controller import ClientController
from exam_app.ui.deps import ClientDeps
from exam_app.ui.main_window import ExamWindow
from exam_app.ui.options import ClientOptions
from exam_app.ui.start_view import StartView

if TYPE_CHECKING:
    from exam_app.core.session_record import SessionStore


def open_station_store() -> SessionStore:
    """The station's durable session store (opened when the first session opens, on the GUI thread)."""
    # Imported here: SQLAlchemy costs about half a second that the start screen need not wait for.
    from exam_app.store.database import open_station_database
    from exam_app.store.session_store import SqlSessionStore

    return SqlSessionStore(open_station_database(station_database_path()))


def station_deps() -> ClientDeps:
    """The real services of this station."""
    return ClientDeps(
        load_station=load_station_config,
        open_store=open_station_store,
        seen=SeenVersions(seen_versions_path()),
    )


def build_client(options: ClientOptions, deps: ClientDeps) -> tuple[ExamWindow, ClientController]:
    """The window and its controller, started on the start screen but not yet shown."""
    window = ExamWindow(kiosk=options.kiosk)
    controller = ClientController(window, deps, options, parent=window)
    controller.start()
    return window, controller


def _install_error_hook(window: ExamWindow) -> None:
    """An unexpected error in a slot is logged and explained; the exam goes on with its saved answers."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        """Log the traceback for the station's administrator; tell the candidate in plain words."""
        traceback.print_exception(kind, exc, tb, file=sys.stderr)
        window.show_message(
            QCoreApplication.translate(
                "ExamWindow",
                "Something went wrong ({0}). Your saved answers are kept; tell the proctor if it recurs.",
            ).format(kind.__name__)
        )

    sys.excepthook = hook


def _exit_on_fatal_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Self-test: a fatal Qt message (no usable platform plugin) is exit 1 with its reason, not an abort."""
    if kind == QtMsgType.QtFatalMsg:
        print("error: " + " ".join(message.split()), file=sys.stderr, flush=True)  # one line, as the CLI's
        os._exit(1)  # Qt aborts the process right after this handler returns
    category = "" if context.category == "default" else f"{context.category}: "  # Qt's default format
    print(category + message, file=sys.stderr)


def _self_test_result(window: ExamWindow) -> int:
    """0 when the window shows the start screen (whatever it says), else 1 with the reason on stderr."""
    if window.isVisible() and isinstance(window.screens.currentWidget(), StartView):
        # Flushed now, not at exit: benchmarks/package_bench.py times the start by this line's arrival.
        print("self-test passed: the start screen is shown", flush=True)
        return 0
    print("error: self-test failed: the start screen was not shown", file=sys.stderr)
    return 1


def run_client(options: ClientOptions, *, self_test: bool = False) -> int:
    """Open the exam client and run it until the window closes; returns the exit code.

    With `self_test` it exits as soon as the start screen is shown: 0, or 1 with the reason on stderr.
    """
    if self_test:
        qInstallMessageHandler(_exit_on_fatal_qt_message)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("exam-app")
    app.setStyle("Fusion")  # the same look, focus frames and palette handling on every platform
    window, _controller = build_client(options, station_deps())
    _install_error_hook(window)
    window.present()
    if self_test:
        QTimer.singleShot(0, lambda: app.exit(_self_test_result(window)))
    return app.exec()
