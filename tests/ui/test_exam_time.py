"""Time on the exam screen, driven by a fake clock: countdown, warnings, section limits, time-up, locks."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from exam_app.core.errors import ExamAppError
from exam_app.core.model import Pack
from exam_app.ui.answer_widgets import ShortAnswer, TrueFalseAnswer
from tests.ui.conftest import ExamHarness
from tests.ui.test_exam_screen import show

MakeExam = Callable[..., ExamHarness]


def test_countdown_follows_the_session_clock(qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack) -> None:
    exam = make_exam(all_types_pack)
    assert exam.view.countdown.text() == "Time left 20:00"
    assert exam.view.countdown.property("urgency") in (None, "")
    exam.clock.now += 75.5
    qtbot.waitUntil(lambda: exam.view.countdown.text() == "Time left 18:45")


def test_extra_time_is_in_the_countdown(qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack) -> None:
    exam = make_exam(all_types_pack, candidate="C-SLOW")  # extra_time_factor 1.5
    assert exam.view.countdown.text() == "Time left 30:00"


def test_warnings_at_ten_five_and_one_minutes(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack)
    notice = exam.view.notice
    for left, text in ((600, "10 minutes left."), (300, "5 minutes left."), (60, "1 minute left.")):
        exam.clock.now = 1000 + 1200 - left + 0.5
        qtbot.waitUntil(lambda text=text: notice.isVisible() and notice.text() == text)
    assert exam.view.countdown.property("urgency") == "urgent"


def test_time_up_submits_by_itself_and_keeps_the_last_typing(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack, idle_ms=60_000, max_ms=60_000)  # typing would wait a minute to save
    show(exam, "short")
    widget = exam.view.answer_widget
    assert isinstance(widget, ShortAnswer)
    qtbot.keyClicks(widget.line, "Paris")
    exam.clock.now += 20 * 60
    with qtbot.waitSignal(exam.controller.submitted, timeout=2000) as blocker:
        pass
    assert blocker.args == ["time_up"]
    assert exam.session.state == "submitted"
    assert exam.saved("short") == "Paris"  # flushed before the tick that ended the exam


def test_a_timed_section_shows_its_clock_and_closes(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    choices, typed = all_types_pack.sections
    exam = make_exam(
        dataclasses.replace(all_types_pack, sections=(typed, choices))
    )  # the 5-minute section first
    assert exam.view.section_timer.isVisible()
    assert exam.view.section_timer.text() == "· section time left 05:00"
    exam.clock.now += 5 * 60 + 1
    qtbot.waitUntil(lambda: exam.session.current.section.id == "choices")
    assert not exam.view.section_timer.isVisible()
    assert "“Typed answers” is over" in exam.view.notice.text()
    assert "(closed)" in exam.view.navigator.item_text(0)
    exam.view.navigator.question_chosen.emit(0)  # a closed section cannot be reopened
    assert exam.session.current.section.id == "choices"
    assert "is over" in exam.view.notice.text()


def test_a_locked_session_pauses_the_page(qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack) -> None:
    exam = make_exam(all_types_pack)
    exam.session.lock("test")
    qtbot.waitUntil(lambda: not exam.view.question_page.isEnabled())
    assert "paused" in exam.view.notice.text()
    exam.session.unlock("proctor")
    qtbot.waitUntil(exam.view.question_page.isEnabled)
    assert not exam.view.notice.isVisible()


def test_a_failed_save_is_explained_and_the_exam_goes_on(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack)
    exam.controller.jump_to(2)  # true/false
    widget = exam.view.answer_widget
    assert isinstance(widget, TrueFalseAnswer)
    widget.true_button.click()
    assert exam.saved("truth") is True

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise ExamAppError("the station's disk is full")

    exam.store.save_answer = disk_full  # type: ignore[method-assign]
    widget.false_button.click()
    assert exam.view.saved_label.text() == "Not saved"
    assert "the station's disk is full" in exam.view.notice.text()
    assert "Your saved answers are kept" in exam.view.notice.text()
    assert exam.saved("truth") is True  # the earlier answer is still the stored one
    exam.clock.now += 30
    qtbot.waitUntil(lambda: exam.view.countdown.text() == "Time left 19:30")  # the clock goes on
    assert exam.session.state == "running"
