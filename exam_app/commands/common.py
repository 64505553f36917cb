"""Helpers shared by CLI commands: passphrases, key files, times and JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exam_app.core.errors import ExamAppError, KeyFileError

if TYPE_CHECKING:
    from datetime import datetime

    from exam_app.core import keys

MAX_SECRET_FILE_BYTES = 4096


def add_passphrase_option(parser: argparse.ArgumentParser) -> None:
    """The option every command that reads or writes a secret key has."""
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="read the key passphrase from the first line of FILE instead of prompting",
    )


def read_secret_line(path: Path, what: str) -> str:
    """The first line of a small file holding a secret (passphrase or release code)."""
    if path.stat().st_size > MAX_SECRET_FILE_BYTES:
        raise ExamAppError(f"{path}: too large to be a {what} file")
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or not lines[0]:
        raise ExamAppError(f"{path}: the {what} file is empty")
    return lines[0]


def passphrase(args: argparse.Namespace, *, for_key: str, confirm: bool = False) -> bytes:
    """The passphrase from --passphrase-file, or an interactive prompt (twice when creating a key)."""
    if args.passphrase_file is not None:
        return read_secret_line(args.passphrase_file, "passphrase").encode("utf-8")
    if not sys.stdin.isatty():
        raise ExamAppError(
            f"a passphrase is needed for {for_key}: use --passphrase-file FILE or run in a terminal"
        )
    import getpass  # here: `exam-app exam` loads this module, and its start needs no terminal prompt

    first = getpass.getpass(f"Passphrase for {for_key}: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise ExamAppError("the two passphrases differ")
    if not first:
        raise ExamAppError("the passphrase must not be empty")
    return first.encode("utf-8")


def unlock_key(path: Path, args: argparse.Namespace, kind: keys.KeyKind | None) -> keys.SecretKey:
    """Read and decrypt a secret key file of the given kind."""
    from exam_app.core import keys  # here: `exam-app exam` uses this module, and its start skips the crypto

    if not path.exists():
        raise KeyFileError(f"{path}: no such key file")
    return keys.read_secret(path, passphrase(args, for_key=str(path)), kind)


def parse_time_option(text: str | None, option: str) -> datetime | None:
    """Parse `2026-12-01` or `2026-12-01T09:00:00Z` (UTC when no zone is given)."""
    from datetime import (  # here: `exam-app exam` loads this module, and its start needs no dates
        UTC,
        datetime,
    )

    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ExamAppError(f"{option}: {text!r} is not a date or time like 2026-12-01T09:00:00Z") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def print_json(value: Any) -> None:
    """Machine-readable output: one JSON document on stdout."""
    print(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False))
