"""Keys: generation, public files, and passphrase-protected secret files (Argon2id + AEAD)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from exam_app.core import keys, secret_box
from exam_app.core.errors import KeyFileError
from tests.conftest import PASSPHRASE, KeySet


@pytest.mark.parametrize("kind", ["issuer", "station", "recruiter"])
def test_key_files_round_trip(keyset: KeySet, kind: str) -> None:
    secret = keys.read_secret(keyset.key(kind), PASSPHRASE.encode(), kind)  # type: ignore[arg-type]
    public = keys.read_public(keyset.pub(kind), kind)  # type: ignore[arg-type]
    assert secret.public == public == getattr(keyset, kind).public
    assert public.fingerprint in keyset.pub(kind).read_text()


def test_secret_file_is_private_and_holds_no_plain_secret(keyset: KeySet) -> None:
    path = keyset.key("station")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert keyset.station.age_identity not in text
    assert "AGE-SECRET-KEY" not in text
    envelope = json.loads(text)
    assert envelope["kdf"]["name"] == "argon2id" and envelope["kdf"]["memory_kib"] >= 64 * 1024


def test_wrong_passphrase_is_one_clear_error(keyset: KeySet) -> None:
    with pytest.raises(KeyFileError, match="wrong passphrase or damaged file"):
        keys.read_secret(keyset.key("issuer"), b"not the passphrase")


def test_wrong_kind_is_named(keyset: KeySet) -> None:
    with pytest.raises(KeyFileError, match="this is a recruiter key, but an issuer key is needed"):
        keys.read_secret(keyset.key("recruiter"), PASSPHRASE.encode(), "issuer")
    with pytest.raises(KeyFileError, match="this is a station key"):
        keys.read_public(keyset.pub("station"), "issuer")


def _rewrite(path: Path, tmp_path: Path, change: dict[str, object]) -> Path:
    envelope = json.loads(path.read_text())
    for dotted, value in change.items():
        target = envelope
        *parents, leaf = dotted.split(".")
        for name in parents:
            target = target[name]
        target[leaf] = value
    out = tmp_path / "edited.key"
    out.write_text(json.dumps(envelope))
    return out


def test_relabelled_or_downgraded_envelope_fails_authentication(keyset: KeySet, tmp_path: Path) -> None:
    # The KDF parameters are authenticated: lowering the cost breaks the tag, it cannot make guessing cheaper.
    lowered = _rewrite(keyset.key("issuer"), tmp_path, {"kdf.iterations": 1})
    with pytest.raises(KeyFileError, match="wrong passphrase or damaged file"):
        keys.read_secret(lowered, PASSPHRASE.encode())


def test_kdf_cost_above_cap_is_refused_before_deriving(keyset: KeySet, tmp_path: Path) -> None:
    crafted = _rewrite(keyset.key("issuer"), tmp_path, {"kdf.memory_kib": secret_box.MAX_MEMORY_KIB * 8})
    with pytest.raises(KeyFileError, match="outside the accepted limits"):
        keys.read_secret(crafted, PASSPHRASE.encode())


def test_public_key_swapped_into_envelope_is_detected(keyset: KeySet, tmp_path: Path) -> None:
    other = keys.generate("issuer").public.file_text()
    swapped = _rewrite(keyset.key("issuer"), tmp_path, {"public": other})
    with pytest.raises(KeyFileError):
        keys.read_secret(swapped, PASSPHRASE.encode())


def test_existing_files_are_never_overwritten(keyset: KeySet) -> None:
    with pytest.raises(KeyFileError, match="already exists"):
        keys.write_key_pair(keyset.folder / "issuer", keys.generate("issuer"), b"x")


def test_empty_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="must not be empty"):
        keys.write_key_pair(tmp_path / "k", keys.generate("recruiter"), b"")


@pytest.mark.parametrize("text", ["", "hello\n", "# exam-app station public key\nage1notvalid\n"])
def test_malformed_public_files_are_rejected(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.pub"
    path.write_text(text)
    with pytest.raises(KeyFileError, match=r"bad\.pub"):
        keys.read_public(path)
