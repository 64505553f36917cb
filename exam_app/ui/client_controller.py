"""The client's flow: start -> rules -> exam (with review) -> completion (results saved), plus zoom and
contrast.

Each screen gets a fresh view and a controller parented to it, so replacing a screen also disposes of its
timers and connections. The screens after the start screen are imported when they are first shown, so the
start screen does not wait for Markdown rendering, the integrity detectors and the result export: the
exam screens load when the candidate begins, the completion screen at submission (under 0.1 s each, once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from exam_app.ui.background import BackgroundRunner
from exam_app.ui.deps import ClientDeps
from exam_app.ui.main_window import ExamWindow
from exam_app.ui.options import ClientOptions
from exam_app.ui.start_controller import OpenedExam, StartController
from exam_app.ui.start_view import StartView
from exam_app.ui.theme import Appearance, palette, style_sheet

if TYPE_CHECKING:
    from exam_app.ui.exam_controller import ExamController
    from exam_app.ui.integrity_controller import IntegrityController
    from exam_app.ui.integrity_flow import IntegrityFlow
    from exam_app.ui.result_controller import ResultController
    from exam_app.ui.rules_controller import RulesController


class ClientController(QObject):
    """Owns the window's screens and the appearance; holds no exam logic."""

    def __init__(
        self, window: ExamWindow, deps: ClientDeps, options: ClientOptions, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.deps = deps
        self.options = options
        self.runner = BackgroundRunner(self)
        self.appearance = Appearance()
        self.start_controller: StartController | None = None
        self.rules_controller: RulesController | None = None
        self.exam_controller: ExamController | None = None
        self.integrity: IntegrityController | None = None
        self.integrity_flow: IntegrityFlow | None = None
        self.result_controller: ResultController | None = None
        self.opened: OpenedExam | None = None
        for shortcut in window.zoom_in_shortcuts:
            shortcut.activated.connect(self._on_zoom_in)
        window.zoom_in_button.clicked.connect(self._on_zoom_in)
        window.zoom_out_shortcut.activated.connect(self._on_zoom_out)
        window.zoom_out_button.clicked.connect(self._on_zoom_out)
        window.zoom_reset_shortcut.activated.connect(self._on_zoom_reset)
        window.contrast_shortcut.activated.connect(window.contrast_button.click)
        window.contrast_button.toggled.connect(self._on_contrast_toggled)
        window.close_refused.connect(self._on_close_refused)
        window.closing.connect(self._on_closing)

    def start(self) -> None:
        """Apply the look and show the start screen."""
        self._apply_appearance()
        view = StartView()
        self.start_controller = StartController(view, self.deps, self.options, self.runner, parent=view)
        self.start_controller.session_opened.connect(self._on_session_opened)
        self.window.show_screen(view)
        self.start_controller.start()

    def _on_session_opened(self, opened: OpenedExam) -> None:
        from exam_app.ui.rules_controller import RulesController
        from exam_app.ui.rules_view import RulesView

        self.opened = opened
        view = RulesView()
        self.rules_controller = RulesController(view, opened.session, parent=view)
        self.rules_controller.begun.connect(self._on_begun)
        self.rules_controller.failed.connect(self.window.show_message)
        self.window.show_screen(view)
        self.rules_controller.start()

    def _on_begun(self) -> None:
        from exam_app.ui.exam_controller import ExamController
        from exam_app.ui.exam_view import ExamView
        from exam_app.ui.integrity_controller import IntegrityController
        from exam_app.ui.integrity_flow import IntegrityFlow

        assert self.opened is not None
        session, deps = self.opened.session, self.deps
        view = ExamView(session.pack.title)
        exam = self.exam_controller = ExamController(view, session, parent=view)
        exam.submitted.connect(self._on_submitted)
        self.integrity = IntegrityController(
            session, facts=deps.machine_facts, processes=deps.processes,
            window=self.window, guarded=view, kiosk=self.window.kiosk, flush=exam.flush,
            clock=deps.clock, wall_clock=deps.wall_clock, parent=view,
        )  # fmt: skip
        self.integrity_flow = IntegrityFlow(self.window, view, exam, self.integrity, parent=view)
        self.integrity_flow.ended.connect(exam.show_ended)
        self.window.exam_running = True
        self.window.show_screen(view)
        exam.start()
        self.integrity_flow.start()

    def _on_submitted(self, reason: str) -> None:
        """Show the completion screen; the kiosk stays closed until the results are safe."""
        from exam_app.ui.completion_view import CompletionView
        from exam_app.ui.result_controller import ResultController

        assert self.opened is not None
        self.exam_controller = None
        readiness = None
        if self.integrity is not None:
            self.integrity.stop()
            readiness = self.integrity.service.readiness if self.integrity.service else None
        view = CompletionView(self.opened.session, reason)
        view.close_button.clicked.connect(self.window.close)
        self.result_controller = ResultController(
            view, self.opened, self.runner, self.deps.now, readiness=readiness, parent=view
        )
        self.result_controller.settled.connect(self._on_results_settled)
        self.window.show_screen(view)
        self.window.activateWindow()  # the confirmation dialog had the focus; take it back
        view.summary.setFocus()
        self.result_controller.start()

    def _on_results_settled(self) -> None:
        self.window.exam_running = False  # from now on the window may close
        if self.result_controller is not None:
            self.result_controller.view.close_button.setFocus()

    def _on_zoom_in(self) -> None:
        self._set_appearance(self.appearance.zoomed(1))

    def _on_zoom_out(self) -> None:
        self._set_appearance(self.appearance.zoomed(-1))

    def _on_zoom_reset(self) -> None:
        self._set_appearance(Appearance(high_contrast=self.appearance.high_contrast))

    def _on_contrast_toggled(self, on: bool) -> None:
        self._set_appearance(Appearance(zoom=self.appearance.zoom, high_contrast=on))

    def _set_appearance(self, appearance: Appearance) -> None:
        self.appearance = appearance
        self._apply_appearance()

    def _apply_appearance(self) -> None:
        window, appearance = self.window, self.appearance
        window.setPalette(palette(appearance))
        window.setStyleSheet(style_sheet(appearance))
        window.zoom_label.setText(f"{appearance.zoom}%")
        window.contrast_button.setChecked(appearance.high_contrast)

    def _on_close_refused(self) -> None:
        if self.result_controller is not None:
            self.window.show_message(self.tr("This window closes once your results are saved."))
        else:
            self.window.show_message(self.tr("The exam cannot be closed before it is submitted."))

    def _on_closing(self) -> None:
        if self.exam_controller is not None:
            self.exam_controller.flush()
        self.runner.wait()
