"""Build result payloads by hand (no GUI, no station database) for result-bundle tests."""

from __future__ import annotations

import hashlib
from typing import Any

from exam_app.core import keys
from exam_app.core.encoding import canonical_json
from exam_app.core.event_chain import ChainedEvent, chain_next, sign_checkpoint
from exam_app.core.result_bundle import RESULT_PAYLOAD_FORMAT

SESSION = "0123456789abcdef0123456789abcdef"
PACK_SHA = "ab" * 32


def synthetic_payload(
    station: keys.SecretKey, *, session_id: str = SESSION, elapsed: float = 300.0, wall_skew: float = 0.0
) -> dict[str, Any]:
    """A consistent payload: started, two answer saves, submitted; checkpoints at start and end.

    `wall_skew` moves the wall time of the second save (in its event too), for timestamp checks.
    """
    assert station.signing_key is not None
    events: list[ChainedEvent] = []
    saves = [("q-1", 0, 30.0), ("q-2", "an essay answer", 200.0)]

    def wall(at: float) -> float:
        return 1e9 + at + (wall_skew if at == saves[1][2] else 0.0)

    def add(kind: str, detail: dict[str, Any], at: float) -> ChainedEvent:
        events.append(chain_next(events[-1] if events else None, session_id, kind, detail, at, wall(at)))
        return events[-1]

    first = add("started", {"extra_time_factor": 1.0, "kiosk": True}, 0.0)
    for question, value, at in saves:
        add(
            "answer_saved",
            {"question": question, "value_sha256": hashlib.sha256(canonical_json(value)).hexdigest()},
            at,
        )
    last = add("submitted", {"reason": "candidate", "answered": 2, "questions": 2}, elapsed)
    checkpoints = [sign_checkpoint(station.signing_key, session_id, e) for e in (first, last)]
    return {
        "format": RESULT_PAYLOAD_FORMAT,
        "session_id": session_id,
        "candidate": {"id": "C-1", "name": "Ada"},
        "pack": {
            "id": "tiny-pack",
            "version": 3,
            "sha256": PACK_SHA,
            "title": "Tiny",
            "time_limit_minutes": 10.0,
        },
        "station": station.public.fingerprint,
        "app": {"version": "0.1.0", "build": "test"},
        "kiosk": True,
        "extra_time_factor": 1.0,
        "added_seconds": 0.0,
        "limit_seconds": 600.0,
        "started_wall": 1e9,
        "ended_wall": 1e9 + elapsed,
        "elapsed": elapsed,
        "end_reason": "candidate",
        "questions": [
            {"id": "q-1", "section": "s", "answer": 0, "seconds": 30.0, "flagged": False},
            {"id": "q-2", "section": "s", "answer": "an essay answer", "seconds": 170.0, "flagged": True},
        ],
        "answer_saves": [
            {"question": q, "value": v, "revision": 1, "elapsed": at, "wall": wall(at)} for q, v, at in saves
        ],
        "events": [event.to_dict() for event in events],
        "checkpoints": [checkpoint.to_dict() for checkpoint in checkpoints],
        "auto_score": {"earned": 1.0, "available": 1.0, "manual_available": 2.0},
        "readiness": None,
    }
