"""Ed25519 signatures in minisign's file formats, so Debian's `minisign` verifies what we sign.

Only the prehashed algorithm ("ED": Ed25519 over BLAKE2b-512 of the message) is produced or accepted:
pinning one algorithm removes downgrade games. The key id only selects a candidate key; a signature is
accepted only if it verifies under a trusted key. The trusted comment is covered by a second (global)
signature over `signature || trusted_comment`, exactly as minisign does.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from exam_app.core.encoding import EncodingError, b64decode_canonical, b64encode

PUBLIC_KEY_ALGORITHM = b"Ed"
SIGNATURE_ALGORITHM = b"ED"  # prehashed with BLAKE2b-512
UNTRUSTED_PREFIX = "untrusted comment: "
TRUSTED_PREFIX = "trusted comment: "
MAX_COMMENT_LENGTH = 1024


class MinisignFormatError(ValueError):
    """A minisign key or signature text is malformed."""


@dataclass(frozen=True)
class MinisignPublicKey:
    """An Ed25519 public key with minisign's 8-byte key id."""

    key_id: bytes
    public_bytes: bytes

    @classmethod
    def from_ed25519(cls, key: Ed25519PublicKey) -> MinisignPublicKey:
        """Wrap a key, deriving the key id from the key itself (first 8 bytes of its SHA-256)."""
        raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return cls(key_id=hashlib.sha256(raw).digest()[:8], public_bytes=raw)

    def encoded(self) -> str:
        """The base64 line of a minisign public key (what `minisign -P` takes)."""
        return b64encode(PUBLIC_KEY_ALGORITHM + self.key_id + self.public_bytes)

    def key_id_hex(self) -> str:
        """The key id as minisign prints it (little-endian, upper-case hex)."""
        return self.key_id[::-1].hex().upper()

    def file_text(self, comment: str) -> str:
        """A complete minisign public key file."""
        return f"{UNTRUSTED_PREFIX}{comment}\n{self.encoded()}\n"

    @classmethod
    def decode(cls, line: str) -> MinisignPublicKey:
        """Parse the base64 line of a minisign public key."""
        try:
            raw = b64decode_canonical(line.strip(), length=42, what="minisign public key")
        except EncodingError as exc:
            raise MinisignFormatError(str(exc)) from exc
        if raw[:2] != PUBLIC_KEY_ALGORITHM:
            raise MinisignFormatError("minisign public key uses an unsupported algorithm")
        return cls(key_id=raw[2:10], public_bytes=raw[10:])

    @classmethod
    def from_file_text(cls, text: str) -> MinisignPublicKey:
        """Parse a minisign public key file (comment line, key line)."""
        lines = text.splitlines()
        if len(lines) != 2 or not lines[0].startswith(UNTRUSTED_PREFIX):
            raise MinisignFormatError(
                "not a minisign public key file (expected a comment line and a key line)"
            )
        return cls.decode(lines[1])


@dataclass(frozen=True)
class MinisignSignature:
    """A parsed `.minisig`: the signature, its key id, and the trusted comment with its global signature."""

    key_id: bytes
    signature: bytes
    untrusted_comment: str
    trusted_comment: str
    global_signature: bytes

    def lines(self) -> list[str]:
        """The four lines of the `.minisig` file, without newlines."""
        return [
            UNTRUSTED_PREFIX + self.untrusted_comment,
            b64encode(SIGNATURE_ALGORITHM + self.key_id + self.signature),
            TRUSTED_PREFIX + self.trusted_comment,
            b64encode(self.global_signature),
        ]

    @classmethod
    def from_lines(cls, lines: list[str]) -> MinisignSignature:
        """Parse exactly four `.minisig` lines, rejecting every non-canonical spelling."""
        if len(lines) != 4:
            raise MinisignFormatError("signature must have exactly four lines")
        untrusted, sig_line, trusted, global_line = lines
        if not untrusted.startswith(UNTRUSTED_PREFIX) or not trusted.startswith(TRUSTED_PREFIX):
            raise MinisignFormatError("signature comment lines are malformed")
        if any(len(line) > MAX_COMMENT_LENGTH for line in (untrusted, trusted)):
            raise MinisignFormatError("signature comment is too long")
        try:
            raw = b64decode_canonical(sig_line, length=74, what="signature")
            global_signature = b64decode_canonical(global_line, length=64, what="global signature")
        except EncodingError as exc:
            raise MinisignFormatError(str(exc)) from exc
        if raw[:2] != SIGNATURE_ALGORITHM:
            raise MinisignFormatError("signature algorithm is not prehashed Ed25519 (ED)")
        return cls(
            key_id=raw[2:10],
            signature=raw[10:],
            untrusted_comment=untrusted[len(UNTRUSTED_PREFIX) :],
            trusted_comment=trusted[len(TRUSTED_PREFIX) :],
            global_signature=global_signature,
        )


def _prehash(message: bytes) -> bytes:
    return hashlib.blake2b(message, digest_size=64).digest()


def sign(
    private_key: Ed25519PrivateKey, message: bytes, *, untrusted_comment: str, trusted_comment: str
) -> MinisignSignature:
    """Sign `message` the way `minisign -S` does (prehashed), with a trusted comment."""
    if "\n" in untrusted_comment or "\n" in trusted_comment:
        raise ValueError("comments must be single lines")
    public = MinisignPublicKey.from_ed25519(private_key.public_key())
    signature = private_key.sign(_prehash(message))
    global_signature = private_key.sign(signature + trusted_comment.encode("utf-8"))
    return MinisignSignature(public.key_id, signature, untrusted_comment, trusted_comment, global_signature)


def verify(public_key: MinisignPublicKey, message: bytes, signature: MinisignSignature) -> bool:
    """True when both the message signature and the trusted-comment signature verify under `public_key`.

    The key id is deliberately not compared here: callers choose candidate keys by id, and a forged id
    must still fail on the signature itself.
    """
    key = Ed25519PublicKey.from_public_bytes(public_key.public_bytes)
    try:
        key.verify(signature.signature, _prehash(message))
        key.verify(
            signature.global_signature, signature.signature + signature.trusted_comment.encode("utf-8")
        )
    except InvalidSignature:
        return False
    return True
