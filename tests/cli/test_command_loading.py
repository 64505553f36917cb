"""The command line imports only the command modules its first word needs, and still parses the same.

`exam-app exam` is the candidate client: its start screen must not wait for the review store, the
importers or the PDF reports. These tests keep the lazy loading honest: the word-to-module map must match
what the modules really register, and the client's start must leave the heavy libraries unloaded.
"""

from __future__ import annotations

import argparse
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import exam_app.commands
from exam_app.cli import build_parser
from exam_app.commands import MODULES_BY_WORD

# What the start screen has no use for until a pack is chosen: the cryptography, the database layer,
# Markdown, QR codes, PDF reports, YAML sources, importers' XML, the migration tool, the process scanner,
# and the session engine and exam screens.
NOT_FOR_THE_START_SCREEN = (
    "cryptography", "pyrage", "datetime", "sqlalchemy", "alembic", "markdown_it", "segno", "reportlab",
    "yaml", "defusedxml", "rich", "psutil", "exam_app.store", "exam_app.core.importers", "exam_app.core.keys",
    "exam_app.core.session", "exam_app.core.pack_file", "exam_app.ui.exam_view",
    "exam_app.ui.completion_view",
)  # fmt: skip


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommand parsers `parser` dispatches to, by name."""
    actions = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    return dict(actions[0].choices) if actions else {}


def _leaf_commands(parser: argparse.ArgumentParser) -> dict[str, list[str]]:
    """Every first word with its subcommands (empty for a top-level command such as `exam`)."""
    return {word: sorted(_subcommands(sub)) for word, sub in _subcommands(parser).items()}


def test_every_first_word_is_mapped_to_the_modules_that_register_it() -> None:
    full = _leaf_commands(build_parser())
    assert sorted(MODULES_BY_WORD) == sorted(full)
    for word in MODULES_BY_WORD:
        lazy = _leaf_commands(build_parser(word))
        assert lazy[word] == full[word], word
        assert word in lazy and set(lazy) <= set(full), word


def test_every_command_module_is_reachable_from_some_word() -> None:
    listed = {name for names in MODULES_BY_WORD.values() for name in names}
    registering = {
        info.name
        for info in pkgutil.iter_modules(exam_app.commands.__path__)
        if hasattr(__import__(f"exam_app.commands.{info.name}", fromlist=["register"]), "register")
    }
    # session_export registers through session; the rest must be named in the map.
    assert registering - listed == {"session_export"}


@pytest.mark.parametrize("words", [["pack", "--help"], ["--help"], ["bogus"]])
def test_help_and_unknown_words_still_see_every_command(
    words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from exam_app.cli import main

    with pytest.raises(SystemExit):
        main(words)
    output = capsys.readouterr()
    text = output.out + output.err
    for word in ("keys", "pack", "review", "exam") if words[0] != "pack" else ("import", "export", "build"):
        assert word in text


def test_the_client_start_screen_leaves_heavy_libraries_unloaded(tmp_path: Path) -> None:
    script = (
        "import json, sys\n"
        "from exam_app.cli import main\n"
        "code = main(['--self-test', '--no-kiosk'])\n"
        "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EXAM_APP_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["code"] == 0, done.stderr
    assert "exam_app.ui.start_view" in report["modules"]  # the start screen really was built
    loaded = [
        name
        for name in report["modules"]
        if any(name == heavy or name.startswith(heavy + ".") for heavy in NOT_FOR_THE_START_SCREEN)
    ]
    assert loaded == []


def test_version_loads_no_command_module() -> None:
    script = (
        "import sys\n"
        "from exam_app.cli import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "print(sorted(m for m in sys.modules if m.startswith('exam_app.commands.')))\n"
    )
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
    version_line, modules_line = done.stdout.splitlines()
    assert version_line.startswith("exam-app ") and "(build " in version_line
    assert modules_line == "[]"
