"""Safe prompt rendering and the debounce timer, on their own."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from exam_app.ui.debounce import Debouncer
from exam_app.ui.prompt_view import PromptBrowser, render_markdown, text_direction


def test_markdown_keeps_formatting_but_no_html_links_or_images() -> None:
    rendered = render_markdown(
        "**bold** `code` <script>alert(1)</script> <img src=x onerror=y> "
        "[a link](https://example.com) ![a chart](https://example.com/c.png) <https://auto.example>"
    )
    assert "<strong>bold</strong>" in rendered and "<code>code</code>" in rendered
    assert "<script" not in rendered and "<img" not in rendered and "&lt;script&gt;" in rendered
    assert "href" not in rendered and "src=" not in rendered.replace("&lt;img src=x", "")
    assert "a link" in rendered and "[a chart]" in rendered and "https://auto.example" in rendered


def test_browser_loads_no_resource_and_follows_no_link(qtbot: QtBot) -> None:
    browser = PromptBrowser()
    qtbot.addWidget(browser)
    assert not browser.openLinks() and not browser.openExternalLinks()
    for url in (
        "https://example.com/x.png",
        "file:///etc/passwd",
        "qrc:/icon.png",
        "data:image/png;base64,AA==",
    ):
        assert browser.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(url)) is None
    browser.show_markdown("Text with [a link](https://example.com).")
    assert "href" not in browser.toHtml()


def test_text_direction_follows_the_first_strong_letter() -> None:
    assert text_direction("מהי בירת צרפת?") == Qt.LayoutDirection.RightToLeft
    assert text_direction("12: ما هي عاصمة فرنسا؟") == Qt.LayoutDirection.RightToLeft  # digits are neutral
    assert text_direction("What is 2 + 2? ما") == Qt.LayoutDirection.LeftToRight
    assert text_direction("") == Qt.LayoutDirection.LeftToRight


def test_debouncer_fires_after_quiet(qtbot: QtBot) -> None:
    debouncer = Debouncer(idle_ms=50, max_ms=10_000)
    debouncer.poke()
    assert debouncer.pending
    with qtbot.waitSignal(debouncer.fired, timeout=2000):
        pass
    assert not debouncer.pending


def test_debouncer_deadline_fires_during_nonstop_typing(qtbot: QtBot) -> None:
    # Pokes every 20 ms never leave the 400 ms of quiet the idle timer needs: only the 1 s deadline can fire.
    debouncer = Debouncer()
    typing = QTimer(interval=20)
    typing.timeout.connect(debouncer.poke)
    debouncer.poke()
    typing.start()
    with qtbot.waitSignal(debouncer.fired, timeout=3000):
        pass
    assert typing.isActive()  # still typing when the save came
    typing.stop()


def test_debouncer_flush_and_cancel(qtbot: QtBot) -> None:
    debouncer = Debouncer(idle_ms=60_000, max_ms=60_000)
    fired: list[bool] = []
    debouncer.fired.connect(lambda: fired.append(True))
    debouncer.flush()
    assert fired == []  # nothing pending, nothing fired
    debouncer.poke()
    debouncer.flush()
    assert fired == [True] and not debouncer.pending
    debouncer.poke()
    debouncer.cancel()
    assert not debouncer.pending and fired == [True]
