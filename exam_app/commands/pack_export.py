"""`exam-app pack export SOURCE --format qti3 --out PACKAGE.zip`: a pack for other assessment systems."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from exam_app.core.errors import ExamAppError
from exam_app.core.exporters import EXPORTERS
from exam_app.core.source import load_source


def register(groups: dict[str, Any]) -> None:
    """Add `export` to the `pack` group."""
    parser = groups["pack"].add_parser(
        "export",
        help="export a pack source to another format (QTI 3.0 content package)",
        description="Write a pack source as a QTI 3.0 content package that other assessment systems import.",
    )
    parser.add_argument("source", type=Path, metavar="SOURCE")
    parser.add_argument("--format", choices=sorted(EXPORTERS), default="qti3", help="output format")
    parser.add_argument("--out", type=Path, required=True, metavar="PACKAGE.zip", help="package to write")
    parser.add_argument("--force", action="store_true", help="replace --out if it already exists")
    parser.set_defaults(handler=_export)


def _export(args: argparse.Namespace) -> int:
    """Load, check and export one source; returns the exit code (errors are raised to the CLI)."""
    out: Path = args.out
    if out.exists() and not args.force:
        raise ExamAppError(f"{out}: already exists; --force replaces it")
    if not out.parent.resolve().is_dir():
        raise ExamAppError(f"{out.parent}: no such folder for --out")
    loaded = load_source(args.source)
    for warning in loaded.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    result = EXPORTERS[args.format](loaded.pack, out)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    skipped = loaded.pack.question_count - result.items
    note = f" ({skipped} not exportable, see warnings)" if skipped else ""
    print(f"exported {result.items} of {loaded.pack.question_count} questions to {out} ({args.format}){note}")
    return 0
