"""The signed header of a `.exampack`: what a station may know about a pack before decrypting it.

Version 1 has no optional extension mechanism: every field is critical, and a header with an unknown
or missing field is rejected rather than half-understood.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from exam_app.core.errors import PackExpiredError, PackNotYetValidError
from exam_app.core.header_fields import (
    HEX16,
    HEX64,
    check_header_kind,
    format_time,
    parse_time,
    require,
    require_text_list,
)

FORMAT = "exam-app/pack"
FORMAT_VERSION = 1
PAYLOAD_TYPE = "application/vnd.exam-app.pack.v1+json"
MAX_PAYLOAD_BYTES = 256 * 1024 * 1024


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
        check_header_kind(data, set(cls.__dataclass_fields__), FORMAT, FORMAT_VERSION, PAYLOAD_TYPE)
        require(data, "pack_id", str, lambda v: 0 < len(v) <= 64)
        require(data, "pack_version", int, lambda v: v >= 1)
        require(data, "title", str, lambda v: 0 < len(v) <= 300)
        require(data, "issuer_key_id", str, lambda v: bool(HEX16.match(v)))
        require(data, "payload_length", int, lambda v: 0 < v <= MAX_PAYLOAD_BYTES)
        require(data, "payload_sha256", str, lambda v: bool(HEX64.match(v)))
        require(data, "question_count", int, lambda v: v >= 1)
        for field in ("stations", "results_to"):
            require_text_list(data, field)
        parse_time(data["created"], "created")
        for field in ("not_before", "expires"):
            if data[field] is not None:
                parse_time(data[field], field)
        return cls(**data)

    def check_validity(self, now: datetime) -> None:
        """Raise PackPolicyError when `now` is outside the validity window (both times in the message)."""
        stamp = format_time(now)
        if self.not_before is not None and now < parse_time(self.not_before, "not_before"):
            raise PackNotYetValidError(f"pack is not valid yet: valid from {self.not_before}, now is {stamp}")
        if self.expires is not None and now >= parse_time(self.expires, "expires"):
            raise PackExpiredError(f"pack has expired: expired at {self.expires}, now is {stamp}")
