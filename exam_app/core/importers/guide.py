"""Import a plain-text interview guide: per-level index lists, then a "Q&A" section per level.

    (introduction: ignored; it addresses recruiters, not candidates)
    Generative AI Interview Questions                     <- the line before the first index names the pack
    Generative AI Interview Questions for Beginners (1–40)
    - What is Generative AI?
    ...
    Beginners (Q&A)
    1. What is Generative AI?
    The answer, over as many lines as needed, bullets included.

Levels are Beginners, Intermediate and Experienced; numbering restarts per level. Each level becomes one
section and each question gets that `level`. The index says which questions to expect: index and body are
matched by normalised question text (then by number, if the texts are close), a listed question without an
answer is imported without a reference answer and reported, and a question missing from the index is
imported and reported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from exam_app.core.importers.common import Reporter, essay_question, finish, new_source, read_text, unique_id
from exam_app.core.importers.result import ImportResult

_LEVEL_WORD = r"(?P<level>beginners?|intermediate|experienced)"
_INDEX_HEADING = re.compile(_LEVEL_WORD + r"\b[^()]*\(\s*(?P<first>\d+)\s*[-–—]\s*(?P<last>\d+)\s*\)$", re.I)
_QA_HEADING = re.compile(_LEVEL_WORD + r"\b[^()]*\(\s*Q\s*(?:&|and)\s*A\s*\)$", re.I)
_BULLET = re.compile(r"^[-•*–]\s+(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^(?:Q\s*)?(?P<number>\d+)[.)]\s+(?P<text>\S.*)$", re.I)
_TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})
# How alike an index entry and a body question with the same number must be to count as the same question.
_SAME_BY_NUMBER = 0.6
_MAX_TITLE_CHARS = 80


def looks_like_guide(text: str) -> bool:
    """True when `text` has a level index heading like "Beginners (1–40)" and a "Beginners (Q&A)" heading."""
    lines = [line.strip() for line in text.splitlines()]
    return any(_INDEX_HEADING.search(line) for line in lines) and any(
        _QA_HEADING.search(line) for line in lines
    )


@dataclass
class _Entry:
    """One question: from an index list (no answer) or from a Q&A section (with its answer lines)."""

    number: int
    text: str
    line: int
    answer: list[str] = field(default_factory=list)


@dataclass
class _Level:
    """What the document says about one level: its index (None if it has none) and its answered questions."""

    label: str
    index: list[_Entry] | None = None
    declared: tuple[int, int, int] | None = None  # the index heading's range "(first–last)" and its line
    listed: set[str] = field(default_factory=set)  # normalised index texts, to recognise questions fast
    answered: list[_Entry] = field(default_factory=list)


def import_guide(path: Path, *, strict: bool = False) -> ImportResult:
    """Import the plain-text guide at `path` (see the module docstring for the layout)."""
    reporter = Reporter(path, strict=strict)
    levels, title = _read(read_text(path), reporter)
    source = new_source(path, title)
    taken: set[str] = set()
    for level, content in levels.items():
        questions: list[dict[str, Any]] = []
        for entry, answered in _pair(content, reporter):
            qid = unique_id(f"{level[0]}-{len(questions) + 1:02d}", taken)
            answer = _to_markdown(entry.answer)
            if answered and not answer:
                reporter.problem(entry.line, content.label, f'"{entry.text}" has no answer text')
            questions.append(essay_question(qid, entry.text, answer or None, level=level))
        source["sections"].append({"id": level, "title": content.label, "questions": questions})
    return finish(source, reporter)


def _read(text: str, reporter: Reporter) -> tuple[dict[str, _Level], str | None]:
    """Split the document into levels (in order of first appearance) and find the pack title."""
    levels: dict[str, _Level] = {}
    title: str | None = None
    previous_line = ""
    mode, level = "intro", ""
    expected, inner_list_next = 1, 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        bullet = _BULLET.match(line)
        index_heading = None if bullet else _INDEX_HEADING.search(line)
        qa_heading = None if bullet or index_heading else _QA_HEADING.search(line)
        heading = index_heading or qa_heading
        if heading:
            level = _canonical(heading["level"])
            content = levels.setdefault(level, _Level(heading["level"].capitalize()))
        if index_heading:
            if mode == "intro" and _could_be_title(previous_line):
                title = previous_line
            mode, content.index, content.listed = "index", [], set()
            content.declared = (int(index_heading["first"]), int(index_heading["last"]), number)
        elif qa_heading:
            mode, expected, inner_list_next = "body", 1, 0
        elif mode == "index" and bullet:
            index = levels[level].index
            assert index is not None  # set by the index heading that put us in this mode
            index.append(_Entry(len(index) + 1, bullet["text"], number))
            levels[level].listed.add(_normalise(bullet["text"]))
        elif mode == "index" and line:
            mode = "between"  # the list has ended; what follows up to the next heading is not a question
        elif mode == "body" and line:
            content = levels[level]
            numbered = _NUMBERED.match(line)
            if numbered and _starts_question(numbered, content, expected, inner_list_next):
                content.answered.append(_Entry(int(numbered["number"]), numbered["text"], number))
                expected, inner_list_next = int(numbered["number"]) + 1, 0
            elif not content.answered:
                reporter.problem(number, content.label, "text before the first numbered question is ignored")
            else:
                content.answered[-1].answer.append(line)
                if numbered and int(numbered["number"]) in (1, inner_list_next):
                    inner_list_next = int(numbered["number"]) + 1
        previous_line = line or previous_line
    return levels, title


def _starts_question(numbered: re.Match[str], content: _Level, expected: int, inner_list_next: int) -> bool:
    """Decide whether a numbered line opens the next question or is a step of the current answer.

    A line whose text is in the level's index is a question. Otherwise it is one only when it carries the
    next question number and does not continue a numbered list begun inside the current answer.
    """
    if _normalise(numbered["text"]) in content.listed:
        return True
    number = int(numbered["number"])
    return number == expected and number != inner_list_next


def _pair(content: _Level, reporter: Reporter) -> list[tuple[_Entry, bool]]:
    """The section's questions in order, each with whether the body answers it; report every mismatch.

    Index order is kept; an answered question missing from the index goes right after the answered
    question that precedes it in the body.
    """
    label = content.label
    if content.index is None:
        reporter.problem(None, label, "no index list for this level; questions are not checked against one")
        return [(answered, True) for answered in content.answered]
    _check_declared_range(content, reporter)
    pairs = _match(content.index, content.answered, reporter, label)
    order = [
        (pairs.get(position, listed), position in pairs) for position, listed in enumerate(content.index)
    ]
    matched = {id(answered) for answered in pairs.values()}
    for position, answered in enumerate(content.answered):
        if id(answered) in matched:
            continue
        reporter.problem(answered.line, label, f'"{answered.text}" is answered but not listed in the index')
        before = content.answered[position - 1] if position else None
        at = next((slot + 1 for slot, (entry, _) in enumerate(order) if entry is before), 0)
        order.insert(at, (answered, True))
    for position, listed in enumerate(content.index):
        if position not in pairs:
            reporter.problem(None, label, f'"{listed.text}" is listed in the index but has no answer')
    return order


def _match(index: list[_Entry], answered: list[_Entry], reporter: Reporter, label: str) -> dict[int, _Entry]:
    """Map index positions to answered questions: first by normalised text, then by number if close."""
    keys = [_normalise(entry.text) for entry in index]
    pairs: dict[int, _Entry] = {}
    leftovers = []
    for question in answered:
        key = _normalise(question.text)
        position = next((p for p, k in enumerate(keys) if k == key and p not in pairs), None)
        if position is None:
            leftovers.append(question)
        else:
            pairs[position] = question
    for question in leftovers:
        position = question.number - 1
        if 0 <= position < len(index) and position not in pairs:
            similarity = SequenceMatcher(None, keys[position], _normalise(question.text)).ratio()
            if similarity >= _SAME_BY_NUMBER:
                pairs[position] = question
                reporter.problem(
                    question.line,
                    label,
                    f'question {question.number} "{question.text}" differs from the index entry '
                    f'"{index[position].text}"; matched by number',
                )
    return pairs


def _check_declared_range(content: _Level, reporter: Reporter) -> None:
    """Warn when an index heading's "(1–40)" disagrees with the number of questions it lists."""
    if content.declared is None or content.index is None:
        return
    first, last, line = content.declared
    if last - first + 1 != len(content.index):
        listed = len(content.index)
        reporter.problem(line, content.label, f"index says {first}–{last} but lists {listed} questions")


def _could_be_title(line: str) -> bool:
    """A short line that is not a sentence (no final full stop or colon) can name the pack."""
    return 0 < len(line) <= _MAX_TITLE_CHARS and line[-1] not in ".:"


def _canonical(word: str) -> str:
    """Map a level word as written ("Beginners") to the pack's level name ("beginner")."""
    word = word.lower()
    return "beginner" if word.startswith("beginner") else word


def _normalise(text: str) -> str:
    """Reduce question text to what matters for matching: no case, typography or final punctuation."""
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY).casefold()
    return " ".join(text.split()).rstrip(" .?!:;")


def _to_markdown(lines: list[str]) -> str:
    """Turn plain-text answer lines into Markdown: lines become paragraphs, runs of list items stay lists."""
    blocks: list[str] = []
    previous_kind = ""
    for line in lines:
        bullet = _BULLET.match(line)
        kind = "bullet" if bullet else "numbered" if _NUMBERED.match(line) else "text"
        if blocks and not (kind == previous_kind and kind != "text"):
            blocks.append("")  # a blank line ends the previous paragraph or list
        blocks.append(f"- {bullet['text']}" if bullet else line)
        previous_kind = kind
    return "\n".join(blocks)
