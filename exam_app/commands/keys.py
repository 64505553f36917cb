"""`exam-app keys ...`: create issuer, station and recruiter keys; show fingerprints."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from exam_app.commands.common import add_passphrase_option, passphrase, unlock_key
from exam_app.core import keys
from exam_app.core.errors import KeyFileError

_DESCRIPTIONS: dict[keys.KeyKind, str] = {
    "issuer": "Ed25519 key a recruiter organisation signs packs with",
    "station": "exam station identity: X25519 to receive packs, Ed25519 to sign results",
    "recruiter": "X25519 key that receives result bundles",
}


def register(groups: dict[str, Any]) -> None:
    """Add the `keys` subcommands."""
    for kind, description in _DESCRIPTIONS.items():
        parser = groups["keys"].add_parser(
            f"new-{kind}", help=f"create an {description}", description=description
        )
        parser.add_argument("prefix", type=Path, metavar="PREFIX", help="writes PREFIX.pub and PREFIX.key")
        add_passphrase_option(parser)
        parser.set_defaults(handler=_new_key, kind=kind)
    show = groups["keys"].add_parser("show", help="print the kind and fingerprint of a public key file")
    show.add_argument("public_key", type=Path, metavar="KEY.pub")
    show.set_defaults(handler=_show)
    export = groups["keys"].add_parser(
        "export-age",
        help="print the age identity of a station or recruiter key to stdout (pipe it; never store it)",
    )
    export.add_argument("secret_key", type=Path, metavar="KEY.key")
    add_passphrase_option(export)
    export.set_defaults(handler=_export_age)


def _new_key(args: argparse.Namespace) -> int:
    kind: keys.KeyKind = args.kind
    secret = passphrase(args, for_key=f"the new {kind} key", confirm=True)
    key = keys.generate(kind)
    public_path, secret_path = keys.write_key_pair(args.prefix, key, secret)
    print(f"{kind} key created")
    print(f"  public:      {public_path}")
    print(f"  secret:      {secret_path} (passphrase-protected; keep it off shared drives)")
    print(f"  fingerprint: {key.public.fingerprint}")
    return 0


def _show(args: argparse.Namespace) -> int:
    key = keys.read_public(args.public_key)
    print(f"{key.kind} key, fingerprint {key.fingerprint}")
    return 0


def _export_age(args: argparse.Namespace) -> int:
    key = unlock_key(args.secret_key, args, None)
    if not key.age_identity:
        raise KeyFileError(f"{args.secret_key}: an {key.public.kind} key has no age identity")
    print(key.age_identity)
    return 0
