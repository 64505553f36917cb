"""Slots of the import dialog: pick files and keys, run `import_bundles` on the background worker.

With a pack, its signature is checked against the issuers given and it is opened with its release code on
the worker too (scrypt), then stored with the bundles, which must all be of it: the same as
`review import --pack`.

Progress comes back from the worker thread through a queued signal into a QProgressDialog; its Cancel sets
an event that `import_bundles` polls between batches (what was verified by then is still stored).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog

from exam_app.core import keys
from exam_app.core.errors import ExamAppError
from exam_app.core.pack_file import open_pack_for_review, read_pack_bytes
from exam_app.core.review_types import ImportReport
from exam_app.core.review_verify import WorkerKeys
from exam_app.store.review_import import import_bundles
from exam_app.store.review_store import ReviewStore
from exam_app.ui.background import BackgroundRunner
from exam_app.ui.review.import_dialog import ImportDialog


class _Relay(QObject):
    """Created on the GUI thread, so a worker's emit is delivered there."""

    progressed = Signal(int, int)


class ImportController(QObject):
    """Drives one `ImportDialog`; `imported` carries the report once the store has the bundles."""

    imported = Signal(object)

    def __init__(
        self,
        dialog: ImportDialog,
        store: ReviewStore,
        runner: BackgroundRunner,
        now: Callable[[], datetime],
        workers: int | None = None,
    ) -> None:
        super().__init__(dialog)
        self.dialog, self.store, self.runner, self._now, self._workers = dialog, store, runner, now, workers
        self.progress: QProgressDialog | None = None
        self._cancel = threading.Event()
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._advance, Qt.ConnectionType.QueuedConnection)
        dialog.add_files.clicked.connect(self._pick_files)
        dialog.add_folder.clicked.connect(self._pick_folder)
        dialog.browse_key.clicked.connect(self._pick_key)
        dialog.add_stations.clicked.connect(self._pick_stations)
        dialog.browse_pack.clicked.connect(self._pick_pack)
        dialog.add_issuers.clicked.connect(self._pick_issuers)
        dialog.import_button.clicked.connect(self.start)

    def start(self) -> None:
        """Check the form, then verify and store the bundles on the worker."""
        bundles = self.dialog.paths(self.dialog.bundles)
        stations = self.dialog.paths(self.dialog.stations)
        key_path = Path(self.dialog.recruiter_key.text().strip())
        passphrase = self.dialog.passphrase.text().encode("utf-8")
        pack_text = self.dialog.pack.text().strip()
        pack_path = Path(pack_text) if pack_text else None
        release_code = self.dialog.release_code.text()
        issuers = self.dialog.paths(self.dialog.issuers)
        missing = [
            text
            for text, absent in (
                ("bundle files or a folder", not bundles),
                ("the recruiter key", not self.dialog.recruiter_key.text().strip()),
                ("at least one station .pub", not stations),
                ("the pack's release code", pack_path is not None and not release_code.strip()),
                ("the issuer .pub that signed the pack", pack_path is not None and not issuers),
            )
            if absent
        ]
        if missing:
            self.dialog.report.setPlainText("Give " + ", ".join(missing) + ".")
            return
        self._cancel.clear()
        self.progress = QProgressDialog("Verifying bundles…", "Cancel", 0, 0, self.dialog)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.canceled.connect(self._cancel.set)
        self.progress.show()
        self.dialog.import_button.setEnabled(False)
        store, workers, now = self.store, self._workers, self._now()
        relay = self._relay

        def work() -> ImportReport:
            # Unlocking the key and opening the pack run scrypt: off the GUI thread too.
            recruiter = keys.read_secret(key_path, passphrase, "recruiter")
            trusted = [keys.read_public(path, "station") for path in stations]
            pack = None
            if pack_path is not None:
                signers = [keys.read_public(path, "issuer") for path in issuers]
                pack = open_pack_for_review(read_pack_bytes(pack_path), signers, release_code)
            return import_bundles(
                store,
                bundles,
                WorkerKeys.from_keys(recruiter, trusted, pack[1] if pack else None),
                now=now,
                pack=pack,
                workers=workers,
                progress=lambda step: relay.progressed.emit(step.done, step.total),
                cancelled=self._cancel.is_set,
            )

        self.runner.run(work, self._done, self._failed)

    def cancel(self) -> None:
        """Ask the running import to stop after the batch it is verifying (as the Cancel button does)."""
        self._cancel.set()  # QProgressDialog.cancel() does not emit `canceled`: only its button does
        if self.progress is not None:
            self.progress.cancel()

    def _advance(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)

    def _finish(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self._cancel.set)  # closing must not count as a cancel
            self.progress.close()
            self.progress = None
        self.dialog.import_button.setEnabled(True)

    def _done(self, report: ImportReport) -> None:
        self._finish()
        self.dialog.report.setPlainText(describe_report(report))
        self.imported.emit(report)

    def _failed(self, exc: Exception) -> None:
        self._finish()
        if isinstance(exc, ExamAppError):
            reason = str(exc)
        elif isinstance(
            exc, OSError
        ):  # a key or pack file that is gone or unreadable: name it, as the CLI does
            reason = f"{exc.filename}: {exc.strerror or exc}" if exc.filename else str(exc.strerror or exc)
        else:
            reason = f"{type(exc).__name__}: {exc}"
        self.dialog.report.setPlainText(f"Import failed: {reason}")

    def _pick_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self.dialog, "Result bundles", "", "Results (*.examresult)")
        self.dialog.add_paths(self.dialog.bundles, [Path(name) for name in names])

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.dialog, "Folder of result bundles")
        if folder:
            self.dialog.add_paths(self.dialog.bundles, [Path(folder)])

    def _pick_key(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.dialog, "Recruiter key", "", "Secret keys (*.key)")
        if name:
            self.dialog.recruiter_key.setText(name)

    def _pick_stations(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self.dialog, "Station keys", "", "Public keys (*.pub)")
        self.dialog.add_paths(self.dialog.stations, [Path(name) for name in names])

    def _pick_pack(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.dialog, "Exam pack", "", "Exam packs (*.exampack)")
        if name:
            self.dialog.pack.setText(name)

    def _pick_issuers(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self.dialog, "Issuer keys", "", "Public keys (*.pub)")
        self.dialog.add_paths(self.dialog.issuers, [Path(name) for name in names])


def describe_report(report: ImportReport) -> str:
    """The report as the reviewer reads it: counts, then every file that was not imported, with why."""
    lines = [
        f"Imported: {report.count('imported')}   duplicates: {report.count('duplicate')}"
        f"   rejected: {report.count('rejected')}" + ("   (cancelled)" if report.cancelled else "")
    ]
    if report.questions_stored:
        lines.append(f"stored {report.questions_stored} question(s) of the pack")
    lines += [f"accepted  {item.file}" for item in report.outcomes if item.outcome == "imported"]
    lines += [f"duplicate {item.file}" for item in report.outcomes if item.outcome == "duplicate"]
    lines += [f"REJECTED  {item.file}: {item.reason}" for item in report.rejected]
    return "\n".join(lines)
