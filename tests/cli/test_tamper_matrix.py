"""The "must reject" matrix of docs/security.md (SECURITY-NOTES 1 to 6), through `exam-app pack open`.

Every case must end with exit 1, one specific `error:` line and no traceback. Forged variants are
re-signed by the real issuer where that is what it takes to reach the check under test.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from exam_app.core import keys, minisign, signed_envelope
from exam_app.core.errors import UnlockError
from tests.cli.cli_runner import run_cli
from tests.conftest import KeySet
from tests.support.packs import BuiltPack, build, parts, resign

GENERIC = UnlockError.GENERIC


@pytest.fixture(scope="module")
def valid(keyset: KeySet, tiny_source: Path) -> BuiltPack:
    return build(tiny_source, keyset.issuer)


@pytest.fixture(scope="module")
def bound(keyset: KeySet, tiny_source: Path) -> BuiltPack:
    return build(tiny_source, keyset.issuer, stations=[keyset.station.public])


def open_bytes(capsys, keyset: KeySet, tmp_path: Path, data: bytes, code: str, *extra: object) -> str:
    pack = tmp_path / "candidate.exampack"
    pack.write_bytes(data)
    result = run_cli(
        capsys, "pack", "open", pack, "--trust", keyset.pub("issuer"), "--release-code", code, *extra
    )
    assert result.code == 1, result.out
    return result.error_line


def flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


def line_start(data: bytes, line: int) -> int:
    index = 0
    for _ in range(line - 1):
        index = data.index(b"\n", index) + 1
    return index


# 1. A flipped byte anywhere; truncation; trailing data.
FLIPS: dict[str, tuple[Callable[[bytes], int], str]] = {
    "magic": (lambda d: 3, "not a question pack file"),
    "header": (lambda d: line_start(d, 2) + 20, "signature is not valid"),
    "untrusted comment": (lambda d: line_start(d, 3) + 30, "comment line was altered"),
    "signature": (lambda d: line_start(d, 4) + 40, "signature"),
    "trusted comment": (lambda d: line_start(d, 5) + 30, "signature is not valid"),
    "global signature": (lambda d: line_start(d, 6) + 10, "signature"),
    "payload start": (lambda d: line_start(d, 7) + 5, "payload SHA-256 does not match"),
    "payload end": (lambda d: len(d) - 1, "payload SHA-256 does not match"),
}


@pytest.mark.parametrize("where", list(FLIPS))
def test_flipped_byte_is_rejected(capsys, keyset, tmp_path, valid, where) -> None:
    position, message = FLIPS[where]
    error = open_bytes(capsys, keyset, tmp_path, flip(valid.data, position(valid.data)), valid.release_code)
    assert message in error


@pytest.mark.parametrize("cut", [1, 16, 100])
def test_truncation_is_rejected(capsys, keyset, tmp_path, valid, cut) -> None:
    error = open_bytes(capsys, keyset, tmp_path, valid.data[:-cut], valid.release_code)
    assert "signed header says" in error


def test_truncation_inside_the_framing_is_rejected(capsys, keyset, tmp_path, valid) -> None:
    error = open_bytes(capsys, keyset, tmp_path, valid.data[: line_start(valid.data, 4)], valid.release_code)
    assert "truncated framing" in error


def test_trailing_data_is_rejected(capsys, keyset, tmp_path, valid) -> None:
    error = open_bytes(capsys, keyset, tmp_path, valid.data + b"\n", valid.release_code)
    assert "signed header says" in error


# 2. Untrusted key; key-id collision; wrong payload type.
def test_valid_signature_by_untrusted_key(capsys, keyset, tmp_path, valid) -> None:
    forged = resign(valid.data, keys.generate("issuer"))
    assert "not trusted here" in open_bytes(capsys, keyset, tmp_path, forged, valid.release_code)


def test_key_id_collision_does_not_help_an_attacker(capsys, keyset, tmp_path, valid) -> None:
    attacker = keys.generate("issuer")
    forged = parts(resign(valid.data, attacker))
    trusted_id = keyset.issuer.public.signing.key_id  # type: ignore[union-attr]
    collided = minisign.MinisignSignature(trusted_id, *list(forged.signature.__dict__.values())[1:])
    data = b"\n".join(
        [signed_envelope.PACK.magic, forged.header_bytes, *(line.encode() for line in collided.lines())]
    )
    error = open_bytes(capsys, keyset, tmp_path, data + b"\n" + forged.payload, valid.release_code)
    assert "signature is not valid" in error


def test_result_signature_presented_as_pack(capsys, keyset, tmp_path, valid) -> None:
    forged = resign(valid.data, keyset.issuer, kind=signed_envelope.RESULT)
    error = open_bytes(capsys, keyset, tmp_path, forged, valid.release_code)
    assert "wrong payload type: the signature covers a result bundle, not a question pack" in error


def test_result_bundle_file_presented_as_pack(capsys, keyset, tmp_path, valid) -> None:
    data = signed_envelope.RESULT.magic + valid.data[len(signed_envelope.PACK.magic) :]
    assert "this is a result bundle, not a question pack" in open_bytes(
        capsys, keyset, tmp_path, data, valid.release_code
    )


# 3. Rollback, expiry and not-yet-valid live in test_pack_cli.py (they need real times and two versions).


# 4. Duplicate JSON keys, unknown critical fields, oversized headers, non-canonical base64.
def test_duplicate_json_key_in_signed_header(capsys, keyset, tmp_path, valid) -> None:
    header = parts(valid.data).header_bytes
    raw = header[:-1] + b',"pack_id":"other"}'
    forged = resign(valid.data, keyset.issuer, raw_header=raw, rebind_payload=False)
    assert "duplicate JSON key 'pack_id'" in open_bytes(capsys, keyset, tmp_path, forged, valid.release_code)


def test_unknown_critical_field(capsys, keyset, tmp_path, valid) -> None:
    forged = resign(valid.data, keyset.issuer, edit_header=lambda h: h.update(allow_anything=True))
    assert "unknown critical field(s): allow_anything" in open_bytes(
        capsys, keyset, tmp_path, forged, valid.release_code
    )


def test_non_canonical_header_json(capsys, keyset, tmp_path, valid) -> None:
    raw = parts(valid.data).header_bytes.replace(b",", b", ", 1)
    forged = resign(valid.data, keyset.issuer, raw_header=raw, rebind_payload=False)
    assert "not in canonical form" in open_bytes(capsys, keyset, tmp_path, forged, valid.release_code)


def test_oversized_header(capsys, keyset, tmp_path, valid) -> None:
    forged = resign(valid.data, keyset.issuer, edit_header=lambda h: h.update(title="x" * 70_000))
    assert "header is larger than 65536 bytes" in open_bytes(
        capsys, keyset, tmp_path, forged, valid.release_code
    )


def test_non_canonical_base64_signature(capsys, keyset, tmp_path, valid) -> None:
    start = line_start(valid.data, 4)
    end = valid.data.index(b"\n", start)
    sig_line = valid.data[start:end].decode()
    assert sig_line.endswith("=") and not sig_line.endswith("==")  # 74 bytes: two spare bits before "="
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    last = alphabet.index(sig_line[-2])
    respelled = sig_line[:-2] + alphabet[last ^ 0x01] + "="
    # A lax decoder reads the same signature bytes from both spellings; ours must refuse the second.
    assert base64.b64decode(respelled) == base64.b64decode(sig_line)
    data = valid.data[:start] + respelled.encode() + valid.data[end:]
    assert "not canonical base64" in open_bytes(capsys, keyset, tmp_path, data, valid.release_code)


# 5. Unwrapping failures: all the same generic message.
def _age_forgery(valid: BuiltPack, keyset: KeySet, edit: Callable[[bytes], bytes]) -> bytes:
    payload = parts(valid.data).payload
    return resign(valid.data, keyset.issuer, payload=edit(payload))


def test_wrong_release_code(capsys, keyset, tmp_path, valid) -> None:
    assert GENERIC in open_bytes(capsys, keyset, tmp_path, valid.data, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")


def test_no_stanza_for_this_station(capsys, keyset, tmp_path, bound) -> None:
    other = keys.generate("station")
    keys.write_key_pair(tmp_path / "other", other, b"pw")
    pw = tmp_path / "pw.txt"
    pw.write_text("pw\n")
    error = open_bytes(
        capsys,
        keyset,
        tmp_path,
        bound.data,
        bound.release_code,
        "--station-key",
        tmp_path / "other.key",
        "--passphrase-file",
        pw,
    )
    assert GENERIC in error


def test_kdf_cost_above_cap(capsys, keyset, tmp_path, valid) -> None:
    def raise_work_factor(payload: bytes) -> bytes:
        head, rest = payload.split(b"\n", 2)[:2], payload.split(b"\n", 2)[2]
        words = head[1].split(b" ")
        return b"\n".join([head[0], b" ".join([*words[:-1], b"40"]), rest])

    assert GENERIC in open_bytes(
        capsys, keyset, tmp_path, _age_forgery(valid, keyset, raise_work_factor), valid.release_code
    )


def _station_stanza_edit(
    new_share: bytes | None = None, body_suffix: bytes = b""
) -> Callable[[bytes], bytes]:
    def edit(payload: bytes) -> bytes:
        lines = payload.split(b"\n")
        assert lines[1].startswith(b"-> X25519 ")
        if new_share is not None:
            lines[1] = b"-> X25519 " + base64.b64encode(new_share).rstrip(b"=")
        lines[2] += body_suffix
        return b"\n".join(lines)

    return edit


@pytest.mark.parametrize(
    "edit",
    [_station_stanza_edit(new_share=bytes(32)), _station_stanza_edit(body_suffix=b"AAAA")],
    ids=["all-zero share", "wrong-length stanza"],
)
def test_malformed_station_stanza(capsys, keyset, tmp_path, bound, edit) -> None:
    forged = _age_forgery(bound, keyset, edit)
    error = open_bytes(
        capsys,
        keyset,
        tmp_path,
        forged,
        bound.release_code,
        "--station-key",
        keyset.key("station"),
        "--passphrase-file",
        keyset.passphrase_file,
    )
    assert GENERIC in error


# 6. Payload length or hash that does not match the signed header.
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("payload_sha256", "0" * 64, "payload SHA-256 does not match"),
        ("payload_length", 5, "signed header says 5"),
    ],
)
def test_header_payload_binding(capsys, keyset, tmp_path, valid, field, value, message) -> None:
    forged = resign(valid.data, keyset.issuer, edit_header=lambda h: h.update({field: value}))
    assert message in open_bytes(capsys, keyset, tmp_path, forged, valid.release_code)


def test_signed_header_lying_about_the_contents(capsys, keyset, tmp_path, valid) -> None:
    forged = resign(valid.data, keyset.issuer, edit_header=lambda h: h.update(question_count=99))
    assert "does not match its signed header" in open_bytes(
        capsys, keyset, tmp_path, forged, valid.release_code
    )


def test_header_json_is_valid_json(valid) -> None:
    # Guard for the cases above: the untouched header is canonical JSON with the documented fields.
    header = json.loads(parts(valid.data).header_bytes)
    assert header["format"] == "exam-app/pack" and header["payload_type"].endswith("+json")
