"""Property: any mutation of a valid pack is rejected cleanly, never accepted and never a crash."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exam_app.core.errors import ExamAppError
from exam_app.core.pack_file import open_pack, verify_pack
from tests.conftest import KeySet
from tests.support.packs import BuiltPack, build

NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def valid(keyset: KeySet, tiny_source: Path) -> BuiltPack:
    return build(tiny_source, keyset.issuer, stations=[keyset.station.public])


def _mutations(size: int) -> st.SearchStrategy[list[tuple[str, int, int]]]:
    edit = st.tuples(
        st.sampled_from(["flip", "set", "delete", "insert"]),
        st.integers(min_value=0, max_value=size - 1),
        st.integers(min_value=0, max_value=255),
    )
    return st.lists(edit, min_size=1, max_size=4)


def _apply(data: bytes, edits: list[tuple[str, int, int]]) -> bytes:
    buffer = bytearray(data)
    for action, position, value in edits:
        position %= max(len(buffer), 1)
        if action == "flip":
            buffer[position] ^= 1 << (value % 8)
        elif action == "set":
            buffer[position] = value
        elif action == "delete":
            del buffer[position]
        else:
            buffer.insert(position, value)
    return bytes(buffer)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_mutations_are_always_rejected_cleanly(
    keyset: KeySet, valid: BuiltPack, data: st.DataObject
) -> None:
    mutated = _apply(valid.data, data.draw(_mutations(len(valid.data))))
    if mutated == valid.data:
        return  # e.g. "set" to the byte already there: not a mutation
    with pytest.raises(ExamAppError):
        verified = verify_pack(mutated, [keyset.issuer.public], now=NOW)
        open_pack(verified, valid.release_code, keyset.station)
