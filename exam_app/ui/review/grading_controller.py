"""Slots of the grading panel: show an answer, tick key points from the keyboard, save the grade.

A grade records the reviewer named at the top of the window and the time, through `GradeBook.grade`, which
applies the grading rules; its refusal (no reviewer, adjustment without comment) is shown, not raised.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QListWidgetItem, QTextEdit

from exam_app.core.errors import ExamAppError
from exam_app.core.review_grading import key_points, reference_answer
from exam_app.core.review_suggest import Suggestion
from exam_app.core.review_types import AnswerRecord
from exam_app.store.review_grades import GradeBook
from exam_app.ui.review.grading_view import HIGHLIGHT, GradingView

MAX_KEY_SHORTCUTS = 6


class GradingController(QObject):
    """Drives one `GradingView` for the sitting chosen in the candidate list."""

    graded = Signal(str)  # session id: its scores changed, the candidate list refreshes

    def __init__(
        self,
        view: GradingView,
        book: GradeBook,
        reviewer: Callable[[], str],
        now: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view, self.book, self._reviewer, self._now = view, book, reviewer, now
        self.session_id: str | None = None
        self.answers: list[AnswerRecord] = []
        self.suggestion: Suggestion | None = None
        view.answers.currentRowChanged.connect(self._show_answer)
        view.save_button.clicked.connect(self.save)
        view.adjustment.valueChanged.connect(self._update_points)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for number in range(1, MAX_KEY_SHORTCUTS + 1):
            shortcut = QShortcut(QKeySequence(str(number)), view, context=context)
            shortcut.activated.connect(lambda n=number: self.toggle_key_point(n - 1))
        QShortcut(QKeySequence("N"), view, context=context).activated.connect(self.next_answer)

    def show_sitting(self, session_id: str | None) -> None:
        """List a sitting's answers (or none) and show the first one needing a grade."""
        self.session_id = session_id
        self.answers = self.book.store.answers(session_id) if session_id else []
        self.view.answers.clear()
        for answer in self.answers:
            self.view.answers.addItem(QListWidgetItem(_answer_line(answer)))
        first = next((n for n, a in enumerate(self.answers) if a.needs_grading), 0)
        self.view.answers.setCurrentRow(first if self.answers else -1)
        if not self.answers:
            self._show_answer(-1)

    @property
    def current(self) -> AnswerRecord | None:
        """The answer shown."""
        row = self.view.answers.currentRow()
        return self.answers[row] if 0 <= row < len(self.answers) else None

    def toggle_key_point(self, index: int) -> None:
        """Tick or untick key point `index` (keys 1–6)."""
        if index < len(self.view.key_point_checks) and self.view.key_points_box.isVisible():
            check = self.view.key_point_checks[index]
            check.setChecked(not check.isChecked())

    def next_answer(self) -> None:
        """Show the next answer (N)."""
        row = self.view.answers.currentRow()
        if row + 1 < len(self.answers):
            self.view.answers.setCurrentRow(row + 1)

    def save(self) -> None:
        """Record the grade of the answer shown, by the reviewer, now."""
        answer = self.current
        if answer is None or self.session_id is None:
            return
        try:
            grade = self.book.grade(
                self.session_id,
                answer.question_id,
                ticked=[check.isChecked() for check in self.view.key_point_checks],
                adjustment=self.view.adjustment.value(),
                comment=self.view.comment.text(),
                reviewer=self._reviewer(),
                now=self._now(),
            )
        except ExamAppError as exc:
            self.view.status.setText(f"Not saved: {exc}")
            return
        row = self.view.answers.currentRow()
        self.answers = self.book.store.answers(self.session_id)
        self.view.answers.item(row).setText(_answer_line(self.answers[row]))
        self.view.status.setText(
            f"Saved {grade.points:g} point(s) by {grade.reviewer} at {grade.graded_at:%H:%M:%S}"
        )
        self.graded.emit(self.session_id)

    def _show_answer(self, row: int) -> None:
        view = self.view
        answer = self.answers[row] if 0 <= row < len(self.answers) else None
        question = answer.question if answer else None
        gradable = question is not None and not question.is_objective
        view.prompt.setText(question.prompt if question else "")
        view.answer_text.setPlainText(_value_text(answer.value) if answer else "")
        view.reference_text.setPlainText((reference_answer(question) or "") if question else "")
        view.set_key_points([point.text for point in key_points(question)] if question else [])
        view.set_gradable(gradable)
        view.status.clear()
        self.suggestion = None
        if answer is not None and gradable:
            grade = answer.grade
            for check, ticked in zip(view.key_point_checks, grade.key_points if grade else (), strict=False):
                check.setChecked(ticked)
            for check in view.key_point_checks:
                check.toggled.connect(self._update_points)
            view.adjustment.setValue(grade.adjustment if grade else 0.0)
            view.comment.setText(grade.comment if grade else "")
            self.suggestion = self.book.suggestion(answer.session_id, answer.question_id)
            self._show_suggestion(self.suggestion)
        self._update_points()

    def _show_suggestion(self, suggestion: Suggestion) -> None:
        lines = []
        for item in suggestion.items:
            quote = (
                f'<span style="background:{HIGHLIGHT}">“{html.escape(item.sentence)}”</span>'
                if item.sentence
                else "—"
            )
            lines.append(
                f"<b>{item.index + 1}. {html.escape(item.key_point.text)}</b>: "
                f"{html.escape(item.explanation)}<br>{quote}"
            )
        lines.append(
            f"Suggested total: {suggestion.suggested_points:g} point(s). Nothing was ticked for you."
        )
        self.view.suggestion_text.setText("<br>".join(lines))
        marks = []
        for item in suggestion.items:
            if item.sentence:
                selection = QTextEdit.ExtraSelection()
                selection.cursor = QTextCursor(self.view.answer_text.document())
                selection.cursor.setPosition(item.start)
                selection.cursor.setPosition(item.end, QTextCursor.MoveMode.KeepAnchor)
                highlight = QTextCharFormat()
                highlight.setBackground(QColor(HIGHLIGHT))
                selection.format = highlight
                marks.append(selection)
        self.view.answer_text.setExtraSelections(marks)

    def _update_points(self) -> None:
        answer = self.current
        question = answer.question if answer else None
        if answer is None or question is None:
            self.view.points.setText("")
        elif question.is_objective:
            self.view.points.setText(
                f"{answer.auto_points or 0:g} of {question.points:g} (scored automatically)"
            )
        else:
            ticked = sum(
                point.points
                for point, check in zip(key_points(question), self.view.key_point_checks, strict=True)
                if check.isChecked()
            )
            total = min(max(ticked + self.view.adjustment.value(), 0.0), question.points)
            self.view.points.setText(f"{total:g} of {question.points:g}")


def _value_text(value: object) -> str:
    """An answer as text: free text as written, anything else as its plain value."""
    if value is None:
        return "(no answer)"
    return value if isinstance(value, str) else str(value)


def _answer_line(answer: AnswerRecord) -> str:
    """One line of the answer list: position, question, and grading state."""
    question = answer.question
    if question is None:
        state = "question unknown"
    elif question.is_objective:
        state = f"auto {answer.auto_points or 0:g}/{question.points:g}"
    elif answer.grade is not None:
        state = f"graded {answer.grade.points:g}/{question.points:g}"
    else:
        state = "to grade" if answer.needs_grading else "empty"
    return f"{answer.position + 1}. {answer.question_id} — {state}"
