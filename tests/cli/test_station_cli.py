"""`exam-app station init` and `station show`: identity, trusted issuers, folders, refusals."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from exam_app.core import keys
from exam_app.core.errors import KeyFileError
from exam_app.core.paths import app_home, config_dir, station_database_path
from exam_app.core.station_config import load_station_config, station_config_path
from exam_app.core.station_setup import unlock_station_key
from tests.cli.cli_runner import CliResult, run_cli
from tests.conftest import PASSPHRASE, KeySet


def init(capsys: pytest.CaptureFixture[str], keyset: KeySet, *extra: object, results: Path) -> CliResult:
    """`station init` with the keyset's passphrase file and `extra` arguments."""
    return run_cli(
        capsys, "station", "init", "--results", results, "--passphrase-file", keyset.passphrase_file, *extra
    )


def other_issuer(folder: Path) -> tuple[Path, keys.PublicKey]:
    """A second issuer's .pub file."""
    public = keys.generate("issuer").public
    path = folder / "other-issuer.pub"
    path.write_text(public.file_text(), encoding="utf-8")
    return path, public


def show_json(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    result = run_cli(capsys, "station", "show", "--json")
    assert result.code == 0, result.err
    parsed: dict[str, object] = json.loads(result.out)
    return parsed


def test_init_creates_a_station_identity_trusts_the_issuer_and_makes_folders(
    capsys: pytest.CaptureFixture[str], keyset: KeySet, tmp_path: Path
) -> None:
    result = init(capsys, keyset, "--trust", keyset.pub("issuer"), results=tmp_path / "results")
    assert result.code == 0, result.err
    config = load_station_config()
    station = keys.read_secret(config.station_key, PASSPHRASE.encode(), "station")
    assert config.station_key.parent == config_dir()
    assert stat.S_IMODE(config.station_key.stat().st_mode) == 0o600
    assert station.public != keyset.station.public  # a fresh identity
    assert f"station fingerprint: {station.public.fingerprint}" in result.out
    assert keyset.issuer.public.fingerprint in result.out
    assert config.trusted_keys() == [keyset.issuer.public]
    assert all(path.parent == config_dir() / "trusted" for path in config.trusted_issuers)
    assert config.results_dir == tmp_path / "results" and config.results_dir.is_dir()
    assert config.exams_dir == app_home() / "exams" and config.exams_dir.is_dir()
    assert config.copy_to == ()


def test_show_prints_fingerprints_folders_and_the_database(
    capsys: pytest.CaptureFixture[str], keyset: KeySet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    second_path, second = other_issuer(tmp_path)
    monkeypatch.chdir(tmp_path)  # relative folders must be stored as absolute paths
    result = init(
        capsys, keyset, "--trust", keyset.pub("issuer"), "--trust", second_path,
        "--trust", keyset.pub("issuer"), "--copy-to", "usb", "--copy-to", tmp_path / "share",
        "--exams", "exams", results=Path("results"),
    )  # fmt: skip
    assert result.code == 0, result.err
    shown = show_json(capsys)
    station_public = keys.read_public(config_dir() / "station.pub", "station")
    assert shown["station"] == {
        "fingerprint": station_public.fingerprint,
        "public_key": str(config_dir() / "station.pub"),
        "secret_key": str(config_dir() / "station.key"),
    }
    fingerprints = [issuer["fingerprint"] for issuer in shown["trusted_issuers"]]  # type: ignore[attr-defined]
    assert fingerprints == [keyset.issuer.public.fingerprint, second.fingerprint]  # the duplicate kept once
    assert shown["results_dir"] == str(tmp_path / "results")
    assert shown["copy_to"] == [str(tmp_path / "usb"), str(tmp_path / "share")]
    assert shown["exams_dir"] == str(tmp_path / "exams")
    assert shown["database"] == str(station_database_path())
    assert shown["configuration"] == str(station_config_path())
    text = run_cli(capsys, "station", "show")
    assert text.code == 0
    for expected in (station_public.fingerprint, second.fingerprint, str(station_database_path())):
        assert expected in text.out


def test_an_enrolled_station_key_is_installed_after_checking_its_passphrase(
    capsys: pytest.CaptureFixture[str], keyset: KeySet, tmp_path: Path
) -> None:
    wrong = tmp_path / "wrong-passphrase.txt"
    wrong.write_text("not the passphrase\n", encoding="utf-8")
    refused = run_cli(
        capsys, "station", "init", "--trust", keyset.pub("issuer"), "--results", tmp_path / "results",
        "--station-key", keyset.key("station"), "--passphrase-file", wrong,
    )  # fmt: skip
    assert refused.code == 1 and "station.key" in refused.error_line
    assert not station_config_path().exists() and not (config_dir() / "station.key").exists()

    result = init(
        capsys, keyset, "--trust", keyset.pub("issuer"), "--station-key", keyset.key("station"),
        results=tmp_path / "results",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert keyset.station.public.fingerprint in result.out
    installed = keys.read_secret(load_station_config().station_key, PASSPHRASE.encode(), "station")
    assert installed.public == keyset.station.public


def test_an_enrolled_key_whose_pub_file_does_not_match_is_refused(
    capsys: pytest.CaptureFixture[str], keyset: KeySet, tmp_path: Path
) -> None:
    shutil.copyfile(keyset.key("station"), tmp_path / "enrolled.key")
    (tmp_path / "enrolled.pub").write_text(keys.generate("station").public.file_text(), encoding="utf-8")
    result = init(
        capsys, keyset, "--trust", keyset.pub("issuer"), "--station-key", tmp_path / "enrolled.key",
        results=tmp_path / "results",
    )  # fmt: skip
    assert result.code == 1
    assert "enrolled.pub" in result.error_line and "not the public half" in result.error_line
    (tmp_path / "enrolled.pub").unlink()
    missing = init(
        capsys, keyset, "--trust", keyset.pub("issuer"), "--station-key", tmp_path / "enrolled.key",
        results=tmp_path / "results",
    )  # fmt: skip
    assert missing.code == 1 and "enrolled.pub" in missing.error_line
    assert not station_config_path().exists()


@pytest.mark.parametrize("bad", ["station", "recruiter", "not a key", "missing"])
def test_trust_files_must_be_issuer_keys(
    capsys: pytest.CaptureFixture[str], keyset: KeySet, tmp_path: Path, bad: str
) -> None:
    if bad in ("station", "recruiter"):
        trust = keyset.pub(bad)
    else:
        trust = tmp_path / "bad.pub"
        if bad == "not a key":
            trust.write_text("hello\n", encoding="utf-8")
    result = init(
        capsys, keyset, "--trust", keyset.pub("issuer"), "--trust", trust, results=tmp_path / "results"
    )
    assert result.code == 1
    assert str(trust) in result.error_line
    if bad in ("station", "recruiter"):
        assert f"this is a {bad} key" in result.error_line and "issuer key is needed" in result.error_line
    assert not config_dir().exists() and not (tmp_path / "results").exists()  # nothing was written


def test_an_existing_setup_is_kept_unless_forced(
    capsys: pytest.CaptureFixture[str], keyset: KeySet, tmp_path: Path
) -> None:
    assert init(capsys, keyset, "--trust", keyset.pub("issuer"), results=tmp_path / "results").code == 0
    before = show_json(capsys)
    second_path, second = other_issuer(tmp_path)

    again = init(capsys, keyset, "--trust", second_path, results=tmp_path / "elsewhere")
    assert again.code == 1 and "already set up" in again.error_line and "--force" in again.error_line
    assert show_json(capsys) == before

    forced = init(capsys, keyset, "--trust", second_path, "--force", results=tmp_path / "elsewhere")
    assert forced.code == 0, forced.err
    after = show_json(capsys)
    assert after["station"]["fingerprint"] != before["station"]["fingerprint"]  # type: ignore[index]
    assert [issuer["fingerprint"] for issuer in after["trusted_issuers"]] == [second.fingerprint]  # type: ignore[attr-defined]
    assert os.listdir(config_dir() / "trusted") == [f"issuer-{second.fingerprint}.pub"]
    assert after["results_dir"] == str(tmp_path / "elsewhere")


def test_a_passphrase_is_required(capsys: pytest.CaptureFixture[str], keyset: KeySet, tmp_path: Path) -> None:
    result = run_cli(
        capsys, "station", "init", "--trust", keyset.pub("issuer"), "--results", tmp_path / "results"
    )  # stdin is not a terminal under pytest, so there is no prompt to fall back on
    assert result.code == 1 and "--passphrase-file" in result.error_line
    assert not station_config_path().exists()


def test_show_without_a_setup_says_how_to_make_one(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "station", "show")
    assert result.code == 1 and "not set up" in result.error_line and "station init" in result.error_line


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "unreadable"),
        ('{"format": "exam-app/station-config", "version": 1}', "station_key must be a path"),
        ('{"format": "exam-app/station-config", "version": 99}', "written by a newer exam-app"),
        ('{"format": "something-else", "version": 1}', "not an exam-app station configuration"),
    ],
)
def test_a_damaged_or_newer_configuration_is_reported(
    capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    station_config_path().parent.mkdir(parents=True)
    station_config_path().write_text(content, encoding="utf-8")
    result = run_cli(capsys, "station", "show")
    assert result.code == 1
    assert str(station_config_path()) in result.error_line and message in result.error_line


def test_forcing_with_the_installed_key_keeps_the_station_identity(
    capsys: pytest.CaptureFixture[str], keyset: KeySet, tmp_path: Path
) -> None:
    assert init(capsys, keyset, "--trust", keyset.pub("issuer"), results=tmp_path / "results").code == 0
    before = show_json(capsys)
    result = init(
        capsys, keyset, "--trust", keyset.pub("issuer"), "--force",
        "--station-key", config_dir() / "station.key", results=tmp_path / "new-results",
    )  # fmt: skip
    assert result.code == 0, result.err
    after = show_json(capsys)
    assert after["station"] == before["station"]
    assert after["results_dir"] == str(tmp_path / "new-results")


def test_an_unattended_station_stores_its_passphrase_readable_only_by_its_owner(
    capsys: pytest.CaptureFixture[str], keyset: KeySet, tmp_path: Path
) -> None:
    result = init(capsys, keyset, "--trust", keyset.pub("issuer"), "--unattended", results=tmp_path / "r")
    assert result.code == 0, result.err
    config = load_station_config()
    stored = config_dir() / "station.passphrase"
    assert config.passphrase_file == stored
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert unlock_station_key(config, "").public == config.station_public()  # nothing typed: the file unlocks
    assert json.loads(station_config_path().read_text())["passphrase_file"] == str(stored)
    assert f"station passphrase:  stored in {stored} (unattended" in result.out
    assert show_json(capsys)["passphrase_file"] == str(stored)

    forced = init(capsys, keyset, "--trust", keyset.pub("issuer"), "--force", results=tmp_path / "r")
    assert forced.code == 0, forced.err
    assert not stored.exists() and load_station_config().passphrase_file is None  # attended again
    assert "station passphrase:  typed by the proctor at every exam start" in forced.out
    assert show_json(capsys)["passphrase_file"] is None
    with pytest.raises(KeyFileError):
        unlock_station_key(load_station_config(), "not the passphrase")


def test_a_configuration_written_before_unattended_stations_loads_as_attended(
    capsys: pytest.CaptureFixture[str], keyset: KeySet, tmp_path: Path
) -> None:
    assert init(capsys, keyset, "--trust", keyset.pub("issuer"), results=tmp_path / "r").code == 0
    document = json.loads(station_config_path().read_text())
    del document["passphrase_file"]
    station_config_path().write_text(json.dumps(document), encoding="utf-8")
    assert load_station_config().passphrase_file is None
    shown = run_cli(capsys, "station", "show")
    assert shown.code == 0 and "typed by the proctor" in shown.out
