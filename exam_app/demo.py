"""`./run demo`: walk through what the project can do today, with real keys and a real pack.

First the trust chain a recruiter and a station go through: check the question bank, create keys, build a
signed and encrypted pack bound to a station, verify and open it, and watch a tampered copy get refused.
Then the station is set up with that key and the candidate exam client opens on the demo pack. Every step
runs the real `exam-app` command and prints it, so the demo doubles as a tutorial.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from exam_app.cli import main as exam_app

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "demo-output"


def step(title: str, *args: object, expect_failure: bool = False) -> None:
    """Print a heading and the command, run it, and stop the demo if it does not end as expected."""
    print(f"\n== {title}")
    words = [str(Path(a).relative_to(REPO)) if isinstance(a, Path) else str(a) for a in args]
    print("$ exam-app " + shlex.join(words), flush=True)
    code = exam_app([str(a) for a in args])
    sys.stdout.flush()
    if (code != 0) != expect_failure:
        raise SystemExit(f"demo stopped: that step exited with {code}")


def main() -> None:
    """Run the demo in ./demo-output (recreated on every run)."""
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir()
    # The station's memory (seen pack versions) lives inside the demo folder, not in the user's profile.
    os.environ["EXAM_APP_HOME"] = str(OUT / "station-home")
    passphrase = OUT / "demo-passphrase.txt"
    passphrase.write_text("demo passphrase: use a real one for real keys\n", encoding="utf-8")
    pw = ["--passphrase-file", passphrase]
    print("exam_app demo: the trust chain a recruiter and an exam station go through, then the candidate")
    print("exam client on the demo pack. Files go to ./demo-output.")

    step("Check the question bank", "pack", "check", REPO / "question_packs")
    step("Recruiter organisation creates its signing key", "keys", "new-issuer", OUT / "issuer", *pw)
    step("Exam station is enrolled", "keys", "new-station", OUT / "station", *pw)
    step("Recruiter creates the key for result bundles", "keys", "new-recruiter", OUT / "recruiter", *pw)
    pack, code = OUT / "genai-demo.exampack", OUT / "release-code.txt"
    step(
        "Build the 5-minute demo pack: signed, encrypted to the release code and to the station",
        "pack", "build", REPO / "question_packs" / "demo.yaml", "--sign-key", OUT / "issuer.key",
        "--out", pack, "--to", OUT / "station.pub", "--results-to", OUT / "recruiter.pub",
        "--release-code-out", code, *pw,
    )  # fmt: skip
    step("Anyone can read the header (not trusted until verified)", "pack", "inspect", pack)
    step("The station verifies the issuer's signature", "pack", "verify", pack, "--trust", OUT / "issuer.pub")
    step(
        "At exam start the proctor types the release code; the station key is needed too",
        "pack", "open", pack, "--trust", OUT / "issuer.pub", "--release-code-file", code,
        "--station-key", OUT / "station.key", *pw,
    )  # fmt: skip
    tampered = OUT / "tampered.exampack"
    data = bytearray(pack.read_bytes())
    data[-10] ^= 0x01
    tampered.write_bytes(bytes(data))
    step("A copy with one flipped bit is refused", "pack", "verify", tampered, "--trust", OUT / "issuer.pub",
         expect_failure=True)  # fmt: skip
    print("\nStock tools can check the same pack: see docs/formats.md.")
    step(
        "Set up this demo station with the enrolled station key, trusting the demo issuer",
        "station", "init", "--trust", OUT / "issuer.pub", "--results", OUT / "results",
        "--station-key", OUT / "station.key", *pw,
    )  # fmt: skip
    open_client(pack, code, passphrase)


def open_client(pack: Path, code: Path, passphrase: Path) -> None:
    """Open the exam client on the demo pack, or say how to when there is no display."""
    args: list[str | Path] = [
        "exam", pack, "--no-kiosk", "--candidate", "DEMO-1",
        "--release-code-file", code, "--station-passphrase-file", passphrase,
    ]  # fmt: skip
    print(f"\nRelease code for the proctor field: {code.read_text(encoding='utf-8').strip()} (pre-filled)")
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        words = shlex.join(str(Path(a).relative_to(REPO)) if isinstance(a, Path) else a for a in args)
        print("No display here (DISPLAY and WAYLAND_DISPLAY are unset): the client is not opened.")
        print("On a desktop, run:")
        print(f"  EXAM_APP_HOME=demo-output/station-home .venv/bin/exam-app {words}")
        print('or on a virtual display: xvfb-run -s "-screen 0 1280x800x24" with the same command.')
        return
    step("Open the candidate exam client (type a name, press Open the exam)", *args)
    print("\nDone. The session is stored in demo-output/station-home/station.sqlite3.")


if __name__ == "__main__":
    main()
