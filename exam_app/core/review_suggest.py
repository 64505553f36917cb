"""Assisted grading: for each key point, the answer sentence that covers it best, and why. Never applied.

The method is deliberately simple enough to explain to a candidate:
1. The answer is split into sentences (lines, for code). Words are lower-cased, common English words are
   dropped, and each word is cut to its first 6 letters, so "prediction" and "predicts" both read "predic".
2. Each key point and each sentence becomes a TF-IDF vector over those word stems, the document frequencies
   counted over the answer's sentences and the key points together (smoothed: idf = ln((1+N)/(1+df)) + 1).
3. For each key point the sentence with the highest cosine similarity is its match. The key point counts as
   covered when at least half of its word stems appear in that sentence, or the cosine is at least 0.5.
4. The suggested score is the points of the covered key points. A reviewer ticks, or not; the suggestion
   itself changes nothing (in hiring, people decide).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from exam_app.core.model import KeyPoint

STEM_LENGTH = 6
COVERED_OVERLAP = 0.5
COVERED_COSINE = 0.5
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
# Common English words that say nothing about whether a key point is covered.
_STOPWORD_TEXT = """
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers him his how i if in into is it its itself just me more most my no nor not of
off on once only or other our out over own same she should so some such than that the their them
then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(frozen=True)
class KeyPointSuggestion:
    """The best-matching sentence for one key point, with the evidence for the match."""

    index: int
    key_point: KeyPoint
    sentence: str
    start: int  # character offsets of `sentence` in the answer, to highlight it
    end: int
    cosine: float
    overlap: float  # share of the key point's word stems found in the sentence
    shared_terms: tuple[str, ...]
    covered: bool

    @property
    def explanation(self) -> str:
        """One sentence a reviewer can read and check."""
        if not self.sentence:
            return "no sentence in the answer shares a word with this key point"
        verdict = "covered" if self.covered else "not covered"
        terms = ", ".join(self.shared_terms) or "none"
        found = f"{self.overlap:.0%} of its words found (shared: {terms})"
        return f"{verdict}: {found}, similarity {self.cosine:.2f}"


@dataclass(frozen=True)
class Suggestion:
    """Suggestions for every key point of one answer, and the score they add up to."""

    items: tuple[KeyPointSuggestion, ...]
    suggested_points: float

    @property
    def ticks(self) -> tuple[bool, ...]:
        """The key points the suggestion would tick, for a reviewer to accept or change."""
        return tuple(item.covered for item in self.items)


def stems(text: str) -> list[str]:
    """The word stems of `text` that carry meaning (stopwords dropped, words cut to STEM_LENGTH)."""
    words = (word.casefold() for word in _WORD.findall(text))
    return [word[:STEM_LENGTH] for word in words if word not in _STOPWORDS]


def split_sentences(answer: str, *, code: bool = False) -> list[tuple[int, int]]:
    """(start, end) offsets of each non-empty sentence, or of each line for code."""
    separator = re.compile(r"\n") if code else _SENTENCE_END
    spans, start = [], 0
    for match in [*separator.finditer(answer), None]:
        end = match.start() if match else len(answer)
        text = answer[start:end]
        if text.strip():
            offset = len(text) - len(text.lstrip())
            spans.append((start + offset, start + len(text.rstrip())))
        start = match.end() if match else end
    return spans


def _vectors(documents: list[list[str]]) -> list[dict[str, float]]:
    """TF-IDF weights of each document, idf smoothed so a term in every document still counts a little."""
    frequency = Counter(term for document in documents for term in set(document))
    count = len(documents)
    idf = {term: math.log((1 + count) / (1 + df)) + 1 for term, df in frequency.items()}
    return [{term: tf * idf[term] for term, tf in Counter(document).items()} for document in documents]


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(weight * b.get(term, 0.0) for term, weight in a.items())
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def suggest(answer: str, points: Sequence[KeyPoint], *, max_points: float, code: bool = False) -> Suggestion:
    """Match every key point to its best sentence of `answer`; suggest the covered key points' points."""
    spans = split_sentences(answer, code=code)
    sentence_terms = [stems(answer[start:end]) for start, end in spans]
    point_terms = [stems(point.text) for point in points]
    vectors = _vectors(sentence_terms + point_terms)
    sentence_vectors, point_vectors = vectors[: len(spans)], vectors[len(spans) :]
    items = []
    for index, (point, terms, vector) in enumerate(zip(points, point_terms, point_vectors, strict=True)):
        scored = [(_cosine(vector, sentence), n) for n, sentence in enumerate(sentence_vectors)]
        best_cosine, best = max(scored, default=(0.0, -1))
        wanted = set(terms)
        shared = wanted & set(sentence_terms[best]) if best >= 0 else set()
        if not shared:
            items.append(KeyPointSuggestion(index, point, "", 0, 0, 0.0, 0.0, (), False))
            continue
        overlap = len(shared) / len(wanted)
        start, end = spans[best]
        covered = overlap >= COVERED_OVERLAP or best_cosine >= COVERED_COSINE
        items.append(
            KeyPointSuggestion(
                index,
                point,
                answer[start:end],
                start,
                end,
                round(best_cosine, 4),
                round(overlap, 4),
                tuple(sorted(shared)),
                covered,
            )
        )
    suggested = min(max_points, sum(item.key_point.points for item in items if item.covered))
    return Suggestion(tuple(items), suggested)
