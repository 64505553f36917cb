"""`exam-app pack ...`: check sources, build, inspect, verify and open `.exampack` files."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from exam_app.commands.common import (
    add_passphrase_option,
    parse_time_option,
    print_json,
    read_secret_line,
    unlock_key,
)
from exam_app.commands.pack_check import register_check
from exam_app.core import keys, pack_file
from exam_app.core.errors import ExamAppError
from exam_app.core.paths import seen_versions_path
from exam_app.core.release_code import new_release_code
from exam_app.core.seen_versions import SeenVersions
from exam_app.core.source import load_source
from exam_app.core.summary import format_summary, summarize


def register(groups: dict[str, Any]) -> None:
    """Add the `pack` subcommands."""
    sub = groups["pack"]
    register_check(sub)

    build = sub.add_parser("build", help="sign and encrypt a pack source into a .exampack")
    build.add_argument("source", type=Path, metavar="SOURCE")
    build.add_argument("--sign-key", type=Path, required=True, metavar="ISSUER.key")
    build.add_argument("--out", type=Path, required=True, metavar="PACK")
    build.add_argument(
        "--to",
        type=Path,
        action="append",
        default=[],
        metavar="STATION.pub",
        help="also encrypt to this station (repeatable): then key and release code are both needed",
    )
    build.add_argument(
        "--results-to",
        type=Path,
        action="append",
        default=[],
        metavar="RECRUITER.pub",
        help="recruiter key that result bundles are encrypted to (repeatable)",
    )
    build.add_argument("--not-before", metavar="TIME", help="first moment the pack may be opened (UTC)")
    build.add_argument("--expires", metavar="TIME", help="moment the pack stops opening (UTC)")
    build.add_argument(
        "--release-code-out", type=Path, metavar="FILE", help="also write the release code to FILE"
    )
    add_passphrase_option(build)
    build.set_defaults(handler=_build)

    inspect = sub.add_parser("inspect", help="show a pack's header without verifying or decrypting it")
    inspect.add_argument("pack", type=Path, metavar="PACK")
    inspect.add_argument("--json", action="store_true")
    inspect.set_defaults(handler=_inspect)

    verify = sub.add_parser("verify", help="check a pack's signature, validity and version")
    verify.add_argument("pack", type=Path, metavar="PACK")
    verify.add_argument("--trust", type=Path, action="append", required=True, metavar="ISSUER.pub")
    verify.set_defaults(handler=_verify)

    opener = sub.add_parser("open", help="verify, decrypt and summarise a pack (nothing is written to disk)")
    opener.add_argument("pack", type=Path, metavar="PACK")
    opener.add_argument("--trust", type=Path, action="append", required=True, metavar="ISSUER.pub")
    code = opener.add_mutually_exclusive_group(required=True)
    code.add_argument("--release-code", metavar="CODE")
    code.add_argument("--release-code-file", type=Path, metavar="FILE")
    opener.add_argument("--station-key", type=Path, metavar="STATION.key")
    opener.add_argument("--json", action="store_true")
    add_passphrase_option(opener)
    opener.set_defaults(handler=_open)


def _build(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    not_before = parse_time_option(args.not_before, "--not-before")
    expires = parse_time_option(args.expires, "--expires")
    loaded = load_source(args.source)
    for warning in loaded.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    stations = [keys.read_public(path, "station") for path in args.to]
    recruiters = [keys.read_public(path, "recruiter") for path in args.results_to]
    if args.out.exists():
        raise ExamAppError(f"{args.out}: already exists; packs are never overwritten")
    issuer = unlock_key(args.sign_key, args, "issuer")
    release_code = new_release_code()
    data = pack_file.build_pack(
        loaded.pack,
        issuer,
        release_code=release_code,
        now=now,
        stations=stations,
        results_to=recruiters,
        not_before=not_before,
        expires=expires,
    )
    _write_new(args.out, data, mode=0o644)
    if args.release_code_out is not None:
        _write_new(args.release_code_out, (release_code + "\n").encode("ascii"), mode=0o600)
    print(
        f"built {args.out}: {loaded.pack.id} version {loaded.pack.version},"
        f" {loaded.pack.question_count} questions"
    )
    print(f"signed by issuer {issuer.public.fingerprint}")
    if stations:
        print("encrypted to stations: " + ", ".join(s.fingerprint for s in stations))
    if expires is not None and expires <= now:
        print(f"warning: this pack has already expired ({expires.isoformat()})", file=sys.stderr)
    print(f"release code (give it to the proctor, not the candidates): {release_code}")
    return 0


def _write_new(path: Path, data: bytes, *, mode: int) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def _inspect(args: argparse.Namespace) -> int:
    header = pack_file.inspect_pack(pack_file.read_pack_bytes(args.pack))
    if args.json:
        print_json(dict(header.to_dict(), verified=False))
        return 0
    print("header (NOT verified: use `exam-app pack verify` before trusting any of this)")
    for name, value in header.to_dict().items():
        print(f"  {name}: {value}")
    return 0


def _verified(args: argparse.Namespace) -> pack_file.VerifiedPack:
    trusted = [keys.read_public(path, "issuer") for path in args.trust]
    data = pack_file.read_pack_bytes(args.pack)
    return pack_file.verify_pack(
        data, trusted, now=datetime.now(UTC), seen=SeenVersions(seen_versions_path())
    )


def _verify(args: argparse.Namespace) -> int:
    verified = _verified(args)
    header = verified.header
    print(f"ok: {args.pack} is signed by issuer {verified.signer.fingerprint}")
    print(f"  pack {header.pack_id} version {header.pack_version}: {header.title}")
    print(f"  valid from {header.not_before or 'any time'} until {header.expires or 'no expiry'}")
    return 0


def _open(args: argparse.Namespace) -> int:
    verified = _verified(args)
    code = args.release_code or read_secret_line(args.release_code_file, "release code")
    station = unlock_key(args.station_key, args, "station") if args.station_key else None
    pack = pack_file.open_pack(verified, code, station)
    SeenVersions(seen_versions_path()).record(pack.id, pack.version)
    summary = summarize(pack)
    if args.json:
        print_json(dict(summary, signer=verified.signer.fingerprint))
        return 0
    print(f"opened {args.pack} (signed by issuer {verified.signer.fingerprint})")
    print(format_summary(summary))
    return 0
