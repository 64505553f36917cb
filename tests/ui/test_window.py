"""The window: kiosk behaviour, zoom and high contrast, and the completion screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from exam_app.core import keys
from exam_app.core.model import Pack
from exam_app.core.session import ExamSession
from exam_app.ui.answer_widgets import ShortAnswer
from exam_app.ui.completion_view import CompletionView
from exam_app.ui.kiosk import KioskGuard
from exam_app.ui.options import ClientOptions
from exam_app.ui.rules_view import RulesView
from exam_app.ui.start_controller import OpenedExam
from tests.ui.conftest import ClientHarness

MakeClient = Callable[..., ClientHarness]


def begin_exam(client: ClientHarness, pack: Pack) -> ExamSession:
    """Skip the start screen: hand the client an opened session, then press Start."""
    session = ExamSession.open(pack, "C-1", "Ada", client.store, clock=client.clock)
    station = client.deps.load_station()
    # No pack file was read, so no real hash; the pack names no recruiter, so no bundle is sealed.
    opened = OpenedExam(session, client.store, station, keys.generate("station"), pack_sha256="")
    client.controller._on_session_opened(opened)
    rules = client.window.screens.currentWidget()
    assert isinstance(rules, RulesView)
    rules.start_button.click()
    return session


def test_kiosk_window_is_frameless_on_top_and_full_screen(qtbot: QtBot, make_client: MakeClient) -> None:
    client = make_client(ClientOptions(kiosk=True))
    flags = client.window.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint and flags & Qt.WindowType.WindowStaysOnTopHint
    client.window.present()
    qtbot.waitUntil(client.window.isFullScreen)


def test_kiosk_refuses_to_close_until_submitted(
    qtbot: QtBot, make_client: MakeClient, all_types_pack: Pack
) -> None:
    client = make_client(ClientOptions(kiosk=True))
    session = begin_exam(client, all_types_pack)
    with qtbot.waitSignal(client.window.close_refused):
        assert client.window.close() is False
    assert client.window.isVisible()
    assert client.window.message.text() == "The exam cannot be closed before it is submitted."
    qtbot.keyClick(client.window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(client.window, Qt.Key.Key_Escape)
    assert client.window.isVisible() and session.state == "running"
    client.controller.exam_controller.submit()  # type: ignore[union-attr]
    completion = client.window.screens.currentWidget()
    assert isinstance(completion, CompletionView)
    assert "You answered 0 of 8 questions" in completion.summary.text()
    qtbot.mouseClick(completion.close_button, Qt.MouseButton.LeftButton)
    assert not client.window.isVisible()


def test_kiosk_guard_swallows_context_menus_escape_and_alt_f4(qtbot: QtBot) -> None:
    guard = KioskGuard()
    field = QLineEdit()
    qtbot.addWidget(field)
    menu = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(1, 1), QPoint(1, 1))
    escape = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    alt_f4 = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    letter = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    assert (
        guard.eventFilter(field, menu)
        and guard.eventFilter(field, escape)
        and guard.eventFilter(field, alt_f4)
    )
    assert not guard.eventFilter(field, letter)
    dialog = QDialog()
    qtbot.addWidget(dialog)
    inside = QLineEdit(dialog)
    assert not guard.eventFilter(inside, escape)  # Escape still cancels a dialog


def test_without_kiosk_closing_saves_pending_typing(
    qtbot: QtBot, make_client: MakeClient, all_types_pack: Pack
) -> None:
    client = make_client(ClientOptions(kiosk=False))
    session = begin_exam(client, all_types_pack)
    assert not client.window.windowFlags() & Qt.WindowType.FramelessWindowHint
    exam = client.controller.exam_controller
    assert exam is not None
    exam.jump_to(3)
    widget = exam.view.answer_widget
    assert isinstance(widget, ShortAnswer)
    qtbot.keyClicks(widget.line, "Paris")
    assert client.window.close() is True
    assert client.store.records[session.record.session_id].answers["short"] == "Paris"
    assert client.store.records[session.record.session_id].state == "running"  # resumable later


def test_zoom_from_100_to_200_percent(qtbot: QtBot, make_client: MakeClient) -> None:
    client = make_client()
    window = client.window
    base = window.brand.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom_label.text() == "110%"
    assert window.brand.font().pointSizeF() > base
    for _ in range(15):
        qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom_label.text() == "200%"
    assert window.brand.font().pointSizeF() == base * 2
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom_label.text() == "190%"
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom_label.text() == "100%" and window.brand.font().pointSizeF() == base
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom_label.text() == "100%"


def test_high_contrast_toggle(qtbot: QtBot, make_client: MakeClient) -> None:
    client = make_client()
    window = client.window
    normal = window.palette().color(QPalette.ColorRole.Window)
    qtbot.keyClick(
        window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.contrast_button.isChecked()
    assert window.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    assert window.palette().color(QPalette.ColorRole.WindowText).name() == "#ffffff"
    qtbot.mouseClick(window.contrast_button, Qt.MouseButton.LeftButton)
    assert window.palette().color(QPalette.ColorRole.Window) == normal
