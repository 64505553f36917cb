"""Headless sessions: a whole exam through the same engine as the GUI, driven by a script of answers.

For proctors' dry runs, load tests and benchmarks. Time is simulated: each scripted step says at which
exam second it happens, and the engine sees a clock that jumps there, so a 60-minute exam runs in a moment
and its result bundle carries realistic times.

Script files (JSON):

    answers: {"answers": [{"question": "q-1", "value": 0, "at": 30}, ...]}  or simply  {"q-1": 0, ...}
    events:  [{"kind": "focus_lost", "at": 95, "detail": {"seconds": 4.2}}, ...]
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exam_app.core.errors import ExamAppError
from exam_app.core.keys import SecretKey
from exam_app.core.model import Pack
from exam_app.core.session import ExamSession
from exam_app.core.session_record import SessionStore

DEFAULT_STEP_SECONDS = 20.0


@dataclass(frozen=True)
class Step:
    """One scripted action at exam second `at`: an answer, or an integrity event."""

    at: float
    question: str = ""
    value: Any = None
    kind: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


class _ScriptClock:
    """Monotonic and wall clocks that move only when the script says so."""

    def __init__(self) -> None:
        self.offset = 0.0
        self._wall_start = time.time()

    def monotonic(self) -> float:
        return self.offset

    def wall(self) -> float:
        return self._wall_start + self.offset


def load_script(answers_path: Path, events_path: Path | None) -> list[Step]:
    """Read answer and event scripts; errors name the file and the entry."""
    steps = [_answer_step(entry, answers_path, n) for n, entry in enumerate(_answer_entries(answers_path), 1)]
    if events_path is not None:
        events = _read_json(events_path)
        if not isinstance(events, list):
            raise ExamAppError(f"{events_path}: expected a JSON list of events")
        for n, entry in enumerate(events, 1):
            if not isinstance(entry, dict) or not isinstance(entry.get("kind"), str) or "at" not in entry:
                raise ExamAppError(f"{events_path}: event {n} needs a text `kind` and a number `at`")
            steps.append(
                Step(
                    at=_seconds(entry["at"], events_path, n),
                    kind=entry["kind"],
                    detail=entry.get("detail", {}),
                )
            )
    return sorted(steps, key=lambda step: step.at)


def run_script(
    pack: Pack,
    steps: list[Step],
    store: SessionStore,
    *,
    candidate_id: str,
    candidate_name: str,
    station: SecretKey,
) -> ExamSession:
    """Sit the exam as scripted, then submit (or let time run out, if the script goes past the limit)."""
    clock = _ScriptClock()
    session = ExamSession.open(
        pack, candidate_id, candidate_name, store, kiosk=False, clock=clock.monotonic, wall_clock=clock.wall,
        signer=station.signing_key,
    )  # fmt: skip
    session.begin()
    for step in steps:
        clock.offset = max(clock.offset, step.at)
        session.tick()
        if session.state == "submitted":
            break
        if step.kind:
            session.log_signal(step.kind, step.detail)
        else:
            session.answer(step.question, step.value)
    clock.offset += 1.0
    session.tick()
    session.submit("candidate")
    return session


def _answer_entries(path: Path) -> list[Any]:
    data = _read_json(path)
    if isinstance(data, dict) and "answers" not in data:
        return [
            {"question": question, "value": value, "at": DEFAULT_STEP_SECONDS * n}
            for n, (question, value) in enumerate(data.items(), 1)
        ]
    if isinstance(data, dict) and isinstance(data["answers"], list):
        return data["answers"]
    raise ExamAppError(f'{path}: expected {{"answers": [...]}} or a mapping of question id to answer')


def _answer_step(entry: Any, path: Path, n: int) -> Step:
    if not isinstance(entry, dict) or not isinstance(entry.get("question"), str) or "value" not in entry:
        raise ExamAppError(f"{path}: answer {n} needs `question` (text) and `value`")
    return Step(
        at=_seconds(entry.get("at", DEFAULT_STEP_SECONDS * n), path, n),
        question=entry["question"],
        value=entry["value"],
    )


def _seconds(value: Any, path: Path, n: int) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ExamAppError(f"{path}: entry {n}: `at` must be a number of exam seconds >= 0")
    return float(value)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ExamAppError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
