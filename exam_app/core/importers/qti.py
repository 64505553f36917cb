"""Import IMS QTI 2.1, 2.2 and 3.0: one item, an assessmentTest with its item files, or a content package.

    item.xml        (assessmentItem)   -> one section holding that question
    test.xml        (assessmentTest)   -> a section per assessmentSection with item refs; hrefs are
                                          resolved next to the test file and may not leave its folder
    package.zip     (imsmanifest.xml)  -> every test resource, then the item resources no test used
    imsmanifest.xml (manifest)         -> the same, reading the package from the manifest's folder

What each interaction becomes is documented in qti_items. A problem with one item skips that item with a
warning (strict: fails); an unsafe file (DTD, entities, hostile zip) always stops the whole import.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from exam_app.core.importers.common import MAX_INPUT_BYTES, Reporter, finish, new_source, unique_id
from exam_app.core.importers.errors import ImportFormatError
from exam_app.core.importers.qti_items import convert_item
from exam_app.core.importers.qti_xml import UnsafeXmlError, XmlDoc, child, parse_qti
from exam_app.core.importers.result import ImportResult
from exam_app.core.importers.safe_zip import SafeZip, member_name_problem

_ZIP_MAGIC = b"PK\x03\x04"
MANIFEST = "imsmanifest.xml"


class _Files(Protocol):
    """Where the files of one import come from: a folder or a zip archive, by relative POSIX name."""

    def label(self, name: str) -> str:
        """How messages name the file."""
        ...

    def read(self, name: str) -> bytes:
        """The file's bytes; FileNotFoundError when there is no such file."""
        ...


class _FolderFiles:
    """The file the user named and the files it refers to, which must lie in its folder."""

    def __init__(self, named: Path) -> None:
        self.folder = named.parent
        self.named = named.name

    def label(self, name: str) -> str:
        return str(self.folder / name)

    def read(self, name: str) -> bytes:
        path = self.folder / name
        # Hrefs are already kept inside the folder by name; this stops a symbolic link leading out of it.
        if name != self.named and not path.resolve().is_relative_to(self.folder.resolve()):
            raise ImportFormatError(self.label(name), None, "", "links outside the folder; not read")
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise ImportFormatError(self.label(name), None, "", f"larger than {MAX_INPUT_BYTES} bytes")
        return path.read_bytes()


class _ArchiveFiles:
    """Members of a checked zip archive."""

    def __init__(self, archive: SafeZip, shown: str) -> None:
        self.archive = archive
        self.shown = shown

    def label(self, name: str) -> str:
        return f"{self.shown}/{name}"

    def read(self, name: str) -> bytes:
        try:
            return self.archive.read(name)
        except KeyError:
            raise FileNotFoundError(name) from None


def import_qti(path: Path, *, strict: bool = False) -> ImportResult:
    """Import a QTI item, assessmentTest, content package zip or imsmanifest.xml into a pack source."""
    reporter = Reporter(path, strict=strict)
    with path.open("rb") as handle:
        is_zip = handle.read(len(_ZIP_MAGIC)) == _ZIP_MAGIC
    if is_zip:
        with SafeZip(path) as archive:
            builder = _Builder(_ArchiveFiles(archive, str(path)), reporter)
            builder.package(MANIFEST)
    else:
        builder = _Builder(_FolderFiles(path), reporter)
        builder.top_level(path.name)
    source = new_source(path, builder.title)
    if builder.time_limit_minutes:
        source["time_limit_minutes"] = builder.time_limit_minutes
    source["sections"] = builder.sections
    if reporter.warnings and not any(section["questions"] for section in builder.sections):
        raise ImportFormatError(
            str(path), None, "", f"no questions could be imported; first problem: {reporter.warnings[0]}"
        )
    return finish(source, reporter)


