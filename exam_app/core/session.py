"""The exam session engine: states, answers, flags, navigation and time, with no Qt and no SQL.

States: not_started -> running <-> locked -> submitted. Exam time runs only while running. Every change
returns a `SessionChanges` saying what changed, so one signal in the UI can refresh exactly the screens
that care (the Anki `OpChanges` pattern). The engine writes through a `SessionStore` on every answer and
at most once a second for the clock, so a crash loses under a second of exam time and no saved answer.

Every event (and every answer save, as an `answer_saved` event) is appended to a hash chain; with the
station's signing key the chain is signed at checkpoints and always at submission (see `event_chain`).
"""

from __future__ import annotations

import secrets
import time
from functools import partial
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from exam_app.core.answers import AnswerValue, check_answer, is_answered
from exam_app.core.draw import option_order, presented_questions
from exam_app.core.errors import AlreadySubmittedError, SessionError, UnknownCandidateError
from exam_app.core.event_chain import ChainWriter
from exam_app.core.exam_timer import Clock, ExamTimer
from exam_app.core.model import Pack, Section
from exam_app.core.session_record import ANSWER_SAVED, SessionRecord, SessionStore, answer_saved_detail
from exam_app.core.session_types import PresentedItem, SessionChanges

__all__ = ["ExamSession", "PresentedItem", "SessionChanges", "SessionError"]

WARNING_SECONDS = (600, 300, 60)  # the timer warns at 10, 5 and 1 minutes left
# Persist elapsed time this often; with the client ticking every 250 ms, a crash loses at most a second.
HEARTBEAT_SECONDS = 0.75


