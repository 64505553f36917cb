"""Where a frozen (PyInstaller) build of exam_app finds the files it carries: the one module that knows.

PyInstaller sets `sys.frozen` and unpacks (one-file) or keeps (one-folder) the bundled data under
`sys._MEIPASS`. Everything else in exam_app finds its data the ordinary way, relative to its modules'
`__file__`, which PyInstaller also points into that folder; only files added by the spec itself, beside
the modules rather than inside the package, are looked up here.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Written by the spec into the bundle's top folder; read by `exam_app.core.build_info`.
BUILD_INFO_FILE = "build-info.json"


def bundle_dir() -> Path | None:
    """The bundle's data folder (the one-folder build's `_internal/`, or the one-file build's unpacked
    temporary folder), or None when not frozen."""
    folder = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or folder is None:
        return None
    return Path(folder)


def is_frozen() -> bool:
    """Whether this process runs from a PyInstaller bundle rather than from Python sources."""
    return bundle_dir() is not None


def bundled_file(name: str) -> Path | None:
    """The file `name` carried at the bundle's top, or None when not frozen or not carried."""
    folder = bundle_dir()
    if folder is None or not (folder / name).is_file():
        return None
    return folder / name
