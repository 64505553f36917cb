"""This station's configuration: its identity, the issuers it trusts, and where its files go.

Everything lives in `config_dir()`:

    station.json          the StationConfig below, with absolute paths
    station.pub           the station's public key (give it to issuers so they can build packs `--to` it)
    station.key           its secret half, passphrase-protected. Every exam needs it (it signs the event
                          log and the result bundle, and opens station-bound packs): the proctor types
                          the passphrase at exam start, unless the station was set up `--unattended`
    station.passphrase    only on unattended stations: that passphrase (mode 0600), read at exam start
    trusted/              copies of the trusted issuers' .pub files, so moving the originals changes nothing

Setup writes station.json last, so an interrupted setup never looks like a working one.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exam_app.core import keys
from exam_app.core.atomic_file import write_atomic
from exam_app.core.encoding import parse_json_strict
from exam_app.core.errors import ExamAppError, KeyFileError
from exam_app.core.paths import app_home, config_dir

CONFIG_FORMAT = "exam-app/station-config"
CONFIG_VERSION = 1
NOT_SET_UP = "this station is not set up: run `exam-app station init` (see docs/station-setup.md)"
PASSPHRASE_FILE_NAME = "station.passphrase"  # noqa: S105 (a file name, not a secret)


@dataclass(frozen=True)
class StationConfig:
    """Where this station's identity, trusted issuers and folders are."""

    station_key: Path
    trusted_issuers: tuple[Path, ...]
    results_dir: Path
    copy_to: tuple[Path, ...]
    exams_dir: Path
    passphrase_file: Path | None = None  # set on unattended stations only

    @property
    def station_public_path(self) -> Path:
        """The station's `.pub` file, beside its `.key`."""
        return self.station_key.with_suffix(".pub")

    def station_public(self) -> keys.PublicKey:
        """The station's public key (its fingerprint identifies the station)."""
        return keys.read_public(self.station_public_path, "station")

    def trusted_keys(self) -> list[keys.PublicKey]:
        """The issuer keys whose packs this station accepts."""
        return [keys.read_public(path, "issuer") for path in self.trusted_issuers]

    def to_json(self) -> dict[str, Any]:
        """The station.json document."""
        return {
            "format": CONFIG_FORMAT,
            "version": CONFIG_VERSION,
            "station_key": str(self.station_key),
            "trusted_issuers": [str(path) for path in self.trusted_issuers],
            "results_dir": str(self.results_dir),
            "copy_to": [str(path) for path in self.copy_to],
            "exams_dir": str(self.exams_dir),
            "passphrase_file": None if self.passphrase_file is None else str(self.passphrase_file),
        }


def station_config_path() -> Path:
    """The station.json file."""
    return config_dir() / "station.json"


def load_station_config() -> StationConfig:
    """Read station.json; raises ExamAppError when the station is not set up or the file is damaged."""
    path = station_config_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExamAppError(NOT_SET_UP) from None
    try:
        parsed = parse_json_strict(data, what="the file")
        if not isinstance(parsed, dict) or parsed.get("format") != CONFIG_FORMAT:
            raise ValueError("not an exam-app station configuration")
        version = parsed.get("version")
        if isinstance(version, int) and not isinstance(version, bool) and version > CONFIG_VERSION:
            raise ExamAppError(f"{path}: written by a newer exam-app; update exam-app on this station")
        if version != CONFIG_VERSION:
            raise ValueError(f"unknown version {version!r}")
        return _from_json(parsed)
    except ValueError as exc:  # EncodingError is one too
        raise ExamAppError(
            f"{path}: the station configuration is unreadable ({exc}); run `exam-app station init --force`"
        ) from exc


def save_station_config(config: StationConfig) -> None:
    """Write station.json atomically (a crash leaves the old file or the new one, never half of one)."""
    path = station_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(config.to_json(), indent=2, sort_keys=True) + "\n"
    write_atomic(path, text.encode("utf-8"))


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


def _from_json(data: dict[str, Any]) -> StationConfig:
    return StationConfig(
        station_key=Path(_text(data, "station_key")),
        trusted_issuers=tuple(Path(text) for text in _texts(data, "trusted_issuers")),
        results_dir=Path(_text(data, "results_dir")),
        copy_to=tuple(Path(text) for text in _texts(data, "copy_to")),
        exams_dir=Path(_text(data, "exams_dir")),
        passphrase_file=_optional_path(data, "passphrase_file"),
    )


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a path")
    return value


def _optional_path(data: dict[str, Any], name: str) -> Path | None:
    """A path, or None when absent (files written before the key existed) or null."""
    value = data.get(name)
    if value is None:
        return None
    return Path(_text(data, name))


def _texts(data: dict[str, Any], name: str) -> list[str]:
    value = data.get(name)
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ValueError(f"{name} must be a list of paths")
    return value
