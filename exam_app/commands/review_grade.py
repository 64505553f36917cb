"""`exam-app review` grading commands: answers, suggest, grade, history, mark-reviewed, disagreements.

The same store operations the review GUI uses, for reviewers who work in a terminal or script their
grading. Suggestions are printed for a person to judge; nothing here grades by itself.
"""

from __future__ import annotations

import argparse
import getpass
import os
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from exam_app.commands.common import print_json
from exam_app.commands.review import add_db_option, open_store, resolve_session
from exam_app.core.errors import ExamAppError
from exam_app.core.review_grading import answer_points, key_points
from exam_app.core.review_types import FIRST_MARKER, SECOND_MARKER

if TYPE_CHECKING:
    from exam_app.store.review_grades import GradeBook
    from exam_app.store.review_store import ReviewStore

REVIEWER_VARIABLE = "EXAM_APP_REVIEWER"


def _add(review: Any, name: str, text: str, *, question: bool = False, reviewer: bool = False) -> Any:
    parser = review.add_parser(name, help=text, description=text)
    parser.add_argument("candidate", metavar="CANDIDATE", help="candidate id or session id")
    if question:
        parser.add_argument("question", metavar="QUESTION", help="question id")
    if reviewer:
        parser.add_argument(
            "--reviewer",
            default=os.environ.get(REVIEWER_VARIABLE) or getpass.getuser(),
            metavar="NAME",
            help=f"who grades (default: ${REVIEWER_VARIABLE}, else your login)",
        )
    add_db_option(parser)
    return parser


def _grade_book(store: ReviewStore) -> GradeBook:
    from exam_app.store.review_grades import GradeBook  # lazily, like the store (see commands.review)

    return GradeBook(store)


def register(groups: dict[str, Any]) -> None:
    """Add the grading subcommands to `review`."""
    review = groups["review"]
    _add(review, "answers", "show a candidate's answers, points and key points").set_defaults(
        handler=_answers
    )
    suggest = _add(
        review, "suggest", "suggest which key points an answer covers (never applied)", question=True
    )
    suggest.add_argument("--json", action="store_true")
    suggest.set_defaults(handler=_suggest)
    grade = _add(review, "grade", "grade a free-text answer by its key points", question=True, reviewer=True)
    grade.add_argument(
        "--tick",
        type=int,
        action="append",
        default=[],
        metavar="N",
        help="key point N (1-based) is covered; repeat for each",
    )
    grade.add_argument("--adjust", type=float, default=0.0, metavar="POINTS", help="add or remove points")
    grade.add_argument("--comment", default="", metavar="TEXT", help="why (required with --adjust)")
    grade.add_argument("--second", action="store_true", help="record as the second marker's grade")
    grade.set_defaults(handler=_grade)
    _add(review, "history", "every save of one answer, oldest first", question=True).set_defaults(
        handler=_history
    )
    mark = _add(
        review, "mark-reviewed", "mark a candidate reviewed for integrity, with a note", reviewer=True
    )
    mark.add_argument("--note", required=True, metavar="TEXT")
    mark.set_defaults(handler=_mark)
    disagree = review.add_parser("disagreements", help="answers where first and second marker differ")
    disagree.add_argument("--tolerance", type=float, default=0.0, metavar="POINTS")
    disagree.add_argument("--pack-id", metavar="ID")
    add_db_option(disagree)
    disagree.set_defaults(handler=_disagreements)


def _answers(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        session = resolve_session(store, args.candidate)
        row, answers = store.candidate(session), store.answers(session)
    finally:
        store.close()
    print(
        f"{row.candidate_id} ({row.candidate_name}), session {session}:"
        f" {row.score_earned:g}/{row.score_available:g}"
    )
    for answer in answers:
        earned, available, _pending = answer_points(answer)
        status = "to grade" if answer.needs_grading else f"{earned:g}/{available:g}"
        print(f"\n[{answer.question_id}] {status}")
        if answer.question is not None:
            print(f"  prompt: {answer.question.prompt.strip()}")
            ticks = answer.grade.key_points if answer.grade else ()
            for n, point in enumerate(key_points(answer.question), 1):
                mark = "x" if n <= len(ticks) and ticks[n - 1] else " "
                print(f"  [{mark}] {n}. {point.text} ({point.points:g})")
        print("  answer: " + str(answer.value).replace("\n", "\n          "))
    return 0


def _suggest(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        suggestion = _grade_book(store).suggestion(resolve_session(store, args.candidate), args.question)
    finally:
        store.close()
    if args.json:
        print_json(
            {
                "suggested_points": suggestion.suggested_points,
                "key_points": [
                    {
                        "key_point": item.index + 1,
                        "covered": item.covered,
                        "sentence": item.sentence,
                        "start": item.start,
                        "end": item.end,
                        "cosine": item.cosine,
                        "overlap": item.overlap,
                        "shared_terms": list(item.shared_terms),
                    }
                    for item in suggestion.items
                ],
            }
        )
        return 0
    for item in suggestion.items:
        print(f"{item.index + 1}. {item.key_point.text}\n   {item.explanation}")
        if item.sentence:
            print(f"   sentence: {item.sentence!r}")
    ticks = " ".join(f"--tick {item.index + 1}" for item in suggestion.items if item.covered) or "(none)"
    print(f"suggested score {suggestion.suggested_points:g} ({ticks}); a suggestion only: you decide")
    return 0


def _grade(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        session = resolve_session(store, args.candidate)
        answer = next((a for a in store.answers(session) if a.question_id == args.question), None)
        if answer is None or answer.question is None:
            raise ExamAppError(f"no gradable answer to {args.question} for {args.candidate}")
        count = len(key_points(answer.question))
        if any(not 1 <= n <= count for n in args.tick):
            raise ExamAppError(f"--tick takes key point numbers from 1 to {count}")
        grade = _grade_book(store).grade(
            session,
            args.question,
            ticked=[n in args.tick for n in range(1, count + 1)],
            adjustment=args.adjust,
            comment=args.comment,
            reviewer=args.reviewer,
            now=datetime.now(UTC),
            marker=SECOND_MARKER if args.second else FIRST_MARKER,
        )
    finally:
        store.close()
    who = "second marker" if args.second else "grade of record"
    print(
        f"{args.candidate} {args.question}: {grade.points:g}/{answer.question.points:g}"
        f" ({who}, by {grade.reviewer})"
    )
    return 0


def _history(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        saves = store.answer_history(resolve_session(store, args.candidate), args.question)
    finally:
        store.close()
    for save in saves:
        print(f"revision {save.revision} at {save.elapsed / 60:.1f} min: {save.value!r}")
    print(f"{len(saves)} save(s)")
    return 0


def _mark(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        mark = _grade_book(store).mark_reviewed(
            resolve_session(store, args.candidate),
            reviewer=args.reviewer,
            note=args.note,
            now=datetime.now(UTC),
        )
    finally:
        store.close()
    print(f"{args.candidate}: integrity reviewed by {mark.reviewer}")
    return 0


def _disagreements(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        found = _grade_book(store).disagreements(args.tolerance, pack_id=args.pack_id)
    finally:
        store.close()
    for item in found:
        print(
            f"{item.session_id} {item.question_id}: {item.first.points:g} ({item.first.reviewer}) vs"
            f" {item.second.points:g} ({item.second.reviewer})"
        )
    print(f"{len(found)} disagreement(s)")
    return 0
