"""Pictures for review reports, as reportlab drawings: a sitting's integrity timeline and the cohort's scores.

Drawings are vector graphics that go straight into a PDF; a GUI draws the same `TimelineItem`s with its own
painter. Colours (a colour-blind-safe palette) always come with lane labels or a legend, so the charts still
read in greyscale print.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from exam_app.core.review_integrity import LANES, TimelineItem

LANE_HEIGHT = 16.0
LABEL_WIDTH = 58.0
AXIS_HEIGHT = 22.0
LANE_TITLES = {"focus": "away", "lock": "locked", "signal": "signals", "proctor": "proctor", "save": "saves"}
LANE_COLOURS = {
    "focus": colors.HexColor("#E69F00"),
    "lock": colors.HexColor("#D55E00"),
    "signal": colors.HexColor("#CC79A7"),
    "proctor": colors.HexColor("#0072B2"),
    "save": colors.HexColor("#7F7F7F"),
}
LEVEL_COLOURS = (colors.HexColor("#56B4E9"), colors.HexColor("#009E73"), colors.HexColor("#E69F00"))
BINS = tuple(f"{low}-{low + 10}%" for low in range(0, 100, 10))


def _tick_step(minutes: float) -> float:
    """A round tick interval giving at most about ten ticks."""
    for step in (1, 2, 5, 10, 15, 30, 60, 120):
        if minutes / step <= 10:
            return float(step)
    return float(math.ceil(minutes / 10))


def timeline_drawing(items: Sequence[TimelineItem], elapsed: float, width: float = 480.0) -> Drawing:
    """One lane per kind of event along exam time (minutes): spans as bars, moments as ticks."""
    height = AXIS_HEIGHT + LANE_HEIGHT * len(LANES) + 4
    drawing = Drawing(width, height)
    plot = width - LABEL_WIDTH - 6
    seconds = max(elapsed, 1.0)

    def x(at: float) -> float:
        return LABEL_WIDTH + plot * min(max(at, 0.0), seconds) / seconds

    for row, lane in enumerate(LANES):
        y = height - (row + 1) * LANE_HEIGHT
        drawing.add(
            Rect(
                LABEL_WIDTH,
                y + 1,
                plot,
                LANE_HEIGHT - 2,
                fillColor=colors.HexColor("#F4F4F4"),
                strokeColor=None,
            )
        )
        drawing.add(String(2, y + 4, LANE_TITLES[lane], fontName="Helvetica", fontSize=8))
        for item in (item for item in items if item.lane == lane):
            colour = LANE_COLOURS[lane]
            if item.end > item.start:
                span = max(x(item.end) - x(item.start), 1.5)
                drawing.add(
                    Rect(x(item.start), y + 3, span, LANE_HEIGHT - 6, fillColor=colour, strokeColor=None)
                )
            else:
                drawing.add(
                    Line(
                        x(item.start),
                        y + 2,
                        x(item.start),
                        y + LANE_HEIGHT - 2,
                        strokeColor=colour,
                        strokeWidth=1.2,
                    )
                )
    minutes = seconds / 60
    step = _tick_step(minutes)
    tick = 0.0
    while tick <= minutes + 1e-9:
        at = x(tick * 60)
        drawing.add(Line(at, AXIS_HEIGHT - 2, at, AXIS_HEIGHT + 2, strokeColor=colors.black, strokeWidth=0.5))
        drawing.add(
            String(at, AXIS_HEIGHT - 11, f"{tick:g}", fontName="Helvetica", fontSize=7, textAnchor="middle")
        )
        tick += step
    drawing.add(
        Line(
            LABEL_WIDTH,
            AXIS_HEIGHT,
            LABEL_WIDTH + plot,
            AXIS_HEIGHT,
            strokeColor=colors.black,
            strokeWidth=0.5,
        )
    )
    drawing.add(
        String(
            LABEL_WIDTH + plot / 2,
            1,
            "exam time (minutes)",
            fontName="Helvetica",
            fontSize=7,
            textAnchor="middle",
        )
    )
    return drawing


def bin_counts(percents: Sequence[float]) -> list[int]:
    """How many percentages fall in each 10 % bin (100 % counts in the last bin)."""
    counts = [0] * len(BINS)
    for percent in percents:
        counts[min(int(max(percent, 0.0) // 10), len(BINS) - 1)] += 1
    return counts


def distribution_drawing(percents_by_level: Mapping[str, Sequence[float]], width: float = 480.0) -> Drawing:
    """Grouped bars: for each level, how many candidates scored in each 10 % band of that level's points."""
    drawing = Drawing(width, 230)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 50, width - 60, 150
    levels = [level for level, values in percents_by_level.items() if values]
    data = [bin_counts(percents_by_level[level]) for level in levels] or [[0] * len(BINS)]
    chart.data = data
    chart.categoryAxis.categoryNames = list(BINS)
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(1, *(max(series) for series in data))
    chart.valueAxis.valueStep = max(1, math.ceil(chart.valueAxis.valueMax / 8))
    chart.valueAxis.labels.fontSize = 7
    for index in range(len(data)):
        chart.bars[index].fillColor = LEVEL_COLOURS[index % len(LEVEL_COLOURS)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y, legend.fontSize = 45, 222, 8
    legend.alignment, legend.columnMaximum, legend.dx, legend.dy = "right", 1, 8, 8
    legend.colorNamePairs = [(LEVEL_COLOURS[n % len(LEVEL_COLOURS)], level) for n, level in enumerate(levels)]
    drawing.add(legend)
    drawing.add(
        String(
            width / 2,
            2,
            "share of the level's points earned (candidates per band)",
            fontSize=7,
            fontName="Helvetica",
            textAnchor="middle",
        )
    )
    return drawing
