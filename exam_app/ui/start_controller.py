"""Start screen logic: choose and verify a pack, then unlock it off the GUI thread and open the session.

Verifying is fast (one signature) and runs here; unlocking runs the station key's Argon2id and the release
code's scrypt for a few seconds, so it goes to the background worker while the screen shows progress. The
station key is unlocked for every exam, not only for station-bound packs: it signs the event log's
checkpoints and the result bundle. The session is opened back on the GUI thread, which owns the store.

The pack format, the session engine and the readiness checks are imported when first used, so the start
screen is up before they load: choosing a pack is the first moment anything needs them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QLineEdit, QListWidgetItem, QWidget

from exam_app.core.errors import ExamAppError, KeyFileError
from exam_app.ui.background import BackgroundRunner
from exam_app.ui.deps import ClientDeps
from exam_app.ui.error_text import explain, station_not_set_up, stored_passphrase_failed
from exam_app.ui.options import ClientOptions
from exam_app.ui.start_view import PATH_ROLE, StartView

if TYPE_CHECKING:
    from exam_app.core.keys import SecretKey
    from exam_app.core.model import Pack
    from exam_app.core.pack_file import VerifiedPack
    from exam_app.core.session import ExamSession
    from exam_app.core.session_record import SessionStore
    from exam_app.core.station_config import StationConfig
    from exam_app.ui.readiness_dialog import ReadinessDialog

PACK_SUFFIX = ".exampack"


@dataclass(frozen=True)
class UnlockedPack:
    """What the worker hands back: the decrypted pack and the unlocked station key."""

    pack: Pack
    station_key: SecretKey


@dataclass(frozen=True)
class OpenedExam:
    """A session ready to begin, with what sealing its result needs at the end.

    The station key stays in memory for the whole exam and is never written anywhere; `pack_sha256` is the
    hash of the pack file's bytes as verified, which the result bundle is bound to.
    """

    session: ExamSession
    store: SessionStore
    station: StationConfig
    station_key: SecretKey
    pack_sha256: str


def unlock_pack(
    verified: VerifiedPack, release_code: str, station: StationConfig, passphrase: str
) -> UnlockedPack:
    """Unlock the station key, then decrypt a verified pack (runs on the worker: no Qt, no database)."""
    from exam_app.core.pack_file import open_pack
    from exam_app.core.station_setup import unlock_station_key

    station_key = unlock_station_key(station, passphrase)
    return UnlockedPack(open_pack(verified, release_code, station_key), station_key)


class StartController(QObject):
    """Drives a `StartView`; emits `session_opened(OpenedExam)` once a session is ready."""

    session_opened = Signal(object)

    def __init__(
        self,
        view: StartView,
        deps: ClientDeps,
        options: ClientOptions,
        runner: BackgroundRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self._deps = deps
        self._options = options
        self._runner = runner
        self._station: StationConfig | None = None
        self._store: SessionStore | None = None
        self.verified: VerifiedPack | None = None
        self._pack_sha256 = ""
        self.readiness_dialog: ReadinessDialog | None = None
        view.pack_list.currentItemChanged.connect(self._on_pack_item_changed)
        view.browse_button.clicked.connect(self._on_browse)
        view.open_button.clicked.connect(self._on_open)
        view.check_button.clicked.connect(self._on_check_station)
        for field in (view.candidate_id, view.candidate_name, view.release_code, view.station_passphrase):
            field.returnPressed.connect(self._on_open)

    def start(self) -> None:
        """Load the station configuration, list its packs and apply the pre-filled options."""
        view, options = self.view, self._options
        view.candidate_id.setText(options.candidate)
        view.release_code.setText(options.release_code)
        view.station_passphrase.setText(options.station_passphrase)
        try:
            self._station = self._deps.load_station()
        except ExamAppError as exc:
            problem = station_not_set_up(exc)
            view.show_error(problem.title, problem.detail)
            view.open_button.setEnabled(False)
            return
        view.set_passphrase_asked(self._station.passphrase_file is None)
        folder = self._station.exams_dir
        packs = sorted(folder.glob("*" + PACK_SUFFIX)) if folder.is_dir() else []
        view.show_packs(folder, packs)
        if options.pack is not None:
            listed = [row for row, path in enumerate(packs) if path.resolve() == options.pack.resolve()]
            if listed:
                view.pack_list.setCurrentRow(listed[0])  # which verifies it, like a proctor's click
            else:
                self.choose_pack(options.pack)
        (view.candidate_name if options.candidate else view.candidate_id).setFocus()

    def choose_pack(self, path: Path) -> None:
        """Verify `path` and show who signed it, or why it cannot be used."""
        import hashlib

        from exam_app.core.pack_file import read_pack_bytes, verify_pack

        self.verified = None
        self.view.clear_error()
        if self._station is None:
            return
        try:
            data = read_pack_bytes(path)
            verified = verify_pack(
                data, self._station.trusted_keys(), now=self._deps.now(), seen=self._deps.seen
            )
        except (ExamAppError, OSError) as exc:
            self.view.pack_details.setText(
                self.tr("<b>{0}</b> cannot be used.").format(html.escape(path.name))
            )
            problem = explain(exc)
            self.view.show_error(problem.title, problem.detail)
            return
        self.verified = verified
        self._pack_sha256 = hashlib.sha256(data).hexdigest()
        self.view.pack_details.setText(self._details(path, verified))

    def _details(self, path: Path, verified: VerifiedPack) -> str:
        header = verified.header
        if header.not_before and header.expires:
            valid = self.tr("Valid from {0} until {1}").format(header.not_before, header.expires)
        elif header.not_before or header.expires:
            valid = (
                self.tr("Valid from {0}").format(header.not_before)
                if header.not_before
                else self.tr("Valid until {0}").format(header.expires)
            )
        else:
            valid = self.tr("No validity limits")
        lines = [
            f"<b>{html.escape(header.title)}</b>",
            self.tr("Pack {0}, version {1}, {2} questions").format(
                html.escape(header.pack_id), header.pack_version, header.question_count
            ),
            self.tr("✓ Signed by trusted issuer <b>{0}</b>").format(verified.signer.fingerprint),
            html.escape(valid),
            self.tr("File: {0}").format(html.escape(str(path))),
        ]
        if header.stations:
            lines.append(self.tr("Bound to this station: only this station's key opens it."))
        return "<br>".join(lines)

    def _on_pack_item_changed(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.choose_pack(Path(item.data(PATH_ROLE)))

    def _on_check_station(self) -> None:
        from exam_app.ui.readiness_dialog import check_station

        button = self.view.check_button
        button.setEnabled(False)  # until the dialog with the results is closed
        self.readiness_dialog = check_station(
            self.view.window(), self._deps.machine_facts, self._deps.processes
        )
        self.readiness_dialog.finished.connect(lambda _result: button.setEnabled(True))

    def _on_browse(self) -> None:
        dialog = QFileDialog(self.view.window(), self.tr("Choose an exam pack"))
        # Qt's own dialog stays inside the kiosk window; a native one could open behind it.
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setNameFilter(self.tr("Exam packs (*{0})").format(PACK_SUFFIX))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self._station is not None and self._station.exams_dir.is_dir():
            dialog.setDirectory(str(self._station.exams_dir))
        dialog.fileSelected.connect(lambda name: self.choose_pack(Path(name)))
        dialog.open()

    def _on_open(self) -> None:
        view = self.view
        if self._runner.busy or self._station is None:
            return
        missing = self._missing_input()
        if missing is not None:
            view.show_error(self.tr("Something is missing"), missing[0])
            missing[1].setFocus()
            return
        assert self.verified is not None
        view.clear_error()
        view.set_busy(True)
        job = partial(
            unlock_pack,
            self.verified,
            view.release_code.text(),
            self._station,
            view.station_passphrase.text(),
        )
        # The hash goes with the job, so it is the one of the pack that was unlocked.
        self._runner.run(job, partial(self._on_unlocked, self._pack_sha256), self._on_unlock_failed)

    def _missing_input(self) -> tuple[str, QWidget] | None:
        view = self.view
        if self.verified is None:
            return self.tr("Choose a valid exam pack first."), view.pack_list
        checks: list[tuple[QLineEdit, str]] = [
            (view.candidate_id, self.tr("Enter the candidate id.")),
            (view.candidate_name, self.tr("Enter the candidate's name.")),
            (view.release_code, self.tr("Type the release code.")),
        ]
        if self._station is not None and self._station.passphrase_file is None:
            checks.append((view.station_passphrase, self.tr("Type the station key passphrase.")))
        return next(((message, field) for field, message in checks if not field.text().strip()), None)

    def _on_unlocked(self, pack_sha256: str, unlocked: UnlockedPack) -> None:
        from exam_app.core.session import ExamSession

        view, deps, pack, station = self.view, self._deps, unlocked.pack, self._station
        assert station is not None
        view.set_busy(False)
        try:
            deps.seen.record(pack.id, pack.version)
            if self._store is None:
                self._store = deps.open_store()
            session = ExamSession.open(
                pack,
                view.candidate_id.text(),
                view.candidate_name.text(),
                self._store,
                kiosk=self._options.kiosk,
                clock=deps.clock,
                wall_clock=deps.wall_clock,
                signer=unlocked.station_key.signing_key,
            )
        except (ExamAppError, OSError) as exc:
            problem = explain(exc)
            view.show_error(problem.title, problem.detail)
            view.candidate_id.setFocus()
            return
        # The secrets have done their job: do not leave them in widgets for the rest of the exam.
        view.release_code.clear()
        view.station_passphrase.clear()
        opened = OpenedExam(session, self._store, station, unlocked.station_key, pack_sha256)
        self.session_opened.emit(opened)

    def _on_unlock_failed(self, exc: Exception) -> None:
        view = self.view
        view.set_busy(False)
        stored = self._station is not None and self._station.passphrase_file is not None
        problem = stored_passphrase_failed(exc) if stored and isinstance(exc, KeyFileError) else explain(exc)
        view.show_error(problem.title, problem.detail)
        typed_key = isinstance(exc, KeyFileError) and not stored
        field = view.station_passphrase if typed_key else view.release_code
        field.setFocus()
        field.selectAll()
