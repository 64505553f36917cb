"""Strict encodings: canonical base64, strict JSON, fingerprints."""

from __future__ import annotations

import pytest

from exam_app.core.encoding import (
    EncodingError,
    b64decode_canonical,
    b64encode,
    canonical_json,
    fingerprint,
    parse_json_strict,
)


def test_base64_round_trip_and_length_check() -> None:
    data = bytes(range(32))
    assert b64decode_canonical(b64encode(data), length=32) == data
    with pytest.raises(EncodingError, match="must be 31 bytes"):
        b64decode_canonical(b64encode(data), length=31)


@pytest.mark.parametrize(
    "text",
    [
        "AAE",  # missing padding
        "AAE=\n",  # trailing newline
        "AAF=",  # non-zero trailing bits: decodes, but is not the canonical spelling of those bytes
        "AA E=",  # whitespace
        "AA-_",  # URL-safe alphabet
    ],
)
def test_non_canonical_base64_is_rejected(text: str) -> None:
    with pytest.raises(EncodingError):
        b64decode_canonical(text)


def test_duplicate_json_keys_are_rejected() -> None:
    with pytest.raises(EncodingError, match="duplicate JSON key 'a'"):
        parse_json_strict(b'{"a": 1, "a": 2}')


def test_json_nan_and_bad_utf8_are_rejected() -> None:
    with pytest.raises(EncodingError, match="NaN"):
        parse_json_strict(b'{"a": NaN}')
    with pytest.raises(EncodingError, match="UTF-8"):
        parse_json_strict(b'{"a": "\xff"}')


def test_canonical_json_is_sorted_compact_ascii() -> None:
    assert canonical_json({"b": 1, "a": "é"}) == b'{"a":"\\u00e9","b":1}'


def test_fingerprint_depends_on_kind_and_material() -> None:
    one = fingerprint("issuer", b"k" * 32)
    assert len(one) == 19 and one.count("-") == 3
    assert fingerprint("recruiter", b"k" * 32) != one
    assert fingerprint("issuer", b"j" * 32) != one
    assert fingerprint("issuer", b"k" * 32) == one
