"""Report figures for one sitting, and the cohort CSV (one row per candidate, stable documented columns).

Columns are a contract with whoever reads the CSV (a spreadsheet, an applicant tracking system): names never
change meaning, new columns are only added at the end, and docs/review.md documents every one. Figures that
need the pack's questions (per level, objective or free text) are empty when the pack was not imported.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from exam_app.core.answers import is_answered
from exam_app.core.model import LEVELS
from exam_app.core.review_grading import ScoreLine, level_of, score_lines, section_of, total_line
from exam_app.core.review_integrity import IntegritySummary, TimelineItem, build_timeline, summarize_integrity
from exam_app.core.review_types import SittingDetail

COLUMNS: tuple[str, ...] = (
    "session_id",
    "candidate_id",
    "candidate_name",
    "pack_id",
    "pack_version",
    "started_utc",
    "elapsed_minutes",
    "end_reason",
    "questions",
    "answered",
    "score",
    "score_available",
    "score_percent",
    "ungraded_answers",
    "pending_points",
    "objective_score",
    "objective_available",
    "free_text_score",
    "free_text_available",
    "beginner_score",
    "beginner_available",
    "intermediate_score",
    "intermediate_available",
    "experienced_score",
    "experienced_available",
    "seconds_away",
    "focus_losses",
    "integrity_signals",
    "locks",
    "proctor_actions",
    "review_priority",
    "integrity_reviewed",
    "integrity_reviewer",
    "integrity_note",
    "second_marker_disagreements",
    "station",
    "bundle_sha256",
    "event_head",
    "imported_utc",
)
# Spreadsheets run a cell that starts with one of these as a formula; such text gets a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CandidateReport:
    """Everything a candidate's PDF page and CSV row show, computed from a `SittingDetail`."""

    detail: SittingDetail
    pack_known: bool
    total: ScoreLine
    objective: ScoreLine
    free_text: ScoreLine
    by_section: tuple[ScoreLine, ...]
    by_level: tuple[ScoreLine, ...]
    integrity: IntegritySummary
    timeline: tuple[TimelineItem, ...]
    disagreements: int = 0


def build_report(detail: SittingDetail, *, disagreements: int = 0) -> CandidateReport:
    """Compute a sitting's report figures (sections titled when the pack is known, levels in level order)."""
    answers = detail.answers
    known = any(answer.question is not None for answer in answers)
    objective = [a for a in answers if a.question is not None and a.question.is_objective]
    free_text = [a for a in answers if a.question is not None and not a.question.is_objective]
    sections = [
        ScoreLine(detail.sections.get(line.label, line.label), line.earned, line.available, line.pending)
        for line in score_lines(answers, section_of)
    ]
    levels = {line.label: line for line in score_lines(answers, level_of)}
    elapsed = detail.row.elapsed
    return CandidateReport(
        detail,
        known,
        dataclasses.replace(total_line(answers), label="total"),
        dataclasses.replace(total_line(objective), label="objective"),
        dataclasses.replace(total_line(free_text), label="free text"),
        tuple(sections),
        tuple(levels[level] for level in LEVELS if level in levels),
        summarize_integrity(detail.events, elapsed),
        tuple(build_timeline(detail.events, elapsed)),
        disagreements,
    )


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _utc(moment: float | datetime) -> str:
    if isinstance(moment, datetime):
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def csv_row(report: CandidateReport) -> dict[str, str]:
    """One candidate's CSV row, by column name."""
    detail, row = report.detail, report.detail.row
    known = report.pack_known
    levels = {line.label: line for line in report.by_level}

    def pair(line: ScoreLine | None) -> tuple[str, str]:
        if not known:
            return "", ""
        return (_number(line.earned), _number(line.available)) if line else ("0", "0")

    percent = 100 * row.score_earned / row.score_available if row.score_available else 0.0
    values: dict[str, str] = {
        "session_id": row.session_id,
        "candidate_id": _text(row.candidate_id),
        "candidate_name": _text(row.candidate_name),
        "pack_id": row.pack_id,
        "pack_version": str(row.pack_version),
        "started_utc": _utc(row.started_wall),
        "elapsed_minutes": _number(row.elapsed / 60),
        "end_reason": _text(row.end_reason),
        "questions": str(len(detail.answers)),
        "answered": str(sum(is_answered(answer.value) for answer in detail.answers)),
        "score": _number(row.score_earned),
        "score_available": _number(row.score_available),
        "score_percent": f"{percent:.1f}",
        "ungraded_answers": str(row.ungraded),
        "pending_points": _number(report.total.pending) if known else "",
        "seconds_away": _number(report.integrity.seconds_away),
        "focus_losses": str(report.integrity.focus_losses),
        "integrity_signals": str(report.integrity.signals),
        "locks": str(report.integrity.locks),
        "proctor_actions": str(report.integrity.proctor_actions),
        "review_priority": _number(report.integrity.priority),
        "integrity_reviewed": "yes" if detail.mark else "no",
        "integrity_reviewer": _text(detail.mark.reviewer) if detail.mark else "",
        "integrity_note": _text(detail.mark.note) if detail.mark else "",
        "second_marker_disagreements": str(report.disagreements),
        "station": detail.verification.station,
        "bundle_sha256": detail.verification.bundle_sha256,
        "event_head": detail.verification.event_head,
        "imported_utc": _utc(detail.verification.imported_at),
    }
    values["objective_score"], values["objective_available"] = pair(report.objective)
    values["free_text_score"], values["free_text_available"] = pair(report.free_text)
    for level in LEVELS:
        values[f"{level}_score"], values[f"{level}_available"] = pair(levels.get(level))
    return values


def cohort_csv(reports: Iterable[CandidateReport]) -> bytes:
    """The cohort CSV: a header of COLUMNS, then one row per candidate; UTF-8, CRLF line ends (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for report in reports:
        writer.writerow(csv_row(report))
    return buffer.getvalue().encode("utf-8")
