"""Offline proctor codes: derivation, one-time use, action parsing and guessing limits."""

from __future__ import annotations

import pytest

from exam_app.core.proctor_codes import (
    MAX_WRONG_TRIES,
    ContinuationChallenge,
    ProctorAction,
    ProctorCodeError,
    derive_proctor_secret,
    parse_action,
    proctor_code,
)

CODE = "ABCDE-FGH1J-K0MNP-QRST1-VWXYZ"


def test_secret_depends_on_code_pack_and_version_but_not_on_typing() -> None:
    secret = derive_proctor_secret(CODE, "genai-demo", 1)
    assert secret == derive_proctor_secret(CODE.lower().replace("-", " "), "genai-demo", 1)
    assert secret != derive_proctor_secret(CODE, "genai-demo", 2)
    assert secret != derive_proctor_secret(CODE, "genai-other", 1)
    assert secret != derive_proctor_secret("ABCDE-FGH1J-K0MNP-QRST1-VWXY0", "genai-demo", 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("resume", ProctorAction("resume")),
        ("END", ProctorAction("end")),
        ("add-time:15", ProctorAction("add-time", 15)),
    ],
)
def test_actions_parse(text: str, expected: ProctorAction) -> None:
    assert parse_action(text) == expected


@pytest.mark.parametrize("text", ["pause", "add-time:0", "add-time:181", "add-time:-5", "add-time:x"])
def test_bad_actions_are_refused(text: str) -> None:
    with pytest.raises(ProctorCodeError, match="resume, end or add-time"):
        parse_action(text)


def test_a_code_unlocks_its_action_once() -> None:
    secret = derive_proctor_secret(CODE, "p", 1)
    challenge = ContinuationChallenge(secret)
    reply = proctor_code(secret, challenge.code, parse_action("add-time:10"))
    assert challenge.redeem(reply.lower()) == ProctorAction("add-time", 10)
    with pytest.raises(ProctorCodeError, match="already used"):
        challenge.redeem(reply)


def test_codes_do_not_transfer_between_continuations_or_packs() -> None:
    secret = derive_proctor_secret(CODE, "p", 1)
    first, second = ContinuationChallenge(secret), ContinuationChallenge(secret)
    reply = proctor_code(secret, first.code, ProctorAction("resume"))
    with pytest.raises(ProctorCodeError, match="not valid"):
        second.redeem(reply)
    other_pack = proctor_code(derive_proctor_secret(CODE, "q", 1), first.code, ProctorAction("resume"))
    with pytest.raises(ProctorCodeError, match="not valid"):
        first.redeem(other_pack)


def test_wrong_tries_are_limited() -> None:
    secret = derive_proctor_secret(CODE, "p", 1)
    challenge = ContinuationChallenge(secret)
    right = proctor_code(secret, challenge.code, ProctorAction("resume"))
    wrong = "0000-0000" if right != "0000-0000" else "1111-1111"
    for _ in range(MAX_WRONG_TRIES):
        with pytest.raises(ProctorCodeError, match="not valid"):
            challenge.redeem(wrong)
    with pytest.raises(ProctorCodeError, match="too many wrong codes"):
        challenge.redeem(right)
