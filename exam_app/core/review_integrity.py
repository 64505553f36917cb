"""A sitting's integrity story from its verified event log: a summary, a review priority and a timeline.

Priority is a plain weighted sum a reviewer can redo by hand:

    priority = seconds away + 30 x signals + 120 x locks

so two minutes away weigh like one lock, and four signals of any kind like one lock. Signals are every
logged event that is not the exam's routine course, a focus return (it closes its focus loss) or a lock or
proctor event (counted on their own). Detection is evidence for a human, never a verdict.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from exam_app.core.review_types import EventRecord

WEIGHT_SIGNAL = 30.0
WEIGHT_LOCK = 120.0
ROUTINE_EVENTS = frozenset({"started", "answer_saved", "submitted", "section_closed", "station_checks"})
PROCTOR_EVENTS = frozenset(
    {"locked", "unlocked", "lock_code_shown", "proctor_code_used", "proctor_code_rejected"}
)
Lane = Literal["focus", "lock", "signal", "proctor", "save"]
LANES: tuple[Lane, ...] = ("focus", "lock", "signal", "proctor", "save")


@dataclass(frozen=True)
class IntegritySummary:
    """Counts and totals for one sitting."""

    seconds_away: float
    focus_losses: int
    signals: int
    locks: int
    proctor_actions: int
    counts: dict[str, int]  # every non-routine event kind -> how many times it was logged

    @property
    def priority(self) -> float:
        """Review priority: higher means look first (see the module docstring)."""
        return self.seconds_away + WEIGHT_SIGNAL * self.signals + WEIGHT_LOCK * self.locks


@dataclass(frozen=True)
class TimelineItem:
    """A span (`end` > `start`) or a moment (`end` == `start`) on the exam-time axis, in seconds."""

    lane: Lane
    kind: str
    start: float
    end: float
    label: str


def _focus_spans(events: Sequence[EventRecord], elapsed: float) -> list[TimelineItem]:
    """One span per focus loss: to the next focus return, else as long as the loss says, else to the end."""
    spans: list[TimelineItem] = []
    for index, event in enumerate(events):
        if event.kind != "focus_lost":
            continue
        back = next((e for e in events[index + 1 :] if e.kind in ("focus_returned", "focus_lost")), None)
        if back is not None and back.kind == "focus_returned":
            seconds = _number(back.detail.get("seconds"), back.elapsed - event.elapsed)
        else:
            seconds = _number(event.detail.get("seconds"), max(0.0, elapsed - event.elapsed))
        spans.append(
            TimelineItem("focus", "away", event.elapsed, event.elapsed + seconds, f"away {seconds:.0f} s")
        )
    return spans


def _number(value: object, default: float) -> float:
    """A duration from an event's detail, if it holds a sane one."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    return default


def _lock_spans(events: Sequence[EventRecord], elapsed: float) -> list[TimelineItem]:
    spans, since = [], None
    for event in events:
        if event.kind == "locked" and since is None:
            since = event
        elif event.kind == "unlocked" and since is not None:
            spans.append(TimelineItem("lock", "locked", since.elapsed, event.elapsed, _lock_label(since)))
            since = None
    if since is not None:
        spans.append(TimelineItem("lock", "locked", since.elapsed, elapsed, _lock_label(since)))
    return spans


def _lock_label(event: EventRecord) -> str:
    reason = str(event.detail.get("reason", ""))
    return f"locked: {reason}" if reason else "locked"


def summarize_integrity(events: Sequence[EventRecord], elapsed: float) -> IntegritySummary:
    """Totals of a sitting's log; `elapsed` is its exam time (an open focus loss runs to it)."""
    counts = Counter(event.kind for event in events if event.kind not in ROUTINE_EVENTS)
    away = sum(span.end - span.start for span in _focus_spans(events, elapsed))
    signals = sum(n for kind, n in counts.items() if kind not in PROCTOR_EVENTS and kind != "focus_returned")
    proctor = sum(n for kind, n in counts.items() if kind in PROCTOR_EVENTS and kind != "locked")
    return IntegritySummary(
        round(away, 3), counts["focus_lost"], signals, counts["locked"], proctor, dict(sorted(counts.items()))
    )


def build_timeline(events: Sequence[EventRecord], elapsed: float) -> list[TimelineItem]:
    """Everything a timeline chart draws, lane by lane, ordered by start time."""
    items = _focus_spans(events, elapsed) + _lock_spans(events, elapsed)
    for event in events:
        if event.kind == "answer_saved":
            items.append(
                TimelineItem(
                    "save",
                    event.kind,
                    event.elapsed,
                    event.elapsed,
                    f"saved {event.detail.get('question', '')}",
                )
            )
        elif event.kind in PROCTOR_EVENTS - {"locked", "unlocked"}:
            items.append(TimelineItem("proctor", event.kind, event.elapsed, event.elapsed, event.kind))
        elif event.kind not in ROUTINE_EVENTS | PROCTOR_EVENTS | {"focus_lost", "focus_returned"}:
            evidence = str(event.detail.get("evidence", ""))
            label = f"{event.kind}: {evidence}" if evidence else event.kind
            items.append(TimelineItem("signal", event.kind, event.elapsed, event.elapsed, label))
    return sorted(items, key=lambda item: (item.start, LANES.index(item.lane)))
