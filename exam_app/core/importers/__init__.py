"""Importers of recruiter material into pack sources, and the choice of importer for a file.

    markdown  `## N. Question` headings, each answered under `**Answer:**`   (markdown_qa.py)
    guide     plain-text guide: per-level index lists, then a "Q&A" section per level   (guide.py)
    gift      Moodle GIFT   (gift.py)
    qti       IMS QTI XML items, or a zip package of them   (qti.py)

Each importer is `import_<format>(path, *, strict=False) -> ImportResult`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from exam_app.core.importers.errors import ImportFormatError
from exam_app.core.importers.gift import import_gift, looks_like_gift
from exam_app.core.importers.guide import import_guide, looks_like_guide
from exam_app.core.importers.markdown_qa import import_markdown, looks_like_markdown_qa
from exam_app.core.importers.qti import import_qti
from exam_app.core.importers.result import ImportResult


class Importer(Protocol):
    """The signature every importer has."""

    def __call__(self, path: Path, *, strict: bool = False) -> ImportResult:
        """Convert the file at `path` into a pack source plus warnings."""
        ...


FORMATS = ("markdown", "guide", "qti", "gift")
IMPORTERS: dict[str, Importer] = {
    "markdown": import_markdown,
    "guide": import_guide,
    "qti": import_qti,
    "gift": import_gift,
}

# Extensions that settle the format without looking inside. ".txt" is deliberately absent: guides and
# GIFT files both use it (Moodle exports are often "*.gift.txt").
_BY_EXTENSION = {".zip": "qti", ".xml": "qti", ".gift": "gift", ".md": "markdown", ".markdown": "markdown"}
# Enough of the file to recognise any of the text formats without reading a huge file twice.
_SNIFF_BYTES = 256 * 1024


def detect_format(path: Path) -> str:
    """Name the format of `path` (a key of FORMATS) from its extension, else from its content.

    Content rules, in order: a zip or XML start -> qti; `## N.` headings with `**Answer:**` -> markdown;
    level index lists plus "(Q&A)" headings -> guide; GIFT answer blocks, `::title::` or `$CATEGORY:` -> gift.
    """
    by_extension = _BY_EXTENSION.get(path.suffix.lower())
    if by_extension is not None:
        return by_extension
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if head.startswith(b"PK\x03\x04"):
        return "qti"
    # A cut in the middle of a character at the sniffing limit must not matter, hence "replace".
    text = head.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    if text.lstrip().startswith("<"):
        return "qti"
    if looks_like_markdown_qa(text):
        return "markdown"
    if looks_like_guide(text):
        return "guide"
    if looks_like_gift(text):
        return "gift"
    raise ImportFormatError(
        str(path), None, "", "cannot tell the format; pass --format " + " | ".join(FORMATS)
    )


__all__ = ["FORMATS", "IMPORTERS", "ImportResult", "Importer", "detect_format"]
