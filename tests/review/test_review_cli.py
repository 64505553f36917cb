"""`exam-app review` end to end: db, import (with the pack), list, suggest, grade, history, marks, reports."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.cli.cli_runner import CliResult, run_cli
from tests.conftest import KeySet
from tests.review.sittings import STRONG, WEAK, PackFiles, sit


@pytest.fixture(scope="module")
def bundles(keyset: KeySet, review_pack: PackFiles, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("results")
    (folder / "day-1").mkdir()
    (folder / "day-1" / "c1.examresult").write_bytes(sit(keyset, review_pack, "C-1", STRONG, name="Ada"))
    (folder / "c2.examresult").write_bytes(sit(keyset, review_pack, "C-2", WEAK, name="Bo"))
    return folder


def review(capsys, db: Path, *args: object) -> CliResult:
    return run_cli(capsys, "review", *args, "--db", db)


def import_(capsys, keyset: KeySet, db: Path, *paths: Path, pack: PackFiles | None = None) -> CliResult:
    extra: tuple[object, ...] = ()
    if pack is not None:
        issuer = keyset.pub("issuer")
        extra = ("--pack", pack.path, "--release-code-file", pack.code_file, "--trust-issuers", issuer)
    return review(
        capsys, db, "import", *paths, "--recruiter-key", keyset.key("recruiter"),
        "--trust-stations", keyset.pub("station"), "--passphrase-file", keyset.passphrase_file,
        "--workers", "0", *extra,
    )  # fmt: skip


def test_from_a_folder_of_bundles_to_a_graded_cohort_csv(
    capsys, keyset, review_pack, bundles, tmp_path
) -> None:
    db = tmp_path / "review.sqlite3"
    result = review(capsys, db, "db", "upgrade")
    assert result.code == 0 and "upgraded from empty to schema revision 0001" in result.out
    result = import_(capsys, keyset, db, bundles, pack=review_pack)
    assert result.code == 0, result.err
    assert "stored 5 question(s)" in result.out and "imported 2, already imported 0, rejected 0" in result.out
    again = import_(capsys, keyset, db, bundles)
    assert again.code == 0 and "imported 0, already imported 2, rejected 0" in again.out

    listing = review(capsys, db, "list", "--sort", "score", "--ungraded")
    lines = listing.out.splitlines()
    assert [line.split()[0] for line in lines[1:3]] == ["C-1", "C-2"] and "2 candidate(s)" in lines[-1]
    suggestion = review(capsys, db, "suggest", "C-1", "r-essay")
    assert (
        "1. Next-token prediction" in suggestion.out
        and "suggested score 2 (--tick 1 --tick 2)" in suggestion.out
    )
    answers = review(capsys, db, "answers", "C-1")
    assert "[r-essay] to grade" in answers.out and "[ ] 3. Training data contains errors" in answers.out

    graded = review(capsys, db, "grade", "C-1", "r-essay", "--tick", "1", "--tick", "2", "--reviewer", "rita")
    assert graded.code == 0 and "C-1 r-essay: 2/3 (grade of record, by rita)" in graded.out
    refused = review(
        capsys, db, "grade", "C-1", "r-code", "--tick", "1", "--adjust", "0.5", "--reviewer", "rita"
    )
    assert refused.code == 1 and "needs a comment" in refused.error_line
    out_of_range = review(capsys, db, "grade", "C-1", "r-code", "--tick", "3", "--reviewer", "rita")
    assert "from 1 to 2" in out_of_range.error_line
    review(capsys, db, "grade", "C-1", "r-code", "--tick", "1", "--reviewer", "sam", "--second")
    disagreements = review(capsys, db, "disagreements")
    assert disagreements.out.strip().endswith("0 disagreement(s)")  # r-code has no grade of record yet
    assert "[x] 1. Next-token" in review(capsys, db, "answers", "C-1").out
    history = review(capsys, db, "history", "C-2", "r-essay")
    assert "revision 1 at" in history.out and "'Models are sometimes wrong.'" in history.out
    marked = review(capsys, db, "mark-reviewed", "C-1", "--note", "no signals", "--reviewer", "rita")
    assert marked.code == 0

    out = tmp_path / "cohort.csv"
    assert review(capsys, db, "report", "--format", "csv", "--out", out).code == 0
    rows = {row["candidate_id"]: row for row in csv.DictReader(out.read_text(encoding="utf-8").splitlines())}
    assert (rows["C-1"]["score"], rows["C-1"]["ungraded_answers"], rows["C-1"]["integrity_reviewed"]) == (
        "9",
        "1",
        "yes",
    )
    assert rows["C-2"]["score"] == "0"


def test_pdf_reports_for_one_candidate_and_the_cohort(capsys, keyset, review_pack, bundles, tmp_path) -> None:
    db = tmp_path / "review.sqlite3"
    import_(capsys, keyset, db, bundles, pack=review_pack)
    single = tmp_path / "c1.pdf"
    assert review(capsys, db, "report", "--format", "pdf", "--candidate", "C-1", "--out", single).code == 0
    assert single.read_bytes().startswith(b"%PDF-")
    folder = tmp_path / "reports"
    result = review(capsys, db, "report", "--format", "pdf", "--out", folder)
    assert result.code == 0 and "2 candidate report(s)" in result.out
    names = sorted(path.name for path in folder.iterdir())
    assert names[0].startswith("C-1-") and names[1].startswith("C-2-") and names[2] == "overview.pdf"


def test_rejected_bundles_are_listed_and_fail_the_import(capsys, keyset, bundles, tmp_path) -> None:
    junk = tmp_path / "junk.examresult"
    junk.write_bytes(b"exam-app result v1\nnot really\n")
    result = import_(capsys, keyset, tmp_path / "review.sqlite3", bundles, junk)
    assert result.code == 1 and "imported 2, already imported 0, rejected 1" in result.out
    assert result.error_line.startswith(f"error: {junk}: ")


def test_a_store_from_a_newer_app_is_refused_with_one_error_line(capsys, tmp_path) -> None:
    db = tmp_path / "review.sqlite3"
    assert review(capsys, db, "db", "status").code == 0
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    for command in (("db", "status"), ("db", "upgrade"), ("list",)):
        result = review(capsys, db, *command)
        assert result.code == 1 and "written by a newer exam-app (schema revision 0099" in result.error_line


def test_unknown_candidates_and_missing_paths_are_clear_errors(capsys, keyset, tmp_path) -> None:
    db = tmp_path / "review.sqlite3"
    assert "no candidate or session 'C-9'" in review(capsys, db, "answers", "C-9").error_line
    missing = import_(capsys, keyset, db, tmp_path / "nowhere")
    assert missing.code == 1 and "nowhere: no such file or folder" in missing.error_line
    half = review(
        capsys,
        db,
        "import",
        tmp_path,
        "--recruiter-key",
        keyset.key("recruiter"),
        "--trust-stations",
        keyset.pub("station"),
        "--pack",
        tmp_path / "x.exampack",
    )
    assert "--pack needs --release-code-file" in half.error_line
