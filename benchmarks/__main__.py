"""`python -m benchmarks [--quick] [--client | --package | --integrity]`: time question packs of 10 to 10,000
questions and the exam client (start-up, answer saves, GUI lag while typing), or the frozen program, or
integrity monitoring (focus-loss detection, periodic scans), and print Markdown.

Progress goes to standard error, so standard output is only the report (machine facts and the tables).
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from .client_responsiveness import Sample, TypingRun, measure_saves, measure_typing
from .client_startup import StartupRow, measure_startup, unavailable
from .integrity_bench import latency_unavailable, measure_latency, measure_scans
from .pack_bench import KdfCosts, Keys, Row, measure
from .package_bench import package_sections

SIZES = (10, 100, 1_000, 10_000)
QUICK_SIZES = (10, 100)
# Tiny KDF samples taken before the first pack, so the usual work factor is known from the start.
KDF_PRIMING_SAMPLES = 2
# Exam client: (start-up runs per variant, answer saves, seconds of typing per variant), full and quick.
CLIENT = (5, 1_000, 10.0)
QUICK_CLIENT = (3, 200, 3.0)
# Integrity: (focus switches, seconds of periodic scans), full and quick.
INTEGRITY = (50, 60.0)
QUICK_INTEGRITY = (10, 15.0)
XVFB_VERSION = ["dpkg-query", "-W", "-f=Xvfb ${Version}", "xvfb"]  # Xvfb itself has no version option


def _cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return platform.processor() or "unknown"
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "unknown")


def _tool_version(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return "not installed"
    return (result.stdout or result.stderr).strip().splitlines()[0]


def machine_facts() -> list[str]:
    """One Markdown bullet per fact about the machine and the library versions measured."""
    return [
        f"- CPU: {_cpu_model()}, {os.cpu_count()} logical cores",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), {platform.system()}",
        f"- pyrage {metadata.version('pyrage')}, cryptography {metadata.version('cryptography')}, "
        f"PyYAML {metadata.version('PyYAML')}",
        f"- age {_tool_version(['age', '--version'])}, {_tool_version(['minisign', '-v'])}",
        f"- PySide6 {metadata.version('PySide6-Essentials')}, SQLAlchemy {metadata.version('SQLAlchemy')}, "
        f"SQLite {sqlite3.sqlite_version}, {_tool_version(XVFB_VERSION)}",
    ]


def _load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


def _ms(seconds: float) -> str:
    milliseconds = seconds * 1000
    return f"{milliseconds:,.2f}" if abs(milliseconds) < 10 else f"{milliseconds:,.0f}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table, numbers right-aligned."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---:|" * len(header)]
    return lines + ["| " + " | ".join(cells) + " |" for cells in rows]


def pipeline_table(rows: list[Row]) -> list[str]:
    """Our own stages, in milliseconds."""
    header = [
        "questions", "load_source", "build", "build KDF", "build rest (total − KDF)",
        "build rest (KDF stubbed)", "verify", "open", "open KDF", "open rest (total − KDF)",
        "open rest (KDF stubbed)", "log N",
    ]  # fmt: skip
    return _table(header, [_pipeline_cells(row) for row in rows])


def _pipeline_cells(r: Row) -> list[str]:
    cells = [
        f"{r.questions:,}", _ms(r.load), _ms(r.build.total), _ms(r.build.kdf),
        f"{_ms(r.build.rest)} ± {_ms(r.build.noise)}", _ms(r.build_stubbed), _ms(r.verify),
        _ms(r.open.total), _ms(r.open.kdf), f"{_ms(r.open.rest)} ± {_ms(r.open.noise)}",
        _ms(r.open_stubbed), str(r.log_n),
    ]  # fmt: skip
    return cells


def size_table(rows: list[Row]) -> list[str]:
    """Sizes in bytes."""
    header = ["questions", "source YAML", "payload JSON", "payload (encrypted)", "file", "file per question"]
    sizes = [(r.questions, r.source_bytes, r.json_bytes, r.payload_bytes, r.file_bytes) for r in rows]
    return _table(header, [[f"{n:,}" for n in (*row, row[-1] // row[0])] for row in sizes])


def stock_table(rows: list[Row]) -> list[str]:
    """Stock tools against pyrage and our verify and open on the same bytes, in milliseconds."""
    header = [
        "questions", "verify (ours)", "minisign -V", "sha256sum", "minisign + sha256sum",
        "station layer (pyrage)", "age -d -i", "passphrase layer (pyrage)", "age -d (typed code)",
        "open (ours)", "age, both layers",
    ]  # fmt: skip
    return _table(header, [_stock_cells(row) for row in rows])


def _stock_cells(r: Row) -> list[str]:
    times = [
        r.verify, r.minisign, r.sha256sum, r.minisign + r.sha256sum, r.station_layer, r.age_station,
        r.passphrase_layer, r.age_passphrase, r.open.total, r.age_station + r.age_passphrase,
    ]  # fmt: skip
    return [f"{r.questions:,}", *(_ms(t) for t in times)]


def startup_table(rows: list[StartupRow]) -> list[str]:
    """Fresh processes on Xvfb, in milliseconds."""
    header = ["process", "timed until", "median", "min", "max", "runs"]
    figures = (statistics.median, min, max)
    cells = [
        [row.name, row.until, *(_ms(f(row.times)) for f in figures), str(len(row.times))] for row in rows
    ]
    return _table(header, cells)


def latency_table(samples: list[Sample], what: str) -> list[str]:
    """p50, p99 and max of each sample list, in milliseconds, with its size and note."""
    header = ["variant", what, "p50", "p99", "max", "notes"]
    cells = [
        [s.name, f"{len(s.seconds):,}", _ms(statistics.median(s.seconds)), _ms(_p99(s.seconds)),
         _ms(max(s.seconds)), s.note]
        for s in samples
    ]  # fmt: skip
    return _table(header, cells)


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def client_sections(quick: bool) -> list[str]:
    """Measure the exam client and return its report sections."""
    runs, saves, typing_seconds = QUICK_CLIENT if quick else CLIENT
    sections = ["## Exam client: start-up to the first window (fresh processes on Xvfb; ms)", ""]
    missing = unavailable()
    if missing is None:
        print(f"starting the client and baselines ({runs} runs each)...", file=sys.stderr, flush=True)
        sections += startup_table(measure_startup(runs))
    else:
        sections.append(f"Not measured: {missing}.")
    print(f"timing {saves:,} answer saves...", file=sys.stderr, flush=True)
    sections += ["", f"## Exam client: answer-save latency ({saves:,} essay saves; ms)", ""]
    sections += latency_table(measure_saves(saves), "saves")
    print(f"typing for {typing_seconds:g} s into each editor...", file=sys.stderr, flush=True)
    typing: TypingRun = measure_typing(typing_seconds)
    sections += ["", "## Exam client: GUI event-loop lag while typing (10 ms timer lateness; ms)", ""]
    sections += latency_table(typing.samples, "samples")
    if typing.exit_status:
        status = f"The measuring process exited with status {typing.exit_status}: {typing.last_error_line}"
        sections += ["", status]
    return sections


def integrity_sections(quick: bool) -> list[str]:
    """Measure focus-loss detection on the real client and the cost of the periodic scans."""
    switches, seconds = QUICK_INTEGRITY if quick else INTEGRITY
    sections = ["## Integrity: focus steal (xdotool) to logged event (real client on Xvfb + openbox; ms)", ""]
    missing = latency_unavailable()
    if missing is None:
        print(f"stealing the focus {switches} times...", file=sys.stderr, flush=True)
        sections += latency_table(measure_latency(switches), "switches")
    else:
        sections.append(f"Not measured: {missing}.")
    print(f"scanning every 3 s for {seconds:g} s...", file=sys.stderr, flush=True)
    cost = measure_scans(seconds)
    title = f"## Integrity: periodic scans every 3 s for {seconds:g} s ({cost.processes} processes)"
    sections += ["", title, ""]
    header = ["part", "scans", "CPU median (ms)", "wall median (ms)", "wall max (ms)"]
    rows = [
        [name, str(len(cpu)), _ms(statistics.median(cpu)), _ms(statistics.median(wall)), _ms(max(wall))]
        for name, cpu, wall in (
            ("process table read (worker)", cost.refresh_cpu, cost.refresh_wall),
            ("scan, clock watch, budget (GUI thread)", cost.poll_cpu, cost.poll_wall),
        )
    ]
    sections += _table(header, rows)
    sections += ["", f"CPU for all scans: {cost.core_share * 100:.2f}% of one core (target: under 1%)."]
    return sections


def _pack_sections(quick: bool) -> tuple[str, list[str]]:
    """Measure the packs: the KDF samples line for the machine facts, and the report sections."""
    sizes = QUICK_SIZES if quick else SIZES
    key = Keys()
    kdf = KdfCosts(key.release_code)
    print(f"sampling the KDF ({KDF_PRIMING_SAMPLES} tiny encryptions)...", file=sys.stderr, flush=True)
    for _ in range(KDF_PRIMING_SAMPLES):
        kdf.sample()
    rows = []
    with tempfile.TemporaryDirectory(prefix="exam-bench-") as temporary:
        for questions in sizes:
            print(f"measuring {questions:,} questions...", file=sys.stderr, flush=True)
            work = Path(temporary) / str(questions)
            work.mkdir()
            rows.append(measure(questions, work, key, kdf))
    samples = ", ".join(
        f"log N {log_n}: {len(times)} samples, encrypt {_ms(min(times))}-{_ms(max(times))} ms"
        for log_n, times in sorted(kdf.encrypt_samples.items())
    )
    sections = [
        "## Pack pipeline (medians; times in ms)",
        "",
        *pipeline_table(rows),
        "",
        "## Sizes (bytes)",
        "",
        *size_table(rows),
        "",
        "## Stock tools on the same bytes (medians; ms; the tools' times include process start)",
        "",
        *stock_table(rows),
    ]
    return f"- KDF (age scrypt on 1 byte) {samples}", sections


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the report; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="only packs of 10 and 100 questions; shorter client runs"
    )
    parser.add_argument("--client", action="store_true", help="only the exam client benchmarks")
    parser.add_argument(
        "--package", action="store_true", help="only the frozen program against a bare frozen PySide6 window"
    )
    parser.add_argument(
        "--integrity", action="store_true", help="only focus-loss detection latency and periodic scan cost"
    )
    options = parser.parse_args(argv)
    load_before = _load_average()
    kdf_facts: list[str] = []
    sections: list[str] = []
    if not (options.client or options.package or options.integrity):
        kdf_line, pack_sections = _pack_sections(options.quick)
        kdf_facts, sections = [kdf_line], [*pack_sections, ""]
    if options.integrity:
        sections += integrity_sections(options.quick)
    else:
        sections += package_sections() if options.package else client_sections(options.quick)
    report = [
        "## Machine",
        "",
        *machine_facts(),
        f"- load average before the run {load_before}, after {_load_average()}",
        *kdf_facts,
        "",
        *sections,
    ]
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
