"""The station key on the start screen: the proctor types its passphrase for every pack, or an unattended
station reads the one it stores. Either way the session's event log is signed by the station key."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from exam_app.core.event_chain import ChainError, verify_chain
from exam_app.core.station_config import StationConfig
from exam_app.ui.options import ClientOptions
from exam_app.ui.rules_view import RulesView
from tests.conftest import KeySet
from tests.support.packs import BuiltPack, build
from tests.ui.conftest import ClientHarness
from tests.ui.test_start_screen import error_title, open_exam, place, start_view

MakeClient = Callable[..., ClientHarness]


@dataclasses.dataclass(frozen=True)
class Packs:
    """Packs built once for this module (building runs scrypt)."""

    plain: BuiltPack
    bound: BuiltPack  # built `--to` the test station


@pytest.fixture(scope="module")
def packs(keyset: KeySet, tiny_source: Path) -> Packs:
    return Packs(
        plain=build(tiny_source, keyset.issuer),
        bound=build(tiny_source, keyset.issuer, stations=[keyset.station.public]),
    )


def test_the_proctor_types_the_station_passphrase_for_every_pack(
    qtbot: QtBot, make_client: MakeClient, station: StationConfig, packs: Packs, keyset: KeySet
) -> None:
    client = make_client(ClientOptions(pack=place(station, packs.plain.data), kiosk=False))
    view = start_view(client)
    assert view.station_passphrase.isVisible()  # not bound to the station, still asked
    assert view.station_passphrase.echoMode() == view.station_passphrase.EchoMode.Password
    view.candidate_id.setText("C-1")
    view.candidate_name.setText("Ada Lovelace")
    view.release_code.setText(packs.plain.release_code)
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert "Type the station key passphrase." in view.error.text() and view.station_passphrase.hasFocus()
    assert not client.controller.runner.busy  # nothing was unlocked
    view = open_exam(qtbot, client, "C-1", packs.plain.release_code, "not the passphrase")
    assert error_title(view) == "The station key could not be unlocked"
    assert "type it again" in view.error.text() and view.station_passphrase.hasFocus()
    assert client.store.records == {}
    open_exam(qtbot, client, "C-1", packs.plain.release_code)
    assert isinstance(client.window.screens.currentWidget(), RulesView)
    opened = client.controller.opened
    assert opened is not None and opened.station_key.public == keyset.station.public
    assert opened.pack_sha256 == hashlib.sha256(packs.plain.data).hexdigest()
    assert_signed(client, keyset)


def assert_signed(client: ClientHarness, keyset: KeySet) -> None:
    """Begin and submit the opened exam: its event log ends in a checkpoint signed by the station key."""
    rules = client.window.screens.currentWidget()
    assert isinstance(rules, RulesView)
    rules.start_button.click()
    assert client.controller.exam_controller is not None
    client.controller.exam_controller.submit()
    (session_id,) = client.store.records
    checkpoints = client.store.checkpoints(session_id)
    assert checkpoints, "the station key signed no checkpoint"
    assert keyset.station.signing_key is not None
    station_key = keyset.station.signing_key.public_key()
    verify_chain(session_id, client.store.events(session_id), checkpoints, station_key)
    forged = dataclasses.replace(checkpoints[0], signature=checkpoints[0].signature[::-1])
    with pytest.raises(ChainError):
        verify_chain(session_id, client.store.events(session_id), [forged], station_key)


def test_an_unattended_station_reads_its_stored_passphrase(
    qtbot: QtBot, make_client: MakeClient, station: StationConfig, packs: Packs, keyset: KeySet
) -> None:
    unattended = dataclasses.replace(station, passphrase_file=keyset.passphrase_file)
    client = make_client(
        ClientOptions(pack=place(station, packs.bound.data), kiosk=False), load_station=lambda: unattended
    )
    view = start_view(client)
    assert view.station_passphrase.isHidden() and view.passphrase_label.isHidden()
    open_exam(qtbot, client, "C-1", packs.bound.release_code, passphrase="")
    assert isinstance(client.window.screens.currentWidget(), RulesView)  # a station-bound pack opened
    assert_signed(client, keyset)


def test_an_unattended_station_with_a_wrong_stored_passphrase_names_the_administrator(
    qtbot: QtBot, make_client: MakeClient, station: StationConfig, packs: Packs, tmp_path: Path
) -> None:
    stored = tmp_path / "station.passphrase"
    stored.write_text("not the passphrase\n", encoding="utf-8")
    unattended = dataclasses.replace(station, passphrase_file=stored)
    client = make_client(
        ClientOptions(pack=place(station, packs.plain.data), kiosk=False), load_station=lambda: unattended
    )
    view = open_exam(qtbot, client, "C-1", packs.plain.release_code, passphrase="")
    assert error_title(view) == "The station key could not be unlocked"
    assert "station init --unattended" in view.error.text() and "type it again" not in view.error.text()
    assert client.store.records == {}
