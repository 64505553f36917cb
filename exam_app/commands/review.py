"""`exam-app review`: the reviewer's store: db upgrade/status, import bundles, list candidates, reports.

Grading commands are in `review_grade`. Every command takes `--db URL` (default: $EXAM_APP_REVIEW_DB, else
SQLite in the app's data directory).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exam_app.commands.common import add_passphrase_option, print_json, read_secret_line, unlock_key
from exam_app.core import keys
from exam_app.core.errors import ExamAppError
from exam_app.core.review_types import SORT_KEYS, CandidateQuery, ImportReport

# The store, Alembic, reportlab and rich take most of a second to import: every `exam-app` command (the exam
# client included) would pay for it, so review handlers import them when they run.
if TYPE_CHECKING:
    from exam_app.core.model import Pack
    from exam_app.store.review_store import ReviewStore


def open_store(args: argparse.Namespace) -> ReviewStore:
    """The review store named by --db (or the default), created if new."""
    from exam_app.store.review_store import ReviewStore

    return ReviewStore.open(args.db)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """The option every review command has."""
    parser.add_argument("--db", metavar="URL", help="review store: SQLAlchemy URL or SQLite file")


def resolve_session(store: ReviewStore, name: str) -> str:
    """The one session id a candidate id, session id or session id prefix names."""
    found = store.find_sessions(name)
    if not found:
        raise ExamAppError(f"no candidate or session {name!r} in the review store")
    if len(found) > 1:
        raise ExamAppError(f"{name!r} names {len(found)} sittings; give a session id: {', '.join(found)}")
    return found[0]


def register(groups: dict[str, Any]) -> None:
    """Add the `review` subcommands (grading ones are added by `review_grade`)."""
    review = groups["review"]
    db = review.add_parser("db", help="create, upgrade or inspect the review store")
    db_commands = db.add_subparsers(dest="db_command", metavar="SUBCOMMAND", required=True)
    for name, handler, text in (
        ("upgrade", _upgrade, "bring the store to this app's schema (backs up SQLite)"),
        ("status", _status, "show the store's schema revision"),
    ):
        parser = db_commands.add_parser(name, help=text)
        add_db_option(parser)
        parser.set_defaults(handler=handler)

    imp = review.add_parser("import", help="verify result bundles and store them for grading")
    imp.add_argument("paths", type=Path, nargs="+", metavar="PATH", help="bundles, or folders of bundles")
    imp.add_argument("--recruiter-key", type=Path, required=True, metavar="RECRUITER.key")
    imp.add_argument("--trust-stations", type=Path, nargs="+", required=True, metavar="STATION.pub")
    imp.add_argument(
        "--pack", type=Path, metavar="PACK", help="store this pack's questions; bundles must be of it"
    )
    imp.add_argument(
        "--release-code-file", type=Path, metavar="FILE", help="the pack's release code (with --pack)"
    )
    imp.add_argument(
        "--trust-issuers",
        type=Path,
        nargs="+",
        default=[],
        metavar="ISSUER.pub",
        help="issuer keys that may sign the pack (with --pack)",
    )
    imp.add_argument("--workers", type=int, metavar="N", help="verifying processes (default: one per core)")
    add_passphrase_option(imp)
    add_db_option(imp)
    imp.set_defaults(handler=_import)

    listing = review.add_parser("list", help="list candidates, sorted and filtered")
    listing.add_argument("--sort", choices=SORT_KEYS, default="priority")
    listing.add_argument("--ascending", action="store_true")
    listing.add_argument("--search", default="", metavar="TEXT", help="candidate id or name contains TEXT")
    listing.add_argument("--pack-id", metavar="ID")
    listing.add_argument("--ungraded", action="store_true", help="only candidates with answers to grade")
    listing.add_argument(
        "--unreviewed", action="store_true", help="only candidates not reviewed for integrity"
    )
    listing.add_argument("--limit", type=int, metavar="N")
    listing.add_argument("--json", action="store_true")
    add_db_option(listing)
    listing.set_defaults(handler=_list)

    report = review.add_parser("report", help="cohort CSV, or PDF reports per candidate and for the cohort")
    report.add_argument("--format", choices=("csv", "pdf"), required=True)
    report.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="PATH",
        help="file; for PDF without --candidate, a folder (overview.pdf + one per candidate)",
    )
    report.add_argument("--candidate", metavar="ID", help="candidate id or session id")
    report.add_argument("--pack-id", metavar="ID", help="only sittings of this pack")
    add_db_option(report)
    report.set_defaults(handler=_report)

    workspace = review.add_parser("open", help="open the reviewer workspace window")
    add_db_option(workspace)
    workspace.set_defaults(handler=_open)


def _open(args: argparse.Namespace) -> int:
    from exam_app.ui.review.app import run_workspace

    return run_workspace(args.db)


def _upgrade(args: argparse.Namespace) -> int:
    from exam_app.store.review_database import create_review_engine, describe, resolve_url, upgrade_store

    engine = create_review_engine(resolve_url(args.db))
    try:
        result = upgrade_store(engine, now=datetime.now(UTC))
    finally:
        engine.dispose()
    where = describe(engine.url)
    if result.before == result.after:
        print(f"{where}: already at schema revision {result.after}")
    else:
        print(f"{where}: upgraded from {result.before or 'empty'} to schema revision {result.after}")
    if result.backup is not None:
        print(f"backup: {result.backup}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from exam_app.store.review_database import describe

    store = open_store(args)
    try:
        print(
            f"{describe(store.engine.url)}: schema revision up to date;"
            f" {store.count_candidates()} candidate(s)"
        )
    finally:
        store.close()
    return 0


def _pack(args: argparse.Namespace) -> tuple[Pack, str] | None:
    """The opened --pack and its file's SHA-256: its signature is checked, its validity window is not."""
    from exam_app.core.pack_file import open_pack_for_review, read_pack_bytes

    if args.pack is None:
        return None
    if args.release_code_file is None or not args.trust_issuers:
        raise ExamAppError("--pack needs --release-code-file FILE and --trust-issuers ISSUER.pub")
    issuers = [keys.read_public(path, "issuer") for path in args.trust_issuers]
    code = read_secret_line(args.release_code_file, "release code")
    return open_pack_for_review(read_pack_bytes(args.pack), issuers, code)


