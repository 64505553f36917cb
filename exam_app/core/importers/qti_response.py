"""A QTI responseDeclaration read once: correct values, score mapping, and the points the item is worth."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from exam_app.core.importers.qti_xml import XmlDoc, child, children, values


@dataclass(frozen=True)
class Response:
    """A responseDeclaration: correct values and the score mapping (map key -> points)."""

    element: ET.Element
    identifier: str
    cardinality: str
    base_type: str
    correct: list[str]
    mapping: dict[str, float]
    case_sensitive: bool
    lower_bound: float | None
    upper_bound: float | None


def read_response(doc: XmlDoc, interaction: ET.Element) -> Response:
    """The responseDeclaration that `interaction` answers; raise when there is none."""
    identifier = interaction.get("responseIdentifier", "")
    for declaration in children(doc.root, "responseDeclaration"):
        if declaration.get("identifier") == identifier:
            break
    else:
        raise doc.error(interaction, f"no responseDeclaration for response {identifier!r}")
    mapping_element = child(declaration, "mapping")
    entries = [] if mapping_element is None else children(mapping_element, "mapEntry")
    mapping = {entry.get("mapKey", ""): attribute_number(doc, entry, "mappedValue") for entry in entries}
    bounds = [
        None
        if mapping_element is None or mapping_element.get(name) is None
        else attribute_number(doc, mapping_element, name)
        for name in ("lowerBound", "upperBound")
    ]
    return Response(
        element=declaration,
        identifier=identifier,
        cardinality=declaration.get("cardinality", "single"),
        base_type=declaration.get("baseType", "string"),
        correct=values(child(declaration, "correctResponse")),
        mapping=mapping,
        # QTI compares exactly unless every map entry says otherwise.
        case_sensitive=not entries or any(entry.get("caseSensitive", "true") != "false" for entry in entries),
        lower_bound=bounds[0],
        upper_bound=bounds[1],
    )


def attribute_number(doc: XmlDoc, element: ET.Element, attribute: str) -> float:
    """A finite number from an attribute; raise naming the element otherwise."""
    text = element.get(attribute, "")
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise doc.error(element, f"{attribute}={text!r} is not a number")
    return number


def item_points(root: ET.Element, response: Response) -> float:
    """Best achievable score: from the mapping, else the MAXSCORE outcome's default, else 1."""
    positive = [points for points in response.mapping.values() if points > 0]
    best = sum(positive) if response.cardinality != "single" else max(positive, default=0.0)
    if response.upper_bound is not None:
        best = min(best, response.upper_bound)
    if best > 0:
        return plain(best)
    for outcome in children(root, "outcomeDeclaration"):
        if outcome.get("identifier") == "MAXSCORE":
            defaults = values(child(outcome, "defaultValue"))
            try:
                maximum = float(defaults[0]) if defaults else 0.0
            except ValueError:
                maximum = 0.0
            if math.isfinite(maximum) and maximum > 0:
                return plain(maximum)
    return 1


def plain(number: float) -> float:
    """Round away binary noise (0.2068 not 0.20679999999999998); whole numbers as int for tidy YAML."""
    rounded = float(f"{number:.10g}")
    return int(rounded) if rounded.is_integer() else rounded
