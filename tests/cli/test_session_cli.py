"""`exam-app session verify`: untouched sessions verify; rows edited or deleted behind its back do not."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from exam_app.core.paths import station_database_path
from exam_app.core.session import ExamSession
from exam_app.core.source import load_source
from exam_app.core.station_config import StationConfig, save_station_config
from exam_app.store.database import open_station_database
from exam_app.store.session_store import SqlSessionStore
from tests.cli.cli_runner import CliResult, run_cli
from tests.conftest import KeySet
from tests.support.clock import FakeClock


@pytest.fixture
def station(keyset: KeySet, tmp_path: Path) -> KeySet:
    """This station runs with the test station key (written directly: no passphrase work needed)."""
    save_station_config(
        StationConfig(
            station_key=keyset.key("station"), trusted_issuers=(keyset.pub("issuer"),),
            results_dir=tmp_path / "results", copy_to=(), exams_dir=tmp_path / "exams",
        )
    )  # fmt: skip
    return keyset


@pytest.fixture
def sit(tiny_source: Path, station: KeySet) -> Callable[..., ExamSession]:
    """Run and submit a session in the station database: begin, answers, lock, unlock, submit."""

    def sit(candidate: str = "C-1", signer: Ed25519PrivateKey | None = None) -> ExamSession:
        engine = open_station_database(station_database_path())
        try:
            mono, wall = FakeClock(), FakeClock(1_780_000_000.0)
            session = ExamSession.open(
                load_source(tiny_source).pack, candidate, "Ada", SqlSessionStore(engine), clock=mono,
                wall_clock=wall, signer=signer or station.station.signing_key,
            )  # fmt: skip
            session.begin()
            for question_id, value in (("t-1", 0), ("t-3", "draft"), ("t-2", True), ("t-3", "final")):
                mono.now += 5
                wall.now += 5
                session.answer(question_id, value)
            session.lock("focus lost")  # event 5
            session.unlock("proctor")
            session.submit("candidate")
            return session
        finally:
            engine.dispose()

    return sit


def tamper(sql: str, *parameters: object) -> None:
    """Change the station database directly, as anyone with file access could."""
    connection = sqlite3.connect(station_database_path())
    try:
        assert connection.execute(sql, parameters).rowcount == 1
        connection.commit()
    finally:
        connection.close()


def failed(result: CliResult, fault: str) -> None:
    """The command failed on exactly one session, with `fault` on its line."""
    assert result.code == 1
    assert result.error_line == "error: 1 of 1 sessions failed verification"
    (line,) = result.out.splitlines()
    assert line.startswith("FAILED  C-1  tiny-pack v3  submitted  ")
    assert line.endswith(fault), line


def test_an_untouched_session_verifies(
    capsys: pytest.CaptureFixture[str], sit: Callable[..., ExamSession]
) -> None:
    session = sit()
    result = run_cli(capsys, "session", "verify")
    assert result.code == 0, result.err
    assert result.out == f"ok      C-1  tiny-pack v3  submitted  head {session.event_head()[:12]}\n"


def test_an_edited_event_row_is_caught(
    capsys: pytest.CaptureFixture[str], sit: Callable[..., ExamSession]
) -> None:
    sit()
    tamper("UPDATE session_events SET detail = ? WHERE seq = 5", json.dumps({"reason": "bathroom break"}))
    failed(run_cli(capsys, "session", "verify"), "event log: event 5 (locked) was edited")


def test_a_deleted_event_row_is_caught(
    capsys: pytest.CaptureFixture[str], sit: Callable[..., ExamSession]
) -> None:
    sit()
    tamper("DELETE FROM session_events WHERE seq = 5")
    failed(
        run_cli(capsys, "session", "verify"),
        "event log: event 5 has sequence number 6 (removed or reordered)",
    )


def test_an_edited_answer_save_is_caught(
    capsys: pytest.CaptureFixture[str], sit: Callable[..., ExamSession]
) -> None:
    sit()
    tamper(
        "UPDATE answer_saves SET value = ? WHERE question_id = 't-3' AND revision = 2",
        json.dumps("a better essay"),
    )
    failed(run_cli(capsys, "session", "verify"), "answer history: save 4 (t-3) does not match event 4")


def test_deleted_checkpoints_are_caught(
    capsys: pytest.CaptureFixture[str], sit: Callable[..., ExamSession]
) -> None:
    sit()
    tamper("DELETE FROM session_checkpoints WHERE seq = (SELECT max(seq) FROM session_checkpoints)")
    failed(
        run_cli(capsys, "session", "verify"),
        "event log: the session was submitted but its last event has no station checkpoint",
    )


def test_a_session_signed_by_another_station_is_caught(
    capsys: pytest.CaptureFixture[str], sit: Callable[..., ExamSession]
) -> None:
    sit(signer=Ed25519PrivateKey.generate())
    failed(
        run_cli(capsys, "session", "verify"), "event log: checkpoint at event 0 is not signed by this station"
    )


def test_filters_and_json(capsys: pytest.CaptureFixture[str], sit: Callable[..., ExamSession]) -> None:
    good, bad = sit("C-1"), sit("C-2")
    tamper("DELETE FROM session_events WHERE session_id = ? AND seq = 2", bad.record.session_id)
    only_good = run_cli(capsys, "session", "verify", "--candidate", "C-1", "--pack-id", "tiny-pack")
    assert (
        only_good.code == 0
        and only_good.out.startswith("ok      C-1 ")
        and len(only_good.out.splitlines()) == 1
    )
    both = run_cli(capsys, "session", "verify", "--json")
    assert both.code == 1 and both.error_line == "error: 1 of 2 sessions failed verification"
    verdicts = {verdict["candidate_id"]: verdict for verdict in json.loads(both.out)}
    assert verdicts["C-1"]["ok"] and verdicts["C-1"]["head"] == good.event_head()
    assert verdicts["C-2"]["session_id"] == bad.record.session_id and not verdicts["C-2"]["ok"]
    assert verdicts["C-2"]["fault"] == "event log: event 2 has sequence number 3 (removed or reordered)"
    none = run_cli(capsys, "session", "verify", "--pack-id", "another-pack")
    assert none.code == 1 and none.error_line == "error: no session on this station matches"


def test_a_station_without_sessions_or_setup_says_so(
    capsys: pytest.CaptureFixture[str], keyset: KeySet
) -> None:
    assert "this station is not set up" in run_cli(capsys, "session", "verify").error_line
    save_station_config(
        StationConfig(keyset.key("station"), (keyset.pub("issuer"),), Path("results"), (), Path("exams"))
    )
    result = run_cli(capsys, "session", "verify")
    assert result.code == 1 and "no exam sessions on this station yet" in result.error_line
    assert not station_database_path().exists()  # verifying must not create a database
