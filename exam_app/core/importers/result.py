"""What every importer returns: a pack-source mapping plus the warnings met on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ImportResult:
    """A pack source (the mapping documented in docs/authoring.md) and human-readable warnings.

    `source` is exactly what `yaml.safe_dump` writes to the `.yaml` file, so an import can be checked
    with `exam-app pack check` like any hand-written source.
    """

    source: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
