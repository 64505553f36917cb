"""Station facts from the operating system, for `exam_app.core.machine_checks` (Linux first).

Linux reads /proc/cpuinfo, /sys/class/dmi/id and psutil's interface list. On Windows and macOS the CPU
flags and DMI strings are not read yet (documented in docs/integrity.md); MAC prefixes and the environment
work everywhere psutil does.
"""

from __future__ import annotations

import os
from pathlib import Path

_DMI_FIELDS = ("sys_vendor", "product_name", "board_vendor", "bios_vendor", "chassis_vendor")


class LinuxMachineFacts:
    """The real station."""

    def __init__(self, root: Path = Path("/")) -> None:
        self._root = root  # tests point this at a fake /proc and /sys tree

    def cpu_flags(self) -> set[str]:
        """Flags of the first CPU in /proc/cpuinfo."""
        try:
            text = (self._root / "proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return set()
        for line in text.splitlines():
            if line.startswith(("flags", "Features")):
                return set(line.split(":", 1)[1].split())
        return set()

    def dmi(self) -> dict[str, str]:
        """Readable DMI strings."""
        found = {}
        for name in _DMI_FIELDS:
            try:
                value = (
                    (self._root / "sys/class/dmi/id" / name)
                    .read_text(encoding="utf-8", errors="replace")
                    .strip()
                )
            except OSError:
                continue
            if value:
                found[name] = value
        return found

    def mac_addresses(self) -> dict[str, str]:
        """Hardware addresses of the network interfaces (loopback and all-zero ones left out)."""
        import psutil  # here, not above: the client's start screen shows before psutil loads

        found = {}
        for interface, addresses in psutil.net_if_addrs().items():
            for address in addresses:
                if (
                    address.family == psutil.AF_LINK
                    and address.address
                    and address.address != "00:00:00:00:00:00"
                ):
                    found[interface] = address.address.lower().replace("-", ":")
        return found

    def environment(self) -> dict[str, str]:
        """This process's environment."""
        return dict(os.environ)


class FakeMachineFacts:
    """Facts given by a test."""

    def __init__(self, *, cpu_flags: set[str] | None = None, dmi: dict[str, str] | None = None,
                 macs: dict[str, str] | None = None, env: dict[str, str] | None = None) -> None:  # fmt: skip
        self._flags = cpu_flags or set()
        self._dmi = dmi or {}
        self._macs = macs or {}
        self._env = env or {}

    def cpu_flags(self) -> set[str]:
        """As given."""
        return set(self._flags)

    def dmi(self) -> dict[str, str]:
        """As given."""
        return dict(self._dmi)

    def mac_addresses(self) -> dict[str, str]:
        """As given."""
        return dict(self._macs)

    def environment(self) -> dict[str, str]:
        """As given."""
        return dict(self._env)
