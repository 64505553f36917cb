"""The reviewer workspace's values: what the review store returns and the GUI, CLI and reports consume.

They are immutable and free of SQL, so screens never hold database objects and any thread may read them.
A "candidate" here is one sitting: one verified result bundle, keyed by its session id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, NamedTuple

from exam_app.core.answers import AnswerValue, is_answered
from exam_app.core.model import Question

SortKey = Literal["priority", "score", "candidate", "started", "seconds_away", "signals", "ungraded"]
SORT_KEYS: tuple[SortKey, ...] = (
    "priority",
    "score",
    "candidate",
    "started",
    "seconds_away",
    "signals",
    "ungraded",
)
FIRST_MARKER = 1
SECOND_MARKER = 2


class CandidateRow(NamedTuple):
    """One line of the candidate list (every number kept up to date by the store as grades change).

    A named tuple, not a frozen dataclass like the other values: the list makes 10,000 of them at once, and a
    tuple is built five times faster (56 -> 10 ms for 10,000), half of listing every candidate.
    """

    session_id: str
    candidate_id: str
    candidate_name: str
    pack_id: str
    pack_version: int
    started_wall: float
    elapsed: float
    end_reason: str
    score_earned: float
    score_available: float
    ungraded: int
    seconds_away: float
    focus_losses: int
    signals: int
    locks: int
    priority: float
    reviewed: bool

    @property
    def blind_label(self) -> str:
        """A stable label that hides who the candidate is (blind marking)."""
        return f"Sitting {self.session_id[:8]}"


@dataclass(frozen=True)
class CandidateQuery:
    """Filter, sort and page the candidate list. `text` matches candidate id or name (case-insensitive)."""

    text: str = ""
    pack_id: str | None = None
    reviewed: bool | None = None
    needs_grading: bool | None = None
    sort: SortKey = "priority"
    descending: bool = True
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class EventRecord:
    """One event of a sitting's verified log."""

    seq: int
    kind: str
    detail: dict[str, Any]
    elapsed: float
    wall: float


@dataclass(frozen=True)
class SaveRecord:
    """One save of one answer, in the order the candidate made them."""

    question_id: str
    revision: int
    value: AnswerValue
    elapsed: float
    wall: float


@dataclass(frozen=True)
class Grade:
    """A reviewer's grade of one free-text or code answer.

    `key_points[i]` says whether key point i was ticked; `points` is already computed from the ticks and the
    `adjustment` (see `review_grading.grade_answer`). Marker 1 is the grade of record; marker 2 is a second
    marker's independent grade, kept apart for the disagreements view.
    """

    session_id: str
    question_id: str
    marker: int
    points: float
    key_points: tuple[bool, ...]
    adjustment: float
    comment: str
    reviewer: str
    graded_at: datetime


@dataclass(frozen=True)
class AnswerRecord:
    """A candidate's final answer to one question, with the question when the pack was imported.

    `auto_points` is set for objective questions (scored by `scoring.score_answer`); free-text answers
    get their points from `grade` (marker 1) and the second marker's from `second_grade`.
    """

    session_id: str
    question_id: str
    position: int
    section_id: str
    value: AnswerValue
    seconds: float
    flagged: bool
    question: Question | None = None
    auto_points: float | None = None
    grade: Grade | None = None
    second_grade: Grade | None = None

    @property
    def needs_grading(self) -> bool:
        """True for a free-text or code answer without a grade of record (an empty answer scores 0 unread)."""
        question = self.question
        return (
            question is not None
            and not question.is_objective
            and self.grade is None
            and is_answered(self.value)
        )


@dataclass(frozen=True)
class Verification:
    """How a stored bundle was verified, and the fingerprints that identify it."""

    bundle_file: str
    bundle_sha256: str
    payload_sha256: str
    pack_sha256: str
    station: str
    station_key_id: str
    created: str
    event_head: str
    event_count: int
    imported_at: datetime
    app_version: str
    checks: tuple[str, ...] = (
        "station signature over the header (enrolled station)",
        "payload bound to the header (length and SHA-256)",
        "decrypted with the recruiter key; session, pack and station match the header",
        "event chain and signed checkpoints end at the signed head",
        "answer history matches the event log; final answers are the last saves",
        "every save inside the session; exam time within its limit",
    )


@dataclass(frozen=True)
class IntegrityMark:
    """A reviewer's integrity review of a sitting: reviewed, with a note."""

    session_id: str
    reviewer: str
    note: str
    reviewed_at: datetime


@dataclass(frozen=True)
class ReviewerNote:
    """A free note on a sitting, or on one of its answers when `question_id` is set."""

    session_id: str
    question_id: str | None
    reviewer: str
    text: str
    written_at: datetime


@dataclass(frozen=True)
class Disagreement:
    """First and second marker differ on one answer by more than the tolerance."""

    session_id: str
    question_id: str
    first: Grade
    second: Grade

    @property
    def difference(self) -> float:
        """Second minus first, in points."""
        return self.second.points - self.first.points


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file: `imported`, `duplicate` (same bytes already stored) or `rejected`."""

    file: str
    outcome: Literal["imported", "duplicate", "rejected"]
    reason: str = ""
    session_id: str | None = None


@dataclass(frozen=True)
class ImportReport:
    """Every file's outcome, in the order given; `cancelled` when the caller stopped the import."""

    outcomes: tuple[ImportOutcome, ...] = ()
    cancelled: bool = False
    questions_stored: int = 0

    def count(self, outcome: str) -> int:
        """How many files had `outcome`."""
        return sum(1 for item in self.outcomes if item.outcome == outcome)

    @property
    def rejected(self) -> list[ImportOutcome]:
        """The rejected files, with their reasons."""
        return [item for item in self.outcomes if item.outcome == "rejected"]


@dataclass(frozen=True)
class SittingDetail:
    """Everything about one sitting the review screens and reports show."""

    row: CandidateRow
    answers: tuple[AnswerRecord, ...]
    events: tuple[EventRecord, ...]
    verification: Verification
    pack_title: str
    sections: dict[str, str] = field(default_factory=dict)  # section id -> title (when the pack is known)
    mark: IntegrityMark | None = None
    notes: tuple[ReviewerNote, ...] = ()
