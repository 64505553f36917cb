"""Reading untrusted zip archives (QTI content packages) without trusting their names or sizes.

Nothing is ever extracted to disk: members are read into memory by name. Even so, every member name is
checked as if it were extracted, because a name like `../x` or `C:\\x` in a package is a sign of a hostile or
broken file, and the recruiter should learn that instead of getting a partial import. Declared sizes and
compression ratios are checked when the archive is opened; zipfile never inflates a member beyond its
declared size (a lying archive fails its CRC check instead), so those checks bound memory use.
"""

from __future__ import annotations

import re
import stat
import zipfile
from pathlib import Path

from exam_app.core.importers.errors import ImportFormatError

MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100
# Small members may compress very well (a page of indentation) without being a threat; the ratio check
# only matters once a member is big enough to hurt.
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_MEMBERS = 10_000
_DRIVE = re.compile(r"^[A-Za-z]:")


class SafeZip:
    """A zip archive whose member names and sizes were checked; read members with `read(name)`."""

    def __init__(self, path: Path) -> None:
        """Open `path` and check every member; raise ImportFormatError on the first problem."""
        self.label = path.name
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
            raise ImportFormatError(self.label, None, "", f"not a readable zip archive ({exc})") from None
        try:
            self._infos = _checked_members(self.label, self._zip.infolist())
        except ImportFormatError:
            self._zip.close()
            raise

    def close(self) -> None:
        """Close the archive file."""
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def names(self) -> list[str]:
        """The regular file members, in archive order (directories left out)."""
        return list(self._infos)

    def read(self, name: str) -> bytes:
        """The bytes of member `name` (KeyError when absent); a corrupt member raises ImportFormatError."""
        try:
            # zipfile stops inflating at the declared size and then checks the CRC, so the sizes checked
            # when the archive was opened bound what this can return, even for an archive that lies.
            return self._zip.read(self._infos[name])
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise self._error(name, f"cannot read member ({exc})") from None

    def _error(self, name: str, message: str) -> ImportFormatError:
        return ImportFormatError(self.label, None, name, message)


def _checked_members(label: str, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    """Map name -> info for the regular members; raise on the first unsafe name, type or size."""
    if len(infos) > MAX_MEMBERS:
        raise ImportFormatError(label, None, "", f"more than {MAX_MEMBERS} members")
    seen: set[str] = set()
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        # zipfile cuts names at a NUL (and turns backslashes into slashes on Windows): judge the raw name.
        problem = member_name_problem(info.orig_filename) or _type_problem(info)
        # Case-folded, because two names differing only in case collide when extracted on Windows or macOS.
        if problem is None and name.casefold() in seen:
            problem = "duplicate member name"
        if problem is None:
            total += info.file_size
            problem = _size_problem(info, total)
        if problem is not None:
            raise ImportFormatError(label, None, repr(info.orig_filename), problem)
        seen.add(name.casefold())
        if not info.is_dir():
            members[name] = info
    return members


def member_name_problem(name: str) -> str | None:
    """Why `name` (a zip member, or an href resolved in a package) is unsafe as a relative path, or None."""
    if "\x00" in name:
        return "member name contains a NUL byte"
    if "\\" in name:
        return "member name contains a backslash"
    if name.startswith("/"):
        return "member name is an absolute path"
    if _DRIVE.match(name):
        return "member name starts with a drive letter"
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        return "member name contains '..'"
    if any(part in ("", ".") for part in parts):
        return "member name has an empty or '.' component"
    return None


def _type_problem(info: zipfile.ZipInfo) -> str | None:
    """Why the member is not a plain file or directory (symlinks, devices, encryption), or None."""
    if info.flag_bits & 0x1:
        return "member is encrypted"
    mode = info.external_attr >> 16
    # Only archives made on Unix carry a file type, and many tools leave it out (permission bits only).
    if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "member is a symbolic link" if stat.S_ISLNK(mode) else "member is not a regular file"
    return None


def _size_problem(info: zipfile.ZipInfo, total: int) -> str | None:
    """Why the declared sizes look like a zip bomb, or None."""
    if total > MAX_TOTAL_BYTES:
        return f"archive declares more than {MAX_TOTAL_BYTES} bytes uncompressed"
    if info.file_size >= RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return f"compression ratio above {MAX_RATIO}"
    return None
