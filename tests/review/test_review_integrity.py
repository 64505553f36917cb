"""Integrity review (core): summary, priority and timeline from a verified event log."""

from __future__ import annotations

from exam_app.core.review_integrity import WEIGHT_LOCK, WEIGHT_SIGNAL, build_timeline, summarize_integrity
from exam_app.core.review_types import EventRecord


def _log(*entries: tuple[str, float, dict]) -> list[EventRecord]:
    return [EventRecord(n, kind, detail, at, 1e9 + at) for n, (kind, at, detail) in enumerate(entries)]


EVENTS = _log(
    ("started", 0, {}),
    ("answer_saved", 10, {"question": "q-1"}),
    ("focus_lost", 20, {}),
    ("focus_returned", 26, {"seconds": 5.5}),
    ("clipboard_paste", 30, {"evidence": "pasted 40 characters"}),
    ("locked", 40, {"reason": "remote_session: ssh"}),
    ("lock_code_shown", 41, {}),
    ("proctor_code_used", 70, {}),
    ("unlocked", 71, {"by": "proctor"}),
    ("focus_lost", 100, {}),
    ("submitted", 120, {}),
)


def test_summary_counts_time_away_signals_locks_and_proctor_actions() -> None:
    summary = summarize_integrity(EVENTS, 120.0)
    # 5.5 s measured on return, plus a loss never returned from: 20 s until the end of the exam.
    assert summary.seconds_away == 25.5 and summary.focus_losses == 2
    assert summary.signals == 3 and summary.locks == 1 and summary.proctor_actions == 3
    assert summary.priority == 25.5 + 3 * WEIGHT_SIGNAL + WEIGHT_LOCK
    assert summary.counts["clipboard_paste"] == 1 and "answer_saved" not in summary.counts


def test_a_quiet_sitting_has_zero_priority() -> None:
    assert summarize_integrity(_log(("started", 0, {}), ("submitted", 60, {})), 60.0).priority == 0.0


def test_timeline_has_spans_for_away_and_locks_and_moments_for_the_rest() -> None:
    items = build_timeline(EVENTS, 120.0)
    spans = [(i.lane, i.start, i.end) for i in items if i.end > i.start]
    assert spans == [("focus", 20, 25.5), ("lock", 40, 71), ("focus", 100, 120)]
    moments = [(i.lane, i.start) for i in items if i.end == i.start]
    assert moments == [("save", 10), ("signal", 30), ("proctor", 41), ("proctor", 70)]
    assert next(i.label for i in items if i.lane == "signal") == "clipboard_paste: pasted 40 characters"
    assert items == sorted(items, key=lambda i: i.start)
