"""Kiosk behaviour that a window alone cannot enforce: no context menus, no Escape, no Alt+F4 anywhere.

Closing itself is refused by `ExamWindow.closeEvent`; this filter covers the keys and menus that reach
the application (window managers handle Alt+F4 by asking the window to close, which it refuses).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QWidget


class KioskGuard(QObject):
    """An application event filter; install it with `QApplication.installEventFilter`."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow context menus, and Escape and Alt+F4 outside dialogs (Escape still cancels a dialog)."""
        kind = event.type()
        if kind == QEvent.Type.ContextMenu:
            return True
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(event, QKeyEvent):
            in_dialog = isinstance(watched, QWidget) and isinstance(watched.window(), QDialog)
            if event.key() == Qt.Key.Key_Escape and not in_dialog:
                return True
            if event.key() == Qt.Key.Key_F4 and event.modifiers() & Qt.KeyboardModifier.AltModifier:
                return True
        return False
