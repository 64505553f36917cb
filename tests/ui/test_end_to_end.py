"""A whole exam with the keyboard only, from the start screen to the completion screen, on a real pack,
ending with the sealed result bundle in the results folder and a copy folder, verified as a reviewer would.

Every key goes to whichever widget has the focus, as on a real keyboard: if the tab order or a shortcut
broke, the test would type into the wrong place and fail.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from exam_app.core.paths import app_home
from exam_app.core.result_bundle import open_result
from exam_app.core.result_checks import check_result
from exam_app.core.result_export import receipt_for
from exam_app.core.station_config import StationConfig
from exam_app.ui.completion_view import CompletionView
from exam_app.ui.exam_view import ExamView
from exam_app.ui.options import ClientOptions
from exam_app.ui.rules_view import RulesView
from exam_app.ui.start_view import StartView
from exam_app.ui.submit_dialog import SubmitDialog
from tests.conftest import PASSPHRASE, KeySet
from tests.support.packs import build
from tests.ui.conftest import ClientHarness

ALT = Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def tab_to(qtbot: QtBot, target: QWidget, limit: int = 20) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if target.hasFocus():
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.accessibleName() or target}")


def test_a_whole_exam_keyboard_only_to_a_verified_result_bundle(
    qtbot: QtBot,
    make_client: Callable[..., ClientHarness],
    station: StationConfig,
    keyset: KeySet,
    tiny_source: Path,
    tmp_path: Path,
) -> None:
    built = build(tiny_source, keyset.issuer, results_to=[keyset.recruiter.public])
    (station.exams_dir / "tiny.exampack").write_bytes(built.data)
    usb = tmp_path / "usb-stick"
    usb.mkdir()
    station.results_dir.mkdir()
    with_copy = dataclasses.replace(station, copy_to=(usb,))
    client = make_client(ClientOptions(kiosk=True), load_station=lambda: with_copy)
    window = client.window

    # Start screen: the focus starts in the candidate id; the pack list is just before it.
    start = window.screens.currentWidget()
    assert isinstance(start, StartView) and start.candidate_id.hasFocus()
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert start.pack_list.hasFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert "Tiny test pack" in start.pack_details.text()
    tab_to(qtbot, start.candidate_id)
    type_text(qtbot, "C-42")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Ada Lovelace")
    press(qtbot, Qt.Key.Key_Tab)
    assert start.release_code.hasFocus()
    type_text(qtbot, built.release_code.lower().replace("-", " "))  # typing is forgiving
    press(qtbot, Qt.Key.Key_Tab)
    assert start.station_passphrase.hasFocus()
    type_text(qtbot, PASSPHRASE)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(window.screens.currentWidget(), RulesView), timeout=30_000)

    # Rules: Start has the focus.
    press(qtbot, Qt.Key.Key_Space)
    exam = window.screens.currentWidget()
    assert isinstance(exam, ExamView)
    assert window.exam_running

    # Question 1, single choice: the first option has the focus; Space chooses it.
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_N, ALT)
    # Question 2, true/false: arrow down to "False", choose it, and flag the question.
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_F, ALT)
    press(qtbot, Qt.Key.Key_N, ALT)
    # Question 3, essay: the editor has the focus.
    type_text(qtbot, "It predicts likely words, not checked facts.")
    press(qtbot, Qt.Key.Key_R, ALT)

    # Review: nothing unanswered, question 2 flagged; go back to it, then return to the review.
    review = exam.review
    assert review.unanswered.count() == 0 and review.flagged.count() == 1
    assert review.flagged.hasFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert (
        exam.center.currentWidget() is exam.question_page and "Question 2 of 3" in exam.position_label.text()
    )
    press(qtbot, Qt.Key.Key_F, ALT)  # unflag
    press(qtbot, Qt.Key.Key_R, ALT)
    assert review.flagged.count() == 0
    assert window.close() is False  # kiosk: no way out but submitting
    tab_to(qtbot, review.submit_button)
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), SubmitDialog))
    assert focused().accessibleName() == "Go back to the exam"  # the safe choice is the default
    press(qtbot, Qt.Key.Key_S, ALT)  # a mnemonic "animates" its click: it lands a moment later
    qtbot.waitUntil(lambda: isinstance(window.screens.currentWidget(), CompletionView))

    completion = window.screens.currentWidget()
    assert isinstance(completion, CompletionView)
    assert "You answered 3 of 3 questions" in completion.summary.text()
    (record,) = client.store.records.values()
    assert record.state == "submitted" and record.candidate_id == "C-42"
    assert record.answers == {"t-1": 0, "t-2": False, "t-3": "It predicts likely words, not checked facts."}
    assert record.flags == []
    qtbot.waitUntil(completion.close_button.hasFocus, timeout=30_000)  # once the results are safe
    assert_bundles_verify(completion, keyset, built.data, [station.results_dir, usb], record.session_id)
    press(qtbot, Qt.Key.Key_Space)
    assert not window.isVisible()


def assert_bundles_verify(
    completion: CompletionView, keyset: KeySet, pack: bytes, folders: list[Path], session_id: str
) -> None:
    """The same bundle in every folder, verifying for the recruiter; its receipt is on screen and logged."""
    (bundle_path,) = folders[0].glob("*.examresult")
    bundle = bundle_path.read_bytes()
    for folder in folders:
        assert (folder / bundle_path.name).read_bytes() == bundle
        assert str(folder / bundle_path.name) in completion.status.text()
    opened = open_result(bundle, [keyset.station.public], keyset.recruiter)
    check_result(opened, pack_sha256=hashlib.sha256(pack).hexdigest())
    payload = opened.payload
    assert payload["session_id"] == session_id and payload["candidate"]["id"] == "C-42"
    readiness = payload["readiness"]  # the station checks at exam start, sealed with the answers
    assert readiness["ready"] is True and readiness["checks"][0]["check"] == "virtual machine"
    essay = "It predicts likely words, not checked facts."
    assert [question["answer"] for question in payload["questions"]] == [0, False, essay]
    receipt = receipt_for(bundle)
    assert completion.receipt_code.text() == receipt.code and completion.receipt_code.isVisible()
    assert not completion.receipt_qr.pixmap().isNull()
    assert " ".join(receipt.code) in completion.receipt_qr.accessibleDescription()
    log = (app_home() / "receipts.log").read_text(encoding="utf-8")
    assert f"receipt {receipt.code} sha256 {receipt.bundle_sha256}" in log and str(bundle_path) in log
