"""The pack's integrity policy in plain words, for the rules screen: what is watched and what follows."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from exam_app.core.model import Action, Policy


def _signals(policy: Policy) -> dict[str, str]:
    """Each integrity signal of `IntegrityActions`, as a candidate would describe it."""
    idle = policy.idle_minutes
    return {
        "focus_loss": QCoreApplication.translate("PolicyText", "Leaving the exam window"),
        "display_change": QCoreApplication.translate("PolicyText", "Connecting or changing a screen"),
        "prohibited_process": QCoreApplication.translate(
            "PolicyText", "Running a program that is not allowed during the exam"
        ),
        "virtual_machine": QCoreApplication.translate(
            "PolicyText", "Running the exam inside a virtual machine"
        ),
        "remote_session": QCoreApplication.translate("PolicyText", "Remote desktop or screen sharing"),
        "clock_jump": QCoreApplication.translate("PolicyText", "Changing the computer's clock"),
        "clipboard_paste": QCoreApplication.translate("PolicyText", "Pasting text into an answer"),
        "screen_capture": QCoreApplication.translate("PolicyText", "Screenshots or screen recording"),
        "idle": QCoreApplication.translate("PolicyText", "No activity for {0} minutes").format(f"{idle:g}"),
    }


def action_text(action: Action) -> str:
    """What happens, in words."""
    return {
        "log": QCoreApplication.translate("PolicyText", "is noted for the reviewers"),
        "warn": QCoreApplication.translate("PolicyText", "shows you a warning and is noted"),
        "lock": QCoreApplication.translate("PolicyText", "pauses the exam until the proctor unlocks it"),
        "submit": QCoreApplication.translate("PolicyText", "ends and submits the exam"),
    }[action]


def monitoring_lines(policy: Policy) -> list[str]:
    """One sentence per integrity signal, then the limits on leaving the window and on pasting."""
    lines = [
        f"{signal}: {action_text(getattr(policy.integrity, name))}."
        for name, signal in _signals(policy).items()
    ]
    budget = policy.focus_loss_budget
    limits = []
    if budget.max_events is not None:
        limits.append(QCoreApplication.translate("PolicyText", "{0} times").format(budget.max_events))
    if budget.max_seconds_away is not None:
        limits.append(
            QCoreApplication.translate("PolicyText", "for {0} seconds in all").format(
                f"{budget.max_seconds_away:g}"
            )
        )
    if limits:
        either = (
            QCoreApplication.translate("PolicyText", "{0} or {1}").format(*limits)
            if len(limits) == 2
            else limits[0]
        )
        lines.append(
            QCoreApplication.translate("PolicyText", "Leaving the exam window {0} {1}.").format(
                either, action_text(budget.action)
            )
        )
    if policy.paste_from_outside == "block":
        lines.append(
            QCoreApplication.translate(
                "PolicyText", "Text copied outside the exam cannot be pasted into answers."
            )
        )
    return lines
