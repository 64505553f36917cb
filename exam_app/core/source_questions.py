"""Parsing one question of a pack source into a `Question`, with every check the format requires."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import yaml

from exam_app.core.model import (
    LEVELS,
    QUESTION_TYPES,
    ChoiceBody,
    CodeBody,
    EssayBody,
    KeyPoint,
    Level,
    NumericBody,
    Option,
    Question,
    QuestionBody,
    QuestionType,
    ShortAnswerBody,
    TrueFalseBody,
)
from exam_app.core.source_reader import Context, Fields, peek_id

_COMMON = ("id", "type", "prompt", "points", "level", "topic", "tags")
_TYPE_FIELDS: dict[QuestionType, tuple[str, ...]] = {
    "single_choice": ("options",),
    "multiple_choice": ("options", "scoring"),
    "true_false": ("answer",),
    "short_answer": ("accepted", "case_sensitive", "normalize_whitespace", "pattern"),
    "numeric": ("value", "tolerance", "unit"),
    "essay": ("reference_answer", "key_points", "min_words", "max_words"),
    "code": ("language", "starter_code", "reference_solution", "key_points"),
}


def parse_question(node: yaml.Node, file: str, label: str, default_level: Level | None) -> Question:
    """Parse and check one question; `label` names it in errors when it has no usable id."""
    peeked = peek_id(node)
    fields = Fields(node, Context(file, label if peeked is None else f"question {peeked}"), "", None)
    qid = fields.need("id", Context(file, label).identifier)
    ctx = fields.ctx
    qtype = fields.need("type", ctx.choice("type", QUESTION_TYPES))
    fields.restrict(_COMMON + _TYPE_FIELDS[qtype])
    points = fields.get("points", ctx.positive, None)
    body = _BODY_PARSERS[qtype](fields, qtype)
    if isinstance(body, EssayBody | CodeBody) and body.key_points:
        total = sum(point.points for point in body.key_points)
        if points is not None and not math.isclose(points, total):
            message = f"{points:g} must equal the sum of the key points' points ({total:g})"
            raise ctx.error(fields.at("points"), "points", message)
        points = total
    return Question(
        id=qid,
        type=qtype,
        prompt=fields.need("prompt", ctx.text),
        body=body,
        points=1.0 if points is None else points,
        level=fields.get("level", ctx.choice("level", LEVELS), default_level),
        topic=fields.get("topic", ctx.text, None),
        tags=fields.get("tags", ctx.text_list, ()),
    )


def _choice_body(fields: Fields, qtype: QuestionType) -> QuestionBody:
    ctx = fields.ctx
    option_nodes = fields.need("options", ctx.items)
    if len(option_nodes) < 2:
        raise ctx.error(fields.at("options"), "options", "needs at least 2 options")
    options: list[Option] = []
    first_seen: dict[str, int] = {}
    for n, option_node in enumerate(option_nodes, 1):
        option_fields = Fields(option_node, ctx, f"options[{n}]", ("text", "correct", "feedback"))
        option = Option(
            text=option_fields.need("text", ctx.text),
            correct=option_fields.get("correct", ctx.boolean, False),
            feedback=option_fields.get("feedback", ctx.text, None),
        )
        duplicate_of = first_seen.setdefault(option.text.strip(), n)
        if duplicate_of != n:
            text_node = option_fields.at("text")
            raise ctx.error(text_node, f"options[{n}].text", f"same text as options[{duplicate_of}]")
        options.append(option)
    correct = sum(option.correct for option in options)
    if qtype == "single_choice" and correct != 1:
        message = f"single_choice needs exactly one correct option, found {correct}"
        raise ctx.error(fields.mapping, "", message)
    if qtype == "multiple_choice" and correct == 0:
        raise ctx.error(fields.mapping, "", "multiple_choice needs at least one correct option")
    scoring = fields.nested("scoring", ("partial_credit", "negative_marking"))
    return ChoiceBody(
        options=tuple(options),
        partial_credit=scoring.get("partial_credit", ctx.boolean, True),
        negative_marking=scoring.get("negative_marking", ctx.boolean, False),
    )


def _true_false_body(fields: Fields, qtype: QuestionType) -> QuestionBody:
    return TrueFalseBody(answer=fields.need("answer", fields.ctx.boolean))


def _short_answer_body(fields: Fields, qtype: QuestionType) -> QuestionBody:
    ctx = fields.ctx
    accepted = fields.get("accepted", ctx.text_list, ())
    pattern = fields.get("pattern", ctx.text, None)
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ctx.error(fields.at("pattern"), "pattern", f"invalid regex: {exc}") from None
    elif not accepted:
        raise ctx.error(fields.mapping, "", "short_answer needs at least one accepted answer or a pattern")
    return ShortAnswerBody(
        accepted=accepted,
        case_sensitive=fields.get("case_sensitive", ctx.boolean, False),
        normalize_whitespace=fields.get("normalize_whitespace", ctx.boolean, True),
        pattern=pattern,
    )


def _numeric_body(fields: Fields, qtype: QuestionType) -> QuestionBody:
    ctx = fields.ctx
    return NumericBody(
        value=fields.need("value", ctx.number),
        tolerance=fields.get("tolerance", ctx.non_negative, 0.0),
        unit=fields.get("unit", ctx.text, None),
    )


def _essay_body(fields: Fields, qtype: QuestionType) -> QuestionBody:
    ctx = fields.ctx
    min_words = fields.get("min_words", ctx.integer, None)
    max_words = fields.get("max_words", ctx.integer, None)
    if min_words is not None and max_words is not None and max_words < min_words:
        message = f"{max_words} is less than min_words ({min_words})"
        raise ctx.error(fields.at("max_words"), "max_words", message)
    return EssayBody(
        reference_answer=fields.get("reference_answer", ctx.text, None),
        key_points=_key_points(fields),
        min_words=min_words,
        max_words=max_words,
    )


def _code_body(fields: Fields, qtype: QuestionType) -> QuestionBody:
    ctx = fields.ctx
    return CodeBody(
        language=fields.need("language", ctx.text),
        starter_code=fields.get("starter_code", ctx.text, None),
        reference_solution=fields.get("reference_solution", ctx.text, None),
        key_points=_key_points(fields),
    )


def _key_points(fields: Fields) -> tuple[KeyPoint, ...]:
    ctx = fields.ctx
    points: list[KeyPoint] = []
    for n, node in enumerate(fields.get("key_points", ctx.items, []), 1):
        point = Fields(node, ctx, f"key_points[{n}]", ("text", "points", "proposed"))
        points.append(
            KeyPoint(
                text=point.need("text", ctx.text),
                points=point.need("points", ctx.positive),
                proposed=point.get("proposed", ctx.boolean, False),
            )
        )
    return tuple(points)


_BODY_PARSERS: dict[QuestionType, Callable[[Fields, QuestionType], QuestionBody]] = {
    "single_choice": _choice_body,
    "multiple_choice": _choice_body,
    "true_false": _true_false_body,
    "short_answer": _short_answer_body,
    "numeric": _numeric_body,
    "essay": _essay_body,
    "code": _code_body,
}
