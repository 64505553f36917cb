"""The start screen's layout: pack chooser, verified pack details, candidate and proctor fields."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PATH_ROLE = Qt.ItemDataRole.UserRole


def _card() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    return frame, QVBoxLayout(frame)


class StartView(QWidget):
    """Widgets of the start screen, public for `StartController`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(self.tr("Start an exam"))
        heading.setObjectName("heading")
        intro = QLabel(
            self.tr(
                "For the proctor: choose the exam pack, check who issued it, enter the candidate, "
                "then type the release code and, when asked, the station key passphrase."
            )
        )
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        self.folder_label = QLabel()
        self.folder_label.setObjectName("muted")
        self.folder_label.setWordWrap(True)
        self.pack_list = QListWidget()
        self.pack_list.setAccessibleName(self.tr("Exam packs on this station"))
        self.pack_list.setAccessibleDescription(self.tr("Use the arrow keys to choose a pack"))
        self.browse_button = QPushButton(self.tr("Choose another file…"))
        self.browse_button.setAccessibleName(self.tr("Choose an exam pack file"))
        self.pack_details = QLabel(self.tr("No exam pack chosen yet."))
        self.pack_details.setWordWrap(True)
        self.pack_details.setTextFormat(Qt.TextFormat.RichText)
        self.pack_details.setAccessibleName(self.tr("Exam pack details"))
        self.candidate_id = self._field(self.tr("Candidate id"), self.tr("As written on the invitation"))
        self.candidate_name = self._field(self.tr("Candidate name"), self.tr("The candidate's full name"))
        self.release_code = self._field(self.tr("Release code"), self.tr("Typed by the proctor; hidden"))
        self.release_code.setEchoMode(QLineEdit.EchoMode.Password)
        self.station_passphrase = self._field(
            self.tr("Station key passphrase"), self.tr("Typed by the proctor; hidden. It signs the results")
        )
        self.station_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.RichText)
        self.error.setAccessibleName(self.tr("Problem"))
        self.error.hide()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # indeterminate: unlocking takes a few seconds
        self.busy_bar.setAccessibleName(self.tr("Opening the exam"))
        self.busy_label = QLabel(self.tr("Opening the exam… this takes a few seconds."))
        self.open_button = QPushButton(self.tr("Open the exam"))
        self.open_button.setObjectName("primary")
        self.open_button.setAccessibleName(self.open_button.text())
        self.open_button.setDefault(True)
        self.check_button = QPushButton(self.tr("Check this station…"))
        self.check_button.setAccessibleName(self.tr("Check this station"))
        self.check_button.setAccessibleDescription(
            self.tr("Runs every integrity check once and shows what it finds")
        )
        self.set_busy(False)

        pack_card, pack_box = _card()
        pack_box.addWidget(self._subheading(self.tr("1. Exam pack")))
        pack_box.addWidget(self.folder_label)
        pack_box.addWidget(self.pack_list, 1)
        pack_box.addWidget(self.browse_button)
        details_card, details = _card()
        details.addWidget(self._subheading(self.tr("2. Check the pack")))
        details.addWidget(self.pack_details)
        form_card, form_box = _card()
        form_box.addWidget(self._subheading(self.tr("3. Candidate and proctor secrets")))
        form = QFormLayout()
        form.addRow(self.tr("Candidate &id"), self.candidate_id)
        form.addRow(self.tr("Candidate &name"), self.candidate_name)
        form.addRow(self.tr("&Release code"), self.release_code)
        self.passphrase_label = QLabel(self.tr("Station key &passphrase"))
        self.passphrase_label.setBuddy(self.station_passphrase)
        form.addRow(self.passphrase_label, self.station_passphrase)
        self._form = form
        form_box.addLayout(form)
        right = QVBoxLayout()
        right.addWidget(details_card)
        right.addWidget(form_card)
        right.addWidget(self.error)
        busy = QHBoxLayout()
        busy.addWidget(self.busy_bar, 1)
        busy.addWidget(self.busy_label)
        right.addLayout(busy)
        actions = QHBoxLayout()
        actions.addWidget(self.check_button)
        actions.addStretch(1)
        actions.addWidget(self.open_button)
        right.addLayout(actions)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(pack_card, 1)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)

    def _field(self, name: str, description: str) -> QLineEdit:
        field = QLineEdit()
        field.setAccessibleName(name)
        field.setAccessibleDescription(description)
        field.setPlaceholderText(description)
        return field

    def _subheading(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("subheading")
        return label

    def show_packs(self, folder: Path | None, packs: list[Path]) -> None:
        """List the packs found in the station's exams folder."""
        self.pack_list.clear()
        for path in packs:
            item = QListWidgetItem(path.name, self.pack_list)
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
        if folder is None:
            self.folder_label.setText("")
        elif packs:
            self.folder_label.setText(self.tr("Packs in {0}:").format(folder))
        else:
            self.folder_label.setText(self.tr("No exam packs in {0}. Choose a file instead.").format(folder))

    def set_passphrase_asked(self, asked: bool) -> None:
        """Show the station key passphrase field, except on unattended stations (which store it)."""
        self.passphrase_label.setVisible(asked)
        self.station_passphrase.setVisible(asked)

    def show_error(self, title: str, detail: str) -> None:
        """Show one problem, prominently, until the next attempt."""
        self.error.setText(f"<b>{html.escape(title, quote=False)}</b><br>{html.escape(detail, quote=False)}")
        self.error.setAccessibleDescription(f"{title}. {detail}")
        self.error.show()

    def clear_error(self) -> None:
        """Hide the problem box."""
        self.error.clear()
        self.error.hide()

    def set_busy(self, busy: bool) -> None:
        """While the pack is being unlocked: show progress and keep every input still."""
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)
        for widget in (
            self.pack_list,
            self.browse_button,
            self.candidate_id,
            self.candidate_name,
            self.release_code,
            self.station_passphrase,
            self.open_button,
        ):
            widget.setEnabled(not busy)
