"""Release codes: entropy, format and forgiving input."""

from __future__ import annotations

import pytest

from exam_app.core.release_code import ReleaseCodeError, new_release_code, normalize_release_code


def test_new_codes_are_five_groups_of_five_and_differ() -> None:
    codes = {new_release_code() for _ in range(50)}
    assert len(codes) == 50
    for code in codes:
        groups = code.split("-")
        assert [len(g) for g in groups] == [5] * 5
        assert normalize_release_code(code) == code


def test_typing_is_forgiving_about_case_spaces_and_lookalikes() -> None:
    code = "ABCDE-FGH1J-K0MNP-QRST1-VWXYZ"
    assert normalize_release_code("abcde fghIj kOmnp qrstl vwxyz") == code


@pytest.mark.parametrize(
    "typed", ["", "ABCDE", "ABCDE-FGH1J-K0MNP-QRST1-VWXYZ-A", "ABCDE-FGH1J-K0MNP-QRST1-VWXY!"]
)
def test_impossible_codes_are_rejected_without_echoing_them(typed: str) -> None:
    with pytest.raises(ReleaseCodeError) as caught:
        normalize_release_code(typed)
    if typed:
        assert typed not in str(caught.value)
