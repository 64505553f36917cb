"""How fast the exam client keeps answers and how smoothly it reacts: answer-save latency and GUI lag.

Answer saves: `ExamSession.answer` on an essay of about 1,500 characters (each save a different text, as
the engine skips unchanged answers), timed from the call to its return, which is when the answer and its
chained event are committed (WAL, synchronous=FULL: on disk). Beside it, the same with the in-memory
store (the engine's own cost) and a bare sqlite3 INSERT and COMMIT of the same text with the same
settings (the cost of one durable commit on this disk).

Event-loop lag: the exam screen, built as tests/ui/conftest.py builds it and styled as the client styles
its window, in an offscreen QApplication with real clocks, on the demo pack's essay question pre-filled
with an essay. A typist types one word (`QTest.keyClicks`, a burst of key events) every TYPING_INTERVAL_MS
while a 10 ms timer notes how late each of its own timeouts comes: any work on the GUI thread (handling
keys, painting, the debounced answer save, the clock tick's heartbeat) shows as lateness. Also run
against a bare QPlainTextEdit, and against the exam screen with the in-memory store. This part runs in a
child process (`python -m benchmarks.client_responsiveness SECONDS`, printing JSON), so Qt's state, and
a crash of Qt's bindings, stay out of the benchmark process; its exit status is reported.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from exam_app.core.model import EssayBody, Pack
from exam_app.core.session import ExamSession
from exam_app.core.session_record import MemorySessionStore, SessionStore
from exam_app.core.source import load_source
from exam_app.store.database import open_station_database
from exam_app.store.session_store import SqlSessionStore
from exam_app.ui.exam_controller import ExamController
from exam_app.ui.exam_view import ExamView
from exam_app.ui.text_answers import EssayAnswer
from exam_app.ui.theme import Appearance, palette, style_sheet

REPO = Path(__file__).resolve().parents[1]
DEMO_PACK = REPO / "question_packs" / "demo.yaml"
ESSAY_CHARACTERS = 1_500
PROBE_MS = 10
TYPING_INTERVAL_MS = 150  # one word of about 6 keys: ~40 keys a second, several times a fast typist
_WORDS = (
    "the", "model", "predicts", "likely", "tokens", "so", "fluent", "text", "can", "still", "be", "wrong",
    "when", "training", "data", "lacks", "facts", "and", "nothing", "checks", "its", "answer", "against",
    "a", "source", "of", "truth", "retrieval", "helps", "by", "grounding", "output", "in", "documents",
)  # fmt: skip


@dataclass(frozen=True)
class Sample:
    """One measured variant: its name and its samples in seconds."""

    name: str
    seconds: list[float]
    note: str = ""


def essay_text(seed: int, characters: int = ESSAY_CHARACTERS) -> str:
    """Seeded prose of about `characters` characters (whole words)."""
    rng = random.Random(seed)
    words: list[str] = []
    while sum(len(word) + 1 for word in words) < characters:
        words.append(rng.choice(_WORDS))
    return " ".join(words)


def measure_saves(saves: int) -> list[Sample]:
    """`saves` answer saves through the session with each store, and bare durable SQLite commits."""
    pack = load_source(DEMO_PACK).pack
    texts = [essay_text(seed) for seed in range(saves)]
    with tempfile.TemporaryDirectory(prefix="exam-bench-saves-") as temporary:
        engine = open_station_database(Path(temporary) / "station.sqlite3")
        try:
            sql = _time_saves(pack, SqlSessionStore(engine), texts)
        finally:
            engine.dispose()
        bare = _time_bare_commits(Path(temporary) / "bare.sqlite3", texts)
    memory = _time_saves(pack, MemorySessionStore(), texts)
    return [
        Sample("ExamSession.answer, SQLite store (the station's)", sql),
        Sample("ExamSession.answer, in-memory store", memory),
        Sample("bare sqlite3 INSERT + COMMIT (WAL, synchronous=FULL)", bare),
    ]


def _essay_id(pack: Pack) -> str:
    return next(q.id for section in pack.sections for q in section.questions if isinstance(q.body, EssayBody))


def _time_saves(pack: Pack, store: SessionStore, texts: list[str]) -> list[float]:
    session = ExamSession.open(pack, "C-1", "Ada Lovelace", store)
    session.begin()
    essay = _essay_id(pack)
    times = []
    for text in texts:
        started = time.perf_counter()
        session.answer(essay, text)
        times.append(time.perf_counter() - started)
    return times


def _time_bare_commits(path: Path, texts: list[str]) -> list[float]:
    connection = sqlite3.connect(path, isolation_level=None)  # explicit BEGIN/COMMIT, as the store does
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("CREATE TABLE answer (id INTEGER PRIMARY KEY, value TEXT NOT NULL)")
        times = []
        for text in texts:
            started = time.perf_counter()
            connection.execute("BEGIN")
            connection.execute("INSERT INTO answer (value) VALUES (?)", (text,))
            connection.execute("COMMIT")
            times.append(time.perf_counter() - started)
        return times
    finally:
        connection.close()


@dataclass(frozen=True)
class TypingRun:
    """The lag samples of each typing variant, and how the measuring process ended."""

    samples: list[Sample]
    exit_status: int
    last_error_line: str


def measure_typing(seconds: float) -> TypingRun:
    """Event-loop lateness while typing for `seconds` into each variant, measured in a child process."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.client_responsiveness", str(seconds)],
        cwd=REPO,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=10 * seconds + 120,
        check=False,
    )
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    last_error = next(
        (line for line in errors if line.startswith("Fatal Python error")), errors[-1] if errors else ""
    )
    if not result.stdout.strip():
        raise RuntimeError(
            f"the typing benchmark reported nothing (status {result.returncode}): {last_error}"
        )
    samples = [Sample(**item) for item in json.loads(result.stdout.splitlines()[-1])]
    return TypingRun(samples, result.returncode, last_error if result.returncode else "")


