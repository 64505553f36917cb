"""One answer widget per question type. Each shows a saved value and reports edits; none saves anything.

`changed` fires on every edit by the candidate (never while showing a saved value). Choices are saved at
once; widgets with `debounced = True` hold typed text, which the controller saves after a pause.
Values have exactly the shapes of `exam_app.core.answers`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from exam_app.core.answers import AnswerValue
from exam_app.core.session import PresentedItem
from exam_app.ui.answer_base import AnswerWidget
from exam_app.ui.choice_answers import ChoiceAnswer, TrueFalseAnswer
from exam_app.ui.text_answers import CodeAnswer, EssayAnswer, NumericAnswer, ShortAnswer

__all__ = [
    "AnswerWidget",
    "ChoiceAnswer",
    "CodeAnswer",
    "EssayAnswer",
    "NumericAnswer",
    "ShortAnswer",
    "TrueFalseAnswer",
    "create_answer_widget",
    "instruction",
]


def create_answer_widget(item: PresentedItem, value: AnswerValue) -> AnswerWidget:
    """The widget for `item`'s question type, showing `value`."""
    kind = item.question.type
    if kind in ("single_choice", "multiple_choice"):
        return ChoiceAnswer(item, value, multiple=kind == "multiple_choice")
    if kind == "true_false":
        return TrueFalseAnswer(value)
    if kind == "short_answer":
        return ShortAnswer(value)
    if kind == "numeric":
        return NumericAnswer(item, value)
    if kind == "essay":
        return EssayAnswer(item, value)
    return CodeAnswer(item, value)


def instruction(item: PresentedItem) -> str:
    """One line telling the candidate how to answer this question."""
    texts = {
        "single_choice": QCoreApplication.translate("Instruction", "Choose one answer."),
        "multiple_choice": QCoreApplication.translate("Instruction", "Tick every answer that applies."),
        "true_false": QCoreApplication.translate("Instruction", "Choose true or false."),
        "short_answer": QCoreApplication.translate("Instruction", "Type a short answer."),
        "numeric": QCoreApplication.translate("Instruction", "Enter a number."),
        "essay": QCoreApplication.translate("Instruction", "Write your answer in the box."),
        "code": QCoreApplication.translate("Instruction", "Write your code in the editor."),
    }
    return texts[item.question.type]
