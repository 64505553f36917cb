"""What an integrity decision means, in words a candidate understands (banner and lock screen)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from exam_app.core.integrity import Decision


def _titles() -> dict[str, str]:
    """A short headline per signal kind."""
    tr = QCoreApplication.translate
    return {
        "focus_lost": tr("IntegrityText", "You left the exam window"),
        "focus_budget_exceeded": tr("IntegrityText", "The limit for leaving the exam window was reached"),
        "display_change": tr("IntegrityText", "A change of screens was noticed"),
        "prohibited_process": tr("IntegrityText", "A program that is not allowed during the exam is running"),
        "virtual_machine": tr("IntegrityText", "This computer looks like a virtual machine"),
        "remote_session": tr("IntegrityText", "A remote connection to this computer was noticed"),
        "clock_jump": tr("IntegrityText", "The computer's clock was changed"),
        "clipboard_paste": tr("IntegrityText", "Text from outside the exam was pasted"),
        "screen_capture": tr("IntegrityText", "A screenshot key was pressed"),
        "idle": tr("IntegrityText", "No activity for a while"),
        "resumed": tr("IntegrityText", "Your exam was interrupted"),
    }


def headline(kind: str) -> str:
    """The headline for a signal kind (a generic one for kinds without their own)."""
    return _titles().get(kind, QCoreApplication.translate("IntegrityText", "Something was noticed"))


def sentence(evidence: str) -> str:
    """The evidence as a sentence: capital first letter, final full stop."""
    text = evidence.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def warning_text(decision: Decision) -> str:
    """The banner's words: what was noticed, the evidence, and that the exam goes on."""
    return " ".join(
        part
        for part in (
            headline(decision.kind) + ".",
            sentence(decision.evidence),
            QCoreApplication.translate(
                "IntegrityText", "This is noted for the reviewers. You can carry on with your exam."
            ),
        )
        if part
    )
