"""PDF reports with reportlab: one per candidate, and a cohort overview with the score distribution per level.

A candidate's report shows scores by section and level, every answer's points and who gave them, the key
points ticked, the integrity summary with the timeline picture, and how the bundle was verified with its
fingerprints. Text from bundles and reviewers is escaped before reportlab's paragraph markup sees it.
"""

from __future__ import annotations

import functools
import io
import statistics
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from exam_app.core.model import LEVELS
from exam_app.core.review_charts import distribution_drawing, timeline_drawing
from exam_app.core.review_grading import ScoreLine, answer_points, key_points
from exam_app.core.review_report import CandidateReport
from exam_app.core.review_types import AnswerRecord

# DejaVu covers most scripts candidates' names are written in; reportlab's built-in Helvetica is Latin-1 only.
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/Library/Fonts"), Path("C:/Windows/Fonts"))
CONTENT_WIDTH = A4[0] - 36 * mm


@functools.cache
def _fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans when installed, else Helvetica."""
    for folder in _FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=bold, fontSize=16, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, fontSize=12, spaceBefore=8),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontName=regular, fontSize=9, leading=12),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontName=regular, fontSize=8, leading=10),
    }


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(escape(text), _styles()[style])


def _table(rows: list[list[Any]], widths: Sequence[float | None] | None = None) -> Table:
    """A plain table with a bold header row; cells may be text or flowables."""
    regular, bold = _fonts()
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, 8),
                ("FONT", (0, 0), (-1, 0), bold, 8),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F2F2F2")]),
            ]
        )
    )
    return table


def _points(value: float) -> str:
    return f"{round(value, 2):g}"


def _score_rows(lines: Sequence[ScoreLine]) -> list[list[Any]]:
    rows: list[list[Any]] = [["", "earned", "available", "%", "not yet graded"]]
    for line in lines:
        percent = f"{line.percent:.0f}" if line.percent is not None else "-"
        rows.append(
            [line.label, _points(line.earned), _points(line.available), percent, _points(line.pending)]
        )
    return rows


def _when(moment: float | datetime) -> str:
    value = moment if isinstance(moment, datetime) else datetime.fromtimestamp(moment, UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _graded_by(answer: AnswerRecord) -> str:
    if answer.question is None:
        return "pack not imported"
    if answer.question.is_objective:
        return "automatic"
    return f"{answer.grade.reviewer}, {_when(answer.grade.graded_at)}" if answer.grade else "not graded yet"


def _answers(report: CandidateReport) -> list[Any]:
    rows: list[list[Any]] = [["#", "question", "section", "type", "level", "points", "graded by"]]
    for answer in report.detail.answers:
        earned, available, _pending = answer_points(answer)
        question = answer.question
        rows.append(
            [
                str(answer.position + 1),
                answer.question_id,
                answer.section_id,
                question.type if question else "?",
                (question.level or "-") if question else "?",
                f"{_points(earned)} / {_points(available)}",
                _p(_graded_by(answer), "small"),
            ]
        )
    return [_p("Answers", "h2"), _table(rows, [8 * mm, 28 * mm, 28 * mm, 24 * mm, 22 * mm, 18 * mm, None])]


def _key_points(report: CandidateReport) -> list[Any]:
    parts: list[Any] = [_p("Key points", "h2")]
    free_text = [a for a in report.detail.answers if a.question is not None and not a.question.is_objective]
    if not free_text:
        parts.append(_p("No free-text answers (or the pack's questions were not imported)."))
    for answer in free_text:
        assert answer.question is not None
        ticks = answer.grade.key_points if answer.grade else ()
        rows: list[list[Any]] = [["key point", "points", "covered"]]
        for index, point in enumerate(key_points(answer.question)):
            covered = ("yes" if ticks[index] else "no") if index < len(ticks) else "not graded"
            rows.append([_p(point.text, "small"), _points(point.points), covered])
        note = ""
        if answer.grade is not None:
            note = f"Grade {_points(answer.grade.points)} by {answer.grade.reviewer}"
            if answer.grade.adjustment:
                note += f" (adjusted {answer.grade.adjustment:+g}: {answer.grade.comment})"
            elif answer.grade.comment:
                note += f": {answer.grade.comment}"
        parts.append(
            KeepTogether(
                [
                    _p(f"{answer.question_id}: {answer.question.prompt}", "small"),
                    _table(rows, [CONTENT_WIDTH - 40 * mm, 18 * mm, 22 * mm]),
                    _p(note, "small"),
                    Spacer(1, 4),
                ]
            )
        )
    return parts


def _integrity(report: CandidateReport) -> list[Any]:
    summary, detail = report.integrity, report.detail
    rows = [
        ["seconds away", "focus losses", "signals", "locks", "proctor actions", "review priority"],
        [
            _points(summary.seconds_away),
            str(summary.focus_losses),
            str(summary.signals),
            str(summary.locks),
            str(summary.proctor_actions),
            _points(summary.priority),
        ],
    ]
    mark = detail.mark
    reviewed = (
        f"Reviewed by {mark.reviewer} on {_when(mark.reviewed_at)}: {mark.note}"
        if mark
        else "Not reviewed yet."
    )
    heading = [_p("Integrity", "h2"), _table(rows), Spacer(1, 4)]
    timeline = timeline_drawing(report.timeline, detail.row.elapsed, CONTENT_WIDTH)
    parts: list[Any] = [KeepTogether([*heading, timeline]), _p(reviewed)]
    signals = [item for item in report.timeline if item.lane in ("signal", "focus", "lock", "proctor")]
    if signals:
        events = [["at (min)", "event"]] + [
            [f"{item.start / 60:.1f}", _p(item.label, "small")] for item in signals
        ]
        parts.append(_table(events, [20 * mm, CONTENT_WIDTH - 20 * mm]))
    return parts


def _verification(report: CandidateReport) -> list[Any]:
    v = report.detail.verification
    rows = [
        ["fingerprint", "value"],
        ["bundle file", _p(v.bundle_file, "small")],
        ["bundle SHA-256", v.bundle_sha256],
        ["payload SHA-256", v.payload_sha256],
        ["pack SHA-256", v.pack_sha256],
        ["event head", v.event_head],
        ["events", str(v.event_count)],
        ["station", v.station],
        ["station key id", v.station_key_id],
        ["sealed", v.created],
        ["verified and imported", f"{_when(v.imported_at)} by exam-app {v.app_version}"],
    ]
    checks = [_p(f"passed: {check}", "small") for check in v.checks]
    return [_p("Verification", "h2"), *checks, Spacer(1, 3), _table(rows, [38 * mm, None])]


def _document(story: list[Any], title: str) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        author="exam-app review",
    )
    document.build(story)
    return buffer.getvalue()


def candidate_story(report: CandidateReport) -> list[Any]:
    """The flowables of one candidate's report (also used to put several candidates in one document)."""
    row = report.detail.row
    story: list[Any] = [
        _p(f"Candidate {row.candidate_id}: {row.candidate_name}", "title"),
        _p(f"{report.detail.pack_title} (pack {row.pack_id} v{row.pack_version}), session {row.session_id}"),
        _p(f"Started {_when(row.started_wall)}, {row.elapsed / 60:.1f} minutes, ended: {row.end_reason}."),
        _p("Scores", "h2"),
        _table(_score_rows([report.total, report.objective, report.free_text])),
    ]
    if not report.pack_known:
        story.append(_p("The pack's questions were not imported: scores are the station's automatic score."))
    story += [
        _p("By section", "h2"),
        _table(_score_rows(report.by_section)),
        _p("By level", "h2"),
        _table(_score_rows(report.by_level)),
    ]
    return story + _answers(report) + _key_points(report) + _integrity(report) + _verification(report)


