"""Packs end to end in the core: build, verify, open; station binding; validity; rollback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from exam_app.core import keys
from exam_app.core.errors import PackPolicyError, SignatureError, UnlockError
from exam_app.core.pack_file import inspect_pack, open_pack, verify_pack
from exam_app.core.seen_versions import SeenVersions
from exam_app.core.source import load_source
from tests.conftest import KeySet
from tests.support.packs import BuiltPack, build, parts

NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def plain(keyset: KeySet, tiny_source: Path) -> BuiltPack:
    return build(tiny_source, keyset.issuer, results_to=[keyset.recruiter.public])


@pytest.fixture(scope="module")
def bound(keyset: KeySet, tiny_source: Path) -> BuiltPack:
    return build(tiny_source, keyset.issuer, stations=[keyset.station.public])


def test_open_round_trips_the_pack_and_adds_build_fields(
    keyset: KeySet, plain: BuiltPack, tiny_source: Path
) -> None:
    verified = verify_pack(plain.data, [keyset.issuer.public], now=NOW)
    assert verified.signer == keyset.issuer.public
    opened = open_pack(verified, plain.release_code)
    source = load_source(tiny_source).pack
    assert [q.id for q in opened.questions()] == [q.id for q in source.questions()]
    assert opened.sections == source.sections
    assert len(opened.proctor_secret) == 32
    assert opened.results_to == (keyset.recruiter.public.recipient,)


def test_header_states_what_was_signed(keyset: KeySet, plain: BuiltPack) -> None:
    header = verify_pack(plain.data, [keyset.issuer.public], now=NOW).header
    assert (header.pack_id, header.pack_version, header.question_count) == ("tiny-pack", 3, 3)
    assert header.issuer_key_id == keyset.issuer.public.signing.key_id_hex()  # type: ignore[union-attr]
    assert header.payload_length == len(parts(plain.data).payload)
    assert inspect_pack(plain.data) == header


def test_release_code_typed_loosely_still_opens(keyset: KeySet, plain: BuiltPack) -> None:
    verified = verify_pack(plain.data, [keyset.issuer.public], now=NOW)
    sloppy = plain.release_code.lower().replace("-", " ")
    assert open_pack(verified, sloppy).id == "tiny-pack"


def test_plaintext_is_nowhere_in_the_file(plain: BuiltPack) -> None:
    assert b"tokenizer" not in plain.data and b"Basics" not in plain.data


def test_station_bound_pack_needs_key_and_code(keyset: KeySet, bound: BuiltPack) -> None:
    verified = verify_pack(bound.data, [keyset.issuer.public], now=NOW)
    assert verified.header.stations == [keyset.station.public.fingerprint]
    with pytest.raises(UnlockError):
        open_pack(verified, bound.release_code)  # code alone
    with pytest.raises(UnlockError):
        open_pack(verified, bound.release_code, keys.generate("station"))  # another station
    assert open_pack(verified, bound.release_code, keyset.station).id == "tiny-pack"


def test_untrusted_signer_is_named_by_key_id(keyset: KeySet, plain: BuiltPack) -> None:
    other = keys.generate("issuer").public
    with pytest.raises(SignatureError, match="not trusted here"):
        verify_pack(plain.data, [other], now=NOW)


def test_validity_window_names_both_times(keyset: KeySet, tiny_source: Path) -> None:
    start, end = NOW + timedelta(days=1), NOW + timedelta(days=2)
    built = build(tiny_source, keyset.issuer, not_before=start, expires=end)
    with pytest.raises(PackPolicyError, match=r"not valid yet: valid from .*Z, now is .*Z"):
        verify_pack(built.data, [keyset.issuer.public], now=NOW)
    with pytest.raises(PackPolicyError, match=r"expired at .*Z, now is .*Z"):
        verify_pack(built.data, [keyset.issuer.public], now=end + timedelta(seconds=1))
    assert verify_pack(built.data, [keyset.issuer.public], now=start + timedelta(hours=1))


def test_rollback_is_refused_after_a_newer_version(keyset: KeySet, plain: BuiltPack, tmp_path: Path) -> None:
    seen = SeenVersions(tmp_path / "seen.json")
    seen.record("tiny-pack", 4)
    with pytest.raises(PackPolicyError, match="version 3 is older than version 4"):
        verify_pack(plain.data, [keyset.issuer.public], now=NOW, seen=seen)
    seen.record("tiny-pack", 2)  # a lower version never lowers the memory
    assert seen.highest("tiny-pack") == 4
    assert verify_pack(plain.data, [keyset.issuer.public], now=NOW, seen=SeenVersions(tmp_path / "new.json"))


def test_damaged_version_memory_fails_closed(tmp_path: Path) -> None:
    path = tmp_path / "seen.json"
    path.write_text("{not json")
    with pytest.raises(PackPolicyError, match="unreadable"):
        SeenVersions(path).check("tiny-pack", 1)
