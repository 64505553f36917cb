"""The start screen with real packs: verified details, unlocking off the GUI thread, and each failure."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from exam_app.core import keys
from exam_app.core.errors import ExamAppError
from exam_app.core.pack_file import build_pack
from exam_app.core.release_code import new_release_code
from exam_app.core.session import ExamSession
from exam_app.core.session_record import MemorySessionStore
from exam_app.core.source import load_source
from exam_app.core.station_config import NOT_SET_UP, StationConfig
from exam_app.ui.options import ClientOptions
from exam_app.ui.rules_view import RulesView
from exam_app.ui.start_view import StartView
from tests.conftest import PASSPHRASE, KeySet
from tests.support.packs import BuiltPack, build, resign
from tests.ui.conftest import ClientHarness

MakeClient = Callable[..., ClientHarness]


@dataclasses.dataclass(frozen=True)
class Packs:
    """Packs built once for this module (building runs scrypt)."""

    plain: BuiltPack
    listed: BuiltPack  # only candidate C-1 may sit it


@pytest.fixture(scope="module")
def packs(keyset: KeySet, tiny_source: Path) -> Packs:
    code = new_release_code()
    listed = dataclasses.replace(load_source(tiny_source).pack, id="tiny-listed", candidates=("C-1",))
    return Packs(
        plain=build(tiny_source, keyset.issuer),
        listed=BuiltPack(build_pack(listed, keyset.issuer, release_code=code, now=datetime.now(UTC)), code),
    )


def place(station: StationConfig, data: bytes, name: str = "tiny.exampack") -> Path:
    path = station.exams_dir / name
    path.write_bytes(data)
    return path


def start_view(client: ClientHarness) -> StartView:
    view = client.window.screens.currentWidget()
    assert isinstance(view, StartView)
    return view


def open_exam(
    qtbot: QtBot, client: ClientHarness, candidate: str, code: str, passphrase: str = PASSPHRASE
) -> StartView:
    """Fill the fields and press Open; wait until the worker has reported back."""
    view = start_view(client)
    view.candidate_id.setText(candidate)
    view.candidate_name.setText("Ada Lovelace")
    view.release_code.setText(code)
    view.station_passphrase.setText(passphrase)
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert view.busy_bar.isVisible() and not view.open_button.isEnabled()  # unlocking runs in the background
    qtbot.waitUntil(lambda: not client.controller.runner.busy, timeout=30_000)
    return view


def error_title(view: StartView) -> str:
    return view.error.text().split("<br>")[0].removeprefix("<b>").removesuffix("</b>")


def test_packs_in_the_exams_folder_are_listed_and_verified(
    qtbot: QtBot, make_client: MakeClient, station: StationConfig, packs: Packs, keyset: KeySet
) -> None:
    place(station, packs.plain.data)
    client = make_client()
    view = start_view(client)
    assert view.pack_list.count() == 1 and view.pack_list.item(0).text() == "tiny.exampack"
    view.pack_list.setCurrentRow(0)
    details = view.pack_details.text()
    assert "Tiny test pack" in details and "version 3, 3 questions" in details
    assert f"Signed by trusted issuer <b>{keyset.issuer.public.fingerprint}</b>" in details
    assert view.error.isHidden()
    assert view.station_passphrase.isVisible()  # asked for every pack: the station key signs the results


def test_options_prefill_and_a_good_code_opens_the_rules(
    qtbot: QtBot, make_client: MakeClient, station: StationConfig, packs: Packs
) -> None:
    path = place(station, packs.plain.data)
    options = ClientOptions(
        pack=path, candidate="C-7", release_code=packs.plain.release_code, station_passphrase=PASSPHRASE,
        kiosk=False,
    )  # fmt: skip
    client = make_client(options)
    view = start_view(client)
    assert view.pack_list.currentRow() == 0  # the pack is in the exams folder: chosen there
    assert view.candidate_id.text() == "C-7" and view.release_code.text() == packs.plain.release_code
    assert view.station_passphrase.text() == PASSPHRASE
    assert view.release_code.echoMode() == view.release_code.EchoMode.Password
    assert view.candidate_name.hasFocus()  # the id is known: the name is what is left to type
    qtbot.keyClicks(view.candidate_name, "Ada Lovelace")
    qtbot.keyClick(view.candidate_name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(client.window.screens.currentWidget(), RulesView), timeout=30_000)
    (record,) = client.store.records.values()
    assert (record.candidate_id, record.candidate_name, record.kiosk) == ("C-7", "Ada Lovelace", False)
    assert client.deps.seen.highest("tiny-pack") == 3  # recorded: older versions are now refused here


def test_wrong_release_code(
    qtbot: QtBot, make_client: MakeClient, station: StationConfig, packs: Packs
) -> None:
    client = make_client(ClientOptions(pack=place(station, packs.plain.data), kiosk=False))
    view = open_exam(qtbot, client, "C-1", "0000-00000-00000-00000-00000")
    assert error_title(view) == "The exam could not be unlocked"
    assert "release code is wrong" in view.error.text()
    assert view.open_button.isEnabled() and view.release_code.hasFocus()
    assert client.store.records == {}


def test_untrusted_signer(
    qtbot: QtBot, make_client: MakeClient, station: StationConfig, packs: Packs
) -> None:
    stranger = keys.generate("issuer")
    client = make_client(ClientOptions(pack=place(station, resign(packs.plain.data, stranger)), kiosk=False))
    view = start_view(client)
    assert error_title(view) == "This exam pack is not from a trusted issuer"
    assert "cannot be used" in view.pack_details.text()


@pytest.mark.parametrize(
    ("field", "when", "title"),
    [
        ("expires", "2001-01-01T00:00:00Z", "This exam pack has expired"),
        ("not_before", "2999-01-01T00:00:00Z", "This exam pack cannot be used yet"),
    ],
)
def test_validity_window(
    qtbot: QtBot,
    make_client: MakeClient,
    station: StationConfig,
    packs: Packs,
    keyset: KeySet,
    field: str,
    when: str,
    title: str,
) -> None:
    data = resign(packs.plain.data, keyset.issuer, edit_header=lambda header: header.update({field: when}))
    client = make_client(ClientOptions(pack=place(station, data), kiosk=False))
    view = start_view(client)
    assert error_title(view) == title
    assert when in view.error.text()


def test_rollback_is_refused(
    qtbot: QtBot, make_client: MakeClient, station: StationConfig, packs: Packs
) -> None:
    path = place(station, packs.plain.data)
    client = make_client()
    client.deps.seen.record("tiny-pack", 4)
    client.controller.start_controller.choose_pack(path)  # type: ignore[union-attr]
    view = start_view(client)
    assert error_title(view) == "A newer version of this exam has already been used on this station"
    assert "version 3 is older than version 4" in view.error.text()


def test_not_a_pack(qtbot: QtBot, make_client: MakeClient, station: StationConfig) -> None:
    client = make_client(ClientOptions(pack=place(station, b"hello\n"), kiosk=False))
    assert error_title(start_view(client)) == "This file is not a valid exam pack"


def test_unknown_candidate(
    qtbot: QtBot, make_client: MakeClient, station: StationConfig, packs: Packs
) -> None:
    client = make_client(ClientOptions(pack=place(station, packs.listed.data), kiosk=False))
    view = open_exam(qtbot, client, "C-9", packs.listed.release_code)
    assert error_title(view) == "Unknown candidate id"
    assert "C-9 is not on this exam's candidate list" in view.error.text()
    assert view.candidate_id.hasFocus()


def test_already_submitted(
    qtbot: QtBot, make_client: MakeClient, station: StationConfig, packs: Packs, tiny_source: Path
) -> None:
    store = MemorySessionStore()
    earlier = ExamSession.open(load_source(tiny_source).pack, "C-1", "Ada", store)
    earlier.begin()
    earlier.submit("candidate")
    client = make_client(ClientOptions(pack=place(station, packs.plain.data), kiosk=False), store=store)
    view = open_exam(qtbot, client, "C-1", packs.plain.release_code)
    assert error_title(view) == "This candidate has already submitted this exam"


def test_station_not_set_up(qtbot: QtBot, make_client: MakeClient) -> None:
    def not_set_up() -> StationConfig:
        raise ExamAppError(NOT_SET_UP)

    view = start_view(make_client(load_station=not_set_up))
    assert error_title(view) == "This station is not set up"
    assert "exam-app station init" in view.error.text()
    assert not view.open_button.isEnabled()


def test_missing_fields_are_named_before_any_unlocking(
    qtbot: QtBot, make_client: MakeClient, station: StationConfig, packs: Packs
) -> None:
    client = make_client(ClientOptions(pack=place(station, packs.plain.data), candidate="C-1", kiosk=False))
    view = start_view(client)
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert "Enter the candidate's name." in view.error.text()
    assert view.candidate_name.hasFocus() and not client.controller.runner.busy


def test_choosing_a_pack_file_with_the_file_dialog(
    qtbot: QtBot, make_client: MakeClient, station: StationConfig, packs: Packs, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "usb-stick"
    elsewhere.mkdir()
    path = elsewhere / "tiny.exampack"
    path.write_bytes(packs.plain.data)
    client = make_client()
    view = start_view(client)
    qtbot.mouseClick(view.browse_button, Qt.MouseButton.LeftButton)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    assert dialog.directory().absolutePath() == str(station.exams_dir)  # starts in the exams folder
    dialog.selectFile(str(path))
    dialog.accept()
    assert "Tiny test pack" in view.pack_details.text() and str(path) in view.pack_details.text()
