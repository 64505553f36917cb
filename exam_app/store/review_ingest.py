"""Writing verified bundles and imported packs into the review store (only `review_import` calls this).

A batch of bundles is one transaction: a sitting is stored with all its answers, saves and events, or not at
all. Scores and integrity figures are computed here, by the core's rules, as the sitting is stored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from exam_app.core.model import Pack, Question
from exam_app.core.review_grading import objective_points, total_line
from exam_app.core.review_integrity import summarize_integrity
from exam_app.core.review_types import AnswerRecord, EventRecord, ImportOutcome
from exam_app.core.review_verify import VerifiedBundle
from exam_app.store.review_models import (
    AnswerRow,
    AnswerSaveRow,
    EventRow,
    ImportLogRow,
    PackRecord,
    QuestionRecord,
    Sitting,
)
from exam_app.store.review_store import ReviewStore


def known_bundles(store: ReviewStore) -> dict[str, str]:
    """Session id -> bundle SHA-256 of every stored sitting (for duplicate and replay detection)."""
    with store.engine.connect() as connection:
        return {
            sid: sha for sid, sha in connection.execute(select(Sitting.session_id, Sitting.bundle_sha256))
        }


def _pack_ref(connection: Connection, sha256: str, pack: dict[str, Any]) -> int:
    """The pack row for a bundle's pack, created from the bundle's own description if new."""
    found = connection.scalar(select(PackRecord.id).where(PackRecord.sha256 == sha256))
    if found is not None:
        return int(found)
    values = {"sha256": sha256, "pack_id": pack["id"], "version": pack["version"], "title": pack["title"]}
    key = connection.execute(insert(PackRecord).values(**values)).inserted_primary_key
    assert key is not None  # a single-row INSERT always has one
    return int(key[0])


def store_pack(store: ReviewStore, pack: Pack, pack_sha256: str) -> int:
    """Store a pack's questions (never its proctor secret), score its sittings; returns the question count."""
    definition = dataclasses.replace(pack, proctor_secret=b"").to_payload()
    with store.engine.begin() as connection:
        ref = _pack_ref(
            connection, pack_sha256, {"id": pack.id, "version": pack.version, "title": pack.title}
        )
        connection.execute(update(PackRecord).where(PackRecord.id == ref).values(definition=definition))
        connection.execute(delete(QuestionRecord).where(QuestionRecord.pack_ref == ref))
        rows = [
            {
                "pack_ref": ref,
                "question_id": q.id,
                "position": n,
                "section_id": section.id,
                "type": q.type,
                "level": q.level,
                "points": q.points,
            }
            for n, (section, q) in enumerate((s, q) for s in pack.sections for q in s.questions)
        ]
        connection.execute(insert(QuestionRecord), rows)
        store.forget_pack(ref)
        _rescore_pack(store, connection, ref)
    return len(rows)


def _rescore_pack(store: ReviewStore, connection: Connection, pack_ref: int) -> None:
    """Score every stored answer to this pack's objective questions, then refresh the sittings' figures."""
    questions = store.questions(connection, pack_ref)
    answers = connection.execute(
        select(AnswerRow.id, AnswerRow.question_id, AnswerRow.value)
        .join(Sitting, AnswerRow.sitting_ref == Sitting.id)
        .where(Sitting.pack_ref == pack_ref)
    ).all()
    points = [
        {
            "answer_id": answer_id,
            "points": objective_points(questions[qid], value) if qid in questions else None,
        }
        for answer_id, qid, value in answers
    ]
    if points:
        statement = update(AnswerRow).where(AnswerRow.id == bindparam("answer_id"))
        connection.execute(statement.values(auto_points=bindparam("points")), points)
    sittings = connection.scalars(select(Sitting.id).where(Sitting.pack_ref == pack_ref)).all()
    store.refresh_scores(connection, sittings)


