"""Layout of the grading panel: the sitting's answers, one answer beside its reference, key points, grade.

The assisted suggestion sits in its own box titled "not applied": it informs; the reviewer ticks.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

SUGGESTION_TITLE = "Assisted suggestion — not applied"
HIGHLIGHT = "#FFF3B0"  # the matched sentence, in the answer and in the suggestion text


class GradingView(QWidget):
    """Widgets only; `GradingController` fills them and reacts to them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.answers = QListWidget()
        self.answers.setMinimumWidth(200)
        self.answers.setMaximumWidth(260)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.answer_text = QTextEdit(readOnly=True)
        self.reference_text = QPlainTextEdit(readOnly=True)
        self.key_points_box = QGroupBox("Key points (keys 1–6 tick, N = next answer)")
        self.key_points_layout = QVBoxLayout(self.key_points_box)
        self.key_point_checks: list[QCheckBox] = []
        self.suggestion_box = QGroupBox(SUGGESTION_TITLE)
        self.suggestion_text = QLabel()
        self.suggestion_text.setWordWrap(True)
        self.suggestion_text.setTextFormat(Qt.TextFormat.RichText)
        QVBoxLayout(self.suggestion_box).addWidget(self.suggestion_text)
        self.adjustment = QDoubleSpinBox()
        self.adjustment.setRange(-100.0, 100.0)
        self.adjustment.setSingleStep(0.5)
        self.comment = QLineEdit(placeholderText="why the adjustment (needed when it is not 0)")
        self.points = QLabel()
        self.save_button = QPushButton("Save grade")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self._lay_out()

    def _lay_out(self) -> None:
        texts = QSplitter(Qt.Orientation.Horizontal)
        for title, widget in (("Candidate's answer", self.answer_text), ("Reference", self.reference_text)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(widget)
            texts.addWidget(box)
        grade_form = QFormLayout()
        grade_form.addRow("Adjustment (points)", self.adjustment)
        grade_form.addRow("Comment", self.comment)
        grade_form.addRow("Points", self.points)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.status, 1)
        detail = QVBoxLayout()
        detail.addWidget(self.prompt)
        detail.addWidget(texts, 3)
        detail.addWidget(self.key_points_box)
        detail.addWidget(self.suggestion_box)
        detail.addLayout(grade_form)
        detail.addLayout(save_row)
        layout = QHBoxLayout(self)
        layout.addWidget(self.answers)
        layout.addLayout(detail, 1)

    def set_key_points(self, texts: list[str]) -> None:
        """Replace the key-point checkboxes (numbered, so the number keys are discoverable)."""
        for check in self.key_point_checks:
            check.hide()  # gone at once; deleted when control returns to the event loop
            check.deleteLater()
        self.key_point_checks = []
        for number, text in enumerate(texts, 1):
            check = QCheckBox(f"&{number}  {text}" if number <= 9 else text)
            self.key_points_layout.addWidget(check)
            self.key_point_checks.append(check)

    def set_gradable(self, gradable: bool) -> None:
        """Free-text answers show key points, suggestion and grade controls; objective ones do not."""
        for widget in (
            self.key_points_box,
            self.suggestion_box,
            self.adjustment,
            self.comment,
            self.save_button,
        ):
            widget.setVisible(gradable)
