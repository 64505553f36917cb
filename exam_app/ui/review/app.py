"""Start the reviewer workspace: `exam-app review open [--db URL]`."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from exam_app.store.review_store import ReviewStore
from exam_app.ui.review.workspace_controller import WorkspaceController
from exam_app.ui.review.workspace_view import WorkspaceWindow


def build_workspace(store: ReviewStore) -> tuple[WorkspaceWindow, WorkspaceController]:
    """The window and its controller on `store`, with the candidate list loaded."""
    window = WorkspaceWindow()
    controller = WorkspaceController(window, store, parent=window)
    controller.reload()
    return window, controller


def run_workspace(db: str | None) -> int:
    """Open the store named by `db` (or the default), show the workspace, run until it closes."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    store = ReviewStore.open(db)
    try:
        window, controller = build_workspace(store)
        window.resize(1280, 800)
        window.show()
        code = app.exec()
        controller.runner.wait()  # an import still verifying finishes before the store closes
    finally:
        store.close()
    return code
