"""Which build of exam_app is running: version and a build hash, recorded in every result.

A frozen (PyInstaller) build carries its hash in a `build-info.json` that the spec writes with
`write_build_info` (the hash of the sources it froze; `exam_app.core.frozen` says where the file is); a
source checkout hashes its own Python files, so any edit to the code changes the recorded build.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from exam_app import __version__
from exam_app.core.frozen import BUILD_INFO_FILE, bundled_file, is_frozen

_PACKAGE = Path(__file__).resolve().parents[1]
# What a frozen build without its build-info.json records: a broken build, never a real source hash.
UNKNOWN_BUILD = "unknown"


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
    bundled = bundled_file(BUILD_INFO_FILE)
    if bundled is not None:
        data = json.loads(bundled.read_text(encoding="utf-8"))
        return BuildInfo(str(data["version"]), str(data["build"]))
    if is_frozen():  # a bundle holds no sources to hash
        return BuildInfo(__version__, UNKNOWN_BUILD)
    return BuildInfo(__version__, source_hash(_PACKAGE))


def write_build_info(folder: Path) -> Path:
    """Write the build-info.json of the sources being frozen into `folder`, for the spec to bundle."""
    path = folder / BUILD_INFO_FILE
    info = BuildInfo(__version__, source_hash(_PACKAGE))
    path.write_text(json.dumps(info.to_dict(), indent=2) + "\n", encoding="utf-8")
    return path


def source_hash(package: Path) -> str:
    """SHA-256 over the package's Python files (relative path and content), first 16 hex digits."""
    import hashlib  # here: a frozen program reads its hash and never loads hashlib (OpenSSL) to start

    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\x00")
        digest.update(path.read_bytes() + b"\x00")
    return digest.hexdigest()[:16]
