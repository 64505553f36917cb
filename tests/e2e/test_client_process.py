"""The real client as a separate process: SIGKILLed mid-exam and started again, it loses no saved answer
and no exam time.

The client runs as `python -m exam_app.cli exam ...` on a private Xvfb and is typed at with xdotool, the
way a candidate uses the keyboard; nothing in the client knows it is being tested. The station database
is read after every step to know when the step is saved: that database is all that survives the kill.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import Engine

from exam_app.core.draw import option_order, presented_questions
from exam_app.core.errors import ExamAppError
from exam_app.core.model import Pack
from exam_app.core.paths import station_database_path
from exam_app.core.session_record import SessionRecord
from exam_app.core.source import load_source
from exam_app.core.station_config import load_station_config
from exam_app.store.database import open_station_database
from exam_app.store.session_store import SqlSessionStore
from tests.cli.cli_runner import run_cli
from tests.conftest import REPO, KeySet
from tests.support.packs import build
from tests.support.xdisplay import MapWatcher, XServer, missing_tools

pytestmark = pytest.mark.skipif(
    bool(missing_tools()),
    reason=f"needs {', '.join(missing_tools())} for a private X server (`./run test` installs them)",
)

T = TypeVar("T")
CANDIDATE = "C-1"
ESSAY = "It predicts likely words, not facts."
MORE = " Fluent is not true."
STEP_TIMEOUT = 30.0  # seconds; unlocking a pack (scrypt and Argon2id) takes a few of them
POLL_SECONDS = 0.05


class Client:
    """One client process on the X server, typed at with xdotool."""

    def __init__(self, xserver: XServer, process: subprocess.Popen[bytes], log: Path) -> None:
        self.xserver = xserver
        self.process = process
        self.log = log

    def keys(self, *names: str) -> None:
        """Press keys (xdotool names: "space", "alt+n", "ctrl+End")."""
        self.xserver.xdotool("key", "--delay", "20", *names)

    def type(self, text: str) -> None:
        """Type text as a candidate would, key by key."""
        self.xserver.xdotool("type", "--delay", "10", text)

    def wait_until(self, what: str, probe: Callable[[], T | None]) -> T:
        """Poll `probe` until it returns something; fail with the client's error output otherwise."""
        deadline = time.monotonic() + STEP_TIMEOUT
        while (found := probe()) is None:
            if self.process.poll() is not None or time.monotonic() > deadline:
                status = "exited" if self.process.returncode is not None else "still running"
                pytest.fail(f"{what}: not seen (client {status}); its stderr:\n{self.log.read_text()}")
            time.sleep(POLL_SECONDS)
        return found


class StationDatabase:
    """Reads the session the client writes, opening the database only once the client has created it."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self._engine: Engine | None = None
        self._store: SqlSessionStore | None = None

    def session(self) -> SessionRecord | None:
        """The candidate's session as committed now, or None before there is one."""
        if self._store is None:
            if not station_database_path().exists():
                return None
            try:
                self._engine = open_station_database(station_database_path())
            except ExamAppError:  # the client is creating it right now ("database is locked"): look again
                return None
            self._store = SqlSessionStore(self._engine)
        return self._store.find(self.pack.id, self.pack.version, CANDIDATE)

    def session_where(self, condition: Callable[[SessionRecord], bool]) -> Callable[[], SessionRecord | None]:
        """A probe for `Client.wait_until`: the session once `condition` holds for it."""

        def probe() -> SessionRecord | None:
            record = self.session()
            return record if record is not None and condition(record) else None

        return probe

    def event_kinds(self, session_id: str) -> list[str]:
        """The kinds of the session's logged events, in order."""
        assert self._store is not None
        return [event.kind for event in self._store.events(session_id)]

    def resumed_detail(self, session_id: str) -> dict[str, object] | None:
        """The detail of the session's "resumed" event, once there is one."""
        assert self._store is not None
        events = [event for event in self._store.events(session_id) if event.kind == "resumed"]
        return events[-1].detail if events else None

    def close(self) -> None:
        """Release the database file."""
        if self._engine is not None:
            self._engine.dispose()


@pytest.fixture
def station(
    tmp_path: Path, keyset: KeySet, tiny_source: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, Path]:
    """A station set up with `station init` and the tiny pack, bound to it, in its exams folder.

    Returns the pack file and a file holding its release code."""
    result = run_cli(
        capsys,
        "station", "init", "--trust", keyset.pub("issuer"), "--results", tmp_path / "results",
        "--station-key", keyset.key("station"), "--passphrase-file", keyset.passphrase_file,
    )  # fmt: skip
    assert result.code == 0, result.err
    built = build(tiny_source, keyset.issuer, stations=[keyset.station.public])
    pack_file = load_station_config().exams_dir / "tiny.exampack"
    pack_file.write_bytes(built.data)
    code_file = tmp_path / "release-code.txt"
    code_file.write_text(built.release_code + "\n", encoding="utf-8")
    return pack_file, code_file


