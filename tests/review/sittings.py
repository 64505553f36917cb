"""Real result bundles for the review tests: the review fixture pack, sat headless and sealed by the station.

Each sitting runs through the same engine and sealing as the exam client (`run_script`, `seal_session`), so
every bundle passes `open_result` + `check_result` exactly as a real one does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from exam_app.core.model import Pack
from exam_app.core.pack_file import open_pack, verify_pack
from exam_app.core.result_payload import seal_session
from exam_app.core.session_record import MemorySessionStore
from exam_app.core.simulate import Step, run_script
from tests.conftest import KeySet
from tests.support.packs import build

SOURCE = Path(__file__).resolve().parent / "fixtures" / "review-pack.yaml"

STRONG = {
    "r-single": 0,
    "r-multiple": [0, 1],
    "r-numeric": "8",
    "r-essay": "A model predicts plausible next tokens, not truth. It has no access to a source of truth.",
    "r-code": "def count(text):\n    parts = text.split()\n    return len(parts)\n",
}
WEAK = {"r-single": 1, "r-multiple": [0, 2], "r-numeric": "7", "r-essay": "Models are sometimes wrong."}


@dataclass(frozen=True)
class PackFiles:
    """The built review pack: its file, release code file, opened pack and file SHA-256."""

    path: Path
    code_file: Path
    pack: Pack
    sha256: str


def build_review_pack(keyset: KeySet, folder: Path) -> PackFiles:
    """Build the fixture pack for the recruiter, write it and its release code, and open it."""
    built = build(SOURCE, keyset.issuer, results_to=[keyset.recruiter.public])
    path, code_file = folder / "review.exampack", folder / "release-code.txt"
    path.write_bytes(built.data)
    code_file.write_text(built.release_code + "\n", encoding="utf-8")
    verified = verify_pack(built.data, [keyset.issuer.public], now=datetime.now(UTC))
    pack = open_pack(verified, built.release_code)
    return PackFiles(path, code_file, pack, hashlib.sha256(built.data).hexdigest())


def sit(
    keyset: KeySet,
    pack: PackFiles,
    candidate: str,
    answers: dict[str, Any],
    events: Sequence[tuple[str, float, dict[str, Any]]] = (),
    *,
    name: str = "",
) -> bytes:
    """One candidate's sealed bundle: answers 20 s apart, integrity events (kind, at, detail) where given."""
    steps = [Step(at=20.0 * n, question=q, value=v) for n, (q, v) in enumerate(answers.items(), 1)]
    steps += [Step(at=at, kind=kind, detail=detail) for kind, at, detail in events]
    store = MemorySessionStore()
    session = run_script(
        pack.pack,
        sorted(steps, key=lambda step: step.at),
        store,
        candidate_id=candidate,
        candidate_name=name or f"Name of {candidate}",
        station=keyset.station,
    )
    return seal_session(session, store, keyset.station, pack_sha256=pack.sha256, now=datetime.now(UTC))
