"""Safe parsing of QTI XML, one vocabulary for QTI 2.1, 2.2 and 3.0, and XML paths for messages.

QTI 3.0 renamed every element to kebab case with a `qti-` prefix (`qti-choice-interaction`,
`response-identifier="..."`), and real 3.0 files mix both spellings. Rather than teach every reader both,
each parsed tree is rewritten once into the QTI 2 spelling (`choiceInteraction`, `responseIdentifier`) with
namespaces dropped. Messages must still point at what the author wrote, so each element's XML path is
recorded in the original spelling before the rewrite.

Only defusedxml parses: a document type declaration is refused outright (QTI never needs one, and DTDs are
how entity-expansion bombs and external-entity reads get in).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass

import defusedxml.ElementTree as defused_et
from defusedxml import DTDForbidden, EntitiesForbidden

from exam_app.core.importers.errors import ImportFormatError

# Deeper trees are not QTI anyone wrote by hand or tool; refusing them keeps recursive readers safe.
MAX_DEPTH = 200
_KEEP_ATTRIBUTE_PREFIXES = ("data-", "aria-")


class UnsafeXmlError(ImportFormatError):
    """The XML tries something dangerous (DTD, entities, external references); always stops the import."""


@dataclass(frozen=True)
class XmlDoc:
    """A parsed QTI file: its label for messages, the rewritten tree, and each element's original path."""

    label: str
    root: ET.Element
    paths: dict[int, str]

    def where(self, element: ET.Element) -> str:
        """The XML path of `element` as written in the file, e.g. `/assessmentItem/itemBody[1]`."""
        return self.paths.get(id(element), "")

    def error(self, element: ET.Element, message: str) -> ImportFormatError:
        """An ImportFormatError pointing at `element`."""
        return ImportFormatError(self.label, None, self.where(element), message)


def parse_qti(data: bytes, label: str) -> XmlDoc:
    """Parse QTI (or IMS manifest) XML from `data`; `label` names the file in every message."""
    try:
        root = defused_et.fromstring(data, forbid_dtd=True)
    except DTDForbidden as exc:
        raise UnsafeXmlError(label, None, "", _dtd_problem(data, exc.sysid)) from None
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise ImportFormatError(label, line, "", f"malformed XML: {exc}") from None
    assert isinstance(root, ET.Element)
    return XmlDoc(label, root, _normalise(root, label))


def _dtd_problem(data: bytes, dtd_url: str | None) -> str:
    """Name what the refused DTD would have done, so the author knows why the file is unsafe."""
    # Parsing again with the DTD allowed but entity declarations still forbidden is safe: defusedxml stops
    # at the first declaration, before anything is expanded or fetched. It tells which danger this was.
    try:
        defused_et.fromstring(data, forbid_dtd=False)
    except EntitiesForbidden as exc:
        if exc.sysid:
            return f"external entity {exc.name!r} ({exc.sysid}) refused: it would read a file or URL"
        return f"XML entity declaration {exc.name!r} refused: entities allow expansion bombs"
    except ET.ParseError:
        pass
    if dtd_url:
        return f"external DTD ({dtd_url}) refused: QTI files need no document type declaration"
    return "XML document type declaration (DTD) refused: QTI files need none"


def canonical_name(name: str) -> str:
    """`qti-choice-interaction` -> `choiceInteraction`; QTI 2 names and other names stay as they are."""
    if not name.startswith("qti-"):
        return name
    return _camel(name[len("qti-") :])


def _camel(kebab: str) -> str:
    head, *rest = kebab.split("-")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def local_name(tag: str) -> str:
    """The tag without its `{namespace}`."""
    return tag.rsplit("}", 1)[-1]


def _normalise(root: ET.Element, label: str) -> dict[int, str]:
    """Rewrite the tree into the QTI 2 spelling in place; return id(element) -> original path."""
    root_name = local_name(root.tag)
    paths = {id(root): "/" + root_name}
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ImportFormatError(label, None, paths[id(element)], f"nested deeper than {MAX_DEPTH} levels")
        original = local_name(element.tag)
        element.tag = canonical_name(original)
        if original != element.tag:
            _rename_attributes(element)
        counts: Counter[str] = Counter()
        for child in element:
            if not isinstance(child.tag, str):  # comments and processing instructions
                continue
            name = local_name(child.tag)
            counts[name] += 1
            paths[id(child)] = f"{paths[id(element)]}/{name}[{counts[name]}]"
            stack.append((child, depth + 1))
    return paths


def _rename_attributes(element: ET.Element) -> None:
    """`response-identifier` -> `responseIdentifier` on a QTI 3 element (namespaced attributes kept)."""
    renamed = {}
    for name, value in element.attrib.items():
        keep = name.startswith("{") or name.startswith(_KEEP_ATTRIBUTE_PREFIXES)
        renamed[name if keep else _camel(name)] = value
    element.attrib.clear()
    element.attrib.update(renamed)


def children(element: ET.Element, name: str) -> list[ET.Element]:
    """Direct child elements called `name` (in the QTI 2 spelling)."""
    return [child for child in element if child.tag == name]


def child(element: ET.Element, name: str) -> ET.Element | None:
    """The first direct child element called `name`, or None."""
    found = children(element, name)
    return found[0] if found else None


def values(element: ET.Element | None) -> list[str]:
    """The texts of the `value` children of `element` (a correctResponse or defaultValue), stripped."""
    if element is None:
        return []
    return [(value.text or "").strip() for value in children(element, "value")]
