"""Small QTI documents for import tests: items, assessmentTests and IMS manifests, as XML text."""

from __future__ import annotations

from pathlib import Path

QTI21 = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "qti"


def item(body: str, declarations: str = "", *, identifier: str = "q1", title: str = "T") -> str:
    """A QTI 2.1 assessmentItem with the given response declarations and item body."""
    return (
        f'<assessmentItem xmlns="{QTI21}" identifier="{identifier}" title="{title}">'
        f"{declarations}<itemBody>{body}</itemBody></assessmentItem>"
    )


def declaration(correct: list[str], base_type: str = "identifier", extra: str = "") -> str:
    """A single-cardinality RESPONSE declaration with these correct values (and e.g. a mapping in `extra`)."""
    values = "".join(f"<value>{value}</value>" for value in correct)
    return (
        f'<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="{base_type}">'
        f"<correctResponse>{values}</correctResponse>{extra}</responseDeclaration>"
    )


def choices(*texts: str, max_choices: int = 1) -> str:
    """A choiceInteraction on RESPONSE whose choices are c0, c1, ... with these texts."""
    options = "".join(
        f'<simpleChoice identifier="c{n}">{text}</simpleChoice>' for n, text in enumerate(texts)
    )
    start = f'<choiceInteraction responseIdentifier="RESPONSE" maxChoices="{max_choices}">'
    return f"{start}{options}</choiceInteraction>"


def good_item(identifier: str) -> str:
    """An item that imports cleanly: a single choice between a (correct) and b."""
    return item("<p>Pick</p>" + choices("a", "b"), declaration(["c0"]), identifier=identifier)


def assessment_test(refs: str, *, title: str = "My test", selection: str = "") -> str:
    """An assessmentTest with one section `s1` ("Part one") holding `refs`."""
    return (
        f'<assessmentTest xmlns="{QTI21}" identifier="t" title="{title}"><testPart identifier="p">'
        f'<assessmentSection identifier="s1" title="Part one">{selection}{refs}</assessmentSection>'
        "</testPart></assessmentTest>"
    )


def ref(href: str) -> str:
    """An assessmentItemRef to `href`."""
    return f'<assessmentItemRef identifier="r" href="{href}"/>'


def manifest(resources: str) -> str:
    """An IMS content package manifest with these resources."""
    return (
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m">'
        f"<organizations/><resources>{resources}</resources></manifest>"
    )


def resource(kind: str, href: str) -> str:
    """A manifest resource of type `kind` at `href`."""
    return f'<resource identifier="r-{href}" type="{kind}" href="{href}"><file href="{href}"/></resource>'


def write(path: Path, text: str) -> Path:
    """Write UTF-8 `text` to `path`, creating folders; return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
