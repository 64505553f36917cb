"""The question model: payload round trips, strict payload validation, and the pack's helpers."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

from exam_app.core.errors import PackFormatError
from exam_app.core.model import (
    QUESTION_TYPES,
    ChoiceBody,
    CodeBody,
    EssayBody,
    KeyPoint,
    NumericBody,
    Option,
    Pack,
    Question,
    Section,
    ShortAnswerBody,
    TrueFalseBody,
)
from exam_app.core.source import load_source

REPO = Path(__file__).resolve().parents[2]
FULL = REPO / "tests" / "fixtures" / "sources" / "full.yaml"
RECIPIENT = "age1drzuhyy4xmxtyjr6cp8t7k8v6defpl9qz0wha3uktkfldj2creusy8qd8n"


def built_full_pack() -> Pack:
    return load_source(FULL).pack.with_build_fields(proctor_secret=os.urandom(32), results_to=[RECIPIENT])


def test_payload_round_trip_is_exact_through_json() -> None:
    pack = built_full_pack()
    payload = pack.to_payload()
    restored = Pack.from_payload(json.loads(json.dumps(payload, allow_nan=False)))
    assert restored == pack
    assert restored.proctor_secret == pack.proctor_secret
    assert restored.to_payload() == payload


def test_payload_round_trip_of_the_demo_pack() -> None:
    pack = load_source(REPO / "question_packs" / "demo.yaml").pack
    assert Pack.from_payload(json.loads(json.dumps(pack.to_payload()))) == pack


def test_payload_stores_bytes_as_base64_text() -> None:
    pack = built_full_pack()
    payload = pack.to_payload()
    assert isinstance(payload["proctor_secret"], str)
    assert payload["proctor_secret"] != pack.proctor_secret.hex()


def test_with_build_fields_returns_a_copy() -> None:
    source = load_source(FULL).pack
    built = source.with_build_fields(proctor_secret=b"\x01" * 32, results_to=[RECIPIENT])
    assert source.proctor_secret == b"" and built.proctor_secret == b"\x01" * 32
    assert built.results_to == (RECIPIENT,)
    assert source.results_to != built.results_to
    kept = source.with_build_fields(proctor_secret=b"\x02")
    assert kept.results_to == source.results_to


def test_secret_is_not_in_repr() -> None:
    pack = load_source(FULL).pack.with_build_fields(proctor_secret=b"SECRET-BYTES")
    assert "SECRET" not in repr(pack)


def test_question_count_iteration_and_extra_time() -> None:
    pack = load_source(FULL).pack
    ids = [question.id for question in pack.questions()]
    assert pack.question_count == len(ids) == 11
    assert ids[:2] == ["o-single", "o-multiple"] and ids[-1] == "bank-3"
    assert pack.extra_time_factor("C-002") == 1.5
    assert pack.extra_time_factor("nobody") == 1.0


def test_is_objective_per_type() -> None:
    bodies = {
        "single_choice": ChoiceBody(options=(Option("a", True), Option("b"))),
        "multiple_choice": ChoiceBody(options=(Option("a", True), Option("b"))),
        "true_false": TrueFalseBody(answer=True),
        "short_answer": ShortAnswerBody(accepted=("x",)),
        "numeric": NumericBody(value=1.0),
        "essay": EssayBody(),
        "code": CodeBody(language="python"),
    }
    objective = {kind for kind in QUESTION_TYPES if Question("q", kind, "?", bodies[kind]).is_objective}
    assert objective == {"single_choice", "multiple_choice", "true_false", "short_answer", "numeric"}


def test_question_body_must_match_its_type() -> None:
    with pytest.raises(TypeError):
        Question("q", "essay", "?", TrueFalseBody(answer=True))


def _payload() -> dict[str, Any]:
    return built_full_pack().to_payload()


def _question_payload(payload: dict[str, Any], question_id: str) -> dict[str, Any]:
    for section in payload["sections"]:
        for question in section["questions"]:
            if question["id"] == question_id:
                return question  # type: ignore[no-any-return]
    raise AssertionError(question_id)


def _parent(payload: dict[str, Any], path: str) -> tuple[Any, str]:
    """The container holding the last part of a dotted `path`; `q:<id>` picks a question by id."""
    *parents, last = path.split(".")
    target: Any = payload
    for part in parents:
        target = _question_payload(payload, part[2:]) if part.startswith("q:") else target[part]
    return target, last


def _set(path: str, value: object) -> Any:
    def mutate(payload: dict[str, Any]) -> None:
        target, key = _parent(payload, path)
        target[key] = value

    return mutate


def _delete(path: str) -> Any:
    def mutate(payload: dict[str, Any]) -> None:
        target, key = _parent(payload, path)
        del target[key]

    return mutate


BAD_PAYLOADS = [
    ("unknown top-level key", _set("colour", "red"), "unknown key(s): colour"),
    ("unknown key in a body", _set("q:o-single.body.shuffle", True), "body: unknown key(s): shuffle"),
    ("missing key", _delete("q:o-numeric.body.tolerance"), "missing key(s): tolerance"),
    ("text points", _set("q:o-single.points", "two"), "points: expected float, got str"),
    ("boolean version", _set("version", True), "version: expected int, got bool"),
    ("float version", _set("version", 3.0), "version: expected int, got float"),
    ("unknown type", _set("q:o-single.type", "yes_no"), "expected one of"),
    ("body of another type", _set("q:o-true-false.type", "numeric"), "body: unknown key(s): answer"),
    ("unknown action", _set("policy.integrity.focus_loss", "explode"), "integrity.focus_loss"),
    ("list instead of object", _set("policy", []), "pack.policy: expected an object"),
    ("text instead of list", _set("candidates", "C-001"), "pack.candidates: expected a list"),
    ("invalid base64 secret", _set("proctor_secret", "***"), "proctor_secret: expected canonical base64"),
    ("non-canonical base64 secret", _set("proctor_secret", "AAF="), "proctor_secret: expected canonical"),
    ("wrong format marker", _set("format", "exam-app/pack-payload v0"), "expected format"),
    ("non-text accommodation", _set("policy.accommodations", {"C-1": "2"}), "accommodations.C-1"),
]


@pytest.mark.parametrize(
    ("mutate", "message"), [case[1:] for case in BAD_PAYLOADS], ids=[case[0] for case in BAD_PAYLOADS]
)
def test_from_payload_rejects_malformed_payloads(mutate: Any, message: str) -> None:
    payload = copy.deepcopy(_payload())
    mutate(payload)
    with pytest.raises(PackFormatError) as caught:
        Pack.from_payload(payload)
    assert message in str(caught.value)


def test_from_payload_rejects_a_non_object() -> None:
    with pytest.raises(PackFormatError):
        Pack.from_payload([])  # type: ignore[arg-type]


def test_hand_built_pack_round_trips_with_defaults() -> None:
    essay = Question(
        "e-1", "essay", "Write.", EssayBody(key_points=(KeyPoint("point", 2.5, proposed=True),)), points=2.5
    )
    section = Section("s", "S", (essay,))
    pack = Pack(id="hand-built", version=1, title="Hand", time_limit_minutes=1, sections=(section,))
    restored = Pack.from_payload(json.loads(json.dumps(pack.to_payload())))
    assert restored == pack
    assert restored.candidates is None and restored.policy == pack.policy
