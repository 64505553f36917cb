"""A station's memory of the highest version it has opened per pack id, to refuse rollbacks.

An attacker who holds an old, validly signed pack (say, with a leaked answer key) must not be able to
present it after a newer version has been used on this station.
"""

from __future__ import annotations

import json
from pathlib import Path

from exam_app.core.atomic_file import write_atomic
from exam_app.core.errors import PackPolicyError, RollbackError


class SeenVersions:
    """A small JSON file mapping pack id to the highest version opened; written atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> dict[str, int]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            # Failing closed: a damaged memory must not silently forget what it has seen.
            raise PackPolicyError(f"{self.path}: the record of opened pack versions is unreadable") from exc
        if not isinstance(data, dict):
            raise PackPolicyError(f"{self.path}: the record of opened pack versions is unreadable")
        return {str(key): int(value) for key, value in data.items()}

    def highest(self, pack_id: str) -> int | None:
        """The highest version of `pack_id` opened here, if any."""
        return self._load().get(pack_id)

    def check(self, pack_id: str, version: int) -> None:
        """Refuse a version lower than one already opened."""
        highest = self.highest(pack_id)
        if highest is not None and version < highest:
            raise RollbackError(
                f"pack {pack_id} version {version} is older than version {highest}"
                " already used on this station (rollback refused)"
            )

    def record(self, pack_id: str, version: int) -> None:
        """Remember `version` if it is the highest so far."""
        seen = self._load()
        if seen.get(pack_id, 0) >= version:
            return
        seen[pack_id] = version
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(seen, sort_keys=True).encode("utf-8"))
