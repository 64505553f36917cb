"""`exam-app session verify`: check this station's stored exam sessions for tampering.

Each session's event chain must link, its checkpoints must carry this station's signature, and its answer
history must match the chain's `answer_saved` events. This catches edits made with any SQLite tool; it
cannot catch a rewrite by someone holding the station key (see SECURITY-NOTES).
"""

from __future__ import annotations

import argparse
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from exam_app.commands import session_export
from exam_app.commands.common import print_json
from exam_app.core.errors import ExamAppError
from exam_app.core.event_chain import ChainError
from exam_app.core.paths import station_database_path
from exam_app.core.session_record import SessionRecord, SessionStore, verify_session_log
from exam_app.core.station_config import load_station_config

SHORT_HASH = 12  # hex digits of the head hash shown per session: enough to compare by eye


def register(groups: dict[str, Any]) -> None:
    """Add the `session` subcommands."""
    verify = groups["session"].add_parser(
        "verify",
        help="check the event logs and answer histories of this station's sessions",
        description="Verify each session's event chain, the station's checkpoints and the answer history.",
    )
    verify.add_argument("--candidate", metavar="ID", help="only this candidate's sessions")
    verify.add_argument("--pack-id", metavar="ID", help="only sessions of this pack")
    verify.add_argument("--json", action="store_true", help="print one JSON document")
    verify.set_defaults(handler=_verify)
    session_export.register(groups)


def _verify(args: argparse.Namespace) -> int:
    # Imported here: SQLAlchemy costs a third of a second, and most commands never need it.
    from exam_app.store.database import open_station_database
    from exam_app.store.session_store import SqlSessionStore

    signing = load_station_config().station_public().signing
    if signing is None:  # read_public(..., "station") guarantees one; this keeps the types honest
        raise ExamAppError("the station public key has no signing key")
    station_key = Ed25519PublicKey.from_public_bytes(signing.public_bytes)
    path = station_database_path()
    if not path.exists():  # opening would create an empty database: say plainly there is nothing here
        raise ExamAppError(f"no exam sessions on this station yet ({path} does not exist)")
    engine = open_station_database(path)
    try:
        store = SqlSessionStore(engine)
        matching = [
            record for record in store.sessions()
            if (args.candidate is None or record.candidate_id == args.candidate)
            and (args.pack_id is None or record.pack_id == args.pack_id)
        ]  # fmt: skip
        results = [_check(store, record, station_key) for record in matching]
    finally:
        engine.dispose()
    if not results:
        raise ExamAppError("no session on this station matches")
    if args.json:
        print_json(results)
    else:
        for result in results:
            print(_line(result))
    failed = sum(not result["ok"] for result in results)
    if failed:
        raise ExamAppError(f"{failed} of {len(results)} sessions failed verification")
    return 0


def _check(store: SessionStore, record: SessionRecord, station_key: Ed25519PublicKey) -> dict[str, Any]:
    """One session's verdict, as `--json` prints it."""
    result: dict[str, Any] = {
        "session_id": record.session_id,
        "candidate_id": record.candidate_id,
        "pack_id": record.pack_id,
        "pack_version": record.pack_version,
        "state": record.state,
    }
    try:
        head = verify_session_log(store, record, station_key)
    except ChainError as exc:
        return {**result, "ok": False, "fault": str(exc)}
    return {**result, "ok": True, "head": head}


def _line(result: dict[str, Any]) -> str:
    who = f"{result['candidate_id']}  {result['pack_id']} v{result['pack_version']}  {result['state']}"
    if result["ok"]:
        return f"ok      {who}  head {result['head'][:SHORT_HASH]}"
    return f"FAILED  {who}  {result['fault']}"
