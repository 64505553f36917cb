"""`exam-app exam [PACK]`: open the candidate exam client (also what a bare `exam-app` does).

Options pre-fill the start screen for proctor-run station scripts; secrets come from files, never from
the command line, where other users of the machine could read them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from exam_app.commands.common import read_secret_line
from exam_app.core.errors import ExamAppError
from exam_app.ui.options import ClientOptions


def register(groups: dict[str, Any]) -> None:
    """Add the top-level `exam` command."""
    exam = groups[""].add_parser(
        "exam",
        help="open the candidate exam client (the default)",
        description="Open the candidate exam client.",
    )
    exam.add_argument("pack", type=Path, nargs="?", metavar="PACK", help="the .exampack to pre-select")
    exam.add_argument("--candidate", default="", metavar="ID", help="pre-fill the candidate id")
    exam.add_argument("--release-code-file", type=Path, metavar="FILE", help="pre-fill the release code")
    exam.add_argument(
        "--station-passphrase-file", type=Path, metavar="FILE", help="pre-fill the station key passphrase"
    )
    exam.add_argument(
        "--no-kiosk", action="store_true", help="an ordinary window instead of full screen (development only)"
    )
    exam.add_argument(
        "--self-test",
        action="store_true",
        help="start the client, exit 0 once the start screen is shown, or 1 with the reason (for installers)",
    )
    exam.set_defaults(handler=_exam)


def client_options(args: argparse.Namespace) -> ClientOptions:
    """The start screen's pre-filled values from the command line."""
    code = read_secret_line(args.release_code_file, "release code") if args.release_code_file else ""
    passphrase = (
        read_secret_line(args.station_passphrase_file, "passphrase") if args.station_passphrase_file else ""
    )
    return ClientOptions(
        pack=args.pack,
        candidate=args.candidate,
        release_code=code,
        station_passphrase=passphrase,
        kiosk=not args.no_kiosk,
    )


def _exam(args: argparse.Namespace) -> int:
    options = client_options(args)
    has_display = (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    )
    if sys.platform.startswith("linux") and not has_display:
        # Without this, Qt aborts the process with a message about "xcb" that helps nobody.
        raise ExamAppError("no display to open the exam client on (DISPLAY and WAYLAND_DISPLAY are unset)")
    from exam_app.ui.app import run_client  # Qt loads only for this command: the other commands stay light

    return run_client(options, self_test=args.self_test)
