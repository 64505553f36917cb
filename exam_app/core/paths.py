"""Where the app keeps its data and configuration (frozen-app paths live in `exam_app.core.frozen`).

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


def config_dir() -> Path:
    """The station's configuration: station.json, the station key pair and the trusted issuer keys."""
    override = os.environ.get("EXAM_APP_HOME")
    if override:
        return Path(override) / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def station_database_path() -> Path:
    """The SQLite database holding this station's exam sessions."""
    return app_home() / "station.sqlite3"


def review_database_path() -> Path:
    """The reviewer's default store (SQLite) of imported, graded result bundles."""
    return app_home() / "review.sqlite3"
