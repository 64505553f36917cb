"""Import Moodle GIFT files.

    // comment                      $CATEGORY: $course$/top/Basics   (starts a section)
    ::Title:: [markdown]Question text {
        =right answer # feedback
        ~wrong answer # feedback
    }

Questions are separated by blank lines; a title becomes the question id. Answer blocks: `{}` essay;
`{=a ~b ~c}` single choice; `{~%50%a ~%50%b ~%-100%c}` multiple choice (right = positive weight);
`{T}`, `{TRUE}`, `{F}`, `{FALSE}` true/false; `{=a =b}` short answer; `{#3.14:0.01}`, `{#1..5}` numeric
(see gift_answers.py).
Matching (`{=a -> b}`) has no counterpart here: skipped with a warning, like every question that cannot be
converted. Text after the answer block makes a missing-word question, where the block reads "_____".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exam_app.core.importers.common import Reporter, finish, new_source, read_text, unique_id
from exam_app.core.importers.gift_answers import GiftProblem, Warn, convert_answers, plain, protect
from exam_app.core.importers.result import ImportResult

_TITLE = re.compile(r"^::(?P<title>.*?)::", re.DOTALL)
_CATEGORY = "$CATEGORY:"
_CATEGORY_ROOT = re.compile(r"^(?:\$\w+\$/)?(?:top/)?")
_GIFT_SIGNS = re.compile(r"^::.+?::|^\$CATEGORY:|\{\s*(?:[=~#]|(?:T|F|TRUE|FALSE)\s*[#}])", re.MULTILINE)


def looks_like_gift(text: str) -> bool:
    """True when `text` has a `::title::`, a `$CATEGORY:` line or a GIFT answer block such as `{=a ~b}`."""
    return _GIFT_SIGNS.search(text) is not None


@dataclass
class _Block:
    """One question's lines (comments removed, escapes protected) with their line numbers in the file."""

    lines: list[tuple[int, str]]
    text: str = field(init=False)  # the lines joined with newlines

    def __post_init__(self) -> None:
        self.text = "\n".join(line for _, line in self.lines)

    def line_at(self, offset: int) -> int:
        """The file line of character `offset` of `text` (escapes never span lines, so counting works)."""
        return self.lines[min(self.text.count("\n", 0, offset), len(self.lines) - 1)][0]


def import_gift(path: Path, *, strict: bool = False) -> ImportResult:
    """Import the GIFT file at `path` (see the module docstring for what is supported)."""
    reporter = Reporter(path, strict=strict)
    source = new_source(path, None)
    sections: dict[str, list[dict[str, Any]]] = {}
    section_ids: set[str] = set()
    question_ids: set[str] = set()
    category = "Questions"
    ordinal = 0  # position among questions (not categories), names an untitled question
    for block in _blocks(read_text(path)):
        if block.text.startswith(_CATEGORY):
            category = _category_title(block.text.split("\n", 1)[0])
            continue
        ordinal += 1
        title_match = _TITLE.match(block.text)
        title = plain(title_match["title"]).strip() if title_match else ""
        where = f'question "{title}"' if title else f"question {ordinal}"

        def warn(offset: int, message: str, block: _Block = block, where: str = where) -> None:
            reporter.problem(block.line_at(offset), where, message)

        try:
            fields = _convert(block.text, title_match.end() if title_match else 0, warn)
        except GiftProblem as problem:
            reporter.skip(block.line_at(problem.offset), where, problem.message)
            continue
        if category not in sections:
            sections[category] = []
            section_id = unique_id(category.lower(), section_ids)
            source["sections"].append({"id": section_id, "title": category, "questions": sections[category]})
        sections[category].append({"id": unique_id(title or f"q-{ordinal:02d}", question_ids), **fields})
    return finish(source, reporter)


def _blocks(text: str) -> list[_Block]:
    """Split the file into blocks at blank lines, dropping `//` comment lines and protecting escapes."""
    blocks: list[_Block] = []
    lines: list[tuple[int, str]] = []
    for number, line in enumerate([*text.split("\n"), ""], start=1):
        if not line.strip():
            if lines:
                blocks.append(_Block(lines))
            lines = []
        elif not line.lstrip().startswith("//"):
            lines.append((number, protect(line)))
    return blocks


def _convert(text: str, start: int, warn: Warn) -> dict[str, Any]:
    """Convert one question (its title ends at `start`) into question fields without the id."""
    opening = text.find("{", start)
    if opening < 0:
        if "}" in text[start:]:
            raise GiftProblem(text.index("}", start), "'}' without '{' (write \\} for a literal brace)")
        raise GiftProblem(start, "no answer block {...}: descriptions are not imported")
    closing = text.find("}", opening)
    if closing < 0:
        raise GiftProblem(opening, "unterminated '{': the answer block has no closing '}'")
    for extra in (text.find("{", opening + 1, closing), text.find("{", closing)):
        if extra >= 0:
            raise GiftProblem(extra, "a second '{' (write \\{ for a literal brace)")
    stray = text.find("}", closing + 1)
    if stray >= 0:
        raise GiftProblem(stray, "'}' without '{' (write \\} for a literal brace)")
    # As in Moodle: text after the block makes it a missing word, shown as a blank where the block was.
    blank = "_____" if text[closing + 1 :].strip() else ""
    prompt = plain(text[start:opening] + blank + text[closing + 1 :]).strip()
    if not prompt:
        raise GiftProblem(start, "the question has no text")
    body = text[opening + 1 : closing].split("####", 1)[0]  # "####" starts general feedback: not kept
    if not body.strip():
        return {"type": "essay", "prompt": prompt}
    fields = convert_answers(body, opening + 1, warn)
    return {"type": fields.pop("type"), "prompt": prompt, **fields}


def _category_title(line: str) -> str:
    """Section title of `$CATEGORY: $course$/top/A/B`: "A / B" (the course and top levels are dropped)."""
    path = _CATEGORY_ROOT.sub("", plain(line[len(_CATEGORY) :]).strip())
    return " / ".join(part.strip() for part in path.split("/") if part.strip()) or "Default"