class ExamSession:
    """One candidate's sitting of one pack."""

    def __init__(
        self, pack: Pack, record: SessionRecord, store: SessionStore, *, clock: Clock = time.monotonic,
        wall_clock: Clock = time.time, resumed: bool = False, signer: Ed25519PrivateKey | None = None,
    ) -> None:  # fmt: skip
        """Run `record` (new or resumed); `signer` is the station's result-signing key, for checkpoints."""
        self.pack = pack
        self.record = record
        self.resumed = resumed
        self._store = store
        self._clock = clock
        self._wall = wall_clock
        self.factor = pack.extra_time_factor(record.candidate_id)
        limit = pack.time_limit_minutes * 60 * self.factor + record.added_seconds
        self.timer = ExamTimer(limit, elapsed=record.elapsed, clock=clock)
        self.items: list[PresentedItem] = []
        for section, questions in presented_questions(pack, record.candidate_id):
            for question in questions:
                order = tuple(option_order(pack, question, record.candidate_id))
                self.items.append(PresentedItem(len(self.items), section, question, order))
        self._last_tick = clock()
        self._last_heartbeat = clock()
        self._warned = {s for s in WARNING_SECONDS if self.timer.remaining() <= s}
        session_id = record.session_id
        self._chain = ChainWriter(session_id, signer, store.events(session_id), store.checkpoints(session_id))

    @classmethod
    def open(
        cls, pack: Pack, candidate_id: str, candidate_name: str, store: SessionStore, *, kiosk: bool = True,
        clock: Clock = time.monotonic, wall_clock: Clock = time.time, signer: Ed25519PrivateKey | None = None,
    ) -> ExamSession:  # fmt: skip
        """Resume this candidate's unfinished session for this pack, or prepare a new one."""
        candidate_id = candidate_id.strip()
        if not candidate_id:
            raise SessionError("enter the candidate id")
        if pack.candidates is not None and candidate_id not in pack.candidates:
            raise UnknownCandidateError(f"candidate id {candidate_id} is not on this exam's candidate list")
        existing = store.find(pack.id, pack.version, candidate_id)
        if existing is not None and existing.state == "submitted":
            raise AlreadySubmittedError(
                f"candidate {candidate_id} has already submitted this exam on this station"
            )
        if existing is not None:
            session = cls(
                pack, existing, store, clock=clock, wall_clock=wall_clock, resumed=True, signer=signer
            )
            session._record_resume()
            return session
        record = SessionRecord(
            session_id=secrets.token_hex(16), pack_id=pack.id, pack_version=pack.version,
            candidate_id=candidate_id, candidate_name=candidate_name.strip(), kiosk=kiosk,
            last_seen_wall=wall_clock(),
        )  # fmt: skip
        store.create(record)
        return cls(pack, record, store, clock=clock, wall_clock=wall_clock, signer=signer)

    # -- state ------------------------------------------------------------------------------------------
    @property
    def state(self) -> str:
        """not_started, running, locked or submitted."""
        return self.record.state

    def begin(self) -> SessionChanges:
        """Start the exam after the rules screen (or continue a resumed one)."""
        if self.state == "submitted":
            raise SessionError("this exam has already been submitted")
        if self.state == "not_started":
            self._set_state(
                "running", "started", {"extra_time_factor": self.factor, "kiosk": self.record.kiosk}
            )
        if self.state == "running":
            self._last_tick = self._clock()
            self.timer.start()
        return SessionChanges(state=True, timer=True)

    def lock(self, reason: str) -> SessionChanges:
        """Pause the exam until a proctor unlocks it (integrity policy)."""
        self._require("running")
        self.tick()
        self.timer.stop()
        self._set_state("locked", "locked", {"reason": reason})
        return SessionChanges(state=True, timer=True)

    def unlock(self, by: str, added_seconds: float = 0.0) -> SessionChanges:
        """Resume after a lock, optionally with extra time granted by the proctor."""
        self._require("locked")
        self.timer.add_time(added_seconds)
        self.record.added_seconds += added_seconds
        self._set_state("running", "unlocked", {"by": by, "added_seconds": added_seconds})
        self._last_tick = self._clock()
        self.timer.start()
        return SessionChanges(state=True, timer=True)

    def submit(self, reason: str) -> SessionChanges:
        """End the exam: `candidate`, `time_up` or `proctor`. Answers stay as they were last saved."""
        if self.state == "submitted":
            return SessionChanges()
        if self.state == "running":
            self._account_time()
        self.timer.stop()
        answered = sum(is_answered(self.record.answers.get(item.question.id)) for item in self.items)
        self._set_state(
            "submitted", "submitted", {"reason": reason, "answered": answered, "questions": len(self.items)}
        )
        return SessionChanges(state=True, timer=True)

    def log_signal(self, kind: str, detail: dict[str, Any]) -> SessionChanges:
        """Record an integrity signal (focus lost, display added...) in the chained log, with its evidence."""
        if self.state == "submitted":
            raise SessionError("this exam has already been submitted")
        self._account_time()
        self._event(kind, detail)
        return SessionChanges()

    # -- answers, flags, navigation -----------------------------------------------------------------------
    def answer(self, question_id: str, value: Any) -> SessionChanges:
        """Record an answer (durably, before returning)."""
        self._require("running")
        item = self._item(question_id)
        if self.section_closed(item.section.id):
            raise SessionError(f"the time for section {item.section.title!r} is over; its answers are final")
        checked: AnswerValue = check_answer(item.question, value)
        if self.record.answers.get(question_id) == checked:
            return SessionChanges()
        self._account_time()
        elapsed, wall = self._now()
        # Durable first: if the store fails, memory keeps the last saved answer and a retry writes again.
        self._store.save_answer(self.record.session_id, question_id, checked, elapsed=elapsed, wall=wall)
        self.record.answers[question_id] = checked
        # Same times as the save, so a reviewer can match the history to the chain field by field.
        self._event(ANSWER_SAVED, answer_saved_detail(question_id, checked), at=(elapsed, wall))
        return SessionChanges(answers=True)

    def toggle_flag(self, question_id: str) -> SessionChanges:
        """Flag a question for review, or clear the flag."""
        self._require("running")
        self._item(question_id)
        flags = self.record.flags
        flags.remove(question_id) if question_id in flags else flags.append(question_id)
        self._persist()
        return SessionChanges(flags=True)

    def go_to(self, index: int) -> SessionChanges:
        """Show question `index` (0-based), unless its section's time is over."""
        self._require("running")
        if not 0 <= index < len(self.items):
            raise SessionError(f"there is no question {index + 1}")
        if self.section_closed(self.items[index].section.id):
            raise SessionError(f"the time for section {self.items[index].section.title!r} is over")
        self._account_time()
        self.record.current_index = index
        self._persist()
        return SessionChanges(position=True)

    @property
    def current(self) -> PresentedItem:
        """The question on screen."""
        return self.items[self.record.current_index]

    def answer_of(self, question_id: str) -> AnswerValue:
        """The saved answer, or None."""
        return self.record.answers.get(question_id)

    def is_flagged(self, question_id: str) -> bool:
        """True when flagged for review."""
        return question_id in self.record.flags

    def unanswered(self) -> list[PresentedItem]:
        """Questions without an answer, in order (for the review screen)."""
        return [item for item in self.items if not is_answered(self.answer_of(item.question.id))]

    def flagged(self) -> list[PresentedItem]:
        """Flagged questions, in order (for the review screen)."""
        return [item for item in self.items if self.is_flagged(item.question.id)]

    def event_head(self) -> str:
        """The hash of the session's last event: the completion screen shows a short code of it."""
        return self._chain.head()

    # -- time ---------------------------------------------------------------------------------------------
    def remaining(self) -> float:
        """Seconds left in the exam for this candidate (extra time included)."""
        return self.timer.remaining()

    def section_limit(self, section: Section) -> float | None:
        """The section's own limit in seconds for this candidate, if it has one."""
        return section.time_limit_minutes * 60 * self.factor if section.time_limit_minutes else None

    def section_remaining(self, section: Section) -> float | None:
        """Seconds left in a section with its own limit."""
        limit = self.section_limit(section)
        return None if limit is None else max(0.0, limit - self.record.section_elapsed.get(section.id, 0.0))

    def section_closed(self, section_id: str) -> bool:
        """True once a section's own time limit is used up."""
        section = next(item.section for item in self.items if item.section.id == section_id)
        remaining = self.section_remaining(section)
        return remaining is not None and remaining <= 0

    def tick(self) -> SessionChanges:
        """Advance time (call a few times a second): heartbeat, warnings, section limits, time-up."""
        if self.state != "running":
            return SessionChanges()
        closed_before = {item.section.id for item in self.items if self.section_closed(item.section.id)}
        self._account_time()
        if self.timer.expired():
            return self.submit("time_up")
        warning = next(
            (s for s in WARNING_SECONDS if self.timer.remaining() <= s and s not in self._warned), None
        )
        if warning is not None:
            self._warned.update(s for s in WARNING_SECONDS if s >= warning)
        closed = self._close_sections(closed_before)
        if closed is not None and self.state == "submitted":
            return SessionChanges(state=True, timer=True, closed_section=closed)
        if self._clock() - self._last_heartbeat >= HEARTBEAT_SECONDS or closed is not None:
            self._persist()
        return SessionChanges(
            timer=True, warning_seconds=warning, closed_section=closed, position=closed is not None
        )

    # -- internals -----------------------------------------------------------------------------------------
    def _close_sections(self, closed_before: set[str]) -> str | None:
        current = self.current.section.id
        if current in closed_before or not self.section_closed(current):
            return None
        self._event("section_closed", {"section": current})
        following = [
            item
            for item in self.items[self.record.current_index :]
            if not self.section_closed(item.section.id)
        ]
        if not following:
            self.submit("time_up")
        else:
            self.record.current_index = following[0].index
        return current

    def _account_time(self) -> None:
        """Add the time since the last call to the current question and section."""
        now = self._clock()
        delta = max(0.0, now - self._last_tick)
        self._last_tick = now
        if self.state != "running" or not self.timer.running:
            return
        item = self.current
        seconds = self.record.question_seconds
        seconds[item.question.id] = seconds.get(item.question.id, 0.0) + delta
        self.record.section_elapsed[item.section.id] = (
            self.record.section_elapsed.get(item.section.id, 0.0) + delta
        )

    def _record_resume(self) -> None:
        self._log_unlogged_saves()
        downtime = max(0.0, self._wall() - self.record.last_seen_wall)
        counted = self.pack.policy.downtime_counts and self.state == "running"
        if counted:
            self.timer.charge(downtime)
        self._event("resumed", {"downtime_seconds": round(downtime, 3), "downtime_counted": counted})
        self._persist()

    def _log_unlogged_saves(self) -> None:
        """A crash between an answer save and its event leaves a save the chain does not vouch for: log it."""
        session_id = self.record.session_id
        logged = sum(event.kind == ANSWER_SAVED for event in self._store.events(session_id))
        for save in self._store.answer_history(session_id)[logged:]:
            detail = answer_saved_detail(save.question_id, save.value)
            self._event(ANSWER_SAVED, detail, at=(save.elapsed, save.wall))

    def _persist(self) -> None:
        self.record.elapsed = self.timer.elapsed()
        self.record.last_seen_wall = self._wall()
        self._last_heartbeat = self._clock()
        self._store.save_progress(self.record)

    def _set_state(self, state: str, event: str, detail: dict[str, Any]) -> None:
        self.record.state = state
        self._event(event, detail)
        self._persist()

    def _now(self) -> tuple[float, float]:
        """Exam time and wall time, as floats: an int from a clock would hash differently once stored."""
        return float(self.timer.elapsed()), float(self._wall())

    def _event(self, kind: str, detail: dict[str, Any], *, at: tuple[float, float] | None = None) -> None:
        """Chain and store an event, at `at` (exam time, wall time) or now; submission is always signed."""
        elapsed, wall = self._now() if at is None else at
        write = partial(self._store.add_event, self.record.session_id)
        self._chain.append(kind, detail, elapsed, wall, write, final=kind == "submitted")

    def _require(self, state: str) -> None:
        if self.state != state:
            raise SessionError(f"the exam is {self.state.replace('_', ' ')}")

    def _item(self, question_id: str) -> PresentedItem:
        for item in self.items:
            if item.question.id == question_id:
                return item
        raise SessionError(f"question {question_id} is not part of this exam")
