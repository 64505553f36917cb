"""What the `exam` command hands to the client: pre-filled fields and the kiosk switch (no Qt here)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ClientOptions:
    """Values a proctor's station script passes on the command line; empty strings mean "ask on screen"."""

    pack: Path | None = None
    candidate: str = ""
    release_code: str = ""
    station_passphrase: str = ""
    kiosk: bool = True
