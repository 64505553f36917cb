"""After submission: seal the session's result and write it until at least one verified copy exists.

The payload is read from the store here, on the GUI thread that owns the store; sealing (age encryption,
station signature) and writing (fsync, read back, verify) run on the background worker. The sealed bytes
are kept, so "Try again" and "Choose another folder…" write the very same bundle, with the same receipt.
Nothing here deletes anything: the session stays in the station database whatever happens to the copies.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from exam_app.core.build_info import build_info
from exam_app.core.errors import ExamAppError
from exam_app.core.keys import PublicKey, SecretKey
from exam_app.core.paths import app_home
from exam_app.core.result_bundle import seal_result
from exam_app.core.result_export import ExportOutcome, bundle_file_name, export_bundle, log_receipt
from exam_app.core.result_payload import build_result_payload
from exam_app.ui.background import BackgroundRunner
from exam_app.ui.completion_view import CompletionView
from exam_app.ui.error_text import explain
from exam_app.ui.start_controller import OpenedExam

RECEIPTS_LOG = "receipts.log"


def deliver(
    bundle: bytes, file_name: str, folders: list[Path], station: PublicKey, session_id: str, now: datetime
) -> tuple[bytes, ExportOutcome]:
    """Write `bundle` to `folders`, verify each copy and log the receipt (worker: no Qt, no database)."""
    outcome = export_bundle(bundle, file_name, folders, station)
    try:
        log_receipt(app_home() / RECEIPTS_LOG, outcome.receipt, outcome, session_id, now)
    except OSError as exc:  # the copies are what count; a missing log line must not hide them
        print(f"exam-app: could not log receipt {outcome.receipt.code}: {exc}", file=sys.stderr)
    return bundle, outcome


def seal_and_deliver(
    payload: dict[str, Any],
    station_key: SecretKey,
    recipients: list[str],
    pack_sha256: str,
    file_name: str,
    folders: list[Path],
    now: datetime,
) -> tuple[bytes, ExportOutcome]:
    """Seal the payload for the recruiters, then `deliver` it (worker: no Qt, no database)."""
    bundle = seal_result(payload, station_key, recipients, pack_sha256=pack_sha256, now=now)
    return deliver(bundle, file_name, folders, station_key.public, str(payload["session_id"]), now)


class ResultController(QObject):
    """Drives a `CompletionView`; emits `settled` once the window may close (results safe, or none made)."""

    settled = Signal()

    def __init__(
        self,
        view: CompletionView,
        opened: OpenedExam,
        runner: BackgroundRunner,
        now: Callable[[], datetime],
        *,
        readiness: dict[str, Any] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self._opened = opened
        self._readiness = readiness  # this station's readiness report, sealed with the answers
        self._runner = runner
        self._now = now
        self._bundle: bytes | None = None  # sealed once, then kept for every retry
        station = opened.station
        self._targets = [station.results_dir, *station.copy_to]  # what "Try again" writes to
        record = opened.session.record
        self.file_name = bundle_file_name(opened.session.pack.id, record.candidate_id, record.session_id)
        view.retry_button.clicked.connect(self._on_retry)
        view.choose_button.clicked.connect(self._on_choose)

    def start(self) -> None:
        """Seal and write the result, or say why there is none to make."""
        if not self._opened.session.pack.results_to:
            self.view.show_not_sealed()
            self.settled.emit()
            return
        self._write()

    def _write(self) -> None:
        """Seal (the first time only) and write to the current targets, on the worker."""
        opened, now = self._opened, self._now()
        self.view.show_saving()
        if self._bundle is not None:
            job = partial(
                deliver, self._bundle, self.file_name, self._targets, opened.station_key.public,
                opened.session.record.session_id, now,
            )  # fmt: skip
            self._runner.run(job, self._on_written, self._on_failed)
            return
        try:
            payload = build_result_payload(
                opened.session, opened.store, pack_sha256=opened.pack_sha256,
                station_fingerprint=opened.station_key.public.fingerprint, app=build_info(),
                readiness=self._readiness,
            )  # fmt: skip
        except (ExamAppError, OSError) as exc:
            self._on_failed(exc)
            return
        job = partial(
            seal_and_deliver, payload, opened.station_key, list(opened.session.pack.results_to),
            opened.pack_sha256, self.file_name, self._targets, now,
        )  # fmt: skip
        self._runner.run(job, self._on_written, self._on_failed)

    def _on_written(self, result: tuple[bytes, ExportOutcome]) -> None:
        self._bundle, outcome = result
        if outcome.safe:
            self.view.show_saved(outcome)
            self.settled.emit()
            return
        self.view.show_not_saved([(str(folder), problem) for folder, problem in outcome.failed])
        self.view.retry_button.setFocus()

    def _on_failed(self, exc: Exception) -> None:
        """Reading or sealing the result failed (folders report through the outcome): say why; "Try again"
        starts over."""
        problem = explain(exc)
        self.view.show_not_saved([(self.tr("Sealing the results"), f"{problem.title}. {problem.detail}")])
        self.view.retry_button.setFocus()

    def _on_retry(self) -> None:
        if not self._runner.busy:
            self._write()

    def _on_choose(self) -> None:
        if self._runner.busy:
            return
        # Qt's own dialog stays inside the kiosk window; a native one could open behind it.
        chosen = QFileDialog.getExistingDirectory(
            self.view.window(),
            self.tr("Choose a folder for the results"),
            str(self._targets[0]),
            QFileDialog.Option.ShowDirsOnly | QFileDialog.Option.DontUseNativeDialog,
        )
        if chosen:
            self._targets = [Path(chosen)]
            self._write()
