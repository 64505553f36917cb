"""Writing an imported pack source as YAML that people can read and edit.

Multi-line strings (answers, prompts) are written as literal blocks (`|`) instead of quoted strings full of
`\\n`, so an author can review and fix an import in any text editor.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from exam_app.core.atomic_file import write_atomic


class _EditableDumper(yaml.SafeDumper):
    """A SafeDumper that writes multi-line strings as literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML silently falls back to a quoted style when a literal block cannot hold the text
    # (e.g. trailing spaces), so asking for "|" is always safe.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_EditableDumper.add_representer(str, _represent_str)


def dump_source(source: Mapping[str, Any]) -> str:
    """Return `source` as YAML text: keys in the order given, Unicode kept, literal blocks for long text."""
    text: str = yaml.dump(
        dict(source), Dumper=_EditableDumper, sort_keys=False, allow_unicode=True, width=100
    )
    return text


def write_source(source: Mapping[str, Any], path: Path) -> None:
    """Write `source` as YAML to `path` atomically, so an interrupted import never leaves half a file."""
    text = dump_source(source)
    write_atomic(path, text.encode("utf-8"))
