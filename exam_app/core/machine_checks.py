"""What the station itself looks like: virtual machine indicators, remote sessions, displays, clock jumps.

The facts come from an OS adapter (`exam_app.platform.machine`); the judgement lives here, so it is the
same on every OS and testable with a fake. Every finding carries the evidence that fired, because a
"virtual machine detected" with no reason is exactly what candidates and proctors cannot act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from exam_app.core.integrity import Signal

# Organisationally unique identifiers that hypervisors use for virtual network cards.
VM_MAC_PREFIXES = {
    "00:05:69": "VMware", "00:0c:29": "VMware", "00:1c:14": "VMware", "00:50:56": "VMware",
    "08:00:27": "VirtualBox", "0a:00:27": "VirtualBox", "00:15:5d": "Hyper-V", "52:54:00": "QEMU/KVM",
    "00:16:3e": "Xen", "00:1c:42": "Parallels",
}  # fmt: skip
VM_DMI_WORDS = (
    "qemu", "kvm", "vmware", "virtualbox", "innotek", "xen", "hyper-v", "virtual machine", "parallels",
    "bochs", "amazon ec2", "google compute engine", "openstack",
)  # fmt: skip
REMOTE_ENV = {
    "SSH_CONNECTION": "an SSH login", "SSH_CLIENT": "an SSH login", "SSH_TTY": "an SSH login",
    "XRDP_SESSION": "an xrdp (RDP) session",
}  # fmt: skip
CLOCK_JUMP_SECONDS = 5.0


class MachineFacts(Protocol):
    """Raw facts about the station (implemented per OS in `exam_app.platform.machine`)."""

    def cpu_flags(self) -> set[str]:
        """CPU feature flags (Linux: /proc/cpuinfo)."""

    def dmi(self) -> dict[str, str]:
        """Firmware strings: sys_vendor, product_name, board_vendor, bios_vendor... (empty when unknown)."""

    def mac_addresses(self) -> dict[str, str]:
        """Network interface name -> MAC address (lower case)."""

    def environment(self) -> dict[str, str]:
        """The process environment."""


@dataclass(frozen=True)
class Finding:
    """One readiness result: `pass`, `warn` or `info` (not checked), with evidence."""

    check: str
    status: str
    evidence: str
    signals: list[Signal] = field(default_factory=list)


def virtual_machine(facts: MachineFacts) -> Finding:
    """Hypervisor CPU flag, DMI strings and MAC prefixes; each indicator that fired is named."""
    evidence = []
    if "hypervisor" in facts.cpu_flags():
        evidence.append("the CPU reports the 'hypervisor' flag")
    for key, value in sorted(facts.dmi().items()):
        word = next((w for w in VM_DMI_WORDS if w in value.lower()), None)
        if word:
            evidence.append(f"firmware {key} is {value!r}")
    for interface, mac in sorted(facts.mac_addresses().items()):
        vendor = VM_MAC_PREFIXES.get(mac.lower()[:8])
        if vendor:
            evidence.append(f"network card {interface} has a {vendor} address ({mac})")
    if not evidence:
        return Finding("virtual machine", "pass", "no virtual machine indicator found")
    text = "; ".join(evidence)
    return Finding(
        "virtual machine", "warn", text, [Signal("virtual_machine", text, {"indicators": evidence})]
    )


def remote_session(facts: MachineFacts) -> Finding:
    """SSH, RDP or forwarded X displays, where the OS tells."""
    env = facts.environment()
    evidence = sorted({f"{label} ({name} is set)" for name, label in REMOTE_ENV.items() if env.get(name)})
    display = env.get("DISPLAY", "")
    host = display.rsplit(":", 1)[0] if ":" in display else ""
    if host and host != "unix":
        evidence.append(f"the X display {display!r} is on another host (X forwarding)")
    if env.get("SESSIONNAME", "").upper().startswith("RDP-"):
        evidence.append(f"a Windows Remote Desktop session ({env['SESSIONNAME']})")
    if not evidence:
        return Finding("remote session", "pass", "no remote session found")
    text = "; ".join(evidence)
    return Finding("remote session", "warn", text, [Signal("remote_session", text, {"indicators": evidence})])


def displays(count: int | None) -> Finding:
    """More than one screen is worth a proctor's look; `None` means there was no display to ask."""
    if count is None:
        return Finding("displays", "info", "not checked: no graphical display in this session")
    if count > 1:
        text = f"{count} screens are connected"
        return Finding("displays", "warn", text, [Signal("display_change", text, {"screens": count})])
    return Finding("displays", "pass", "one screen")


class ClockWatch:
    """Notices the wall clock moving differently from the monotonic clock (someone changed the time)."""

    def __init__(self, monotonic: float, wall: float, threshold: float = CLOCK_JUMP_SECONDS) -> None:
        self._last = (monotonic, wall)
        self.threshold = threshold

    def check(self, monotonic: float, wall: float) -> Signal | None:
        """A `clock_jump` signal when the two clocks disagree by more than the threshold since last time."""
        last_mono, last_wall = self._last
        self._last = (monotonic, wall)
        jump = (wall - last_wall) - (monotonic - last_mono)
        if abs(jump) <= self.threshold:
            return None
        direction = "forward" if jump > 0 else "back"
        text = f"the wall clock jumped {direction} by {abs(jump):.0f} s (exam time is not affected)"
        return Signal("clock_jump", text, {"seconds": round(jump, 3)})
