"""`exam-app exam` and a bare `exam-app`: the options reach the client; no display is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from exam_app.ui import app
from exam_app.ui.options import ClientOptions
from tests.cli.cli_runner import run_cli


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[ClientOptions]:
    """Capture what the client would be started with, instead of starting it."""
    calls: list[ClientOptions] = []

    def fake_run_client(options: ClientOptions) -> int:
        calls.append(options)
        return 0

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
