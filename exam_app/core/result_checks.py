"""Checks on a decrypted result payload, after its station signature has verified.

The signature proves which enrolled station produced the bundle. These checks prove the bundle is
internally consistent: it is the session its header names, its event chain and checkpoints verify under
that station's key and end at the signed head, every answer save is in the chain, every timestamp lies
inside the session, and the exam did not run longer than its limit plus accommodations and proctor time.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from exam_app.core.errors import ExamAppError
from exam_app.core.event_chain import ChainedEvent, Checkpoint
from exam_app.core.result_bundle import OpenedResult
from exam_app.core.session_record import AnswerSave, check_session_log

# Slack for rounding and for the heartbeat interval: time is persisted at most a second late.
TIME_SLACK_SECONDS = 2.0


class ResultCheckError(ExamAppError):
    """The bundle is validly signed but its contents do not hold together; the message says what."""


def check_result(opened: OpenedResult, *, pack_sha256: str | None = None) -> None:
    """Run every content check; raise ResultCheckError at the first failure."""
    header, payload = opened.header, opened.payload
    try:
        _check_identity(opened)
        if pack_sha256 is not None and header.pack_sha256 != pack_sha256:
            raise ResultCheckError(
                "the bundle belongs to another pack (its pack SHA-256 differs from --pack)"
            )
        assert opened.station.signing is not None
        station_key = Ed25519PublicKey.from_public_bytes(opened.station.signing.public_bytes)
        events = [ChainedEvent(**event) for event in payload["events"]]
        checkpoints = [Checkpoint(**checkpoint) for checkpoint in payload["checkpoints"]]
        history = [
            AnswerSave(save["question"], save["value"], save["revision"], save["elapsed"], save["wall"])
            for save in payload["answer_saves"]
        ]
        head = check_session_log(header.session_id, events, checkpoints, history, station_key, submitted=True)
        if head != header.event_head or len(events) != header.event_count:
            raise ResultCheckError("event log does not end at the head the station signed")
        _check_final_answers(payload)
        _check_times(payload, events)
    except (KeyError, TypeError, ValueError) as exc:
        raise ResultCheckError(f"result payload is missing or mistyped: {exc}") from None


def _check_identity(opened: OpenedResult) -> None:
    header, payload = opened.header, opened.payload
    pairs = [
        ("session id", payload["session_id"], header.session_id),
        ("pack id", payload["pack"]["id"], header.pack_id),
        ("pack version", payload["pack"]["version"], header.pack_version),
        ("pack SHA-256", payload["pack"]["sha256"], header.pack_sha256),
        ("station", payload["station"], header.station),
    ]
    for what, inside, outside in pairs:
        if inside != outside:
            raise ResultCheckError(f"the payload's {what} differs from the signed header")


def _check_final_answers(payload: dict[str, Any]) -> None:
    """Each question's final answer must be its last save (or none)."""
    finals: dict[str, Any] = {}
    for save in payload["answer_saves"]:
        finals[save["question"]] = save["value"]
    for question in payload["questions"]:
        if question["answer"] != finals.get(question["id"]):
            raise ResultCheckError(f"question {question['id']}: the final answer differs from its last save")


def _check_times(payload: dict[str, Any], events: list[ChainedEvent]) -> None:
    """Saves inside the session; elapsed exam time within the limit."""
    start_wall, end_wall, elapsed = payload["started_wall"], payload["ended_wall"], payload["elapsed"]
    for save in payload["answer_saves"]:
        if not (0 <= save["elapsed"] <= elapsed + TIME_SLACK_SECONDS):
            raise ResultCheckError(f"answer to {save['question']} was saved outside the exam time")
        if not (start_wall - TIME_SLACK_SECONDS <= save["wall"] <= end_wall + TIME_SLACK_SECONDS):
            raise ResultCheckError(f"answer to {save['question']} has a timestamp outside the session")
    started = next((e for e in events if e.kind == "started"), None)
    if started is None or started.detail.get("extra_time_factor") != payload["extra_time_factor"]:
        raise ResultCheckError("the extra time factor differs from the one logged when the exam started")
    granted = sum(e.detail.get("added_seconds", 0.0) for e in events if e.kind == "unlocked")
    limit = payload["pack"]["time_limit_minutes"] * 60 * payload["extra_time_factor"] + granted
    if elapsed > limit + TIME_SLACK_SECONDS:
        raise ResultCheckError(f"the exam ran {elapsed:.0f} s, longer than its {limit:.0f} s limit")
