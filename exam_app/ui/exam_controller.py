"""Exam screen logic: show questions, save answers (choices at once, text debounced), flags, navigation,
the countdown and time-up. Every decision about the exam is `ExamSession`'s; this only relays.

Saving never waits on the clock tick: a pending text answer is flushed before navigating, reviewing,
submitting, closing, and before the tick that would close its section or end the exam.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from exam_app.core.answers import AnswerShapeError, is_answered
from exam_app.core.errors import ExamAppError
from exam_app.core.session import ExamSession, SessionChanges
from exam_app.ui.answer_widgets import create_answer_widget, instruction
from exam_app.ui.debounce import IDLE_MS, MAX_DELAY_MS, Debouncer
from exam_app.ui.exam_view import ExamView
from exam_app.ui.navigator_view import NavigatorEntry
from exam_app.ui.review_controller import ReviewController
from exam_app.ui.wording import clock_text, count_text

TICK_MS = 250  # session.tick() about four times a second: the countdown never looks stuck
WARN_BELOW, URGENT_BELOW = 300, 60  # countdown colour thresholds, in seconds


class ExamController(QObject):
    """Connects an `ExamView` to a running `ExamSession`."""

    submitted = Signal(str)  # the reason: "candidate", "time_up", "integrity" or "proctor"

    def __init__(
        self,
        view: ExamView,
        session: ExamSession,
        *,
        idle_ms: int = IDLE_MS,
        max_ms: int = MAX_DELAY_MS,
        tick_ms: int = TICK_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.session = session
        self._debouncer = Debouncer(idle_ms, max_ms, self)
        self._debouncer.fired.connect(self._on_debounce_fired)
        self._ticker = QTimer(self, interval=tick_ms)
        self._ticker.timeout.connect(self._on_tick)
        self._shown_id: str | None = None
        self.review = ReviewController(view, session, jump=self.jump_to, submit=self.submit, parent=self)
        view.next_button.clicked.connect(self._on_next)
        view.next_shortcut.activated.connect(self._on_next)
        view.previous_button.clicked.connect(self._on_previous)
        view.previous_shortcut.activated.connect(self._on_previous)
        view.flag_button.clicked.connect(self._on_flag)
        view.flag_shortcut.activated.connect(self._on_flag)
        view.review_button.clicked.connect(self._on_review)
        view.review_shortcut.activated.connect(self._on_review)
        view.navigator.question_chosen.connect(self.jump_to)

    def start(self) -> None:
        """Show the current question and start the clock tick (the session is already running)."""
        sections: dict[str, tuple[str, list[int]]] = {}
        for item in self.session.items:
            sections.setdefault(item.section.id, (item.section.title, []))[1].append(item.index)
        self.view.navigator.set_sections(list(sections.values()))
        self._show_current()
        self._refresh_time()
        self.view.set_saved(self.tr("All answers saved"), "saved")
        self._ticker.start()

    # -- public operations (also used by the review page and the window) ---------------------------------
    def flush(self) -> None:
        """Save a pending typed answer now."""
        self._debouncer.flush()

    def jump_to(self, index: int) -> None:
        """Go to question `index`, saving first."""
        self.flush()
        if index == self.session.current.index:
            self._show_current()
        elif self._run(lambda: self.session.go_to(index)) is None:
            return
        self.view.center.setCurrentWidget(self.view.question_page)

    def submit(self, reason: str = "candidate") -> None:
        """Save, then submit the exam."""
        self.flush()
        self._run(lambda: self.session.submit(reason), reason)

    def show_ended(self, reason: str) -> None:
        """The session was submitted by integrity policy or a proctor's code: finish as a submission."""
        self._apply(SessionChanges(state=True), reason)

    # -- slots --------------------------------------------------------------------------------------------
    def _on_next(self) -> None:
        if self.session.current.index + 1 < len(self.session.items):
            self.jump_to(self.session.current.index + 1)

    def _on_previous(self) -> None:
        if self.session.current.index > 0:
            self.jump_to(self.session.current.index - 1)

    def _on_flag(self) -> None:
        question_id = self.session.current.question.id
        self._run(lambda: self.session.toggle_flag(question_id))
        # The button toggled itself when clicked; the session's answer is the one that counts.
        self.view.flag_button.setChecked(self.session.is_flagged(question_id))

    def _on_review(self) -> None:
        self.flush()
        self.review.show()

    def _on_answer_changed(self) -> None:
        widget = self.view.answer_widget
        if widget is not None and widget.debounced:
            self.view.set_saved(self.tr("Saving…"), "pending")
            self._debouncer.poke()
        else:
            self._save_shown_answer()

    def _on_debounce_fired(self) -> None:
        self._save_shown_answer()

    def _on_tick(self) -> None:
        if self._debouncer.pending and self._closing_soon():
            self.flush()
        self._run(self.session.tick, "time_up")
        locked = self.session.state == "locked"
        if locked == self.view.question_page.isEnabled():
            self.view.question_page.setEnabled(not locked)
            if locked:
                self.view.show_notice(
                    self.tr("The exam is paused. Please wait for the proctor."), sticky=True
                )
            else:
                self.view.notice.hide()

    # -- internals ----------------------------------------------------------------------------------------
    def _closing_soon(self) -> bool:
        """True when this tick may end the exam or close the shown question's section."""
        section_left = self.session.section_remaining(self.session.current.section)
        return self.session.remaining() <= 0 or (section_left is not None and section_left <= 0)

    def _save_shown_answer(self) -> None:
        self._debouncer.cancel()
        widget, question_id = self.view.answer_widget, self._shown_id
        if widget is None or question_id is None:
            return
        value = widget.value()
        if self._run(lambda: self.session.answer(question_id, value)) is not None:
            self.view.set_saved(self.tr("All answers saved"), "saved")

    def _run(
        self, operation: Callable[[], SessionChanges], reason: str = "candidate"
    ) -> SessionChanges | None:
        """Run a session operation; explain a failure on screen and keep the exam going."""
        try:
            changes = operation()
        except (ExamAppError, AnswerShapeError) as exc:
            self._report_failure(str(exc))
            return None
        except Exception as exc:  # a bug must not end the exam: saved answers stay, the clock goes on
            traceback.print_exc(file=sys.stderr)
            self._report_failure(type(exc).__name__)
            return None
        self._apply(changes, reason)
        return changes

    def _report_failure(self, detail: str) -> None:
        self.view.set_saved(self.tr("Not saved"), "failed")
        self.view.show_notice(
            self.tr("That did not work ({0}). Your saved answers are kept.").format(detail)
            + " "
            + self.tr("If it happens again, tell the proctor."),
            sticky=True,
        )

    def _apply(self, changes: SessionChanges, reason: str) -> None:
        if changes.state and self.session.state == "submitted":
            self._ticker.stop()
            self._debouncer.cancel()
            self.review.close_dialog()
            self.submitted.emit(reason)
            return
        if changes.closed_section is not None:
            title = next(
                i.section.title for i in self.session.items if i.section.id == changes.closed_section
            )
            self.view.show_notice(
                self.tr("The time for section “{0}” is over; its answers are final.").format(title),
                sticky=True,
            )
        if changes.warning_seconds is not None:
            minutes = changes.warning_seconds // 60
            self.view.show_notice(
                count_text(minutes, self.tr("{0} minute left."), self.tr("{0} minutes left."))
            )
        if changes.position:
            self._show_current()
        elif changes.answers or changes.flags:
            self._refresh_marks()
        if changes.timer:
            self._refresh_time()

    def _show_current(self) -> None:
        item = self.session.current
        self._debouncer.cancel()
        widget = create_answer_widget(item, self.session.answer_of(item.question.id))
        widget.changed.connect(self._on_answer_changed)
        self._shown_id = item.question.id
        total = len(self.session.items)
        position = self.tr("Question {0} of {1}").format(item.index + 1, total)
        worth = item.question.points
        points = count_text(int(worth), self.tr("{0} point"), self.tr("{0} points"))
        if worth != int(worth):
            points = self.tr("{0} points").format(f"{worth:g}")
        self.view.show_question(f"{position} · {points}", instruction(item), item.question.prompt, widget)
        sections = list(dict.fromkeys(i.section.id for i in self.session.items))
        self.view.section_label.setText(
            self.tr("Section {0} of {1}: {2}").format(
                sections.index(item.section.id) + 1, len(sections), item.section.title
            )
        )
        self.view.previous_button.setEnabled(item.index > 0)
        self.view.next_button.setEnabled(item.index + 1 < total)
        self._refresh_marks()
        self._refresh_time()
        focus = widget.focus_widgets()
        if focus and self.view.isVisible():
            focus[0].setFocus()

    def _refresh_marks(self) -> None:
        session = self.session
        entries = [
            NavigatorEntry(
                item.index,
                is_answered(session.answer_of(item.question.id)),
                session.is_flagged(item.question.id),
                session.section_closed(item.section.id),
            )
            for item in session.items
        ]
        self.view.navigator.update_entries(entries, session.current.index)
        self.view.flag_button.setChecked(session.is_flagged(session.current.question.id))

    def _refresh_time(self) -> None:
        remaining = self.session.remaining()
        urgency = "urgent" if remaining <= URGENT_BELOW else "warn" if remaining <= WARN_BELOW else ""
        self.view.set_countdown(self.tr("Time left {0}").format(clock_text(remaining)), urgency)
        section_left = self.session.section_remaining(self.session.current.section)
        self.view.section_timer.setVisible(section_left is not None)
        if section_left is not None:
            self.view.section_timer.setText(
                self.tr("· section time left {0}").format(clock_text(section_left))
            )
