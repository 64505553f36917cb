"""Take the screenshots in docs/screenshots/: every screen of the exam client at 1280x800.

Builds a throwaway demo station in a temporary EXAM_APP_HOME (issuer and recruiter keys, `station init`,
the demo pack built `--to` the station and `--results-to` the recruiter), opens the real client in kiosk
mode and walks it like a candidate would. The results folder is missing at submission, to show the
"not saved yet" state, then created before "Try again".
Run it with a display, or let it start its own Xvfb:

    .venv/bin/python tools/screenshots.py
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exam_app.ui.client_controller import ClientController

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
SIZE = "1280x800"


def run_cli(*args: object) -> None:
    """Run an `exam-app` command quietly; stop on failure."""
    from exam_app.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        if main([str(arg) for arg in args]) != 0:
            raise SystemExit(f"exam-app {args[0]} {args[1]} failed")


def set_up_station(home: Path) -> tuple[Path, str, str]:
    """A demo station with the demo pack in its exams folder; returns (pack, release code, passphrase)."""
    os.environ["EXAM_APP_HOME"] = str(home)
    secret = "screenshot passphrase"  # noqa: S105 (a throwaway station, deleted afterwards)
    pw = home / "passphrase.txt"
    home.mkdir(parents=True)
    pw.write_text(secret + "\n", encoding="utf-8")
    run_cli("keys", "new-issuer", home / "issuer", "--passphrase-file", pw)
    run_cli("keys", "new-recruiter", home / "recruiter", "--passphrase-file", pw)
    run_cli(
        "station",
        "init",
        "--trust",
        home / "issuer.pub",
        "--results",
        home / "results",
        "--passphrase-file",
        pw,
    )
    from exam_app.core.station_config import load_station_config

    station = load_station_config()
    pack, code = station.exams_dir / "genai-demo.exampack", home / "code.txt"
    run_cli(
        "pack",
        "build",
        REPO / "question_packs" / "demo.yaml",
        "--sign-key",
        home / "issuer.key",
        "--out",
        pack,
        "--to",
        station.station_public_path,
        "--results-to",
        home / "recruiter.pub",
        "--release-code-out",
        code,
        "--passphrase-file",
        pw,
    )
    return pack, code.read_text(encoding="utf-8").strip(), secret


def settle(seconds: float = 0.4) -> None:
    """Let Qt lay out and paint (and the window manager-free X server catch up)."""
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Process events until `condition()` holds."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise SystemExit("screenshots: the client did not reach the expected screen")
        settle(0.05)


def shoot(name: str) -> None:
    """Save the whole screen (so dialogs are included) as docs/screenshots/NAME.png."""
    from PySide6.QtWidgets import QApplication

    settle()
    QApplication.primaryScreen().grabWindow(0).save(str(OUT / f"{name}.png"))
    print(f"saved docs/screenshots/{name}.png")


def integrity_shots(client: ClientController) -> None:
    """The warning banner after a focus loss, then the lock screen for a prohibited program, resumed with
    the proctor's code."""
    from exam_app.core.integrity import Signal
    from exam_app.core.proctor_codes import parse_action, proctor_code
    from exam_app.ui.exam_view import ExamView
    from exam_app.ui.lock_view import LockView

    integrity, exam = client.integrity, client.window.screens.currentWidget()
    assert isinstance(exam, ExamView)
    assert integrity is not None and isinstance(exam, ExamView)
    wait_for(lambda: integrity.service is not None)  # the station checks are done
    integrity.report(Signal("focus_lost", "another window took the focus from the exam"))
    integrity.report(Signal("focus_returned", "the exam window has the focus again"))
    shoot("integrity-warning")
    exam.banner.dismiss_button.click()
    evidence = "process 'anydesk' (pid 4242) running /opt/anydesk/anydesk: its name 'anydesk' is prohibited"
    integrity.report(Signal("prohibited_process", evidence, {"pid": 4242, "name": "anydesk"}))
    lock = client.window.screens.currentWidget()
    assert isinstance(lock, LockView)
    shoot("lock-screen")
    secret = integrity.session.pack.proctor_secret
    lock.code.setText(proctor_code(secret, lock.continuation.text(), parse_action("resume")))
    lock.continue_button.click()
    settle()


