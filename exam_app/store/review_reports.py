"""Load whole sittings from the review store for screens and reports, many at a time.

`load_sittings` reads rows, answers, grades, events, integrity marks and notes in a few bulk queries rather
than a handful per candidate, so a cohort of 10,000 loads in seconds, not minutes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import Select, select

from exam_app.core.errors import ExamAppError
from exam_app.core.model import Pack
from exam_app.core.review_grading import find_disagreements
from exam_app.core.review_report import CandidateReport, build_report
from exam_app.core.review_types import (
    CandidateRow,
    IntegrityMark,
    ReviewerNote,
    SittingDetail,
    Verification,
)
from exam_app.store.review_models import IntegrityReviewRow, NoteRow, PackRecord, Sitting
from exam_app.store.review_store import ReviewStore, utc


def _sittings_query(session_ids: Sequence[str] | None, pack_id: str | None) -> Select[Sitting]:
    statement = select(Sitting).join(PackRecord)
    if session_ids is not None:
        statement = statement.where(Sitting.session_id.in_(list(session_ids)))
    if pack_id is not None:
        statement = statement.where(PackRecord.pack_id == pack_id)
    return statement.order_by(Sitting.candidate_id, Sitting.session_id)


def load_sittings(
    store: ReviewStore, session_ids: Sequence[str] | None = None, *, pack_id: str | None = None
) -> list[SittingDetail]:
    """Every sitting (or those named, or of one pack) with answers, grades, events, mark and notes."""
    with store.engine.connect() as connection:
        sittings = [row for row in connection.execute(_sittings_query(session_ids, pack_id))]
        if session_ids is not None and len(sittings) != len(set(session_ids)):
            missing = sorted(set(session_ids) - {s.session_id for s in sittings})
            raise ExamAppError(f"no sitting with session id {missing[0]} in the review store")
        refs = [s.id for s in sittings]
        answers = store.answer_records(connection, refs)
        events = store.event_records(connection, refs)
        packs = {
            p.id: p
            for p in connection.execute(
                select(
                    PackRecord.id,
                    PackRecord.title,
                    PackRecord.pack_id,
                    PackRecord.version,
                    PackRecord.sha256,
                    PackRecord.definition,
                )
            )
        }
        # The newest mark wins: rows come oldest first and later ones overwrite earlier ones.
        wanted = set(refs)
        marks = {
            m.sitting_ref: m
            for m in connection.execute(select(IntegrityReviewRow).order_by(IntegrityReviewRow.id))
            if m.sitting_ref in wanted
        }
        session_of = {s.id: s.session_id for s in sittings}
        notes: dict[int, list[ReviewerNote]] = {}
        for n in connection.execute(select(NoteRow).order_by(NoteRow.id)):
            if n.sitting_ref in wanted:
                notes.setdefault(n.sitting_ref, []).append(
                    ReviewerNote(
                        session_of[n.sitting_ref], n.question_id, n.reviewer, n.text, utc(n.written_at)
                    )
                )
    titles = {
        ref: {section.id: section.title for section in Pack.from_payload(p.definition).sections}
        for ref, p in packs.items()
        if p.definition
    }
    details = []
    for s in sittings:
        pack = packs[s.pack_ref]
        mark = marks.get(s.id)
        sections = titles.get(s.pack_ref, {})
        details.append(
            SittingDetail(
                row=CandidateRow(
                    s.session_id,
                    s.candidate_id,
                    s.candidate_name,
                    pack.pack_id,
                    pack.version,
                    s.started_wall,
                    s.elapsed,
                    s.end_reason,
                    s.score_earned,
                    s.score_available,
                    s.ungraded,
                    s.seconds_away,
                    s.focus_losses,
                    s.signals,
                    s.locks,
                    s.priority,
                    s.reviewed,
                ),
                answers=tuple(answers.get(s.id, [])),
                events=tuple(events.get(s.id, [])),
                verification=Verification(
                    s.bundle_file,
                    s.bundle_sha256,
                    s.payload_sha256,
                    pack.sha256,
                    s.station,
                    s.station_key_id,
                    s.bundle_created,
                    s.event_head,
                    s.event_count,
                    utc(s.imported_at),
                    s.verified_by,
                ),
                pack_title=pack.title,
                sections=sections,
                mark=IntegrityMark(s.session_id, mark.reviewer, mark.note, utc(mark.reviewed_at))
                if mark
                else None,
                notes=tuple(notes.get(s.id, [])),
            )
        )
    return details


def candidate_reports(
    store: ReviewStore, session_ids: Sequence[str] | None = None, *, pack_id: str | None = None
) -> list[CandidateReport]:
    """Report figures for every sitting loaded by `load_sittings`, with second-marker disagreement counts."""
    details = load_sittings(store, session_ids, pack_id=pack_id)
    first = [a.grade for d in details for a in d.answers if a.grade is not None]
    second = [a.second_grade for d in details for a in d.answers if a.second_grade is not None]
    disagreements = Counter(d.session_id for d in find_disagreements(first, second))
    return [build_report(detail, disagreements=disagreements[detail.row.session_id]) for detail in details]
