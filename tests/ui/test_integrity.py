"""The Qt detectors on an exam screen: focus, screens, clipboard, capture keys, idle time and process scans,
each logged with its evidence and shown as the policy says (fake clock, fake station, offscreen Qt)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from exam_app.core.model import FocusLossBudget, IntegrityActions, Pack, Policy
from exam_app.core.process_facts import ProcessInfo
from exam_app.core.source import load_source
from exam_app.platform.machine import FakeMachineFacts
from exam_app.ui.start_view import StartView
from exam_app.ui.text_answers import EssayAnswer
from tests.ui.conftest import ClientHarness, GuardedExam

MakeGuarded = Callable[..., GuardedExam]
CTRL = Qt.KeyboardModifier.ControlModifier
NO_BUDGET = FocusLossBudget(max_events=None, max_seconds_away=None)


def tiny(tiny_source: Path, **policy: object) -> Pack:
    """The tiny pack (choice, true/false, essay) with `policy`."""
    return dataclasses.replace(load_source(tiny_source).pack, policy=Policy(**policy))  # type: ignore[arg-type]


def set_active(active: bool) -> None:
    """What the platform tells Qt when another program's window takes the focus, or gives it back."""
    state = Qt.ApplicationState.ApplicationActive if active else Qt.ApplicationState.ApplicationInactive
    QApplication.instance().applicationStateChanged.emit(state)


def window_handle(exam: GuardedExam) -> QWindow:
    """Keys typed on a real keyboard enter the application through the window."""
    handle = exam.window.windowHandle()
    assert handle is not None
    return handle


def essay_editor(exam: GuardedExam) -> EssayAnswer:
    """Show the essay question (the third) and put the focus in its editor."""
    exam.exam.jump_to(2)
    widget = exam.view.answer_widget
    assert isinstance(widget, EssayAnswer)
    widget.editor.setFocus()
    return widget


def test_focus_loss_is_a_timed_span_and_shows_a_calm_dismissible_banner(
    qtbot: QtBot, make_guarded: MakeGuarded, tiny_source: Path
) -> None:
    exam = make_guarded(tiny(tiny_source, focus_loss_budget=NO_BUDGET))
    assert exam.view.banner.isHidden()
    set_active(False)
    exam.clock.now += 4.25
    set_active(True)
    (lost,) = exam.events("focus_lost")
    (back,) = exam.events("focus_returned")
    assert lost.detail["action"] == "warn" and "another window took the focus" in lost.detail["evidence"]
    assert back.detail["seconds"] == 4.25 and back.detail["total_seconds_away"] == 4.25
    banner = exam.view.banner
    assert banner.isVisible() and "You left the exam window" in banner.text.text()
    assert "Another window took the focus" in banner.text.text() and "carry on" in banner.text.text()
    qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    assert banner.isHidden() and exam.session.state == "running"


def test_minimising_the_exam_window_is_a_focus_loss(
    qtbot: QtBot, make_guarded: MakeGuarded, tiny_source: Path
) -> None:
    exam = make_guarded(tiny(tiny_source, focus_loss_budget=NO_BUDGET))
    exam.window.showMinimized()
    qtbot.waitUntil(lambda: bool(exam.events("focus_lost")))
    assert "minimised" in exam.events("focus_lost")[0].detail["evidence"]
    exam.clock.now += 2
    exam.window.showNormal()
    qtbot.waitUntil(lambda: bool(exam.events("focus_returned")))
    assert exam.events("focus_returned")[0].detail["seconds"] == 2


def test_a_screen_added_during_the_exam_is_a_display_change(
    make_guarded: MakeGuarded, tiny_source: Path
) -> None:
    exam = make_guarded(tiny(tiny_source))
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    app.screenAdded.emit(app.primaryScreen())
    (change,) = exam.events("display_change")
    assert change.detail["action"] == "warn" and "a screen was connected" in change.detail["evidence"]
    assert exam.view.banner.isVisible() and "change of screens" in exam.view.banner.text.text()


