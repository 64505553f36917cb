"""The completion screen saving the result: full and read-only folders, another folder, partial success,
and a pack that names no recruiter. The result is never lost: the answers stay in the store throughout."""

from __future__ import annotations

import dataclasses
import hashlib
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from exam_app.core import result_bundle
from exam_app.core.errors import ExamAppError
from exam_app.core.result_bundle import open_result
from exam_app.core.result_checks import check_result
from exam_app.core.result_export import receipt_for
from exam_app.core.station_config import StationConfig
from exam_app.ui.completion_view import CompletionView
from exam_app.ui.options import ClientOptions
from exam_app.ui.rules_view import RulesView
from exam_app.ui.start_view import StartView
from tests.conftest import PASSPHRASE, KeySet
from tests.core.test_result_bundle import tiny_tmpfs  # noqa: F401 (a fixture: a 16 KiB tmpfs)
from tests.support.packs import BuiltPack, build
from tests.ui.conftest import ClientHarness

MakeClient = Callable[..., ClientHarness]


@pytest.fixture(scope="module")
def sealed_pack(keyset: KeySet, tiny_source: Path) -> BuiltPack:
    """The tiny pack, built to send results to the test recruiter."""
    return build(tiny_source, keyset.issuer, results_to=[keyset.recruiter.public])


def sit_exam(qtbot: QtBot, client: ClientHarness, built: BuiltPack) -> CompletionView:
    """Open the pack on the start screen, answer the first question, submit; return the completion screen."""
    start = client.window.screens.currentWidget()
    assert isinstance(start, StartView)
    start.pack_list.setCurrentRow(0)
    start.candidate_id.setText("C-5")
    start.candidate_name.setText("Grace Hopper")
    start.release_code.setText(built.release_code)
    start.station_passphrase.setText(PASSPHRASE)
    qtbot.mouseClick(start.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(client.window.screens.currentWidget(), RulesView), timeout=30_000)
    rules = client.window.screens.currentWidget()
    assert isinstance(rules, RulesView)
    rules.start_button.click()
    exam = client.controller.exam_controller
    assert exam is not None
    exam.session.answer(exam.session.current.question.id, 1)
    exam.submit()
    completion = client.window.screens.currentWidget()
    assert isinstance(completion, CompletionView)
    return completion


def wait_settled(qtbot: QtBot, client: ClientHarness) -> None:
    """Until the worker has sealed or written and reported back."""
    qtbot.waitUntil(lambda: not client.controller.runner.busy, timeout=30_000)


def client_for(
    make_client: MakeClient, station: StationConfig, built: BuiltPack, **changes: object
) -> ClientHarness:
    """A kiosk client on `station` with `changes` to its configuration, and `built` in its exams folder."""
    (station.exams_dir / "tiny.exampack").write_bytes(built.data)
    configured = dataclasses.replace(station, **changes)  # type: ignore[arg-type]
    return make_client(ClientOptions(kiosk=True), load_station=lambda: configured)


def only_bundle(folder: Path) -> bytes:
    """The one result bundle in `folder`."""
    (path,) = folder.glob("*.examresult")
    return path.read_bytes()


