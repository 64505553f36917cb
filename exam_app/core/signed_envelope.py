"""The signed container shared by question packs and result bundles.

Layout (one line per item, `\\n` endings, then the payload bytes to the end of the file):

    line 1   magic, e.g. `exam-app pack v1`
    line 2   header: canonical JSON (sorted keys, no spaces, ASCII)
    line 3-6 a minisign signature (`.minisig` lines) over PAE(statement type, header)
    rest     payload (an age file), whose length and SHA-256 the header states

PAE is DSSE's pre-authentication encoding, `DSSEv1 SP len(type) SP type SP len(body) SP body`: it binds
the statement type, so a result header can never be presented as a pack header or the reverse.
Order of checks: framing, signature against trusted keys, and only then parsing the header and hashing
the payload. Nothing in the file is trusted before its signature verifies.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from exam_app.core import minisign
from exam_app.core.encoding import EncodingError, canonical_json, parse_json_strict
from exam_app.core.errors import PackFormatError, SignatureError

MAX_HEADER_BYTES = 64 * 1024


@dataclass(frozen=True)
class EnvelopeKind:
    """What distinguishes one signed file type from another."""

    name: str
    magic: bytes
    statement_type: str
    untrusted_signer: str  # how to say "signed by someone we do not trust" for this kind


PACK = EnvelopeKind(
    "question pack",
    b"exam-app pack v1",
    "application/vnd.exam-app.pack-header.v1+json",
    "signed by a key that is not trusted here",
)
RESULT = EnvelopeKind(
    "result bundle",
    b"exam-app result v1",
    "application/vnd.exam-app.result-header.v1+json",
    "signed by a station that is not enrolled here",
)
KINDS = (PACK, RESULT)


def pae(statement_type: str, body: bytes) -> bytes:
    """DSSE v1 pre-authentication encoding."""
    type_bytes = statement_type.encode("ascii")
    return b"DSSEv1 %d %s %d %s" % (len(type_bytes), type_bytes, len(body), body)


def trusted_comment_for(kind: EnvelopeKind, header_bytes: bytes) -> str:
    """The trusted comment we sign: names the kind and the header hash, as `minisign -V` will print it."""
    return f"exam-app {kind.name}; header sha256 {hashlib.sha256(header_bytes).hexdigest()}"


@dataclass(frozen=True)
class Envelope:
    """A container split into its parts; nothing in it is verified yet."""

    kind: EnvelopeKind
    header_bytes: bytes
    signature: minisign.MinisignSignature
    payload: bytes


def seal(
    kind: EnvelopeKind, header: dict[str, Any], payload: bytes, signing_key: Ed25519PrivateKey, note: str
) -> bytes:
    """Assemble and sign a container. `header` must already state the payload's length and SHA-256."""
    header_bytes = canonical_json(header)
    if len(header_bytes) > MAX_HEADER_BYTES:
        raise PackFormatError(f"header is larger than {MAX_HEADER_BYTES} bytes")
    signature = minisign.sign(
        signing_key,
        pae(kind.statement_type, header_bytes),
        untrusted_comment=note,
        trusted_comment=trusted_comment_for(kind, header_bytes),
    )
    text_lines = [kind.magic, header_bytes, *(line.encode("utf-8") for line in signature.lines())]
    return b"\n".join(text_lines) + b"\n" + payload


def split(data: bytes, kind: EnvelopeKind) -> Envelope:
    """Split a container into its parts, checking only the framing."""
    parts = data.split(b"\n", 6)
    if len(parts) != 7 or parts[0] != kind.magic:
        other = next((k for k in KINDS if parts[0] == k.magic), None)
        if other is not None and other is not kind:
            raise PackFormatError(f"this is a {other.name}, not a {kind.name}")
        raise PackFormatError(f"not a {kind.name} file (bad magic line or truncated framing)")
    header_bytes = parts[1]
    if len(header_bytes) > MAX_HEADER_BYTES:
        raise PackFormatError(f"header is larger than {MAX_HEADER_BYTES} bytes")
    try:
        lines = [line.decode("utf-8") for line in parts[2:6]]
        signature = minisign.MinisignSignature.from_lines(lines)
    except (UnicodeDecodeError, minisign.MinisignFormatError) as exc:
        raise PackFormatError(f"signature block is malformed: {exc}") from exc
    return Envelope(kind, header_bytes, signature, parts[6])


def verify(
    envelope: Envelope, trusted: list[minisign.MinisignPublicKey]
) -> tuple[dict[str, Any], minisign.MinisignPublicKey]:
    """Verify the signature against trusted keys, then parse the header and bind the payload to it.

    Returns the header mapping and the key that signed it.
    """
    candidates = [key for key in trusted if hmac.compare_digest(key.key_id, envelope.signature.key_id)]
    if not candidates:
        key_id = envelope.signature.key_id[::-1].hex().upper()
        raise SignatureError(f"{envelope.kind.untrusted_signer} (key id {key_id})")
    message = pae(envelope.kind.statement_type, envelope.header_bytes)
    signer = next((key for key in candidates if minisign.verify(key, message, envelope.signature)), None)
    if signer is None:
        for other in KINDS:
            other_message = pae(other.statement_type, envelope.header_bytes)
            if other is not envelope.kind and any(
                minisign.verify(k, other_message, envelope.signature) for k in candidates
            ):
                raise SignatureError(
                    f"wrong payload type: the signature covers a {other.name}, not a {envelope.kind.name}"
                )
        raise SignatureError("signature is not valid: the header or the signature was altered")
    if envelope.signature.trusted_comment != trusted_comment_for(envelope.kind, envelope.header_bytes):
        raise SignatureError("the signed trusted comment does not match the header")
    header = _parse_header(envelope.header_bytes)
    _check_payload_binding(header, envelope.payload)
    return header, signer


def _parse_header(header_bytes: bytes) -> dict[str, Any]:
    try:
        header = parse_json_strict(header_bytes, what="header")
    except EncodingError as exc:
        raise PackFormatError(str(exc)) from exc
    if not isinstance(header, dict):
        raise PackFormatError("header is not a JSON object")
    if canonical_json(header) != header_bytes:
        raise PackFormatError("header is not in canonical form")
    return header


def _check_payload_binding(header: dict[str, Any], payload: bytes) -> None:
    length, digest = header.get("payload_length"), header.get("payload_sha256")
    if not isinstance(length, int) or not isinstance(digest, str):
        raise PackFormatError("header lacks payload_length or payload_sha256")
    if length != len(payload):
        raise PackFormatError(f"payload is {len(payload)} bytes but the signed header says {length}")
    if not hmac.compare_digest(hashlib.sha256(payload).hexdigest(), digest):
        raise PackFormatError("payload SHA-256 does not match the signed header")
