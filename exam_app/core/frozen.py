"""Where a frozen (PyInstaller) build of exam_app finds the files it carries: the one module that knows.

PyInstaller sets `sys.frozen` and unpacks (one-file) or keeps (one-folder) the bundled data under
`sys._MEIPASS`. Everything else in exam_app finds its data the ordinary way, relative to its modules'
`__file__`, which PyInstaller also points into that folder; only files added by the spec itself, beside
the modules rather than inside the package, are looked up here.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

# Written by the spec into the bundle's top folder; read by `exam_app.core.build_info`.
BUILD_INFO_FILE = "build-info.json"
# PyInstaller's runtime hook for multiprocessing, which packaging/freeze.py carries as a file instead of
# running it at every start (see `enable_multiprocessing`).
MULTIPROCESSING_HOOK = "pyi_rth_multiprocessing.py"
_multiprocessing_enabled = False


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


def enable_multiprocessing() -> None:
    """Let a frozen program start worker processes and run as one; from sources, nothing to do.

    PyInstaller's hook teaches multiprocessing to start the program itself as a worker and to divert such a
    run into the worker's code. It would load multiprocessing at every start (a tenth of the client's
    start-up, for a client that never starts a process), so the recipe carries it as a file, and this runs
    it once: in `review import` before its worker pool, and at the start of a process that is a worker.
    """
    global _multiprocessing_enabled
    hook = bundled_file(MULTIPROCESSING_HOOK)
    if hook is not None and not _multiprocessing_enabled:
        runpy.run_path(str(hook))
        _multiprocessing_enabled = True


def is_multiprocessing_child(argv: list[str]) -> bool:
    """Whether this process was started by multiprocessing (a spawned worker, or its resource tracker or
    fork server helper), judging by the command line it builds for a frozen program."""
    return argv[1:2] == ["--multiprocessing-fork"] or "-c" in argv[1:]
