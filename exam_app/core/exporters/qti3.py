"""Export a pack as an IMS QTI 3.0 content package: a zip that other assessment systems can import.

    imsmanifest.xml          the package manifest: one test resource, one item resource per question
    assessment-test.xml      qti-assessment-test: a section per pack section (draw -> qti-selection,
                             shuffle_questions -> qti-ordering, time limits -> qti-time-limits)
    items/QUESTION-ID.xml    qti-assessment-item per question (see qti3_items for each type)

Policies, candidates and recipients are exam-app settings with no QTI meaning and are not exported. The zip
is deterministic (fixed timestamps, stable order), so exporting the same source twice gives the same bytes.
XML is only written here, with xml.etree; reading QTI goes through defusedxml in the importer.
"""

from __future__ import annotations

import io
import stat
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from exam_app.core.atomic_file import write_atomic
from exam_app.core.errors import ExamAppError
from exam_app.core.exporters.qti3_items import (
    QTI_NAMESPACE,
    QTI_SCHEMA,
    SCHEMA_LOCATION,
    NotExportable,
    item_element,
    qti_identifier,
)
from exam_app.core.model import Pack, Section

MANIFEST_NAMESPACE = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
MANIFEST_SCHEMA = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"
TEST_FILE = "assessment-test.xml"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass
class ExportResult:
    """What an export wrote: the number of items, and what could not be carried over."""

    items: int = 0
    warnings: list[str] = field(default_factory=list)


def export_qti3(pack: Pack, out: Path) -> ExportResult:
    """Write `pack` as a QTI 3.0 content package zip to `out` (replaced atomically)."""
    result = ExportResult()
    items: dict[str, bytes] = {}
    test = _root("qti-assessment-test", QTI_NAMESPACE, QTI_SCHEMA, qti_identifier(pack.id), title=pack.title)
    _sum_outcome(test)
    _time_limit(test, pack.time_limit_minutes)
    part = ET.SubElement(
        test,
        "qti-test-part",
        {"identifier": "part-1", "navigation-mode": "nonlinear", "submission-mode": "simultaneous"},
    )
    for section in pack.sections:
        section_element = _section(section, shuffle=pack.shuffle_questions)
        for question in section.questions:
            try:
                item = item_element(question, shuffle=pack.shuffle_options, warnings=result.warnings)
            except NotExportable as exc:
                result.warnings.append(str(exc))
                continue
            name = f"items/{question.id}.xml"
            items[name] = _xml_bytes(item)
            ref = {"identifier": qti_identifier(question.id), "href": name}
            ET.SubElement(section_element, "qti-assessment-item-ref", ref)
        _finish_section(part, section, section_element, result.warnings)
    if not items:
        raise ExamAppError(f"{pack.id}: no question can be exported to QTI 3.0")
    _test_score(test)
    files = {"imsmanifest.xml": _xml_bytes(_manifest(pack, items)), TEST_FILE: _xml_bytes(test), **items}
    _write_zip(out, files)
    result.items = len(items)
    return result


def _root(tag: str, namespace: str, schema: str, identifier: str, **attributes: str) -> ET.Element:
    """A document element with its default namespace and schema location."""
    return ET.Element(
        tag,
        {
            "xmlns": namespace,
            SCHEMA_LOCATION: f"{namespace} {schema}",
            "identifier": identifier,
            **attributes,
        },
    )


def _sum_outcome(test: ET.Element) -> None:
    attributes = {"identifier": "SCORE", "cardinality": "single", "base-type": "float"}
    ET.SubElement(test, "qti-outcome-declaration", attributes)


def _test_score(test: ET.Element) -> None:
    """The test's SCORE is the sum of its items' SCOREs."""
    processing = ET.SubElement(test, "qti-outcome-processing")
    setter = ET.SubElement(processing, "qti-set-outcome-value", identifier="SCORE")
    ET.SubElement(ET.SubElement(setter, "qti-sum"), "qti-test-variables", {"variable-identifier": "SCORE"})


def _time_limit(parent: ET.Element, minutes: float | None) -> None:
    if minutes:
        seconds = minutes * 60
        text = str(int(seconds)) if seconds.is_integer() else repr(seconds)
        ET.SubElement(parent, "qti-time-limits", {"max-time": text})


def _section(section: Section, *, shuffle: bool) -> ET.Element:
    element = ET.Element(
        "qti-assessment-section",
        {"identifier": qti_identifier(section.id), "title": section.title, "visible": "true"},
    )
    _time_limit(element, section.time_limit_minutes)
    if section.draw is not None:
        ET.SubElement(element, "qti-selection", select=str(section.draw))
    if shuffle:
        ET.SubElement(element, "qti-ordering", shuffle="true")
    return element


def _finish_section(part: ET.Element, section: Section, element: ET.Element, warnings: list[str]) -> None:
    """Add the section to the test part unless nothing in it was exported; keep a draw that still fits."""
    exported = len(element.findall("qti-assessment-item-ref"))
    if not exported:
        warnings.append(f"section {section.id}: no question could be exported; section left out")
        return
    selection = element.find("qti-selection")
    if selection is not None and section.draw is not None and section.draw > exported:
        element.remove(selection)
        warnings.append(f"section {section.id}: draw {section.draw} left out, only {exported} items exported")
    part.append(element)


def _manifest(pack: Pack, items: dict[str, bytes]) -> ET.Element:
    """The IMS content package manifest listing the test and, as its dependencies, every item."""
    manifest = _root("manifest", MANIFEST_NAMESPACE, MANIFEST_SCHEMA, f"MANIFEST-{pack.id}")
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "QTI Package"
    ET.SubElement(metadata, "schemaversion").text = "3.0.0"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    test = ET.SubElement(
        resources, "resource", identifier=f"TEST-{pack.id}", type="imsqti_test_xmlv3p0", href=TEST_FILE
    )
    ET.SubElement(test, "file", href=TEST_FILE)
    for name in items:
        identifier = "ITEM-" + name.removeprefix("items/").removesuffix(".xml")
        ET.SubElement(test, "dependency", identifierref=identifier)
        item = ET.SubElement(
            resources, "resource", identifier=identifier, type="imsqti_item_xmlv3p0", href=name
        )
        ET.SubElement(item, "file", href=name)
    return manifest


def _xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue() + b"\n"


def _write_zip(out: Path, files: dict[str, bytes]) -> None:
    """Write the zip next to `out` and move it into place, so a failed export leaves no half package."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, data)
    write_atomic(out, buffer.getvalue())
