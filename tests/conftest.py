"""Shared fixtures: an isolated app home per test, and keys generated once per test session.

Keys are generated here, never committed. Secret key files use the real Argon2id cost, so they are made
once per session and shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from exam_app.core import keys

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data directory at a fresh folder so no test touches a real profile."""
    home = tmp_path / "exam-app-home"
    monkeypatch.setenv("EXAM_APP_HOME", str(home))
    return home


@dataclass(frozen=True)
class KeySet:
    """In-memory keys plus the same keys as files protected by `passphrase_file`."""

    issuer: keys.SecretKey
    station: keys.SecretKey
    recruiter: keys.SecretKey
    folder: Path
    passphrase_file: Path

    def pub(self, kind: str) -> Path:
        """Path of the `.pub` file of `kind`."""
        return self.folder / f"{kind}.pub"

    def key(self, kind: str) -> Path:
        """Path of the `.key` file of `kind`."""
        return self.folder / f"{kind}.key"


@pytest.fixture(scope="session")
def keyset(tmp_path_factory: pytest.TempPathFactory) -> KeySet:
    """One issuer, station and recruiter for the whole session, in memory and on disk."""
    folder = tmp_path_factory.mktemp("keys")
    passphrase_file = folder / "passphrase.txt"
    passphrase_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    made: dict[keys.KeyKind, keys.SecretKey] = {}
    kinds: tuple[keys.KeyKind, ...] = ("issuer", "station", "recruiter")
    for kind in kinds:
        made[kind] = keys.generate(kind)
        keys.write_key_pair(folder / kind, made[kind], PASSPHRASE.encode())
    return KeySet(made["issuer"], made["station"], made["recruiter"], folder, passphrase_file)


@pytest.fixture(scope="session")
def tiny_source() -> Path:
    """A small valid pack source written for these tests."""
    return FIXTURES / "packs" / "tiny.yaml"
