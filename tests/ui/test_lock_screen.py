"""The lock screen: why the exam is paused, the continuation code, wrong and right proctor codes, extra time,
ending the exam, and sessions that reopen locked. Exam time stands still while the screen is shown."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from exam_app.core.model import FocusLossBudget, Pack, Policy
from exam_app.core.proctor_codes import derive_proctor_secret, parse_action, proctor_code
from exam_app.core.session_record import MemorySessionStore
from exam_app.core.source import load_source
from exam_app.ui.completion_view import CompletionView
from exam_app.ui.exam_view import ExamView
from exam_app.ui.lock_view import LockView
from exam_app.ui.options import ClientOptions
from exam_app.ui.rules_view import RulesView
from exam_app.ui.start_view import StartView
from tests.conftest import PASSPHRASE, KeySet
from tests.support.packs import build
from tests.ui.conftest import ClientHarness, GuardedExam

MakeGuarded = Callable[..., GuardedExam]
RELEASE_CODE = "ABCDE-FGH1J-K0MNP-QRST1-VWXYZ"
LOCK_ON_FIRST_LOSS = FocusLossBudget(max_events=1, max_seconds_away=None, action="lock")


def lockable(tiny_source: Path, **policy: object) -> tuple[Pack, bytes]:
    """The tiny pack with `policy` and a proctor secret, as a built pack would have."""
    pack = load_source(tiny_source).pack
    secret = derive_proctor_secret(RELEASE_CODE, pack.id, pack.version)
    policy_ = Policy(**policy)  # type: ignore[arg-type]
    return dataclasses.replace(pack, policy=policy_, proctor_secret=secret), secret


def lock_screen(exam: GuardedExam) -> LockView:
    view = exam.window.screens.currentWidget()
    assert isinstance(view, LockView), f"the lock screen is not shown but {view}"
    return view


def type_code(qtbot: QtBot, view: LockView, code: str) -> None:
    """The proctor types a code and presses Enter."""
    view.code.clear()
    qtbot.keyClicks(view.code, code)
    qtbot.keyClick(view.code, Qt.Key.Key_Return)


def leave_window(exam: GuardedExam) -> None:
    QApplication.instance().applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)


def test_a_lock_pauses_time_and_explains_why_and_a_wrong_code_is_refused(
    qtbot: QtBot, make_guarded: MakeGuarded, tiny_source: Path
) -> None:
    pack, _ = lockable(tiny_source, focus_loss_budget=LOCK_ON_FIRST_LOSS)
    exam = make_guarded(pack)
    leave_window(exam)
    view = lock_screen(exam)
    assert exam.session.state == "locked"
    assert "The limit for leaving the exam window was reached" in view.reason.text()
    assert "away from the exam window" in view.reason.text()
    shown = exam.events("lock_code_shown")[-1].detail["continuation"]
    assert view.continuation.text() == shown and view.code.hasFocus()
    before = exam.session.remaining()
    exam.clock.now += 300
    exam.session.tick()
    assert exam.session.remaining() == before  # exam time is stopped while locked
    type_code(qtbot, view, "AAAA-BBBB")
    assert view.error.isVisible() and "did not work" in view.error.text()
    assert exam.session.state == "locked" and lock_screen(exam) is view
    (rejected,) = exam.events("proctor_code_rejected")
    assert rejected.detail["continuation"] == shown


def test_the_right_code_with_extra_time_continues_where_the_exam_was(
    qtbot: QtBot, make_guarded: MakeGuarded, tiny_source: Path
) -> None:
    pack, secret = lockable(tiny_source, focus_loss_budget=LOCK_ON_FIRST_LOSS)
    exam = make_guarded(pack)
    exam.exam.jump_to(2)
    essay = exam.view.answer_widget
    assert essay is not None
    qtbot.keyClicks(essay.focus_widgets()[0], "typed just before the lock")
    leave_window(exam)
    view = lock_screen(exam)
    assert exam.session.answer_of("t-3") == "typed just before the lock"  # saved before locking
    before = exam.session.remaining()
    type_code(qtbot, view, proctor_code(secret, view.continuation.text(), parse_action("add-time:5")))
    assert exam.window.screens.currentWidget() is exam.view and exam.session.state == "running"
    assert exam.session.remaining() == pytest.approx(before + 300)
    assert exam.session.current.question.id == "t-3"
    assert "5 more minutes" in exam.view.notice.text()
    assert [e.detail["action"] for e in exam.events("proctor_code_used")] == ["add-time:5"]


def test_an_end_code_submits_the_exam(qtbot: QtBot, make_guarded: MakeGuarded, tiny_source: Path) -> None:
    pack, secret = lockable(tiny_source, focus_loss_budget=LOCK_ON_FIRST_LOSS)
    exam = make_guarded(pack)
    exam.session.answer("t-1", 1)
    leave_window(exam)
    view = lock_screen(exam)
    type_code(qtbot, view, proctor_code(secret, view.continuation.text(), parse_action("end")))
    assert exam.session.state == "submitted" and exam.submitted == ["proctor"]
    assert exam.session.record.answers == {"t-1": 1}


@pytest.mark.parametrize("locked_before", [False, True])
def test_a_resumed_session_reopens_on_the_lock_screen(
    qtbot: QtBot, make_guarded: MakeGuarded, tiny_source: Path, locked_before: bool
) -> None:
    pack, secret = lockable(tiny_source, resume_requires_proctor=not locked_before)
    store = MemorySessionStore()
    first = make_guarded(pack, store=store)
    first.session.answer("t-1", 2)
    if locked_before:
        first.session.lock("prohibited_process: anydesk")
    first.integrity.stop()  # the station goes down here
    again = make_guarded(pack, store=store)
    assert again.session.resumed and again.session.state == "locked"
    view = lock_screen(again)
    assert "interrupted" in view.reason.text()
    type_code(qtbot, view, proctor_code(secret, view.continuation.text(), parse_action("resume")))
    assert again.session.state == "running" and again.session.answer_of("t-1") == 2
    assert again.window.screens.currentWidget() is again.view


def test_the_client_shows_the_completion_screen_after_an_end_code(
    qtbot: QtBot, make_client: Callable[..., ClientHarness], keyset: KeySet, tiny_source: Path, tmp_path: Path
) -> None:
    source = tmp_path / "locking.yaml"
    policy = "policy:\n  focus_loss_budget: {max_events: 1, max_seconds_away: null, action: lock}\n"
    source.write_text(tiny_source.read_text(encoding="utf-8") + policy, encoding="utf-8")
    built = build(source, keyset.issuer)
    client = make_client(ClientOptions(kiosk=True))
    station = client.deps.load_station()
    (station.exams_dir / "locking.exampack").write_bytes(built.data)
    start = client.window.screens.currentWidget()
    assert isinstance(start, StartView)
    client.controller.start_controller.choose_pack(station.exams_dir / "locking.exampack")
    for field, text in (
        (start.candidate_id, "C-9"),
        (start.candidate_name, "Alan Turing"),
        (start.release_code, built.release_code),
        (start.station_passphrase, PASSPHRASE),
    ):
        field.setText(text)  # fmt: skip
    start.open_button.click()
    qtbot.waitUntil(lambda: isinstance(client.window.screens.currentWidget(), RulesView), timeout=30_000)
    rules = client.window.screens.currentWidget()
    assert isinstance(rules, RulesView)
    rules.start_button.click()
    integrity = client.controller.integrity
    assert integrity is not None and isinstance(client.window.screens.currentWidget(), ExamView)
    qtbot.waitUntil(lambda: integrity.service is not None)
    QApplication.instance().applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    view = client.window.screens.currentWidget()
    assert isinstance(view, LockView)
    secret = derive_proctor_secret(built.release_code, "tiny-pack", 3)
    type_code(qtbot, view, proctor_code(secret, view.continuation.text(), parse_action("end")))
    completion = client.window.screens.currentWidget()
    assert isinstance(completion, CompletionView)
    assert "The proctor ended your exam" in completion.summary.text()