def add_sittings(
    store: ReviewStore, bundles: Iterable[VerifiedBundle], *, now: datetime, verified_by: str
) -> None:
    """Store verified bundles, each with its answers, saves and events, in one transaction."""
    bundles = list(bundles)
    if not bundles:
        return
    with store.engine.begin() as connection:
        rows, records = [], []
        for bundle in bundles:
            pack_ref = _pack_ref(connection, bundle.header.pack_sha256, bundle.payload["pack"])
            records.append(_answer_records(bundle, store.questions(connection, pack_ref)))
            rows.append(_sitting_values(bundle, pack_ref, records[-1], now, verified_by))
        inserted = connection.execute(
            insert(Sitting).returning(Sitting.id, sort_by_parameter_order=True), rows
        ).scalars()
        answers, saves, events = [], [], []
        for ref, bundle, answered in zip(inserted, bundles, records, strict=True):
            payload = bundle.payload
            answers += [
                {
                    "sitting_ref": ref,
                    "question_id": a.question_id,
                    "position": a.position,
                    "section_id": a.section_id,
                    "value": a.value,
                    "seconds": a.seconds,
                    "flagged": a.flagged,
                    "auto_points": a.auto_points,
                }
                for a in answered
            ]
            saves += [
                {
                    "sitting_ref": ref,
                    "position": n,
                    "question_id": s["question"],
                    "revision": s["revision"],
                    "value": s["value"],
                    "elapsed": s["elapsed"],
                    "wall": s["wall"],
                }
                for n, s in enumerate(payload["answer_saves"])
            ]
            events += [
                {
                    "sitting_ref": ref,
                    "seq": e["seq"],
                    "kind": e["kind"],
                    "detail": e["detail"],
                    "elapsed": e["elapsed"],
                    "wall": e["wall"],
                    "hash": e["hash"],
                }
                for e in payload["events"]
            ]
        for model, values in ((AnswerRow, answers), (AnswerSaveRow, saves), (EventRow, events)):
            if values:
                connection.execute(insert(model), values)


def _answer_records(bundle: VerifiedBundle, questions: dict[str, Question]) -> list[AnswerRecord]:
    """A bundle's final answers, objective ones scored when the pack's questions are known."""
    records = []
    for n, q in enumerate(bundle.payload["questions"]):
        question = questions.get(q["id"])
        points = objective_points(question, q["answer"]) if question else None
        records.append(
            AnswerRecord(
                bundle.header.session_id,
                q["id"],
                n,
                q["section"],
                q["answer"],
                q["seconds"],
                q["flagged"],
                question,
                points,
            )
        )
    return records


def _sitting_values(
    bundle: VerifiedBundle, pack_ref: int, answers: list[AnswerRecord], now: datetime, verified_by: str
) -> dict[str, Any]:
    """The `sittings` row of a bundle with its integrity figures and score (the station's, if no pack)."""
    header, payload = bundle.header, bundle.payload
    events = [
        EventRecord(e["seq"], e["kind"], e["detail"], e["elapsed"], e["wall"]) for e in payload["events"]
    ]
    integrity = summarize_integrity(events, payload["elapsed"])
    auto = payload["auto_score"]
    known = any(answer.question is not None for answer in answers)
    total = total_line(answers)
    return {
        "session_id": header.session_id,
        "candidate_id": payload["candidate"]["id"],
        "candidate_name": payload["candidate"]["name"],
        "pack_ref": pack_ref,
        "station": header.station,
        "station_key_id": header.station_key_id,
        "app_version": payload["app"]["version"],
        "app_build": payload["app"]["build"],
        "kiosk": payload["kiosk"],
        "extra_time_factor": payload["extra_time_factor"],
        "added_seconds": payload["added_seconds"],
        "limit_seconds": payload["limit_seconds"],
        "started_wall": payload["started_wall"],
        "ended_wall": payload["ended_wall"],
        "elapsed": payload["elapsed"],
        "end_reason": payload["end_reason"],
        "station_auto_earned": auto["earned"],
        "station_auto_available": auto["available"],
        "station_manual_available": auto["manual_available"],
        "bundle_file": bundle.file,
        "bundle_sha256": bundle.bundle_sha256,
        "payload_sha256": header.payload_sha256,
        "bundle_created": header.created,
        "event_head": header.event_head,
        "event_count": header.event_count,
        "imported_at": now,
        "verified_by": verified_by,
        "score_earned": total.earned if known else auto["earned"],
        "score_available": total.available if known else auto["available"] + auto["manual_available"],
        "ungraded": sum(answer.needs_grading for answer in answers),
        "seconds_away": integrity.seconds_away,
        "focus_losses": integrity.focus_losses,
        "signals": integrity.signals,
        "locks": integrity.locks,
        "priority": integrity.priority,
        "reviewed": False,
    }


def log_imports(
    store: ReviewStore, run_id: str, outcomes: Iterable[tuple[ImportOutcome, str | None]], *, now: datetime
) -> None:
    """Record what an import run did with every file (outcome, reason, bundle SHA-256)."""
    rows = [
        {
            "run_id": run_id,
            "file": o.file,
            "bundle_sha256": sha,
            "session_id": o.session_id,
            "outcome": o.outcome,
            "reason": o.reason,
            "at": now,
        }
        for o, sha in outcomes
    ]
    if rows:
        with store.engine.begin() as connection:
            connection.execute(insert(ImportLogRow), rows)
