"""Issuer, station and recruiter keys: generation, public key files and passphrase-protected secret files.

Public files are chosen so stock tools read them directly:
- issuer `.pub` is a minisign public key file (`minisign -V -p issuer.pub` verifies our pack signatures);
- station and recruiter `.pub` are age recipient files (`age -R station.pub` encrypts to them); the
  station's result-signing key rides along as a `# minisign:` comment line, which age ignores.
Secret `.key` files are JSON envelopes sealed by `secret_box` (Argon2id + ChaCha20-Poly1305).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from exam_app.core import secret_box
from exam_app.core.encoding import (
    EncodingError,
    b64decode_canonical,
    b64encode,
    canonical_json,
    fingerprint,
    parse_json_strict,
)
from exam_app.core.errors import KeyFileError
from exam_app.core.minisign import MinisignFormatError, MinisignPublicKey

KeyKind = Literal["issuer", "station", "recruiter"]
SECRET_FORMAT = "exam-app/secret-key"  # noqa: S105 (a format name, not a secret)
MINISIGN_COMMENT = "# minisign: "


@dataclass(frozen=True)
class PublicKey:
    """The public half of any key kind; fields a kind does not use are empty."""

    kind: KeyKind
    signing: MinisignPublicKey | None = None  # issuer and station
    recipient: str = ""  # age X25519 recipient (station and recruiter)

    @property
    def fingerprint(self) -> str:
        """Short fingerprint to compare aloud, bound to the kind and every public component."""
        material = (self.signing.public_bytes if self.signing else b"") + b"\x00" + self.recipient.encode()
        return fingerprint(self.kind, material)

    def file_text(self) -> str:
        """The `.pub` file content."""
        title = f"exam-app {self.kind} public key, fingerprint {self.fingerprint}"
        if self.kind == "issuer":
            assert self.signing is not None
            return self.signing.file_text(title)
        lines = [f"# {title}"]
        if self.signing is not None:
            lines.append(MINISIGN_COMMENT + self.signing.encoded())
        lines.append(self.recipient)
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class SecretKey:
    """A decrypted secret key, held only in memory."""

    public: PublicKey
    signing_key: Ed25519PrivateKey | None = None
    age_identity: str = ""

    def age(self) -> pyrage.x25519.Identity:
        """The age identity for pyrage."""
        return pyrage.x25519.Identity.from_str(self.age_identity)


def generate(kind: KeyKind) -> SecretKey:
    """Fresh key material of `kind`."""
    signing_key = Ed25519PrivateKey.generate() if kind in ("issuer", "station") else None
    identity = pyrage.x25519.Identity.generate() if kind in ("station", "recruiter") else None
    public = PublicKey(
        kind=kind,
        signing=MinisignPublicKey.from_ed25519(signing_key.public_key()) if signing_key else None,
        recipient=str(identity.to_public()) if identity else "",
    )
    return SecretKey(public=public, signing_key=signing_key, age_identity=str(identity) if identity else "")


def parse_public(text: str, *, source: str) -> PublicKey:
    """Parse any `.pub` file; the kind is read from its first line."""
    first = text.splitlines()[0] if text else ""
    try:
        if first.startswith("untrusted comment: exam-app issuer public key"):
            return PublicKey(kind="issuer", signing=MinisignPublicKey.from_file_text(text))
        for kind in ("station", "recruiter"):
            if first.startswith(f"# exam-app {kind} public key"):
                return _parse_recipient_file(text, kind)
    except (MinisignFormatError, ValueError) as exc:
        raise KeyFileError(f"{source}: {exc}") from exc
    raise KeyFileError(f"{source}: not an exam-app public key file")


def _parse_recipient_file(text: str, kind: KeyKind) -> PublicKey:
    recipients = [line for line in text.splitlines() if line and not line.startswith("#")]
    signing_lines = [line for line in text.splitlines() if line.startswith(MINISIGN_COMMENT)]
    if len(recipients) != 1:
        raise ValueError("expected exactly one age recipient line")
    try:
        pyrage.x25519.Recipient.from_str(recipients[0])
    except pyrage.RecipientError as exc:
        raise ValueError("the age recipient is malformed") from exc
    signing = None
    if kind == "station":
        if len(signing_lines) != 1:
            raise ValueError("a station key needs exactly one '# minisign:' line")
        signing = MinisignPublicKey.decode(signing_lines[0][len(MINISIGN_COMMENT) :])
    return PublicKey(kind=kind, signing=signing, recipient=recipients[0])


def _article(kind: str) -> str:
    """'an issuer', 'a station': messages read as English."""
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def read_public(path: Path, kind: KeyKind | None = None) -> PublicKey:
    """Read a `.pub` file, optionally insisting on its kind."""
    key = parse_public(path.read_text(encoding="utf-8", errors="replace"), source=str(path))
    if kind is not None and key.kind != kind:
        raise KeyFileError(f"{path}: this is {_article(key.kind)} key, but {_article(kind)} key is needed")
    return key


def secret_envelope(
    key: SecretKey, passphrase: bytes, cost: secret_box.KdfCost = secret_box.DEFAULT_COST
) -> bytes:
    """The `.key` file content for `key`, sealed under `passphrase`."""
    secrets: dict[str, str] = {}
    if key.signing_key is not None:
        raw = key.signing_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        secrets["ed25519"] = b64encode(raw)
    if key.age_identity:
        secrets["age"] = key.age_identity
    associated = {
        "format": SECRET_FORMAT,
        "version": 1,
        "kind": key.public.kind,
        "public": key.public.file_text(),
    }
    envelope = secret_box.seal(canonical_json(secrets), passphrase, associated, cost)
    return json.dumps(envelope, indent=1, sort_keys=True).encode("ascii") + b"\n"


def read_secret(path: Path, passphrase: bytes, kind: KeyKind | None = None) -> SecretKey:
    """Unlock a `.key` file; checks that the secret matches the public key it claims."""
    try:
        envelope = parse_json_strict(path.read_bytes(), what=str(path))
        if not isinstance(envelope, dict) or envelope.get("format") != SECRET_FORMAT:
            raise KeyFileError(f"{path}: not an exam-app secret key file")
        public = parse_public(envelope["public"], source=str(path))
    except (EncodingError, KeyError, TypeError) as exc:
        raise KeyFileError(f"{path}: not an exam-app secret key file") from exc
    if kind is not None and public.kind != kind:
        raise KeyFileError(f"{path}: this is {_article(public.kind)} key, but {_article(kind)} key is needed")
    plaintext = secret_box.open_sealed(envelope, passphrase, source=str(path))
    secrets = parse_json_strict(plaintext, what=str(path))
    try:
        signing_key = None
        if "ed25519" in secrets:
            seed = b64decode_canonical(secrets["ed25519"], length=32, what="signing key")
            signing_key = Ed25519PrivateKey.from_private_bytes(seed)
        key = SecretKey(public=public, signing_key=signing_key, age_identity=secrets.get("age", ""))
        regenerated = PublicKey(
            kind=public.kind,
            signing=MinisignPublicKey.from_ed25519(signing_key.public_key()) if signing_key else None,
            recipient=str(key.age().to_public()) if key.age_identity else "",
        )
    except (EncodingError, pyrage.IdentityError, ValueError) as exc:
        raise KeyFileError(f"{path}: the secret key is damaged") from exc
    if regenerated != public:
        raise KeyFileError(f"{path}: the secret key does not match its public key")
    return key


def write_key_pair(prefix: Path, key: SecretKey, passphrase: bytes) -> tuple[Path, Path]:
    """Write `PREFIX.pub` and `PREFIX.key` (mode 0600); never overwrites existing files."""
    public_path = prefix.with_name(prefix.name + ".pub")
    secret_path = prefix.with_name(prefix.name + ".key")
    for path in (public_path, secret_path):
        if path.exists():
            raise KeyFileError(f"{path}: already exists; choose another name or remove it first")
    sealed = secret_envelope(key, passphrase)
    descriptor = os.open(secret_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(sealed)
    public_path.write_text(key.public.file_text(), encoding="utf-8")
    return public_path, secret_path
