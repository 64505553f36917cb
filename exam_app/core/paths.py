"""Where the app keeps its files. The one module that knows about platform and frozen-app locations.

`EXAM_APP_HOME` overrides everything (tests and portable installs); otherwise platformdirs decides.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "exam-app"


def app_home() -> Path:
    """The station's data directory (created on first use by the callers that write there)."""
    override = os.environ.get("EXAM_APP_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def seen_versions_path() -> Path:
    """The file recording the highest version of each pack opened on this station."""
    return app_home() / "seen-pack-versions.json"
