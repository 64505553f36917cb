"""Lock screen logic: show why and the continuation code, and apply the proctor's one-time code.

`ProctorLock` does the work and the logging (every accepted and rejected code is in the chained log);
this only relays, and says plainly why a code was not accepted. After five wrong codes the lock shows a
new continuation code, so the screen refreshes the code after every try.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from exam_app.core.errors import ExamAppError
from exam_app.core.proctor_codes import ProctorCodeError
from exam_app.core.proctor_lock import ProctorLock
from exam_app.ui.integrity_text import headline, sentence
from exam_app.ui.lock_view import LockView


class LockController(QObject):
    """Drives a `LockView` for one lock; emits `resumed(minutes_added)` or `ended()` once a code works."""

    resumed = Signal(int)
    ended = Signal()

    def __init__(self, view: LockView, lock: ProctorLock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.lock = lock
        view.continue_button.clicked.connect(self._on_continue)
        view.code.returnPressed.connect(self._on_continue)

    def start(self, kind: str, evidence: str) -> None:
        """Show why the exam is paused (the signal kind and its evidence) and the continuation code."""
        view = self.view
        view.show_reason(headline(kind), sentence(evidence))
        view.show_continuation(self.lock.continuation)
        view.clear_error()
        view.code.clear()
        view.code.setFocus()

    def _on_continue(self) -> None:
        view = self.view
        typed = view.code.text()
        if not typed.strip():
            view.show_error(self.tr("Type the proctor's code first."))
            view.code.setFocus()
            return
        try:
            action, _changes = self.lock.enter(typed)
        except ProctorCodeError as exc:
            problem = self.tr("That code did not work: {0}.").format(exc)
            view.show_error(problem + " " + self.tr("Check it with the proctor and type it again."))
            view.show_continuation(self.lock.continuation)  # new after too many wrong tries
            view.code.selectAll()
            view.code.setFocus()
            return
        except ExamAppError as exc:  # the session refused (for example, already submitted)
            view.show_error(str(exc))
            return
        view.clear_error()
        if action.name == "end":
            self.ended.emit()
        else:
            self.resumed.emit(action.minutes)
