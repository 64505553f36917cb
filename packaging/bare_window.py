"""The benchmark's baseline: a bare PySide6 window, frozen the same way as exam-app (bare-window.spec).

`--self-test` exits 0 as soon as the window is shown, as `exam-app --self-test` does with its start
screen, so the two cold starts are timed alike.
"""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def _self_test_result(window: QMainWindow) -> int:
    """0 and a line on stdout, flushed at once as exam-app's is, when the window is shown; else 1."""
    if window.isVisible():
        print("self-test passed: the window is shown", flush=True)
        return 0
    return 1


def main() -> int:
    """Show the window; run until it is closed, or only until it is shown with `--self-test`."""
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    window = QMainWindow()
    window.setWindowTitle("Bare")
    window.setCentralWidget(QLabel("Hello"))
    window.resize(1280, 800)
    window.show()
    if "--self-test" in sys.argv[1:]:
        QTimer.singleShot(0, lambda: app.exit(_self_test_result(window)))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
