"""Hostile zip archives: every unsafe name, type and size is refused before any member is read."""

from __future__ import annotations

import stat
import struct
import zipfile
from pathlib import Path

import pytest

from exam_app.core.importers.errors import ImportFormatError
from exam_app.core.importers.safe_zip import MAX_RATIO, MAX_TOTAL_BYTES, RATIO_FLOOR_BYTES, SafeZip


def _zip(path: Path, members: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


def _refused(path: Path) -> str:
    with pytest.raises(ImportFormatError) as caught:
        SafeZip(path)
    message = str(caught.value)
    assert message.startswith(f"{path.name}: ")
    return message


def test_plain_archive_reads_members_by_name(tmp_path: Path) -> None:
    path = _zip(tmp_path / "ok.zip", [("imsmanifest.xml", b"<manifest/>"), ("items/a.xml", b"<a/>")])
    with SafeZip(path) as archive:
        assert archive.names() == ["imsmanifest.xml", "items/a.xml"]
        assert archive.read("items/a.xml") == b"<a/>"
        with pytest.raises(KeyError):
            archive.read("items/missing.xml")


def test_directory_entries_are_allowed_but_not_listed(tmp_path: Path) -> None:
    path = _zip(tmp_path / "dirs.zip", [("items/", b""), ("items/a.xml", b"<a/>")])
    with SafeZip(path) as archive:
        assert archive.names() == ["items/a.xml"]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("../evil.xml", "'..'"),
        ("items/../../evil.xml", "'..'"),
        ("/etc/evil.xml", "absolute path"),
        ("C:/evil.xml", "drive letter"),
        ("c:evil.xml", "drive letter"),
        ("items\\evil.xml", "backslash"),
        ("items//evil.xml", "empty or '.'"),
        ("./evil.xml", "empty or '.'"),
    ],
)
def test_unsafe_member_names_are_refused(tmp_path: Path, name: str, problem: str) -> None:
    path = _zip(tmp_path / "bad.zip", [("ok.xml", b"<a/>"), (name, b"<b/>")])
    message = _refused(path)
    assert problem in message
    assert repr(name) in message


def test_nul_in_a_member_name_is_refused(tmp_path: Path) -> None:
    # zipfile cannot write a NUL in a name, so write a same-length name and patch the bytes.
    path = _zip(tmp_path / "nul.zip", [("evil.xml.png", b"<a/>")])
    path.write_bytes(path.read_bytes().replace(b"evil.xml.png", b"evil.xml\x00png"))
    assert "NUL" in _refused(path)


def test_symlink_members_are_refused(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("items/a.xml")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = _zip(tmp_path / "link.zip", [(link, b"/etc/passwd")])
    assert "symbolic link" in _refused(path)


def test_device_members_are_refused(tmp_path: Path) -> None:
    fifo = zipfile.ZipInfo("items/a.xml")
    fifo.external_attr = (stat.S_IFIFO | 0o644) << 16
    path = _zip(tmp_path / "fifo.zip", [(fifo, b"")])
    assert "not a regular file" in _refused(path)


def test_encrypted_members_are_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path / "enc.zip", [("a.xml", b"<a/>")])
    data = bytearray(path.read_bytes())
    # General purpose flag bit 0 ("encrypted") in the central directory entry (offset 8).
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 8, struct.unpack_from("<H", data, central + 8)[0] | 1)
    path.write_bytes(bytes(data))
    assert "encrypted" in _refused(path)


def test_duplicate_names_are_refused(tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match="Duplicate name"):
        path = _zip(tmp_path / "dup.zip", [("a.xml", b"<a/>"), ("a.xml", b"<b/>")])
    assert "duplicate" in _refused(path)


def test_names_differing_only_in_case_are_duplicates(tmp_path: Path) -> None:
    path = _zip(tmp_path / "case.zip", [("Item.xml", b"<a/>"), ("item.XML", b"<b/>")])
    assert "duplicate" in _refused(path)


def test_size_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    path = _zip(tmp_path / "big.zip", [("zeros.xml", bytes(MAX_TOTAL_BYTES + 1))])
    assert f"declares more than {MAX_TOTAL_BYTES} bytes" in _refused(path)


def test_many_small_members_add_up_to_a_size_bomb(tmp_path: Path) -> None:
    # Each member is below the size where the ratio is checked; together they are too big.
    member = bytes(RATIO_FLOOR_BYTES - 1)
    count = MAX_TOTAL_BYTES // len(member) + 1
    path = _zip(tmp_path / "many.zip", [(f"m{n}.xml", member) for n in range(count)])
    assert f"declares more than {MAX_TOTAL_BYTES} bytes" in _refused(path)


def test_ratio_bomb_is_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path / "ratio.zip", [("zeros.xml", bytes(4 * 1024 * 1024))])
    assert f"ratio above {MAX_RATIO}" in _refused(path)


def test_small_members_may_compress_well(tmp_path: Path) -> None:
    # A page of indentation compresses far beyond the ratio cap and is still harmless.
    path = _zip(tmp_path / "spaces.zip", [("a.xml", b" " * 100_000)])
    with SafeZip(path) as archive:
        assert archive.read("a.xml") == b" " * 100_000


def test_member_that_lies_about_its_size_cannot_be_read(tmp_path: Path) -> None:
    path = _zip(tmp_path / "liar.zip", [("a.xml", b"a" * 50_000)])
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        struct.pack_into("<I", data, data.index(signature) + offset, 100)  # declared size: 100 bytes
    path.write_bytes(bytes(data))
    with SafeZip(path) as archive, pytest.raises(ImportFormatError, match="cannot read member"):
        archive.read("a.xml")


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fake.zip"
    path.write_bytes(b"PK\x03\x04 but not really a zip")
    assert "not a readable zip" in _refused(path)
