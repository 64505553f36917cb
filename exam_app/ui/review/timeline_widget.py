"""A sitting's integrity timeline: one lane per kind of item along exam time, with a legend.

Focus losses and locks are bars (they last); proctor actions, other signals and answer saves are ticks.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from exam_app.core.review_integrity import LANES, Lane, TimelineItem

LANE_TITLES: dict[Lane, str] = {
    "focus": "Focus lost",
    "lock": "Locked",
    "signal": "Signals",
    "proctor": "Proctor",
    "save": "Answer saves",
}
# Colours chosen to stay apart for the common colour-vision deficiencies (Okabe-Ito palette).
LANE_COLOURS: dict[Lane, str] = {
    "focus": "#E69F00",
    "lock": "#D55E00",
    "signal": "#CC79A7",
    "proctor": "#0072B2",
    "save": "#009E73",
}
LABEL_WIDTH = 110
LANE_HEIGHT = 26
AXIS_HEIGHT = 22
MARGIN = 8


class TimelineWidget(QWidget):
    """Paints `build_timeline` items; exam time runs from 0 to the sitting's elapsed seconds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[TimelineItem] = []
        self._elapsed = 0.0
        self.setMinimumHeight(self.sizeHint().height())

    def set_timeline(self, items: Sequence[TimelineItem], elapsed: float) -> None:
        """Show these items over `elapsed` seconds of exam time, and repaint."""
        self._items = list(items)
        self._elapsed = max(elapsed, max((item.end for item in items), default=0.0), 1.0)
        self.setToolTip("\n".join(f"{item.start:.0f} s: {item.label}" for item in self._items))
        self.update()

    @property
    def items(self) -> list[TimelineItem]:
        """The items shown."""
        return list(self._items)

    def sizeHint(self) -> QSize:
        """Room for every lane, the time axis and the legend."""
        return QSize(640, 2 * MARGIN + LANE_HEIGHT * len(LANES) + AXIS_HEIGHT + LANE_HEIGHT)

    def _x(self, seconds: float) -> float:
        width = self.width() - LABEL_WIDTH - 2 * MARGIN
        return LABEL_WIDTH + MARGIN + width * seconds / self._elapsed if self._elapsed else LABEL_WIDTH

    def paintEvent(self, event: QPaintEvent) -> None:
        """Lanes with their titles, bars and ticks, a minute axis and the legend."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        text = self.palette().text().color()
        for lane_index, lane in enumerate(LANES):
            top = MARGIN + lane_index * LANE_HEIGHT
            painter.setPen(text)
            painter.drawText(QRectF(MARGIN, top, LABEL_WIDTH, LANE_HEIGHT), Qt.AlignmentFlag.AlignVCenter,
                             LANE_TITLES[lane])  # fmt: skip
            painter.setPen(QPen(QColor("#BBBBBB"), 1))
            middle = top + LANE_HEIGHT / 2
            painter.drawLine(int(self._x(0)), int(middle), int(self._x(self._elapsed)), int(middle))
            for item in (i for i in self._items if i.lane == lane):
                self._draw_item(painter, item, top)
        self._draw_axis(painter, MARGIN + len(LANES) * LANE_HEIGHT, text)
        self._draw_legend(painter, MARGIN + len(LANES) * LANE_HEIGHT + AXIS_HEIGHT, text)
        painter.end()

    def _draw_item(self, painter: QPainter, item: TimelineItem, top: float) -> None:
        colour = QColor(LANE_COLOURS[item.lane])
        if item.end > item.start:
            left, right = self._x(item.start), self._x(item.end)
            painter.fillRect(QRectF(left, top + 5, max(right - left, 2.0), LANE_HEIGHT - 10), colour)
        else:
            painter.setPen(QPen(colour, 2))
            x = int(self._x(item.start))
            painter.drawLine(x, int(top + 4), x, int(top + LANE_HEIGHT - 4))

    def _draw_axis(self, painter: QPainter, top: float, colour: QColor) -> None:
        painter.setPen(colour)
        painter.drawLine(int(self._x(0)), int(top + 2), int(self._x(self._elapsed)), int(top + 2))
        minutes = int(self._elapsed // 60)
        step = max(1, minutes // 10)  # at most about ten labels, whatever the exam's length
        for minute in range(0, minutes + 1, step):
            x = self._x(minute * 60.0)
            painter.drawLine(int(x), int(top), int(x), int(top + 5))
            painter.drawText(QRectF(x - 20, top + 4, 40, AXIS_HEIGHT - 4), Qt.AlignmentFlag.AlignHCenter,
                             f"{minute}m")  # fmt: skip

    def _draw_legend(self, painter: QPainter, top: float, colour: QColor) -> None:
        x = float(MARGIN)
        for lane in LANES:
            painter.fillRect(QRectF(x, top + 8, 12, 10), QColor(LANE_COLOURS[lane]))
            painter.setPen(colour)
            title = LANE_TITLES[lane] + (" (span)" if lane in ("focus", "lock") else " (moment)")
            width = painter.fontMetrics().horizontalAdvance(title) + 30
            painter.drawText(QRectF(x + 16, top, width, LANE_HEIGHT), Qt.AlignmentFlag.AlignVCenter, title)
            x += width
