"""Time every stage of a question pack's life, and the stock tools on the same bytes.

Stages: `load_source` (YAML parse and validation), `build_pack`, `verify_pack` and `open_pack`; then
`minisign -V`, `sha256sum` and `age -d` as the recipe in docs/formats.md runs them. Builds are bound to
one station, so they carry both age layers (release-code scrypt inside, station X25519 outside).

The deliberate KDF cost is measured apart, as age's scrypt passphrase layer on a one-byte input. rage
calibrates its work factor (log N) afresh for every encryption and on a machine near a threshold it flips
between two values, each step doubling the cost; so each build or open is paired with a KDF sample at
the log N it actually used. As a cross-check the rest is also timed directly with the KDF stubbed out.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar
from unittest import mock

import pexpect  # type: ignore[import-untyped]
import pyrage

from exam_app.core import age_policy, keys, signed_envelope
from exam_app.core.encoding import canonical_json
from exam_app.core.model import Pack
from exam_app.core.pack_file import build_pack, open_pack, verify_pack
from exam_app.core.release_code import new_release_code
from exam_app.core.source import load_source

from .synthetic import write_source

T = TypeVar("T")
# Repetitions (median taken): (below 10,000 questions, at 10,000). Fewer where the KDF or size makes a
# single run cost a second or more, so the full run stays within a few minutes on two cores.
REPS = {
    "load": (5, 1), "build": (4, 2), "stubbed": (7, 3), "verify": (15, 3), "open": (4, 2),
    "minisign": (7, 5), "sha256sum": (7, 3), "age_station": (5, 3), "age_passphrase": (3, 2),
}  # fmt: skip


@dataclass(frozen=True)
class Row:
    """Figures for one pack size: times in seconds (medians), sizes in bytes; `*_stubbed`: KDF stubbed."""

    questions: int
    source_bytes: int
    load: float
    build: Split
    build_stubbed: float
    verify: float
    open: Split
    open_stubbed: float
    log_n: int
    json_bytes: int
    payload_bytes: int
    file_bytes: int
    minisign: float
    sha256sum: float
    station_layer: float
    age_station: float
    passphrase_layer: float
    age_passphrase: float


def _timed(action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def _median(action: Callable[[], object], reps: int) -> float:
    return statistics.median(_timed(action)[0] for _ in range(reps))


def _reps(stage: str, questions: int) -> int:
    small, large = REPS[stage]
    return large if questions >= 10_000 else small


def scrypt_log_n(age_file: bytes) -> int:
    """The work factor of an age file whose only stanza is scrypt (the release-code layer)."""
    return int(age_policy.parse_stanzas(age_file)[0].args[1])


class KdfCosts:
    """age's scrypt layer on a one-byte input (essentially all KDF), at a chosen log N.

    Each sample is taken right after the operation it is subtracted from, so drifts in machine load
    (other processes on the same cores) cancel out instead of landing in the "rest".
    """

    def __init__(self, release_code: str) -> None:
        self.release_code = release_code
        self.encrypt_samples: dict[int, list[float]] = {}
        self._tiny_files: dict[int, bytes] = {}  # one per log N, to time decryption at that work factor

    def sample(self) -> tuple[int, float]:
        """Encrypt one byte once; returns the log N rage chose and the time it took."""
        elapsed, ciphertext = _timed(lambda: pyrage.passphrase.encrypt(b"x", self.release_code))
        log_n = scrypt_log_n(ciphertext)
        self.encrypt_samples.setdefault(log_n, []).append(elapsed)
        self._tiny_files[log_n] = ciphertext
        return log_n, elapsed

    def most_common_log_n(self) -> int:
        """The work factor rage picked most often on this machine so far."""
        return max(self.encrypt_samples, key=lambda log_n: len(self.encrypt_samples[log_n]))

    def encrypt_at(self, log_n: int) -> float:
        """Time of one tiny encryption (calibration + scrypt) that rage ran at `log_n`."""
        # rage picks log N itself; near a threshold it alternates, so a few tries normally reach `log_n`.
        for _ in range(8):
            chosen, elapsed = self.sample()
            if chosen == log_n:
                return elapsed
        raise RuntimeError(f"rage never chose log N {log_n} for a tiny input; cannot isolate the KDF")

    def decrypt_at(self, log_n: int) -> float:
        """Time of one tiny decryption (scrypt) at `log_n`."""
        if log_n not in self._tiny_files:
            self.encrypt_at(log_n)
        return _timed(lambda: pyrage.passphrase.decrypt(self._tiny_files[log_n], self.release_code))[0]


@dataclass(frozen=True)
class Split:
    """Medians of an operation's total time, of the KDF samples paired with it, and of the differences.

    `noise` is half the range of those differences: how far the "rest" can be trusted.
    """

    total: float
    kdf: float
    rest: float
    noise: float


def _split(pairs: list[tuple[float, float]]) -> Split:
    """A Split from (total, KDF) pairs."""
    rests = [total - kdf for total, kdf in pairs]
    medians = [statistics.median(values) for values in zip(*pairs, strict=True)]
    return Split(medians[0], medians[1], statistics.median(rests), (max(rests) - min(rests)) / 2)


@dataclass(frozen=True)
class Keys:
    """The benchmark's key material and release code (fresh per run, never written except as noted)."""

    issuer: keys.SecretKey = field(default_factory=lambda: keys.generate("issuer"))
    station: keys.SecretKey = field(default_factory=lambda: keys.generate("station"))
    release_code: str = field(default_factory=new_release_code)


