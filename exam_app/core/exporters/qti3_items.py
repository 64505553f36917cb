"""One question -> one QTI 3.0 `qti-assessment-item`, scored the way the exam app scores it.

    single_choice    choice, max-choices 1, all-or-nothing
    true_false       choice between "True" and "False" (identifiers true/false)
    multiple_choice  choice, max-choices 0; partial credit as a mapping (+points/n per correct option,
                     -points/n per wrong one, bounded at 0, or at -points with negative marking),
                     else all-or-nothing
    short_answer     text entry; every accepted answer mapped to full points, with its case sensitivity
    numeric          text entry of a float, `qti-equal` with an absolute tolerance; unit after the field
    essay            extended text, human scored; the reference answer in a scorer rubric, the key
                     points in another one of class `key-points` ("text (2 points)" per list item)

Every item declares MAXSCORE (default = the question's points) and SCORE, with explicit response processing
instead of template URLs, so consumers that cannot fetch templates still score it. Not exported, with a
warning: code questions, short-answer patterns, word limits and option feedback (none has a QTI 3 element
that means the same).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from exam_app.core.model import (
    ChoiceBody,
    EssayBody,
    NumericBody,
    Question,
    ShortAnswerBody,
    TrueFalseBody,
)

QTI_NAMESPACE = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
QTI_SCHEMA = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
SCHEMA_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
_RESPONSE = "RESPONSE"
_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


class NotExportable(Exception):
    """The question has no QTI 3.0 equivalent; the message says why."""


def qti_identifier(name: str) -> str:
    """`name` as a QTI identifier (an XML NCName): ids starting with a digit get a `q-` prefix."""
    return name if _NCNAME.fullmatch(name) else f"q-{name}"


def item_element(question: Question, *, shuffle: bool, warnings: list[str]) -> ET.Element:
    """The qti-assessment-item for `question`; append lossy steps to `warnings`; raise NotExportable."""
    body = question.body
    item = ET.Element(
        "qti-assessment-item",
        {
            "xmlns": QTI_NAMESPACE,
            SCHEMA_LOCATION: f"{QTI_NAMESPACE} {QTI_SCHEMA}",
            "identifier": qti_identifier(question.id),
            "title": question.topic or question.id,
            "adaptive": "false",
            "time-dependent": "false",
        },
    )
    declaration = ET.SubElement(item, "qti-response-declaration", identifier=_RESPONSE, cardinality="single")
    score = _outcome(item, "SCORE", 0)
    _outcome(item, "MAXSCORE", question.points)
    item_body = ET.SubElement(item, "qti-item-body")
    write_paragraphs(item_body, question.prompt)
    if isinstance(body, ChoiceBody | TrueFalseBody):
        _choice(question, declaration, item_body, shuffle=shuffle, warnings=warnings)
    elif isinstance(body, ShortAnswerBody):
        _short_answer(question, body, declaration, item_body, warnings)
    elif isinstance(body, NumericBody):
        _numeric(body, declaration, item_body)
    elif isinstance(body, EssayBody):
        _essay(question, body, declaration, item_body, warnings)
        score.set("external-scored", "human")
        return item
    else:
        raise NotExportable(f"question {question.id}: {question.type} questions have no QTI equivalent")
    _processing(item, declaration, body.tolerance if isinstance(body, NumericBody) else 0.0)
    return item


def write_paragraphs(parent: ET.Element, text: str) -> None:
    """Markdown text as XHTML: a `p` per paragraph, a `br` per line break; Markdown marks stay literal."""
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        _lines(ET.SubElement(parent, "p"), paragraph)


def _lines(parent: ET.Element, text: str) -> None:
    """Put `text` into `parent`, its line breaks as `br` elements."""
    first, *rest = text.split("\n")
    parent.text = first
    for line in rest:
        ET.SubElement(parent, "br").tail = line


def _outcome(item: ET.Element, identifier: str, default: float) -> ET.Element:
    outcome = ET.SubElement(
        item,
        "qti-outcome-declaration",
        identifier=identifier,
        cardinality="single",
        attrib={"base-type": "float"},
    )
    ET.SubElement(ET.SubElement(outcome, "qti-default-value"), "qti-value").text = _number(default)
    return outcome


def _correct(declaration: ET.Element, values: list[str]) -> None:
    correct = ET.SubElement(declaration, "qti-correct-response")
    for value in values:
        ET.SubElement(correct, "qti-value").text = value


def _choice(
    question: Question, declaration: ET.Element, item_body: ET.Element, *, shuffle: bool, warnings: list[str]
) -> None:
    body = question.body
    if isinstance(body, TrueFalseBody):
        choices = [("true", "True", body.answer), ("false", "False", not body.answer)]
    else:
        assert isinstance(body, ChoiceBody)
        choices = [(f"C{n}", option.text, option.correct) for n, option in enumerate(body.options, 1)]
        if any(option.feedback for option in body.options):
            warnings.append(f"question {question.id}: option feedback is not exported")
    multiple = question.type == "multiple_choice"
    declaration.set("cardinality", "multiple" if multiple else "single")
    declaration.set("base-type", "identifier")
    _correct(declaration, [identifier for identifier, _, correct in choices if correct])
    if multiple and isinstance(body, ChoiceBody) and body.partial_credit:
        right = sum(1 for option in body.options if option.correct)
        mapping = ET.SubElement(
            declaration,
            "qti-mapping",
            {
                "default-value": "0",
                "lower-bound": _number(-question.points if body.negative_marking else 0),
                "upper-bound": _number(question.points),
            },
        )
        for identifier, _, correct in choices:
            share = question.points / right
            value = share if correct else -share
            ET.SubElement(mapping, "qti-map-entry", {"map-key": identifier, "mapped-value": _number(value)})
    interaction = ET.SubElement(
        item_body,
        "qti-choice-interaction",
        {
            "response-identifier": _RESPONSE,
            "shuffle": str(shuffle).lower(),
            "max-choices": "0" if multiple else "1",
        },
    )
    for identifier, text, _ in choices:
        choice = ET.SubElement(interaction, "qti-simple-choice", identifier=identifier)
        _lines(choice, text.strip())


def _short_answer(
    question: Question,
    body: ShortAnswerBody,
    declaration: ET.Element,
    item_body: ET.Element,
    warnings: list[str],
) -> None:
    if not body.accepted:
        raise NotExportable(
            f"question {question.id}: a short answer checked only by a pattern has no QTI form"
        )
    if body.pattern:
        warnings.append(f"question {question.id}: the answer pattern is not exported, only accepted answers")
    declaration.set("base-type", "string")
    _correct(declaration, [body.accepted[0]])
    mapping = ET.SubElement(declaration, "qti-mapping", {"default-value": "0"})
    for answer in body.accepted:
        ET.SubElement(
            mapping,
            "qti-map-entry",
            {
                "map-key": answer,
                "mapped-value": _number(question.points),
                "case-sensitive": str(body.case_sensitive).lower(),
            },
        )
    ET.SubElement(
        ET.SubElement(item_body, "p"), "qti-text-entry-interaction", {"response-identifier": _RESPONSE}
    )


def _numeric(body: NumericBody, declaration: ET.Element, item_body: ET.Element) -> None:
    declaration.set("base-type", "float")
    _correct(declaration, [_number(body.value)])
    paragraph = ET.SubElement(item_body, "p")
    entry = ET.SubElement(paragraph, "qti-text-entry-interaction", {"response-identifier": _RESPONSE})
    if body.unit:
        entry.tail = f" {body.unit}"


def _essay(
    question: Question, body: EssayBody, declaration: ET.Element, item_body: ET.Element, warnings: list[str]
) -> None:
    declaration.set("base-type", "string")
    ET.SubElement(item_body, "qti-extended-text-interaction", {"response-identifier": _RESPONSE})
    if body.min_words is not None or body.max_words is not None:
        warnings.append(f"question {question.id}: word limits are not exported")
    if body.reference_answer:
        write_paragraphs(_scorer_rubric(item_body), body.reference_answer)
    if body.key_points:
        points_list = ET.SubElement(_scorer_rubric(item_body, "key-points"), "ul")
        for point in body.key_points:
            unit = "point" if point.points == 1 else "points"
            ET.SubElement(points_list, "li").text = f"{point.text} ({_number(point.points)} {unit})"


def _scorer_rubric(item_body: ET.Element, css_class: str | None = None) -> ET.Element:
    """A rubric block only scorers see; returns its content body."""
    attributes = {"view": "scorer", "use": "scoring"} | ({"class": css_class} if css_class else {})
    return ET.SubElement(ET.SubElement(item_body, "qti-rubric-block", attributes), "qti-content-body")


def _processing(item: ET.Element, declaration: ET.Element, tolerance: float) -> None:
    """SCORE = mapped score when there is a mapping, else MAXSCORE when the response is correct, else 0."""
    processing = ET.SubElement(item, "qti-response-processing")
    condition = ET.SubElement(processing, "qti-response-condition")
    branch = ET.SubElement(condition, "qti-response-if")
    if declaration.find("qti-mapping") is not None:
        ET.SubElement(ET.SubElement(branch, "qti-is-null"), "qti-variable", identifier=_RESPONSE)
        _set_score(branch, "qti-base-value", {"base-type": "float"}, "0")
        _set_score(
            ET.SubElement(condition, "qti-response-else"), "qti-map-response", {"identifier": _RESPONSE}
        )
        return
    test = _comparison(declaration, branch, tolerance)
    ET.SubElement(test, "qti-variable", identifier=_RESPONSE)
    ET.SubElement(test, "qti-correct", identifier=_RESPONSE)
    _set_score(branch, "qti-variable", {"identifier": "MAXSCORE"})
    _set_score(ET.SubElement(condition, "qti-response-else"), "qti-base-value", {"base-type": "float"}, "0")


def _comparison(declaration: ET.Element, branch: ET.Element, tolerance: float) -> ET.Element:
    """`qti-match` for identifiers; floats may not be matched in QTI, so `qti-equal` with the tolerance."""
    if declaration.get("base-type") != "float":
        return ET.SubElement(branch, "qti-match")
    if not tolerance:
        return ET.SubElement(branch, "qti-equal", {"tolerance-mode": "exact"})
    bounds = f"{_number(tolerance)} {_number(tolerance)}"
    return ET.SubElement(branch, "qti-equal", {"tolerance-mode": "absolute", "tolerance": bounds})


def _set_score(parent: ET.Element, tag: str, attributes: dict[str, str], text: str | None = None) -> None:
    setter = ET.SubElement(parent, "qti-set-outcome-value", identifier="SCORE")
    ET.SubElement(setter, tag, attributes).text = text


def _number(value: float) -> str:
    """A number as QTI writes it: `2` rather than `2.0`, full precision otherwise."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))
