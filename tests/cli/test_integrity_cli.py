"""`exam-app check` on this very machine, and `exam-app proctor code` against the station's challenge."""

from __future__ import annotations

import json
from pathlib import Path

from exam_app.core.proctor_codes import ContinuationChallenge, ProctorAction, derive_proctor_secret
from tests.cli.cli_runner import run_cli
from tests.conftest import KeySet
from tests.support.packs import build


def test_check_reports_what_it_sees_here_with_evidence(capsys) -> None:
    result = run_cli(capsys, "check", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    checks = {row["check"]: row for row in report["checks"]}
    assert set(checks) == {"virtual machine", "remote session", "displays", "prohibited processes", "build"}
    for row in report["checks"]:
        assert row["status"] in ("pass", "warn", "info") and row["evidence"]
    vm = checks["virtual machine"]
    if vm["status"] == "warn":  # CI machines are usually virtual: the report must say which indicator fired
        assert any(word in vm["evidence"] for word in ("hypervisor", "firmware", "network card"))
    assert report["ready"] == all(row["status"] != "warn" for row in report["checks"])


def test_check_uses_the_pack_policy(capsys, tmp_path: Path, tiny_source: Path) -> None:
    source = tmp_path / "vm-ok.yaml"
    text = tiny_source.read_text().replace(
        "time_limit_minutes: 10\n", "time_limit_minutes: 10\npolicy:\n  allow_virtual_machine: true\n"
    )
    source.write_text(text)
    report = json.loads(run_cli(capsys, "check", "--pack", source, "--json").out)
    vm = next(row for row in report["checks"] if row["check"] == "virtual machine")
    assert vm["status"] == "pass"
    assert report["policy"] == f"policy of {source}"


def test_proctor_code_unlocks_the_station_challenge(
    capsys, tmp_path: Path, keyset: KeySet, tiny_source: Path
) -> None:
    built = build(tiny_source, keyset.issuer, stations=[keyset.station.public])
    pack, code = tmp_path / "p.exampack", tmp_path / "code.txt"
    pack.write_bytes(built.data)
    code.write_text(built.release_code + "\n")
    challenge = ContinuationChallenge(derive_proctor_secret(built.release_code, "tiny-pack", 3))
    result = run_cli(
        capsys, "proctor", "code", "--pack", pack, "--release-code-file", code,
        "--continuation", challenge.code.lower(), "--action", "add-time:5",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert challenge.redeem(result.out.strip().splitlines()[-1]) == ProctorAction("add-time", 5)


def test_proctor_code_input_errors(capsys, tmp_path: Path, keyset: KeySet, tiny_source: Path) -> None:
    pack, code = tmp_path / "p.exampack", tmp_path / "code.txt"
    built = build(tiny_source, keyset.issuer)
    pack.write_bytes(built.data)
    code.write_text(built.release_code)
    base = ["proctor", "code", "--pack", pack, "--release-code-file", code]
    bad_action = run_cli(capsys, *base, "--continuation", "7K2Q-D9XH", "--action", "pause")
    assert "action must be resume, end or add-time:MINUTES" in bad_action.error_line
    bad_code = run_cli(capsys, *base, "--continuation", "7K2Q", "--action", "resume")
    assert "a code has 8 letters and digits" in bad_code.error_line
