"""Run the `exam-app` CLI in-process and capture what a user would see."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from exam_app.cli import main


@dataclass(frozen=True)
class CliResult:
    """Exit code and captured output of one CLI run."""

    code: int
    out: str
    err: str

    @property
    def error_line(self) -> str:
        """The single `error:` line a failed command must print (asserts there is exactly one)."""
        lines = [line for line in self.err.splitlines() if line.strip()]
        assert "Traceback" not in self.err, self.err
        assert len(lines) == 1 and lines[0].startswith("error: "), self.err
        return lines[0]


def run_cli(capsys: pytest.CaptureFixture[str], *args: object) -> CliResult:
    """Run `exam-app ARGS...`; usage errors (argparse's SystemExit) become exit code 2."""
    try:
        code = main([str(arg) for arg in args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return CliResult(code, captured.out, captured.err)
