"""Writing a sealed result bundle to the results folder and every copy destination, then proving it.

Each copy is written atomically (temporary file, fsync, rename), read back and verified against the
station's own public key. A destination that is full, read-only or missing is reported in words a proctor
understands; the caller offers a retry or another folder. Nothing is ever deleted here: the session stays in
the station database whatever happens to the copies.
"""

from __future__ import annotations

import errno
import hashlib
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import segno

from exam_app.core.atomic_file import write_atomic
from exam_app.core.encoding import crockford_base32, group
from exam_app.core.errors import ExamAppError
from exam_app.core.header_fields import format_time
from exam_app.core.keys import PublicKey
from exam_app.core.result_bundle import verify_result_signature

_PROBLEMS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is read-only",
    errno.EACCES: "this account may not write there",
    errno.EPERM: "this account may not write there",
    errno.ENOENT: "the folder does not exist (is the USB stick plugged in?)",
    errno.ENOTDIR: "the destination is not a folder",
}


@dataclass(frozen=True)
class Receipt:
    """What the candidate and proctor note: a short code of the bundle hash, and the same as a QR code."""

    code: str
    bundle_sha256: str

    def qr_png(self, scale: int = 6) -> bytes:
        """The receipt as a QR code image (PNG bytes)."""
        buffer = io.BytesIO()
        segno.make(self.qr_text(), error="m").save(buffer, kind="png", scale=scale, border=2)
        return buffer.getvalue()

    def qr_text(self) -> str:
        """What the QR code encodes: the code and the full hash, so a phone scan can be checked later."""
        return f"exam-app receipt {self.code} sha256:{self.bundle_sha256}"


@dataclass
class ExportOutcome:
    """Which destinations hold a verified copy, and which failed (with the reason in plain words)."""

    receipt: Receipt
    written: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def safe(self) -> bool:
        """True once at least one verified copy exists."""
        return bool(self.written)


def receipt_for(bundle: bytes) -> Receipt:
    """The receipt of a bundle: 12 Crockford characters (60 bits) of its SHA-256, in three groups."""
    digest = hashlib.sha256(bundle).digest()
    return Receipt(group(crockford_base32(digest, 12), 4), digest.hex())


def bundle_file_name(pack_id: str, candidate_id: str, session_id: str) -> str:
    """A file name that sorts by pack and candidate and never collides between sessions."""
    safe_candidate = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in candidate_id)[:64]
    return f"{pack_id}_{safe_candidate}_{session_id[:12]}.examresult"


def export_bundle(
    bundle: bytes, file_name: str, destinations: list[Path], station: PublicKey
) -> ExportOutcome:
    """Write `bundle` to every destination folder and verify each copy."""
    outcome = ExportOutcome(receipt_for(bundle))
    for folder in destinations:
        target = folder / file_name
        try:
            if not folder.is_dir():
                raise FileNotFoundError(errno.ENOENT, "missing", str(folder))
            write_atomic(target, bundle)
            copy = target.read_bytes()
            if copy != bundle:
                raise ExamAppError("the copy read back differs from what was written")
            verify_result_signature(copy, [station])
        except OSError as exc:
            outcome.failed.append((folder, _PROBLEMS.get(exc.errno or 0, exc.strerror or str(exc))))
            continue
        except ExamAppError as exc:
            outcome.failed.append((folder, str(exc)))
            continue
        outcome.written.append(target)
    return outcome


def log_receipt(log: Path, receipt: Receipt, outcome: ExportOutcome, session_id: str, now: datetime) -> None:
    """Append the receipt to the station's receipt log (one line per export attempt)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    places = ", ".join(str(path) for path in outcome.written) or "nowhere yet"
    line = (
        f"{format_time(now)} session {session_id} receipt {receipt.code}"
        f" sha256 {receipt.bundle_sha256} written to {places}\n"
    )
    with log.open("a", encoding="utf-8") as handle:
        handle.write(line)
