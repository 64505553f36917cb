"""Fixtures for the client's widget tests: offscreen Qt, a fake clock, sessions in memory, real packs.

Packs are built once per module (building runs scrypt); each test gets its own station folders and store.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import: tests never need a display

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from exam_app.core.event_chain import ChainedEvent
from exam_app.core.model import Pack
from exam_app.core.seen_versions import SeenVersions
from exam_app.core.session import ExamSession
from exam_app.core.session_record import MemorySessionStore
from exam_app.core.source import load_source
from exam_app.core.station_config import StationConfig
from exam_app.platform.machine import FakeMachineFacts
from exam_app.platform.processes import FakeProcessSource
from exam_app.ui.client_controller import ClientController
from exam_app.ui.deps import ClientDeps
from exam_app.ui.exam_controller import ExamController
from exam_app.ui.exam_view import ExamView
from exam_app.ui.integrity_controller import IntegrityController
from exam_app.ui.integrity_flow import IntegrityFlow
from exam_app.ui.main_window import ExamWindow
from exam_app.ui.options import ClientOptions
from tests.conftest import KeySet

FIXTURES = Path(__file__).resolve().parent / "fixtures"


class FakeClock:
    """A settable clock: `now` seconds."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def all_types_pack() -> Pack:
    """Eight questions, every type, a 5-minute section and a Hebrew prompt (20 minutes in all)."""
    return load_source(FIXTURES / "all_types.yaml").pack


@dataclass
class ExamHarness:
    """A running session shown in an exam screen, with its store and clock."""

    view: ExamView
    controller: ExamController
    session: ExamSession
    store: MemorySessionStore
    clock: FakeClock
    submitted: list[str] = field(default_factory=list)

    def saved(self, question_id: str) -> object:
        """The answer as the store has it (what survives a crash)."""
        return self.store.records[self.session.record.session_id].answers.get(question_id)


@pytest.fixture
def make_exam(qtbot: QtBot) -> Callable[..., ExamHarness]:
    """Open and begin a session of `pack` for `candidate`, and show its exam screen."""

    def make(pack: Pack, candidate: str = "C-1", **timing: int) -> ExamHarness:
        store, clock = MemorySessionStore(), FakeClock()
        session = ExamSession.open(
            pack, candidate, "Ada Lovelace", store, clock=clock, wall_clock=FakeClock(5e8)
        )
        session.begin()
        view = ExamView(pack.title)
        qtbot.addWidget(view)
        controller = ExamController(view, session, parent=view, **timing)
        harness = ExamHarness(view, controller, session, store, clock)
        controller.submitted.connect(harness.submitted.append)
        view.resize(1280, 800)
        view.show()
        qtbot.waitExposed(view)
        view.activateWindow()
        qtbot.waitUntil(view.isActiveWindow)  # shortcuts and focus need the active window
        controller.start()
        return harness

    return make


@pytest.fixture
def station(tmp_path: Path, keyset: KeySet) -> StationConfig:
    """A station trusting the test issuer, with the test station key and an empty exams folder."""
    exams = tmp_path / "exams"
    exams.mkdir()
    return StationConfig(
        station_key=keyset.key("station"),
        trusted_issuers=(keyset.pub("issuer"),),
        results_dir=tmp_path / "results",
        copy_to=(),
        exams_dir=exams,
    )


@dataclass
class ClientHarness:
    """The whole client in a window, on fakes."""

    window: ExamWindow
    controller: ClientController
    store: MemorySessionStore
    clock: FakeClock
    deps: ClientDeps


@pytest.fixture
def make_client(
    qtbot: QtBot, station: StationConfig, tmp_path: Path
) -> Iterator[Callable[..., ClientHarness]]:
    """Start the client on the start screen with `options` (no kiosk unless asked)."""
    made: list[ClientHarness] = []

    def make(
        options: ClientOptions | None = None,
        *,
        load_station: Callable[[], StationConfig] | None = None,
        store: MemorySessionStore | None = None,
    ) -> ClientHarness:
        options = options or ClientOptions(kiosk=False)
        clock = FakeClock()
        memory = store or MemorySessionStore()
        deps = ClientDeps(
            load_station=load_station or (lambda: station),
            open_store=lambda: memory,
            seen=SeenVersions(tmp_path / "seen.json"),
            clock=clock,
            wall_clock=FakeClock(5e8),
            machine_facts=FakeMachineFacts(),  # a clean station: no VM, no remote session
            processes=FakeProcessSource([]),
        )
        window = ExamWindow(kiosk=options.kiosk)
        qtbot.addWidget(window)
        controller = ClientController(window, deps, options, parent=window)
        controller.start()
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        harness = ClientHarness(window, controller, memory, clock, deps)
        made.append(harness)
        return harness

    yield make
    for harness in made:  # let the window close even when a test left an exam running
        harness.window.exam_running = False
        harness.controller.runner.wait()


@dataclass
class GuardedExam:
    """An exam screen in a window with the integrity detectors, lock screen and banner, on fakes."""

    window: ExamWindow
    view: ExamView
    exam: ExamController
    integrity: IntegrityController
    flow: IntegrityFlow
    session: ExamSession
    store: MemorySessionStore
    clock: FakeClock
    processes: FakeProcessSource
    submitted: list[str] = field(default_factory=list)

    def events(self, kind: str) -> list[ChainedEvent]:
        """The session's logged events of one kind, oldest first."""
        return [e for e in self.store.events(self.session.record.session_id) if e.kind == kind]


@pytest.fixture
def make_guarded(qtbot: QtBot) -> Iterator[Callable[..., GuardedExam]]:
    """Open (or resume, with the `store` of an earlier sitting) `pack`, show it, start the detectors."""
    made: list[GuardedExam] = []

    def make(
        pack: Pack, *, store: MemorySessionStore | None = None, facts: FakeMachineFacts | None = None,
        files: dict[str, bytes] | None = None, **timing: int,
    ) -> GuardedExam:  # fmt: skip
        store, clock = store or MemorySessionStore(), FakeClock()
        wall = FakeClock(5e8)
        session = ExamSession.open(pack, "C-1", "Ada Lovelace", store, clock=clock, wall_clock=wall)
        session.begin()
        window = ExamWindow(kiosk=False)
        qtbot.addWidget(window)
        view = ExamView(pack.title)
        exam = ExamController(view, session, parent=view)
        processes = FakeProcessSource([], files)
        integrity = IntegrityController(
            session, facts=facts or FakeMachineFacts(), processes=processes, window=window, guarded=view,
            kiosk=False, flush=exam.flush, clock=clock, wall_clock=lambda: wall.now + clock.now,
            parent=view, **timing,
        )  # fmt: skip
        flow = IntegrityFlow(window, view, exam, integrity, parent=view)
        flow.ended.connect(exam.show_ended)
        harness = GuardedExam(window, view, exam, integrity, flow, session, store, clock, processes)
        exam.submitted.connect(harness.submitted.append)
        window.show_screen(view)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        exam.start()
        with qtbot.waitSignal(integrity.ready, timeout=10_000):
            flow.start()
        made.append(harness)
        return harness

    yield make
    for harness in made:  # no scan may report into the next test
        harness.integrity.stop()
