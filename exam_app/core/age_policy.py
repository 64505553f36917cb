"""Checks on an age v1 header before handing the file to pyrage.

pyrage (rage) already authenticates the header and rejects bad stanzas; these checks add our own policy
on top, so a pack is only decrypted if its layers have exactly the expected shape:
- the station layer's X25519 stanzas have 32-byte shares and bodies, none all-zero, and no scrypt;
- the release-code layer holds exactly one scrypt stanza whose work factor is under our cap
  (a crafted work factor would otherwise cost gigabytes of memory and minutes of CPU).
Every violation raises `UnlockError`, the same generic error a wrong code gives.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from exam_app.core.errors import UnlockError

AGE_MAGIC = b"age-encryption.org/v1\n"
MAX_SCRYPT_LOG_N = 21  # rage calibrates to about one second (log N 18 to 20 on current hardware)
MAX_HEADER_BYTES = 64 * 1024
MAX_STANZAS = 64
_COLUMNS = 64


@dataclass(frozen=True)
class Stanza:
    """One recipient stanza: its type, arguments and decoded body."""

    type: str
    args: tuple[str, ...]
    body: bytes


def _b64_raw(text: str) -> bytes:
    """age's base64: standard alphabet, no padding, canonical."""
    try:
        raw = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except binascii.Error:
        raise UnlockError() from None
    if base64.b64encode(raw).decode().rstrip("=") != text:
        raise UnlockError()
    return raw


def parse_stanzas(data: bytes) -> list[Stanza]:
    """The recipient stanzas of an age file's header (raises UnlockError when malformed)."""
    if not data.startswith(AGE_MAGIC):
        raise UnlockError()
    end = data.find(b"\n--- ", 0, MAX_HEADER_BYTES)
    if end < 0:
        raise UnlockError()
    try:
        lines = data[len(AGE_MAGIC) : end].decode("ascii").split("\n")
    except UnicodeDecodeError:
        raise UnlockError() from None
    stanzas: list[Stanza] = []
    index = 0
    while index < len(lines):
        words = lines[index].split(" ")
        if words[0] != "->" or len(words) < 2:
            raise UnlockError()
        body_lines = []
        index += 1
        while True:  # body lines are full 64-column lines ended by one shorter (possibly empty) line
            if index >= len(lines):
                raise UnlockError()
            body_lines.append(lines[index])
            index += 1
            if len(body_lines[-1]) < _COLUMNS:
                break
            if len(body_lines[-1]) > _COLUMNS:
                raise UnlockError()
        stanzas.append(Stanza(words[1], tuple(words[2:]), _b64_raw("".join(body_lines))))
        if len(stanzas) > MAX_STANZAS:
            raise UnlockError()
    return stanzas


def check_station_layer(data: bytes) -> None:
    """Accept X25519 stanzas of the right size with non-zero shares, and no passphrase stanza.

    Stanzas of other types are ignored, as the age spec requires: rage itself adds random "grease"
    stanzas so that readers stay tolerant of new recipient types.
    """
    stanzas = parse_stanzas(data)
    x25519 = [stanza for stanza in stanzas if stanza.type == "X25519"]
    if not x25519 or any(stanza.type == "scrypt" for stanza in stanzas):
        raise UnlockError()
    for stanza in x25519:
        if len(stanza.args) != 1 or len(stanza.body) != 32:
            raise UnlockError()
        share = _b64_raw(stanza.args[0])
        if len(share) != 32 or share == bytes(32):
            raise UnlockError()


def check_release_code_layer(data: bytes) -> None:
    """Accept exactly one scrypt stanza with a 16-byte salt and a work factor under the cap."""
    stanzas = parse_stanzas(data)
    if len(stanzas) != 1:
        raise UnlockError()
    stanza = stanzas[0]
    if stanza.type != "scrypt" or len(stanza.args) != 2 or len(stanza.body) != 32:
        raise UnlockError()
    salt, log_n = stanza.args
    if len(_b64_raw(salt)) != 16 or not log_n.isdigit() or log_n != str(int(log_n)):
        raise UnlockError()
    if not 1 <= int(log_n) <= MAX_SCRYPT_LOG_N:
        raise UnlockError()
