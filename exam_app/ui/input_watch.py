"""One application event filter for the integrity detectors that need raw input.

It notes the time of the last keyboard or mouse input (for idle periods), reports screen-capture
shortcuts, and asks the `ClipboardGuard` before a paste reaches an answer editor: by key (Ctrl+V,
Shift+Insert), by middle click (the X11 selection) or by dropping text from another program. Context
menus of answer editors are swallowed, so a paste cannot go round the check through a menu (in kiosk
mode there are no context menus at all).

Key events are looked at where they enter the application, on the `QWindow`: a widget that ignores a key
passes it on to its parent, and each hop would otherwise look like another key press.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QClipboard, QDropEvent, QKeyEvent, QKeySequence, QMouseEvent, QWindow
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from exam_app.core.exam_timer import Clock
from exam_app.ui.clipboard_guard import ClipboardGuard

Key, Mod = Qt.Key, Qt.KeyboardModifier
_MODIFIERS = Mod.ShiftModifier | Mod.ControlModifier | Mod.AltModifier | Mod.MetaModifier
_CTRL_SHIFT = Mod.ControlModifier | Mod.ShiftModifier
# PrintScreen with its common modifiers (Windows, GNOME, KDE), Windows' snipping tool (Meta+Shift+S) and
# macOS's Cmd+Shift+3/4/5 (Qt reports Cmd as Control). Shift turns 3, 4, 5 into #, $, % on most layouts.
CAPTURE_SHORTCUTS = {
    (Key.Key_Print, Mod.NoModifier), (Key.Key_Print, Mod.ShiftModifier), (Key.Key_Print, Mod.AltModifier),
    (Key.Key_Print, Mod.ControlModifier), (Key.Key_S, Mod.MetaModifier | Mod.ShiftModifier),
    *((key, _CTRL_SHIFT) for key in (Key.Key_3, Key.Key_4, Key.Key_5)),
    *((key, _CTRL_SHIFT) for key in (Key.Key_NumberSign, Key.Key_Dollar, Key.Key_Percent)),
}  # fmt: skip
_SHIFTED_DIGIT = {Key.Key_NumberSign: "3", Key.Key_Dollar: "4", Key.Key_Percent: "5"}
_INPUT = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
}  # fmt: skip
EDITORS = (QLineEdit, QPlainTextEdit, QTextEdit)


def shortcut_name(key: Qt.Key, modifiers: Qt.KeyboardModifier) -> str:
    """How a capture shortcut is written in the log, e.g. "Shift+Print" or "Ctrl+Shift+4"."""
    if key in _SHIFTED_DIGIT:
        return f"Ctrl+Shift+{_SHIFTED_DIGIT[key]}"
    return QKeySequence(QKeyCombination(modifiers, key)).toString(QKeySequence.SequenceFormat.PortableText)


class InputWatch(QObject):
    """Install with `QApplication.installEventFilter`; `guarded` is the widget whose editors hold answers."""

    def __init__(
        self,
        guarded: QWidget,
        clipboard: ClipboardGuard,
        *,
        clock: Clock,
        on_capture: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._guarded = guarded
        self._clipboard = clipboard
        self._clock = clock
        self._on_capture = on_capture
        self.last_input = clock()
        self._middle_blocked = False  # a blocked middle-click paste: swallow its release too

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note input, report capture keys, and stop pastes the clipboard guard refuses."""
        kind = event.type()
        if kind in _INPUT:
            self.last_input = self._clock()
        if kind == QEvent.Type.KeyPress and isinstance(watched, QWindow) and isinstance(event, QKeyEvent):
            return self._on_key(event)
        if kind == QEvent.Type.ContextMenu:
            return self._editor_of(watched) is not None
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            return isinstance(event, QMouseEvent) and self._on_mouse(watched, event)
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            return self._on_drop(watched, event)
        return False

    def _on_key(self, event: QKeyEvent) -> bool:
        if event.isAutoRepeat():
            return False
        key, modifiers = Qt.Key(event.key()), event.modifiers() & _MODIFIERS
        if (key, modifiers) in CAPTURE_SHORTCUTS:
            self._on_capture(shortcut_name(key, modifiers))
            return False
        focus = QApplication.focusWidget()
        if event.matches(QKeySequence.StandardKey.Paste) and self._editor_of(focus) is not None:
            return not self._clipboard.allow_paste(QClipboard.Mode.Clipboard)
        return False

    def _on_mouse(self, watched: QObject, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.MiddleButton or self._editor_of(watched) is None:
            return False
        if event.type() == QEvent.Type.MouseButtonPress:
            self._middle_blocked = not self._clipboard.allow_paste(QClipboard.Mode.Selection)
        return self._middle_blocked

    def _on_drop(self, watched: QObject, event: QDropEvent) -> bool:
        if event.source() is not None or self._editor_of(watched) is None:
            return False  # a drag that started inside this application
        text = event.mimeData().text()
        if text and not self._clipboard.allow_text(text):
            event.ignore()
            return True
        return False

    def _editor_of(self, watched: QObject | None) -> QWidget | None:
        """The answer editor `watched` is (or is the viewport of), inside the guarded widget."""
        if not isinstance(watched, QWidget):
            return None
        editor = watched if isinstance(watched, EDITORS) else watched.parentWidget()
        if isinstance(editor, EDITORS) and self._guarded.isAncestorOf(editor):
            return editor
        return None
