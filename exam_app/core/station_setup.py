"""Setting up this station (its identity, trusted issuers and folders) and unlocking its key at exam start.

`exam-app station init` calls `set_up_station`; the client and `session export` call `unlock_station_key`.
The files are the ones `station_config` describes.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from exam_app.core import keys
from exam_app.core.atomic_file import write_atomic
from exam_app.core.errors import ExamAppError, KeyFileError
from exam_app.core.paths import app_home, config_dir
from exam_app.core.station_config import StationConfig, save_station_config, station_config_path

PASSPHRASE_FILE_NAME = "station.passphrase"  # noqa: S105 (a file name, not a secret)


def set_up_station(
    *,
    trusted: Sequence[Path],
    results_dir: Path,
    passphrase: Callable[[], bytes],
    copy_to: Sequence[Path] = (),
    exams_dir: Path | None = None,
    enrolled_key: Path | None = None,
    force: bool = False,
    unattended: bool = False,
) -> StationConfig:
    """Create the station identity (or install the enrolled `enrolled_key`), trust the issuers, make folders.

    Every input is checked before anything is written, and `passphrase` is only asked for once the
    cheap checks pass. An existing setup is replaced only with `force` (its station key is then gone:
    packs bound to the old key can no longer be opened here). `unattended` also stores the passphrase
    beside the key, so no one has to type it at exam start (docs/security.md says what that costs).
    """
    if not trusted:
        raise ExamAppError("trust at least one issuer key (--trust ISSUER.pub)")
    issuers = _read_issuers(trusted)
    folder = config_dir()
    prefix = folder / "station"
    stored_passphrase = folder / PASSPHRASE_FILE_NAME
    existing = (
        station_config_path(), prefix.with_suffix(".key"), prefix.with_suffix(".pub"), stored_passphrase
    )  # fmt: skip
    found = next((path for path in existing if path.exists()), None)
    if found is not None and not force:
        raise ExamAppError(
            f"this station is already set up ({found}); use `exam-app station init --force` to replace it"
        )
    secret = passphrase()
    station = keys.generate("station") if enrolled_key is None else _unlock_enrolled(enrolled_key, secret)
    results, exams = _absolute(results_dir), _absolute(exams_dir or app_home() / "exams")
    for made in (results, exams):
        made.mkdir(parents=True, exist_ok=True)
    # Only now, with everything checked, remove the old setup: configuration first, so a crash in
    # between leaves "not set up" rather than a configuration pointing at a half-written identity.
    for path in existing:
        path.unlink(missing_ok=True)
    shutil.rmtree(folder / "trusted", ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    # write_key_pair re-seals an enrolled identity under the same passphrase: same key, fresh salt.
    secret_path = keys.write_key_pair(prefix, station, secret)[1]
    if unattended:
        write_atomic(stored_passphrase, secret + b"\n", mode=0o600)  # one line, like --passphrase-file
    (folder / "trusted").mkdir()
    trusted_copies = []
    for source, key in issuers:
        copy = folder / "trusted" / f"issuer-{key.fingerprint}.pub"
        shutil.copyfile(source, copy)
        trusted_copies.append(copy)
    config = StationConfig(
        station_key=secret_path,
        trusted_issuers=tuple(trusted_copies),
        results_dir=results,
        copy_to=tuple(_absolute(path) for path in copy_to),
        exams_dir=exams,
        passphrase_file=stored_passphrase if unattended else None,
    )
    save_station_config(config)
    return config


def unlock_station_key(config: StationConfig, typed_passphrase: str) -> keys.SecretKey:
    """The station's secret key, unlocked with the stored passphrase when the station is unattended,
    else with the one the proctor typed. Raises KeyFileError when it does not unlock."""
    if config.passphrase_file is None:
        secret = typed_passphrase.encode("utf-8")
    else:
        secret = _read_stored_passphrase(config.passphrase_file)
    return keys.read_secret(config.station_key, secret, "station")


def _read_stored_passphrase(path: Path) -> bytes:
    """The first line of an unattended station's passphrase file."""
    try:
        lines = path.read_bytes().splitlines()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise KeyFileError(f"{path}: the stored station passphrase cannot be read ({reason})") from exc
    if not lines or not lines[0]:
        raise KeyFileError(f"{path}: the stored station passphrase is empty")
    return lines[0]


def _read_issuers(paths: Sequence[Path]) -> list[tuple[Path, keys.PublicKey]]:
    """Each file must be an issuer key; the same key given twice is kept once."""
    issuers: dict[str, tuple[Path, keys.PublicKey]] = {}
    for path in paths:
        if not path.exists():
            raise KeyFileError(f"{path}: no such key file")
        key = keys.read_public(path, "issuer")
        issuers.setdefault(key.fingerprint, (path, key))
    return list(issuers.values())


def _unlock_enrolled(key_path: Path, passphrase: bytes) -> keys.SecretKey:
    """An enrolled station key, unlocked to prove the passphrase, and matching the `.pub` beside it."""
    public_path = key_path.with_suffix(".pub")
    for path in (key_path, public_path):
        if not path.exists():
            raise KeyFileError(f"{path}: no such key file (the .key and its .pub must be side by side)")
    secret = keys.read_secret(key_path, passphrase, "station")
    if keys.read_public(public_path, "station") != secret.public:
        raise KeyFileError(f"{public_path}: this is not the public half of {key_path}")
    return secret


def _absolute(path: Path) -> Path:
    """An absolute, normalised path: the configuration must not depend on the directory it was made in."""
    return Path(os.path.abspath(path))