def test_the_station_checks_are_logged_and_a_vm_is_noted_with_its_evidence(
    make_guarded: MakeGuarded, tiny_source: Path
) -> None:
    facts = FakeMachineFacts(cpu_flags={"hypervisor"})
    exam = make_guarded(tiny(tiny_source), facts=facts)
    (checks,) = exam.events("station_checks")
    assert checks.detail["ready"] is False and exam.integrity.service is not None
    assert exam.integrity.service.readiness == {k: checks.detail[k] for k in ("ready", "checks")}
    (vm,) = exam.events("virtual_machine")
    assert vm.detail["action"] == "log" and "hypervisor" in vm.detail["evidence"]
    assert exam.view.banner.isHidden()  # logged for the reviewers, not shown


@pytest.mark.parametrize(
    ("key", "modifiers", "logged"),
    [
        (Qt.Key.Key_Print, Qt.KeyboardModifier.NoModifier, "Print"),
        (Qt.Key.Key_Print, Qt.KeyboardModifier.ShiftModifier, "Shift+Print"),
        (Qt.Key.Key_4, CTRL | Qt.KeyboardModifier.ShiftModifier, "Ctrl+Shift+4"),
        (Qt.Key.Key_S, Qt.KeyboardModifier.MetaModifier | Qt.KeyboardModifier.ShiftModifier, "Meta+Shift+S"),
        (Qt.Key.Key_4, CTRL, None),
    ],
)
def test_capture_shortcuts_are_logged(
    qtbot: QtBot,
    make_guarded: MakeGuarded,
    tiny_source: Path,
    key: Qt.Key,
    modifiers: Qt.KeyboardModifier,
    logged: str | None,
) -> None:
    exam = make_guarded(tiny(tiny_source))
    qtbot.keyClick(window_handle(exam), key, modifiers)
    captures = exam.events("screen_capture")
    assert [event.detail["keys"] for event in captures] == ([logged] if logged else [])
    if logged:
        assert captures[0].detail["action"] == "log" and logged in captures[0].detail["evidence"]


@pytest.mark.parametrize("policy", ["block", "log"])
def test_a_paste_from_outside_is_blocked_or_logged_and_its_text_never_logged(
    qtbot: QtBot, make_guarded: MakeGuarded, tiny_source: Path, policy: str
) -> None:
    exam = make_guarded(tiny(tiny_source, paste_from_outside=policy))
    essay = essay_editor(exam)
    set_active(False)  # the candidate copies in another program
    outside = "an answer written by someone else"
    QGuiApplication.clipboard().setText(outside)
    set_active(True)
    qtbot.keyClick(window_handle(exam), Qt.Key.Key_V, CTRL)
    (paste,) = exam.events("clipboard_paste")
    assert paste.detail["characters"] == len(outside) and paste.detail["blocked"] is (policy == "block")
    assert (essay.editor.toPlainText() == outside) is (policy == "log")
    assert ("cannot be pasted" in exam.view.notice.text()) is (policy == "block")
    logged = json.dumps([e.detail for e in exam.store.events(exam.session.record.session_id)])
    assert outside not in logged


def test_text_copied_inside_the_exam_pastes_freely(
    qtbot: QtBot, make_guarded: MakeGuarded, tiny_source: Path
) -> None:
    exam = make_guarded(tiny(tiny_source))
    essay = essay_editor(exam)
    qtbot.keyClicks(essay.editor, "fluent but false")
    qtbot.keyClick(window_handle(exam), Qt.Key.Key_A, CTRL)
    qtbot.keyClick(window_handle(exam), Qt.Key.Key_C, CTRL)
    qtbot.keyClick(window_handle(exam), Qt.Key.Key_End, CTRL)
    qtbot.keyClick(window_handle(exam), Qt.Key.Key_V, CTRL)
    assert essay.editor.toPlainText() == "fluent but false" * 2
    assert exam.events("clipboard_paste") == []


def test_the_clipboard_is_cleared_when_the_exam_starts(make_guarded: MakeGuarded, tiny_source: Path) -> None:
    QGuiApplication.clipboard().setText("notes from before the exam")
    make_guarded(tiny(tiny_source))
    assert QGuiApplication.clipboard().text() == ""


