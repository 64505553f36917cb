"""Interop: QTI files published by others import as their own XML says they should.

What each file should give is read here with a plain ElementTree walk that shares nothing with the importer:
interactions, correct responses and choice texts. The corpus lives next to the repository
(`../shared/interop/qti`); these tests skip when it is absent.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from exam_app.core.importers.errors import ImportFormatError
from exam_app.core.importers.qti import import_qti

INTEROP = Path(__file__).resolve().parents[2] / ".." / "shared" / "interop" / "qti"
ITEM_FILES = sorted(INTEROP.glob("items-*/*.xml")) if INTEROP.is_dir() else []
TEST_FILES = ["interaction_mix_sachsen.xml", "interaction_mix_sachsen_2_2.xml"]
SUPPORTED = {
    "choiceinteraction",
    "inlinechoiceinteraction",
    "textentryinteraction",
    "extendedtextinteraction",
}

pytestmark = pytest.mark.skipif(not INTEROP.is_dir(), reason=f"QTI interop corpus not found at {INTEROP}")


def _name(tag: str) -> str:
    """One key for both spellings: `qti-choice-interaction` and `choiceInteraction` -> choiceinteraction."""
    return tag.rsplit("}", 1)[-1].lower().removeprefix("qti-").replace("-", "")


def _attr(element: ET.Element, camel: str) -> str | None:
    kebab = "".join(f"-{c.lower()}" if c.isupper() else c for c in camel)
    return element.get(camel, element.get(kebab))


@dataclass
class Expected:
    """What one item file should import as, by an independent reading."""

    identifier: str
    interactions: list[str]
    correct: list[str]
    choice_texts: dict[str, str]
    base_type: str | None
    max_choices: str

    @property
    def problem(self) -> str | None:
        unsupported = [name for name in self.interactions if name not in SUPPORTED]
        if unsupported:
            return unsupported[0]
        if len(self.interactions) != 1:
            return "interactions in one item"
        texts = list(self.choice_texts.values())
        if texts and (not all(texts) or len(set(texts)) != len(texts)):
            return "choice texts are empty or repeated"
        return None


def _expected(path: Path) -> Expected:
    root = ET.parse(path).getroot()
    interactions = [element for element in root.iter() if _name(element.tag).endswith("interaction")]
    correct: list[str] = []
    choices: dict[str, str] = {}
    base_type = None
    max_choices = "1"
    if interactions:
        first = interactions[0]
        max_choices = _attr(first, "maxChoices") or "1"
        response = _attr(first, "responseIdentifier")
        for declaration in root.iter():
            if _name(declaration.tag) == "responsedeclaration" and declaration.get("identifier") == response:
                base_type = _attr(declaration, "baseType")
                correct = [
                    (value.text or "").strip()
                    for block in declaration
                    if _name(block.tag) == "correctresponse"
                    for value in block
                ]
        for choice in first:
            if _name(choice.tag) in ("simplechoice", "inlinechoice"):
                choices[choice.get("identifier", "")] = " ".join("".join(choice.itertext()).split())
    names = [_name(interaction.tag) for interaction in interactions]
    return Expected(root.get("identifier", ""), names, correct, choices, base_type, max_choices)


def _check_question(question: dict[str, Any], expected: Expected) -> None:
    kind = expected.interactions[0]
    if kind in ("choiceinteraction", "inlinechoiceinteraction"):
        correct_texts = {option["text"] for option in question["options"] if option.get("correct")}
        assert correct_texts == {expected.choice_texts[value] for value in expected.correct}
        assert [option["text"] for option in question["options"]] == list(expected.choice_texts.values())
        assert question["type"] == ("single_choice" if expected.max_choices == "1" else "multiple_choice")
    elif kind == "textentryinteraction" and expected.base_type in ("float", "integer"):
        assert question["type"] == "numeric"
        assert question["value"] == pytest.approx(float(expected.correct[0]))
    elif kind == "textentryinteraction":
        assert question["type"] == "short_answer"
        assert set(expected.correct) <= set(question["accepted"])
    else:
        assert question["type"] == "essay"


@pytest.mark.parametrize("path", ITEM_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_item_file(path: Path) -> None:
    expected = _expected(path)
    if expected.problem is not None:
        with pytest.raises(ImportFormatError) as caught:
            import_qti(path)
        assert str(caught.value).startswith(f"{path}: ")
        assert expected.problem in str(caught.value).lower()
        return
    result = import_qti(path)
    (section,) = result.source["sections"]
    (question,) = section["questions"]
    assert question["id"] == expected.identifier
    _check_question(question, expected)


def test_item_corpus_covers_both_outcomes() -> None:
    problems = [_expected(path).problem for path in ITEM_FILES]
    assert any(problem is None for problem in problems)
    assert {"orderinteraction", "matchinteraction", "associateinteraction"} <= set(problems)


@pytest.mark.parametrize("test_name", TEST_FILES)
def test_assessment_test(test_name: str) -> None:
    test_path = INTEROP / "test-interaction-mix" / test_name
    refs = [
        element.get("href", "")
        for element in ET.parse(test_path).getroot().iter()
        if _name(element.tag) == "assessmentitemref"
    ]
    expectations = {href: _expected(test_path.parent / href) for href in refs}
    importable = [href for href, expected in expectations.items() if expected.problem is None]

    result = import_qti(test_path)
    questions = [question for section in result.source["sections"] for question in section["questions"]]
    assert len(questions) == len(importable)
    assert len(result.warnings) == len(refs) - len(importable)
    for question, href in zip(questions, importable, strict=True):
        assert question["id"] == expectations[href].identifier
        _check_question(question, expectations[href])
    for href, expected in expectations.items():
        if expected.problem is not None:
            (warning,) = [w for w in result.warnings if w.startswith(f"{test_path.parent / href}: ")]
            assert expected.problem in warning.lower()


def test_assessment_test_reports_the_unsupported_interactions() -> None:
    result = import_qti(INTEROP / "test-interaction-mix" / "interaction_mix_sachsen.xml")
    reported = sorted(
        warning.split("unsupported interaction ")[1].split(":")[0]
        for warning in result.warnings
        if "unsupported interaction" in warning
    )
    assert reported == [
        "hotspotInteraction",
        "hottextInteraction",
        "matchInteraction",
        "matchInteraction",
        "orderInteraction",
    ]