def test_a_full_then_read_only_folder_is_explained_and_another_folder_saves_the_result(
    qtbot: QtBot,
    make_client: MakeClient,
    station: StationConfig,
    sealed_pack: BuiltPack,
    keyset: KeySet,
    tiny_tmpfs: Path,  # noqa: F811 (the imported fixture)
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(OSError), (tiny_tmpfs / "filler").open("wb") as filler:
        while True:  # fill the filesystem to the last byte
            filler.write(b"\0" * 1024)
            filler.flush()
    client = client_for(make_client, station, sealed_pack, results_dir=tiny_tmpfs)
    completion = sit_exam(qtbot, client, sealed_pack)
    assert completion.busy_bar.isVisible() and not completion.close_button.isEnabled()
    wait_settled(qtbot, client)
    status = completion.problem.text()
    assert f"{tiny_tmpfs}: the disk is full" in status and "Your answers are safe on this station" in status
    assert completion.retry_button.isVisible() and completion.choose_button.isVisible()
    assert completion.retry_button.hasFocus() and completion.receipt_code.isHidden()
    assert completion.problem.isVisible() and completion.status.isHidden()
    assert not completion.close_button.isEnabled()
    assert client.window.close() is False and client.window.isVisible()  # kiosk: not before a copy exists
    assert client.window.message.text() == "This window closes once your results are saved."

    subprocess.run(["mount", "-o", "remount,ro", str(tiny_tmpfs)], check=True)
    qtbot.mouseClick(completion.retry_button, Qt.MouseButton.LeftButton)
    wait_settled(qtbot, client)
    assert f"{tiny_tmpfs}: the folder is read-only" in completion.problem.text()
    assert not completion.close_button.isEnabled()

    elsewhere = tmp_path / "usb-stick"
    elsewhere.mkdir()
    asked: list[str] = []

    def choose(_parent: object, _title: str, start: str, _options: object) -> str:
        asked.append(start)
        return str(elsewhere)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose)
    qtbot.mouseClick(completion.choose_button, Qt.MouseButton.LeftButton)
    wait_settled(qtbot, client)
    assert asked == [str(tiny_tmpfs)]
    bundle = only_bundle(elsewhere)
    opened = open_result(bundle, [keyset.station.public], keyset.recruiter)
    check_result(opened, pack_sha256=hashlib.sha256(sealed_pack.data).hexdigest())
    assert completion.receipt_code.text() == receipt_for(bundle).code
    assert str(elsewhere) in completion.status.text() and completion.close_button.isEnabled()
    (record,) = client.store.records.values()
    assert record.state == "submitted" and record.answers == {"t-1": 1}  # nothing was lost on the way
    answered = {q["id"]: q["answer"] for q in opened.payload["questions"] if q["answer"] is not None}
    assert answered == {"t-1": 1}
    assert client.window.close() is True


def test_a_missing_copy_folder_is_a_warning_but_the_result_is_saved(
    qtbot: QtBot, make_client: MakeClient, station: StationConfig, sealed_pack: BuiltPack, tmp_path: Path
) -> None:
    station.results_dir.mkdir()
    unplugged = tmp_path / "unplugged-usb"
    client = client_for(make_client, station, sealed_pack, copy_to=(unplugged,))
    completion = sit_exam(qtbot, client, sealed_pack)
    wait_settled(qtbot, client)
    bundle = only_bundle(station.results_dir)
    assert completion.receipt_code.text() == receipt_for(bundle).code
    assert completion.warning.isVisible()
    missing = f"{unplugged}: the folder does not exist (is the USB stick plugged in?)"
    assert missing in completion.warning.text()
    assert completion.retry_button.isHidden() and completion.close_button.isEnabled()
    assert not unplugged.exists()


def test_a_pack_without_recruiters_keeps_the_answers_on_the_station(
    qtbot: QtBot, make_client: MakeClient, station: StationConfig, keyset: KeySet, tiny_source: Path
) -> None:
    unsealed = build(tiny_source, keyset.issuer)
    station.results_dir.mkdir()
    client = client_for(make_client, station, unsealed)
    completion = sit_exam(qtbot, client, unsealed)
    status = completion.status.text()
    assert "names no recruiter" in status and "exam-app session verify" in status
    assert completion.close_button.isEnabled() and completion.receipt_code.isHidden()
    assert completion.busy_bar.isHidden() and not client.controller.runner.busy
    assert list(station.results_dir.iterdir()) == []
    (record,) = client.store.records.values()
    assert record.state == "submitted" and record.answers == {"t-1": 1}
    assert client.window.close() is True


def test_a_failure_to_seal_is_explained_and_try_again_seals_afresh(
    qtbot: QtBot,
    make_client: MakeClient,
    station: StationConfig,
    sealed_pack: BuiltPack,
    keyset: KeySet,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    station.results_dir.mkdir()
    real_seal = result_bundle.seal_result
    attempts: list[int] = []

    def seal_once_broken(*args: Any, **kwargs: Any) -> bytes:
        attempts.append(1)
        if len(attempts) == 1:
            raise ExamAppError("the station key cannot sign")
        return real_seal(*args, **kwargs)

    monkeypatch.setattr("exam_app.ui.result_controller.seal_result", seal_once_broken)
    client = client_for(make_client, station, sealed_pack)
    completion = sit_exam(qtbot, client, sealed_pack)
    wait_settled(qtbot, client)
    assert "Sealing the results" in completion.problem.text()
    assert "the station key cannot sign" in completion.problem.text()
    assert not completion.close_button.isEnabled() and list(station.results_dir.iterdir()) == []
    qtbot.mouseClick(completion.retry_button, Qt.MouseButton.LeftButton)
    wait_settled(qtbot, client)
    assert len(attempts) == 2 and completion.close_button.isEnabled()
    bundle = only_bundle(station.results_dir)
    check_result(open_result(bundle, [keyset.station.public], keyset.recruiter))
