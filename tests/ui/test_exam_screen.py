"""The exam screen: every answer type reaches the session store, debounced typing, navigation and flags."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from exam_app.core.model import Pack
from exam_app.ui.answer_widgets import (
    ChoiceAnswer,
    CodeAnswer,
    EssayAnswer,
    NumericAnswer,
    ShortAnswer,
    TrueFalseAnswer,
)
from tests.ui.conftest import ExamHarness

MakeExam = Callable[..., ExamHarness]


def show(exam: ExamHarness, question_id: str) -> None:
    """Navigate to a question by id, as the navigator would."""
    exam.controller.jump_to(next(i.index for i in exam.session.items if i.question.id == question_id))


def option_button(widget: ChoiceAnswer, original_index: int) -> QAbstractButton:
    button = widget.group.button(original_index)
    assert button is not None
    return button


def test_single_choice_is_saved_at_once_in_the_packs_option_numbering(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack)
    widget = exam.view.answer_widget
    assert isinstance(widget, ChoiceAnswer)
    qtbot.mouseClick(option_button(widget, 2), Qt.MouseButton.LeftButton)
    assert exam.saved("single") == 2
    assert exam.view.saved_label.text() == "All answers saved"


def test_choosing_an_option_by_clicking_its_text(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack)
    label = exam.view.answer_host.widget().findChildren(type(exam.view.instruction))[
        1
    ]  # the text of option B
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    assert exam.saved("single") == exam.session.items[0].option_order[1]


def test_multiple_choice_saves_the_sorted_ticks(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack)
    show(exam, "multi")
    widget = exam.view.answer_widget
    assert isinstance(widget, ChoiceAnswer)
    qtbot.mouseClick(option_button(widget, 2), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(option_button(widget, 0), Qt.MouseButton.LeftButton)
    assert exam.saved("multi") == [0, 2]
    qtbot.mouseClick(option_button(widget, 2), Qt.MouseButton.LeftButton)
    assert exam.saved("multi") == [0]


def test_true_false_with_the_keyboard(qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack) -> None:
    exam = make_exam(all_types_pack)
    show(exam, "truth")
    widget = exam.view.answer_widget
    assert isinstance(widget, TrueFalseAnswer)
    widget.false_button.setFocus()
    qtbot.keyClick(widget.false_button, Qt.Key.Key_Space)
    assert exam.saved("truth") is False
    qtbot.keyClick(widget.false_button, Qt.Key.Key_Up)  # arrows move and choose within the pair
    assert exam.saved("truth") is True


def test_short_answer_is_saved_after_a_pause_in_typing(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack)
    show(exam, "short")
    widget = exam.view.answer_widget
    assert isinstance(widget, ShortAnswer)
    qtbot.keyClicks(widget.line, "Paris")
    assert exam.saved("short") is None  # not yet: the debounce is waiting for a pause
    assert exam.view.saved_label.text() == "Saving…"
    qtbot.waitUntil(lambda: exam.saved("short") == "Paris")
    assert exam.view.saved_label.text() == "All answers saved"


def test_typing_never_waits_longer_than_the_deadline(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    # The idle wait is made longer than the test's patience: only the 1-second deadline can save.
    exam = make_exam(all_types_pack, idle_ms=60_000)
    show(exam, "short")
    widget = exam.view.answer_widget
    assert isinstance(widget, ShortAnswer)
    qtbot.keyClicks(widget.line, "Lyon")
    qtbot.waitUntil(lambda: exam.saved("short") == "Lyon", timeout=3000)


def test_navigating_saves_pending_text_at_once(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack, idle_ms=60_000, max_ms=60_000)
    show(exam, "short")
    widget = exam.view.answer_widget
    assert isinstance(widget, ShortAnswer)
    qtbot.keyClicks(widget.line, "Marseille")
    qtbot.keyClick(widget.line, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert exam.saved("short") == "Marseille"
    assert exam.session.current.question.id == "number"


def test_numeric_keeps_the_text_and_says_when_it_is_not_a_number(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack)
    show(exam, "number")
    widget = exam.view.answer_widget
    assert isinstance(widget, NumericAnswer)
    qtbot.keyClicks(widget.line, "15x")
    assert widget.feedback.text().startswith("Not a number")
    assert widget.feedback.property("problem") is True
    qtbot.waitUntil(lambda: exam.saved("number") == "15x")
    qtbot.keyClick(widget.line, Qt.Key.Key_Backspace)
    qtbot.keyClicks(widget.line, "00,5")
    assert widget.feedback.text() == ""
    qtbot.waitUntil(lambda: exam.saved("number") == "1500,5")


def test_essay_counts_words_against_the_limits(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack)  # the essay asks for 3 to 5 words
    show(exam, "essay")
    widget = exam.view.answer_widget
    assert isinstance(widget, EssayAnswer)
    qtbot.keyClicks(widget.editor, "Two words")
    assert "2 words" in widget.count.text() and "1 more word needed" in widget.count.text()
    qtbot.keyClicks(widget.editor, " and four more here")
    assert "6 words" in widget.count.text() and "1 word over the limit" in widget.count.text()
    assert widget.count.property("problem") is True
    qtbot.waitUntil(lambda: exam.saved("essay") == "Two words and four more here")


def test_code_editor_starts_from_the_starter_code_and_tab_indents(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack)
    show(exam, "code")
    widget = exam.view.answer_widget
    assert isinstance(widget, CodeAnswer)
    assert widget.editor.toPlainText() == "def f():\n    ...\n"
    assert exam.saved("code") is None  # showing the starter code is not an answer
    assert widget.editor.gutter_width() > 0
    widget.editor.setFocus()
    widget.editor.moveCursor(widget.editor.textCursor().MoveOperation.End)
    qtbot.keyClick(widget.editor, Qt.Key.Key_Tab)
    qtbot.keyClicks(widget.editor, "return 1")
    assert widget.editor.hasFocus()  # Tab indented instead of leaving
    qtbot.waitUntil(lambda: exam.saved("code") == "def f():\n    ...\n    return 1")
    qtbot.keyClick(widget.editor, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert exam.view.previous_button.hasFocus()  # Ctrl+Tab leaves: keyboard users are never trapped
    widget.editor.setFocus()
    qtbot.keyClick(widget.editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert exam.view.prompt.hasFocus()
    show(exam, "single")
    show(exam, "code")
    revisited = exam.view.answer_widget
    assert isinstance(revisited, CodeAnswer)
    assert revisited.editor.toPlainText() == "def f():\n    ...\n    return 1"


def test_shortcuts_move_between_questions_and_focus_the_answer(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack)
    qtbot.keyClick(exam.view, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(exam.view, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert exam.session.current.question.id == "truth"
    assert exam.view.position_label.text().startswith("Question 3 of 8")
    widget = exam.view.answer_widget
    assert isinstance(widget, TrueFalseAnswer)
    assert widget.true_button.hasFocus()
    qtbot.keyClick(exam.view, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert exam.session.current.question.id == "multi"
    show(exam, "single")
    assert not exam.view.previous_button.isEnabled()
    qtbot.keyClick(exam.view, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert exam.session.current.index == 0


def test_navigator_shows_answered_unanswered_and_flagged(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack)
    navigator = exam.view.navigator
    widget = exam.view.answer_widget
    assert isinstance(widget, ChoiceAnswer)
    qtbot.mouseClick(option_button(widget, 0), Qt.MouseButton.LeftButton)
    qtbot.keyClick(exam.view, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(exam.view, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert exam.session.is_flagged("multi") and exam.view.flag_button.isChecked()
    assert "answered" in navigator.item_text(0) and "not answered" not in navigator.item_text(0)
    assert "not answered" in navigator.item_text(1) and "⚑" in navigator.item_text(1)
    assert "⚑" not in navigator.item_text(2)
    assert (
        navigator.currentItem() is not None and navigator.currentItem().data(0, Qt.ItemDataRole.UserRole) == 1
    )
    qtbot.keyClick(exam.view, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # again: the flag goes
    assert not exam.session.is_flagged("multi") and "⚑" not in navigator.item_text(1)


def test_navigator_opens_a_question_and_groups_by_section(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack)
    navigator = exam.view.navigator
    assert [navigator.topLevelItem(i).text(0) for i in range(navigator.topLevelItemCount())] == [
        "Choices",
        "Typed answers",
    ]
    target = navigator.topLevelItem(1).child(1)  # the numeric question
    navigator.setFocus()
    navigator.setCurrentItem(target)
    qtbot.keyClick(navigator, Qt.Key.Key_Return)
    assert exam.session.current.question.id == "number"
    assert isinstance(exam.view.answer_widget, NumericAnswer)
    assert exam.view.section_label.text() == "Section 2 of 2: Typed answers"


def test_right_to_left_prompt_mirrors_the_question(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack)
    show(exam, "hebrew")
    assert exam.view.prompt.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert exam.view.prompt.document().defaultTextOption().textDirection() == Qt.LayoutDirection.RightToLeft
    assert exam.view.answer_widget is not None
    assert exam.view.answer_widget.layoutDirection() == Qt.LayoutDirection.RightToLeft
    show(exam, "short")
    assert exam.view.prompt.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert exam.view.answer_widget.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_every_control_has_an_accessible_name(
    qtbot: QtBot, make_exam: MakeExam, all_types_pack: Pack
) -> None:
    exam = make_exam(all_types_pack)
    for item in exam.session.items:
        exam.controller.jump_to(item.index)
        widget = exam.view.answer_widget
        assert widget is not None
        controls = [
            *widget.focus_widgets(),
            exam.view.prompt,
            exam.view.navigator,
            exam.view.next_button,
            exam.view.previous_button,
            exam.view.flag_button,
            exam.view.review_button,
        ]
        unnamed = [type(c).__name__ for c in controls if not c.accessibleName()]
        assert unnamed == [], item.question.id
