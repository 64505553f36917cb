"""`exam-app pack check SOURCE... [--json]`: validate pack sources and summarise them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from exam_app.commands.common import print_json
from exam_app.core.bank_report import report
from exam_app.core.errors import ExamAppError
from exam_app.core.source import load_source
from exam_app.core.summary import format_summary, summarize


def register_check(sub: Any) -> None:
    """Add `pack check` to the `pack` group."""
    check = sub.add_parser(
        "check", help="validate pack sources (files or folders of .yaml files) and print a summary"
    )
    check.add_argument("sources", type=Path, nargs="+", metavar="SOURCE")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.set_defaults(handler=_check)


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
            if not found:
                raise ExamAppError(f"{path}: folder holds no .yaml pack sources")
            files.extend(found)
        else:
            files.append(path)
    return files


def _check(args: argparse.Namespace) -> int:
    loaded = [(str(path), load_source(path)) for path in _expand(args.sources)]
    summaries = [summarize(result.pack) for _, result in loaded]
    if args.json:
        if len(loaded) == 1 and not args.sources[0].is_dir():
            print_json(dict(summaries[0], warnings=loaded[0][1].warnings))
        else:
            print_json(report([(name, r.pack, r.warnings) for name, r in loaded], summaries))
        return 0
    for (name, result), summary in zip(loaded, summaries, strict=True):
        print(f"{name}: ok")
        print(format_summary(summary))
        for warning in result.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    return 0
