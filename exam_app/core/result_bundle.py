"""Seal and open `.examresult` bundles: signed by the station, encrypted to the recruiters.

The container is the same signed envelope as packs (`signed_envelope`, statement type for results), so a
result signature can never pass as a pack signature. The payload is JSON encrypted with age to every
recruiter recipient the pack names; the signed header lists those recipients and the payload's hash, so a
bundle re-encrypted to anyone else no longer matches its signature.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyrage

from exam_app.core import signed_envelope
from exam_app.core.encoding import EncodingError, canonical_json, parse_json_strict
from exam_app.core.errors import ExamAppError, KeyFileError, PackFormatError, SignatureError
from exam_app.core.header_fields import format_time
from exam_app.core.keys import PublicKey, SecretKey
from exam_app.core.result_header import MAX_PAYLOAD_BYTES, ResultHeader

RESULT_PAYLOAD_FORMAT = "exam-app/result-payload v1"
MAX_RESULT_FILE_BYTES = MAX_PAYLOAD_BYTES + 2 * signed_envelope.MAX_HEADER_BYTES


class ResultDecryptError(ExamAppError):
    """The recruiter key cannot open the bundle. One message for every cause."""

    def __init__(self) -> None:
        super().__init__("cannot decrypt result bundle: it is not encrypted to this recruiter key")


@dataclass(frozen=True)
class OpenedResult:
    """A bundle whose signature and payload binding verified, decrypted."""

    header: ResultHeader
    station: PublicKey
    payload: dict[str, Any]


def _note(header: ResultHeader) -> str:
    """The untrusted comment; readers insist on exactly this text (minisign does not sign it)."""
    return f"exam-app result, session {header.session_id}, station {header.station}"


def seal_result(
    payload: dict[str, Any], station: SecretKey, recipients: list[str], *, pack_sha256: str, now: datetime
) -> bytes:
    """Encrypt `payload` to `recipients` and sign it with the station key; returns the bundle bytes."""
    if station.signing_key is None or station.public.signing is None or station.public.kind != "station":
        raise KeyFileError("a station key is needed to sign results")
    if not recipients:
        raise ExamAppError("the pack names no recruiter to encrypt results to (build it with --results-to)")
    events = payload["events"]
    encrypted = pyrage.encrypt(
        canonical_json(payload), [pyrage.x25519.Recipient.from_str(r) for r in recipients]
    )
    header = ResultHeader(
        session_id=payload["session_id"],
        pack_id=payload["pack"]["id"],
        pack_version=payload["pack"]["version"],
        pack_sha256=pack_sha256,
        station=station.public.fingerprint,
        station_key_id=station.public.signing.key_id_hex(),
        recipients=sorted(recipients),
        created=format_time(now),
        payload_length=len(encrypted),
        payload_sha256=hashlib.sha256(encrypted).hexdigest(),
        event_head=events[-1]["hash"],
        event_count=len(events),
    )
    return signed_envelope.seal(
        signed_envelope.RESULT, header.to_dict(), encrypted, station.signing_key, _note(header)
    )


def verify_result_signature(
    data: bytes, trusted_stations: list[PublicKey]
) -> tuple[ResultHeader, PublicKey, bytes]:
    """Check framing, station signature, header and payload binding.

    Returns the header, the signing station and the still encrypted payload.
    """
    if len(data) > MAX_RESULT_FILE_BYTES:
        raise PackFormatError("file is larger than any result bundle can be")
    envelope = signed_envelope.split(data, signed_envelope.RESULT)
    stations = {
        key.signing: key for key in trusted_stations if key.kind == "station" and key.signing is not None
    }
    header_dict, signing_key = signed_envelope.verify(envelope, list(stations))
    header = ResultHeader.from_dict(header_dict)
    station = stations[signing_key]
    if envelope.signature.untrusted_comment != _note(header):
        raise SignatureError("the signature's comment line was altered")
    if header.station != station.fingerprint:
        raise SignatureError("the header names another station than the one that signed it")
    return header, station, envelope.payload


def open_result(data: bytes, trusted_stations: list[PublicKey], recruiter: SecretKey) -> OpenedResult:
    """Verify, then decrypt with the recruiter key, then parse the payload strictly."""
    header, station, encrypted = verify_result_signature(data, trusted_stations)
    if recruiter.public.recipient not in header.recipients:
        raise ResultDecryptError()
    try:
        plaintext = pyrage.decrypt(encrypted, [recruiter.age()])
    except pyrage.DecryptError:
        raise ResultDecryptError() from None
    try:
        payload = parse_json_strict(plaintext, what="result payload")
    except EncodingError as exc:
        raise PackFormatError(str(exc)) from exc
    if not isinstance(payload, dict) or payload.get("format") != RESULT_PAYLOAD_FORMAT:
        raise PackFormatError(f"result payload: expected format {RESULT_PAYLOAD_FORMAT!r}")
    return OpenedResult(header, station, payload)
