"""Reviewer workspace fixtures: real sealed bundles imported into a SQLite review store, shown in a window."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from exam_app.core.review_verify import WorkerKeys
from exam_app.store.review_import import import_bundles
from exam_app.store.review_store import ReviewStore
from exam_app.ui.review.workspace_controller import WorkspaceController
from exam_app.ui.review.workspace_view import WorkspaceWindow
from tests.conftest import KeySet
from tests.review.sittings import STRONG, WEAK, PackFiles, build_review_pack, sit

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
# Ada looks away twice, pastes and gets locked: she must top the review-priority order.
ADA_EVENTS = [
    ("focus_lost", 30.0, {"seconds": 40.0}),
    ("clipboard_paste", 50.0, {"evidence": "pasted 80 characters"}),
    ("focus_lost", 90.0, {"seconds": 15.0}),
]


@pytest.fixture(scope="session")
def review_pack(keyset: KeySet, tmp_path_factory: pytest.TempPathFactory) -> PackFiles:
    """The review fixture pack, built once."""
    return build_review_pack(keyset, tmp_path_factory.mktemp("review-pack"))


@pytest.fixture(scope="session")
def bundles(keyset: KeySet, review_pack: PackFiles) -> dict[str, bytes]:
    """Three sealed sittings: Ada (strong, signals), Bo (weak), Cy (strong, no signals)."""
    return {
        "ada": sit(keyset, review_pack, "C-1", STRONG, ADA_EVENTS, name="Ada Quill"),
        "bo": sit(keyset, review_pack, "C-2", WEAK, name="Bo Marsh"),
        "cy": sit(keyset, review_pack, "C-3", {**STRONG, "r-multiple": [0]}, name="Cy Fenn"),
    }


def write_bundles(folder: Path, bundles: dict[str, bytes]) -> list[Path]:
    """Each bundle as `<name>.examresult` in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in bundles.items():
        path = folder / f"{name}.examresult"
        path.write_bytes(data)
        paths.append(path)
    return paths


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[ReviewStore]:
    """A new SQLite review store in tmp_path."""
    store = ReviewStore.open(f"sqlite:///{tmp_path / 'review.sqlite3'}")
    yield store
    store.close()


@pytest.fixture
def store(
    empty_store: ReviewStore,
    tmp_path: Path,
    keyset: KeySet,
    review_pack: PackFiles,
    bundles: dict[str, bytes],
) -> ReviewStore:
    """The review store holding the pack's questions and the three sittings."""
    worker_keys = WorkerKeys.from_keys(keyset.recruiter, [keyset.station.public], review_pack.sha256)
    report = import_bundles(
        empty_store,
        write_bundles(tmp_path / "bundles", bundles),
        worker_keys,
        now=NOW,
        pack=(review_pack.pack, review_pack.sha256),
        workers=0,
    )
    assert report.count("imported") == 3, report
    return empty_store


@dataclass
class Workspace:
    """The workspace window and controller on a store."""

    window: WorkspaceWindow
    controller: WorkspaceController
    store: ReviewStore

    def select(self, name: str) -> None:
        """Select the candidate whose name is `name` in the table."""
        model = self.window.model
        row = next(n for n in range(model.rowCount()) if model.row_at(n).candidate_name == name)
        self.window.table.selectRow(row)


def show_workspace(qtbot: QtBot, store: ReviewStore) -> Workspace:
    """Open the workspace at 1280x800, active (the grading shortcuts need the active window)."""
    window = WorkspaceWindow()
    qtbot.addWidget(window)
    controller = WorkspaceController(window, store, now=lambda: NOW, import_workers=0, parent=window)
    controller.reload()
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return Workspace(window, controller, store)


@pytest.fixture
def workspace(qtbot: QtBot, store: ReviewStore) -> Iterator[Workspace]:
    """The workspace on the populated store."""
    shown = show_workspace(qtbot, store)
    yield shown
    shown.controller.runner.wait()
