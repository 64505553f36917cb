"""Counting the X display's monitors for `exam-app check`, with a stand-in `xrandr` on the PATH."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from exam_app.platform.displays import count_x_screens

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 displays are Linux only")


def fake_xrandr(folder: Path, output: str, status: int = 0) -> None:
    """Put an `xrandr` that prints `output` and exits with `status` first on the PATH."""
    script = folder / "xrandr"
    script.write_text(f"#!/bin/sh\nprintf '%s' '{output}'\nexit {status}\n", encoding="utf-8")
    script.chmod(0o755)


@pytest.fixture
def path_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":99")
    return tmp_path


def test_monitors_are_counted_from_xrandr(path_with: Path) -> None:
    fake_xrandr(path_with, "Monitors: 2\n 0: +*HDMI-1 1920/510x1080/290+0+0  HDMI-1\n 1: +DP-1 ...\n")
    assert count_x_screens() == 2


@pytest.mark.parametrize(("output", "status"), [("", 1), ("Can't open display :99\n", 0)])
def test_xrandr_failing_or_saying_something_else_counts_nothing(
    path_with: Path, output: str, status: int
) -> None:
    fake_xrandr(path_with, output, status)
    assert count_x_screens() is None


def test_without_a_display_nothing_is_run(path_with: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_xrandr(path_with, "Monitors: 3\n")
    monkeypatch.delenv("DISPLAY")
    assert count_x_screens() is None
