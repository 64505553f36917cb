"""The review page: what is unanswered or flagged, jumping back, and the confirmation before submitting."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from exam_app.core.model import Pack
from exam_app.ui.answer_widgets import ChoiceAnswer
from exam_app.ui.submit_dialog import SubmitDialog
from tests.ui.conftest import ExamHarness

MakeExam = Callable[..., ExamHarness]


def answer_first_and_flag_second(qtbot: QtBot, exam: ExamHarness) -> None:
    widget = exam.view.answer_widget
    assert isinstance(widget, ChoiceAnswer)
    first = widget.group.buttons()[0]
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    qtbot.keyClick(exam.view, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(exam.view, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)


def test_review_lists_unanswered_and_flagged(qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack) -> None:
    exam = make_exam(all_types_pack)
    answer_first_and_flag_second(qtbot, exam)
    qtbot.keyClick(exam.view, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    review = exam.view.review
    assert exam.view.center.currentWidget() is review
    assert review.summary.text() == "You have answered 1 of 8 questions."
    assert review.unanswered.count() == 7 and review.unanswered.item(0).text().startswith(
        "Question 2 (Choices)"
    )
    assert review.flagged.count() == 1 and review.flagged.item(0).text().startswith("Question 2")
    assert review.unanswered_label.text() == "Unanswered (7)"
    assert review.unanswered.hasFocus()
    assert exam.view.countdown.isVisible()  # the time stays in view while reviewing


def test_jump_back_from_the_review(qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack) -> None:
    exam = make_exam(all_types_pack)
    answer_first_and_flag_second(qtbot, exam)
    qtbot.keyClick(exam.view, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    review = exam.view.review
    review.unanswered.setCurrentRow(3)  # question 5
    qtbot.keyClick(review.unanswered, Qt.Key.Key_Return)
    assert exam.view.center.currentWidget() is exam.view.question_page
    assert exam.session.current.index == 4
    qtbot.keyClick(exam.view, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.mouseClick(review.back_button, Qt.MouseButton.LeftButton)
    assert exam.view.center.currentWidget() is exam.view.question_page
    assert exam.session.current.index == 4


def test_submitting_asks_first_and_going_back_is_the_safe_default(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack)
    qtbot.keyClick(exam.view, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.mouseClick(exam.view.review.submit_button, Qt.MouseButton.LeftButton)
    dialog = exam.controller.review.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    assert "8 questions have no answer." in dialog.message.text()
    assert dialog.back_button.isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert exam.session.state == "running" and exam.submitted == []
    qtbot.waitUntil(exam.view.review.submit_button.hasFocus)
    qtbot.mouseClick(exam.view.review.submit_button, Qt.MouseButton.LeftButton)
    dialog = exam.controller.review.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    with qtbot.waitSignal(exam.controller.submitted) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert blocker.args == ["candidate"]
    assert exam.store.records[exam.session.record.session_id].state == "submitted"


def test_time_up_while_confirming_closes_the_dialog(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack)
    qtbot.keyClick(exam.view, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.mouseClick(exam.view.review.submit_button, Qt.MouseButton.LeftButton)
    dialog = exam.controller.review.dialog
    assert dialog is not None
    exam.clock.now += 20 * 60
    qtbot.waitUntil(lambda: exam.submitted == ["time_up"])
    assert exam.controller.review.dialog is None
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, SubmitDialog) and w.isVisible()]
