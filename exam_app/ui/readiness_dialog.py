"""The start screen's "Check this station": every integrity detector run once, with its evidence.

The same checks as `exam-app check`, with the default policy (a pack's own policy is encrypted until the
exam is opened; the exam applies it then). They read /proc and hash programs, so they run on the
background worker; the screen count is read on the GUI thread first, because only Qt knows it.
"""

from __future__ import annotations

import html
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from exam_app.core.machine_checks import Finding, MachineFacts
from exam_app.core.model import Policy
from exam_app.core.process_facts import ProcessSource
from exam_app.core.readiness import run_checks
from exam_app.ui.background import BackgroundRunner

MARKS = {"pass": "✓", "warn": "⚠", "info": "ℹ"}


class ReadinessDialog(QDialog):
    """One row per finding and whether the station is ready."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Check this station"))
        self.setModal(True)
        heading = QLabel(self.tr("Station check"))
        heading.setObjectName("subheading")
        intro = QLabel(
            self.tr(
                "Every integrity check, run once with the default rules, so that anything that would be "
                "flagged during an exam can be settled now. The exam itself applies its pack's own rules."
            )
        )
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Result of the station check"))
        self.rows = QGridLayout()
        self.rows.setColumnStretch(2, 1)
        self.rows.setHorizontalSpacing(12)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        layout = self._layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.status)
        layout.addSpacing(6)
        layout.addLayout(self.rows)
        layout.addStretch(1)  # any spare height goes below the rows, not between them
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(640)
        self.findings: list[Finding] = []
        self.runner = BackgroundRunner(self)  # deleted with the dialog, after waiting for its job

    def show_findings(self, findings: list[Finding]) -> None:
        """One row per check: its mark, name and evidence; then ready or not. Opens the dialog."""
        self.findings = findings
        words = {"pass": self.tr("passed"), "warn": self.tr("warning"), "info": self.tr("not checked")}
        for row, finding in enumerate(findings):
            mark = QLabel(MARKS[finding.status])
            mark.setObjectName("warning" if finding.status == "warn" else "muted")
            name = QLabel(f"<b>{html.escape(finding.check)}</b>")
            evidence = QLabel(finding.evidence)
            evidence.setTextFormat(Qt.TextFormat.PlainText)
            evidence.setWordWrap(True)
            evidence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            evidence.setAccessibleName(f"{finding.check}: {words[finding.status]}")
            self.rows.addWidget(mark, row, 0, Qt.AlignmentFlag.AlignTop)
            self.rows.addWidget(name, row, 1, Qt.AlignmentFlag.AlignTop)
            self.rows.addWidget(evidence, row, 2)
        ready = all(finding.status != "warn" for finding in findings)
        self.status.setText(
            self.tr("This station is ready.")
            if ready
            else self.tr("Not ready: settle each warning with the exam organiser before exam day.")
        )
        self.open()
        # Shown and styled now, the layout knows the height its word-wrapped rows need at this width.
        self.resize(self.width(), self._layout.totalHeightForWidth(self.width()))
        self.close_button.setFocus()

    def show_failure(self, exc: Exception) -> None:
        """The checks themselves failed (an unreadable /proc, say): say so. Opens the dialog."""
        self.status.setText(self.tr("The station could not be checked: {0}").format(exc))
        self.open()


def check_station(parent: QWidget, facts: MachineFacts, processes: ProcessSource) -> ReadinessDialog:
    """Run the checks on the dialog's own worker (the start screen's stays free for opening the exam); the
    dialog opens with the results, so that it opens at the size its rows need (a shown dialog does not grow
    to fit word-wrapped rows added later)."""
    dialog = ReadinessDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    screens = len(QGuiApplication.screens())
    job = partial(run_checks, Policy(), facts, processes, screens)
    dialog.runner.run(job, dialog.show_findings, dialog.show_failure)
    return dialog