def walk(code: str, passphrase: str) -> None:
    """Drive the client through every screen, taking a screenshot of each."""
    from PySide6.QtWidgets import QApplication

    from exam_app.core.station_config import load_station_config
    from exam_app.ui.answer_widgets import ChoiceAnswer, CodeAnswer, EssayAnswer, NumericAnswer, ShortAnswer
    from exam_app.ui.app import build_client, station_deps
    from exam_app.ui.completion_view import CompletionView
    from exam_app.ui.exam_view import ExamView
    from exam_app.ui.options import ClientOptions
    from exam_app.ui.rules_view import RulesView
    from exam_app.ui.start_view import StartView

    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    window, client = build_client(ClientOptions(kiosk=True), station_deps())
    window.present()
    start = window.screens.currentWidget()
    assert isinstance(start, StartView)
    start.pack_list.setCurrentRow(0)
    start.candidate_id.setText("C-001")
    start.candidate_name.setText("Ada Lovelace")
    start.release_code.setText("7K2QD-M9XHA-00000-00000-00000")
    start.station_passphrase.setText(passphrase)
    shoot("start")
    start.check_button.click()
    dialog = client.start_controller.readiness_dialog if client.start_controller else None
    assert dialog is not None
    wait_for(lambda: bool(dialog.findings))
    shoot("readiness")
    dialog.close_button.click()
    start.open_button.click()
    wait_for(lambda: not client.runner.busy)
    shoot("start-error")
    start.release_code.setText(code)
    start.open_button.click()
    wait_for(lambda: isinstance(window.screens.currentWidget(), RulesView))
    rules = window.screens.currentWidget()
    assert isinstance(rules, RulesView)
    shoot("rules")
    rules.start_button.click()
    exam = window.screens.currentWidget()
    assert isinstance(exam, ExamView) and client.exam_controller is not None
    controller = client.exam_controller

    def widget() -> object:
        """The answer widget on screen now."""
        return exam.answer_widget

    first = widget()
    assert isinstance(first, ChoiceAnswer)
    first.group.buttons()[0].click()
    shoot("exam-single-choice")
    controller.jump_to(1)
    multiple = widget()
    assert isinstance(multiple, ChoiceAnswer)
    for button in multiple.group.buttons()[:2]:
        button.click()
    exam.flag_button.click()
    shoot("exam")
    integrity_shots(client)
    window.contrast_button.click()
    shoot("high-contrast")
    window.contrast_button.click()
    for _ in range(5):
        window.zoom_in_button.click()
    shoot("zoom-150")
    window.zoom_label.setText("")
    for _ in range(5):
        window.zoom_out_button.click()
    controller.jump_to(3)
    short = widget()
    assert isinstance(short, ShortAnswer)
    short.line.setText("hallucination")
    short.changed.emit()
    controller.jump_to(4)
    numeric = widget()
    assert isinstance(numeric, NumericAnswer)
    numeric.line.setFocus()
    numeric.line.insert("1.5 thousand")
    shoot("exam-numeric")
    numeric.line.setText("")
    numeric.line.insert("1500")
    controller.jump_to(5)
    essay = widget()
    assert isinstance(essay, EssayAnswer)
    essay.editor.setPlainText(
        "I would say who the text is for and what it must achieve, for example a 150-word announcement for "
        "existing customers. I would give the facts the model must use instead of letting it guess, and fix "
        "the format and the tone. Each change removes a guess the model would otherwise make."
    )
    wait_for(lambda: exam.saved_label.text() == "All answers saved")
    shoot("exam-essay")
    controller.jump_to(6)
    code_answer = widget()
    assert isinstance(code_answer, CodeAnswer)
    code_answer.editor.setPlainText(
        "def build_prompt(question: str, passages: list[str]) -> str:\n"
        '    numbered = "\\n".join(f"[{n}] {text}" for n, text in enumerate(passages, 1))\n'
        "    return (\n"
        '        "Answer using only the passages below. If they do not contain the answer, "\n'
        '        "say that you do not know.\\n\\n"\n'
        '        f"Passages:\\n{numbered}\\n\\nQuestion: {question}\\n"\n'
        "    )\n"
    )
    wait_for(lambda: exam.saved_label.text() == "All answers saved")
    shoot("exam-code")
    exam.review_button.click()
    shoot("review")
    exam.review.submit_button.click()
    shoot("submit-confirmation")
    dialog = controller.review.dialog
    assert dialog is not None
    results = load_station_config().results_dir
    results.rmdir()  # as if the results share were not mounted: the "not saved yet" state first
    dialog.submit_button.click()
    wait_for(lambda: isinstance(window.screens.currentWidget(), CompletionView))
    wait_for(lambda: not client.runner.busy)
    completion = window.screens.currentWidget()
    assert isinstance(completion, CompletionView)
    shoot("completion-not-saved")
    results.mkdir()
    completion.retry_button.click()
    wait_for(lambda: not client.runner.busy)
    shoot("completion")
    window.close()


def with_display() -> subprocess.Popen[bytes] | None:
    """Start a private Xvfb when there is no display; returns it so it can be stopped."""
    if os.environ.get("DISPLAY"):
        return None
    if shutil.which("Xvfb") is None:
        raise SystemExit("screenshots: no DISPLAY and no Xvfb (apt-get install xvfb)")
    display = f":{90 + os.getpid() % 9}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{SIZE}x24", "-nolisten", "tcp"])
    os.environ["DISPLAY"] = display
    time.sleep(1.0)  # Xvfb has no readiness signal; a second is plenty
    return server


def main() -> None:
    """Build the demo station and take every screenshot."""
    os.environ.pop("QT_QPA_PLATFORM", None)  # real X11 rendering, not offscreen
    server = with_display()
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            _pack, code, passphrase = set_up_station(Path(tmp) / "home")
            walk(code, passphrase)
    finally:
        if server is not None:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
