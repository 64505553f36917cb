"""Our checks on age headers, on top of rage's own: shapes, sizes and the scrypt work-factor cap."""

from __future__ import annotations

import base64

import pyrage
import pytest

from exam_app.core import age_policy
from exam_app.core.errors import UnlockError


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode().rstrip("=")


def _age_file(*stanzas: tuple[str, list[str], bytes]) -> bytes:
    lines = ["age-encryption.org/v1"]
    for kind, args, body in stanzas:
        lines.append(" ".join(["->", kind, *args]))
        encoded = _b64(body)
        lines.extend(encoded[i : i + 64] for i in range(0, len(encoded), 64))
        if len(encoded) % 64 == 0:
            lines.append("")
    return ("\n".join(lines) + "\n--- " + _b64(bytes(32)) + "\n").encode() + b"payload"


def test_real_files_from_pyrage_pass() -> None:
    identity = pyrage.x25519.Identity.generate()
    age_policy.check_station_layer(pyrage.encrypt(b"x", [identity.to_public(), identity.to_public()]))
    stanzas = age_policy.parse_stanzas(pyrage.encrypt(b"x", [identity.to_public()]))
    # rage adds a random "grease" stanza that readers must ignore; ours does.
    assert [s.type for s in stanzas if not s.type.endswith("-grease")] == ["X25519"]
    assert len(stanzas[0].body) == 32


def test_scrypt_layer_accepts_a_normal_file() -> None:
    age_policy.check_release_code_layer(_age_file(("scrypt", [_b64(b"s" * 16), "18"], b"b" * 32)))


@pytest.mark.parametrize(
    "stanzas",
    [
        [("scrypt", [_b64(b"s" * 16), "30"], b"b" * 32)],  # work factor above the cap
        [("scrypt", [_b64(b"s" * 16), "018"], b"b" * 32)],  # non-canonical number
        [("scrypt", [_b64(b"s" * 15), "18"], b"b" * 32)],  # short salt
        [("scrypt", [_b64(b"s" * 16), "18"], b"b" * 31)],  # wrong-length body
        [
            ("scrypt", [_b64(b"s" * 16), "18"], b"b" * 32),
            ("X25519", [_b64(b"k" * 32)], b"b" * 32),
        ],  # not alone
        [("X25519", [_b64(b"k" * 32)], b"b" * 32)],  # no scrypt at all
    ],
)
def test_release_code_layer_rejections(stanzas: list[tuple[str, list[str], bytes]]) -> None:
    with pytest.raises(UnlockError):
        age_policy.check_release_code_layer(_age_file(*stanzas))


@pytest.mark.parametrize(
    "stanzas",
    [
        [("X25519", [_b64(bytes(32))], b"b" * 32)],  # all-zero share
        [("X25519", [_b64(b"k" * 31)], b"b" * 32)],  # short share
        [("X25519", [_b64(b"k" * 32)], b"b" * 33)],  # wrong-length body
        [("scrypt", [_b64(b"s" * 16), "18"], b"b" * 32)],  # passphrase where a station stanza belongs
    ],
)
def test_station_layer_rejections(stanzas: list[tuple[str, list[str], bytes]]) -> None:
    with pytest.raises(UnlockError):
        age_policy.check_station_layer(_age_file(*stanzas))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not age",
        b"age-encryption.org/v1\n-> X25519\n",
        b"age-encryption.org/v1\n-> X25519 AA\nA\n--- x\n",
    ],
)
def test_malformed_headers_are_rejected(data: bytes) -> None:
    with pytest.raises(UnlockError):
        age_policy.parse_stanzas(data)
