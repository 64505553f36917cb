"""Crashes: the session engine resumes from the SQL store; a SIGKILLed writer loses no saved answer."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from exam_app.core.session import ExamSession
from exam_app.core.source import load_source
from exam_app.store.database import open_station_database
from exam_app.store.session_store import SqlSessionStore
from tests.support.clock import FakeClock

REPO = Path(__file__).resolve().parents[2]


def test_exam_session_resumes_from_the_database_after_a_crash(tiny_source: Path, db_path: Path) -> None:
    pack = load_source(tiny_source).pack  # 10 minutes; t-1 single choice, t-2 true/false, t-3 essay
    engine = open_station_database(db_path)
    mono, wall = FakeClock(1000.0), FakeClock(1_780_000_000.0)
    session = ExamSession.open(pack, "C-1", "Ada", SqlSessionStore(engine), clock=mono, wall_clock=wall)
    session.begin()
    mono.now += 20
    session.answer("t-1", 0)
    session.answer("t-3", "It predicts plausible text.")
    session.toggle_flag("t-3")
    session.go_to(1)
    session.answer("t-2", False)
    mono.now += 25.5
    wall.now += 45.5
    session.tick()  # heartbeat: exam time persisted
    engine.dispose()  # the app dies

    wall.now += 600  # ten minutes later, a new process with a new engine and a new monotonic origin
    engine = open_station_database(db_path)
    try:
        store = SqlSessionStore(engine)
        resumed = ExamSession.open(pack, "C-1", "Ada", store, clock=FakeClock(3.0), wall_clock=wall)
        assert resumed.resumed and resumed.state == "running"
        assert resumed.record.session_id == session.record.session_id
        assert [resumed.answer_of(q) for q in ("t-1", "t-2", "t-3")] == [
            0,
            False,
            "It predicts plausible text.",
        ]
        assert resumed.is_flagged("t-3") and not resumed.is_flagged("t-1")
        assert resumed.current.question.id == session.current.question.id
        assert resumed.remaining() == pytest.approx(600 - 45.5)  # downtime does not count by default
        events = store.events(session.record.session_id)
        assert [event.kind for event in events] == ["started", *["answer_saved"] * 3, "resumed"]
        assert events[-1].detail == {"downtime_seconds": 600.0, "downtime_counted": False}
        history = store.answer_history(session.record.session_id)
        assert [(save.question_id, save.elapsed) for save in history] == [
            ("t-1", 20),
            ("t-3", 20),
            ("t-2", 20),
        ]
    finally:
        engine.dispose()


# The child saves answers forever, printing "saved N" after each save returns, until it is killed.
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from exam_app.core.session_record import SessionRecord
    from exam_app.store.database import open_station_database
    from exam_app.store.session_store import SqlSessionStore

    store = SqlSessionStore(open_station_database(Path(sys.argv[1])))
    store.create(SessionRecord("s-1", "pack", 1, "C-1", "Ada"))
    for number in range(1, 100_000):
        store.save_answer("s-1", f"q-{number}", f"answer {number}", elapsed=float(number), wall=0.0)
        print(f"saved {number}", flush=True)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_answers_saved_before_a_sigkill_are_all_there(db_path: Path) -> None:
    wanted = 25
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        for number in range(1, wanted + 1):
            line = child.stdout.readline()
            assert line == f"saved {number}\n", child.stderr.read() if child.stderr else line
        child.send_signal(signal.SIGKILL)  # right after save number `wanted` returned
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    assert child.returncode == -signal.SIGKILL

    engine = open_station_database(db_path)
    try:
        store = SqlSessionStore(engine)
        record = store.find("pack", 1, "C-1")
        assert record is not None
        for number in range(1, wanted + 1):
            assert record.answers[f"q-{number}"] == f"answer {number}"
        # The kill may land after more saves, even mid-transaction: whatever is there must be whole.
        saved = len(record.answers)
        assert saved >= wanted
        assert record.answers == {f"q-{n}": f"answer {n}" for n in range(1, saved + 1)}
        assert [save.revision for save in store.answer_history("s-1")] == [1] * saved
    finally:
        engine.dispose()
