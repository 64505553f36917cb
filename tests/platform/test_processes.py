"""Prohibited processes: by name, by executable, by renamed copy; with fakes and with real processes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from exam_app.core.model import Policy, ProhibitedProcesses
from exam_app.core.process_facts import ProcessInfo
from exam_app.core.prohibited import ProhibitedProcessScanner, prohibited_names
from exam_app.platform.processes import FakeProcessSource, PsutilProcessSource


def test_pack_lists_extend_or_replace_the_defaults() -> None:
    extended = prohibited_names(Policy(prohibited_processes=ProhibitedProcesses("extend", ("Cheat.exe",))))
    assert {"cheat", "anydesk", "teamviewer"} <= extended
    replaced = prohibited_names(Policy(prohibited_processes=ProhibitedProcesses("replace", ("cheat",))))
    assert replaced == {"cheat"}


def test_fake_table_by_name_exe_argv0_and_content() -> None:
    files = {"/usr/bin/anydesk": b"ANYDESK-ELF", "/tmp/notes": b"ANYDESK-ELF", "/usr/bin/vim": b"VIM"}
    table = [
        ProcessInfo(10, "anydesk", "/usr/bin/anydesk", "anydesk"),
        ProcessInfo(11, "notes", "/tmp/notes", "notes"),  # a renamed copy
        ProcessInfo(12, "vim", "/usr/bin/vim", "vim"),
        ProcessInfo(13, "bash", "/bin/bash", "teamviewer"),  # started under a prohibited name
    ]
    scanner = ProhibitedProcessScanner(
        frozenset({"anydesk", "teamviewer"}), FakeProcessSource(table, files), own_pid=1
    )
    found = {signal.detail["pid"]: signal.evidence for signal in scanner.scan()}
    assert set(found) == {10, 11, 13}
    assert "its name 'anydesk' is prohibited" in found[10]
    assert "renamed copy of /usr/bin/anydesk" in found[11]
    assert "it was started as 'teamviewer'" in found[13]
    assert scanner.scan() == []  # each process is reported once


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /bin/sleep and Linux process tables")
def test_real_processes_named_and_renamed_are_detected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    prohibited = tools / "examcheat"
    shutil.copy("/bin/sleep", prohibited)
    renamed = tmp_path / "calculator"
    shutil.copy(prohibited, renamed)
    monkeypatch.setenv("PATH", f"{tools}:{Path('/usr/bin')}:{Path('/bin')}")
    children = [subprocess.Popen([str(path), "30"]) for path in (prohibited, renamed)]
    try:
        scanner = ProhibitedProcessScanner(frozenset({"examcheat"}), PsutilProcessSource())
        found = {signal.detail["pid"]: signal for signal in scanner.scan()}
    finally:
        for child in children:
            child.kill()
            child.wait()
    named, copied = found[children[0].pid], found[children[1].pid]
    assert "its name 'examcheat' is prohibited" in named.evidence and str(prohibited) in named.evidence
    assert f"renamed copy of {prohibited}" in copied.evidence and copied.detail["name"] == "calculator"
