"""Answer widgets for choice questions: options in the candidate's order, saved the moment they change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from exam_app.core.answers import AnswerValue
from exam_app.core.model import ChoiceBody
from exam_app.core.session import PresentedItem
from exam_app.ui.answer_base import AnswerWidget
from exam_app.ui.prompt_view import render_markdown_inline


class _OptionLabel(QLabel):
    """The wrapped text of an option; clicking it clicks its button, as a native label would."""

    def __init__(self, text: str, button: QAbstractButton) -> None:
        super().__init__(text)
        self._button = button
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setOpenExternalLinks(False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Clicking the text chooses the option."""
        self._button.click()
        self._button.setFocus(Qt.FocusReason.MouseFocusReason)


class ChoiceAnswer(AnswerWidget):
    """Radio buttons (single choice) or check boxes (multiple choice), in the candidate's option order."""

    def __init__(self, item: PresentedItem, value: AnswerValue, *, multiple: bool) -> None:
        super().__init__()
        body = item.question.body
        assert isinstance(body, ChoiceBody)
        self._multiple = multiple
        self.group = QButtonGroup(self)
        self.group.setExclusive(not multiple)
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        chosen = set(value) if isinstance(value, list) else {value} if isinstance(value, int) else set()
        for row, original in enumerate(item.option_order):
            letter = chr(ord("A") + row)
            text = body.options[original].text
            button: QAbstractButton = QCheckBox() if multiple else QRadioButton()
            button.setAccessibleName(self.tr("Option {0}: {1}").format(letter, text))
            button.setChecked(original in chosen)
            self.group.addButton(button, original)
            label = _OptionLabel(f"<b>{letter}.</b>&nbsp; {render_markdown_inline(text)}", button)
            grid.addWidget(button, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, 1, Qt.AlignmentFlag.AlignTop)
        grid.setRowStretch(len(item.option_order), 1)  # options stay together at the top
        self.group.buttonClicked.connect(lambda _button: self.changed.emit())

    def value(self) -> AnswerValue:
        """Option index (single) or sorted indices (multiple), in the pack's original order."""
        if self._multiple:
            return sorted(self.group.id(b) for b in self.group.buttons() if b.isChecked())
        chosen = self.group.checkedId()
        return None if chosen < 0 else chosen

    def focus_widgets(self) -> list[QWidget]:
        """Every option button."""
        return list(self.group.buttons())


class TrueFalseAnswer(AnswerWidget):
    """Two radio buttons."""

    def __init__(self, value: AnswerValue) -> None:
        super().__init__()
        self.true_button = QRadioButton(self.tr("True"))
        self.false_button = QRadioButton(self.tr("False"))
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        for button, flag in ((self.true_button, True), (self.false_button, False)):
            button.setAccessibleName(button.text())
            button.setChecked(value is flag)
            self.group.addButton(button, int(flag))
            layout.addWidget(button)
        layout.addStretch(1)
        self.group.buttonClicked.connect(lambda _button: self.changed.emit())

    def value(self) -> AnswerValue:
        """True, False, or None when neither is chosen."""
        chosen = self.group.checkedId()
        return None if chosen < 0 else bool(chosen)

    def focus_widgets(self) -> list[QWidget]:
        """Both buttons."""
        return [self.true_button, self.false_button]
