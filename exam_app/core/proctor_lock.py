"""The station side of a lock: a continuation code on screen, and the proctor code that ends the lock.

Each lock gets a fresh continuation code; a proctor code works once, for that code only. Every accepted
and every rejected code is written to the session's chained log, so reviewers see who did what and when.
"""

from __future__ import annotations

from exam_app.core.proctor_codes import (
    MAX_WRONG_TRIES,
    ContinuationChallenge,
    ProctorAction,
    ProctorCodeError,
)
from exam_app.core.session import ExamSession, SessionChanges


class ProctorLock:
    """Continuation codes and proctor codes for one session."""

    def __init__(self, session: ExamSession) -> None:
        self.session = session
        self._challenge: ContinuationChallenge | None = None

    @property
    def continuation(self) -> str:
        """The code to show on the lock screen (a new one per lock, and after too many wrong tries)."""
        challenge = self._challenge
        if challenge is None or challenge.used or challenge.wrong_tries >= MAX_WRONG_TRIES:
            challenge = self._challenge = ContinuationChallenge(self.session.pack.proctor_secret)
            self.session.log_signal("lock_code_shown", {"continuation": challenge.code})
        return challenge.code

    def enter(self, typed: str) -> tuple[ProctorAction, SessionChanges]:
        """Apply the action a proctor code authorises; an invalid code raises ProctorCodeError (logged)."""
        continuation = self.continuation
        assert self._challenge is not None
        try:
            action = self._challenge.redeem(typed)
        except ProctorCodeError as exc:
            self.session.log_signal(
                "proctor_code_rejected", {"continuation": continuation, "reason": str(exc)}
            )
            raise
        self.session.log_signal("proctor_code_used", {"continuation": continuation, "action": action.text})
        if action.name == "end":
            return action, self.session.submit("proctor")
        return action, self.session.unlock("proctor", added_seconds=action.minutes * 60.0)
