"""Strict encodings shared by every file format: canonical base64, canonical JSON, fingerprints.

Strictness is a security property here: a reader that accepts two spellings of the same bytes lets an
attacker vary a signed file without touching what was signed, so non-canonical input is rejected.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

# Crockford's base32 alphabet: no I, L, O or U, so codes read aloud or typed by hand survive.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class EncodingError(ValueError):
    """Input is not in the one canonical form this format accepts."""


def b64encode(data: bytes) -> str:
    """Standard padded base64 as text."""
    return base64.b64encode(data).decode("ascii")


def b64decode_canonical(text: str, *, length: int | None = None, what: str = "value") -> bytes:
    """Decode standard padded base64, rejecting anything that would not re-encode to the same text."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise EncodingError(f"{what} is not valid base64") from exc
    if b64encode(raw) != text:
        raise EncodingError(f"{what} is not canonical base64")
    if length is not None and len(raw) != length:
        raise EncodingError(f"{what} must be {length} bytes, not {len(raw)}")
    return raw


def canonical_json(value: Any) -> bytes:
    """Serialise to the one byte form we sign: sorted keys, no spaces, ASCII only, no newline."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    ).encode("ascii")


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise EncodingError(f"duplicate JSON key {key!r}")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise EncodingError(f"JSON constant {name} is not allowed")


def parse_json_strict(data: bytes, *, what: str = "JSON") -> Any:
    """Parse UTF-8 JSON, rejecting duplicate keys, NaN/Infinity and invalid UTF-8."""
    try:
        text = data.decode("utf-8")
        return json.loads(text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant)
    except UnicodeDecodeError as exc:
        raise EncodingError(f"{what} is not valid UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise EncodingError(f"{what} is not valid JSON ({exc.msg} at position {exc.pos})") from exc


def crockford_base32(data: bytes, chars: int) -> str:
    """The first `chars` Crockford base32 characters of `data` (5 bits each, most significant first)."""
    bits = int.from_bytes(data, "big")
    total_bits = len(data) * 8
    if chars * 5 > total_bits:
        raise ValueError("not enough data for that many characters")
    out = []
    for index in range(chars):
        shift = total_bits - 5 * (index + 1)
        out.append(CROCKFORD[(bits >> shift) & 0x1F])
    return "".join(out)


def group(text: str, size: int, sep: str = "-") -> str:
    """Split text into groups of `size` characters joined by `sep` (for reading aloud)."""
    return sep.join(text[i : i + size] for i in range(0, len(text), size))


def fingerprint(kind: str, public_material: bytes) -> str:
    """A short fingerprint people can compare aloud: 16 Crockford characters (80 bits) in groups of four.

    The key kind is hashed in, so an issuer key and a recruiter key never share a fingerprint.
    """
    import hashlib  # here: reading the station configuration at start needs JSON, not OpenSSL

    digest = hashlib.sha256(b"exam-app fingerprint v1\x00" + kind.encode("ascii") + b"\x00" + public_material)
    return group(crockford_base32(digest.digest(), 16), 4)
