"""Result bundles in the core: seal, open, content checks, and the ways a bundle must be refused."""

from __future__ import annotations

import copy
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from exam_app.core import keys
from exam_app.core.errors import ExamAppError, PackFormatError, SignatureError
from exam_app.core.result_bundle import ResultDecryptError, open_result, seal_result, verify_result_signature
from exam_app.core.result_checks import ResultCheckError, check_result
from exam_app.core.result_export import export_bundle, receipt_for
from tests.conftest import KeySet
from tests.support.results import PACK_SHA, synthetic_payload

NOW = datetime.now(UTC)


def seal(keyset: KeySet, payload: dict, recipients: list[str] | None = None) -> bytes:
    recipients = recipients or [keyset.recruiter.public.recipient]
    return seal_result(payload, keyset.station, recipients, pack_sha256=PACK_SHA, now=NOW)


def test_a_sealed_bundle_opens_and_checks(keyset: KeySet) -> None:
    payload = synthetic_payload(keyset.station)
    opened = open_result(seal(keyset, payload), [keyset.station.public], keyset.recruiter)
    assert opened.payload == payload and opened.station == keyset.station.public
    check_result(opened, pack_sha256=PACK_SHA)
    assert opened.header.event_count == 4


def test_candidate_identity_is_not_in_the_clear(keyset: KeySet) -> None:
    data = seal(keyset, synthetic_payload(keyset.station))
    assert b"Ada" not in data and b"essay answer" not in data


def test_only_enrolled_stations_and_addressed_recruiters(keyset: KeySet) -> None:
    data = seal(keyset, synthetic_payload(keyset.station))
    with pytest.raises(SignatureError, match="station that is not enrolled here"):
        open_result(data, [keys.generate("station").public], keyset.recruiter)
    with pytest.raises(ResultDecryptError):
        open_result(data, [keyset.station.public], keys.generate("recruiter"))


def test_a_pack_signature_is_not_a_result_signature(keyset: KeySet, tiny_source: Path) -> None:
    from tests.support.packs import build

    pack = build(tiny_source, keyset.issuer).data
    with pytest.raises(PackFormatError, match="this is a question pack, not a result bundle"):
        verify_result_signature(pack, [keyset.station.public])


def _checked(keyset: KeySet, payload: dict) -> None:
    check_result(
        open_result(seal(keyset, payload), [keyset.station.public], keyset.recruiter), pack_sha256=PACK_SHA
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda p: p["answer_saves"][0].update(value=2), r"save 1 \(q-1\) does not match event 1"),
        (lambda p: p["questions"][0].update(answer=3), "final answer differs from its last save"),
        (lambda p: p["events"].pop(1), "removed or reordered"),
        (lambda p: p["events"][1]["detail"].update(question="q-9"), "was edited"),
        (lambda p: p["checkpoints"].pop(), "last event has no station checkpoint"),
        (lambda p: p.update(extra_time_factor=2.0), "extra time factor differs"),
        (lambda p: p.update(station="AAAA-BBBB-CCCC-DDDD"), "station differs from the signed header"),
    ],
)
def test_inconsistent_contents_are_named(keyset: KeySet, edit, message: str) -> None:
    # The station itself signs these (a faulty or tampered station database): only content checks can tell.
    payload = copy.deepcopy(synthetic_payload(keyset.station))
    edit(payload)
    with pytest.raises(ExamAppError, match=message):
        _checked(keyset, payload)


def test_save_timestamped_outside_the_session_is_refused(keyset: KeySet) -> None:
    with pytest.raises(ResultCheckError, match="timestamp outside the session"):
        _checked(keyset, synthetic_payload(keyset.station, wall_skew=9999.0))


def test_overlong_exam_is_refused(keyset: KeySet) -> None:
    with pytest.raises(ResultCheckError, match="longer than its 600 s limit"):
        _checked(keyset, synthetic_payload(keyset.station, elapsed=700.0))


def test_bound_to_its_pack(keyset: KeySet) -> None:
    opened = open_result(
        seal(keyset, synthetic_payload(keyset.station)), [keyset.station.public], keyset.recruiter
    )
    with pytest.raises(ResultCheckError, match="belongs to another pack"):
        check_result(opened, pack_sha256="cd" * 32)


def test_export_writes_verified_copies_and_reports_a_missing_folder(keyset: KeySet, tmp_path: Path) -> None:
    data = seal(keyset, synthetic_payload(keyset.station))
    good, usb, missing = tmp_path / "results", tmp_path / "usb", tmp_path / "gone"
    good.mkdir()
    usb.mkdir()
    outcome = export_bundle(data, "x.examresult", [good, missing, usb], keyset.station.public)
    assert outcome.written == [good / "x.examresult", usb / "x.examresult"]
    assert (usb / "x.examresult").read_bytes() == data
    assert outcome.failed == [(missing, "the folder does not exist (is the USB stick plugged in?)")]
    assert outcome.safe and outcome.receipt == receipt_for(data)


@pytest.fixture
def tiny_tmpfs(tmp_path: Path):
    """A 16 KiB tmpfs: a real full (and then read-only) filesystem. Needs root, as CI has."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(mount_point)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def test_full_and_read_only_filesystems_are_named(keyset: KeySet, tmp_path: Path, tiny_tmpfs: Path) -> None:
    data = seal(keyset, synthetic_payload(keyset.station))
    with pytest.raises(OSError), (tiny_tmpfs / "filler").open("wb") as filler:
        while True:  # fill the filesystem to the last byte
            filler.write(b"\0" * 1024)
            filler.flush()
    full = export_bundle(data, "x.examresult", [tiny_tmpfs], keyset.station.public)
    assert full.failed == [(tiny_tmpfs, "the disk is full")] and not full.safe
    assert [p.name for p in tiny_tmpfs.iterdir()] == ["filler"]  # no half-written file left behind
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_tmpfs)], check=True)
    read_only = export_bundle(data, "x.examresult", [tiny_tmpfs], keyset.station.public)
    assert read_only.failed == [(tiny_tmpfs, "the folder is read-only")]


def test_receipt_is_short_and_tracks_the_bytes(keyset: KeySet) -> None:
    data = seal(keyset, synthetic_payload(keyset.station))
    receipt = receipt_for(data)
    assert len(receipt.code) == 14 and receipt.code.count("-") == 2
    assert receipt_for(data + b"x").code != receipt.code
    assert receipt.qr_png().startswith(b"\x89PNG")
