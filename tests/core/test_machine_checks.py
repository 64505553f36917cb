"""Machine checks on fake facts: each indicator fires with its evidence, and only then."""

from __future__ import annotations

import pytest

from exam_app.core.machine_checks import ClockWatch, displays, remote_session, virtual_machine
from exam_app.platform.machine import FakeMachineFacts


def test_a_plain_machine_passes() -> None:
    facts = FakeMachineFacts(
        cpu_flags={"sse2", "avx"}, dmi={"sys_vendor": "LENOVO"}, macs={"eth0": "3c:52:82:00:11:22"}
    )
    assert virtual_machine(facts).status == "pass"
    assert remote_session(facts).status == "pass"


@pytest.mark.parametrize(
    ("facts", "evidence"),
    [
        (FakeMachineFacts(cpu_flags={"hypervisor"}), "the CPU reports the 'hypervisor' flag"),
        (FakeMachineFacts(dmi={"product_name": "VirtualBox"}), "firmware product_name is 'VirtualBox'"),
        (FakeMachineFacts(dmi={"sys_vendor": "QEMU"}), "firmware sys_vendor is 'QEMU'"),
        (
            FakeMachineFacts(macs={"enp0s3": "08:00:27:aa:bb:cc"}),
            "network card enp0s3 has a VirtualBox address",
        ),
    ],
)
def test_each_vm_indicator_names_itself(facts: FakeMachineFacts, evidence: str) -> None:
    finding = virtual_machine(facts)
    assert finding.status == "warn" and evidence in finding.evidence
    assert finding.signals[0].kind == "virtual_machine"


@pytest.mark.parametrize(
    ("env", "evidence"),
    [
        ({"SSH_CONNECTION": "10.0.0.2 5000 10.0.0.1 22"}, "an SSH login"),
        ({"DISPLAY": "localhost:10.0"}, "X forwarding"),
        ({"XRDP_SESSION": "1"}, "xrdp"),
        ({"SESSIONNAME": "RDP-Tcp#3"}, "Windows Remote Desktop"),
    ],
)
def test_remote_sessions(env: dict[str, str], evidence: str) -> None:
    finding = remote_session(FakeMachineFacts(env=env))
    assert finding.status == "warn" and evidence in finding.evidence


def test_local_displays_are_not_remote() -> None:
    assert remote_session(FakeMachineFacts(env={"DISPLAY": ":0"})).status == "pass"
    assert remote_session(FakeMachineFacts(env={"DISPLAY": "unix:0"})).status == "pass"


def test_displays() -> None:
    assert displays(None).status == "info"
    assert displays(1).status == "pass"
    assert displays(2).status == "warn" and displays(2).signals[0].detail == {"screens": 2}


def test_clock_watch_sees_wall_clock_jumps_both_ways() -> None:
    watch = ClockWatch(monotonic=100.0, wall=1e9)
    assert watch.check(101.0, 1e9 + 1.2) is None  # ordinary drift
    forward = watch.check(102.0, 1e9 + 3600 + 2.2)
    assert forward is not None and "forward by 3600 s" in forward.evidence
    back = watch.check(103.0, 1e9 - 86_400)
    assert back is not None and "back by" in back.evidence
