"""The integrity timeline paints the sitting's events; the import dialog verifies, stores and reports."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from exam_app.core.review_integrity import LANES
from exam_app.store.review_store import ReviewStore
from exam_app.ui.review.import_controller import ImportController
from exam_app.ui.review.import_dialog import ImportDialog
from exam_app.ui.review.timeline_widget import LANE_COLOURS, LANE_HEIGHT, MARGIN
from tests.conftest import KeySet
from tests.review.sittings import PackFiles
from tests.ui.review.conftest import Workspace, show_workspace, write_bundles


def lane_colours(workspace: Workspace) -> set[str]:
    """Colours painted in the lanes (above the axis and legend, whose swatches show every colour)."""
    image = workspace.window.integrity.timeline.grab().toImage()
    lanes_bottom = MARGIN + LANE_HEIGHT * len(LANES)
    return {
        QColor(image.pixel(x, y)).name().upper() for x in range(image.width()) for y in range(lanes_bottom)
    }


def test_the_timeline_draws_focus_losses_signals_and_saves(workspace: Workspace) -> None:
    workspace.select("Ada Quill")
    workspace.window.tabs.setCurrentWidget(workspace.window.integrity)
    timeline = workspace.window.integrity.timeline
    lanes = [item.lane for item in timeline.items]
    assert lanes.count("focus") == 2 and "signal" in lanes and "save" in lanes
    painted = lane_colours(workspace)
    assert {LANE_COLOURS["focus"], LANE_COLOURS["signal"], LANE_COLOURS["save"]} <= painted
    assert "pasted 80 characters" in workspace.window.integrity.events.text()


def test_a_quiet_sitting_has_no_focus_bars(workspace: Workspace) -> None:
    workspace.select("Cy Fenn")
    workspace.window.tabs.setCurrentWidget(workspace.window.integrity)
    painted = lane_colours(workspace)
    assert LANE_COLOURS["focus"] not in painted and LANE_COLOURS["save"] in painted


def filled_dialog(
    qtbot: QtBot, store: ReviewStore, keyset: KeySet, folder: Path
) -> tuple[Workspace, ImportDialog, ImportController]:
    """The workspace's import dialog with a bundle folder and the test keys filled in."""
    shown = show_workspace(qtbot, store)
    dialog = shown.controller.open_import()
    qtbot.addWidget(dialog)
    dialog.add_paths(dialog.bundles, [folder])
    dialog.recruiter_key.setText(str(keyset.key("recruiter")))
    dialog.passphrase.setText(keyset.passphrase_file.read_text(encoding="utf-8").strip())
    dialog.add_paths(dialog.stations, [keyset.pub("station")])
    assert shown.controller.import_controller is not None
    return shown, dialog, shown.controller.import_controller


def test_import_dialog_imports_good_bundles_and_reports_the_rejected_one(
    qtbot: QtBot, empty_store: ReviewStore, keyset: KeySet, bundles: dict[str, bytes], tmp_path: Path
) -> None:
    tampered = bytearray(bundles["cy"])
    tampered[-40] ^= 0xFF  # one flipped byte: the signature or payload check must catch it
    paths = write_bundles(
        tmp_path / "in", {"ada": bundles["ada"], "bo": bundles["bo"], "cy": bytes(tampered)}
    )
    shown, dialog, controller = filled_dialog(qtbot, empty_store, keyset, paths[0].parent)
    with qtbot.waitSignal(controller.imported, timeout=30_000) as blocker:
        dialog.import_button.click()
    report = blocker.args[0]
    assert (report.count("imported"), report.count("rejected")) == (2, 1)
    text = dialog.report.toPlainText()
    assert text.startswith("Imported: 2") and f"REJECTED  {paths[2]}: " in text
    assert report.rejected[0].reason in text
    assert shown.window.model.rowCount() == 2  # the list reloaded
    assert controller.progress is None and dialog.import_button.isEnabled()
    shown.controller.runner.wait()


def test_cancel_in_the_progress_dialog_stops_the_import(
    qtbot: QtBot, empty_store: ReviewStore, keyset: KeySet, bundles: dict[str, bytes], tmp_path: Path
) -> None:
    write_bundles(tmp_path / "in", bundles)
    shown, dialog, controller = filled_dialog(qtbot, empty_store, keyset, tmp_path / "in")
    gate = threading.Event()  # holds the single worker, so Cancel lands before the import starts
    shown.controller.runner.run(lambda: gate.wait(30), lambda _result: None, lambda _exc: None)
    with qtbot.waitSignal(controller.imported, timeout=30_000) as blocker:
        dialog.import_button.click()
        assert controller.progress is not None and controller.progress.isVisible()
        controller.progress.findChild(QPushButton).click()  # the dialog's Cancel button
        gate.set()
    assert blocker.args[0].cancelled and blocker.args[0].count("imported") == 0
    assert "(cancelled)" in dialog.report.toPlainText()
    assert empty_store.count_candidates() == 0


