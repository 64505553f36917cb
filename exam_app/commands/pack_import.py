"""`exam-app pack import FILE --out SOURCE.yaml`: convert recruiter material into a pack source.

The format (markdown, guide, qti, gift) is detected unless `--format` names it. Problems in the input skip
what cannot be converted and are listed as warnings; `--strict` makes the first one an error instead.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from exam_app.commands.common import print_json
from exam_app.core.errors import ExamAppError
from exam_app.core.importers import FORMATS, IMPORTERS, detect_format
from exam_app.core.importers.yaml_out import write_source


def register(groups: dict[str, Any]) -> None:
    """Add `import` to the `pack` group."""
    parser = groups["pack"].add_parser(
        "import",
        help="convert Markdown Q&A, a plain-text guide, QTI or GIFT into a pack source",
        description="Convert recruiter material into a YAML pack source for review and `pack check`.",
    )
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument("--format", choices=FORMATS, help="input format (default: detected)")
    parser.add_argument("--out", type=Path, required=True, metavar="SOURCE.yaml", help="pack source to write")
    parser.add_argument("--force", action="store_true", help="replace --out if it already exists")
    parser.add_argument("--strict", action="store_true", help="fail on the first problem instead of warning")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.set_defaults(handler=_import)


def _import(args: argparse.Namespace) -> int:
    """Run one import; returns the exit code (errors are raised and reported by the CLI)."""
    source_file: Path = args.file
    out: Path = args.out
    if not source_file.is_file():
        raise ExamAppError(f"{source_file}: no such file")
    # Checked before importing, so a long import is not wasted on an output that cannot be written.
    if out.exists() and not args.force:
        raise ExamAppError(f"{out}: already exists (an author may have edited it); --force replaces it")
    if out.exists() and out.resolve() == source_file.resolve():
        raise ExamAppError(f"{out}: --out must not be the file being imported")
    if not out.parent.resolve().is_dir():
        raise ExamAppError(f"{out.parent}: no such folder for --out")
    format_name = args.format or detect_format(source_file)
    importer = IMPORTERS.get(format_name)
    if importer is None:
        raise ExamAppError(f"the {format_name} importer is not available in this version")
    result = importer(source_file, strict=args.strict)
    write_source(result.source, out)

    sections = result.source["sections"]
    total = sum(len(section["questions"]) for section in sections)
    if args.json:
        print_json(
            {
                "format": format_name,
                "questions": total,
                "sections": {section["id"]: len(section["questions"]) for section in sections},
                "warnings": result.warnings,
            }
        )
        return 0
    print(f"imported {total} questions from {source_file} ({format_name}) into {out}")
    for section in sections:
        types = Counter(question["type"] for question in section["questions"])
        by_type = ", ".join(f"{kind} {count}" for kind, count in types.most_common())
        print(f"  {section['title']} ({section['id']}): {len(section['questions'])} ({by_type})")
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    proposed = any(question.get("key_points") for section in sections for question in section["questions"])
    review = "review it and confirm the proposed key points" if proposed else "review it"
    print(f"next: {review}, then run `exam-app pack check {out}`")
    return 0
