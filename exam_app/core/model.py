"""The question model: a pack, its sections, questions and integrity policy, as frozen values.

A `Pack` comes either from a YAML source (`exam_app.core.source.load_source`) or from the JSON payload inside
a built pack (`Pack.from_payload`). The payload crosses a trust boundary (it is decrypted on an exam station),
so `from_payload` checks every key and every type instead of trusting the shape.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from exam_app.core import payload_codec
from exam_app.core.errors import PackFormatError

Level = Literal["beginner", "intermediate", "experienced"]
QuestionType = Literal[
    "single_choice", "multiple_choice", "true_false", "short_answer", "numeric", "essay", "code"
]
Action = Literal["log", "warn", "lock", "submit"]

LEVELS: tuple[Level, ...] = typing.get_args(Level)
QUESTION_TYPES: tuple[QuestionType, ...] = typing.get_args(QuestionType)
ACTIONS: tuple[Action, ...] = typing.get_args(Action)
OBJECTIVE_TYPES: frozenset[QuestionType] = frozenset(
    {"single_choice", "multiple_choice", "true_false", "short_answer", "numeric"}
)
PAYLOAD_FORMAT = "exam-app/pack-payload v1"


@dataclass(frozen=True)
class Option:
    """One option of a choice question; `feedback` is for reviewers, never shown to candidates."""

    text: str
    correct: bool = False
    feedback: str | None = None


@dataclass(frozen=True)
class KeyPoint:
    """One thing a free-text answer should contain, worth `points`.

    `proposed` marks a key point written by an importer that no author has confirmed yet.
    """

    text: str
    points: float
    proposed: bool = False


@dataclass(frozen=True)
class ChoiceBody:
    """Body of single_choice and multiple_choice questions (scoring flags only matter for multiple_choice)."""

    options: tuple[Option, ...]
    partial_credit: bool = True
    negative_marking: bool = False


@dataclass(frozen=True)
class TrueFalseBody:
    """Body of a true_false question."""

    answer: bool


@dataclass(frozen=True)
class ShortAnswerBody:
    """Body of a short_answer question: accepted answers and/or a full-match regex."""

    accepted: tuple[str, ...] = ()
    case_sensitive: bool = False
    normalize_whitespace: bool = True
    pattern: str | None = None


@dataclass(frozen=True)
class NumericBody:
    """Body of a numeric question: correct when within `tolerance` (absolute) of `value`."""

    value: float
    tolerance: float = 0.0
    unit: str | None = None


@dataclass(frozen=True)
class EssayBody:
    """Body of an essay question, graded by a reviewer against the key points."""

    reference_answer: str | None = None
    key_points: tuple[KeyPoint, ...] = ()
    min_words: int | None = None
    max_words: int | None = None


@dataclass(frozen=True)
class CodeBody:
    """Body of a code question, graded by a reviewer against the key points."""

    language: str
    starter_code: str | None = None
    reference_solution: str | None = None
    key_points: tuple[KeyPoint, ...] = ()


QuestionBody = ChoiceBody | TrueFalseBody | ShortAnswerBody | NumericBody | EssayBody | CodeBody

BODY_CLASSES: Mapping[QuestionType, type[QuestionBody]] = {
    "single_choice": ChoiceBody,
    "multiple_choice": ChoiceBody,
    "true_false": TrueFalseBody,
    "short_answer": ShortAnswerBody,
    "numeric": NumericBody,
    "essay": EssayBody,
    "code": CodeBody,
}


@dataclass(frozen=True)
class Question:
    """A question: the fields every type shares plus a `body` whose class is fixed by `type`.

    `level` is already resolved (the question's own level, else its pack's default level).
    """

    id: str
    type: QuestionType
    prompt: str
    body: QuestionBody
    points: float = 1.0
    level: Level | None = None
    topic: str | None = None
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.body, BODY_CLASSES[self.type]):
            raise TypeError(f"question {self.id}: a {self.type} question needs a {BODY_CLASSES[self.type]}")

    @property
    def is_objective(self) -> bool:
        """True when the answer can be scored automatically (every type except essay and code)."""
        return self.type in OBJECTIVE_TYPES


@dataclass(frozen=True)
class Section:
    """A titled group of questions; with `draw`, each candidate gets only that many of them."""

    id: str
    title: str
    questions: tuple[Question, ...]
    time_limit_minutes: float | None = None
    draw: int | None = None


@dataclass(frozen=True)
class IntegrityActions:
    """What the proctor does when it sees each integrity signal."""

    focus_loss: Action = "warn"
    display_change: Action = "warn"
    prohibited_process: Action = "lock"
    virtual_machine: Action = "log"
    remote_session: Action = "lock"
    clock_jump: Action = "log"
    clipboard_paste: Action = "log"
    screen_capture: Action = "log"
    idle: Action = "log"


@dataclass(frozen=True)
class FocusLossBudget:
    """Limits on leaving the exam window; `action` is taken when either is reached (None = no limit)."""

    max_events: int | None = 3
    max_seconds_away: float | None = 30.0
    action: Action = "lock"


@dataclass(frozen=True)
class ProhibitedProcesses:
    """Process names that must not run: added to (`extend`) or instead of (`replace`) the built-in list."""

    mode: Literal["extend", "replace"] = "extend"
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Policy:
    """The pack's integrity policy and per-candidate accommodations (candidate id -> extra time factor)."""

    integrity: IntegrityActions = field(default_factory=IntegrityActions)
    focus_loss_budget: FocusLossBudget = field(default_factory=FocusLossBudget)
    prohibited_processes: ProhibitedProcesses = field(default_factory=ProhibitedProcesses)
    allow_virtual_machine: bool = False
    paste_from_outside: Literal["block", "log"] = "block"
    idle_minutes: float = 10.0
    # After a crash, does the time the app was not running count against the candidate? (wall-clock based)
    downtime_counts: bool = False
    # After a crash, must a proctor code let the candidate continue? (the exam opens locked)
    resume_requires_proctor: bool = False
    accommodations: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Pack:
    """An exam: everything needed to run and grade it.

    `candidates` None means anyone may sit it. `proctor_secret` is never in a source file: it is empty in a
    loaded source and filled by the pack builder (`with_build_fields`).
    """

    id: str
    version: int
    title: str
    time_limit_minutes: float
    sections: tuple[Section, ...]
    description: str = ""
    level: Level | None = None
    shuffle_questions: bool = False
    shuffle_options: bool = False
    candidates: tuple[str, ...] | None = None
    results_to: tuple[str, ...] = ()
    policy: Policy = field(default_factory=Policy)
    proctor_secret: bytes = field(default=b"", repr=False)

    def questions(self) -> Iterator[Question]:
        """Every question of the pack, section by section (ignoring draws)."""
        for section in self.sections:
            yield from section.questions

    @property
    def question_count(self) -> int:
        """Number of questions in the pack (ignoring draws)."""
        return sum(len(section.questions) for section in self.sections)

    def extra_time_factor(self, candidate_id: str) -> float:
        """The candidate's time limit multiplier: 1.0 unless the policy grants an accommodation."""
        return self.policy.accommodations.get(candidate_id, 1.0)

    def with_build_fields(self, *, proctor_secret: bytes, results_to: Sequence[str] | None = None) -> Pack:
        """A copy with the fields only the pack builder sets; `results_to` None keeps the source's list."""
        recipients = self.results_to if results_to is None else tuple(results_to)
        return dataclasses.replace(self, proctor_secret=proctor_secret, results_to=recipients)

    def to_payload(self) -> dict[str, Any]:
        """The pack as JSON-safe data (bytes as base64 text); `from_payload` reverses it exactly."""
        encoded = payload_codec.encode(self)
        assert isinstance(encoded, dict)
        return {"format": PAYLOAD_FORMAT, **encoded}

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> Pack:
        """Rebuild a pack from `to_payload` data; any unknown key or wrong type raises PackFormatError."""
        if not isinstance(data, Mapping) or data.get("format") != PAYLOAD_FORMAT:
            raise PackFormatError(f"pack payload: expected format {PAYLOAD_FORMAT!r}")
        fields = {key: value for key, value in data.items() if key != "format"}
        pack = payload_codec.decode_dataclass(cls, fields, "pack", dependent_hint=_question_body_hint)
        assert isinstance(pack, Pack)
        return pack


def _question_body_hint(cls: type, name: str, decoded: Mapping[str, object]) -> Any:
    """A question's body class depends on its (already decoded) type, so it cannot come from the hint."""
    if cls is Question and name == "body":
        return BODY_CLASSES[typing.cast(QuestionType, decoded["type"])]
    return None
