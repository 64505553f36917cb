"""CLI command modules. Each exposes `register(groups)` adding subcommands with a `handler` default."""

from __future__ import annotations

from exam_app.commands import keys, pack, pack_export, pack_import, station

COMMAND_MODULES = (keys, pack, pack_import, pack_export, station)
