"""The exam screen's layout: top bar with the countdown, navigator, question page and review page.

The countdown, section timer and saved indicator sit in the top bar, so they stay visible on the review
page too. All behaviour lives in `ExamController`.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from exam_app.ui.answer_widgets import AnswerWidget
from exam_app.ui.banner_view import WarningBanner
from exam_app.ui.navigator_view import NavigatorView
from exam_app.ui.prompt_view import PromptBrowser
from exam_app.ui.review_view import ReviewView
from exam_app.ui.theme import set_style_state

NOTICE_MS = 20_000  # how long a time warning stays on screen
PROMPT_SHARE = 0.45  # a long prompt scrolls rather than squeezing the answer
PROMPT_MIN_HEIGHT = 60


def _label(name: str = "", text: str = "") -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    return label


class ExamView(QWidget):
    """Widgets of the exam screen, public for the controller; no logic beyond presentation."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _label("subheading", title)
        self.section_label = _label("muted")
        self.section_timer = _label("muted")
        self.section_timer.setAccessibleName(self.tr("Time left in this section"))
        self.saved_label = _label("saved")
        self.saved_label.setAccessibleName(self.tr("Save status"))
        self.countdown = _label("countdown")
        self.countdown.setAccessibleName(self.tr("Time left"))
        self.notice = _label("notice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Notice"))
        self.notice.hide()
        self._notice_timer = QTimer(self, singleShot=True, interval=NOTICE_MS)
        self._notice_timer.timeout.connect(self.notice.hide)
        self.banner = WarningBanner()  # integrity warnings, until the candidate dismisses them

        self.navigator = NavigatorView()
        self.position_label = _label("subheading")
        self.prompt = PromptBrowser()
        self.prompt.setAccessibleName(self.tr("Question"))
        self.instruction = _label("muted")
        self.answer_host = QScrollArea()
        self.answer_host.setWidgetResizable(True)
        self.answer_host.setFrameShape(QFrame.Shape.NoFrame)
        self.answer_widget: AnswerWidget | None = None
        self.previous_button = self._button(self.tr("‹ Previous"), self.tr("Previous question"), "Alt+P")
        self.flag_button = self._button(self.tr("⚑ Flag for review"), self.tr("Flag for review"), "Alt+F")
        self.flag_button.setCheckable(True)
        self.next_button = self._button(self.tr("Next ›"), self.tr("Next question"), "Alt+N")
        self.review_button = self._button(self.tr("Review and submit"), self.tr("Review and submit"), "Alt+R")
        self.review_button.setObjectName("primary")
        self.review = ReviewView()
        self.keys_hint = _label(
            "muted",
            self.tr(
                "Keys: Alt+N next · Alt+P previous · Alt+F flag · Alt+R review · Ctrl+plus / Ctrl+minus zoom"
            ),
        )
        self.next_shortcut = QShortcut(QKeySequence("Alt+N"), self)
        self.previous_shortcut = QShortcut(QKeySequence("Alt+P"), self)
        self.flag_shortcut = QShortcut(QKeySequence("Alt+F"), self)
        self.review_shortcut = QShortcut(QKeySequence("Alt+R"), self)
        self.question_page = self._question_page()
        self.center = QStackedWidget()
        self.center.addWidget(self.question_page)
        self.center.addWidget(self.review)
        self._lay_out()

    def _button(self, text: str, name: str, keys: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setAccessibleDescription(self.tr("Shortcut: {0}").format(keys))
        button.setToolTip(f"{name} ({keys})")
        return button

    def _question_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.position_label)
        layout.addWidget(self.prompt)
        layout.addWidget(self.instruction)
        layout.addWidget(self.answer_host, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.flag_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.review_button)
        layout.addLayout(buttons)
        return page

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(16)
        top.addWidget(self.section_label)
        top.addWidget(self.section_timer)
        top.addStretch(1)
        top.addWidget(self.saved_label)
        top.addSpacing(16)
        top.addWidget(self.countdown)
        body = QHBoxLayout()
        body.addWidget(self.navigator)
        body.addWidget(self.center, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.notice)
        layout.addLayout(body, 1)
        layout.addWidget(self.keys_hint)

    def show_question(self, position: str, instruction: str, prompt: str, widget: AnswerWidget) -> None:
        """Put a question on the page, mirrored for right-to-left prompts, and chain the tab order."""
        self.center.setCurrentWidget(self.question_page)
        self.position_label.setText(position)
        direction = self.prompt.show_markdown(prompt)
        self.prompt.setAccessibleDescription(position)
        self.instruction.setText(instruction)
        self.instruction.setLayoutDirection(direction)
        widget.setLayoutDirection(direction)
        old = self.answer_host.takeWidget()
        if old is not None:
            old.deleteLater()
        self.answer_host.setWidget(widget)
        self.answer_widget = widget
        chain = [
            self.navigator,
            self.prompt,
            *widget.focus_widgets(),
            self.previous_button,
            self.flag_button,
            self.next_button,
            self.review_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._fit_prompt()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Refit the prompt to the new width."""
        super().resizeEvent(event)
        self._fit_prompt()

    def _fit_prompt(self) -> None:
        """As tall as the prompt needs, but never more than PROMPT_SHARE of the page (then it scrolls)."""
        limit = max(PROMPT_MIN_HEIGHT, int(self.question_page.height() * PROMPT_SHARE))
        self.prompt.setFixedHeight(max(PROMPT_MIN_HEIGHT, min(self.prompt.preferred_height(), limit)))

    def set_countdown(self, text: str, urgency: str) -> None:
        """Show the time left; urgency is "", "warn" or "urgent"."""
        self.countdown.setText(text)
        set_style_state(self.countdown, "urgency", urgency)

    def set_saved(self, text: str, state: str) -> None:
        """Show the save status; state is "saved", "pending" or "failed"."""
        self.saved_label.setText(text)
        set_style_state(self.saved_label, "state", state)

    def show_notice(self, text: str, *, sticky: bool = False) -> None:
        """Show a message above the question; it fades after a while unless sticky."""
        self.notice.setText(text)
        self.notice.show()
        if sticky:
            self._notice_timer.stop()
        else:
            self._notice_timer.start()
