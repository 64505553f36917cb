"""One QTI assessmentItem -> one question of a pack source, or the reason it cannot be one.

What maps, and why (the question model holds one answer per question and has no ordering or pairing type):

    choiceInteraction, maxChoices=1         single_choice (true_false when the two options are True/False)
    choiceInteraction, maxChoices 0 or >1   multiple_choice: a mapping means partial credit, negative
                                            marking when the mapping can go below zero; no mapping means
                                            all-or-nothing (match_correct)
    inlineChoiceInteraction                 single_choice; the prompt keeps a ____ where the choice sits
    textEntryInteraction                    short_answer (accepted = correct response plus full-credit map
                                            keys), numeric for baseType float/integer (tolerance from an
                                            `equal` in responseProcessing; relative becomes absolute)
    extendedTextInteraction                 essay; non-candidate rubric blocks become the reference answer
                                            (bullets: proposed key points), a rubric of class key-points
                                            lists the key points ("text (2 points)")

Order, match and associate interactions are skipped as unsupported, as are all other interactions, and so
is an item with more than one interaction: splitting it would drop rules that tie the answers together
(e.g. "three different cities"). Points come from the mapping (best achievable score), else from a MAXSCORE
outcome default, else 1. Lossy steps that keep the question (images, partial-credit answers) are reported.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from exam_app.core.importers.common import essay_question
from exam_app.core.importers.errors import ImportFormatError
from exam_app.core.importers.qti_response import Response, item_points, plain, read_response
from exam_app.core.importers.qti_text import collapse, render
from exam_app.core.importers.qti_xml import XmlDoc, child, children

Report = Callable[[ImportFormatError], None]
_MODEL_GAPS = {
    "orderInteraction": "ordering",
    "matchInteraction": "matching",
    "associateInteraction": "pairing",
}
_CHOICE_TAGS = {"choiceInteraction": "simpleChoice", "inlineChoiceInteraction": "inlineChoice"}
_SUPPORTED = frozenset({*_CHOICE_TAGS, "textEntryInteraction", "extendedTextInteraction"})
_POINTS_NOTE = re.compile(r"(?P<text>.+?)\s*\((?P<points>\d+(?:\.\d+)?) points?\)")


def convert_item(doc: XmlDoc, new_id: Callable[[str], str], report: Report) -> dict[str, Any]:
    """The question for the item in `doc`; raise ImportFormatError when it must be skipped.

    `new_id` turns the item identifier into a unique question id; it is called only for an imported item.
    """
    root = doc.root
    if root.tag != "assessmentItem":
        raise doc.error(root, f"expected an assessmentItem, found {root.tag}")
    body = child(root, "itemBody")
    if body is None:
        raise doc.error(root, "the item has no itemBody")
    interaction = _the_interaction(doc, body)
    response = read_response(doc, interaction)
    essay = interaction.tag == "extendedTextInteraction"
    # Rubrics for scorers, tutors or authors are grading material; only candidate rubrics are prompt text.
    rubrics = [rubric for rubric in body.iter("rubricBlock") if "candidate" not in rubric.get("view", "")]
    omit, unit = _answer_layout(body, interaction, response.base_type)
    rendered = render(body, omit | {id(rubric) for rubric in rubrics})
    prompt = rendered.text or collapse(root.get("title", ""))
    if not prompt:
        raise doc.error(body, "the item has no prompt text")
    fields: dict[str, Any] = {}
    if interaction.tag in _CHOICE_TAGS:
        fields = _choice_fields(doc, interaction, response)
    elif not essay:
        fields = _text_entry_fields(doc, response, unit, report)
    if rendered.media:
        report(doc.error(body, f"{rendered.media} image(s) or media not imported; shown as their alt text"))
    question_id = new_id(root.get("identifier") or doc.label)
    points = item_points(root, response)
    if essay:
        return _essay(question_id, prompt, points, rubrics, response)
    question_type = fields.pop("type")
    return {"id": question_id, "type": question_type, "prompt": prompt, "points": points, **fields}


def _essay(
    question_id: str, prompt: str, points: float, rubrics: list[ET.Element], response: Response
) -> dict[str, Any]:
    """An essay: scorer rubrics are the reference answer, a `key-points` rubric its (proposed) key points."""
    listed = [rubric for rubric in rubrics if "key-points" in rubric.get("class", "").split()]
    texts = [text for text in (render(rubric).text for rubric in rubrics if rubric not in listed) if text]
    question = essay_question(question_id, prompt, "\n\n".join(texts or response.correct) or None)
    items = [render(item).text for rubric in listed for item in rubric.iter("li")]
    if items:
        question["key_points"] = [_key_point(text) for text in items if text]
    if "key_points" not in question:  # with key points, the points are their sum
        question["points"] = points
    return question


def _key_point(text: str) -> dict[str, Any]:
    """A proposed key point from `text (2 points)`; without the note it is worth 1 point."""
    match = _POINTS_NOTE.fullmatch(text)
    if match is None or float(match["points"]) <= 0:
        return {"text": text, "points": 1, "proposed": True}
    return {"text": match["text"], "points": plain(float(match["points"])), "proposed": True}


def _the_interaction(doc: XmlDoc, body: ET.Element) -> ET.Element:
    """The item's single supported interaction; raise naming the first unsupported one, or the count."""
    found = [element for element in body.iter() if element.tag.endswith("Interaction")]
    for interaction in found:
        if interaction.tag in _MODEL_GAPS:
            gap = _MODEL_GAPS[interaction.tag]
            raise doc.error(interaction, f"unsupported interaction {interaction.tag}: no {gap} question type")
        if interaction.tag not in _SUPPORTED:
            raise doc.error(interaction, f"unsupported interaction {interaction.tag}")
    if not found:
        raise doc.error(body, "the item has no interaction")
    if len(found) > 1:
        names = ", ".join(element.tag for element in found)
        raise doc.error(body, f"{len(found)} interactions in one item ({names}); a question holds one answer")
    return found[0]