@contextmanager
def running_client(
    xserver: XServer, pack_file: Path, code_file: Path, passphrase_file: Path, log: Path
) -> Iterator[Client]:
    """Start `exam-app exam` pre-filled for the candidate, wait for its window and give it the focus."""
    command = [
        sys.executable, "-m", "exam_app.cli", "exam", str(pack_file), "--candidate", CANDIDATE, "--no-kiosk",
        "--release-code-file", str(code_file), "--station-passphrase-file", str(passphrase_file),
    ]  # fmt: skip
    with MapWatcher(xserver.display) as watcher, log.open("wb") as stderr:
        process = subprocess.Popen(command, cwd=REPO, env=xserver.env(), stderr=stderr)
        try:
            window, _shown = watcher.wait_for_map(process, STEP_TIMEOUT)
            # No window manager here to hand out the focus: give it, so typed keys reach the client.
            xserver.xdotool("windowfocus", "--sync", str(window))
            yield Client(xserver, process, log)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()


@pytest.fixture
def database(tiny_source: Path) -> Iterator[StationDatabase]:
    """The station database, read as the client writes it."""
    reader = StationDatabase(load_source(tiny_source).pack)
    yield reader
    reader.close()


def open_the_exam(client: Client) -> None:
    """On the start screen, pre-filled but for the candidate's name: type it and open the exam."""
    client.type("Ada Lovelace")
    client.keys("Return")


def answer_until_killed(client: Client, database: StationDatabase) -> tuple[SessionRecord, float]:
    """Start the exam, answer all three questions (flagging the second), then SIGKILL the client right
    after a heartbeat. Returns the session as started and the exam seconds it ran for until the kill."""
    open_the_exam(client)
    client.wait_until("the session after unlocking the pack", database.session)
    client.keys("space")  # the rules screen's focused Start button
    started = client.wait_until("the exam running", database.session_where(lambda r: r.state == "running"))
    started_at = time.perf_counter()
    client.keys("space")  # the first option of question 1 has the focus
    client.wait_until("answer 1 saved", database.session_where(lambda r: "t-1" in r.answers))
    client.keys("alt+n")
    client.wait_until("on question 2", database.session_where(lambda r: r.current_index == 1))
    client.keys("Down", "space")  # from "True" to "False"
    client.wait_until("answer 2 saved", database.session_where(lambda r: "t-2" in r.answers))
    client.keys("alt+f", "alt+n")
    client.wait_until("on question 3", database.session_where(lambda r: r.current_index == 2))
    client.type(ESSAY)
    saved = client.wait_until("essay saved", database.session_where(lambda r: r.answers.get("t-3") == ESSAY))
    # Kill right after a heartbeat has persisted the exam time, so the test knows the true exam time.
    client.wait_until("a heartbeat", database.session_where(lambda r: r.elapsed > saved.elapsed))
    client.process.send_signal(signal.SIGKILL)
    killed_at = time.perf_counter()
    client.process.wait()
    return started, killed_at - started_at


def test_a_killed_client_resumes_with_every_saved_answer_and_the_right_time(
    station: tuple[Path, Path], database: StationDatabase, keyset: KeySet, tmp_path: Path
) -> None:
    pack_file, code_file = station
    pack = database.pack
    presented = [
        question for _section, questions in presented_questions(pack, CANDIDATE) for question in questions
    ]
    assert [question.id for question in presented] == ["t-1", "t-2", "t-3"]  # choice, true/false, essay
    with XServer() as xserver:
        start = (xserver, pack_file, code_file, keyset.passphrase_file)
        with running_client(*start, tmp_path / "first.log") as client:
            started, exam_time_at_kill = answer_until_killed(client, database)
        at_kill = database.session()
        assert at_kill is not None and at_kill.session_id == started.session_id
        first_option = option_order(pack, presented[0], CANDIDATE)[0]
        assert at_kill.answers == {"t-1": first_option, "t-2": False, "t-3": ESSAY}
        assert at_kill.flags == ["t-2"] and at_kill.current_index == 2

        with running_client(*start, tmp_path / "second.log") as client:
            open_the_exam(client)
            resumed_detail = client.wait_until(
                "the resume recorded", lambda: database.resumed_detail(started.session_id)
            )
            resumed = database.session()
            assert resumed is not None and resumed.session_id == started.session_id
            assert resumed.answers == at_kill.answers and resumed.flags == at_kill.flags
            assert resumed.current_index == 2 and resumed.state == "running"
            # Remaining time is the limit minus exam time: it must be the time left at the kill.
            limit = pack.time_limit_minutes * 60
            assert limit - resumed.elapsed == pytest.approx(limit - at_kill.elapsed, abs=1.0)
            assert limit - resumed.elapsed == pytest.approx(limit - exam_time_at_kill, abs=1.0)
            # The restart took seconds of wall time, which by default do not count: that is what makes
            # the two checks above able to fail.
            assert resumed_detail["downtime_counted"] is False
            assert isinstance(seconds := resumed_detail["downtime_seconds"], float) and seconds > 1.0
            assert database.event_kinds(started.session_id).count("resumed") == 1

            # The screen is back on the essay with its saved text: what is typed now extends it.
            client.keys("space")  # "Continue the exam"
            client.keys("ctrl+End")
            client.type(MORE)
            client.wait_until(
                "the extended essay saved",
                database.session_where(lambda r: r.answers.get("t-3") == ESSAY + MORE),
            )
