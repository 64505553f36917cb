"""The base class every answer widget shares (the controller sees only this)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from exam_app.core.answers import AnswerValue


class AnswerWidget(QWidget):
    """Base of the answer widgets."""

    changed = Signal()
    debounced = False

    def value(self) -> AnswerValue:
        """The answer as shown now."""
        raise NotImplementedError

    def focus_widgets(self) -> list[QWidget]:
        """The focusable controls in tab order, so the exam screen can chain them."""
        raise NotImplementedError
