"""The real exam client in kiosk mode on a private X server with a window manager, and another X client
(`xmessage`) to take the focus from it with `xdotool windowactivate`.

Used by the focus end-to-end test and the integrity benchmark. `windowactivate` asks the window manager
to activate a window (_NET_ACTIVE_WINDOW), so a bare Xvfb is not enough: openbox runs on it. The client
is started the way a proctor's station script starts it, on a station set up with `station init`, and
only the station database is read to see what it logged.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from sqlalchemy import Engine

from exam_app.core import keys
from exam_app.core.errors import ExamAppError
from exam_app.core.event_chain import ChainedEvent
from exam_app.core.pack_file import build_pack
from exam_app.core.release_code import new_release_code
from exam_app.core.source import load_source
from exam_app.store.database import open_station_database
from exam_app.store.session_store import SqlSessionStore
from tests.support.xdisplay import XServer, missing_tools

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "fixtures" / "packs" / "tiny.yaml"
FOCUS_TOOLS = ("openbox", "xmessage", "xprop")
PASSPHRASE = "focus rig passphrase"  # throwaway keys in a temporary folder
CANDIDATE = "C-1"
# Every focus loss is warned about and none locks the exam, however many there are.
WARN_ONLY = """policy:
  integrity: {focus_loss: warn}
  focus_loss_budget: {max_events: null, max_seconds_away: null}
"""
STEP_TIMEOUT = 30.0  # seconds; unlocking the pack (scrypt and Argon2id) takes a few of them
POLL_SECONDS = 0.02
REMOTE_VARIABLES = ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY", "XRDP_SESSION")
T = TypeVar("T")


def missing_focus_tools() -> list[str]:
    """What this machine lacks for the rig (empty when all is there)."""
    return missing_tools() + [tool for tool in FOCUS_TOOLS if shutil.which(tool) is None]


class FocusRig:
    """Xvfb, openbox, xmessage and the exam client running an exam (use `with`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.home = folder / "home"
        self.xserver = XServer()
        self._processes: list[subprocess.Popen[bytes]] = []
        self._engine: Engine | None = None
        self._store: SqlSessionStore | None = None
        self.session_id = ""
        self.client_window = self.rival_window = ""
        self.log = folder / "client.log"

    def __enter__(self) -> FocusRig:
        self.xserver.__enter__()
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop every process, then the X server."""
        for process in reversed(self._processes):
            if process.poll() is None:
                process.kill()
            process.wait()
        if self._engine is not None:
            self._engine.dispose()
        self.xserver.__exit__(kind, exc, tb)

    def activate(self, window: str) -> tuple[float, float]:
        """Activate `window` through the window manager; returns the monotonic and wall time just after."""
        self.xserver.xdotool("windowactivate", window)
        return time.monotonic(), time.time()

    def events(self, kind: str) -> list[ChainedEvent]:
        """The session's logged events of one kind, as committed now."""
        assert self._store is not None
        return [event for event in self._store.events(self.session_id) if event.kind == kind]

    def wait_until(self, what: str, probe: Callable[[], T | None], timeout: float = STEP_TIMEOUT) -> T:
        """Poll `probe` until it returns something; raise with the client's error output otherwise."""
        deadline = time.monotonic() + timeout
        while (found := probe()) is None:
            client = self._processes[-1] if self._processes else None
            if time.monotonic() > deadline or (client is not None and client.poll() is not None):
                log = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
                raise TimeoutError(f"{what}: not seen; the client's stderr:\n{log}")
            time.sleep(POLL_SECONDS)
        return found

    # -- setting up --------------------------------------------------------------------------------------
    def _env(self) -> dict[str, str]:
        env = self.xserver.env()
        env["EXAM_APP_HOME"] = str(self.home)
        for name in REMOTE_VARIABLES:  # a remote login running the tests would lock the exam by itself
            env.pop(name, None)
        return env

    def _spawn(self, command: list[str], **options: object) -> subprocess.Popen[bytes]:
        process: subprocess.Popen[bytes] = subprocess.Popen(command, cwd=REPO, env=self._env(), **options)  # type: ignore[call-overload]
        self._processes.append(process)
        return process

    def _start(self) -> None:
        self._spawn(["openbox", "--sm-disable"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait_until("the window manager", self._window_manager_ready)
        pack, code, passphrase = self._station()
        self._spawn(["xmessage", "-name", "rival", "-geometry", "320x80+40+40", "another program"])
        self.rival_window = self._find_window("--classname", "^rival$")
        command = [
            sys.executable, "-m", "exam_app.cli", "exam", str(pack), "--candidate", CANDIDATE,
            "--release-code-file", str(code), "--station-passphrase-file", str(passphrase),
        ]  # fmt: skip
        with self.log.open("wb") as stderr:
            self._spawn(command, stderr=stderr)
        self.client_window = self._find_window("--name", "^Exam$")
        self.xserver.xdotool("windowactivate", "--sync", self.client_window)
        self.xserver.xdotool("type", "--delay", "10", "Ada Lovelace")  # the one field not pre-filled
        self.xserver.xdotool("key", "Return")
        self.session_id = self.wait_until("the session", self._session_id)
        self.xserver.xdotool("key", "space")  # the rules screen's focused Start button
        self.wait_until("the station checks", lambda: self.events("station_checks") or None)

    def _window_manager_ready(self) -> bool | None:
        done = subprocess.run(
            ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], env=self._env(), capture_output=True, text=True
        )
        return True if "window id" in done.stdout else None

    def _find_window(self, *query: str) -> str:
        found = self.xserver.xdotool("search", "--sync", "--onlyvisible", *query)
        return found.split()[0]

    def _session_id(self) -> str | None:
        if self._store is None:
            database = self.home / "station.sqlite3"
            if not database.exists():
                return None
            try:
                self._engine = open_station_database(database)
            except ExamAppError:  # the client is creating it right now ("database is locked")
                return None
            self._store = SqlSessionStore(self._engine)
        pack = load_source(TINY).pack
        record = self._store.find(pack.id, pack.version, CANDIDATE)
        return record.session_id if record is not None else None

    def _station(self) -> tuple[Path, Path, Path]:
        """`station init`, and the tiny pack with the warn-only policy in its exams folder."""
        passphrase = self.folder / "passphrase.txt"
        passphrase.write_text(PASSPHRASE + "\n", encoding="utf-8")
        issuer, station = keys.generate("issuer"), keys.generate("station")
        keys.write_key_pair(self.folder / "issuer", issuer, PASSPHRASE.encode())
        keys.write_key_pair(self.folder / "station", station, PASSPHRASE.encode())
        subprocess.run(
            [
                sys.executable, "-m", "exam_app.cli", "station", "init", "--trust",
                str(self.folder / "issuer.pub"), "--results", str(self.folder / "results"),
                "--station-key", str(self.folder / "station.key"), "--passphrase-file", str(passphrase),
            ],
            cwd=REPO, env=self._env(), check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        source = self.folder / "tiny-warn.yaml"
        source.write_text(TINY.read_text(encoding="utf-8") + WARN_ONLY, encoding="utf-8")
        code = new_release_code()
        data = build_pack(load_source(source).pack, issuer, release_code=code, now=datetime.now(UTC))
        pack = self.home / "exams" / "tiny.exampack"
        pack.write_bytes(data)
        code_file = self.folder / "release-code.txt"
        code_file.write_text(code + "\n", encoding="utf-8")
        os.chmod(code_file, 0o600)
        return pack, code_file, passphrase
