"""Offline proctor codes: unlock, extend or end a locked exam without any network.

The station shows a one-time continuation code. The proctor, who holds the release code, derives a reply
with `exam-app proctor code`: an HMAC over the continuation code and the chosen action, keyed by the
pack's proctor secret. The secret is derived from the release code and the pack's identity, so a proctor
needs only the pack file's header and the code, never the station key. Codes are 8 Crockford characters
(40 bits): guessing is capped by the station allowing only a few wrong tries per continuation code.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from exam_app.core.encoding import CROCKFORD, crockford_base32, group
from exam_app.core.errors import ExamAppError
from exam_app.core.release_code import normalize_release_code

CODE_CHARS = 8
MAX_ADD_MINUTES = 180
MAX_WRONG_TRIES = 5
_ACTION = re.compile(r"^(resume|end|add-time:([1-9][0-9]{0,2}))$")
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


class ProctorCodeError(ExamAppError):
    """A proctor code or action that cannot be used."""


@dataclass(frozen=True)
class ProctorAction:
    """What a proctor code allows: `resume`, `end`, or `add-time` with minutes (which also resumes)."""

    name: str
    minutes: int = 0

    @property
    def text(self) -> str:
        """The canonical spelling, as typed on the command line and logged."""
        return f"add-time:{self.minutes}" if self.name == "add-time" else self.name


def parse_action(text: str) -> ProctorAction:
    """`resume`, `end` or `add-time:MINUTES` (1 to 180)."""
    match = _ACTION.match(text.strip().lower())
    if not match or (match.group(2) and int(match.group(2)) > MAX_ADD_MINUTES):
        raise ProctorCodeError(
            f"action must be resume, end or add-time:MINUTES (1 to {MAX_ADD_MINUTES}), not {text!r}"
        )
    return ProctorAction("add-time", int(match.group(2))) if match.group(2) else ProctorAction(match.group(1))


def all_actions() -> list[ProctorAction]:
    """Every action a code can carry; the station tries each (a few hundred HMACs, instant)."""
    return [ProctorAction("resume"), ProctorAction("end")] + [
        ProctorAction("add-time", minutes) for minutes in range(1, MAX_ADD_MINUTES + 1)
    ]


def derive_proctor_secret(release_code: str, pack_id: str, pack_version: int) -> bytes:
    """The pack's proctor secret: HKDF-SHA256 of the release code, bound to the pack id and version."""
    info = f"exam-app proctor secret v1\x00{pack_id}\x00{pack_version}".encode()
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"exam-app proctor", info=info)
    return hkdf.derive(normalize_release_code(release_code).encode("ascii"))


def normalize_code(typed: str) -> str:
    """Canonical `XXXX-XXXX` form of a typed continuation or proctor code."""
    compact = "".join(ch for ch in typed.upper() if ch not in " -\t").translate(_LOOKALIKES)
    if len(compact) != CODE_CHARS or any(ch not in CROCKFORD for ch in compact):
        raise ProctorCodeError(f"a code has {CODE_CHARS} letters and digits, like 7K2Q-D9XH")
    return group(compact, 4)


def new_continuation_code() -> str:
    """A fresh random continuation code, shown on the lock screen."""
    return group("".join(secrets.choice(CROCKFORD) for _ in range(CODE_CHARS)), 4)


def proctor_code(secret: bytes, continuation: str, action: ProctorAction) -> str:
    """The code that authorises `action` for this continuation code."""
    message = f"exam-app proctor code v1\x00{normalize_code(continuation)}\x00{action.text}".encode()
    return group(crockford_base32(hmac.new(secret, message, hashlib.sha256).digest(), CODE_CHARS), 4)


class ContinuationChallenge:
    """One lock's continuation code on the station: accepts one valid proctor code, then never again."""

    def __init__(self, secret: bytes, code: str | None = None) -> None:
        self._secret = secret
        self.code = code or new_continuation_code()
        self.used = False
        self.wrong_tries = 0

    def redeem(self, typed: str) -> ProctorAction:
        """The action a typed proctor code authorises; raises ProctorCodeError otherwise."""
        if self.used:
            raise ProctorCodeError("this continuation code was already used; a new one is shown")
        if self.wrong_tries >= MAX_WRONG_TRIES:
            raise ProctorCodeError("too many wrong codes for this continuation code; a new one is shown")
        code = normalize_code(typed)
        # Every candidate is compared in constant time and all are tried, so timing says nothing.
        matches = [
            action
            for action in all_actions()
            if hmac.compare_digest(proctor_code(self._secret, self.code, action), code)
        ]
        if not matches:
            self.wrong_tries += 1
            raise ProctorCodeError("that proctor code is not valid for this continuation code")
        self.used = True
        return matches[0]
