"""Synthetic pack sources of any size, written as YAML the way an author would write them.

The text is pseudo-random prose from a fixed vocabulary, seeded, so every run measures the same bytes.
Sizes follow the real question banks: prompts of 300-600 characters, four options of a sentence each,
essays with a reference answer of several paragraphs and three to five key points.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

# Share of each question type, roughly as in the shipped banks (objective questions dominate).
TYPE_MIX = (
    ("single_choice", 30),
    ("multiple_choice", 20),
    ("true_false", 10),
    ("short_answer", 10),
    ("numeric", 10),
    ("essay", 15),
    ("code", 5),
)
QUESTIONS_PER_SECTION = 50
_WORDS = (
    "model", "token", "prompt", "embedding", "vector", "context", "window", "attention", "layer", "training",
    "data", "retrieval", "answer", "generation", "evaluation", "bias", "hallucination", "temperature",
    "sampling", "fine-tuning", "dataset", "latency", "cost", "user", "system", "output", "input", "the", "a",
    "of", "to", "and", "in", "for", "with", "that", "which", "is", "are", "can", "should", "when", "how",
    "why", "explain", "describe", "compare", "consider", "given", "following", "candidate", "approach",
    "result", "example", "practical", "risk", "quality",
)  # fmt: skip
_LEVELS = ("beginner", "intermediate", "experienced")


class _BlockDumper(yaml.CSafeDumper):
    """Writes multi-line text as `|` block scalars, as authors do (libyaml: writing 10,000 questions with
    the pure-Python dumper would take longer than the benchmark itself)."""


def _represent_text(dumper: yaml.CSafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_BlockDumper.add_representer(str, _represent_text)


def _sentence(rng: random.Random, low: int, high: int) -> str:
    """Prose of `low` to `high` characters, ending with a full stop."""
    target = rng.randint(low, high)
    words: list[str] = []
    length = 0
    while length < target:
        words.append(rng.choice(_WORDS))
        length += len(words[-1]) + 1
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random, low: int, high: int) -> str:
    """Multi-line Markdown text of about `low` to `high` characters, wrapped at 100 columns."""
    text = _sentence(rng, low, high)
    lines, line = [], ""
    for word in text.split(" "):
        if len(line) + len(word) >= 100:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line]) + "\n"


def _key_points(rng: random.Random) -> list[dict[str, Any]]:
    return [{"text": _sentence(rng, 60, 140), "points": rng.randint(1, 2)} for _ in range(rng.randint(3, 5))]


def _body(kind: str, rng: random.Random) -> dict[str, Any]:
    """The type-specific fields of one question."""
    if kind in ("single_choice", "multiple_choice"):
        options: list[dict[str, Any]] = [{"text": f"{n}. {_sentence(rng, 30, 110)}"} for n in range(4)]
        for index in (0, 2) if kind == "multiple_choice" else (rng.randrange(4),):
            options[index]["correct"] = True
        options[1]["feedback"] = _sentence(rng, 40, 120)
        return {"options": options}
    if kind == "true_false":
        return {"answer": rng.random() < 0.5}
    if kind == "short_answer":
        return {"accepted": [_sentence(rng, 5, 30) for _ in range(2)]}
    if kind == "numeric":
        return {"value": round(rng.uniform(0, 100), 2), "tolerance": 0.5, "unit": "tokens"}
    if kind == "essay":
        return {
            "reference_answer": _paragraphs(rng, 800, 1500),
            "key_points": _key_points(rng),
            "min_words": 50,
            "max_words": 300,
        }
    return {
        "language": "python",
        "starter_code": "def solve(items):\n    ...\n",
        "reference_solution": "def solve(items):\n    return sorted(set(items))\n",
        "key_points": _key_points(rng),
    }


def _question(number: int, rng: random.Random) -> dict[str, Any]:
    kinds, weights = zip(*TYPE_MIX, strict=True)
    kind = rng.choices(kinds, weights)[0]
    question = {
        "id": f"q-{number:05d}",
        "type": kind,
        "level": rng.choice(_LEVELS),
        "topic": rng.choice(_WORDS),
        "tags": [rng.choice(_WORDS), rng.choice(_WORDS) + "-x"],
        "prompt": _paragraphs(rng, 300, 600),
    }
    return question | _body(kind, rng)


def source_document(question_count: int, seed: int = 1) -> dict[str, Any]:
    """A complete pack source with `question_count` questions in sections of 50."""
    rng = random.Random(seed * 1_000_003 + question_count)
    questions = [_question(number, rng) for number in range(1, question_count + 1)]
    sections = [
        {
            "id": f"s-{start // QUESTIONS_PER_SECTION + 1:03d}",
            "title": f"Section {start // QUESTIONS_PER_SECTION + 1}",
            "questions": questions[start : start + QUESTIONS_PER_SECTION],
        }
        for start in range(0, question_count, QUESTIONS_PER_SECTION)
    ]
    return {
        "format": "exam-app/pack-source v1",
        "id": f"bench-{question_count}",
        "version": 1,
        "title": f"Benchmark pack with {question_count} questions",
        "description": _paragraphs(rng, 200, 400),
        "time_limit_minutes": 60,
        "shuffle_options": True,
        "sections": sections,
    }


def write_source(directory: Path, question_count: int) -> Path:
    """Write the synthetic source for `question_count` questions into `directory`; returns its path."""
    path = directory / f"bench-{question_count}.yaml"
    text = yaml.dump(
        source_document(question_count), Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=100
    )
    path.write_text(text, encoding="utf-8")
    return path
