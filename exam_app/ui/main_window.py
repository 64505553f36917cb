"""The one window of the client: a strip with zoom and contrast controls above the current screen.

In kiosk mode it is full screen, frameless and on top, and refuses to close while an exam is running
(only submitting ends that). `--no-kiosk` gives an ordinary window for development.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from exam_app.ui.kiosk import KioskGuard

MESSAGE_MS = 8000


def _application() -> QCoreApplication:
    app = QApplication.instance()
    assert app is not None, "create the QApplication first"
    return app


class ExamWindow(QMainWindow):
    """Screens are swapped with `show_screen`; `exam_running` decides whether closing is allowed."""

    close_refused = Signal()
    closing = Signal()

    def __init__(self, *, kiosk: bool) -> None:
        super().__init__()
        self.kiosk = kiosk
        self.exam_running = False
        self.setWindowTitle(self.tr("Exam"))
        self.brand = QLabel(self.tr("Exam station"))
        self.brand.setObjectName("muted")
        self.message = QLabel()
        self.message.setObjectName("notice")
        self.message.setAccessibleName(self.tr("Message"))
        self.message.hide()
        self._message_timer = QTimer(self, singleShot=True, interval=MESSAGE_MS)
        self._message_timer.timeout.connect(self.message.hide)
        self.zoom_out_button = self._small_button("A−", self.tr("Smaller text"), "Ctrl+minus")
        self.zoom_label = QLabel()
        self.zoom_label.setAccessibleName(self.tr("Text size"))
        self.zoom_in_button = self._small_button("A+", self.tr("Larger text"), "Ctrl+plus")
        self.contrast_button = self._small_button(
            self.tr("High contrast"), self.tr("High contrast"), "Ctrl+Shift+H"
        )
        self.contrast_button.setCheckable(True)
        self.zoom_in_shortcuts = [QShortcut(QKeySequence(k), self) for k in ("Ctrl++", "Ctrl+=")]
        self.zoom_out_shortcut = QShortcut(QKeySequence("Ctrl+-"), self)
        self.zoom_reset_shortcut = QShortcut(QKeySequence("Ctrl+0"), self)
        self.contrast_shortcut = QShortcut(QKeySequence("Ctrl+Shift+H"), self)
        self.screens = QStackedWidget()
        strip = QHBoxLayout()
        strip.setContentsMargins(12, 6, 12, 0)
        strip.addWidget(self.brand)
        strip.addWidget(self.message, 1)
        strip.addStretch(0)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.contrast_button):
            strip.addWidget(widget)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(strip)
        layout.addWidget(self.screens, 1)
        self.setCentralWidget(central)
        self._guard: KioskGuard | None = None
        if kiosk:
            self.setWindowFlags(
                Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
            )
            self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
            self._guard = KioskGuard(self)

    def _small_button(self, text: str, name: str, keys: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setAccessibleDescription(self.tr("Shortcut: {0}").format(keys))
        button.setToolTip(f"{name} ({keys})")
        # Mouse conveniences: the keyboard has the shortcuts, so keep these out of the tab chain.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def present(self) -> None:
        """Show full screen in kiosk mode, else as a 1280x800 window."""
        if self._guard is not None:
            # Guarding starts here, not when the window is built: before it shows there is no input to
            # guard, and an application-wide filter in Python slows every event of building the screens.
            _application().installEventFilter(self._guard)
        if self.kiosk:
            # Cover the screen even where no window manager honours the full-screen request.
            self.setGeometry(self.screen().geometry())
            self.showFullScreen()
        else:
            self.resize(1280, 800)
            self.show()
        self.activateWindow()

    def show_screen(self, screen: QWidget) -> None:
        """Replace the current screen (the old one, and the controller parented to it, are deleted)."""
        old = self.screens.currentWidget()
        self.screens.addWidget(screen)
        self.screens.setCurrentWidget(screen)
        if old is not None:
            self.screens.removeWidget(old)
            old.deleteLater()

    def show_message(self, text: str) -> None:
        """A short message in the top strip."""
        self.message.setText(text)
        self.message.show()
        self._message_timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        """In kiosk mode a running exam cannot be closed; otherwise say we are closing, then close."""
        if self.kiosk and self.exam_running:
            event.ignore()
            self.close_refused.emit()
            return
        self.closing.emit()
        if self._guard is not None:
            _application().removeEventFilter(self._guard)
        event.accept()
