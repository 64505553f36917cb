"""A reviewer's one-glance summary of a verified result: who, what, where, score and integrity."""

from __future__ import annotations

from collections import Counter
from typing import Any

from exam_app.core.result_bundle import OpenedResult

# Events that describe the exam's course rather than integrity signals.
_ROUTINE_EVENTS = {"started", "answer_saved", "submitted", "section_closed"}


def summarize_result(opened: OpenedResult) -> dict[str, Any]:
    """JSON-ready summary of a bundle that passed every check."""
    payload = opened.payload
    events = payload["events"]
    signals = Counter(event["kind"] for event in events if event["kind"] not in _ROUTINE_EVENTS)
    return {
        "session_id": payload["session_id"],
        "candidate": payload["candidate"],
        "pack": {key: payload["pack"][key] for key in ("id", "version", "title")},
        "station": opened.station.fingerprint,
        "app": payload["app"],
        "elapsed_seconds": round(payload["elapsed"], 1),
        "end_reason": payload["end_reason"],
        "answered": sum(1 for question in payload["questions"] if question["answer"] not in (None, "", [])),
        "questions": len(payload["questions"]),
        "auto_score": payload["auto_score"],
        "integrity": dict(sorted(signals.items())),
        "kiosk": payload["kiosk"],
    }


def format_result_line(summary: dict[str, Any]) -> str:
    """One human line per bundle."""
    score = summary["auto_score"]
    integrity = ", ".join(f"{kind} {count}" for kind, count in summary["integrity"].items()) or "no signals"
    candidate = summary["candidate"]
    pack = summary["pack"]
    return (
        f"candidate {candidate['id']} ({candidate['name']}), pack {pack['id']} v{pack['version']},"
        f" station {summary['station']}: {summary['answered']}/{summary['questions']} answered,"
        f" auto-scored {score['earned']:g}/{score['available']:g}"
        f" (+{score['manual_available']:g} for reviewers); integrity: {integrity}"
    )
