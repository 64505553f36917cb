"""Take the reviewer workspace screenshots in docs/screenshots/review-*.png, at 1280x800.

Seals three demo sittings of the review test pack with throwaway in-memory keys, imports them into a
temporary SQLite review store, opens the real workspace offscreen and grabs each screen:

    .venv/bin/python tools/review_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # grab() needs no display

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
sys.path.insert(0, str(REPO))  # the sealed demo sittings come from the review tests' helpers

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from exam_app.core import keys  # noqa: E402
from exam_app.core.review_verify import WorkerKeys  # noqa: E402
from exam_app.store.review_import import import_bundles  # noqa: E402
from exam_app.store.review_store import ReviewStore  # noqa: E402
from exam_app.ui.review.app import build_workspace  # noqa: E402
from tests.conftest import KeySet  # noqa: E402
from tests.review.sittings import STRONG, WEAK, build_review_pack, sit  # noqa: E402

PASSPHRASE = "screenshot passphrase"  # noqa: S105 (throwaway keys, deleted afterwards)
EVENTS = [
    ("focus_lost", 30.0, {"seconds": 40.0}),
    ("clipboard_paste", 50.0, {"evidence": "pasted 80 characters"}),
    ("focus_lost", 90.0, {"seconds": 15.0}),
    ("locked", 110.0, {"reason": "focus lost 3 times"}),
    ("unlocked", 140.0, {}),
]


def make_keys(folder: Path) -> KeySet:
    """Issuer, station and recruiter keys, in memory and as files."""
    made = {kind: keys.generate(kind) for kind in ("issuer", "station", "recruiter")}
    for kind, key in made.items():
        keys.write_key_pair(folder / kind, key, PASSPHRASE.encode())
    passphrase = folder / "passphrase.txt"
    passphrase.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return KeySet(made["issuer"], made["station"], made["recruiter"], folder, passphrase)


def shoot(widget: QWidget, name: str) -> None:
    """Resize to 1280x800, let it lay out, and save the grab."""
    widget.resize(1280, 800)
    QApplication.processEvents()
    path = OUT / f"review-{name}.png"
    widget.grab().save(str(path))
    print(path.relative_to(REPO))


def main() -> None:
    """Build the demo store and take every screenshot."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        keyset = make_keys(folder)
        pack = build_review_pack(keyset, folder)
        sittings = {
            "ada": sit(keyset, pack, "C-1041", STRONG, EVENTS, name="Ada Quill"),
            "bo": sit(keyset, pack, "C-1042", WEAK, name="Bo Marsh"),
            "cy": sit(keyset, pack, "C-1043", {**STRONG, "r-multiple": [0]}, name="Cy Fenn"),
        }
        bundles, later = folder / "bundles", folder / "later"
        for where in (bundles, later):
            where.mkdir()
        for name, data in sittings.items():  # Cy's bundle arrives later, through the import dialog
            ((later if name == "cy" else bundles) / f"{name}.examresult").write_bytes(data)
        store = ReviewStore.open(f"sqlite:///{folder / 'review.sqlite3'}")
        try:
            worker_keys = WorkerKeys.from_keys(keyset.recruiter, [keyset.station.public], pack.sha256)
            now = datetime.now(UTC)
            import_bundles(store, [bundles], worker_keys, now=now, pack=(pack.pack, pack.sha256), workers=0)
            window, controller = build_workspace(store)
            window.show()
            window.reviewer.setText("Rita Reviewer")
            shoot(window, "grading")
            for check in window.grading.key_point_checks[:2]:
                check.setChecked(True)
            window.grading.save_button.click()
            window.blind.setChecked(True)
            shoot(window, "blind")
            window.blind.setChecked(False)
            window.tabs.setCurrentWidget(window.integrity)
            window.integrity.note.setText("Paste was the candidate's own earlier answer; no action.")
            shoot(window, "integrity")
            dialog = controller.open_import()
            (later / "broken.examresult").write_bytes(sittings["bo"][:-30])
            dialog.add_paths(dialog.bundles, [later, bundles / "ada.examresult"])
            dialog.recruiter_key.setText(str(keyset.key("recruiter")))
            dialog.passphrase.setText(PASSPHRASE)
            dialog.add_paths(dialog.stations, [keyset.pub("station")])
            dialog.pack.setText(str(pack.path))
            dialog.release_code.setText(pack.code_file.read_text(encoding="utf-8").strip())
            dialog.add_paths(dialog.issuers, [keyset.pub("issuer")])
            assert controller.import_controller is not None
            controller.import_controller.imported.connect(lambda _report: app.quit())
            dialog.import_button.click()
            app.exec()  # until the import reports
            shoot(dialog, "import")
            controller.runner.wait()
        finally:
            store.close()


if __name__ == "__main__":
    main()
