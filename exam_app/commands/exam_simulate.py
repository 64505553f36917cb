"""`exam-app exam simulate`: run a whole session headless and write a real result bundle.

It uses the same engine, the same sealing and the same export as the GUI; only the candidate is a script.
"""

from __future__ import annotations

import argparse
import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from exam_app.commands import SIMULATE_COMMAND
from exam_app.commands.common import add_passphrase_option, read_secret_line, unlock_key
from exam_app.core import keys
from exam_app.core.errors import ExamAppError
from exam_app.core.pack_file import open_pack, read_pack_bytes, verify_pack
from exam_app.core.result_export import bundle_file_name, export_bundle
from exam_app.core.result_payload import seal_session
from exam_app.core.session_record import MemorySessionStore
from exam_app.core.simulate import load_script, run_script
from exam_app.core.station_config import load_station_config

# `exam-app exam [PACK]` opens the GUI, so `exam simulate` is dispatched by cli.main to this hidden command.


def register(groups: dict[str, Any]) -> None:
    """Add the hidden top-level `exam-simulate` command (spelt `exam simulate` by users)."""
    parser = groups[""].add_parser(
        SIMULATE_COMMAND,
        prog="exam-app exam simulate",
        # Not __doc__: the frozen program is built without docstrings.
        description="Run a whole session headless with a scripted candidate and write a real result bundle.",
    )
    parser.add_argument("pack", type=Path, metavar="PACK")
    parser.add_argument("--release-code-file", type=Path, required=True, metavar="FILE")
    parser.add_argument("--candidate", required=True, metavar="ID")
    parser.add_argument("--name", default="", metavar="NAME", help="candidate name (default: the id)")
    parser.add_argument("--answers", type=Path, required=True, metavar="ANSWERS.json")
    parser.add_argument("--events", type=Path, metavar="EVENTS.json")
    parser.add_argument("--station-key", type=Path, required=True, metavar="STATION.key")
    parser.add_argument("--trust", type=Path, action="append", default=[], metavar="ISSUER.pub",
                        help="issuer keys to trust (default: this station's trusted issuers)")  # fmt: skip
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    add_passphrase_option(parser)
    parser.set_defaults(handler=_simulate)


def _simulate(args: argparse.Namespace) -> int:
    trusted = [
        keys.read_public(path, "issuer") for path in args.trust
    ] or load_station_config().trusted_keys()
    steps = load_script(args.answers, args.events)
    data = read_pack_bytes(args.pack)
    verified = verify_pack(data, trusted, now=datetime.now(UTC))
    station = unlock_key(args.station_key, args, "station")
    pack = open_pack(verified, read_secret_line(args.release_code_file, "release code"), station)
    store = MemorySessionStore()
    name = args.name or args.candidate
    session = run_script(
        pack, steps, store, candidate_id=args.candidate, candidate_name=name, station=station
    )
    pack_sha256 = hashlib.sha256(data).hexdigest()
    bundle = seal_session(session, store, station, pack_sha256=pack_sha256, now=datetime.now(UTC))
    args.out.mkdir(parents=True, exist_ok=True)
    file_name = bundle_file_name(pack.id, session.record.candidate_id, session.record.session_id)
    outcome = export_bundle(bundle, file_name, [args.out], station.public)
    if not outcome.safe:
        raise ExamAppError(f"{args.out}: {outcome.failed[0][1]}")
    answered = len(session.items) - len(session.unanswered())
    print(
        f"simulated {pack.id} v{pack.version} for {session.record.candidate_id}:"
        f" {answered}/{len(session.items)} answered in {session.timer.elapsed():.0f} s"
    )
    print(f"wrote {outcome.written[0]}")
    print(f"receipt {outcome.receipt.code}")
    return 0
