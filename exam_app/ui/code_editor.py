"""A plain code editor: monospace text, a line-number gutter, and Tab that indents without trapping focus.

Tab inserts four spaces (what candidates expect when writing code); Ctrl+Tab moves on and Shift+Tab moves
back, so a keyboard-only candidate can always leave the editor.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

INDENT = "    "


class _Gutter(QWidget):
    """Paints the line numbers beside the editor's visible blocks."""

    def __init__(self, editor: CodeEditor) -> None:
        super().__init__(editor)
        self._editor = editor

    def sizeHint(self) -> QSize:
        """As wide as the largest line number."""
        return QSize(self._editor.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the numbers of the blocks that intersect the exposed area."""
        self._editor.paint_gutter(self, event)


class CodeEditor(QPlainTextEdit):
    """QPlainTextEdit with line numbers; the monospace family comes from the theme (`#codeEditor`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeEditor")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._gutter = _Gutter(self)
        self.blockCountChanged.connect(self._update_margins)
        self.updateRequest.connect(self._on_update_request)
        self._update_margins()

    def gutter_width(self) -> int:
        """Pixels needed for the largest line number plus padding."""
        digits = len(str(max(1, self.blockCount())))
        return 12 + self.fontMetrics().horizontalAdvance("9") * max(2, digits)

    def paint_gutter(self, gutter: QWidget, event: QPaintEvent) -> None:
        """Paint line numbers aligned with the visible text blocks."""
        painter = QPainter(gutter)
        painter.fillRect(event.rect(), self.palette().alternateBase())
        painter.setPen(self.palette().placeholderText().color())
        painter.setFont(self.font())
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible():
                painter.drawText(
                    0,
                    top,
                    gutter.width() - 6,
                    height,
                    Qt.AlignmentFlag.AlignRight,
                    str(block.blockNumber() + 1),
                )
            top += round(self.blockBoundingRect(block).height())
            block = block.next()
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Tab indents; Ctrl+Tab and Shift+Tab leave the editor."""
        key, mods = event.key(), event.modifiers()
        # QPlainTextEdit refuses to give up focus while Tab is text, so ask QWidget directly.
        if key == Qt.Key.Key_Tab and mods & Qt.KeyboardModifier.ControlModifier:
            QWidget.focusNextPrevChild(self, True)
        elif key == Qt.Key.Key_Backtab:
            QWidget.focusNextPrevChild(self, False)
        elif key == Qt.Key.Key_Tab and not mods:
            self.insertPlainText(INDENT)
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the gutter the height of the editor."""
        super().resizeEvent(event)
        rect = self.contentsRect()
        self._gutter.setGeometry(QRect(rect.left(), rect.top(), self.gutter_width(), rect.height()))

    def changeEvent(self, event: QEvent) -> None:
        """A zoom changes the font, and so the gutter width."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._update_margins()

    def _update_margins(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())
        if rect.contains(self.viewport().rect()):
            self._update_margins()
