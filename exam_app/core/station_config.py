"""This station's configuration: its identity, the issuers it trusts, and where its files go.

Everything lives in `config_dir()`:

    station.json          the StationConfig below, with absolute paths
    station.pub           the station's public key (give it to issuers so they can build packs `--to` it)
    station.key           its secret half, passphrase-protected. Every exam needs it (it signs the event
                          log and the result bundle, and opens station-bound packs): the proctor types
                          the passphrase at exam start, unless the station was set up `--unattended`
    station.passphrase    only on unattended stations: that passphrase (mode 0600), read at exam start
    trusted/              copies of the trusted issuers' .pub files, so moving the originals changes nothing

`station_setup` creates all this (it writes station.json last, so an interrupted setup never looks like a
working one) and unlocks the station key. This module only reads and writes the configuration, without the
cryptography: the client's start screen loads it before anything else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exam_app.core.atomic_file import write_atomic
from exam_app.core.encoding import parse_json_strict
from exam_app.core.errors import ExamAppError
from exam_app.core.paths import config_dir

if TYPE_CHECKING:
    from exam_app.core import keys

CONFIG_FORMAT = "exam-app/station-config"
CONFIG_VERSION = 1
NOT_SET_UP = "this station is not set up: run `exam-app station init` (see docs/station-setup.md)"


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
        from exam_app.core import keys  # here: key parsing loads the cryptography, reading paths does not

        return keys.read_public(self.station_public_path, "station")

    def trusted_keys(self) -> list[keys.PublicKey]:
        """The issuer keys whose packs this station accepts."""
        from exam_app.core import keys  # here: key parsing loads the cryptography, reading paths does not

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
