"""Answer widgets for typed answers: short text, numbers, essays and code (saved after a pause in typing)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from exam_app.core.answers import AnswerValue, parse_numeric, word_count
from exam_app.core.model import CodeBody, EssayBody, NumericBody
from exam_app.core.session import PresentedItem
from exam_app.ui.answer_base import AnswerWidget
from exam_app.ui.code_editor import CodeEditor
from exam_app.ui.theme import set_style_state
from exam_app.ui.wording import count_text


class ShortAnswer(AnswerWidget):
    """A one-line text answer."""

    debounced = True

    def __init__(self, value: AnswerValue) -> None:
        super().__init__()
        self.line = QLineEdit(value if isinstance(value, str) else "")
        self.line.setAccessibleName(self.tr("Your answer"))
        self.line.setAccessibleDescription(self.tr("Type a short answer"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.line)
        layout.addStretch(1)
        self.line.textEdited.connect(lambda _text: self.changed.emit())

    def value(self) -> AnswerValue:
        """The text as typed."""
        return self.line.text()

    def focus_widgets(self) -> list[QWidget]:
        """The line edit."""
        return [self.line]


class NumericAnswer(AnswerWidget):
    """A number typed as text (kept as typed), with feedback when it cannot be read as a number."""

    debounced = True

    def __init__(self, item: PresentedItem, value: AnswerValue) -> None:
        super().__init__()
        body = item.question.body
        assert isinstance(body, NumericBody)
        self.line = QLineEdit(value if isinstance(value, str) else "")
        self.line.setAccessibleName(self.tr("Your answer (a number)"))
        self.line.setMaximumWidth(320)
        self.feedback = QLabel()
        self.feedback.setObjectName("muted")
        row = QHBoxLayout()
        row.addWidget(self.line)
        if body.unit:
            unit = QLabel(body.unit)
            unit.setAccessibleName(self.tr("Unit: {0}").format(body.unit))
            row.addWidget(unit)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.feedback)
        layout.addStretch(1)
        self._check()
        self.line.textEdited.connect(self._on_text_edited)

    def value(self) -> AnswerValue:
        """The text as typed (a half-typed number is kept)."""
        return self.line.text()

    def focus_widgets(self) -> list[QWidget]:
        """The line edit."""
        return [self.line]

    def _on_text_edited(self, _text: str) -> None:
        self._check()
        self.changed.emit()

    def _check(self) -> None:
        text = self.line.text()
        bad = bool(text.strip()) and parse_numeric(text) is None
        message = self.tr("Not a number: use digits, with a point or a comma for decimals") if bad else ""
        self.feedback.setText(message)
        self.line.setAccessibleDescription(message or self.tr("Enter a number"))
        set_style_state(self.feedback, "problem", bad)


class EssayAnswer(AnswerWidget):
    """A free-text editor with a live word count against the question's limits."""

    debounced = True

    def __init__(self, item: PresentedItem, value: AnswerValue) -> None:
        super().__init__()
        body = item.question.body
        assert isinstance(body, EssayBody)
        self._min, self._max = body.min_words, body.max_words
        self.editor = QPlainTextEdit(value if isinstance(value, str) else "")
        self.editor.setTabChangesFocus(True)
        self.editor.setAccessibleName(self.tr("Your essay"))
        self.count = QLabel()
        self.count.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.count)
        self._count()
        self.editor.textChanged.connect(self._on_text_changed)

    def value(self) -> AnswerValue:
        """The essay text."""
        return self.editor.toPlainText()

    def focus_widgets(self) -> list[QWidget]:
        """The editor."""
        return [self.editor]

    def _on_text_changed(self) -> None:
        self._count()
        self.changed.emit()

    def _count(self) -> None:
        words = word_count(self.editor.toPlainText())
        parts = [count_text(words, self.tr("{0} word"), self.tr("{0} words"))]
        if self._min:
            parts.append(self.tr("at least {0}").format(self._min))
        if self._max:
            parts.append(self.tr("at most {0}").format(self._max))
        problem = ""
        if self._max and words > self._max:
            problem = count_text(
                words - self._max, self.tr("{0} word over the limit"), self.tr("{0} words over the limit")
            )
        elif self._min and 0 < words < self._min:
            problem = count_text(
                self._min - words, self.tr("{0} more word needed"), self.tr("{0} more words needed")
            )
        text = " · ".join(parts) + (f" — {problem}" if problem else "")
        self.count.setText(text)
        self.editor.setAccessibleDescription(text)
        set_style_state(self.count, "problem", bool(problem))


class CodeAnswer(AnswerWidget):
    """A code editor, pre-filled with the starter code until the candidate saves something."""

    debounced = True

    def __init__(self, item: PresentedItem, value: AnswerValue) -> None:
        super().__init__()
        body = item.question.body
        assert isinstance(body, CodeBody)
        self.editor = CodeEditor()
        self.editor.setPlainText(value if isinstance(value, str) else body.starter_code or "")
        self.editor.setAccessibleName(self.tr("Your code ({0})").format(body.language))
        hint = self.tr("Tab indents. Ctrl+Tab moves to the next control, Shift+Tab to the previous one.")
        self.editor.setAccessibleDescription(hint)
        note = QLabel(self.tr("Language: {0}. {1}").format(body.language, hint))
        note.setObjectName("muted")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addWidget(note)
        self.editor.textChanged.connect(self.changed.emit)

    def value(self) -> AnswerValue:
        """The code as typed."""
        return self.editor.toPlainText()

    def focus_widgets(self) -> list[QWidget]:
        """The editor."""
        return [self.editor]
