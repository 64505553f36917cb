"""Which questions each candidate is presented, in which order, and in which order their options appear.

Every choice is made by `random.Random` seeded from SHA-256 over (purpose, pack id, pack version, candidate
id, section or question id). This is for fairness and reproducibility, not secrecy: the same candidate always
gets the same exam (after a crash and restart, or when a reviewer reconstructs it), candidates' exams are
independent of each other, and a new pack version reshuffles everyone. Anyone who has the pack can compute
every candidate's selection, so nothing here must be treated as secret.
"""

from __future__ import annotations

import hashlib
import json
import random

from exam_app.core.model import ChoiceBody, Pack, Question, Section


def _rng(pack: Pack, candidate_id: str, purpose: str, subject: str) -> random.Random:
    """A generator for one decision; JSON encoding keeps the fields unambiguous (no "a"+"bc" == "ab"+"c")."""
    material = json.dumps([purpose, pack.id, pack.version, candidate_id, subject]).encode("utf-8")
    seed = int.from_bytes(hashlib.sha256(material).digest(), "big")
    return random.Random(seed)  # noqa: S311 - reproducible fairness, not a secret (see module docstring)


def presented_questions(pack: Pack, candidate_id: str) -> list[tuple[Section, list[Question]]]:
    """Each section with the questions this candidate gets, in the order they are shown.

    A section with `draw` contributes that many of its questions; without `shuffle_questions` they keep
    the order in which they are written.
    """
    presented = []
    for section in pack.sections:
        questions = list(section.questions)
        if section.draw is not None:
            rng = _rng(pack, candidate_id, "draw", section.id)
            chosen = set(rng.sample(range(len(questions)), section.draw))
            questions = [question for index, question in enumerate(questions) if index in chosen]
        if pack.shuffle_questions:
            # A separate generator, so turning shuffling on or off never changes which questions are drawn.
            _rng(pack, candidate_id, "order", section.id).shuffle(questions)
        presented.append((section, questions))
    return presented


def option_order(pack: Pack, question: Question, candidate_id: str) -> list[int]:
    """Indexes into the question's options in the order this candidate sees them.

    The identity order unless the pack has `shuffle_options`; empty for a question without options.
    """
    if not isinstance(question.body, ChoiceBody):
        return []
    order = list(range(len(question.body.options)))
    if pack.shuffle_options:
        _rng(pack, candidate_id, "options", question.id).shuffle(order)
    return order
