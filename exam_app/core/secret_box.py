"""Secret keys at rest: Argon2id derives a key from the passphrase, ChaCha20-Poly1305 seals the secrets.

PKCS8 `BestAvailableEncryption` is avoided on purpose: its PBKDF2 with 2048 iterations is cheap to guess
offline. Every parameter that shapes the ciphertext (kind, public keys, KDF settings) is authenticated as
associated data, so a file cannot be re-labelled or downgraded without the passphrase check failing.
A reader caps the KDF cost it will pay, so a crafted file cannot pin a station's CPU or memory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from exam_app.core.encoding import EncodingError, b64decode_canonical, b64encode, canonical_json
from exam_app.core.errors import KeyFileError


@dataclass(frozen=True)
class KdfCost:
    """Argon2id cost parameters."""

    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4


DEFAULT_COST = KdfCost()
# Caps a reader enforces (1 GiB, 10 passes, 8 lanes): generous for real use, fatal for a crafted file.
MAX_MEMORY_KIB = 1024 * 1024
MAX_ITERATIONS = 10
MAX_LANES = 8


def _derive(passphrase: bytes, salt: bytes, cost: KdfCost) -> bytes:
    kdf = Argon2id(
        salt=salt, length=32, iterations=cost.iterations, lanes=cost.lanes, memory_cost=cost.memory_kib
    )
    return kdf.derive(passphrase)


def seal(
    secrets: bytes, passphrase: bytes, associated: dict[str, Any], cost: KdfCost = DEFAULT_COST
) -> dict[str, Any]:
    """Encrypt `secrets` under `passphrase`; returns the JSON-ready envelope including `associated`."""
    if not passphrase:
        raise KeyFileError("the passphrase must not be empty")
    salt = os.urandom(16)
    nonce = os.urandom(12)
    kdf = {
        "name": "argon2id",
        "salt": b64encode(salt),
        "memory_kib": cost.memory_kib,
        "iterations": cost.iterations,
        "lanes": cost.lanes,
    }
    envelope = dict(associated, kdf=kdf, aead="chacha20poly1305", nonce=b64encode(nonce))
    key = _derive(passphrase, salt, cost)
    envelope["ciphertext"] = b64encode(
        ChaCha20Poly1305(key).encrypt(nonce, secrets, canonical_json(envelope))
    )
    return envelope


def open_sealed(envelope: dict[str, Any], passphrase: bytes, *, source: str) -> bytes:
    """Decrypt an envelope made by `seal`; every failure names `source` and says nothing secret."""
    try:
        kdf = envelope["kdf"]
        if (
            not isinstance(kdf, dict)
            or kdf.get("name") != "argon2id"
            or envelope.get("aead") != "chacha20poly1305"
        ):
            raise KeyFileError(f"{source}: unsupported key protection")
        cost = KdfCost(int(kdf["memory_kib"]), int(kdf["iterations"]), int(kdf["lanes"]))
        salt = b64decode_canonical(kdf["salt"], length=16, what="salt")
        nonce = b64decode_canonical(envelope["nonce"], length=12, what="nonce")
        ciphertext = b64decode_canonical(envelope["ciphertext"], what="ciphertext")
    except (KeyError, TypeError, ValueError, EncodingError) as exc:
        if isinstance(exc, KeyFileError):
            raise
        raise KeyFileError(f"{source}: malformed secret key file") from exc
    if not (
        8 * 1024 <= cost.memory_kib <= MAX_MEMORY_KIB
        and 1 <= cost.iterations <= MAX_ITERATIONS
        and 1 <= cost.lanes <= MAX_LANES
    ):
        raise KeyFileError(f"{source}: key protection parameters are outside the accepted limits")
    associated = {name: value for name, value in envelope.items() if name != "ciphertext"}
    key = _derive(passphrase, salt, cost)
    try:
        return ChaCha20Poly1305(key).decrypt(nonce, ciphertext, canonical_json(associated))
    except InvalidTag:
        raise KeyFileError(f"{source}: cannot unlock the key: wrong passphrase or damaged file") from None
