"""`exam-app session export`: seal and write a submitted session's result bundle again, from the station.

For when the client stopped after submission but before a copy was written, or a USB stick was lost: the
session is always kept in the station database, and this rebuilds the same signed, encrypted bundle from
it (a new bundle: its `created` time and receipt differ; its session id and contents are the same).
"""

from __future__ import annotations

import argparse
import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from exam_app.commands.common import add_passphrase_option, passphrase, read_secret_line
from exam_app.core.errors import ExamAppError
from exam_app.core.pack_file import open_pack, read_pack_bytes, verify_pack
from exam_app.core.paths import station_database_path
from exam_app.core.result_export import bundle_file_name, export_bundle
from exam_app.core.result_payload import seal_session
from exam_app.core.session import ExamSession
from exam_app.core.station_config import load_station_config
from exam_app.core.station_setup import unlock_station_key


def register(groups: dict[str, Any]) -> None:
    """Add `session export`."""
    export = groups["session"].add_parser("export", help="write a submitted session's result bundle again")
    export.add_argument("pack", type=Path, metavar="PACK", help="the .exampack the session ran")
    export.add_argument("--candidate", required=True, metavar="ID")
    export.add_argument("--release-code-file", type=Path, required=True, metavar="FILE")
    export.add_argument(
        "--out", type=Path, action="append", metavar="DIR",
        help="destination folder (repeatable; default: the station's results and copy folders)",
    )  # fmt: skip
    add_passphrase_option(export)
    export.set_defaults(handler=_export)


def _export(args: argparse.Namespace) -> int:
    # Imported here: SQLAlchemy costs a third of a second, and most commands never need it.
    from exam_app.store.database import open_station_database
    from exam_app.store.session_store import SqlSessionStore

    config = load_station_config()
    data = read_pack_bytes(args.pack)
    verified = verify_pack(data, config.trusted_keys(), now=datetime.now(UTC))
    typed = (
        "" if config.passphrase_file else passphrase(args, for_key=str(config.station_key)).decode("utf-8")
    )
    station = unlock_station_key(config, typed)
    pack = open_pack(verified, read_secret_line(args.release_code_file, "release code"), station)
    store = SqlSessionStore(open_station_database(station_database_path()))
    record = store.find(pack.id, pack.version, args.candidate)
    if record is None:
        raise ExamAppError(
            f"no session of candidate {args.candidate} for {pack.id} v{pack.version} on this station"
        )
    if record.state != "submitted":
        raise ExamAppError(
            f"candidate {args.candidate}'s session is {record.state}: resume it in the client first"
        )
    # Building the session object only reads the store: the submitted session is not changed.
    session = ExamSession(pack, record, store, signer=station.signing_key)
    # The readiness report the client logged at exam start goes into the bundle, as the client would put it.
    checks = [event.detail for event in store.events(record.session_id) if event.kind == "station_checks"]
    bundle = seal_session(
        session, store, station, pack_sha256=hashlib.sha256(data).hexdigest(), now=datetime.now(UTC),
        readiness=checks[0] if checks else None,
    )  # fmt: skip
    folders = args.out or [config.results_dir, *config.copy_to]
    outcome = export_bundle(
        bundle, bundle_file_name(pack.id, record.candidate_id, record.session_id), folders, station.public
    )
    for folder, problem in outcome.failed:
        print(f"warning: {folder}: {problem}")
    if not outcome.safe:
        raise ExamAppError(
            "no destination could be written; nothing was lost: the session stays on this station"
        )
    for path in outcome.written:
        print(f"wrote {path}")
    print(f"receipt {outcome.receipt.code}")
    return 0
