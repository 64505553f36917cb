"""Which build of exam_app is running: version and a build hash, recorded in every result.

A frozen (PyInstaller) build carries its hash in a `build-info.json` beside the executable's data; a
source checkout hashes its own Python files, so any edit to the code changes the recorded build.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from exam_app import __version__

_PACKAGE = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class BuildInfo:
    """Version and build hash of the running app."""

    version: str
    build: str

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form."""
        return {"version": self.version, "build": self.build}


@functools.cache
def build_info() -> BuildInfo:
    """The running build (computed once per process)."""
    bundled = Path(getattr(sys, "_MEIPASS", "")) / "build-info.json"
    if getattr(sys, "frozen", False) and bundled.is_file():
        data = json.loads(bundled.read_text(encoding="utf-8"))
        return BuildInfo(str(data["version"]), str(data["build"]))
    return BuildInfo(__version__, source_hash(_PACKAGE))


def source_hash(package: Path) -> str:
    """SHA-256 over the package's Python files (relative path and content), first 16 hex digits."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\x00")
        digest.update(path.read_bytes() + b"\x00")
    return digest.hexdigest()[:16]
