"""The shipped program, not the sources: smoke tests against the one-folder build in dist/exam-app/.

`./run package` builds it; `./run test` builds it first in CI (or with EXAM_APP_TEST_PACKAGE=1). Each test
runs the binary as a process in a clean environment (no virtualenv, no PYTHONPATH), so a module, library,
Qt plugin or data file the spec forgot fails here, not on an exam station.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

import exam_app
from exam_app.core.build_info import source_hash
from exam_app.core.source import load_source
from tests.conftest import REPO, KeySet
from tests.support.packs import build

BINARY = REPO / "dist" / "exam-app" / "exam-app"
DEMO = REPO / "question_packs" / "demo.yaml"
TIMEOUT = 120  # seconds for one command; the slowest (simulate: two key derivations) takes a few

pytestmark = pytest.mark.skipif(
    not BINARY.is_file(),
    reason=f"no one-folder build at {BINARY.relative_to(REPO)}: run `./run package` "
    "(`./run test` builds it when CI or EXAM_APP_TEST_PACKAGE=1 is set)",
)


def run(home: Path, *args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the binary with `args` and only the environment a station would have (plus `env`)."""
    clean = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR") if name in os.environ}
    command = [str(BINARY), *(str(arg) for arg in args)]
    return subprocess.run(
        command,
        env={**clean, "EXAM_APP_HOME": str(home), **(env or {})},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


@pytest.fixture(scope="module")
def demo(keyset: KeySet, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo pack built by a test issuer, addressed to a test recruiter, with its release code."""
    folder = tmp_path_factory.mktemp("demo")
    built = build(DEMO, keyset.issuer, results_to=[keyset.recruiter.public])
    pack, code = folder / "demo.exampack", folder / "code.txt"
    pack.write_bytes(built.data)
    code.write_text(built.release_code + "\n", encoding="utf-8")
    return {"pack": pack, "code": code}


def test_version_names_the_build_of_these_sources(tmp_path: Path) -> None:
    result = run(tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    build = source_hash(Path(exam_app.__file__).parent)
    assert result.stdout.strip() == f"exam-app {exam_app.__version__} (build {build})", (
        "the binary is not a build of these sources: run `./run package` again"
    )


def test_pack_verify_names_the_issuer(tmp_path: Path, keyset: KeySet, demo: dict[str, Path]) -> None:
    result = run(tmp_path, "pack", "verify", demo["pack"], "--trust", keyset.pub("issuer"))
    assert result.returncode == 0, result.stderr
    assert f"signed by issuer {keyset.issuer.public.fingerprint}" in result.stdout


def test_pack_verify_refuses_another_issuer(tmp_path: Path, keyset: KeySet, demo: dict[str, Path]) -> None:
    # The station key is no issuer key: the command refuses it, with one error line and no traceback.
    result = run(tmp_path, "pack", "verify", demo["pack"], "--trust", keyset.pub("station"))
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr


def test_pack_open_decrypts_the_demo_pack(tmp_path: Path, keyset: KeySet, demo: dict[str, Path]) -> None:
    result = run(
        tmp_path, "pack", "open", demo["pack"], "--trust", keyset.pub("issuer"),
        "--release-code-file", demo["code"], "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    pack = load_source(DEMO).pack
    assert (summary["id"], summary["version"], summary["title"]) == (pack.id, pack.version, pack.title)
    assert summary["question_count"] == sum(len(section.questions) for section in pack.sections)
    assert summary["signer"] == keyset.issuer.public.fingerprint


@pytest.fixture(scope="module")
def bundle(keyset: KeySet, demo: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A result bundle the binary wrote with `exam simulate`: one answer, candidate C-42."""
    folder = tmp_path_factory.mktemp("simulated")
    first_question = load_source(DEMO).pack.sections[0].questions[0]
    answers = folder / "answers.json"
    answers.write_text(json.dumps({first_question.id: 0}), encoding="utf-8")
    simulated = run(
        folder, "exam", "simulate", demo["pack"], "--release-code-file", demo["code"],
        "--candidate", "C-42", "--answers", answers, "--station-key", keyset.key("station"),
        "--trust", keyset.pub("issuer"), "--out", folder / "results",
        "--passphrase-file", keyset.passphrase_file,
    )  # fmt: skip
    assert simulated.returncode == 0, simulated.stderr
    (written,) = (folder / "results").glob("*.examresult")
    return written


def test_simulated_bundle_verifies_and_records_the_build(
    tmp_path: Path, keyset: KeySet, demo: dict[str, Path], bundle: Path
) -> None:
    verified = run(
        tmp_path, "result", "verify", bundle, "--recruiter-key", keyset.key("recruiter"),
        "--trust-stations", keyset.pub("station"), "--passphrase-file", keyset.passphrase_file,
        "--pack", demo["pack"], "--json",
    )  # fmt: skip
    assert verified.returncode == 0, verified.stderr
    report = json.loads(verified.stdout)
    assert (report["verified"], report["failed"]) == (1, 0)
    summary = report["bundles"][0]["summary"]
    assert summary["candidate"]["id"] == "C-42" and summary["answered"] == 1
    assert summary["station"] == keyset.station.public.fingerprint
    version = run(tmp_path, "--version").stdout.strip()
    assert version == f"exam-app {summary['app']['version']} (build {summary['app']['build']})"


def test_review_import_and_pdf_report(
    tmp_path: Path, keyset: KeySet, demo: dict[str, Path], bundle: Path
) -> None:
    # Worker processes (a frozen program re-running itself), Alembic's migration files and reportlab.
    imported = run(
        tmp_path, "review", "import", bundle, "--recruiter-key", keyset.key("recruiter"),
        "--trust-stations", keyset.pub("station"), "--pack", demo["pack"],
        "--release-code-file", demo["code"], "--trust-issuers", keyset.pub("issuer"),
        "--passphrase-file", keyset.passphrase_file,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert "imported 1, already imported 0, rejected 0" in imported.stdout
    listed = run(tmp_path, "review", "list")
    assert listed.returncode == 0 and "C-42" in listed.stdout, listed.stderr
    report = tmp_path / "report.pdf"
    written = run(tmp_path, "review", "report", "--format", "pdf", "--candidate", "C-42", "--out", report)
    assert written.returncode == 0, written.stderr
    assert report.read_bytes().startswith(b"%PDF-")
    # The overview draws its charts with reportlab's graphics, in a program built without Pillow.
    folder = tmp_path / "reports"
    overview = run(tmp_path, "review", "report", "--format", "pdf", "--out", folder)
    assert overview.returncode == 0, overview.stderr
    text = subprocess.run(
        ["pdftotext", str(folder / "overview.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Score distribution per level" in text and "C-42" in text


def test_self_test_reaches_the_start_screen_offscreen(tmp_path: Path) -> None:
    # A station not set up still shows the start screen (with that message): a pass.
    result = run(tmp_path, "--self-test", env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert "start screen is shown" in result.stdout


def test_self_test_names_a_missing_qt_platform_and_only_the_carried_ones(tmp_path: Path) -> None:
    result = run(tmp_path, "--self-test", env={"QT_QPA_PLATFORM": "wayland"})  # not carried: X11 only
    assert result.returncode == 1
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert "no Qt platform plugin could be initialized" in error
    available = error.split("Available platform plugins are:")[1].strip().rstrip(".")
    assert {name.strip() for name in available.split(",")} == {"offscreen", "xcb"}
