"""Small wording helpers: counts with the right noun form, a ticking clock, and readable durations.

Counts take both forms already translated (`tr("{0} word")`, `tr("{0} words")`), so every string stays a
literal that Qt's lupdate can extract.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication


def count_text(count: int, one: str, many: str) -> str:
    """`one` for a count of 1, else `many`, with `{0}` replaced by the count."""
    return (one if count == 1 else many).format(count)


def clock_text(seconds: float) -> str:
    """`mm:ss`, or `h:mm:ss` from an hour up; rounded up so 00:00 means time is really over."""
    whole = max(0, math.ceil(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def duration_text(seconds: float) -> str:
    """ "1 hour 30 minutes", "7 minutes 30 seconds", "45 seconds": for sentences on the rules screen."""
    hours, rest = divmod(round(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        count_text(
            hours,
            QCoreApplication.translate("Wording", "{0} hour"),
            QCoreApplication.translate("Wording", "{0} hours"),
        )
        if hours
        else "",
        count_text(
            minutes,
            QCoreApplication.translate("Wording", "{0} minute"),
            QCoreApplication.translate("Wording", "{0} minutes"),
        )
        if minutes
        else "",
        count_text(
            secs,
            QCoreApplication.translate("Wording", "{0} second"),
            QCoreApplication.translate("Wording", "{0} seconds"),
        )
        if secs or not (hours or minutes)
        else "",
    ]
    return " ".join(part for part in parts if part)
