"""Helpers that build valid packs once and forge variants re-signed by the real issuer.

Re-signing matters: it proves a check holds even when the attacker is (or has stolen) a trusted issuer
key, instead of only because the signature breaks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from exam_app.core import keys, minisign, signed_envelope
from exam_app.core.encoding import canonical_json
from exam_app.core.pack_file import build_pack
from exam_app.core.release_code import new_release_code
from exam_app.core.source import load_source


@dataclass(frozen=True)
class BuiltPack:
    """Pack bytes with the release code that opens them."""

    data: bytes
    release_code: str


def build(source: Path, issuer: keys.SecretKey, **options: Any) -> BuiltPack:
    """Build `source` into pack bytes now, with a fresh release code."""
    code = new_release_code()
    pack = load_source(source).pack
    return BuiltPack(build_pack(pack, issuer, release_code=code, now=datetime.now(UTC), **options), code)


def parts(data: bytes) -> signed_envelope.Envelope:
    """Split pack bytes (framing only)."""
    return signed_envelope.split(data, signed_envelope.PACK)


def resign(
    data: bytes,
    issuer: keys.SecretKey,
    *,
    edit_header: Callable[[dict[str, Any]], None] | None = None,
    raw_header: bytes | None = None,
    payload: bytes | None = None,
    kind: signed_envelope.EnvelopeKind = signed_envelope.PACK,
    rebind_payload: bool = True,
) -> bytes:
    """Re-sign a modified pack with a valid issuer key, the way a malicious issuer could."""
    envelope = parts(data)
    header = json.loads(envelope.header_bytes)
    new_payload = envelope.payload if payload is None else payload
    if rebind_payload:
        header["payload_length"] = len(new_payload)
        header["payload_sha256"] = hashlib.sha256(new_payload).hexdigest()
    if edit_header is not None:
        edit_header(header)
    header_bytes = canonical_json(header) if raw_header is None else raw_header
    assert issuer.signing_key is not None
    signature = minisign.sign(
        issuer.signing_key,
        signed_envelope.pae(kind.statement_type, header_bytes),
        untrusted_comment=envelope.signature.untrusted_comment,
        trusted_comment=signed_envelope.trusted_comment_for(kind, header_bytes),
    )
    lines = [signed_envelope.PACK.magic, header_bytes, *(line.encode() for line in signature.lines())]
    return b"\n".join(lines) + b"\n" + new_payload
