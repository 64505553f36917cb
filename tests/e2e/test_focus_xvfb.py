"""The real client under Xvfb loses the focus to another program 20 times, for about two seconds each: 20
focus losses and 20 returns are logged, each span's duration within 0.3 s of the truth, and each loss was
warned about as the pack's policy says.

The truth is measured here, around the `xdotool windowactivate` calls that move the focus; the client
knows nothing of the test. The switches are real time, so this test takes about a minute.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.support.focus_rig import FocusRig, missing_focus_tools

pytestmark = pytest.mark.skipif(
    bool(missing_focus_tools()),
    reason=f"needs {', '.join(missing_focus_tools())} (`./run test` installs them: xvfb, xdotool, openbox, "
    "x11-utils)",
)

SWITCHES = 20
AWAY_SECONDS = 2.0
TOLERANCE = 0.3


def test_twenty_real_focus_losses_are_logged_with_true_durations_and_warned(tmp_path: Path) -> None:
    truths = []
    with FocusRig(tmp_path) as rig:
        for switch in range(1, SWITCHES + 1):
            lost, _ = rig.activate(rig.rival_window)
            rig.wait_until(f"loss {switch}", lambda n=switch: len(rig.events("focus_lost")) >= n or None)
            time.sleep(max(0.0, lost + AWAY_SECONDS - time.monotonic()))  # away for about two seconds
            returned, _ = rig.activate(rig.client_window)
            truths.append(returned - lost)
            rig.wait_until(
                f"return {switch}", lambda n=switch: len(rig.events("focus_returned")) >= n or None
            )
        losses, returns = rig.events("focus_lost"), rig.events("focus_returned")
    assert len(losses) == SWITCHES and len(returns) == SWITCHES
    assert [event.detail["loss_number"] for event in losses] == list(range(1, SWITCHES + 1))
    assert all(event.detail["action"] == "warn" for event in losses)  # the banner was shown each time
    assert all("another window took the focus" in event.detail["evidence"] for event in losses)
    measured = [float(event.detail["seconds"]) for event in returns]
    errors = [round(seen - truth, 3) for seen, truth in zip(measured, truths, strict=True)]
    assert all(abs(error) <= TOLERANCE for error in errors), f"logged minus true durations: {errors}"
