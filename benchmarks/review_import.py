"""`python -m benchmarks.review_import`: import simulated result bundles into the review store and list them.

Bundles are made quickly by sealing synthetic payloads (no exam engine, no GUI): 20 questions (15 objective,
5 free text) each saved once or twice, a focus loss for every fifth candidate, chained events with signed
checkpoints, sealed by a station to a recruiter exactly as a real bundle is. Each one passes `check_result`.

For every size it times `import_bundles` (all cores verifying) into a fresh SQLite store and, when a
PostgreSQL server is given (`--pg URL`, else $EXAM_APP_TEST_PG_URL), into a fresh database there; a second
import of the same folder (every bundle a duplicate); then opening, sorting, filtering and paging the
candidate list. Prints Markdown; progress goes to standard error. No figure is asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, make_url, text

from exam_app.core import keys
from exam_app.core.encoding import canonical_json
from exam_app.core.event_chain import ChainedEvent, chain_next, sign_checkpoint
from exam_app.core.result_bundle import RESULT_PAYLOAD_FORMAT, seal_result
from exam_app.core.review_types import CandidateQuery
from exam_app.core.review_verify import WorkerKeys
from exam_app.store.review_import import default_workers, import_bundles
from exam_app.store.review_store import ReviewStore

SIZES = (1_000, 10_000)
QUESTIONS = 20
FREE_TEXT = "A model predicts plausible next tokens; it has no access to a source of truth. " * 4
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def synthetic_payload(station: keys.SecretKey, n: int) -> dict[str, Any]:
    """A consistent payload for candidate number `n` (seeded by n, so every run seals the same content)."""
    assert station.signing_key is not None
    session_id = hashlib.sha256(f"bench {n}".encode()).hexdigest()[:32]
    events: list[ChainedEvent] = []
    checkpoints = []

    def add(kind: str, detail: dict[str, Any], at: float) -> None:
        events.append(chain_next(events[-1] if events else None, session_id, kind, detail, at, 1.7e9 + at))
        if len(events) % 20 == 0:
            checkpoints.append(sign_checkpoint(station.signing_key, session_id, events[-1]))  # type: ignore[arg-type]

    add("started", {"extra_time_factor": 1.0, "kiosk": True}, 0.0)
    saves, questions = [], []
    for q in range(QUESTIONS):
        value: Any = FREE_TEXT[: 80 + (n + q) % 200] if q >= 15 else (n + q) % 4
        at = 30.0 + 60.0 * q
        for revision in (1, 2) if q % 3 == 0 else (1,):
            saves.append(
                {
                    "question": f"q-{q}",
                    "value": value,
                    "revision": revision,
                    "elapsed": at,
                    "wall": 1.7e9 + at,
                }
            )
            add(
                "answer_saved",
                {"question": f"q-{q}", "value_sha256": hashlib.sha256(canonical_json(value)).hexdigest()},
                at,
            )
            at += 5.0
        questions.append(
            {
                "id": f"q-{q}",
                "section": "s-1" if q < 15 else "s-2",
                "answer": value,
                "seconds": 55.0,
                "flagged": False,
            }
        )
        if n % 5 == 0 and q == 7:
            add("focus_lost", {"evidence": "window left", "action": "warn", "loss_number": 1}, at + 1)
            add("focus_returned", {"seconds": 4.0 + n % 30, "total_seconds_away": 4.0 + n % 30}, at + 2)
    elapsed = 30.0 + 60.0 * QUESTIONS
    add("submitted", {"reason": "candidate", "answered": QUESTIONS, "questions": QUESTIONS}, elapsed)
    checkpoints.append(sign_checkpoint(station.signing_key, session_id, events[-1]))
    return {
        "format": RESULT_PAYLOAD_FORMAT,
        "session_id": session_id,
        "candidate": {"id": f"B-{n:05d}", "name": f"Candidate {n}"},
        "pack": {
            "id": "bench",
            "version": 1,
            "sha256": "ab" * 32,
            "title": "Benchmark",
            "time_limit_minutes": 60.0,
        },
        "station": station.public.fingerprint,
        "app": {"version": "bench", "build": "bench"},
        "kiosk": True,
        "extra_time_factor": 1.0,
        "added_seconds": 0.0,
        "limit_seconds": 3600.0,
        "started_wall": 1.7e9,
        "ended_wall": 1.7e9 + elapsed,
        "elapsed": elapsed,
        "end_reason": "candidate",
        "questions": questions,
        "answer_saves": saves,
        "events": [e.to_dict() for e in events],
        "checkpoints": [c.to_dict() for c in checkpoints],
        "auto_score": {"earned": float(n % 16), "available": 15.0, "manual_available": 10.0},
        "readiness": None,
    }


def write_bundles(folder: Path, count: int, station: keys.SecretKey, recruiter: keys.SecretKey) -> float:
    """Seal `count` bundles into `folder`; returns the mean bundle size in bytes."""
    folder.mkdir(parents=True)
    sizes = []
    for n in range(count):
        data = seal_result(
            synthetic_payload(station, n),
            station,
            [recruiter.public.recipient],
            pack_sha256="ab" * 32,
            now=NOW,
        )
        (folder / f"{n:05d}.examresult").write_bytes(data)
        sizes.append(len(data))
    return statistics.fmean(sizes)


def _median_ms(action: Callable[[], object], reps: int = 5) -> float:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def _fresh_pg_database(server: str) -> tuple[str, Callable[[], None]]:
    name = f"review_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server).set(database=name).render_as_string(hide_password=False), drop


def measure(url: str, folder: Path, worker_keys: WorkerKeys, count: int) -> dict[str, float]:
    """Import twice, then time the candidate list; times in seconds or milliseconds as named."""
    store = ReviewStore.open(url)
    start = time.perf_counter()
    report = import_bundles(store, [folder], worker_keys, now=NOW)
    first = time.perf_counter() - start
    assert report.count("imported") == count, report.rejected[:3]
    start = time.perf_counter()
    import_bundles(store, [folder], worker_keys, now=NOW)
    again = time.perf_counter() - start
    store.close()
    figures = {"import_s": first, "per_second": count / first, "reimport_s": again}
    figures["open_ms"] = _median_ms(lambda: ReviewStore.open(url).close(), reps=3)
    store = ReviewStore.open(url)
    figures["list_all_ms"] = _median_ms(lambda: store.list_candidates())
    figures["sort_score_ms"] = _median_ms(lambda: store.list_candidates(CandidateQuery(sort="score")))
    figures["filter_ms"] = _median_ms(lambda: store.list_candidates(CandidateQuery(text="B-012")))
    figures["page_ms"] = _median_ms(
        lambda: store.list_candidates(CandidateQuery(sort="candidate", limit=50, offset=5000))
    )
    figures["count_ms"] = _median_ms(lambda: store.count_candidates())
    store.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print Markdown."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.review_import", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--pg", default=os.environ.get("EXAM_APP_TEST_PG_URL"), help="PostgreSQL server URL")
    options = parser.parse_args(argv)
    station, recruiter = keys.generate("station"), keys.generate("recruiter")
    worker_keys = WorkerKeys.from_keys(recruiter, [station.public])
    rows = []
    with tempfile.TemporaryDirectory(prefix="exam-review-bench-") as temporary:
        for count in options.sizes:
            folder = Path(temporary) / str(count)
            print(f"sealing {count:,} bundles...", file=sys.stderr, flush=True)
            start = time.perf_counter()
            size = write_bundles(folder, count, station, recruiter)
            sealing = time.perf_counter() - start
            targets = [("SQLite", f"sqlite:///{Path(temporary) / f'review-{count}.sqlite3'}", None)]
            if options.pg:
                url, drop = _fresh_pg_database(options.pg)
                targets.append(("PostgreSQL", url, drop))
            for name, url, drop in targets:
                print(f"importing {count:,} into {name}...", file=sys.stderr, flush=True)
                rows.append((count, name, size, sealing, measure(url, folder, worker_keys, count)))
                if drop is not None:
                    drop()
    cores = f"- {os.cpu_count()} logical cores, {default_workers()} verifying processes"
    print(f"{cores}; Python {sys.version.split()[0]}")
    print(
        "\n| bundles | store | bundle bytes | import s | bundles/s | re-import s | open ms | list all ms |"
        " sort by score ms | filter ms | page of 50 ms | count ms |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for count, name, size, _sealing, f in rows:
        cells = [
            f"{count:,}",
            name,
            f"{size:,.0f}",
            f"{f['import_s']:.1f}",
            f"{f['per_second']:,.0f}",
            f"{f['reimport_s']:.1f}",
            f"{f['open_ms']:.0f}",
            f"{f['list_all_ms']:.0f}",
            f"{f['sort_score_ms']:.0f}",
            f"{f['filter_ms']:.1f}",
            f"{f['page_ms']:.1f}",
            f"{f['count_ms']:.1f}",
        ]
        print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
