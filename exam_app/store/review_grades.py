"""`GradeBook`: what reviewers add to the store: grades with key-point ticks, notes and integrity marks.

The rules (ticks, adjustment, comment, clamping) are the core's (`review_grading`); this class checks the
answer exists, stores the grade, and keeps the sitting's score figures current in the same transaction.
Suggestions are computed on request and never stored or applied.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, insert, select, update

from exam_app.core.errors import ExamAppError
from exam_app.core.review_grading import find_disagreements, grade_answer, key_points
from exam_app.core.review_suggest import Suggestion, suggest
from exam_app.core.review_types import (
    FIRST_MARKER,
    SECOND_MARKER,
    AnswerRecord,
    Disagreement,
    Grade,
    IntegrityMark,
    ReviewerNote,
)
from exam_app.store.review_models import (
    AnswerRow,
    GradeRow,
    IntegrityReviewRow,
    KeyPointTick,
    NoteRow,
    PackRecord,
    Sitting,
)
from exam_app.store.review_store import ReviewStore, utc


class GradeBook:
    """Grades, notes and integrity marks on one review store."""

    def __init__(self, store: ReviewStore) -> None:
        self.store = store

    def _answer(self, session_id: str, question_id: str) -> AnswerRecord:
        for answer in self.store.answers(session_id):
            if answer.question_id == question_id:
                return answer
        raise ExamAppError(f"session {session_id} has no answer to question {question_id}")

    def grade(
        self,
        session_id: str,
        question_id: str,
        *,
        ticked: Sequence[bool],
        adjustment: float = 0.0,
        comment: str = "",
        reviewer: str,
        now: datetime,
        marker: int = FIRST_MARKER,
    ) -> Grade:
        """Record (or replace) `reviewer`'s grade of one free-text answer; returns the stored grade."""
        answer = self._answer(session_id, question_id)
        if answer.question is None:
            raise ExamAppError(
                f"the questions of this sitting's pack are not in the store: import the pack with"
                f" `exam-app review import --pack` before grading {question_id}"
            )
        grade = grade_answer(
            answer.question,
            session_id,
            ticked=ticked,
            adjustment=adjustment,
            comment=comment,
            reviewer=reviewer,
            now=now,
            marker=marker,
        )
        with self.store.engine.begin() as connection:
            sitting, _pack = self.store.sitting_ref(connection, session_id)
            answer_ref = connection.scalar(
                select(AnswerRow.id).where(
                    AnswerRow.sitting_ref == sitting, AnswerRow.question_id == question_id
                )
            )
            connection.execute(
                delete(GradeRow).where(GradeRow.answer_ref == answer_ref, GradeRow.marker == marker)
            )
            key = connection.execute(
                insert(GradeRow).values(
                    answer_ref=answer_ref,
                    marker=marker,
                    points=grade.points,
                    adjustment=grade.adjustment,
                    comment=grade.comment,
                    reviewer=grade.reviewer,
                    graded_at=grade.graded_at,
                )
            ).inserted_primary_key
            assert key is not None  # a single-row INSERT always has one
            grade_ref = key[0]
            if grade.key_points:
                ticks = [
                    {"grade_ref": grade_ref, "position": n, "ticked": t}
                    for n, t in enumerate(grade.key_points)
                ]
                connection.execute(insert(KeyPointTick), ticks)
            if marker == FIRST_MARKER:
                self.store.refresh_scores(connection, [sitting])
        return grade

    def grades(self, marker: int = FIRST_MARKER, *, pack_id: str | None = None) -> list[Grade]:
        """Every grade by one marker (optionally for one pack), by session and question."""
        with self.store.engine.connect() as connection:
            statement = select(Sitting.id).join(PackRecord)
            if pack_id is not None:
                statement = statement.where(PackRecord.pack_id == pack_id)
            records = self.store.answer_records(connection, connection.scalars(statement).all())
        found = [
            grade
            for answers in records.values()
            for answer in answers
            if (grade := answer.grade if marker == FIRST_MARKER else answer.second_grade) is not None
        ]
        return sorted(found, key=lambda grade: (grade.session_id, grade.question_id))

    def disagreements(self, tolerance: float = 0.0, *, pack_id: str | None = None) -> list[Disagreement]:
        """Answers where the second marker's points differ from the first's by more than `tolerance`."""
        first = self.grades(FIRST_MARKER, pack_id=pack_id)
        return find_disagreements(first, self.grades(SECOND_MARKER, pack_id=pack_id), tolerance)

    def suggestion(self, session_id: str, question_id: str) -> Suggestion:
        """Assisted suggestion for one free-text answer (explained; never applied by itself)."""
        answer = self._answer(session_id, question_id)
        question = answer.question
        if question is None or question.is_objective:
            raise ExamAppError(f"question {question_id} is not a free-text question of an imported pack")
        text = answer.value if isinstance(answer.value, str) else ""
        return suggest(text, key_points(question), max_points=question.points, code=question.type == "code")

    def mark_reviewed(self, session_id: str, *, reviewer: str, note: str, now: datetime) -> IntegrityMark:
        """Mark a sitting's integrity as reviewed, with a note (a later mark replaces it in the list)."""
        if not reviewer.strip():
            raise ExamAppError("an integrity review records its reviewer: give a reviewer name")
        with self.store.engine.begin() as connection:
            sitting, _pack = self.store.sitting_ref(connection, session_id)
            connection.execute(
                insert(IntegrityReviewRow).values(
                    sitting_ref=sitting, reviewer=reviewer.strip(), note=note.strip(), reviewed_at=now
                )
            )
            connection.execute(update(Sitting).where(Sitting.id == sitting).values(reviewed=True))
        return IntegrityMark(session_id, reviewer.strip(), note.strip(), now)

    def integrity_mark(self, session_id: str) -> IntegrityMark | None:
        """The current integrity review mark of a sitting, if any."""
        with self.store.engine.connect() as connection:
            sitting, _pack = self.store.sitting_ref(connection, session_id)
            row = self.store.latest_mark(connection, sitting)
        return (
            None if row is None else IntegrityMark(session_id, row.reviewer, row.note, utc(row.reviewed_at))
        )

    def add_note(
        self, session_id: str, text: str, *, reviewer: str, now: datetime, question_id: str | None = None
    ) -> ReviewerNote:
        """Attach a reviewer's note to a sitting, or to one of its answers."""
        if not text.strip() or not reviewer.strip():
            raise ExamAppError("a note needs text and a reviewer name")
        with self.store.engine.begin() as connection:
            sitting, _pack = self.store.sitting_ref(connection, session_id)
            connection.execute(
                insert(NoteRow).values(
                    sitting_ref=sitting,
                    question_id=question_id,
                    reviewer=reviewer.strip(),
                    text=text.strip(),
                    written_at=now,
                )
            )
        return ReviewerNote(session_id, question_id, reviewer.strip(), text.strip(), now)

    def notes(self, session_id: str) -> list[ReviewerNote]:
        """A sitting's notes, oldest first."""
        with self.store.engine.connect() as connection:
            sitting, _pack = self.store.sitting_ref(connection, session_id)
            rows = connection.execute(
                select(NoteRow).where(NoteRow.sitting_ref == sitting).order_by(NoteRow.id)
            )
            return [
                ReviewerNote(session_id, r.question_id, r.reviewer, r.text, utc(r.written_at)) for r in rows
            ]
