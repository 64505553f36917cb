"""Layout of the reviewer workspace window: reviewer and filter bar, candidate table, detail tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from exam_app.ui.review.candidates_model import CandidateTableModel
from exam_app.ui.review.grading_view import GradingView
from exam_app.ui.review.timeline_widget import TimelineWidget


class IntegrityView(QWidget):
    """A sitting's integrity summary, its timeline, and the "Mark reviewed" note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.timeline = TimelineWidget()
        self.events = QLabel()
        self.events.setWordWrap(True)
        self.events.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.note = QLineEdit(placeholderText="note: what you checked and concluded")
        self.mark_button = QPushButton("Mark reviewed")
        self.mark_status = QLabel()
        self.mark_status.setWordWrap(True)
        mark_row = QHBoxLayout()
        mark_row.addWidget(self.note, 1)
        mark_row.addWidget(self.mark_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        box = QGroupBox("Timeline (exam time)")
        QVBoxLayout(box).addWidget(self.timeline)
        layout.addWidget(box)
        layout.addWidget(self.events, 1)
        layout.addLayout(mark_row)
        layout.addWidget(self.mark_status)


class WorkspaceWindow(QMainWindow):
    """Widgets only; `WorkspaceController` fills them and reacts to them."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("exam-app — reviewer workspace")
        self.reviewer = QLineEdit(placeholderText="your name (recorded with every grade)")
        self.filter = QLineEdit(placeholderText="filter by candidate id or name")
        self.filter.setClearButtonEnabled(True)
        self.blind = QCheckBox("Blind mode")
        self.blind.setToolTip("hide candidate names and ids while grading")
        self.import_button = QPushButton("Import bundles…")
        self.model = CandidateTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.count = QLabel()
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: bold; font-size: 14pt")
        self.grading = GradingView()
        self.integrity = IntegrityView()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.grading, "Answers")
        self.tabs.addTab(self.integrity, "Integrity")
        self._lay_out()

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Reviewer:"))
        bar.addWidget(self.reviewer)
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.blind)
        bar.addWidget(self.import_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.table)
        left_layout.addWidget(self.count)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.tabs, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([480, 800])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