def measure(questions: int, work: Path, key: Keys, kdf: KdfCosts) -> Row:
    """All figures for a synthetic pack of `questions` questions, using `work` for temporary files."""
    source = write_source(work, questions)
    load_time = _median(lambda: load_source(source), _reps("load", questions))
    pack = load_source(source).pack
    now = datetime.now(UTC)
    trusted = [key.issuer.public]

    def build() -> bytes:
        return build_pack(
            pack, key.issuer, release_code=key.release_code, now=now, stations=[key.station.public]
        )

    def open_verified(data: bytes) -> Callable[[], Pack]:
        verified = verify_pack(data, trusted, now=now)
        return lambda: open_pack(verified, key.release_code, key.station)

    with _kdf_stubbed():
        build_stubbed = _median(build, _reps("stubbed", questions))
        open_without_kdf = open_verified(build())
        open_stubbed = _median(open_without_kdf, _reps("stubbed", questions))
        # Same plaintext as a real build, up to the random proctor secret (of fixed length).
        json_bytes = len(canonical_json(open_without_kdf().to_payload()))
    builds = []  # (pack bytes, release-code layer, its log N)
    build_pairs = []
    for _ in range(_reps("build", questions)):
        elapsed, data = _timed(build)
        inner = pyrage.decrypt(_payload(data), [key.station.age()])
        builds.append((data, inner, scrypt_log_n(inner)))
        build_pairs.append((elapsed, kdf.encrypt_at(scrypt_log_n(inner))))
    # Open a build whose work factor is the usual one, so rows compare like with like.
    usual = kdf.most_common_log_n()
    data, inner, log_n = next((built for built in builds if built[2] == usual), builds[-1])
    open_data = open_verified(data)
    open_pairs = [(_timed(open_data)[0], kdf.decrypt_at(log_n)) for _ in range(_reps("open", questions))]
    return Row(
        questions=questions,
        source_bytes=source.stat().st_size,
        load=load_time,
        build=_split(build_pairs),
        build_stubbed=build_stubbed,
        verify=_median(lambda: verify_pack(data, trusted, now=now), _reps("verify", questions)),
        open=_split(open_pairs),
        open_stubbed=open_stubbed,
        log_n=log_n,
        json_bytes=json_bytes,
        payload_bytes=len(_payload(data)),
        file_bytes=len(data),
        **_layers(data, inner, work, key, questions),
    )