def _answer_layout(
    body: ET.Element, interaction: ET.Element, base_type: str
) -> tuple[frozenset[int], str | None]:
    """Elements to leave out of the prompt, and a numeric unit.

    An inline field alone in its paragraph adds nothing to the prompt, so that paragraph is dropped; text
    right after a numeric field alone in its paragraph ("____ km") is the field's unit.
    """
    if interaction.tag not in ("textEntryInteraction", "inlineChoiceInteraction"):
        return frozenset(), None
    parent = next(element for element in body.iter() if interaction in list(element))
    tail = collapse(interaction.tail or "")
    alone = parent is not body and not (parent.text or "").strip() and len(parent) == 1
    if not alone:
        return frozenset(), None
    if not tail:
        return frozenset({id(parent)}), None
    if base_type in ("float", "integer"):
        return frozenset({id(parent)}), tail
    return frozenset(), None


def _choice_fields(doc: XmlDoc, interaction: ET.Element, response: Response) -> dict[str, Any]:
    """single_choice, multiple_choice or true_false from a choice or inline choice interaction."""
    choices = children(interaction, _CHOICE_TAGS[interaction.tag])
    identifiers = [choice.get("identifier", "") for choice in choices]
    texts = [render(choice).text for choice in choices]
    if len(choices) < 2:
        raise doc.error(interaction, "fewer than 2 choices")
    if not all(texts) or len(set(texts)) != len(texts):
        raise doc.error(interaction, "choice texts are empty or repeated (images are not imported)")
    correct = set(response.correct or [key for key, points in response.mapping.items() if points > 0])
    if not correct:
        raise doc.error(response.element, "no correct response")
    unknown = sorted(correct - set(identifiers))
    if unknown:
        raise doc.error(response.element, f"correct response names unknown choice(s): {', '.join(unknown)}")
    options: list[dict[str, Any]] = [
        {"text": text, "correct": True} if identifier in correct else {"text": text}
        for identifier, text in zip(identifiers, texts, strict=True)
    ]
    max_choices = interaction.get("maxChoices", "1") if interaction.tag == "choiceInteraction" else "1"
    if max_choices == "1":
        if len(correct) != 1:
            raise doc.error(response.element, f"maxChoices is 1 but {len(correct)} choices are correct")
        if sorted(text.casefold() for text in texts) == ["false", "true"]:
            (answer,) = (option["text"] for option in options if option.get("correct"))
            return {"type": "true_false", "answer": answer.casefold() == "true"}
        return {"type": "single_choice", "options": options}
    fields: dict[str, Any] = {"type": "multiple_choice", "options": options}
    if not response.mapping:
        fields["scoring"] = {"partial_credit": False}
    elif min(response.mapping.values()) < 0 and (response.lower_bound is None or response.lower_bound < 0):
        # Wrong ticks cost points and nothing (or a negative bound) stops the score at zero.
        fields["scoring"] = {"negative_marking": True}
    return fields


