"""What the client needs from the outside world, passed in so tests can swap fakes (STYLE 8)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from exam_app.platform.machine import LinuxMachineFacts
from exam_app.platform.processes import PsutilProcessSource

if TYPE_CHECKING:  # types only: the start screen need not load the session and integrity engines
    from datetime import datetime

    from exam_app.core.exam_timer import Clock
    from exam_app.core.machine_checks import MachineFacts
    from exam_app.core.process_facts import ProcessSource
    from exam_app.core.seen_versions import SeenVersions
    from exam_app.core.session_record import SessionStore
    from exam_app.core.station_config import StationConfig


def _utc_now() -> datetime:
    from datetime import UTC, datetime  # here: the first pack chosen needs the date, the start screen not

    return datetime.now(UTC)


@dataclass
class ClientDeps:
    """Station configuration, session storage, rollback memory, clocks and the integrity detectors' sources.

    `open_store` is called once, when the first session is opened, on the GUI thread, which then owns the
    store for the life of the client.
    """

    load_station: Callable[[], StationConfig]
    open_store: Callable[[], SessionStore]
    seen: SeenVersions
    clock: Clock = time.monotonic  # exam time
    wall_clock: Clock = time.time  # downtime policy and event stamps only
    now: Callable[[], datetime] = field(default=_utc_now)  # pack validity windows
    machine_facts: MachineFacts = field(default_factory=LinuxMachineFacts)  # integrity: VM, remote session
    processes: ProcessSource = field(default_factory=PsutilProcessSource)  # integrity: prohibited programs
