"""Rules screen logic: describe the session's exam from the pack, and begin it on request."""

from __future__ import annotations

import html

from PySide6.QtCore import QObject, Signal

from exam_app.core.answers import is_answered
from exam_app.core.errors import ExamAppError
from exam_app.core.session import ExamSession
from exam_app.ui.policy_text import monitoring_lines
from exam_app.ui.rules_view import RulesView
from exam_app.ui.wording import count_text, duration_text


def _bullets(lines: list[str]) -> str:
    return "<ul style='margin-left: -20px'>" + "".join(f"<li>{html.escape(x)}</li>" for x in lines) + "</ul>"


class RulesController(QObject):
    """Fills a `RulesView` from an `ExamSession`; `begun` is emitted once `session.begin()` succeeds."""

    begun = Signal()
    failed = Signal(str)

    def __init__(self, view: RulesView, session: ExamSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.session = session
        view.start_button.clicked.connect(self._on_start)

    def start(self) -> None:
        """Show the rules and put the focus on the Start button."""
        session, view = self.session, self.view
        view.title.setText(session.pack.title)
        view.facts.setText(self._facts())
        view.monitoring.setText(_bullets(monitoring_lines(session.pack.policy)))
        view.keys.setText(_bullets(self._keys()))
        if session.resumed:
            saved = sum(is_answered(session.answer_of(item.question.id)) for item in session.items)
            view.resumed.setText(
                count_text(
                    saved,
                    self.tr("Your exam was interrupted; your {0} saved answer is kept."),
                    self.tr("Your exam was interrupted; your {0} saved answers are kept."),
                )
                + " "
                + self.tr("Time left: {0}.").format(duration_text(session.remaining()))
            )
            view.resumed.show()
            view.start_button.setText(self.tr("Continue the exam"))
        view.start_button.setAccessibleName(view.start_button.text())
        view.start_button.setFocus()

    def _facts(self) -> str:
        session = self.session
        pack = session.pack
        duration = duration_text(session.timer.limit_seconds)
        if session.factor != 1:
            duration += " " + self.tr("(including your extra time: {0:g} × {1})").format(
                session.factor, duration_text(pack.time_limit_minutes * 60)
            )
        lines = [
            self.tr("Candidate: {0} ({1})").format(
                session.record.candidate_name, session.record.candidate_id
            ),
            self.tr("Time: {0}. The timer starts when you press Start.").format(duration),
            count_text(len(session.items), self.tr("{0} question"), self.tr("{0} questions")),
        ]
        sections = {item.section.id: item.section for item in session.items}
        for section in sections.values():
            count = sum(item.section.id == section.id for item in session.items)
            questions = count_text(count, self.tr("{0} question"), self.tr("{0} questions"))
            line = self.tr("Section “{0}”: {1}").format(section.title, questions)
            limit = session.section_limit(section)
            if limit is not None:
                line += " " + self.tr("with its own time limit of {0}").format(duration_text(limit))
            lines.append(line)
        lines.append(self.tr("Answers are saved as you go. You can move between questions freely."))
        text = _bullets(lines)
        if pack.description.strip():
            text = f"<p>{html.escape(pack.description.strip())}</p>" + text
        return text

    def _keys(self) -> list[str]:
        return [
            self.tr("Alt+N: next question; Alt+P: previous question"),
            self.tr("Alt+F: flag the question for review"),
            self.tr("Alt+R: review your answers and submit"),
            self.tr("Tab and Shift+Tab: move between controls; arrow keys: choose an option"),
            self.tr("In the code editor Tab indents; Ctrl+Tab moves on"),
            self.tr("Ctrl+plus and Ctrl+minus: larger or smaller text; Ctrl+0: normal size"),
            self.tr("Ctrl+Shift+H: high-contrast colours"),
        ]

    def _on_start(self) -> None:
        try:
            self.session.begin()
        except ExamAppError as exc:
            self.failed.emit(str(exc))
            return
        self.begun.emit()
