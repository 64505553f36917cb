"""Start-up of the exam client to its start screen, against a bare PySide6 window on the same machine.

Every run is a fresh Python process on a private Xvfb, timed from spawn until its first top-level window
is mapped (an X `MapNotify` on the root window, seen through libxcb the moment it happens), then killed.
The variants take turns run by run, so a change in the machine's load hits them alike, after one unmeasured
warm-up run each: "cold" means a new process, not an empty page cache (dropping that needs root and
slows every other program on the machine). The warm-up also compiles the modules' bytecode, kept in a
temporary PYTHONPYCACHEPREFIX, so the timed runs load it as an installed app would.

The client runs the way a proctor's station script starts it, `exam-app exam PACK --candidate ID
--no-kiosk`, on a station set up with `station init` and a station-bound demo pack, so its start includes
reading the station configuration and verifying the pack's signature.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from exam_app.core import keys
from exam_app.core.pack_file import build_pack
from exam_app.core.release_code import new_release_code
from exam_app.core.source import load_source
from tests.support.xdisplay import MapWatcher, XServer, missing_tools

REPO = Path(__file__).resolve().parents[1]
DEMO_PACK = REPO / "question_packs" / "demo.yaml"
TIMEOUT = 60.0  # seconds for one start; a start never comes near it
PASSPHRASE = "benchmark passphrase"  # throwaway keys in a temporary folder
IMPORT_STORE = "import exam_app.store.session_store"
IMPORT_CLIENT = "import exam_app.ui.app"
BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("Bare")
window.setCentralWidget(QLabel("Hello"))
window.resize(1280, 800)
window.show()
app.exec()
"""


@dataclass(frozen=True)
class StartupRow:
    """One variant: what was started, until when, and each measured run in seconds."""

    name: str
    until: str
    times: list[float]


def unavailable() -> str | None:
    """Why start-up cannot be measured here, or None when it can."""
    missing = [tool for tool in missing_tools() if tool != "xdotool"]  # only Xvfb and libxcb are used
    return f"needs {', '.join(missing)}" if missing else None


def measure_startup(runs: int) -> list[StartupRow]:
    """`runs` timed starts of each variant (plus a warm-up each), on a fresh station and X server."""
    with tempfile.TemporaryDirectory(prefix="exam-bench-client-") as temporary, XServer() as xserver:
        env = xserver.env()
        env["EXAM_APP_HOME"] = str(Path(temporary) / "home")
        # Bytecode as an installed app has it: the warm-up runs compile every module once, into a
        # temporary folder (this machine may set PYTHONDONTWRITEBYTECODE, and the checkout has no caches).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(temporary) / "bytecode")
        variants = _variants(_station(Path(temporary), env))
        times: dict[str, list[float]] = {name: [] for name, *_ in variants}
        for run in range(runs + 1):
            for name, _until, command, windowed in variants:
                seconds = _start(xserver, env, command, windowed)
                if run > 0:  # run 0 warms the page cache and writes the bytecode
                    times[name].append(seconds)
    return [StartupRow(name, until, times[name]) for name, until, _command, _windowed in variants]


def _variants(pack: Path) -> list[tuple[str, str, list[str], bool]]:
    """(name, until when, command, whether it shows a window) of each variant, baselines first."""
    python = sys.executable
    client = [python, "-m", "exam_app.cli", "exam", str(pack), "--candidate", "C-1", "--no-kiosk"]
    return [
        ("`python -c pass`", "exit", [python, "-c", "pass"], False),
        ("bare PySide6 window (QMainWindow + QLabel)", "window mapped", [python, "-c", BARE_WINDOW], True),
        ("`import exam_app.store.session_store` (SQLAlchemy)", "exit", [python, "-c", IMPORT_STORE], False),
        ("`import exam_app.ui.app` (all the client's modules)", "exit", [python, "-c", IMPORT_CLIENT], False),
        ("exam client: `exam-app exam PACK --candidate C-1 --no-kiosk`", "start screen mapped", client, True),
    ]


def _start(xserver: XServer, env: dict[str, str], command: list[str], windowed: bool) -> float:
    """Seconds from spawning `command` until its window is mapped (`windowed`) or it exits."""
    with MapWatcher(xserver.display) as watcher:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL)
        try:
            if not windowed:
                if process.wait(timeout=TIMEOUT) != 0:
                    raise RuntimeError(f"{command} failed")
                return time.perf_counter() - started
            _window, shown = watcher.wait_for_map(process, TIMEOUT)
            return shown - started
        finally:
            process.kill()
            process.wait()


def _station(folder: Path, env: dict[str, str]) -> Path:
    """Set up a station with `station init` and put the demo pack, bound to it, in its exams folder."""
    passphrase_file = folder / "passphrase.txt"
    passphrase_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    issuer, station = keys.generate("issuer"), keys.generate("station")
    keys.write_key_pair(folder / "issuer", issuer, PASSPHRASE.encode())
    keys.write_key_pair(folder / "station", station, PASSPHRASE.encode())
    subprocess.run(
        [
            sys.executable, "-m", "exam_app.cli", "station", "init", "--trust", str(folder / "issuer.pub"),
            "--results", str(folder / "results"), "--station-key", str(folder / "station.key"),
            "--passphrase-file", str(passphrase_file),
        ],
        cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    data = build_pack(
        load_source(DEMO_PACK).pack,
        issuer,
        release_code=new_release_code(),
        now=datetime.now(UTC),
        stations=[station.public],
    )
    pack = Path(env["EXAM_APP_HOME"]) / "exams" / "demo.exampack"
    pack.write_bytes(data)
    return pack
