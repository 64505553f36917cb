"""Build info: a source checkout hashes its sources; a frozen program reads what its spec wrote, and
runs PyInstaller's multiprocessing hook only when it starts or is a worker process."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import exam_app
from exam_app.core import build_info as build_info_module
from exam_app.core import frozen
from exam_app.core.build_info import UNKNOWN_BUILD, BuildInfo, build_info, source_hash, write_build_info
from exam_app.core.frozen import (
    MULTIPROCESSING_HOOK,
    bundle_dir,
    bundled_file,
    enable_multiprocessing,
    is_frozen,
    is_multiprocessing_child,
)

PACKAGE = Path(exam_app.__file__).parent


@pytest.fixture(autouse=True)
def fresh_build_info() -> Iterator[None]:
    """build_info() is cached per process: forget it around each test."""
    build_info.cache_clear()
    yield
    build_info.cache_clear()


def freeze_into(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make this process look like a PyInstaller program whose bundle is `folder`."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(folder), raising=False)


def test_sources_report_the_hash_of_the_package() -> None:
    assert not is_frozen() and bundle_dir() is None
    assert build_info() == BuildInfo(exam_app.__version__, source_hash(PACKAGE))


def test_source_hash_changes_with_any_file_and_its_name(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n")
    (package / "sub" / "b.py").write_text("y = 2\n")
    (package / "notes.txt").write_text("not code")
    original = source_hash(package)
    (package / "notes.txt").write_text("still not code")
    assert source_hash(package) == original  # only Python files count
    (package / "sub" / "b.py").write_text("y = 3\n")
    edited = source_hash(package)
    (package / "sub" / "b.py").rename(package / "sub" / "c.py")
    assert len({original, edited, source_hash(package)}) == 3


def test_a_frozen_program_reads_what_the_spec_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written = write_build_info(tmp_path)
    freeze_into(monkeypatch, tmp_path)
    assert bundled_file(written.name) == written
    # The sources may change after the build: the program reports the build it is, not the sources.
    monkeypatch.setattr(build_info_module, "source_hash", lambda _package: "changed-since")
    assert build_info() == BuildInfo(exam_app.__version__, source_hash(PACKAGE))


def test_a_frozen_program_without_its_file_says_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze_into(monkeypatch, tmp_path)
    assert is_frozen() and bundle_dir() == tmp_path
    assert build_info() == BuildInfo(exam_app.__version__, UNKNOWN_BUILD)


@pytest.mark.parametrize(
    ("argv", "child"),
    [
        (["exam-app", "--multiprocessing-fork", "tracker_fd=5", "pipe_handle=7"], True),  # a spawned worker
        (["exam-app", "-B", "-s", "-c", "from multiprocessing.resource_tracker import main;main(5)"], True),
        (["exam-app"], False),
        (["exam-app", "review", "import", "bundles/"], False),
        (["exam-app", "exam", "--multiprocessing-fork"], False),  # only as the first argument
    ],
)
def test_multiprocessing_children_are_told_apart_by_their_command_line(argv: list[str], child: bool) -> None:
    assert is_multiprocessing_child(argv) is child


def test_the_multiprocessing_hook_runs_once_and_only_in_a_frozen_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(frozen, "_multiprocessing_enabled", False)
    enable_multiprocessing()  # from sources: no bundle, nothing to run
    assert frozen._multiprocessing_enabled is False
    runs = tmp_path / "runs.txt"
    (tmp_path / MULTIPROCESSING_HOOK).write_text(
        f"with open({str(runs)!r}, 'a') as out:\n    out.write('ran\\n')\n", encoding="utf-8"
    )
    freeze_into(monkeypatch, tmp_path)
    enable_multiprocessing()
    enable_multiprocessing()
    assert runs.read_text(encoding="utf-8") == "ran\n"
