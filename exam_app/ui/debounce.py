"""Save typed answers after a pause, but never let an unsaved keystroke wait longer than a second."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

IDLE_MS = 400
MAX_DELAY_MS = 1000


class Debouncer(QObject):
    """`poke()` on every edit; `fired` comes after `idle_ms` of quiet or `max_ms` after the first poke."""

    fired = Signal()

    def __init__(
        self, idle_ms: int = IDLE_MS, max_ms: int = MAX_DELAY_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._idle = QTimer(self, singleShot=True, interval=idle_ms)
        self._deadline = QTimer(self, singleShot=True, interval=max_ms)
        self._idle.timeout.connect(self._fire)
        self._deadline.timeout.connect(self._fire)

    @property
    def pending(self) -> bool:
        """True when an edit has not been handed on yet."""
        return self._idle.isActive()

    def poke(self) -> None:
        """Note an edit: restart the idle wait; the deadline starts with the first unsaved edit only."""
        self._idle.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def flush(self) -> None:
        """Fire now if an edit is pending (before navigating, submitting or closing)."""
        if self.pending:
            self._fire()

    def cancel(self) -> None:
        """Forget a pending edit (its value was saved another way)."""
        self._idle.stop()
        self._deadline.stop()

    def _fire(self) -> None:
        self.cancel()
        self.fired.emit()
