"""The review page's logic: list what is unanswered or flagged, jump back, confirm and submit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from exam_app.core.session import ExamSession, PresentedItem
from exam_app.ui.exam_view import ExamView
from exam_app.ui.submit_dialog import SubmitDialog
from exam_app.ui.wording import count_text

PROMPT_PREVIEW = 70  # characters of the prompt shown beside each question number


def _preview(item: PresentedItem) -> str:
    """The start of a prompt on one line, without Markdown punctuation."""
    text = " ".join(item.question.prompt.replace("*", "").replace("`", "").split())
    return text if len(text) <= PROMPT_PREVIEW else text[: PROMPT_PREVIEW - 1] + "…"


class ReviewController(QObject):
    """Drives the review page of an `ExamView`; jumping and submitting go back through callbacks."""

    def __init__(
        self,
        view: ExamView,
        session: ExamSession,
        *,
        jump: Callable[[int], None],
        submit: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.session = session
        self._jump = jump
        self._submit = submit
        self.dialog: SubmitDialog | None = None
        view.review.question_chosen.connect(self._jump)
        view.review.back_button.clicked.connect(self._on_back)
        view.review.submit_button.clicked.connect(self._on_submit_clicked)

    def show(self) -> None:
        """Fill and show the review page."""
        unanswered, flagged = self.session.unanswered(), self.session.flagged()
        total = len(self.session.items)
        summary = self.tr("You have answered {0} of {1} questions.").format(total - len(unanswered), total)
        self.view.review.show_lists(
            summary,
            [(i.index, self._line(i)) for i in unanswered],
            [(i.index, self._line(i)) for i in flagged],
        )
        self.view.center.setCurrentWidget(self.view.review)
        first = next((w for w in (self.view.review.unanswered, self.view.review.flagged) if w.count()), None)
        (first or self.view.review.submit_button).setFocus()

    def close_dialog(self) -> None:
        """Close the confirmation if it is open (time ran out while it was showing)."""
        if self.dialog is not None:
            self.dialog.done(0)
            self.dialog = None

    def _line(self, item: PresentedItem) -> str:
        return self.tr("Question {0} ({1}): {2}").format(item.index + 1, item.section.title, _preview(item))

    def _on_back(self) -> None:
        self._jump(self.session.current.index)

    def _on_submit_clicked(self) -> None:
        missing = len(self.session.unanswered())
        message = self.tr("After submitting you cannot change your answers.")
        if missing:
            unanswered = count_text(
                missing, self.tr("{0} question has no answer."), self.tr("{0} questions have no answer.")
            )
            message = f"{unanswered} {message}"
        self.dialog = SubmitDialog(message, self.view.window())
        self.dialog.accepted.connect(self._on_confirmed)
        self.dialog.rejected.connect(self._on_dialog_rejected)
        self.dialog.open()

    def _on_confirmed(self) -> None:
        self.dialog = None
        self._submit()

    def _on_dialog_rejected(self) -> None:
        self.dialog = None
        self.view.window().activateWindow()
        self.view.review.submit_button.setFocus()
