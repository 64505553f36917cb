"""CLI command modules. Each exposes `register(groups)` adding subcommands with a `handler` default.

The modules are imported by the first word of the command line, so `exam-app exam` (the candidate client)
does not wait for the libraries of the review, import and simulation commands before its window shows.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# `exam-app exam simulate` as argparse sees it (cli.py rewrites the two words into this one).
SIMULATE_COMMAND = "exam-simulate"
# Which modules add subcommands under each first word of the command line, in registration order: a group
# (`pack`) or a top-level command (`exam`, `check`). tests/cli/test_command_loading.py checks this map
# against what the modules really register.
MODULES_BY_WORD: dict[str, tuple[str, ...]] = {
    "keys": ("keys",),
    "pack": ("pack", "pack_import", "pack_export"),
    "station": ("station",),
    "session": ("session",),
    "exam": ("exam",),
    SIMULATE_COMMAND: ("exam_simulate",),
    "result": ("result",),
    "check": ("integrity",),
    "proctor": ("integrity",),
    "review": ("review", "review_grade"),
}


def command_modules(first_word: str | None = None) -> list[ModuleType]:
    """The command modules `exam-app FIRST_WORD ...` needs; all of them for help or an unknown word."""
    names = MODULES_BY_WORD.get(first_word or "") or tuple(
        dict.fromkeys(name for names in MODULES_BY_WORD.values() for name in names)
    )
    return [importlib.import_module(f"{__name__}.{name}") for name in names]
