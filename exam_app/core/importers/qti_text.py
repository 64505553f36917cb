"""QTI item body XHTML -> the Markdown-ish plain text our prompts and options hold.

Deliberately simple: tags are dropped, paragraphs and line breaks kept, lists become `- ` lines, bold and
italic become `**`/`*`, `pre` becomes a fenced block. Images cannot travel into a pack source, so each
shows as `[image: ALT]` and is counted so the importer can warn. Scripts, styles and feedback never reach
the text. An inline answer field (textEntry, inlineChoice) shows as `____` where the candidate would type.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

BLANK = "____"
_BLOCKS = frozenset(
    {
        "p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd", "table",
        "caption", "thead", "tbody", "tfoot", "figure", "figcaption", "section", "article", "aside",
        "header", "footer", "nav", "address", "hr", "prompt", "rubricBlock", "contentBody",
    }
)  # fmt: skip
_LINES = frozenset({"tr", "li"})
_HIDDEN = frozenset(
    {
        "feedbackBlock", "feedbackInline", "modalFeedback", "templateBlock", "templateInline",
        "printedVariable", "script", "style", "stylesheet", "include", "catalogInfo",
    }
)  # fmt: skip
_INLINE_INTERACTIONS = frozenset({"textEntryInteraction", "inlineChoiceInteraction", "endAttemptInteraction"})
_MARKUP = {"b": "**", "strong": "**", "i": "*", "em": "*"}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Rendered:
    """Text rendered from XHTML, and how many images or media objects it could only describe."""

    text: str
    media: int


def render(element: ET.Element, omit: frozenset[int] = frozenset()) -> Rendered:
    """Render the content of `element`; elements whose id() is in `omit` are left out (their tails kept)."""
    writer = _Writer()
    _content(element, writer, omit)
    return Rendered(writer.result(), writer.media)


def collapse(text: str) -> str:
    """Whitespace runs -> one space, ends trimmed: how XHTML shows inline text."""
    return _SPACE.sub(" ", text).strip()


class _Writer:
    """Accumulates text; breaks are held back until more text comes, so none trail or pile up."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending = ""
        self.fresh = True  # at the start of a line (or just after a list marker): leading spaces go
        self.media = 0

    def text(self, text: str, *, raw: bool = False) -> None:
        """Append text; unless `raw`, whitespace runs collapse as in XHTML."""
        if not raw:
            text = _SPACE.sub(" ", text)
            if self.fresh:
                text = text.lstrip(" ")
        if not text:
            return
        if self.pending and self.parts:
            self.parts.append(self.pending)
        self.pending = ""
        self.parts.append(text)
        self.fresh = False

    def marker(self, text: str) -> None:
        """Write a line prefix (`- `) after which the content's leading spaces are dropped."""
        self.text(text)
        self.fresh = True

    def line_break(self) -> None:
        """A `<br/>`: two in a row make a blank line, as they look in a browser."""
        if self.parts:
            self.pending = "\n\n" if self.pending else "\n"
        self.fresh = True

    def end_line(self) -> None:
        """Make sure what follows starts on a new line (list items, table rows)."""
        if self.parts:
            self.pending = self.pending or "\n"
        self.fresh = True

    def paragraph(self) -> None:
        """Start a new paragraph (a blank line) before any further text."""
        if self.parts:
            self.pending = "\n\n"
        self.fresh = True

    def result(self) -> str:
        """The text written, without trailing spaces on any line."""
        lines = "".join(self.parts).split("\n")
        return "\n".join(line.rstrip() for line in lines).strip("\n")


def _content(element: ET.Element, writer: _Writer, omit: frozenset[int]) -> None:
    """Render the text and children of `element` (not its tail)."""
    if element.text:
        writer.text(element.text)
    for node in element:
        if isinstance(node.tag, str) and id(node) not in omit:
            _element(node, writer, omit)
        if node.tail:
            writer.text(node.tail)


def _element(element: ET.Element, writer: _Writer, omit: frozenset[int]) -> None:
    """Render one element and its content."""
    tag = element.tag
    if tag in _HIDDEN:
        return
    if tag == "br":
        writer.line_break()
    elif tag == "img":
        writer.media += 1
        alt = collapse(element.get("alt", ""))
        writer.text(f"[image: {alt}]" if alt else "[image]")
    elif tag in ("object", "audio", "video"):
        writer.media += 1
        _fallback(element, writer, omit)
    elif tag in _INLINE_INTERACTIONS:
        writer.text(BLANK)
    elif tag.endswith("Interaction"):
        # Choices, hotspots and the like are answer material, not prompt: only the interaction's prompt shows.
        for prompt in element:
            if prompt.tag == "prompt":
                _element(prompt, writer, omit)
    elif tag in _MARKUP:
        _markup(element, writer, omit, _MARKUP[tag])
    elif tag == "pre":
        writer.paragraph()
        writer.text("```\n" + "".join(element.itertext()).strip("\n") + "\n```", raw=True)
        writer.paragraph()
    elif tag in _LINES or tag in _BLOCKS:
        _block(element, writer, omit)
    else:
        _content(element, writer, omit)


def _block(element: ET.Element, writer: _Writer, omit: frozenset[int]) -> None:
    """A paragraph-like element, a list item or a table row."""
    if element.tag in _LINES:
        writer.end_line()
        if element.tag == "li":
            writer.marker("- ")
        _content(element, writer, omit)
        writer.end_line()
        return
    writer.paragraph()
    _content(element, writer, omit)
    writer.paragraph()


def _fallback(element: ET.Element, writer: _Writer, omit: frozenset[int]) -> None:
    """An object's content is its fallback text (e.g. the postcard an image shows); else a placeholder."""
    inner = _Writer()
    _content(element, inner, omit)
    writer.media += inner.media
    text = inner.result()
    if not text:
        writer.text("[media]")
        return
    writer.paragraph()
    writer.text(text, raw=True)
    writer.paragraph()


def _markup(element: ET.Element, writer: _Writer, omit: frozenset[int], mark: str) -> None:
    """Bold or italic text; markers only around single-line content, where Markdown can hold them."""
    inner = _Writer()
    _content(element, inner, omit)
    writer.media += inner.media
    text = inner.result()
    if "\n" in text:
        writer.text(text, raw=True)
    elif text:
        writer.text(f"{mark}{text}{mark}")