def candidate_pdf(report: CandidateReport) -> bytes:
    """One candidate's report as PDF bytes."""
    return _document(candidate_story(report), f"Candidate report {report.detail.row.candidate_id}")


def cohort_pdf(reports: Sequence[CandidateReport], title: str, *, now: datetime) -> bytes:
    """The cohort overview: per-level figures, the score distribution chart and every candidate's line."""
    by_level: dict[str, list[float]] = {level: [] for level in LEVELS}
    for report in reports:
        for line in report.by_level:
            if line.graded_percent is not None:
                by_level[line.label].append(line.graded_percent)
    stats: list[list[Any]] = [["level", "candidates", "mean %", "median %"]]
    for level, values in by_level.items():
        if values:
            stats.append(
                [
                    level,
                    str(len(values)),
                    f"{statistics.fmean(values):.0f}",
                    f"{statistics.median(values):.0f}",
                ]
            )
    people: list[list[Any]] = [["candidate", "name", "score", "%", "ungraded", "priority", "reviewed"]]
    for report in sorted(reports, key=lambda r: (-r.detail.row.score_earned, r.detail.row.candidate_id)):
        row = report.detail.row
        percent = 100 * row.score_earned / row.score_available if row.score_available else 0.0
        people.append(
            [
                row.candidate_id,
                _p(row.candidate_name, "small"),
                f"{_points(row.score_earned)} / {_points(row.score_available)}",
                f"{percent:.0f}",
                str(row.ungraded),
                _points(row.priority),
                "yes" if report.detail.mark else "no",
            ]
        )
    story: list[Any] = [
        _p(title, "title"),
        _p(f"{len(reports)} candidate(s); generated {_when(now)}."),
        _p("By level", "h2"),
        _table(stats),
        _p("Score distribution per level", "h2"),
        _p("Percentages are of the points graded so far: answers not yet graded are left out.", "small"),
        distribution_drawing({level: values for level, values in by_level.items() if values}, CONTENT_WIDTH),
        _p("Candidates", "h2"),
        _table(people, [26 * mm, None, 24 * mm, 12 * mm, 18 * mm, 18 * mm, 18 * mm]),
    ]
    return _document(story, title)
