"""`exam-app check` (readiness) and `exam-app proctor code` (offline one-time codes)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from exam_app.commands.common import add_passphrase_option, print_json, read_secret_line, unlock_key
from exam_app.core import keys
from exam_app.core.errors import ExamAppError
from exam_app.core.model import Policy
from exam_app.core.pack_file import inspect_pack, open_pack, read_pack_bytes, verify_pack
from exam_app.core.proctor_codes import derive_proctor_secret, normalize_code, parse_action, proctor_code
from exam_app.core.readiness import report, run_checks
from exam_app.core.source import load_source
from exam_app.core.station_config import load_station_config
from exam_app.platform.displays import count_x_screens
from exam_app.platform.machine import LinuxMachineFacts
from exam_app.platform.processes import PsutilProcessSource

_MARK = {"pass": "ok  ", "warn": "WARN", "info": "info"}


def register(groups: dict[str, Any]) -> None:
    """Add `check` and `proctor code`."""
    check = groups[""].add_parser("check", help="run every integrity detector once and show the evidence")
    check.add_argument(
        "--pack", type=Path, metavar="PACK", help="use this pack's policy (.yaml source or .exampack)"
    )
    check.add_argument("--release-code-file", type=Path, metavar="FILE", help="to read an .exampack's policy")
    check.add_argument("--trust", type=Path, action="append", default=[], metavar="ISSUER.pub")
    check.add_argument("--station-key", type=Path, metavar="STATION.key", help="for a pack bound to stations")
    check.add_argument("--json", action="store_true")
    add_passphrase_option(check)
    check.set_defaults(handler=_check)

    code = groups["proctor"].add_parser(
        "code", help="derive the one-time code that resumes, extends or ends a locked exam"
    )
    code.add_argument("--pack", type=Path, required=True, metavar="PACK")
    code.add_argument("--release-code-file", type=Path, required=True, metavar="FILE")
    code.add_argument(
        "--continuation", required=True, metavar="CODE", help="the code on the station's lock screen"
    )
    code.add_argument("--action", required=True, metavar="ACTION", help="resume, end or add-time:MINUTES")
    code.set_defaults(handler=_proctor_code)


def _policy(args: argparse.Namespace) -> tuple[Policy, str]:
    if args.pack is None:
        return Policy(), "default policy"
    if args.pack.suffix in (".yaml", ".yml"):
        return load_source(args.pack).pack.policy, f"policy of {args.pack}"
    if args.release_code_file is None:
        raise ExamAppError("--pack with an .exampack needs --release-code-file to read its policy")
    trusted = [
        keys.read_public(path, "issuer") for path in args.trust
    ] or load_station_config().trusted_keys()
    verified = verify_pack(read_pack_bytes(args.pack), trusted, now=datetime.now(UTC))
    station = (
        unlock_key(args.station_key, args, "station")
        if verified.header.stations and args.station_key
        else None
    )
    pack = open_pack(verified, read_secret_line(args.release_code_file, "release code"), station)
    return pack.policy, f"policy of {pack.id} v{pack.version}"


def _check(args: argparse.Namespace) -> int:
    policy, source = _policy(args)
    findings = run_checks(policy, LinuxMachineFacts(), PsutilProcessSource(), count_x_screens())
    result = report(findings)
    if args.json:
        print_json(dict(result, policy=source))
        return 0
    print(f"readiness check ({source}):")
    for finding in findings:
        print(f"  {_MARK[finding.status]}  {finding.check}: {finding.evidence}")
    print(
        "ready" if result["ready"] else "not ready: settle each WARN with the exam organiser before exam day"
    )
    return 0


def _proctor_code(args: argparse.Namespace) -> int:
    header = inspect_pack(read_pack_bytes(args.pack))
    action = parse_action(args.action)
    continuation = normalize_code(args.continuation)
    secret = derive_proctor_secret(
        read_secret_line(args.release_code_file, "release code"), header.pack_id, header.pack_version
    )
    pack = f"{header.pack_id} v{header.pack_version}"
    print(f"proctor code for {action.text} (continuation {continuation}, pack {pack}):")
    print(proctor_code(secret, continuation, action))
    return 0
