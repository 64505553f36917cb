"""Validation shared by the signed headers of packs and result bundles.

Signed headers have no extension mechanism in version 1: every field is critical, so an unknown or
missing field rejects the file rather than leaving it half-understood.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from exam_app.core.errors import PackFormatError

_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
HEX64 = re.compile(r"^[0-9a-f]{64}$")
HEX16 = re.compile(r"^[0-9A-F]{16}$")


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


def check_field_names(data: dict[str, Any], expected: set[str]) -> None:
    """Reject unknown (critical) and missing fields."""
    unknown, missing = set(data) - expected, expected - set(data)
    if unknown:
        raise PackFormatError(f"header has unknown critical field(s): {', '.join(sorted(unknown))}")
    if missing:
        raise PackFormatError(f"header lacks field(s): {', '.join(sorted(missing))}")


def check_header_kind(
    data: dict[str, Any], fields: set[str], form: str, version: int, payload_type: str
) -> None:
    """The checks every signed header starts with: exactly its fields, and its format, version and type."""
    check_field_names(data, fields)
    require(data, "format", str, lambda v: v == form)
    require(data, "format_version", int, lambda v: v == version)
    require(data, "payload_type", str, lambda v: v == payload_type)


def require(data: dict[str, Any], field: str, kind: type, valid: Callable[[Any], bool]) -> None:
    """Check one field's JSON type and value."""
    value = data[field]
    # bool is an int subclass in Python; a JSON true must never pass as a version number.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)) or not valid(value):
        raise PackFormatError(f"header field {field} has an invalid value")


def require_text_list(data: dict[str, Any], field: str) -> None:
    """Check a field holding a list of strings."""
    require(data, field, list, lambda v: all(isinstance(item, str) for item in v))
