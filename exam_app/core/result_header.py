"""The signed header of a `.examresult`: what anyone may know about a result bundle without its key.

It binds the bundle to one session, one pack (by the SHA-256 of the `.exampack` bytes), the station that
signed it, the recruiter recipients it is encrypted to, and the head of the session's event chain. The
candidate's identity is deliberately absent: it is inside the encrypted payload.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from exam_app.core.header_fields import (
    HEX16,
    HEX64,
    check_header_kind,
    parse_time,
    require,
    require_text_list,
)

FORMAT = "exam-app/result"
FORMAT_VERSION = 1
PAYLOAD_TYPE = "application/vnd.exam-app.result.v1+json"
MAX_PAYLOAD_BYTES = 64 * 1024 * 1024
_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
_FINGERPRINT = re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$")


@dataclass(frozen=True)
class ResultHeader:
    """Every field the station signs about a result bundle."""

    session_id: str
    pack_id: str
    pack_version: int
    pack_sha256: str
    station: str  # station fingerprint
    station_key_id: str
    recipients: list[str]
    created: str
    payload_length: int
    payload_sha256: str
    event_head: str
    event_count: int
    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    payload_type: str = PAYLOAD_TYPE

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready mapping that is signed."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ResultHeader:
        """Validate a verified header mapping field by field."""
        check_header_kind(data, set(cls.__dataclass_fields__), FORMAT, FORMAT_VERSION, PAYLOAD_TYPE)
        require(data, "session_id", str, lambda v: bool(_SESSION_ID.match(v)))
        require(data, "pack_id", str, lambda v: 0 < len(v) <= 64)
        require(data, "pack_version", int, lambda v: v >= 1)
        require(data, "pack_sha256", str, lambda v: bool(HEX64.match(v)))
        require(data, "station", str, lambda v: bool(_FINGERPRINT.match(v)))
        require(data, "station_key_id", str, lambda v: bool(HEX16.match(v)))
        require_text_list(data, "recipients")
        require(data, "recipients", list, lambda v: 0 < len(v) <= 16)
        require(data, "payload_length", int, lambda v: 0 < v <= MAX_PAYLOAD_BYTES)
        require(data, "payload_sha256", str, lambda v: bool(HEX64.match(v)))
        require(data, "event_head", str, lambda v: bool(HEX64.match(v)))
        require(data, "event_count", int, lambda v: v >= 1)
        parse_time(data["created"], "created")
        return cls(**data)
