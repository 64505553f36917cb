"""The `exam-app` command: argument parsing, dispatch, and the one place errors become exit codes.

Exit codes: 0 success; 1 invalid input or failed verification (one `error:` line on stderr);
2 usage errors (argparse); 130 interrupted. Never a traceback unless EXAM_APP_DEBUG=1.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any

from exam_app.commands import MODULES_BY_WORD, SIMULATE_COMMAND, command_modules
from exam_app.core.build_info import build_info
from exam_app.core.errors import ExamAppError

# Top-level command groups; each command module adds its subcommands to one or more of them.
GROUPS = {
    "keys": "create issuer, station and recruiter keys",
    "pack": "check, import, export, build, inspect, verify and open question packs",
    "station": "set up this exam station and show its configuration",
    "session": "inspect and verify exam sessions on this station",
    "result": "verify result bundles offline",
    "proctor": "offline codes for proctors",
    "review": "import, grade and report on result bundles",
}
# Key under which command modules find the top-level subparsers, for leaf commands like `exam`.
TOP_LEVEL = ""


def build_parser(first_word: str | None = None) -> argparse.ArgumentParser:
    """The argument parser, with the subcommands of the modules `FIRST_WORD` needs: all of them (and every
    group, in order, for help and usage errors) without one or for an unknown word, none for `--version`."""
    parser = argparse.ArgumentParser(prog="exam-app", description="Offline, proctored exams.")
    info = build_info()
    version = f"exam-app {info.version} (build {info.build})"
    parser.add_argument("--version", action="version", version=version)
    groups = _Groups(parser.add_subparsers(dest="group", metavar="COMMAND", required=True))
    if first_word not in MODULES_BY_WORD:
        for name in GROUPS:
            groups[name]  # made now, so help lists the groups in GROUPS order
    for module in [] if first_word == "--version" else command_modules(first_word):
        module.register(groups)
    return parser


class _Groups(dict[str, Any]):
    """The subparsers command modules add to, by group name (TOP_LEVEL for top-level commands). A group's
    parser is made when a module first asks for it: `exam-app exam` builds none of them."""

    def __init__(self, top: Any) -> None:
        super().__init__({TOP_LEVEL: top})
        self._top = top

    def __missing__(self, name: str) -> Any:
        group_parser = self._top.add_parser(name, help=GROUPS[name], description=GROUPS[name])
        self[name] = group_parser.add_subparsers(dest="command", metavar="SUBCOMMAND", required=True)
        return self[name]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:2] == ["exam", "simulate"]:
        # `exam [PACK]` takes an optional positional, so argparse cannot also give it a `simulate` subcommand.
        words = [SIMULATE_COMMAND, *words[2:]]
    if not words or words[0] == "--self-test":
        words = ["exam", *words]  # a bare `exam-app` opens the exam client, and `--self-test` tests it
    args = build_parser(words[0]).parse_args(words)
    try:
        result: int = args.handler(args)
        return result
    except ExamAppError as exc:
        return _fail(str(exc))
    except OSError as exc:
        # File problems are input problems: name the file, not the stack.
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(f"{where}{exc.strerror or exc}")
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: a bug must still not print a traceback at users
        if os.environ.get("EXAM_APP_DEBUG") == "1":
            traceback.print_exc()
        return _fail(
            f"unexpected internal error ({type(exc).__name__}: {exc}); set EXAM_APP_DEBUG=1 for details"
        )


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
