"""What to tell the proctor when a pack or session cannot be opened: a title and one plain sentence.

Titles are the client's own (translatable); the detail keeps the core's precise message where it helps
(dates, versions, candidate ids). Decryption failures stay deliberately vague, as the core's UnlockError is:
they never say whether the code or the station was wrong.
"""

from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from exam_app.core.errors import (
    AlreadySubmittedError,
    ExamAppError,
    KeyFileError,
    PackExpiredError,
    PackFormatError,
    PackNotYetValidError,
    PackPolicyError,
    RollbackError,
    SessionError,
    SignatureError,
    UnknownCandidateError,
    UnlockError,
)


@dataclass(frozen=True)
class Explanation:
    """A failure as shown on screen."""

    title: str
    detail: str


def explain(exc: BaseException) -> Explanation:
    """Turn any failure while choosing, unlocking or starting an exam into words for the proctor."""
    detail = str(exc)
    if isinstance(exc, UnlockError):
        return Explanation(
            QCoreApplication.translate("ErrorText", "The exam could not be unlocked"),
            QCoreApplication.translate(
                "ErrorText", "The release code is wrong, or this pack is not for this station."
            )
            + " "
            + QCoreApplication.translate(
                "ErrorText", "Check the code with the exam organiser and type it again."
            ),
        )
    if isinstance(exc, KeyFileError):
        return Explanation(
            QCoreApplication.translate("ErrorText", "The station key could not be unlocked"),
            QCoreApplication.translate("ErrorText", "Check the station key passphrase and type it again.")
            + f" ({detail})",
        )
    if isinstance(exc, SignatureError):
        return Explanation(
            QCoreApplication.translate("ErrorText", "This exam pack is not from a trusted issuer"),
            QCoreApplication.translate("ErrorText", "No trusted issuer signed it, or the file was changed.")
            + " "
            + QCoreApplication.translate("ErrorText", "Do not use it: ask the exam organiser for a new copy.")
            + f" ({detail})",
        )
    if isinstance(exc, PackPolicyError):
        return _policy(exc)
    if isinstance(exc, PackFormatError):
        return Explanation(
            QCoreApplication.translate("ErrorText", "This file is not a valid exam pack"), detail
        )
    if isinstance(exc, SessionError):
        return _session(exc)
    if isinstance(exc, ExamAppError):
        return Explanation(QCoreApplication.translate("ErrorText", "The exam could not be opened"), detail)
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return Explanation(
            QCoreApplication.translate("ErrorText", "A file could not be read"),
            where + (exc.strerror or detail),
        )
    traceback.print_exception(exc, file=sys.stderr)  # a bug: keep the details for the log
    return Explanation(
        QCoreApplication.translate("ErrorText", "Something went wrong"),
        QCoreApplication.translate("ErrorText", "Try again; if it happens again, restart the station.")
        + f" ({detail})",
    )


def _policy(exc: PackPolicyError) -> Explanation:
    """Expired, not yet valid, or an older version than one already used here (rollback)."""
    if isinstance(exc, PackExpiredError):
        title = QCoreApplication.translate("ErrorText", "This exam pack has expired")
    elif isinstance(exc, PackNotYetValidError):
        title = QCoreApplication.translate("ErrorText", "This exam pack cannot be used yet")
    elif isinstance(exc, RollbackError):
        title = QCoreApplication.translate(
            "ErrorText", "A newer version of this exam has already been used on this station"
        )
    else:
        title = QCoreApplication.translate("ErrorText", "This exam pack cannot be used on this station")
    return Explanation(title, str(exc))


def _session(exc: SessionError) -> Explanation:
    detail = str(exc)
    if isinstance(exc, UnknownCandidateError):
        title = QCoreApplication.translate("ErrorText", "Unknown candidate id")
        detail = (
            detail
            + ". "
            + QCoreApplication.translate("ErrorText", "Check the id on the candidate's invitation.")
        )
    elif isinstance(exc, AlreadySubmittedError):
        title = QCoreApplication.translate("ErrorText", "This candidate has already submitted this exam")
    else:
        title = QCoreApplication.translate("ErrorText", "The exam cannot start")
    return Explanation(title, detail)


def station_not_set_up(exc: ExamAppError) -> Explanation:
    """The station configuration is missing or unreadable."""
    return Explanation(QCoreApplication.translate("ErrorText", "This station is not set up"), str(exc))


def stored_passphrase_failed(exc: ExamAppError) -> Explanation:
    """An unattended station's stored passphrase does not unlock its key: the administrator must fix it."""
    return Explanation(
        QCoreApplication.translate("ErrorText", "The station key could not be unlocked"),
        QCoreApplication.translate(
            "ErrorText",
            "The passphrase stored on this station does not unlock its key. Ask the station's administrator "
            "to run `exam-app station init --unattended` again.",
        )
        + f" ({exc})",
    )
