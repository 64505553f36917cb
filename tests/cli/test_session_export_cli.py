"""`exam-app session export`: a submitted session's bundle is rebuilt from the station database."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from exam_app.core.pack_file import open_pack, verify_pack
from exam_app.core.paths import station_database_path
from exam_app.core.result_bundle import open_result
from exam_app.core.result_checks import check_result
from exam_app.core.session import ExamSession
from exam_app.core.station_config import load_station_config
from exam_app.core.station_setup import unlock_station_key
from exam_app.store.database import open_station_database
from exam_app.store.session_store import SqlSessionStore
from tests.cli.cli_runner import run_cli
from tests.conftest import PASSPHRASE, KeySet
from tests.support.packs import build


def test_a_submitted_session_is_exported_again(
    capsys, tmp_path: Path, keyset: KeySet, tiny_source: Path
) -> None:
    results = tmp_path / "results"
    setup = run_cli(
        capsys, "station", "init", "--trust", keyset.pub("issuer"), "--results", results,
        "--station-key", keyset.key("station"), "--passphrase-file", keyset.passphrase_file,
    )  # fmt: skip
    assert setup.code == 0, setup.err
    built = build(tiny_source, keyset.issuer, results_to=[keyset.recruiter.public])
    pack_path, code = tmp_path / "tiny.exampack", tmp_path / "code.txt"
    pack_path.write_bytes(built.data)
    code.write_text(built.release_code)
    # A session sat and submitted on this station, whose bundle was never written (the client died).
    config = load_station_config()
    station = unlock_station_key(config, PASSPHRASE)
    pack = open_pack(
        verify_pack(built.data, config.trusted_keys(), now=datetime.now(UTC)), built.release_code, station
    )
    store = SqlSessionStore(open_station_database(station_database_path()))
    session = ExamSession.open(pack, "C-5", "Grace", store, signer=station.signing_key)
    session.begin()
    session.answer("t-2", False)
    session.submit("candidate")

    result = run_cli(
        capsys, "session", "export", pack_path, "--candidate", "C-5", "--release-code-file", code,
        "--passphrase-file", keyset.passphrase_file,
    )  # fmt: skip
    assert result.code == 0, result.err
    (bundle,) = results.glob("*.examresult")
    opened = open_result(bundle.read_bytes(), [keyset.station.public], keyset.recruiter)
    check_result(opened, pack_sha256=hashlib.sha256(built.data).hexdigest())
    assert opened.payload["candidate"] == {"id": "C-5", "name": "Grace"}
    assert f"wrote {bundle}" in result.out

    unknown = run_cli(
        capsys, "session", "export", pack_path, "--candidate", "C-404", "--release-code-file", code,
        "--passphrase-file", keyset.passphrase_file,
    )  # fmt: skip
    assert "no session of candidate C-404" in unknown.error_line
    assert opened.header.session_id == session.record.session_id
