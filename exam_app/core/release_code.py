"""Release codes: the secret a proctor types to unlock a pack at exam start.

Five groups of five Crockford base32 characters carry 125 random bits, so even without the KDF a guess
is hopeless; the age passphrase format still stretches it with scrypt. Typing is forgiving: case,
spaces and dashes are ignored and the look-alikes O, I and L read as 0, 1 and 1.
"""

from __future__ import annotations

import secrets

from exam_app.core.encoding import CROCKFORD, group

GROUPS = 5
GROUP_SIZE = 5
LENGTH = GROUPS * GROUP_SIZE
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


class ReleaseCodeError(ValueError):
    """The typed text cannot be a release code."""


def new_release_code() -> str:
    """A fresh random release code, e.g. `7K2QD-M9XHA-...`."""
    return group("".join(secrets.choice(CROCKFORD) for _ in range(LENGTH)), GROUP_SIZE)


def normalize_release_code(typed: str) -> str:
    """The canonical form of a typed code; raises ReleaseCodeError for text that cannot be one."""
    compact = "".join(ch for ch in typed.upper() if ch not in " -\t\r\n").translate(_LOOKALIKES)
    if len(compact) != LENGTH or any(ch not in CROCKFORD for ch in compact):
        # The message does not echo the input: it is secret.
        raise ReleaseCodeError(f"a release code has {LENGTH} letters and digits in {GROUPS} groups")
    return group(compact, GROUP_SIZE)