def _import(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from exam_app.core.review_verify import WorkerKeys
    from exam_app.store.review_database import describe
    from exam_app.store.review_import import ImportProgress, import_bundles

    if args.workers is not None and args.workers < 0:
        raise ExamAppError("--workers must be 0 (no extra processes) or more")
    pack = _pack(args)
    stations = [keys.read_public(path, "station") for path in args.trust_stations]
    recruiter = unlock_key(args.recruiter_key, args, "recruiter")
    worker_keys = WorkerKeys.from_keys(recruiter, stations, pack[1] if pack else None)
    store = open_store(args)
    console = Console(stderr=True)
    columns = (TextColumn("verifying"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    try:
        with Progress(*columns, console=console, disable=not console.is_terminal) as progress:
            task = progress.add_task("import", total=None)

            def advance(step: ImportProgress) -> None:
                progress.update(task, completed=step.done, total=step.total)

            report = import_bundles(
                store,
                args.paths,
                worker_keys,
                now=datetime.now(UTC),
                pack=pack,
                workers=args.workers,
                progress=advance,
            )
        where = describe(store.engine.url)
    finally:
        store.close()
    return _print_import(report, where)


def _print_import(report: ImportReport, where: str) -> int:
    if report.questions_stored:
        print(f"stored {report.questions_stored} question(s) of the pack")
    print(
        f"imported {report.count('imported')}, already imported {report.count('duplicate')},"
        f" rejected {report.count('rejected')} (store: {where})"
    )
    for outcome in report.rejected:
        print(f"error: {outcome.file}: {outcome.reason}", file=sys.stderr)
    return 1 if report.rejected else 0


def _list(args: argparse.Namespace) -> int:
    query = CandidateQuery(
        text=args.search,
        pack_id=args.pack_id,
        reviewed=False if args.unreviewed else None,
        needs_grading=True if args.ungraded else None,
        sort=args.sort,
        descending=not args.ascending,
        limit=args.limit,
    )
    store = open_store(args)
    try:
        rows = store.list_candidates(query)
    finally:
        store.close()
    if args.json:
        print_json([row.__dict__ for row in rows])
        return 0
    print(
        f"{'candidate':<16} {'score':>13} {'ungraded':>8} {'away s':>7} {'signals':>7} {'priority':>8}"
        "  session"
    )
    for row in rows:
        score = f"{row.score_earned:g}/{row.score_available:g}"
        mark = "" if row.reviewed else " *"
        print(
            f"{row.candidate_id:<16} {score:>13} {row.ungraded:>8} {row.seconds_away:>7.0f} {row.signals:>7}"
            f" {row.priority:>8.0f}  {row.session_id}{mark}"
        )
    print(f"{len(rows)} candidate(s); * = not yet reviewed for integrity")
    return 0


def _report(args: argparse.Namespace) -> int:
    from exam_app.core.atomic_file import write_atomic
    from exam_app.core.review_pdf import candidate_pdf, cohort_pdf
    from exam_app.core.review_report import cohort_csv
    from exam_app.store.review_reports import candidate_reports

    store = open_store(args)
    try:
        sessions = [resolve_session(store, args.candidate)] if args.candidate else None
        reports = candidate_reports(store, sessions, pack_id=args.pack_id)
    finally:
        store.close()
    if not reports:
        raise ExamAppError("no candidates in the review store to report on (import bundles first)")
    if args.format == "csv":
        write_atomic(args.out, cohort_csv(reports))
        print(f"wrote {args.out} ({len(reports)} candidate(s))")
    elif args.candidate:
        write_atomic(args.out, candidate_pdf(reports[0]))
        print(f"wrote {args.out}")
    else:
        args.out.mkdir(parents=True, exist_ok=True)
        title = f"Cohort overview: {args.pack_id}" if args.pack_id else "Cohort overview"
        write_atomic(args.out / "overview.pdf", cohort_pdf(reports, title, now=datetime.now(UTC)))
        for report in reports:
            row = report.detail.row
            write_atomic(
                args.out / f"{_safe(row.candidate_id)}-{row.session_id[:8]}.pdf", candidate_pdf(report)
            )
        print(f"wrote {args.out / 'overview.pdf'} and {len(reports)} candidate report(s) in {args.out}")
    return 0


def _safe(name: str) -> str:
    """A candidate id as a file name part (ids come from packs and may hold any character)."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:60] or "candidate"
