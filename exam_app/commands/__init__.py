"""CLI command modules. Each exposes `register(groups)` adding subcommands with a `handler` default."""

from __future__ import annotations

from exam_app.commands import (
    exam,
    exam_simulate,
    integrity,
    keys,
    pack,
    pack_export,
    pack_import,
    result,
    review,
    review_grade,
    session,
    station,
)

COMMAND_MODULES = (
    keys, pack, pack_import, pack_export, station, session, exam, exam_simulate, result, integrity, review,
    review_grade,
)  # fmt: skip