def test_one_idle_signal_per_idle_period(qtbot: QtBot, make_guarded: MakeGuarded, tiny_source: Path) -> None:
    exam = make_guarded(tiny(tiny_source, idle_minutes=2.0), idle_check_ms=10)
    exam.clock.now += 119
    qtbot.wait(50)  # several idle checks: not idle long enough yet
    assert exam.events("idle") == []
    exam.clock.now += 1
    qtbot.waitUntil(lambda: len(exam.events("idle")) == 1)
    exam.clock.now += 600
    qtbot.wait(50)
    assert len(exam.events("idle")) == 1  # still the same idle period
    qtbot.keyClick(window_handle(exam), Qt.Key.Key_Down)
    exam.clock.now += 120
    qtbot.waitUntil(lambda: len(exam.events("idle")) == 2)
    assert exam.events("idle")[1].detail["evidence"] == "no keyboard or mouse input for 2 minutes"


def test_a_prohibited_process_found_by_a_periodic_scan_locks_the_exam(
    qtbot: QtBot, make_guarded: MakeGuarded, tiny_source: Path
) -> None:
    exam = make_guarded(tiny(tiny_source), poll_ms=10)
    exam.processes.table.append(ProcessInfo(4242, "notes", "/opt/anydesk/anydesk", "notes"))
    qtbot.waitUntil(lambda: exam.session.state == "locked")
    (found,) = exam.events("prohibited_process")
    assert found.detail["action"] == "lock" and "'anydesk' is prohibited" in found.detail["evidence"]
    assert exam.flow.lock_view is not None and exam.window.screens.currentWidget() is exam.flow.lock_view


def test_a_focus_loss_budget_submit_ends_the_exam(make_guarded: MakeGuarded, tiny_source: Path) -> None:
    budget = FocusLossBudget(max_events=2, max_seconds_away=None, action="submit")
    policy = {"focus_loss_budget": budget, "integrity": IntegrityActions(focus_loss="log")}
    exam = make_guarded(tiny(tiny_source, **policy))
    exam.session.answer("t-1", 0)
    for _ in range(2):
        set_active(False)
        set_active(True)
    assert exam.session.state == "submitted" and exam.submitted == ["integrity"]
    assert exam.session.record.answers == {"t-1": 0}


def test_the_start_screen_checks_the_station_off_the_gui_thread(
    qtbot: QtBot, make_client: Callable[..., ClientHarness]
) -> None:
    client = make_client()
    client.deps.machine_facts = FakeMachineFacts(dmi={"sys_vendor": "QEMU"})
    start = client.window.screens.currentWidget()
    assert isinstance(start, StartView)
    qtbot.mouseClick(start.check_button, Qt.MouseButton.LeftButton)
    dialog = client.controller.start_controller.readiness_dialog  # type: ignore[union-attr]
    assert dialog is not None and not start.check_button.isEnabled()
    qtbot.waitUntil(dialog.isVisible)
    statuses = {finding.check: finding.status for finding in dialog.findings}
    assert statuses["virtual machine"] == "warn" and statuses["remote session"] == "pass"
    assert "Not ready" in dialog.status.text()
    evidence = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("firmware sys_vendor is" in text and "QEMU" in text for text in evidence)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert start.check_button.isEnabled()


def test_a_renamed_copy_of_an_installed_prohibited_tool_is_caught_by_its_digest(
    qtbot: QtBot, make_guarded: MakeGuarded, tiny_source: Path
) -> None:
    files = {"/usr/bin/anydesk": b"remote control", "/home/c/notes": b"remote control"}
    exam = make_guarded(tiny(tiny_source), files=files, poll_ms=10)
    exam.processes.table.append(ProcessInfo(77, "notes", "/home/c/notes", "notes"))
    qtbot.waitUntil(lambda: exam.session.state == "locked")
    (found,) = exam.events("prohibited_process")
    assert "renamed copy of /usr/bin/anydesk" in found.detail["evidence"]
