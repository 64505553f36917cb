"""What a result bundle says about a session: built on the station from the engine and its store.

Layout (JSON, `format: exam-app/result-payload v1`):

    session_id, candidate {id, name}, pack {id, version, sha256, title, time_limit_minutes},
    station (fingerprint), app {version, build}, kiosk, extra_time_factor, added_seconds, limit_seconds,
    started_wall, ended_wall, elapsed, end_reason,
    questions [{id, section, answer, seconds, flagged}]   in the order the candidate saw them,
    answer_saves [{question, value, revision, elapsed, wall}]   every save, oldest first,
    events [chained events], checkpoints [signed chain heads],
    auto_score {earned, available, manual_available}, readiness (report or null)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from exam_app.core.build_info import BuildInfo, build_info
from exam_app.core.errors import ExamAppError
from exam_app.core.keys import SecretKey
from exam_app.core.result_bundle import RESULT_PAYLOAD_FORMAT, seal_result
from exam_app.core.scoring import score_answer
from exam_app.core.session import ExamSession
from exam_app.core.session_record import SessionStore


def build_result_payload(
    session: ExamSession,
    store: SessionStore,
    *,
    pack_sha256: str,
    station_fingerprint: str,
    app: BuildInfo,
    readiness: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything a reviewer needs about a submitted session, as JSON-ready data."""
    if session.state != "submitted":
        raise ExamAppError("a result can only be exported after the exam is submitted")
    record, pack = session.record, session.pack
    events = store.events(record.session_id)
    started = next(event for event in events if event.kind == "started")
    submitted = events[-1]
    return {
        "format": RESULT_PAYLOAD_FORMAT,
        "session_id": record.session_id,
        "candidate": {"id": record.candidate_id, "name": record.candidate_name},
        "pack": {
            "id": pack.id,
            "version": pack.version,
            "sha256": pack_sha256,
            "title": pack.title,
            "time_limit_minutes": pack.time_limit_minutes,
        },
        "station": station_fingerprint,
        "app": app.to_dict(),
        "kiosk": record.kiosk,
        "extra_time_factor": session.factor,
        "added_seconds": record.added_seconds,
        "limit_seconds": session.timer.limit_seconds,
        "started_wall": started.wall,
        "ended_wall": submitted.wall,
        "elapsed": submitted.elapsed,
        "end_reason": submitted.detail.get("reason", ""),
        "questions": [
            {
                "id": item.question.id,
                "section": item.section.id,
                "answer": session.answer_of(item.question.id),
                "seconds": round(record.question_seconds.get(item.question.id, 0.0), 3),
                "flagged": session.is_flagged(item.question.id),
            }
            for item in session.items
        ],
        "answer_saves": [
            {
                "question": s.question_id,
                "value": s.value,
                "revision": s.revision,
                "elapsed": s.elapsed,
                "wall": s.wall,
            }
            for s in store.answer_history(record.session_id)
        ],
        "events": [event.to_dict() for event in events],
        "checkpoints": [checkpoint.to_dict() for checkpoint in store.checkpoints(record.session_id)],
        "auto_score": _auto_score(session),
        "readiness": readiness,
    }


def _auto_score(session: ExamSession) -> dict[str, float]:
    """The station's score of the objective questions (reviewers can recompute it from the pack)."""
    scores = [score_answer(item.question, session.answer_of(item.question.id)) for item in session.items]
    automatic = [score for score in scores if score.automatic]
    return {
        "earned": sum(score.earned for score in automatic),
        "available": sum(score.available for score in automatic),
        "manual_available": sum(score.available for score in scores if not score.automatic),
    }


def seal_session(
    session: ExamSession,
    store: SessionStore,
    station: SecretKey,
    *,
    pack_sha256: str,
    now: datetime,
    readiness: dict[str, Any] | None = None,
) -> bytes:
    """The signed, encrypted bundle of a submitted session, for the pack's recruiter recipients."""
    payload = build_result_payload(
        session, store, pack_sha256=pack_sha256, station_fingerprint=station.public.fingerprint,
        app=build_info(), readiness=readiness,
    )  # fmt: skip
    return seal_result(payload, station, list(session.pack.results_to), pack_sha256=pack_sha256, now=now)
