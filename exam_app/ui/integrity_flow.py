"""What the candidate sees of integrity decisions: the warning banner, the lock screen, or the end.

The lock screen is laid over the exam screen in the same (kiosk) window, so after a proctor's code the
exam continues exactly where it was: same question, same typed text. A session that reopens locked (it
was locked when the station went down, or the pack makes every resumed session wait for a proctor) shows
the lock screen straight away.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from exam_app.core.integrity import Decision
from exam_app.core.proctor_lock import ProctorLock
from exam_app.ui.exam_controller import ExamController
from exam_app.ui.exam_view import ExamView
from exam_app.ui.integrity_controller import IntegrityController
from exam_app.ui.lock_controller import LockController
from exam_app.ui.lock_view import LockView
from exam_app.ui.main_window import ExamWindow
from exam_app.ui.wording import count_text

RESUME_REASON = "the exam was interrupted, and this exam needs a proctor code to continue"
WAS_LOCKED = "the exam was paused when it was interrupted"


class IntegrityFlow(QObject):
    """Shows an `IntegrityController`'s decisions over one exam screen; `ended(reason)` once submitted."""

    ended = Signal(str)  # "integrity" (the policy submitted the exam) or "proctor" (an `end` code)

    def __init__(
        self, window: ExamWindow, view: ExamView, exam: ExamController, integrity: IntegrityController,
        parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.window = window
        self.view = view
        self.exam = exam
        self.integrity = integrity
        self.session = integrity.session
        self.lock = ProctorLock(self.session)
        self.lock_view: LockView | None = None
        integrity.decided.connect(self._on_decided)
        integrity.paste_blocked.connect(self._on_paste_blocked)

    def start(self) -> None:
        """Start the detectors; a resumed session that must wait for a proctor opens on the lock screen."""
        session = self.session
        resumed_lock = session.resumed and session.pack.policy.resume_requires_proctor
        if session.state == "locked":
            self._show_lock("resumed", WAS_LOCKED)
        elif session.state == "running" and resumed_lock:
            session.lock(f"resumed: {RESUME_REASON}")
            self._show_lock("resumed", RESUME_REASON)
        self.integrity.start()

    def _on_decided(self, decision: Decision) -> None:
        if decision.action == "warn":
            self.view.banner.show_warning(decision)
        elif decision.action == "lock" and self.session.state == "locked":
            self._show_lock(decision.kind, decision.evidence)
        elif decision.action == "submit" and self.session.state == "submitted":
            self._end("integrity")

    def _on_paste_blocked(self) -> None:
        self.view.show_notice(
            self.tr("Text copied outside the exam cannot be pasted into an answer. Type your answer instead.")
        )

    def _show_lock(self, kind: str, evidence: str) -> None:
        if self.lock_view is not None:
            return  # already paused: the first reason stays on screen
        self.exam.review.close_dialog()  # a confirmation dialog must not sit over the lock screen
        view = LockView()
        controller = LockController(view, self.lock, parent=view)
        controller.resumed.connect(self._on_resumed)
        controller.ended.connect(lambda: self._end("proctor"))
        self.lock_view = view
        self.window.screens.addWidget(view)
        self.window.screens.setCurrentWidget(view)
        controller.start(kind, evidence)

    def _close_lock(self) -> None:
        view, self.lock_view = self.lock_view, None
        if view is not None:
            self.window.screens.setCurrentWidget(self.view)
            self.window.screens.removeWidget(view)
            view.deleteLater()

    def _on_resumed(self, minutes: int) -> None:
        self._close_lock()
        self.view.question_page.setEnabled(True)  # before the next tick, which would hide this notice
        text = self.tr("The proctor let you continue.")
        if minutes:
            text += " " + count_text(
                minutes, self.tr("You have {0} more minute."), self.tr("You have {0} more minutes.")
            )
        self.view.show_notice(text)
        self.exam.jump_to(self.session.current.index)  # refreshes the page and puts the focus back

    def _end(self, reason: str) -> None:
        self._close_lock()
        self.integrity.stop()
        self.ended.emit(reason)
