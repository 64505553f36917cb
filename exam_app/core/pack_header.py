"""The signed header of a `.exampack`: what a station may know about a pack before decrypting it.

Version 1 has no optional extension mechanism: every field is critical, and a header with an unknown
or missing field is rejected rather than half-understood.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from exam_app.core.errors import PackFormatError, PackPolicyError

FORMAT = "exam-app/pack"
FORMAT_VERSION = 1
PAYLOAD_TYPE = "application/vnd.exam-app.pack.v1+json"
MAX_PAYLOAD_BYTES = 256 * 1024 * 1024
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_HEX16 = re.compile(r"^[0-9A-F]{16}$")


def format_time(moment: datetime) -> str:
    """RFC 3339 in UTC, to the second: the only time spelling headers use."""
    return moment.astimezone(UTC).strftime(_TIME_FORMAT)


def parse_time(text: str, field: str) -> datetime:
    """Parse `format_time` output strictly."""
    try:
        parsed = datetime.strptime(text, _TIME_FORMAT).replace(tzinfo=UTC)
    except (TypeError, ValueError) as exc:
        raise PackFormatError(f"header field {field} is not a UTC time like 2026-01-31T09:00:00Z") from exc
    if format_time(parsed) != text:
        raise PackFormatError(f"header field {field} is not in canonical form")
    return parsed


@dataclass(frozen=True)
class PackHeader:
    """Every field the issuer signs about a pack."""

    pack_id: str
    pack_version: int
    title: str
    created: str
    not_before: str | None
    expires: str | None
    issuer_key_id: str
    payload_length: int
    payload_sha256: str
    question_count: int
    stations: list[str]
    results_to: list[str]
    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    payload_type: str = PAYLOAD_TYPE

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready mapping that is signed."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PackHeader:
        """Validate a verified header mapping field by field."""
        expected = set(cls.__dataclass_fields__)
        unknown, missing = set(data) - expected, expected - set(data)
        if unknown:
            raise PackFormatError(f"header has unknown critical field(s): {', '.join(sorted(unknown))}")
        if missing:
            raise PackFormatError(f"header lacks field(s): {', '.join(sorted(missing))}")
        _require(data, "format", str, lambda v: v == FORMAT)
        _require(data, "format_version", int, lambda v: v == FORMAT_VERSION)
        _require(data, "payload_type", str, lambda v: v == PAYLOAD_TYPE)
        _require(data, "pack_id", str, lambda v: 0 < len(v) <= 64)
        _require(data, "pack_version", int, lambda v: v >= 1)
        _require(data, "title", str, lambda v: 0 < len(v) <= 300)
        _require(data, "issuer_key_id", str, lambda v: bool(_HEX16.match(v)))
        _require(data, "payload_length", int, lambda v: 0 < v <= MAX_PAYLOAD_BYTES)
        _require(data, "payload_sha256", str, lambda v: bool(_HEX64.match(v)))
        _require(data, "question_count", int, lambda v: v >= 1)
        for field in ("stations", "results_to"):
            _require(data, field, list, lambda v: all(isinstance(item, str) for item in v))
        parse_time(data["created"], "created")
        for field in ("not_before", "expires"):
            if data[field] is not None:
                parse_time(data[field], field)
        return cls(**data)

    def check_validity(self, now: datetime) -> None:
        """Raise PackPolicyError when `now` is outside the validity window (both times in the message)."""
        stamp = format_time(now)
        if self.not_before is not None and now < parse_time(self.not_before, "not_before"):
            raise PackPolicyError(f"pack is not valid yet: valid from {self.not_before}, now is {stamp}")
        if self.expires is not None and now >= parse_time(self.expires, "expires"):
            raise PackPolicyError(f"pack has expired: expired at {self.expires}, now is {stamp}")


def _require(data: dict[str, Any], field: str, kind: type, valid: Any) -> None:
    value = data[field]
    # bool is an int subclass in Python; a JSON true must never pass as a version number.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)) or not valid(value):
        raise PackFormatError(f"header field {field} has an invalid value")
