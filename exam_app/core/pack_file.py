"""Build, verify and open `.exampack` files.

Encryption has two layers, both in the age v1 format through pyrage (bindings of the audited rage):
the pack JSON is encrypted to the release code (age scrypt passphrase stanza, which must be alone in its
file), and when stations are named that file is encrypted again to their X25519 keys. So a station key
alone, or the release code alone, opens nothing. The issuer signs a header binding everything else
(see `signed_envelope`), and the signature is verified before anything is decrypted or parsed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pyrage

from exam_app.core import age_policy, signed_envelope
from exam_app.core.encoding import EncodingError, canonical_json, parse_json_strict
from exam_app.core.errors import KeyFileError, PackFormatError, SignatureError, UnlockError
from exam_app.core.header_fields import format_time, parse_time
from exam_app.core.keys import PublicKey, SecretKey
from exam_app.core.model import Pack
from exam_app.core.pack_header import MAX_PAYLOAD_BYTES, PackHeader
from exam_app.core.proctor_codes import derive_proctor_secret
from exam_app.core.release_code import ReleaseCodeError, normalize_release_code
from exam_app.core.seen_versions import SeenVersions

# A pack file can never be larger than its largest payload plus a header; refuse to read more.
MAX_PACK_FILE_BYTES = MAX_PAYLOAD_BYTES + 2 * signed_envelope.MAX_HEADER_BYTES


@dataclass(frozen=True)
class VerifiedPack:
    """A pack whose signature, header, payload binding and validity have been checked."""

    header: PackHeader
    signer: PublicKey
    payload: bytes


def build_pack(
    pack: Pack,
    issuer: SecretKey,
    *,
    release_code: str,
    now: datetime,
    stations: Sequence[PublicKey] = (),
    results_to: Sequence[PublicKey] = (),
    not_before: datetime | None = None,
    expires: datetime | None = None,
) -> bytes:
    """Encrypt and sign `pack`; returns the `.exampack` bytes."""
    if issuer.signing_key is None or issuer.public.signing is None or issuer.public.kind != "issuer":
        raise KeyFileError("an issuer key is needed to sign packs")
    if not_before and expires and expires <= not_before:
        raise PackFormatError("the pack would expire before it becomes valid")
    recipients = sorted({key.recipient for key in results_to} | set(pack.results_to))
    secret = derive_proctor_secret(release_code, pack.id, pack.version)
    pack = pack.with_build_fields(proctor_secret=secret, results_to=recipients)
    plaintext = canonical_json(pack.to_payload())
    payload = pyrage.passphrase.encrypt(plaintext, normalize_release_code(release_code))
    if stations:
        payload = pyrage.encrypt(payload, [pyrage.x25519.Recipient.from_str(s.recipient) for s in stations])
    header = PackHeader(
        pack_id=pack.id,
        pack_version=pack.version,
        title=pack.title,
        created=format_time(now),
        not_before=format_time(not_before) if not_before else None,
        expires=format_time(expires) if expires else None,
        issuer_key_id=issuer.public.signing.key_id_hex(),
        payload_length=len(payload),
        payload_sha256=hashlib.sha256(payload).hexdigest(),
        question_count=pack.question_count,
        stations=sorted(s.fingerprint for s in stations),
        results_to=recipients,
    )
    note = _signature_note(header, issuer.public)
    return signed_envelope.seal(signed_envelope.PACK, header.to_dict(), payload, issuer.signing_key, note)


def _signature_note(header: PackHeader, issuer: PublicKey) -> str:
    """The untrusted comment line. minisign does not sign it, so readers insist on this exact text:
    then no byte of a pack file can change without the pack being rejected."""
    return f"exam-app pack {header.pack_id} version {header.pack_version}, issuer {issuer.fingerprint}"


def read_pack_bytes(path: Path) -> bytes:
    """Read a pack file, refusing anything larger than a pack can be."""
    size = path.stat().st_size
    if size > MAX_PACK_FILE_BYTES:
        raise PackFormatError(f"{path}: file is {size} bytes, larger than any pack can be")
    return path.read_bytes()


def inspect_pack(data: bytes) -> PackHeader:
    """The header WITHOUT verifying anything: for display only, never for decisions."""
    envelope = signed_envelope.split(data, signed_envelope.PACK)
    try:
        header = parse_json_strict(envelope.header_bytes, what="header")
    except EncodingError as exc:
        raise PackFormatError(str(exc)) from exc
    if not isinstance(header, dict):
        raise PackFormatError("header is not a JSON object")
    return PackHeader.from_dict(header)


def verify_pack(
    data: bytes, trusted: list[PublicKey], *, now: datetime, seen: SeenVersions | None = None
) -> VerifiedPack:
    """Check framing, signature, header, payload binding, validity window and rollback, in that order."""
    envelope = signed_envelope.split(data, signed_envelope.PACK)
    issuers = {key.signing: key for key in trusted if key.kind == "issuer" and key.signing is not None}
    header_dict, signing_key = signed_envelope.verify(envelope, list(issuers))
    header = PackHeader.from_dict(header_dict)
    signer = issuers[signing_key]
    if envelope.signature.untrusted_comment != _signature_note(header, signer):
        raise SignatureError("the signature's comment line was altered")
    header.check_validity(now)
    if seen is not None:
        seen.check(header.pack_id, header.pack_version)
    return VerifiedPack(header=header, signer=signer, payload=envelope.payload)


def open_pack(verified: VerifiedPack, release_code: str, station: SecretKey | None = None) -> Pack:
    """Decrypt and parse a verified pack. Every decryption failure is the same UnlockError."""
    try:
        code = normalize_release_code(release_code)
    except ReleaseCodeError:
        raise UnlockError() from None
    payload = verified.payload
    if verified.header.stations:
        if station is None or not station.age_identity:
            raise UnlockError()
        age_policy.check_station_layer(payload)
        try:
            payload = pyrage.decrypt(payload, [station.age()])
        except pyrage.DecryptError:
            raise UnlockError() from None
    age_policy.check_release_code_layer(payload)
    try:
        plaintext = pyrage.passphrase.decrypt(payload, code)
    except pyrage.DecryptError:
        raise UnlockError() from None
    try:
        pack = Pack.from_payload(parse_json_strict(plaintext, what="pack payload"))
    except EncodingError as exc:
        raise PackFormatError(str(exc)) from exc
    header = verified.header
    if (pack.id, pack.version, pack.question_count) != (
        header.pack_id,
        header.pack_version,
        header.question_count,
    ):
        raise PackFormatError("the decrypted pack does not match its signed header")
    return pack


def open_pack_for_review(data: bytes, trusted: list[PublicKey], release_code: str) -> tuple[Pack, str]:
    """A pack a reviewer stores beside its result bundles, and the SHA-256 of its file.

    The signature is checked as at exam time; the validity window is not, since reviewing happens after it
    closed: the pack is verified at a moment inside its window (its not-before time, else its creation).
    """
    header = inspect_pack(data)
    moment = parse_time(header.not_before or header.created, "created")
    pack = open_pack(verify_pack(data, trusted, now=moment), release_code)
    return pack, hashlib.sha256(data).hexdigest()
