"""The readiness check: every detector run once, before exam day, with its evidence.

False positives are settled before candidates arrive: a proctor runs `exam-app check` (or the start
screen's button) on each station and sees exactly what would be flagged and why.
"""

from __future__ import annotations

from typing import Any

from exam_app.core.build_info import build_info
from exam_app.core.machine_checks import Finding, MachineFacts, displays, remote_session, virtual_machine
from exam_app.core.model import Policy
from exam_app.core.process_facts import ProcessSource
from exam_app.core.prohibited import ProhibitedProcessScanner, prohibited_names


def run_checks(
    policy: Policy, facts: MachineFacts, processes: ProcessSource, screens: int | None
) -> list[Finding]:
    """Every check, in the order a proctor reads them."""
    vm = virtual_machine(facts)
    if vm.status == "warn" and policy.allow_virtual_machine:
        vm = Finding(vm.check, "pass", f"{vm.evidence} (this pack allows virtual machines)", vm.signals)
    scanner = ProhibitedProcessScanner(prohibited_names(policy), processes)
    found = scanner.scan()
    prohibited = (
        Finding("prohibited processes", "warn", "; ".join(s.evidence for s in found), found)
        if found
        else Finding(
            "prohibited processes", "pass", f"none of {len(scanner.names)} prohibited programs is running"
        )
    )
    info = build_info()
    build = Finding("build", "info", f"exam-app {info.version}, build {info.build}")
    return [vm, remote_session(facts), displays(screens), prohibited, build]


def report(findings: list[Finding]) -> dict[str, Any]:
    """JSON-ready report, as stored in the result bundle and printed by `exam-app check --json`."""
    return {
        "ready": all(finding.status != "warn" for finding in findings),
        "checks": [{"check": f.check, "status": f.status, "evidence": f.evidence} for f in findings],
    }
