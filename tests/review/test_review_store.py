"""The review store on SQLite and PostgreSQL: import (verify, dedupe, replays), lists, grading, marks."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from exam_app.core import keys
from exam_app.core.result_bundle import open_result, seal_result
from exam_app.core.review_types import CandidateQuery
from exam_app.core.review_verify import WorkerKeys
from exam_app.store.review_grades import GradeBook
from exam_app.store.review_import import import_bundles
from exam_app.store.review_ingest import store_pack
from exam_app.store.review_models import ImportLogRow, Sitting
from exam_app.store.review_store import ReviewStore
from tests.conftest import KeySet
from tests.review.sittings import STRONG, WEAK, PackFiles, sit

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
AWAY = [
    ("focus_lost", 30.0, {"seconds": 12.0}),
    ("clipboard_paste", 50.0, {"evidence": "pasted 80 characters"}),
]


@pytest.fixture(scope="module")
def bundle_bytes(keyset: KeySet, review_pack: PackFiles) -> dict[str, bytes]:
    """Sealed bundles: a strong candidate with integrity signals, a weak one, and a 100% one."""
    return {
        "strong": sit(keyset, review_pack, "C-1", STRONG, AWAY, name="Ada 100%_x"),
        "weak": sit(keyset, review_pack, "C-2", WEAK, name="Bo"),
        "third": sit(keyset, review_pack, "C-3", {**STRONG, "r-multiple": [0]}, name="Cy"),
    }


def write(folder: Path, bundles: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in bundles.items():
        (folder / f"{name}.examresult").write_bytes(data)
    return folder


def run_import(store: ReviewStore, paths: list[Path], keys_: WorkerKeys, pack: PackFiles | None = None):
    packed = (pack.pack, pack.sha256) if pack else None
    return import_bundles(store, paths, keys_, now=NOW, pack=packed, workers=0)


def with_pack(worker_keys: WorkerKeys, pack: PackFiles) -> WorkerKeys:
    return WorkerKeys(
        worker_keys.recruiter_recipient,
        worker_keys.recruiter_identity,
        worker_keys.station_public_files,
        pack.sha256,
    )


def test_import_verifies_stores_and_scores_every_sitting(
    store, bundle_bytes, worker_keys, review_pack, tmp_path
):
    folder = write(tmp_path / "in", bundle_bytes)
    report = run_import(store, [folder], with_pack(worker_keys, review_pack), review_pack)
    assert report.count("imported") == 3 and report.questions_stored == 5 and not report.rejected
    rows = {row.candidate_id: row for row in store.list_candidates()}
    strong, weak = rows["C-1"], rows["C-2"]
    # Objective points by the pack's rules: 2 + 4 + 1 for C-1; C-2 ticked one right and one wrong (0).
    assert (strong.score_earned, strong.score_available, strong.ungraded) == (7.0, 12.0, 2)
    assert (weak.score_earned, weak.ungraded) == (0.0, 1)  # C-2 left the code question unanswered
    assert rows["C-3"].score_earned == 5.0  # one of two right options: half of 4
    assert (strong.seconds_away, strong.signals, strong.focus_losses) == (12.0, 2, 1)
    answers = store.answers(strong.session_id)
    assert [a.question_id for a in answers] == list(STRONG)
    assert answers[1].value == [0, 1] and answers[1].auto_points == 4.0 and answers[3].needs_grading
    history = store.answer_history(strong.session_id, "r-essay")
    assert [(s.revision, s.value) for s in history] == [(1, STRONG["r-essay"])]
    kinds = [event.kind for event in store.events(strong.session_id)]
    assert kinds[0] == "started" and kinds[-1] == "submitted" and "clipboard_paste" in kinds


def test_reimport_is_idempotent_and_a_replayed_session_is_rejected(
    store, bundle_bytes, worker_keys, keyset, tmp_path
):
    folder = write(tmp_path / "in", bundle_bytes)
    run_import(store, [folder], worker_keys)
    again = run_import(store, [folder, folder / "weak.examresult"], worker_keys)
    assert again.count("duplicate") == 4 and again.count("imported") == 0
    opened = open_result(bundle_bytes["weak"], [keyset.station.public], keyset.recruiter)
    replay = seal_result(
        opened.payload,
        keyset.station,
        opened.header.recipients,
        pack_sha256=opened.header.pack_sha256,
        now=datetime(2030, 1, 1, tzinfo=UTC),
    )
    (tmp_path / "replay.examresult").write_bytes(replay)
    (rejected,) = run_import(store, [tmp_path / "replay.examresult"], worker_keys).outcomes
    assert rejected.outcome == "rejected" and rejected.reason.startswith(
        f"replayed: session {opened.header.session_id}"
    )
    assert store.count_candidates() == 3
    with store.engine.connect() as connection:
        outcomes = connection.execute(
            select(ImportLogRow.outcome, func.count()).group_by(ImportLogRow.outcome)
        ).all()
    assert dict(outcomes) == {"imported": 3, "duplicate": 4, "rejected": 1}


def test_two_sittings_of_one_session_in_one_run_keep_the_first(
    store, bundle_bytes, worker_keys, keyset, tmp_path
):
    opened = open_result(bundle_bytes["weak"], [keyset.station.public], keyset.recruiter)
    other = seal_result(
        opened.payload,
        keyset.station,
        opened.header.recipients,
        pack_sha256=opened.header.pack_sha256,
        now=datetime(2030, 1, 1, tzinfo=UTC),
    )
    folder = write(tmp_path / "in", {"a": bundle_bytes["weak"], "b": other})
    first, second = run_import(store, [folder], worker_keys).outcomes
    assert first.outcome == "imported" and second.outcome == "rejected"
    assert str(folder / "a.examresult") in second.reason


def test_bad_bundles_are_listed_with_their_reasons(store, bundle_bytes, worker_keys, review_pack, tmp_path):
    flipped = bytearray(bundle_bytes["strong"])
    flipped[-100] ^= 1
    stranger = keys.generate("station")
    only_stranger = WorkerKeys.from_keys(worker_keys.recruiter(), [stranger.public])
    folder = write(tmp_path / "in", {"flipped": bytes(flipped), "junk": b"not a bundle"})
    report = run_import(store, [folder], worker_keys)
    reasons = {Path(o.file).stem: o.reason for o in report.rejected}
    assert "signed header" in reasons["flipped"] and "not a result bundle" in reasons["junk"]
    write(tmp_path / "ok", {"weak": bundle_bytes["weak"]})
    (unknown,) = run_import(store, [tmp_path / "ok"], only_stranger).rejected
    assert "not enrolled" in unknown.reason
    other_pack = with_pack(worker_keys, PackFiles(Path(), Path(), review_pack.pack, "0" * 64))
    (wrong_pack,) = run_import(store, [tmp_path / "ok"], other_pack).rejected
    assert "belongs to another pack" in wrong_pack.reason and store.count_candidates() == 0


def test_a_pack_imported_after_its_bundles_scores_them(
    store, bundle_bytes, worker_keys, review_pack, tmp_path
):
    run_import(store, [write(tmp_path / "in", {"weak": bundle_bytes["weak"]})], worker_keys)
    (row,) = store.list_candidates()
    assert (row.score_earned, row.ungraded) == (0.0, 0)  # the station's own figures: 0 of 7 objective
    assert all(answer.question is None for answer in store.answers(row.session_id))
    store_pack(store, review_pack.pack, review_pack.sha256)
    (row,) = store.list_candidates()
    assert (row.score_available, row.ungraded) == (12.0, 1)
    assert [a.auto_points for a in store.answers(row.session_id)][:3] == [0.0, 0.0, 0.0]


def test_grades_second_marker_and_integrity_marks(store, bundle_bytes, worker_keys, review_pack, tmp_path):
    run_import(store, [write(tmp_path / "in", bundle_bytes)], worker_keys, review_pack)
    book = GradeBook(store)
    session = store.find_sessions("C-1")[0]
    book.grade(session, "r-essay", ticked=[True, True, False], reviewer="Rita", now=NOW)
    book.grade(session, "r-essay", ticked=[True, True, True], reviewer="Rita", now=NOW)  # replaces the first
    book.grade(
        session,
        "r-code",
        ticked=[True, True],
        adjustment=-0.5,
        comment="no docstring",
        reviewer="Rita",
        now=NOW,
    )
    book.grade(session, "r-essay", ticked=[True, False, False], reviewer="Sam", now=NOW, marker=2)
    row = store.candidate(session)
    assert (row.score_earned, row.ungraded) == (7.0 + 3.0 + 1.5, 0)
    essay = next(a for a in store.answers(session) if a.question_id == "r-essay")
    assert essay.grade.key_points == (True, True, True) and essay.grade.graded_at == NOW
    assert essay.second_grade.reviewer == "Sam" and essay.second_grade.points == 1.0
    (disagreement,) = book.disagreements()
    assert (disagreement.question_id, disagreement.difference) == ("r-essay", -2.0)
    assert book.disagreements(tolerance=2.0) == []
    assert [g.question_id for g in book.grades()] == ["r-code", "r-essay"]
    suggestion = book.suggestion(session, "r-essay")
    assert (
        suggestion.ticks[:2] == (True, True) and store.candidate(session).score_earned == 11.5
    )  # not applied
    book.mark_reviewed(session, reviewer="Rita", note="signals explained", now=NOW)
    assert book.integrity_mark(session).note == "signals explained" and store.candidate(session).reviewed
    book.add_note(session, "check the code style", reviewer="Sam", now=NOW, question_id="r-code")
    assert [(n.question_id, n.text) for n in book.notes(session)] == [("r-code", "check the code style")]
    by_question = store.answers_to_question("review-pack", "r-essay")
    assert len(by_question) == 3 and by_question == sorted(by_question, key=lambda a: a.session_id)


def test_candidate_list_sorts_filters_and_pages(store, bundle_bytes, worker_keys, review_pack, tmp_path):
    run_import(store, [write(tmp_path / "in", bundle_bytes)], worker_keys, review_pack)
    by = {
        name: [r.candidate_id for r in store.list_candidates(CandidateQuery(sort=name, descending=False))]
        for name in ("score", "candidate", "priority")
    }
    assert by["score"] == ["C-2", "C-3", "C-1"] and by["candidate"] == ["C-1", "C-2", "C-3"]
    assert by["priority"][-1] == "C-1"  # the only one with signals
    assert [r.candidate_id for r in store.list_candidates(CandidateQuery(text="100%_"))] == ["C-1"]
    assert store.list_candidates(CandidateQuery(text="0%x")) == []  # % and _ match themselves only
    assert [r.candidate_id for r in store.list_candidates(CandidateQuery(text="bo"))] == ["C-2"]
    assert store.count_candidates(CandidateQuery(needs_grading=True)) == 3
    page = store.list_candidates(CandidateQuery(sort="candidate", descending=False, limit=1, offset=1))
    assert [r.candidate_id for r in page] == ["C-2"]
    session = store.find_sessions("C-2")[0]
    assert store.find_sessions(session[:8]) == [session] and store.find_sessions("nobody") == []
    with store.engine.connect() as connection:
        assert connection.scalar(select(func.count(Sitting.id)).where(Sitting.reviewed)) == 0


def test_parallel_verification_in_worker_processes_matches_inline(bundle_bytes, worker_keys, tmp_path):
    folder = write(tmp_path / "in", {**bundle_bytes, "junk": b"junk"})
    reports = []
    for workers in (0, 2):
        store = ReviewStore.open(str(tmp_path / f"w{workers}.sqlite3"))
        progress = []
        reports.append(
            import_bundles(store, [folder], worker_keys, now=NOW, workers=workers, progress=progress.append)
        )
        assert [p.done for p in progress] == [1, 2, 3, 4] and {p.total for p in progress} == {4}
        store.close()
    assert [(o.file, o.outcome) for o in reports[0].outcomes] == [
        (o.file, o.outcome) for o in reports[1].outcomes
    ]


def test_cancelling_stops_between_batches_and_keeps_what_was_verified(
    bundle_bytes, worker_keys, tmp_path, monkeypatch
):
    monkeypatch.setattr("exam_app.store.review_import.BATCH", 1)
    folder = write(tmp_path / "in", bundle_bytes)
    store = ReviewStore.open(str(tmp_path / "c.sqlite3"))
    polls = iter([False, True])
    report = import_bundles(
        store, [folder], worker_keys, now=NOW, workers=0, cancelled=lambda: next(polls, True)
    )
    assert report.cancelled and [o.outcome for o in report.outcomes] == ["imported"]
    assert store.count_candidates() == 1
    store.close()
