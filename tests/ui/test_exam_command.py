"""`exam-app exam` and a bare `exam-app`: the options reach the client; no display is a clear error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from exam_app.ui import app
from exam_app.ui.options import ClientOptions
from tests.cli.cli_runner import run_cli


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[ClientOptions]:
    """Capture what the client would be started with, instead of starting it."""
    calls: list[ClientOptions] = []

    def fake_run_client(options: ClientOptions, *, self_test: bool = False) -> int:
        calls.append(options)
        return 2 if self_test else 0  # a self-test run is told apart by its exit code

    monkeypatch.setattr(app, "run_client", fake_run_client)
    return calls


def test_exam_options_prefill_the_client(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, launched: list[ClientOptions]
) -> None:
    code, passphrase = tmp_path / "code.txt", tmp_path / "pass.txt"
    code.write_text("ABCDE-FGHJK\n", encoding="utf-8")
    passphrase.write_text("station secret\nignored second line\n", encoding="utf-8")
    result = run_cli(
        capsys,
        "exam",
        tmp_path / "x.exampack",
        "--candidate",
        "C-7",
        "--release-code-file",
        code,
        "--station-passphrase-file",
        passphrase,
        "--no-kiosk",
    )
    assert result.code == 0, result.err
    assert launched == [
        ClientOptions(
            pack=tmp_path / "x.exampack",
            candidate="C-7",
            release_code="ABCDE-FGHJK",
            station_passphrase="station secret",
            kiosk=False,
        )
    ]


def test_bare_exam_app_opens_the_client_in_kiosk_mode(
    capsys: pytest.CaptureFixture[str], launched: list[ClientOptions]
) -> None:
    assert run_cli(capsys).code == 0
    assert launched == [ClientOptions(kiosk=True)]


def test_self_test_runs_the_client_in_self_test_mode(
    capsys: pytest.CaptureFixture[str], launched: list[ClientOptions]
) -> None:
    assert run_cli(capsys, "--self-test", "--no-kiosk").code == 2
    assert run_cli(capsys, "exam", "--self-test").code == 2
    assert launched == [ClientOptions(kiosk=False), ClientOptions(kiosk=True)]


def self_test(tmp_path: Path, platform: str) -> subprocess.CompletedProcess[str]:
    """`exam-app --self-test` from the sources, as a process, on the Qt platform plugin `platform`."""
    env = {**os.environ, "QT_QPA_PLATFORM": platform, "EXAM_APP_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "exam_app.cli", "--self-test"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_self_test_passes_on_a_station_not_set_up(tmp_path: Path) -> None:
    result = self_test(tmp_path, "offscreen")
    assert result.returncode == 0, result.stderr
    assert "start screen is shown" in result.stdout


def test_self_test_fails_with_the_reason_when_qt_cannot_start(tmp_path: Path) -> None:
    result = self_test(tmp_path, "no-such-platform")
    assert result.returncode == 1
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert "no Qt platform plugin could be initialized" in error and "Traceback" not in result.stderr


def test_an_empty_release_code_file_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, launched: list[ClientOptions]
) -> None:
    empty = tmp_path / "code.txt"
    empty.write_text("", encoding="utf-8")
    result = run_cli(capsys, "exam", "--release-code-file", empty)
    assert result.code == 1 and "release code file is empty" in result.error_line
    assert launched == []


def test_no_display_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, launched: list[ClientOptions]
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    result = run_cli(capsys, "exam")
    assert result.code == 1 and "no display" in result.error_line
    assert launched == []
