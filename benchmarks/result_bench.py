"""Result bundles: export time, and verify throughput against the crypto floor on the same bytes.

Run: `.venv/bin/python -m benchmarks.result_bench [--bundles N]` (also part of `./run bench`).

- export: `seal_session` (payload JSON, age encryption to the recruiter, station signature) plus
  `export_bundle` (atomic write, fsync, read back and verify) for a 40-question session;
- verify: `open_result` + `check_result` per bundle, on one core, bundles per second;
- floor: the unavoidable cryptography of one verify on the same bytes: Ed25519 verification of the
  statement, X25519 for the age stanza, ChaCha20-Poly1305 over the payload, SHA-256 of the payload.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from exam_app.core import keys, signed_envelope
from exam_app.core.model import EssayBody, Pack, Question, Section
from exam_app.core.result_bundle import open_result
from exam_app.core.result_checks import check_result
from exam_app.core.result_export import export_bundle
from exam_app.core.result_payload import seal_session
from exam_app.core.session import ExamSession
from exam_app.core.session_record import MemorySessionStore


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _pack(recipient: str, questions: int) -> Pack:
    items = tuple(
        Question(
            id=f"q-{n}", type="essay", prompt=f"Explain idea number {n} in a few sentences.", body=EssayBody()
        )
        for n in range(questions)
    )
    section = Section(id="s", title="Section", questions=items)
    return Pack(
        id="bench",
        version=1,
        title="Benchmark",
        time_limit_minutes=60,
        sections=(section,),
        results_to=(recipient,),
    )


def _session_bundle(
    station: keys.SecretKey, recruiter: keys.SecretKey, candidate: str, questions: int
) -> bytes:
    store, clock = MemorySessionStore(), _Clock()
    pack = _pack(recruiter.public.recipient, questions)
    session = ExamSession.open(
        pack,
        candidate,
        candidate,
        store,
        clock=clock,
        wall_clock=lambda: 1e9 + clock.now,
        signer=station.signing_key,
    )
    session.begin()
    for n in range(questions):
        clock.now += 30
        session.answer(f"q-{n}", f"An answer of about forty words for question {n}. " * 6)
    session.submit("candidate")
    return seal_session(session, store, station, pack_sha256="ab" * 32, now=datetime.now(UTC))


def _floor(bundle: bytes, station: keys.SecretKey) -> float:
    """Seconds for the raw primitives one verification needs, on these bytes."""
    envelope = signed_envelope.split(bundle, signed_envelope.RESULT)
    statement = signed_envelope.pae(envelope.kind.statement_type, envelope.header_bytes)
    assert station.signing_key is not None
    public = station.signing_key.public_key()
    signature = station.signing_key.sign(statement)
    peer, own = X25519PrivateKey.generate().public_key(), X25519PrivateKey.generate()
    aead, nonce = ChaCha20Poly1305(bytes(32)), bytes(12)
    sealed = aead.encrypt(nonce, envelope.payload, None)
    start = time.perf_counter()
    public.verify(signature, statement)
    own.exchange(peer)
    aead.decrypt(nonce, sealed, None)
    hashlib.sha256(envelope.payload).digest()
    return time.perf_counter() - start


def main() -> None:
    """Print a Markdown table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundles", type=int, default=200)
    parser.add_argument("--questions", type=int, default=40)
    args = parser.parse_args()
    station, recruiter = keys.generate("station"), keys.generate("recruiter")
    exports, bundles = [], []
    with tempfile.TemporaryDirectory() as folder:
        for n in range(args.bundles):
            start = time.perf_counter()
            bundle = _session_bundle(station, recruiter, f"C-{n:05d}", args.questions)
            sealed = time.perf_counter()
            export_bundle(bundle, f"{n}.examresult", [Path(folder)], station.public)
            exports.append((sealed - start, time.perf_counter() - sealed))
            bundles.append(bundle)
    start = time.perf_counter()
    for bundle in bundles:
        check_result(open_result(bundle, [station.public], recruiter))
    verify_rate = len(bundles) / (time.perf_counter() - start)
    floor = statistics.median(_floor(bundle, station) for bundle in bundles)
    seal_ms = statistics.median(e[0] for e in exports) * 1000
    export_ms = statistics.median(e[1] for e in exports) * 1000
    rows = [
        ("sit + seal one session (median)", f"{seal_ms:.1f} ms"),
        ("export: atomic write, fsync, read back, verify (median)", f"{export_ms:.1f} ms"),
        ("verify (open + every check), one core", f"{verify_rate:,.0f} bundles/s"),
        ("crypto floor of one verify (Ed25519, X25519, AEAD, SHA-256)", f"{1 / floor:,.0f} bundles/s"),
    ]
    print(
        f"{args.bundles} sessions of {args.questions} answered essays, bundle size {len(bundles[0]):,} bytes"
    )
    print()
    print("| measure | value |")
    print("|---|---:|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
