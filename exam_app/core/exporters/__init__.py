"""Exporters of packs into other systems' formats, by format name.

    qti3   IMS QTI 3.0 content package (zip)   (qti3.py, items in qti3_items.py)

Each exporter is `export_<format>(pack, out) -> ExportResult`: it writes `out` and returns how many items it
wrote plus warnings for everything it could not carry over.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from exam_app.core.exporters.qti3 import ExportResult, export_qti3
from exam_app.core.model import Pack

EXPORTERS: dict[str, Callable[[Pack, Path], ExportResult]] = {"qti3": export_qti3}

__all__ = ["EXPORTERS", "ExportResult"]
