"""`exam-app keys` and `exam-app pack` as a user runs them: outputs, exit codes and policy errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.cli.cli_runner import run_cli
from tests.conftest import FIXTURES, KeySet

CODE_LINE = re.compile(r"release code .*: ([0-9A-Z]{5}(?:-[0-9A-Z]{5}){4})$", re.MULTILINE)


def build_cli(
    capsys, keyset: KeySet, tmp_path: Path, source: Path, name: str, *extra: object
) -> tuple[Path, str]:
    out = tmp_path / f"{name}.exampack"
    result = run_cli(
        capsys,
        "pack",
        "build",
        source,
        "--sign-key",
        keyset.key("issuer"),
        "--out",
        out,
        "--passphrase-file",
        keyset.passphrase_file,
        *extra,
    )
    assert result.code == 0, result.err
    match = CODE_LINE.search(result.out)
    assert match, result.out
    return out, match.group(1)


def test_new_keys_print_fingerprints(capsys, tmp_path: Path, keyset: KeySet) -> None:
    for kind in ("issuer", "station", "recruiter"):
        result = run_cli(
            capsys, "keys", f"new-{kind}", tmp_path / kind, "--passphrase-file", keyset.passphrase_file
        )
        assert result.code == 0, result.err
        fingerprint = re.search(r"fingerprint: (\S+)", result.out).group(1)  # type: ignore[union-attr]
        shown = run_cli(capsys, "keys", "show", tmp_path / f"{kind}.pub")
        assert shown.out.strip() == f"{kind} key, fingerprint {fingerprint}"


def test_new_key_without_passphrase_source_is_a_clear_error(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    result = run_cli(capsys, "keys", "new-issuer", tmp_path / "k")
    assert result.code == 1
    assert "use --passphrase-file FILE or run in a terminal" in result.error_line
    assert not (tmp_path / "k.key").exists()


def test_build_verify_open_round_trip(capsys, tmp_path: Path, keyset: KeySet, tiny_source: Path) -> None:
    code_file = tmp_path / "code.txt"
    pack, code = build_cli(capsys, keyset, tmp_path, tiny_source, "tiny", "--release-code-out", code_file)
    assert code_file.read_text().strip() == code
    assert (code_file.stat().st_mode & 0o077) == 0

    verified = run_cli(capsys, "pack", "verify", pack, "--trust", keyset.pub("issuer"))
    assert verified.code == 0
    assert f"signed by issuer {keyset.issuer.public.fingerprint}" in verified.out

    opened = run_cli(
        capsys,
        "pack",
        "open",
        pack,
        "--trust",
        keyset.pub("issuer"),
        "--release-code-file",
        code_file,
        "--json",
    )
    assert opened.code == 0, opened.err
    summary = json.loads(opened.out)
    assert summary["id"] == "tiny-pack" and summary["question_count"] == 3
    assert summary["signer"] == keyset.issuer.public.fingerprint

    inspected = json.loads(run_cli(capsys, "pack", "inspect", pack, "--json").out)
    assert inspected["verified"] is False and inspected["pack_version"] == 3


def test_station_bound_pack_through_cli(capsys, tmp_path: Path, keyset: KeySet, tiny_source: Path) -> None:
    pack, code = build_cli(capsys, keyset, tmp_path, tiny_source, "bound", "--to", keyset.pub("station"))
    base = ["pack", "open", pack, "--trust", keyset.pub("issuer"), "--release-code", code]
    assert "wrong release code" in run_cli(capsys, *base).error_line
    opened = run_cli(
        capsys, *base, "--station-key", keyset.key("station"), "--passphrase-file", keyset.passphrase_file
    )
    assert opened.code == 0 and "Tiny test pack" in opened.out


def test_verify_with_the_wrong_trust_key_fails(
    capsys, tmp_path: Path, keyset: KeySet, tiny_source: Path
) -> None:
    pack, _ = build_cli(capsys, keyset, tmp_path, tiny_source, "tiny")
    result = run_cli(capsys, "pack", "verify", pack, "--trust", keyset.pub("recruiter"))
    assert result.code == 1 and "this is a recruiter key, but an issuer key is needed" in result.error_line


def test_expired_and_not_yet_valid_packs(capsys, tmp_path: Path, keyset: KeySet, tiny_source: Path) -> None:
    expired, _ = build_cli(capsys, keyset, tmp_path, tiny_source, "old", "--expires", "2020-01-01")
    error = run_cli(capsys, "pack", "verify", expired, "--trust", keyset.pub("issuer")).error_line
    assert re.search(r"expired at 2020-01-01T00:00:00Z, now is \d{4}-.*Z", error)
    future, _ = build_cli(
        capsys, keyset, tmp_path, tiny_source, "future", "--not-before", "2999-01-01T08:00:00Z"
    )
    error = run_cli(capsys, "pack", "verify", future, "--trust", keyset.pub("issuer")).error_line
    assert "not valid yet: valid from 2999-01-01T08:00:00Z, now is" in error


def test_rollback_refused_after_opening_a_newer_version(capsys, tmp_path: Path, keyset: KeySet) -> None:
    newer_source = tmp_path / "newer.yaml"
    newer_source.write_text(
        (FIXTURES / "packs" / "tiny.yaml").read_text().replace("version: 3", "version: 4")
    )
    older, older_code = build_cli(capsys, keyset, tmp_path, FIXTURES / "packs" / "tiny.yaml", "v3")
    newer, newer_code = build_cli(capsys, keyset, tmp_path, newer_source, "v4")
    trust = ["--trust", keyset.pub("issuer")]
    assert run_cli(capsys, "pack", "open", newer, *trust, "--release-code", newer_code).code == 0
    error = run_cli(capsys, "pack", "open", older, *trust, "--release-code", older_code).error_line
    assert "version 3 is older than version 4 already used on this station (rollback refused)" in error


def test_build_refuses_to_overwrite_and_names_bad_inputs(
    capsys, tmp_path: Path, keyset: KeySet, tiny_source
) -> None:
    pack, _ = build_cli(capsys, keyset, tmp_path, tiny_source, "tiny")
    again = run_cli(
        capsys,
        "pack",
        "build",
        tiny_source,
        "--sign-key",
        keyset.key("issuer"),
        "--out",
        pack,
        "--passphrase-file",
        keyset.passphrase_file,
    )
    assert "already exists" in again.error_line
    bad_time = run_cli(
        capsys,
        "pack",
        "build",
        tiny_source,
        "--sign-key",
        keyset.key("issuer"),
        "--out",
        tmp_path / "x",
        "--expires",
        "next tuesday",
        "--passphrase-file",
        keyset.passphrase_file,
    )
    assert "--expires: 'next tuesday' is not a date or time" in bad_time.error_line
    missing = run_cli(capsys, "pack", "verify", tmp_path / "nope.exampack", "--trust", keyset.pub("issuer"))
    assert missing.code == 1 and "nope.exampack" in missing.error_line


def test_usage_errors_exit_2(capsys) -> None:
    assert run_cli(capsys, "pack", "open").code == 2
    assert run_cli(capsys, "nonsense").code == 2


def test_export_age_identity_is_for_pipes(capsys, keyset: KeySet) -> None:
    result = run_cli(
        capsys, "keys", "export-age", keyset.key("station"), "--passphrase-file", keyset.passphrase_file
    )
    assert result.code == 0 and result.out.strip() == keyset.station.age_identity
    issuer = run_cli(
        capsys, "keys", "export-age", keyset.key("issuer"), "--passphrase-file", keyset.passphrase_file
    )
    assert "has no age identity" in issuer.error_line
