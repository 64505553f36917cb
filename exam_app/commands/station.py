"""`exam-app station ...`: set up this exam station and show its configuration."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from exam_app.commands.common import add_passphrase_option, passphrase, print_json
from exam_app.core.paths import station_database_path
from exam_app.core.station_config import StationConfig, load_station_config, station_config_path
from exam_app.core.station_setup import set_up_station


def register(groups: dict[str, Any]) -> None:
    """Add the `station` subcommands."""
    init = groups["station"].add_parser(
        "init",
        help="create this station's identity and configuration",
        description="Create (or install an enrolled) station key, trust issuer keys and set up folders.",
    )
    init.add_argument(
        "--trust",
        type=Path,
        action="append",
        required=True,
        metavar="ISSUER.pub",
        help="an issuer public key whose packs this station accepts (repeat for several issuers)",
    )
    init.add_argument(
        "--results", type=Path, required=True, metavar="DIR", help="folder the result bundles are written to"
    )
    init.add_argument(
        "--copy-to",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="also copy every result bundle to DIR (repeatable: a USB stick, a network share)",
    )
    init.add_argument(
        "--station-key",
        type=Path,
        metavar="KEY",
        help="install this enrolled station key (KEY and the .pub beside it) instead of creating a new one",
    )
    init.add_argument(
        "--exams",
        type=Path,
        metavar="DIR",
        help="folder the start screen lists packs from (default: exams/ in the data folder)",
    )
    add_passphrase_option(init)
    init.add_argument(
        "--unattended",
        action="store_true",
        help="store the station key passphrase in the configuration (mode 0600) so the start screen does "
        "not ask for it; anyone with admin rights here can read it (see docs/security.md)",
    )
    init.add_argument(
        "--force",
        action="store_true",
        help="replace an existing setup; its station key is deleted, so packs bound to it no longer open",
    )
    init.set_defaults(handler=_init)
    show = groups["station"].add_parser("show", help="print this station's configuration with fingerprints")
    show.add_argument("--json", action="store_true", help="print one JSON document")
    show.set_defaults(handler=_show)


def _init(args: argparse.Namespace) -> int:
    def ask_passphrase() -> bytes:
        if args.station_key is None:
            return passphrase(args, for_key="the new station key", confirm=True)
        return passphrase(args, for_key=str(args.station_key))

    config = set_up_station(
        trusted=args.trust,
        results_dir=args.results,
        passphrase=ask_passphrase,
        copy_to=args.copy_to,
        exams_dir=args.exams,
        enrolled_key=args.station_key,
        force=args.force,
        unattended=args.unattended,
    )
    print("station key installed" if args.station_key else "station key created")
    _print_text(_describe(config))
    return 0


def _show(args: argparse.Namespace) -> int:
    description = _describe(load_station_config())
    if args.json:
        print_json(description)
    else:
        _print_text(description)
    return 0


def _describe(config: StationConfig) -> dict[str, Any]:
    """The configuration with fingerprints, as `show --json` prints it."""
    return {
        "configuration": str(station_config_path()),
        "station": {
            "fingerprint": config.station_public().fingerprint,
            "public_key": str(config.station_public_path),
            "secret_key": str(config.station_key),
        },
        "trusted_issuers": [
            {"fingerprint": key.fingerprint, "path": str(path)}
            for path, key in zip(config.trusted_issuers, config.trusted_keys(), strict=True)
        ],
        "results_dir": str(config.results_dir),
        "copy_to": [str(path) for path in config.copy_to],
        "exams_dir": str(config.exams_dir),
        "database": str(station_database_path()),
        "passphrase_file": None if config.passphrase_file is None else str(config.passphrase_file),
    }


def _print_text(description: dict[str, Any]) -> None:
    station = description["station"]
    print(f"  station fingerprint: {station['fingerprint']}")
    print(f"  station public key:  {station['public_key']} (issuers build station-bound packs with it)")
    print(f"  station secret key:  {station['secret_key']} (passphrase-protected)")
    stored = description["passphrase_file"]
    if stored is None:
        print("  station passphrase:  typed by the proctor at every exam start")
    else:
        print(f"  station passphrase:  stored in {stored} (unattended: the start screen does not ask)")
    for issuer in description["trusted_issuers"]:
        print(f"  trusted issuer:      {issuer['fingerprint']}  {issuer['path']}")
    print(f"  results folder:      {description['results_dir']}")
    for folder in description["copy_to"]:
        print(f"  copy results to:     {folder}")
    print(f"  exams folder:        {description['exams_dir']}")
    print(f"  database:            {description['database']}")
    print(f"  configuration:       {description['configuration']}")
