"""The clipboard during an exam: cleared at the start, and pastes of outside text blocked or logged.

Text copied inside the exam (the clipboard changed while the exam window had the focus) may be pasted
back freely; any other text is "from outside". Only a digest of inside text is kept, and the log gets
the length of an outside paste, never its text: the candidate's clipboard is none of the reviewer's
business beyond that it was used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QClipboard

from exam_app.core.integrity import Signal

MAX_REMEMBERED = 200  # copies remembered per exam; the oldest are forgotten first


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ClipboardGuard(QObject):
    """Decides whether a paste into an answer may happen, and reports the ones from outside."""

    def __init__(
        self,
        clipboard: QClipboard,
        *,
        block: bool,
        exam_has_focus: Callable[[], bool],
        report: Callable[[Signal], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self.block = block
        self._exam_has_focus = exam_has_focus
        self._report = report
        self._inside: dict[str, None] = {}  # digests in insertion order (a dict keeps the order)

    def start(self) -> None:
        """Clear the clipboard (and the X11 selection), then remember what is copied inside the exam."""
        self._clipboard.clear(QClipboard.Mode.Clipboard)
        if self._clipboard.supportsSelection():
            self._clipboard.clear(QClipboard.Mode.Selection)
        self._clipboard.changed.connect(self._on_changed)

    def stop(self) -> None:
        """Stop watching the clipboard (the exam is over)."""
        self._clipboard.changed.disconnect(self._on_changed)

    def allow_paste(self, mode: QClipboard.Mode = QClipboard.Mode.Clipboard) -> bool:
        """True when the text a paste would insert may be pasted; an outside paste is reported."""
        return self.allow_text(self._clipboard.text(mode))

    def allow_text(self, text: str) -> bool:
        """True when `text` may be inserted into an answer; text from outside is reported."""
        if not text or _digest(text) in self._inside:
            return True
        evidence = (
            f"a paste of {len(text)} characters copied outside the exam was blocked"
            if self.block
            else f"{len(text)} characters copied outside the exam were pasted into an answer"
        )
        self._report(Signal("clipboard_paste", evidence, {"characters": len(text), "blocked": self.block}))
        return not self.block

    @Slot(QClipboard.Mode)
    def _on_changed(self, mode: QClipboard.Mode) -> None:
        if not self._exam_has_focus():
            return
        text = self._clipboard.text(mode)
        if text:
            self._inside[_digest(text)] = None
            while len(self._inside) > MAX_REMEMBERED:
                del self._inside[next(iter(self._inside))]
