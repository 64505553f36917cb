"""Displays attached to the station, for the readiness check's "more than one monitor" finding (Linux/X11).

The Qt client counts screens itself (`QGuiApplication.screens`); this is for `exam-app check`, which
runs without Qt.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def count_x_screens() -> int | None:
    """Monitors on the X display via `xrandr --listmonitors`, or None without a display or xrandr."""
    if (
        not sys.platform.startswith("linux")
        or not os.environ.get("DISPLAY")
        or shutil.which("xrandr") is None
    ):
        return None
    done = subprocess.run(
        ["xrandr", "--listmonitors"], capture_output=True, text=True, timeout=10, check=False
    )
    if done.returncode != 0 or not done.stdout.startswith("Monitors:"):
        return None
    return int(done.stdout.split()[1])