def _text_entry_fields(doc: XmlDoc, response: Response, unit: str | None, report: Report) -> dict[str, Any]:
    """numeric for a number response, else short_answer."""
    if response.base_type in ("float", "integer"):
        return _numeric_fields(doc, response, unit, report)
    full = max(response.mapping.values(), default=0.0)
    accepted = list(
        dict.fromkeys(response.correct + [k for k, v in response.mapping.items() if v >= full > 0])
    )
    partial = [f"{key!r} ({value:g})" for key, value in response.mapping.items() if 0 < value < full]
    if partial:
        report(doc.error(response.element, f"partial-credit answers not imported: {', '.join(partial)}"))
    if not accepted:
        raise doc.error(response.element, "no correct response")
    fields: dict[str, Any] = {"type": "short_answer", "accepted": accepted}
    if response.case_sensitive:
        fields["case_sensitive"] = True
    return fields


def _numeric_fields(doc: XmlDoc, response: Response, unit: str | None, report: Report) -> dict[str, Any]:
    """A numeric question: the (first) correct value, the tolerance, and a unit if the layout shows one."""
    candidates = response.correct or [max(response.mapping, key=response.mapping.__getitem__, default="")]
    try:
        value = float(candidates[0])
    except ValueError:
        raise doc.error(response.element, f"correct response {candidates[0]!r} is not a number") from None
    if len(set(candidates)) > 1:
        report(doc.error(response.element, "several correct numbers; only the first is imported"))
    fields: dict[str, Any] = {"type": "numeric", "value": plain(value)}
    tolerance = _tolerance(doc, response, value, report)
    if tolerance:
        fields["tolerance"] = tolerance
    if unit:
        fields["unit"] = unit
    return fields


def _tolerance(doc: XmlDoc, response: Response, value: float, report: Report) -> float:
    """The absolute tolerance of the `equal` test on this response in responseProcessing (0 if none)."""
    processing = child(doc.root, "responseProcessing")
    for equal in [] if processing is None else processing.iter("equal"):
        operands = {operand.get("identifier") for operand in equal if operand.tag in ("variable", "correct")}
        mode = equal.get("toleranceMode", "exact")
        if response.identifier not in operands or mode == "exact":
            continue
        try:
            bounds = [abs(float(bound)) for bound in equal.get("tolerance", "0").split()] or [0.0]
        except ValueError:
            raise doc.error(equal, f"tolerance {equal.get('tolerance')!r} is not a number") from None
        if len(set(bounds)) > 1:
            report(
                doc.error(equal, f"unequal tolerances {equal.get('tolerance')}; the smaller one is imported")
            )
        # A relative tolerance around a fixed correct value is the same band as an absolute one.
        tolerance = min(bounds) * abs(value) / 100 if mode == "relative" else min(bounds)
        return plain(tolerance)
    return 0.0
