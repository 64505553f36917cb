"""Verify result bundles for import, one process per core: `open_result` then `check_result`, nothing less.

Worker processes get the recruiter's age identity as a string in memory (`WorkerKeys`, handed to
`init_worker` through the executor's initializer), never through a file: a key on disk, even in a
temporary folder, would outlive a crash. The passphrase-protected key file is unlocked once, in the
parent process.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from exam_app.core import keys
from exam_app.core.errors import ExamAppError
from exam_app.core.result_bundle import MAX_RESULT_FILE_BYTES, open_result
from exam_app.core.result_checks import check_result
from exam_app.core.result_header import ResultHeader


@dataclass(frozen=True)
class WorkerKeys:
    """What a verifying process needs, as plain picklable text: no key file is ever written for it."""

    recruiter_recipient: str
    recruiter_identity: str = field(repr=False)  # the age secret identity: never in a log or traceback
    station_public_files: tuple[str, ...]
    pack_sha256: str | None = None

    @classmethod
    def from_keys(
        cls, recruiter: keys.SecretKey, stations: list[keys.PublicKey], pack_sha256: str | None = None
    ) -> WorkerKeys:
        """Package unlocked keys for the workers."""
        if recruiter.public.kind != "recruiter" or not recruiter.age_identity:
            raise ExamAppError("a recruiter key is needed to open result bundles")
        return cls(
            recruiter.public.recipient,
            recruiter.age_identity,
            tuple(station.file_text() for station in stations),
            pack_sha256,
        )

    def recruiter(self) -> keys.SecretKey:
        """The recruiter key, rebuilt in memory."""
        public = keys.PublicKey(kind="recruiter", recipient=self.recruiter_recipient)
        return keys.SecretKey(public=public, age_identity=self.recruiter_identity)

    def stations(self) -> list[keys.PublicKey]:
        """The trusted station keys."""
        return [keys.parse_public(text, source="station key") for text in self.station_public_files]


@dataclass(frozen=True)
class VerifiedBundle:
    """A bundle that passed every check, decrypted: ready to store."""

    file: str
    bundle_sha256: str
    header: ResultHeader
    payload: dict[str, Any]


@dataclass(frozen=True)
class RejectedBundle:
    """A bundle that failed a check; `reason` says which, never any secret."""

    file: str
    bundle_sha256: str
    reason: str


Verdict = VerifiedBundle | RejectedBundle


def verify_bundle(file: str, data: bytes, worker_keys: WorkerKeys) -> Verdict:
    """Run every check on one bundle's bytes."""
    return _verify(file, data, worker_keys.stations(), worker_keys.recruiter(), worker_keys.pack_sha256)


def _verify(
    file: str, data: bytes, stations: list[keys.PublicKey], recruiter: keys.SecretKey, pack_sha256: str | None
) -> Verdict:
    digest = hashlib.sha256(data).hexdigest()
    try:
        if len(data) > MAX_RESULT_FILE_BYTES:
            raise ExamAppError("file is larger than any result bundle can be")
        opened = open_result(data, stations, recruiter)
        check_result(opened, pack_sha256=pack_sha256)
    except ExamAppError as exc:
        return RejectedBundle(file, digest, str(exc))
    return VerifiedBundle(file, digest, opened.header, opened.payload)


# One process verifies many bundles with the same keys: they arrive once, through the initializer, and are
# parsed once.
_worker: tuple[list[keys.PublicKey], keys.SecretKey, str | None] | None = None


def init_worker(worker_keys: WorkerKeys) -> None:
    """Executor initializer: keep the keys for this process's `verify_batch` calls."""
    global _worker
    _worker = (worker_keys.stations(), worker_keys.recruiter(), worker_keys.pack_sha256)


def verify_batch(items: list[tuple[str, bytes]]) -> list[Verdict]:
    """Verify (file, bytes) pairs in a worker set up by `init_worker`."""
    if _worker is None:
        raise RuntimeError("verify_batch runs in a worker started with init_worker")
    stations, recruiter, pack_sha256 = _worker
    return [_verify(file, data, stations, recruiter, pack_sha256) for file, data in items]
