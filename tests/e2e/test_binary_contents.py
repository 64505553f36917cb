"""The shipped program carries everything the later screens load, not only what its smoke tests reach.

The client imports its exam, integrity and completion screens (and their libraries) only when an exam
opens, so a module missing from the build would first fail in front of a candidate. This reads the
one-folder build's module archive and checks it against every import in exam_app's sources.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import exam_app
from tests.e2e.test_binary import BINARY

readers = pytest.importorskip("PyInstaller.archive.readers", reason="PyInstaller builds the program")
pytestmark = pytest.mark.skipif(not BINARY.is_file(), reason="no one-folder build: run `./run package`")

PACKAGE = Path(exam_app.__file__).parent


def _archived_modules() -> set[str]:
    """Every Python module in the program's archive."""
    archive = readers.CArchiveReader(str(BINARY)).open_embedded_archive("PYZ.pyz")
    return set(archive.toc)


def _imported_names(path: Path) -> set[str]:
    """Absolute module names imported anywhere in a source file, at the top or inside functions."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_every_exam_app_module_is_in_the_program() -> None:
    sources = {
        ".".join(("exam_app", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts  # Alembic reads those as files, which the binary tests exercise
    }
    assert sources - _archived_modules() == set()


def test_every_library_exam_app_imports_is_in_the_program() -> None:
    imported = set().union(*(_imported_names(path) for path in PACKAGE.rglob("*.py")))
    libraries = {
        name.split(".")[0]
        for name in imported
        if name.split(".")[0] not in sys.stdlib_module_names | {"exam_app", "__future__"}
    }
    archived = {name.split(".")[0] for name in _archived_modules()}
    assert libraries - archived == set()
    assert {"PySide6", "cryptography", "pyrage", "sqlalchemy", "markdown_it", "psutil", "segno"} <= libraries
