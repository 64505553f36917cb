"""Layout of the import dialog: bundle files or folders, the recruiter key and station keys, optionally the
pack the bundles came from (its questions, reference answers and key points), and the outcome."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ImportDialog(QDialog):
    """Widgets only; `ImportController` opens file pickers, runs the import and shows its report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import result bundles")
        self.resize(720, 520)
        self.bundles = QListWidget()
        self.add_files = QPushButton("Add files…")
        self.add_folder = QPushButton("Add folder…")
        self.recruiter_key = QLineEdit(placeholderText="recruiter.key")
        self.browse_key = QPushButton("Browse…")
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.stations = QListWidget()
        self.stations.setMaximumHeight(80)
        self.add_stations = QPushButton("Add station .pub…")
        self.pack = QLineEdit(placeholderText="optional: the .exampack, to store its questions for grading")
        self.browse_pack = QPushButton("Browse…")
        self.release_code = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.issuers = QListWidget()
        self.issuers.setMaximumHeight(60)
        self.add_issuers = QPushButton("Add issuer .pub…")
        self.report = QPlainTextEdit(readOnly=True)
        self.report.setPlaceholderText("accepted and rejected bundles appear here")
        self.import_button = QPushButton("Import")
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.accept)
        self._lay_out()

    def _lay_out(self) -> None:
        bundle_buttons = QHBoxLayout()
        bundle_buttons.addWidget(self.add_files)
        bundle_buttons.addWidget(self.add_folder)
        bundle_buttons.addStretch(1)
        key_row = QHBoxLayout()
        key_row.addWidget(self.recruiter_key, 1)
        key_row.addWidget(self.browse_key)
        station_row = QHBoxLayout()
        station_row.addWidget(self.stations, 1)
        station_row.addWidget(self.add_stations)
        pack_row = QHBoxLayout()
        pack_row.addWidget(self.pack, 1)
        pack_row.addWidget(self.browse_pack)
        issuer_row = QHBoxLayout()
        issuer_row.addWidget(self.issuers, 1)
        issuer_row.addWidget(self.add_issuers)
        form = QFormLayout()
        form.addRow("Recruiter key", key_row)
        form.addRow("Passphrase", self.passphrase)
        form.addRow("Enrolled stations", station_row)
        form.addRow("Exam pack", pack_row)
        form.addRow("Release code", self.release_code)
        form.addRow("Pack issuers", issuer_row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bundles, 2)
        layout.addLayout(bundle_buttons)
        layout.addLayout(form)
        layout.addWidget(self.report, 2)
        layout.addLayout(buttons)

    def add_paths(self, target: QListWidget, paths: list[Path]) -> None:
        """Append paths to a list, skipping ones already there."""
        present = {target.item(n).text() for n in range(target.count())}
        for path in paths:
            if str(path) not in present:
                target.addItem(str(path))
                present.add(str(path))

    @staticmethod
    def paths(source: QListWidget) -> list[Path]:
        """The paths listed, in order."""
        return [Path(source.item(n).text()) for n in range(source.count())]
