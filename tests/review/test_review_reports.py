"""Reports: the cohort CSV's documented columns and values, and candidate PDFs rendered to PNG by pdftoppm."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from exam_app.core.review_pdf import candidate_pdf, cohort_pdf
from exam_app.core.review_report import COLUMNS, cohort_csv
from exam_app.core.review_verify import WorkerKeys
from exam_app.store.review_grades import GradeBook
from exam_app.store.review_import import import_bundles
from exam_app.store.review_reports import candidate_reports
from exam_app.store.review_store import ReviewStore
from tests.conftest import REPO, KeySet
from tests.review.sittings import STRONG, WEAK, PackFiles, sit

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
EVENTS = [
    ("focus_lost", 25.0, {"seconds": 9.0}),
    ("locked", 45.0, {"reason": "prohibited_process"}),
    ("unlocked", 60.0, {"by": "proctor", "added_seconds": 0.0}),
]
A4_POINTS = (595, 842)


@pytest.fixture(scope="module")
def graded_store(keyset: KeySet, review_pack: PackFiles, tmp_path_factory) -> Iterator[ReviewStore]:
    """Two graded sittings (one with a spreadsheet-formula name), one integrity mark."""
    folder = tmp_path_factory.mktemp("bundles")
    (folder / "a.examresult").write_bytes(sit(keyset, review_pack, "C-1", STRONG, EVENTS, name="Ada"))
    (folder / "b.examresult").write_bytes(sit(keyset, review_pack, "C-2", WEAK, name='=HYPERLINK("x")'))
    store = ReviewStore.open(str(folder / "review.sqlite3"))
    keys_ = WorkerKeys.from_keys(keyset.recruiter, [keyset.station.public], review_pack.sha256)
    import_bundles(store, [folder], keys_, now=NOW, pack=(review_pack.pack, review_pack.sha256), workers=0)
    book = GradeBook(store)
    first = store.find_sessions("C-1")[0]
    book.grade(first, "r-essay", ticked=[True, False, True], reviewer="Rita", now=NOW)
    book.grade(first, "r-code", ticked=[True, True], reviewer="Rita", now=NOW)
    book.grade(first, "r-code", ticked=[False, True], reviewer="Sam", now=NOW, marker=2)
    book.mark_reviewed(first, reviewer="Rita", note="lock was a printer driver", now=NOW)
    yield store
    store.close()


def documented_columns() -> list[str]:
    """The column names in the CSV table of docs/review.md, in order."""
    text = (REPO / "docs" / "review.md").read_text(encoding="utf-8")
    section = text.split("## The cohort CSV", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z0-9_]+)` \|", section, flags=re.MULTILINE)


def test_csv_columns_are_stable_and_documented(graded_store: ReviewStore) -> None:
    data = cohort_csv(candidate_reports(graded_store)).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(data)))
    assert data.splitlines()[0].split(",") == list(COLUMNS)
    assert documented_columns() == list(COLUMNS)
    assert len(rows) == 2 and len(set(COLUMNS)) == len(COLUMNS)


def test_csv_values_of_a_graded_candidate(graded_store: ReviewStore) -> None:
    rows = {
        r["candidate_id"]: r
        for r in csv.DictReader(io.StringIO(cohort_csv(candidate_reports(graded_store)).decode()))
    }
    ada = rows["C-1"]
    # Objective 2 + 4 + 1; essay key points 1 and 3 (2 of 3); code both key points (2 of 2).
    assert (ada["score"], ada["score_available"], ada["score_percent"]) == ("11", "12", "91.7")
    assert (ada["objective_score"], ada["free_text_score"], ada["ungraded_answers"]) == ("7", "4", "0")
    assert (ada["beginner_score"], ada["beginner_available"]) == ("3", "3")  # r-single + r-numeric
    assert (ada["intermediate_score"], ada["experienced_score"]) == ("6", "2")
    assert (ada["seconds_away"], ada["locks"], ada["integrity_reviewed"]) == ("9", "1", "yes")
    assert ada["integrity_note"] == "lock was a printer driver" and ada["second_marker_disagreements"] == "1"
    assert rows["C-2"]["candidate_name"] == '\'=HYPERLINK("x")'  # never a live formula in a spreadsheet
    assert rows["C-2"]["pending_points"] == "3" and rows["C-2"]["integrity_reviewed"] == "no"


def render(pdf: bytes, folder: Path) -> list[tuple[int, int, bytes]]:
    """pdftoppm's greyscale pages at 72 dpi (1 pixel per point): (width, height, pixels) per page."""
    (folder / "report.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-gray", "-r", "72", folder / "report.pdf", folder / "page"], check=True)
    pages = []
    for path in sorted(folder.glob("page-*.pgm")):
        magic, size, depth, pixels = path.read_bytes().split(b"\n", 3)
        width, height = map(int, size.split())
        assert (magic, depth, len(pixels)) == (b"P5", b"255", width * height)
        pages.append((width, height, pixels))
    return pages


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (Debian poppler-utils) is not installed"
)
def test_candidate_pdf_renders_to_full_a4_pages(graded_store: ReviewStore, tmp_path: Path) -> None:
    (report,) = candidate_reports(graded_store, graded_store.find_sessions("C-1"))
    pdf = candidate_pdf(report)
    pages = render(pdf, tmp_path)
    assert len(pages) >= 2
    for width, height, pixels in pages:
        assert abs(width - A4_POINTS[0]) <= 1 and abs(height - A4_POINTS[1]) <= 1
        ink = sum(1 for value in pixels if value < 128) / len(pixels)
        assert ink > 0.005, "a page is blank"
    text = subprocess.run(["pdftotext", tmp_path / "report.pdf", "-"], capture_output=True, text=True).stdout
    for expected in (
        "Candidate C-1: Ada",
        "By level",
        "Key points",
        "Integrity",
        "Verification",
        report.detail.verification.bundle_sha256,
        "lock was a printer driver",
    ):
        assert expected in text


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (Debian poppler-utils) is not installed"
)
def test_cohort_overview_has_the_distribution_chart(graded_store: ReviewStore, tmp_path: Path) -> None:
    pdf = cohort_pdf(candidate_reports(graded_store), "Cohort overview: review-pack", now=NOW)
    (width, height, _pixels), *_ = render(pdf, tmp_path)
    assert abs(width - A4_POINTS[0]) <= 1 and abs(height - A4_POINTS[1]) <= 1
    text = subprocess.run(["pdftotext", tmp_path / "report.pdf", "-"], capture_output=True, text=True).stdout
    assert "2 candidate(s); generated 2026-05-04 12:00 UTC" in text and "share of the level's points" in text
    assert "experienced" in text.split("Score distribution per level", 1)[1]
