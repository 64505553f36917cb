"""`exam-app exam simulate` and `exam-app result verify`: the result tamper matrix, end to end.

SECURITY-NOTES "must reject" 1, 2, 9 and 10 for result bundles; every case is a clean exit 1 with its reason.
Content forgeries are re-sealed with the real station key: they model a tampered station database, which
only the content checks (chain, checkpoints, history, times) can catch.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exam_app.core import keys
from exam_app.core.event_chain import chain_next
from exam_app.core.result_bundle import open_result, seal_result
from tests.cli.cli_runner import CliResult, run_cli
from tests.conftest import KeySet
from tests.support.packs import build


@pytest.fixture(scope="module")
def sitting(keyset: KeySet, tiny_source: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A pack addressed to the recruiter, and one simulated session's bundle."""
    folder = tmp_path_factory.mktemp("sitting")
    built = build(tiny_source, keyset.issuer, results_to=[keyset.recruiter.public])
    pack, code = folder / "tiny.exampack", folder / "code.txt"
    pack.write_bytes(built.data)
    code.write_text(built.release_code + "\n")
    answers = folder / "answers.json"
    answers.write_text(json.dumps({"answers": [
        {"question": "t-1", "value": 0, "at": 40},
        {"question": "t-2", "value": False, "at": 80},
        {"question": "t-3", "value": "It predicts plausible text, not checked facts.", "at": 200},
    ]}))  # fmt: skip
    events = folder / "events.json"
    events.write_text(json.dumps([{"kind": "focus_lost", "at": 120, "detail": {"seconds": 3.5}}]))
    return {"pack": pack, "code": code, "answers": answers, "events": events, "folder": folder}


def simulate(capsys, keyset: KeySet, sitting: dict[str, Path], out: Path, candidate: str = "C-7") -> Path:
    result = run_cli(
        capsys, "exam", "simulate", sitting["pack"], "--release-code-file", sitting["code"],
        "--candidate", candidate, "--answers", sitting["answers"], "--events", sitting["events"],
        "--station-key", keyset.key("station"), "--trust", keyset.pub("issuer"), "--out", out,
        "--passphrase-file", keyset.passphrase_file,
    )  # fmt: skip
    assert result.code == 0, result.err
    (bundle,) = out.glob("*.examresult")
    return bundle


@pytest.fixture(scope="module")
def bundle(keyset: KeySet, sitting: dict[str, Path], tmp_path_factory) -> Path:
    capsys = _NoCapture()
    return simulate(capsys, keyset, sitting, tmp_path_factory.mktemp("out"))


class _NoCapture:
    """A stand-in for capsys in module-scoped fixtures (output is not inspected there)."""

    def readouterr(self):
        class Captured:
            out = err = ""

        return Captured()


def verify(capsys, keyset: KeySet, *bundles: Path, extra: tuple = ()) -> CliResult:
    return run_cli(
        capsys, "result", "verify", *bundles, "--recruiter-key", keyset.key("recruiter"),
        "--trust-stations", keyset.pub("station"), "--passphrase-file", keyset.passphrase_file, *extra,
    )  # fmt: skip


def test_a_simulated_session_verifies_with_its_summary(capsys, keyset, bundle, sitting) -> None:
    result = verify(capsys, keyset, bundle, extra=("--pack", sitting["pack"]))
    assert result.code == 0, result.err
    assert "candidate C-7 (C-7), pack tiny-pack v3" in result.out
    assert "3/3 answered, auto-scored 2/2 (+2 for reviewers); integrity: focus_lost 1" in result.out


def test_json_output_includes_the_event_list(capsys, keyset, bundle) -> None:
    report = json.loads(verify(capsys, keyset, bundle, extra=("--json",)).out)
    (entry,) = report["bundles"]
    kinds = [event["kind"] for event in entry["events"]]
    assert kinds[0] == "started" and kinds[-1] == "submitted" and "focus_lost" in kinds
    assert kinds.count("answer_saved") == 3 and report == {**report, "verified": 1, "failed": 0}


def expect_failure(capsys, keyset, tmp_path: Path, data: bytes, message: str, extra: tuple = ()) -> None:
    forged = tmp_path / "forged.examresult"
    forged.write_bytes(data)
    result = verify(capsys, keyset, forged, extra=extra)
    assert result.code == 1
    assert message in result.error_line, result.error_line


@pytest.mark.parametrize("offset", [3, 120, 700, -200, -1])
def test_flipped_byte_anywhere(capsys, keyset, bundle, tmp_path, offset) -> None:
    data = bytearray(bundle.read_bytes())
    data[offset] ^= 0x04
    forged = tmp_path / "f.examresult"
    forged.write_bytes(bytes(data))
    result = verify(capsys, keyset, forged)
    assert result.code == 1 and result.error_line.startswith(f"error: {forged}: ")


