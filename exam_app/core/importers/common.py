"""Pieces every importer shares: reading text input, ids, essays with proposed key points, and reporting.

Reporting goes through `Reporter`: a problem becomes a warning (the question is skipped or imported without
the missing part) unless the import is strict, where the first problem raises `ImportFormatError`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from exam_app.core.importers.errors import ImportFormatError
from exam_app.core.importers.result import ImportResult

SOURCE_FORMAT = "exam-app/pack-source v1"
DEFAULT_TIME_LIMIT_MINUTES = 60
# Recruiter documents are a few hundred KiB at most; the cap keeps a wrong file from eating memory.
MAX_INPUT_BYTES = 20 * 1024 * 1024

_NOT_PACK_ID_CHARS = re.compile(r"[^a-z0-9]+")
_NOT_QUESTION_ID_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")
_BULLET = re.compile(r"^(?P<indent>[ \t]*)[-*+][ \t]+(?P<text>\S.*)$")
# A Markdown code fence line; what lies between two of them is code, never structure.
MARKDOWN_FENCE = re.compile(r"^[ \t]*(```|~~~)")


class Reporter:
    """Collects the problems of one import as warnings, or raises the first one when strict."""

    def __init__(self, path: Path, *, strict: bool) -> None:
        self.file = str(path)
        self.strict = strict
        self.warnings: list[str] = []

    def problem(self, line: int | None, where: str, message: str) -> None:
        """Record a problem at `line` (None when unknown) in `where`; raise it instead when strict."""
        error = ImportFormatError(self.file, line, where, message)
        if self.strict:
            raise error
        self.warnings.append(str(error))

    def skip(self, line: int | None, where: str, message: str) -> None:
        """Record a problem that costs the whole question: the warning says it was skipped."""
        if self.strict:
            self.problem(line, where, message)
        self.warnings.append(str(ImportFormatError(self.file, line, where, f"{message}; question skipped")))

    def fail(self, line: int | None, where: str, message: str) -> ImportFormatError:
        """Return an error that stops the import even when not strict (the caller raises it)."""
        return ImportFormatError(self.file, line, where, message)


def read_text(path: Path) -> str:
    """Read `path` as UTF-8 text (a BOM is allowed) with `\\n` line ends; refuse huge or non-text files."""
    data = path.read_bytes()
    if len(data) > MAX_INPUT_BYTES:
        raise ImportFormatError(str(path), None, "", f"file is larger than {MAX_INPUT_BYTES // 2**20} MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFormatError(str(path), line, "", "not UTF-8 text") from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def pack_id_for(path: Path) -> str:
    """Derive a pack id (`^[a-z0-9][a-z0-9-]{1,63}$`) from the file name."""
    slug = _NOT_PACK_ID_CHARS.sub("-", path.stem.lower()).strip("-")[:64].rstrip("-")
    if not slug:
        return "imported-pack"
    return slug if len(slug) >= 2 else f"{slug}-pack"


def new_source(path: Path, title: str | None) -> dict[str, Any]:
    """Start a pack source for `path` with the required fields and no sections yet."""
    words = " ".join(re.split(r"[-_.\s]+", path.stem)).strip()
    fallback_title = words[:1].upper() + words[1:] if words else "Imported questions"
    return {
        "format": SOURCE_FORMAT,
        "id": pack_id_for(path),
        "version": 1,
        "title": title or fallback_title,
        "time_limit_minutes": DEFAULT_TIME_LIMIT_MINUTES,
        "sections": [],
    }


def unique_id(wanted: str, taken: set[str]) -> str:
    """Return an id (question pattern) based on `wanted`, or `q`, that is not in `taken`; record it."""
    base = _NOT_QUESTION_ID_CHARS.sub("-", wanted).strip("-._")[:60] or "q"
    candidate, counter = base, 1
    while candidate in taken:
        counter += 1
        candidate = f"{base}-{counter}"
    taken.add(candidate)
    return candidate


def proposed_key_points(answer: str) -> list[dict[str, Any]]:
    """Turn the top-level bullets of a Markdown answer into proposed key points.

    Nested bullets are folded into their parent ("Text generation: BLEU; ROUGE"), because a key point is one
    thing to look for and the sub-items are its examples. Bullets inside code fences are code, not points.
    """
    items: list[tuple[str, list[str]]] = []
    in_fence = False
    for line in answer.splitlines():
        if MARKDOWN_FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else _BULLET.match(line)
        if match is None:
            continue
        text = match["text"].strip()
        if len(match["indent"].expandtabs(4)) >= 2 and items:
            items[-1][1].append(text)
        else:
            items.append((text, []))
    return [
        {"text": f"{parent} {'; '.join(children)}" if children else parent, "points": 1, "proposed": True}
        for parent, children in items
    ]


def essay_question(
    question_id: str, prompt: str, reference_answer: str | None, *, level: str | None = None
) -> dict[str, Any]:
    """An essay question; the answer (if any) is its reference answer, its bullets proposed key points."""
    question: dict[str, Any] = {"id": question_id, "type": "essay", "prompt": prompt}
    if level is not None:
        question["level"] = level
    if reference_answer:
        question["reference_answer"] = reference_answer
        key_points = proposed_key_points(reference_answer)
        if key_points:
            question["key_points"] = key_points
    return question


def finish(source: dict[str, Any], reporter: Reporter) -> ImportResult:
    """Drop sections left empty, refuse a pack without questions, and wrap up the result."""
    source["sections"] = [section for section in source["sections"] if section["questions"]]
    if not source["sections"]:
        raise reporter.fail(None, "", "no questions could be imported")
    return ImportResult(source=source, warnings=reporter.warnings)
