"""Question prompts: Markdown rendered to inert rich text in a browser that loads nothing.

Three layers keep a prompt from reaching anything outside the exam: markdown-it runs with raw HTML off
(tags show as text), links and images render as their plain text, and the browser's `loadResource`
returns nothing for any URL, so even a resource that slipped through could not load.
"""

from __future__ import annotations

import html
import math
import unicodedata
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QTextBrowser, QWidget

_RTL_CLASSES = {"R", "AL"}


def _plain_image(_self: Any, tokens: Sequence[Token], idx: int, _options: Any, _env: Any) -> str:
    alt = tokens[idx].content
    return f"[{html.escape(alt)}]" if alt else ""


def _nothing(*_args: Any) -> str:
    return ""


def _make_renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.add_render_rule("link_open", _nothing)
    md.add_render_rule("link_close", _nothing)
    md.add_render_rule("image", _plain_image)
    return md


_MARKDOWN = _make_renderer()


def render_markdown(text: str) -> str:
    """HTML for a prompt: no raw HTML, no links, no images (their text stays)."""
    return str(_MARKDOWN.render(text))


def render_markdown_inline(text: str) -> str:
    """Inline HTML for short texts such as options, with the same restrictions as prompts."""
    return str(_MARKDOWN.renderInline(text))


def text_direction(text: str) -> Qt.LayoutDirection:
    """Right-to-left when the first letter with a strong direction is Hebrew, Arabic or similar."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _RTL_CLASSES:
            return Qt.LayoutDirection.RightToLeft
        if kind == "L":
            break
    return Qt.LayoutDirection.LeftToRight


class PromptBrowser(QTextBrowser):
    """A read-only view of one prompt that never follows a link or fetches a resource."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        # Keyboard users can read it with arrows and select text; Tab still moves on.
        self.setTabChangesFocus(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.document().setDefaultStyleSheet(
            "code, pre { font-family: monospace; } pre { margin: 6px 0; } p { margin: 0 0 8px 0; }"
        )

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        """Refuse every resource, local or remote."""
        return None

    def preferred_height(self) -> int:
        """The height that shows the whole prompt at the current width, frame included."""
        document = self.document()
        document.setTextWidth(self.viewport().width())
        return math.ceil(document.size().height()) + self.height() - self.viewport().height()

    def show_markdown(self, text: str) -> Qt.LayoutDirection:
        """Show a prompt aligned for its script; returns the direction so the answer can be mirrored."""
        direction = text_direction(text)
        option = QTextOption(self.document().defaultTextOption())
        option.setTextDirection(direction)
        right = direction == Qt.LayoutDirection.RightToLeft
        option.setAlignment(Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft)
        self.document().setDefaultTextOption(option)
        self.setLayoutDirection(direction)
        self.setHtml(render_markdown(text))
        return direction