@contextmanager
def _kdf_stubbed() -> Iterator[None]:
    """Swap the release-code layer's scrypt stanza for an X25519 one (one key agreement, well under a
    millisecond), so the rest of build and open can be timed without the KDF and its jitter.

    Everything else stays real: JSON, ChaCha20-Poly1305 over the whole payload, the station layer,
    SHA-256, signing, parsing and validation. Benchmark only: it patches pyrage while the block runs.
    """
    identity = pyrage.x25519.Identity.generate()
    recipient = identity.to_public()
    with (
        mock.patch.object(
            pyrage.passphrase, "encrypt", lambda data, _code: pyrage.encrypt(data, [recipient])
        ),
        mock.patch.object(pyrage.passphrase, "decrypt", lambda data, _code: pyrage.decrypt(data, [identity])),
        mock.patch.object(age_policy, "check_release_code_layer", lambda _data: None),
    ):
        yield


def _payload(data: bytes) -> bytes:
    return signed_envelope.split(data, signed_envelope.PACK).payload


def _layers(data: bytes, inner: bytes, work: Path, key: Keys, questions: int) -> dict[str, float]:
    """Each layer with stock tools, split out as the docs/formats.md recipe does, and with pyrage alone."""
    envelope = signed_envelope.split(data, signed_envelope.PACK)

    def put(name: str, content: bytes) -> str:
        (work / name).write_bytes(content)
        return str(work / name)

    pae = signed_envelope.pae(signed_envelope.PACK.statement_type, envelope.header_bytes)
    statement = put("statement", pae)
    signature = put("statement.minisig", "\n".join(envelope.signature.lines()).encode() + b"\n")
    issuer_pub = put("issuer.pub", key.issuer.public.file_text().encode())
    payload = put("payload.age", envelope.payload)
    inner_path = work / "inner.age"
    minisign = ["minisign", "-V", "-q", "-p", issuer_pub, "-m", statement, "-x", signature]
    station, code = [key.station.age()], key.release_code
    figures = {
        "minisign": _median(lambda: _run(minisign), _reps("minisign", questions)),
        "sha256sum": _median(lambda: _run(["sha256sum", payload]), _reps("sha256sum", questions)),
        "station_layer": _median(
            lambda: pyrage.decrypt(envelope.payload, station), _reps("age_station", questions)
        ),
        "passphrase_layer": _median(
            lambda: pyrage.passphrase.decrypt(inner, code), _reps("age_passphrase", questions)
        ),
    }
    # Benchmark only: the station's secret identity goes to a 0600 file in the private temp dir, and is
    # deleted right after. The real recipe pipes it through a process substitution and never stores it.
    identity = work / "station.identity"
    descriptor = os.open(identity, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key.station.age_identity + "\n")
    try:
        age_station = ["age", "-d", "-i", str(identity), "-o", str(inner_path), payload]
        figures["age_station"] = _median(lambda: _run(age_station), _reps("age_station", questions))
    finally:
        identity.unlink()
    if inner_path.read_bytes() != inner:
        raise RuntimeError("age and pyrage disagree on the station layer")
    figures["age_passphrase"] = _median(
        lambda: _age_passphrase(inner_path, code), _reps("age_passphrase", questions)
    )
    return figures


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stderr.decode(errors='replace').strip()}")


def _age_passphrase(inner: Path, release_code: str) -> None:
    """`age -d` on the release-code layer, typing the code at the terminal prompt age insists on.

    The plaintext goes to /dev/null: it never touches the disk, and megabytes through a pty would time
    the terminal instead of age.
    """
    child = pexpect.spawn("age", ["-d", "-o", "/dev/null", str(inner)], timeout=120)
    child.expect("passphrase")
    child.sendline(release_code)
    child.expect(pexpect.EOF)
    child.close()
    if child.exitstatus != 0:
        raise RuntimeError(f"age -d (passphrase) failed: {child.before!r}")