def resolve_href(base: str, href: str) -> str:
    """The package-relative name `href` (a relative URI in file `base`) points at; ValueError if unsafe."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        raise ValueError(f"href {href!r} points outside the package; it is not followed")
    name = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))
    problem = "empty href" if not parts.path else member_name_problem(name)
    if problem:
        raise ValueError(f"href {href!r}: {problem.replace('member name', 'resolved path')}")
    return name


class _Builder:
    """Collects sections and questions from the files of one import."""

    def __init__(self, files: _Files, reporter: Reporter) -> None:
        self.files = files
        self.reporter = reporter
        self.sections: list[dict[str, Any]] = []
        self.title: str | None = None
        self.time_limit_minutes: float | None = None
        self._question_ids: set[str] = set()
        self._section_ids: set[str] = set()
        self._imported: set[str] = set()

    def report(self, error: ImportFormatError) -> None:
        """A problem that skips part of the input: a warning, or the end of a strict import."""
        if self.reporter.strict:
            raise error
        self.reporter.warnings.append(str(error))

    def load(self, name: str) -> XmlDoc:
        """Parse file `name`; FileNotFoundError when absent."""
        return parse_qti(self.files.read(name), self.files.label(name))

    def top_level(self, name: str) -> None:
        """The file the user named: an item, a test or a manifest."""
        doc = self.load(name)
        if doc.root.tag == "manifest":
            self.package(name)
        elif doc.root.tag == "assessmentTest":
            self.test(doc, name)
        elif doc.root.tag == "assessmentItem":
            # One item is all there is: its problem is the import's error, not a warning.
            self.title = doc.root.get("title")
            question = convert_item(doc, lambda wanted: unique_id(wanted, self._question_ids), self.report)
            self.section("questions", "Questions")["questions"].append(question)
        else:
            message = f"expected assessmentItem, assessmentTest or manifest, found {doc.root.tag}"
            raise doc.error(doc.root, message)

    def package(self, manifest_name: str) -> None:
        """A content package: its test resources in order, then items no test referred to."""
        try:
            manifest = self.load(manifest_name)
        except FileNotFoundError:
            label = self.files.label(manifest_name)
            raise ImportFormatError(label, None, "", "no such file: not an IMS content package") from None
        if manifest.root.tag != "manifest":
            raise manifest.error(manifest.root, f"expected an IMS manifest, found {manifest.root.tag}")
        tests, items = [], []
        for resource in manifest.root.iter("resource"):
            kind = resource.get("type", "")
            if kind.startswith("imsqti_test"):
                tests.append(resource)
            elif kind.startswith("imsqti_") and "item" in kind:
                items.append(resource)
        for resource in tests:
            name = self.target(manifest, resource, manifest_name)
            if name is not None and (doc := self.read_or_report(name, manifest, resource)) is not None:
                self.test(doc, name)
        if len(tests) != 1:
            self.title = None
        section = self.section("items", "Items")
        for resource in items:
            name = self.target(manifest, resource, manifest_name)
            if name is not None and name not in self._imported:
                self.referenced_item(section, name, manifest, resource)

    def test(self, doc: XmlDoc, name: str) -> None:
        """An assessmentTest: a section per assessmentSection that refers to items."""
        if doc.root.tag != "assessmentTest":
            raise doc.error(doc.root, f"expected an assessmentTest, found {doc.root.tag}")
        self.title = doc.root.get("title")
        self.time_limit_minutes = _minutes(doc.root)
        for part in doc.root.iter("assessmentSection"):
            refs = [ref for ref in part if ref.tag == "assessmentItemRef"]
            if not refs:
                continue
            identifier = part.get("identifier") or "section"
            section = self.section(identifier, part.get("title") or identifier, _minutes(part))
            for ref in refs:
                target = self.target(doc, ref, name)
                if target is not None:
                    self.referenced_item(section, target, doc, ref)
            self.draw(doc, part, section)

    def draw(self, doc: XmlDoc, part: ET.Element, section: dict[str, Any]) -> None:
        """A QTI `selection select="N"` is our `draw: N`, as long as the imported pool is big enough."""
        selection = child(part, "selection")
        count = _float(selection.get("select")) if selection is not None else None
        if selection is None or count is None:
            return
        if count.is_integer() and 0 < count <= len(section["questions"]):
            section["draw"] = int(count)
            section["questions"] = section.pop("questions")  # questions last, as authors write them
        else:
            self.report(
                doc.error(selection, f"selection of {count:g} not imported: the section has too few items")
            )

    def target(self, doc: XmlDoc, element: ET.Element, base: str) -> str | None:
        """The file an href attribute names, or None (reported) when it is missing or unsafe."""
        try:
            return resolve_href(base, element.get("href", ""))
        except ValueError as exc:
            self.report(doc.error(element, str(exc)))
            return None

    def read_or_report(self, name: str, referrer: XmlDoc, element: ET.Element) -> XmlDoc | None:
        """Parse a referenced file; a missing or malformed one is reported, an unsafe one stops the import."""
        try:
            return self.load(name)
        except FileNotFoundError:
            self.report(referrer.error(element, f"referenced file {name} not found"))
        except UnsafeXmlError:
            raise
        except ImportFormatError as error:
            self.report(error)
        return None

    def referenced_item(
        self, section: dict[str, Any], name: str, referrer: XmlDoc, element: ET.Element
    ) -> None:
        """Import the item file `name` into `section`, once."""
        if name in self._imported:
            self.report(referrer.error(element, f"item {name} is referred to again; imported once"))
            return
        self._imported.add(name)
        doc = self.read_or_report(name, referrer, element)
        if doc is not None:
            self.item(section, doc)

    def item(self, section: dict[str, Any], doc: XmlDoc) -> None:
        """Convert one parsed item into a question of `section`, or report why not."""
        try:
            question = convert_item(doc, lambda wanted: unique_id(wanted, self._question_ids), self.report)
        except ImportFormatError as error:
            self.report(error)
            return
        section["questions"].append(question)

    def section(self, identifier: str, title: str, minutes: float | None = None) -> dict[str, Any]:
        """A new, empty section (empty ones are dropped when the import finishes)."""
        section: dict[str, Any] = {"id": unique_id(identifier, self._section_ids), "title": title}
        if minutes is not None:
            section["time_limit_minutes"] = minutes
        section["questions"] = []
        self.sections.append(section)
        return section


def _minutes(element: ET.Element) -> float | None:
    """The `timeLimits maxTime` (seconds) of a test or section in minutes; None when absent or < 1 s."""
    limits = child(element, "timeLimits")
    seconds = _float(limits.get("maxTime")) if limits is not None else None
    if seconds is None or seconds < 1:
        return None
    minutes = round(seconds / 60, 2)
    return int(minutes) if minutes.is_integer() else minutes


def _float(text: str | None) -> float | None:
    """A number from an attribute, or None when absent or not a number."""
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None