def test_truncation(capsys, keyset, bundle, tmp_path) -> None:
    expect_failure(capsys, keyset, tmp_path, bundle.read_bytes()[:-64], "signed header says")


def test_signature_by_a_station_not_enrolled(capsys, keyset, bundle, tmp_path) -> None:
    opened = open_result(bundle.read_bytes(), [keyset.station.public], keyset.recruiter)
    rogue = keys.generate("station")
    data = seal_result(
        opened.payload,
        rogue,
        opened.header.recipients,
        pack_sha256=opened.header.pack_sha256,
        now=datetime.now(UTC),
    )
    expect_failure(capsys, keyset, tmp_path, data, "signed by a station that is not enrolled here")


def test_reencrypted_to_another_recipient(capsys, keyset, bundle, tmp_path) -> None:
    import pyrage

    data = bundle.read_bytes()
    head, payload = data.split(b"\n", 6)[:6], data.split(b"\n", 6)[6]
    plain = pyrage.decrypt(payload, [keyset.recruiter.age()])
    other = keys.generate("recruiter")
    swapped = b"\n".join(
        [*head, pyrage.encrypt(plain, [pyrage.x25519.Recipient.from_str(other.public.recipient)])]
    )
    # Length or hash: either way the signed header no longer describes the payload.
    expect_failure(capsys, keyset, tmp_path, swapped, "signed header")


def _reseal(keyset: KeySet, bundle: Path, edit: Callable[[dict], None]) -> bytes:
    opened = open_result(bundle.read_bytes(), [keyset.station.public], keyset.recruiter)
    payload = copy.deepcopy(opened.payload)
    edit(payload)
    return seal_result(
        payload,
        keyset.station,
        opened.header.recipients,
        pack_sha256=opened.header.pack_sha256,
        now=datetime.now(UTC),
    )


def _insert_event(payload: dict) -> None:
    events = payload["events"]
    forged = chain_next(None, payload["session_id"], "note", {}, 1.0, events[0]["wall"])
    events.insert(1, {**forged.to_dict(), "seq": 1})


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda p: p["events"].pop(3), "removed or reordered"),
        (_insert_event, "does not follow"),
        (lambda p: p["events"].insert(2, p["events"].pop(3)), "removed or reordered"),
        (lambda p: p["events"][2]["detail"].update(value_sha256="0" * 64), "was edited"),
        (lambda p: p["answer_saves"][0].update(value=2), "does not match event"),
        (lambda p: p["questions"][1].update(answer=True), "final answer differs from its last save"),
        (lambda p: p["answer_saves"][1].update(wall=p["ended_wall"] + 86_400), "does not match event"),
    ],
    ids=["event removed", "event inserted", "events reordered", "event edited", "answer edited",
         "final answer edited", "timestamp outside the session"],
)  # fmt: skip
def test_content_forgeries(capsys, keyset, bundle, tmp_path, edit, message) -> None:
    expect_failure(capsys, keyset, tmp_path, _reseal(keyset, bundle, edit), message)


def test_bundle_from_another_pack(capsys, keyset, bundle, tmp_path, tiny_source) -> None:
    other_pack = tmp_path / "other.exampack"
    other_pack.write_bytes(build(tiny_source, keyset.issuer).data)
    result = verify(capsys, keyset, bundle, extra=("--pack", other_pack))
    assert result.code == 1 and "belongs to another pack" in result.error_line


def test_replayed_session(capsys, keyset, bundle, tmp_path) -> None:
    copy_path = tmp_path / "again.examresult"
    copy_path.write_bytes(bundle.read_bytes())
    result = verify(capsys, keyset, bundle, copy_path)
    assert result.code == 1
    assert "replayed: session" in result.error_line and str(bundle) in result.error_line
    assert result.out.startswith(f"ok: {bundle}")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_mutations_are_rejected_cleanly(keyset: KeySet, bundle: Path, data: st.DataObject) -> None:
    from exam_app.core.errors import ExamAppError
    from exam_app.core.result_checks import check_result

    original = bundle.read_bytes()
    position = data.draw(st.integers(0, len(original) - 1))
    value = data.draw(st.integers(0, 255).filter(lambda v: v != original[position]))
    mutated = original[:position] + bytes([value]) + original[position + 1 :]
    with pytest.raises(ExamAppError):
        check_result(open_result(mutated, [keyset.station.public], keyset.recruiter))
