"""A tamper-evident event log: a hash chain with checkpoints signed by the station.

Each event commits to the one before it (`prev`), so removing, inserting, reordering or editing a stored
event breaks every hash after it. A checkpoint is the station's Ed25519 signature over (session id,
sequence number, head hash) every N events or T seconds; the final head is signed again inside the
result bundle. As SECURITY-NOTES says, a log only resists its own writer once commitments leave the
machine: the completion screen shows a short code of the final head for the proctor to note.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from exam_app.core.encoding import b64decode_canonical, b64encode, canonical_json
from exam_app.core.errors import ExamAppError

# Every checkpoint costs a reviewer one Ed25519 verification; these keep an hour-long exam near 30 of them.
CHECKPOINT_EVERY_EVENTS = 50
CHECKPOINT_EVERY_SECONDS = 120.0
_CHECKPOINT_CONTEXT = b"exam-app event checkpoint v1\x00"


class ChainError(ExamAppError):
    """The event log does not verify; the message names the first event that fails."""


@dataclass(frozen=True)
class ChainedEvent:
    """An event as stored: its content plus its place in the chain."""

    seq: int
    kind: str
    detail: dict[str, Any]
    elapsed: float
    wall: float
    prev: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (as exported in result bundles)."""
        return asdict(self)


@dataclass(frozen=True)
class Checkpoint:
    """The station's signature over the chain head after event `seq`."""

    seq: int
    head: str
    signature: str  # base64 Ed25519 signature

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


def genesis(session_id: str) -> str:
    """The `prev` of the first event: binds the chain to its session."""
    return hashlib.sha256(b"exam-app event chain v1\x00" + session_id.encode()).hexdigest()


def event_hash(seq: int, kind: str, detail: dict[str, Any], elapsed: float, wall: float, prev: str) -> str:
    """SHA-256 over the canonical JSON of the event's content and its predecessor's hash."""
    content = {"seq": seq, "kind": kind, "detail": detail, "elapsed": elapsed, "wall": wall, "prev": prev}
    return hashlib.sha256(canonical_json(content)).hexdigest()


def chain_next(
    previous: ChainedEvent | None,
    session_id: str,
    kind: str,
    detail: dict[str, Any],
    elapsed: float,
    wall: float,
) -> ChainedEvent:
    """The event that follows `previous` (or starts the chain)."""
    seq = 0 if previous is None else previous.seq + 1
    prev = genesis(session_id) if previous is None else previous.hash
    return ChainedEvent(
        seq, kind, detail, elapsed, wall, prev, event_hash(seq, kind, detail, elapsed, wall, prev)
    )


def checkpoint_message(session_id: str, seq: int, head: str) -> bytes:
    """The exact bytes a checkpoint signs."""
    return _CHECKPOINT_CONTEXT + canonical_json({"session_id": session_id, "seq": seq, "head": head})


def sign_checkpoint(key: Ed25519PrivateKey, session_id: str, event: ChainedEvent) -> Checkpoint:
    """Sign the head of the chain at `event`."""
    signature = key.sign(checkpoint_message(session_id, event.seq, event.hash))
    return Checkpoint(event.seq, event.hash, b64encode(signature))


def checkpoint_due(last: Checkpoint | None, event: ChainedEvent, last_wall: float | None) -> bool:
    """True every CHECKPOINT_EVERY_EVENTS events, or when CHECKPOINT_EVERY_SECONDS have passed."""
    if last is None:
        return True
    if event.seq - last.seq >= CHECKPOINT_EVERY_EVENTS:
        return True
    return last_wall is not None and event.wall - last_wall >= CHECKPOINT_EVERY_SECONDS


class ChainWriter:
    """The writing end of one session's chain: links each new event and decides when to sign a checkpoint."""

    def __init__(
        self,
        session_id: str,
        signer: Ed25519PrivateKey | None,
        events: list[ChainedEvent],
        checkpoints: list[Checkpoint],
    ) -> None:
        """Continue the stored chain (both lists empty when new); without a signer, no checkpoints."""
        self.session_id = session_id
        self._signer = signer
        self._last = events[-1] if events else None
        self._checkpoint = checkpoints[-1] if checkpoints else None
        walls = {event.seq: event.wall for event in events}
        self._checkpoint_wall = walls.get(self._checkpoint.seq) if self._checkpoint else None

    def head(self) -> str:
        """The hash of the last event (the genesis value while the chain is empty)."""
        return genesis(self.session_id) if self._last is None else self._last.hash

    def append(
        self,
        kind: str,
        detail: dict[str, Any],
        elapsed: float,
        wall: float,
        write: Callable[[ChainedEvent, Checkpoint | None], None],
        *,
        final: bool = False,
    ) -> ChainedEvent:
        """Chain an event, sign it when a checkpoint is due (always when `final`), and `write` both.

        The writer only advances once `write` returns, so after a failed write the next event still
        follows the last one that was stored.
        """
        event = chain_next(self._last, self.session_id, kind, detail, elapsed, wall)
        checkpoint = None
        if self._signer is not None and (
            final or checkpoint_due(self._checkpoint, event, self._checkpoint_wall)
        ):
            checkpoint = sign_checkpoint(self._signer, self.session_id, event)
        write(event, checkpoint)
        self._last = event
        if checkpoint is not None:
            self._checkpoint, self._checkpoint_wall = checkpoint, event.wall
        return event


def verify_chain(
    session_id: str, events: list[ChainedEvent], checkpoints: list[Checkpoint], station_key: Ed25519PublicKey
) -> str:
    """Check every link and every checkpoint; return the head hash. Raises ChainError at the first fault."""
    prev = genesis(session_id)
    heads: dict[int, str] = {}
    for position, event in enumerate(events):
        if event.seq != position:
            raise ChainError(
                f"event log: event {position} has sequence number {event.seq} (removed or reordered)"
            )
        if event.prev != prev:
            raise ChainError(f"event log: event {event.seq} does not follow event {event.seq - 1}")
        expected = event_hash(event.seq, event.kind, event.detail, event.elapsed, event.wall, event.prev)
        if expected != event.hash:
            raise ChainError(f"event log: event {event.seq} ({event.kind}) was edited")
        prev = event.hash
        heads[event.seq] = event.hash
    for checkpoint in checkpoints:
        if heads.get(checkpoint.seq) != checkpoint.head:
            raise ChainError(f"event log: checkpoint at event {checkpoint.seq} disagrees with the log")
        try:
            signature = b64decode_canonical(checkpoint.signature, length=64, what="checkpoint signature")
            station_key.verify(signature, checkpoint_message(session_id, checkpoint.seq, checkpoint.head))
        except (InvalidSignature, ValueError):
            raise ChainError(
                f"event log: checkpoint at event {checkpoint.seq} is not signed by this station"
            ) from None
    return prev
