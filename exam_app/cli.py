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

from exam_app.commands import COMMAND_MODULES, exam_simulate
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


def build_parser() -> argparse.ArgumentParser:
    """Build the full argument parser from the registered command modules."""
    parser = argparse.ArgumentParser(prog="exam-app", description="Offline, proctored exams.")
    info = build_info()
    version = f"exam-app {info.version} (build {info.build})"
    parser.add_argument("--version", action="version", version=version)
    top = parser.add_subparsers(dest="group", metavar="COMMAND", required=True)
    groups = {TOP_LEVEL: top}
    for name, help_text in GROUPS.items():
        group_parser = top.add_parser(name, help=help_text, description=help_text)
        groups[name] = group_parser.add_subparsers(dest="command", metavar="SUBCOMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(groups)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:2] == ["exam", "simulate"]:
        # `exam [PACK]` takes an optional positional, so argparse cannot also give it a `simulate` subcommand.
        words = [exam_simulate.COMMAND, *words[2:]]
    if not words or words[0] == "--self-test":
        words = ["exam", *words]  # a bare `exam-app` opens the exam client, and `--self-test` tests it
    args = parser.parse_args(words)
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