def _typing_variants(seconds: float) -> list[Sample]:
    """In the child: each variant in turn, in one offscreen QApplication."""
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")  # as the client does
    pack = load_source(DEMO_PACK).pack
    start = essay_text(-1)
    with tempfile.TemporaryDirectory(prefix="exam-bench-typing-") as temporary:
        engine = open_station_database(Path(temporary) / "station.sqlite3")
        try:
            screens: list[tuple[str, Callable[[], tuple[QWidget, QPlainTextEdit, Callable[[], int]]]]] = [
                ("bare QPlainTextEdit", lambda: _bare_editor(start)),
                ("exam screen, in-memory store", lambda: _exam_screen(pack, MemorySessionStore(), start)),
                ("exam screen, SQLite store (the station's)",
                 lambda: _exam_screen(pack, SqlSessionStore(engine), start)),
            ]  # fmt: skip
            return [_typing_sample(name, *make(), seconds) for name, make in screens]
        finally:
            engine.dispose()


def _bare_editor(text: str) -> tuple[QWidget, QPlainTextEdit, Callable[[], int]]:
    """A plain editor in a window of the client's size: Qt's own cost of typing and painting."""
    editor = QPlainTextEdit(text)
    editor.resize(1280, 800)
    editor.show()
    return editor, editor, lambda: 0


def _exam_screen(
    pack: Pack, store: SessionStore, text: str
) -> tuple[QWidget, QPlainTextEdit, Callable[[], int]]:
    """The exam screen on a running session, styled like the client's window, showing the essay
    question with `text` as its saved answer; the third value counts the essay's saves so far."""
    session = ExamSession.open(pack, "C-1", "Ada Lovelace", store)
    session.begin()
    essay = _essay_id(pack)
    session.answer(essay, text)
    view = ExamView(pack.title)
    view.setPalette(palette(Appearance()))
    view.setStyleSheet(style_sheet(Appearance()))
    controller = ExamController(view, session, parent=view)
    view.resize(1280, 800)
    view.show()
    controller.start()
    controller.jump_to(next(item.index for item in session.items if item.question.id == essay))
    widget = view.answer_widget
    assert isinstance(widget, EssayAnswer)
    return view, widget.editor, lambda: _essay_saves(store, session.record.session_id, essay)


def _essay_saves(store: SessionStore, session_id: str, essay: str) -> int:
    return sum(save.question_id == essay for save in store.answer_history(session_id))


def _typing_sample(
    name: str, window: QWidget, editor: QPlainTextEdit, saves: Callable[[], int], seconds: float
) -> Sample:
    """Type words into `editor` for `seconds` while a 10 ms timer measures its own lateness."""
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.setFocus()
    saves_before = saves()
    rng = random.Random(0)
    lateness: list[float] = []
    last = time.perf_counter()

    def probe() -> None:
        nonlocal last
        now = time.perf_counter()
        lateness.append(max(0.0, now - last - PROBE_MS / 1000))
        last = now

    probe_timer = QTimer(interval=PROBE_MS, timerType=Qt.TimerType.PreciseTimer)
    probe_timer.timeout.connect(probe)
    typist = QTimer(interval=TYPING_INTERVAL_MS)
    typist.timeout.connect(lambda: QTest.keyClicks(editor, rng.choice(_WORDS) + " "))
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    last = time.perf_counter()
    probe_timer.start()
    typist.start()
    loop.exec()
    typist.stop()
    probe_timer.stop()
    note = "" if saves_before == saves() == 0 else f"{saves() - saves_before} essay saves while typing"
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # stop its timers before the next run
    return Sample(name, lateness, note)


if __name__ == "__main__":
    print(json.dumps([vars(sample) for sample in _typing_variants(float(sys.argv[1]))]), flush=True)