def test_import_dialog_asks_for_what_is_missing(qtbot: QtBot, empty_store: ReviewStore) -> None:
    shown = show_workspace(qtbot, empty_store)
    dialog = shown.controller.open_import()
    qtbot.addWidget(dialog)
    dialog.import_button.click()
    text = dialog.report.toPlainText()
    assert "bundle files" in text and "recruiter key" in text and "station" in text
    assert shown.controller.import_controller is not None
    assert shown.controller.import_controller.progress is None


def with_pack(dialog: ImportDialog, review_pack: PackFiles, keyset: KeySet) -> None:
    """Attach the fixture pack, its release code and its issuer to a filled dialog."""
    dialog.pack.setText(str(review_pack.path))
    dialog.release_code.setText(review_pack.code_file.read_text(encoding="utf-8").strip())
    dialog.add_paths(dialog.issuers, [keyset.pub("issuer")])


@pytest.fixture
def pack_dialog(
    qtbot: QtBot,
    empty_store: ReviewStore,
    keyset: KeySet,
    review_pack: PackFiles,
    bundles: dict[str, bytes],
    tmp_path: Path,
) -> Iterator[tuple[ImportDialog, ImportController]]:
    """The import dialog filled with Ada's bundle, the keys and the pack; waits for its worker at the end."""
    write_bundles(tmp_path / "in", {"ada": bundles["ada"]})
    shown, dialog, controller = filled_dialog(qtbot, empty_store, keyset, tmp_path / "in")
    with_pack(dialog, review_pack, keyset)
    yield dialog, controller
    shown.controller.runner.wait()


def test_import_dialog_stores_the_packs_questions_with_the_bundles(
    qtbot: QtBot,
    empty_store: ReviewStore,
    review_pack: PackFiles,
    pack_dialog: tuple[ImportDialog, ImportController],
) -> None:
    dialog, controller = pack_dialog
    with qtbot.waitSignal(controller.imported, timeout=60_000) as blocker:
        dialog.import_button.click()
    report = blocker.args[0]
    assert report.count("imported") == 1 and report.questions_stored == review_pack.pack.question_count
    assert f"stored {review_pack.pack.question_count} question(s)" in dialog.report.toPlainText()
    session_id = empty_store.list_candidates()[0].session_id
    answers = empty_store.answers(session_id)
    assert answers and all(answer.question is not None for answer in answers)  # graders see the questions


def test_a_wrong_release_code_imports_nothing_and_says_why(
    qtbot: QtBot, empty_store: ReviewStore, pack_dialog: tuple[ImportDialog, ImportController]
) -> None:
    dialog, _controller = pack_dialog
    dialog.release_code.setText("AAAAA-AAAAA-AAAAA-AAAAA-AAAAA")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report.toPlainText().startswith("Import failed"), timeout=60_000)
    assert "wrong release code" in dialog.report.toPlainText()
    assert empty_store.count_candidates() == 0 and dialog.import_button.isEnabled()


def test_a_missing_pack_file_is_named_in_the_report(
    qtbot: QtBot, empty_store: ReviewStore, pack_dialog: tuple[ImportDialog, ImportController], tmp_path: Path
) -> None:
    dialog, _controller = pack_dialog
    gone = tmp_path / "moved-away.exampack"
    dialog.pack.setText(str(gone))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report.toPlainText().startswith("Import failed"), timeout=60_000)
    assert dialog.report.toPlainText() == f"Import failed: {gone}: No such file or directory"
    assert empty_store.count_candidates() == 0


def test_a_pack_without_its_release_code_or_issuer_is_not_started(
    qtbot: QtBot, empty_store: ReviewStore, keyset: KeySet, review_pack: PackFiles, tmp_path: Path
) -> None:
    _shown, dialog, controller = filled_dialog(qtbot, empty_store, keyset, tmp_path)
    dialog.pack.setText(str(review_pack.path))
    dialog.import_button.click()
    text = dialog.report.toPlainText()
    assert "release code" in text and "issuer .pub" in text and "recruiter key" not in text
    assert controller.progress is None
