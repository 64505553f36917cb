"""`ReviewStore`: read the review store as core values (`exam_app.core.review_types`), never as ORM rows.

Threading: every method opens its own short connection from the engine's pool, so one `ReviewStore` may be
used from a worker thread while the GUI thread only receives the frozen values it returns. Do not use one
store from two threads at the same time; give each thread its own `ReviewStore(engine)` if needed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Select, func, select, update

from exam_app.core.errors import ExamAppError
from exam_app.core.model import Pack, Question
from exam_app.core.review_grading import total_line
from exam_app.core.review_types import (
    FIRST_MARKER,
    SECOND_MARKER,
    AnswerRecord,
    CandidateQuery,
    CandidateRow,
    EventRecord,
    Grade,
    SaveRecord,
)
from exam_app.store.review_database import open_review_engine, resolve_url
from exam_app.store.review_models import (
    AnswerRow,
    AnswerSaveRow,
    EventRow,
    GradeRow,
    IntegrityReviewRow,
    KeyPointTick,
    PackRecord,
    Sitting,
)

ALL_CANDIDATES = CandidateQuery()
_SORT_COLUMNS = {
    "priority": Sitting.priority,
    "score": Sitting.score_earned,
    "candidate": Sitting.candidate_id,
    "started": Sitting.started_wall,
    "seconds_away": Sitting.seconds_away,
    "signals": Sitting.signals,
    "ungraded": Sitting.ungraded,
}


def utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; the store only ever writes UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class ReviewStore:
    """The review store on one engine: candidates, answers, histories, events; packs' questions cached."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._packs: dict[int, dict[str, Question]] = {}

    @classmethod
    def open(cls, url: str | None = None) -> ReviewStore:
        """Open (creating if new) the store at `url`, $EXAM_APP_REVIEW_DB or the default SQLite file."""
        return cls(open_review_engine(resolve_url(url)))

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

    # -- packs --------------------------------------------------------------------------------------------
    def questions(self, connection: Connection, pack_ref: int) -> dict[str, Question]:
        """The questions of a stored pack by id (empty until the pack itself was imported with --pack)."""
        if pack_ref not in self._packs:
            definition = connection.scalar(select(PackRecord.definition).where(PackRecord.id == pack_ref))
            pack = Pack.from_payload(definition) if definition else None
            self._packs[pack_ref] = {q.id: q for q in pack.questions()} if pack else {}
        return self._packs[pack_ref]

    def forget_pack(self, pack_ref: int) -> None:
        """Drop a cached pack after its definition changed."""
        self._packs.pop(pack_ref, None)

    # -- candidates ---------------------------------------------------------------------------------------
    def _filtered(self, query: CandidateQuery, statement: Select[Any]) -> Select[Any]:
        if query.text:
            statement = statement.where(
                Sitting.candidate_id.icontains(query.text, autoescape=True)
                | Sitting.candidate_name.icontains(query.text, autoescape=True)
            )
        if query.pack_id is not None:
            statement = statement.where(PackRecord.pack_id == query.pack_id)
        if query.reviewed is not None:
            statement = statement.where(Sitting.reviewed == query.reviewed)
        if query.needs_grading is not None:
            statement = statement.where((Sitting.ungraded > 0) == query.needs_grading)
        return statement

    def list_candidates(self, query: CandidateQuery = ALL_CANDIDATES) -> list[CandidateRow]:
        """The candidate list, filtered, sorted (ties by session id) and paged as `query` says."""
        column = _SORT_COLUMNS[query.sort]
        order = column.desc() if query.descending else column.asc()
        statement = self._filtered(query, _row_select()).order_by(order, Sitting.session_id)
        statement = statement.offset(query.offset).limit(query.limit)
        with self.engine.connect() as connection:
            return [_candidate_row(row) for row in connection.execute(statement)]

    def count_candidates(self, query: CandidateQuery = ALL_CANDIDATES) -> int:
        """How many candidates match `query` (ignoring its paging)."""
        statement = self._filtered(query, select(func.count(Sitting.id)).join(PackRecord))
        with self.engine.connect() as connection:
            return int(connection.scalar(statement) or 0)

    def candidate(self, session_id: str) -> CandidateRow:
        """One candidate's list row."""
        with self.engine.connect() as connection:
            row = connection.execute(_row_select().where(Sitting.session_id == session_id)).first()
        if row is None:
            raise ExamAppError(f"no sitting with session id {session_id} in the review store")
        return _candidate_row(row)

    def find_sessions(self, name: str) -> list[str]:
        """Session ids of a candidate id, else of a session id or its prefix (at least 6 hex digits)."""
        with self.engine.connect() as connection:
            found = connection.scalars(select(Sitting.session_id).where(Sitting.candidate_id == name)).all()
            if not found and len(name) >= 6:
                found = connection.scalars(
                    select(Sitting.session_id).where(
                        Sitting.session_id.startswith(name.lower(), autoescape=True)
                    )
                ).all()
        return sorted(found)

    # -- a sitting's content ------------------------------------------------------------------------------
    def sitting_ref(self, connection: Connection, session_id: str) -> tuple[int, int]:
        """(sitting row id, pack row id) of a session; raises when it is not in the store."""
        row = connection.execute(
            select(Sitting.id, Sitting.pack_ref).where(Sitting.session_id == session_id)
        ).first()
        if row is None:
            raise ExamAppError(f"no sitting with session id {session_id} in the review store")
        return row[0], row[1]

    def answers(self, session_id: str) -> list[AnswerRecord]:
        """A sitting's answers in the order the candidate saw them, with questions and grades."""
        with self.engine.connect() as connection:
            sitting, _pack = self.sitting_ref(connection, session_id)
            return self.answer_records(connection, [sitting]).get(sitting, [])

    def answer_history(self, session_id: str, question_id: str) -> list[SaveRecord]:
        """Every save of one answer, oldest first: step through what the candidate wrote."""
        with self.engine.connect() as connection:
            sitting, _pack = self.sitting_ref(connection, session_id)
            rows = connection.execute(
                select(AnswerSaveRow)
                .where(AnswerSaveRow.sitting_ref == sitting, AnswerSaveRow.question_id == question_id)
                .order_by(AnswerSaveRow.position)
            )
            return [SaveRecord(r.question_id, r.revision, r.value, r.elapsed, r.wall) for r in rows]

    def events(self, session_id: str) -> list[EventRecord]:
        """A sitting's verified event log, in order."""
        with self.engine.connect() as connection:
            sitting, _pack = self.sitting_ref(connection, session_id)
            return self.event_records(connection, [sitting]).get(sitting, [])

    def answers_to_question(self, pack_id: str, question_id: str) -> list[AnswerRecord]:
        """Every candidate's answer to one question of a pack (grade question by question), by session id."""
        with self.engine.connect() as connection:
            refs = connection.scalars(
                select(Sitting.id)
                .join(PackRecord)
                .join(AnswerRow, AnswerRow.sitting_ref == Sitting.id)
                .where(PackRecord.pack_id == pack_id, AnswerRow.question_id == question_id)
            ).all()
            records = self.answer_records(connection, refs)
        found = [a for answers in records.values() for a in answers if a.question_id == question_id]
        return sorted(found, key=lambda answer: answer.session_id)

    # -- bulk loaders (also used by grading, import and reports) -------------------------------------------
    def answer_records(
        self, connection: Connection, sittings: Iterable[int]
    ) -> dict[int, list[AnswerRecord]]:
        """Answers of many sittings at once, with their questions and both markers' grades."""
        refs = list(sittings)
        result: dict[int, list[AnswerRecord]] = defaultdict(list)
        for chunk in _chunks(refs):
            rows = connection.execute(
                select(AnswerRow, Sitting.session_id, Sitting.pack_ref)
                .join(Sitting, AnswerRow.sitting_ref == Sitting.id)
                .where(AnswerRow.sitting_ref.in_(chunk))
                .order_by(AnswerRow.sitting_ref, AnswerRow.position)
            ).all()
            grades = self._grades(connection, [row.id for row in rows])
            for a in rows:  # Core rows: the answer's columns, then session_id and pack_ref
                result[a.sitting_ref].append(
                    AnswerRecord(
                        a.session_id,
                        a.question_id,
                        a.position,
                        a.section_id,
                        a.value,
                        a.seconds,
                        a.flagged,
                        self.questions(connection, a.pack_ref).get(a.question_id),
                        a.auto_points,
                        grades.get((a.id, FIRST_MARKER)),
                        grades.get((a.id, SECOND_MARKER)),
                    )
                )
        return result

    def _grades(self, connection: Connection, answer_ids: list[int]) -> dict[tuple[int, int], Grade]:
        grades: dict[tuple[int, int], Grade] = {}
        for chunk in _chunks(answer_ids):
            rows = connection.execute(
                select(GradeRow, AnswerRow.question_id, Sitting.session_id)
                .join(AnswerRow, GradeRow.answer_ref == AnswerRow.id)
                .join(Sitting, AnswerRow.sitting_ref == Sitting.id)
                .where(GradeRow.answer_ref.in_(chunk))
            ).all()
            ticks: dict[int, list[tuple[int, bool]]] = defaultdict(list)
            grade_ids = [row.id for row in rows]
            for tick in connection.execute(select(KeyPointTick).where(KeyPointTick.grade_ref.in_(grade_ids))):
                ticks[tick.grade_ref].append((tick.position, tick.ticked))
            for g in rows:
                ticked = tuple(flag for _position, flag in sorted(ticks[g.id]))
                grades[(g.answer_ref, g.marker)] = Grade(
                    g.session_id,
                    g.question_id,
                    g.marker,
                    g.points,
                    ticked,
                    g.adjustment,
                    g.comment,
                    g.reviewer,
                    utc(g.graded_at),
                )
        return grades

    def event_records(self, connection: Connection, sittings: Iterable[int]) -> dict[int, list[EventRecord]]:
        """Event logs of many sittings at once."""
        result: dict[int, list[EventRecord]] = defaultdict(list)
        for chunk in _chunks(list(sittings)):
            rows = connection.execute(
                select(EventRow)
                .where(EventRow.sitting_ref.in_(chunk))
                .order_by(EventRow.sitting_ref, EventRow.seq)
            )
            for r in rows:
                result[r.sitting_ref].append(EventRecord(r.seq, r.kind, r.detail, r.elapsed, r.wall))
        return result

    def refresh_scores(self, connection: Connection, sittings: Iterable[int]) -> None:
        """Recompute the list's score figures of these sittings from their answers and grades of record."""
        records = self.answer_records(connection, sittings)
        for sitting, answers in records.items():
            if not any(answer.question is not None for answer in answers):
                continue  # pack not imported: the station's figures stay
            total = total_line(answers)
            connection.execute(
                update(Sitting)
                .where(Sitting.id == sitting)
                .values(
                    score_earned=total.earned,
                    score_available=total.available,
                    ungraded=sum(answer.needs_grading for answer in answers),
                )
            )

    def latest_mark(self, connection: Connection, sitting: int) -> Any:
        """The newest integrity review mark row of a sitting (reviewer, note, reviewed_at), or None."""
        return connection.execute(
            select(IntegrityReviewRow)
            .where(IntegrityReviewRow.sitting_ref == sitting)
            .order_by(IntegrityReviewRow.id.desc())
            .limit(1)
        ).first()


# Databases limit bound parameters per statement (SQLite: 32,766), so long IN lists go in chunks.
_CHUNK = 900


def _chunks(items: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _row_select() -> Select[*tuple[Any, ...]]:
    return select(
        Sitting.session_id,
        Sitting.candidate_id,
        Sitting.candidate_name,
        PackRecord.pack_id,
        PackRecord.version,
        Sitting.started_wall,
        Sitting.elapsed,
        Sitting.end_reason,
        Sitting.score_earned,
        Sitting.score_available,
        Sitting.ungraded,
        Sitting.seconds_away,
        Sitting.focus_losses,
        Sitting.signals,
        Sitting.locks,
        Sitting.priority,
        Sitting.reviewed,
    ).join(PackRecord, Sitting.pack_ref == PackRecord.id)


def _candidate_row(row: Any) -> CandidateRow:
    return CandidateRow(*row)
