"""`exam-app result verify`: check result bundles offline before anyone reads them."""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Any

from exam_app.commands.common import add_passphrase_option, print_json, unlock_key
from exam_app.core import keys
from exam_app.core.errors import ExamAppError
from exam_app.core.pack_file import read_pack_bytes
from exam_app.core.result_bundle import MAX_RESULT_FILE_BYTES, open_result
from exam_app.core.result_checks import check_result
from exam_app.core.result_summary import format_result_line, summarize_result


def register(groups: dict[str, Any]) -> None:
    """Add the `result` subcommands."""
    verify = groups["result"].add_parser(
        "verify", help="verify result bundles (signature, binding, event log)"
    )
    verify.add_argument("bundles", type=Path, nargs="+", metavar="BUNDLE")
    verify.add_argument("--recruiter-key", type=Path, required=True, metavar="RECRUITER.key")
    verify.add_argument("--trust-stations", type=Path, nargs="+", required=True, metavar="STATION.pub")
    verify.add_argument(
        "--pack", type=Path, metavar="PACK", help="also check every bundle belongs to this pack"
    )
    verify.add_argument(
        "--json", action="store_true", help="print one JSON object, with each bundle's events"
    )
    add_passphrase_option(verify)
    verify.set_defaults(handler=_verify)


def _verify(args: argparse.Namespace) -> int:
    stations = [keys.read_public(path, "station") for path in args.trust_stations]
    pack_sha256 = hashlib.sha256(read_pack_bytes(args.pack)).hexdigest() if args.pack else None
    recruiter = unlock_key(args.recruiter_key, args, "recruiter")
    reports: list[dict[str, Any]] = []
    seen_sessions: dict[str, Path] = {}
    for bundle in args.bundles:
        report: dict[str, Any] = {"file": str(bundle), "ok": False}
        try:
            if bundle.stat().st_size > MAX_RESULT_FILE_BYTES:
                raise ExamAppError("file is larger than any result bundle can be")
            opened = open_result(bundle.read_bytes(), stations, recruiter)
            check_result(opened, pack_sha256=pack_sha256)
            session_id = opened.header.session_id
            if session_id in seen_sessions:
                raise ExamAppError(f"replayed: session {session_id} is also in {seen_sessions[session_id]}")
            seen_sessions[session_id] = bundle
            report.update(ok=True, summary=summarize_result(opened), events=opened.payload["events"])
        except (ExamAppError, OSError) as exc:
            report["reason"] = str(exc) if isinstance(exc, ExamAppError) else (exc.strerror or str(exc))
        reports.append(report)
    failed = [report for report in reports if not report["ok"]]
    if args.json:
        print_json({"bundles": reports, "verified": len(reports) - len(failed), "failed": len(failed)})
    else:
        for report in reports:
            if report["ok"]:
                print(f"ok: {report['file']}: {format_result_line(report['summary'])}")
    for report in failed:
        print(f"error: {report['file']}: {report['reason']}", file=sys.stderr)
    return 1 if failed else 0
