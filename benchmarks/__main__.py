"""`python -m benchmarks [--quick]`: time question packs of 10 to 10,000 questions and print Markdown.

Progress goes to standard error, so standard output is only the report (machine facts and two tables).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from .pack_bench import KdfCosts, Keys, Row, measure

SIZES = (10, 100, 1_000, 10_000)
QUICK_SIZES = (10, 100)
# Tiny KDF samples taken before the first pack, so the usual work factor is known from the start.
KDF_PRIMING_SAMPLES = 2


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


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the report; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="only packs of 10 and 100 questions")
    options = parser.parse_args(argv)
    sizes = QUICK_SIZES if options.quick else SIZES
    load_before = _load_average()
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
    report = [
        "## Machine",
        "",
        *machine_facts(),
        f"- load average before the run {load_before}, after {_load_average()}",
        f"- KDF (age scrypt on 1 byte) {samples}",
        "",
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
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
