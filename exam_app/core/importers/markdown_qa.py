"""Import a Markdown Q&A document: `## N. Question` headings, each answered under `**Answer:**`.

    # Title of the pack                  (optional; otherwise the file name)
    ## Section title                     (optional; a heading without a number starts a section)
    ## 1. What is Generative AI?
    **Answer:**
    Anything up to the next heading: lists, tables, numbered steps, code.

Every question becomes an essay whose reference answer is the answer's Markdown, kept verbatim; its bullets
become proposed key points. Text between a question heading and `**Answer:**` is part of the prompt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exam_app.core.importers.common import (
    MARKDOWN_FENCE,
    Reporter,
    essay_question,
    finish,
    new_source,
    read_text,
    unique_id,
)
from exam_app.core.importers.result import ImportResult

_QUESTION = re.compile(r"^##[ \t]+\d+[.)][ \t]+(?P<text>\S.*?)[ \t#]*$")
_SECTION = re.compile(r"^##[ \t]+(?P<text>\S.*?)[ \t#]*$")
_TITLE = re.compile(r"^#[ \t]+(?P<text>\S.*?)[ \t#]*$")
_ANSWER = re.compile(r"^[ \t]*\*\*Answer(?::\*\*|\*\*:)[ \t]*(?P<rest>.*)$", re.IGNORECASE)
_THEMATIC_BREAK = re.compile(r"^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$")


def looks_like_markdown_qa(text: str) -> bool:
    """True when `text` has at least one numbered `##` question heading and an `**Answer:**` line."""
    lines = text.splitlines()
    return any(_QUESTION.match(line) for line in lines) and any(_ANSWER.match(line) for line in lines)


@dataclass
class _Question:
    """A question being read: its heading, prompt details and answer lines (None until `**Answer:**`)."""

    line: int
    text: str
    details: list[str] = field(default_factory=list)
    answer: list[str] | None = None


def import_markdown(path: Path, *, strict: bool = False) -> ImportResult:
    """Import the Markdown Q&A document at `path` (see the module docstring for the layout)."""
    reporter = Reporter(path, strict=strict)
    source = new_source(path, None)
    section_ids: set[str] = set()
    question_ids: set[str] = set()
    questions: list[dict[str, Any]] | None = None  # the current section's list, created on first use
    current: _Question | None = None
    in_fence = False
    titled = False

    def close_question() -> None:
        nonlocal current, questions
        if current is None:
            return
        if questions is None:
            questions = _add_section(source, section_ids, "Questions")
        qid = unique_id(f"q-{len(question_ids) + 1:02d}", question_ids)
        questions.append(_to_essay(current, qid, reporter))
        current = None

    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if MARKDOWN_FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _QUESTION.match(line)
        section = None if in_fence or heading else _SECTION.match(line)
        # Only a `# heading` before the first question names the pack; later ones belong to an answer.
        title = None if in_fence or titled or current is not None else _TITLE.match(line)
        if heading:
            close_question()
            current = _Question(number, heading["text"])
        elif section:
            close_question()
            questions = _add_section(source, section_ids, section["text"])
        elif title:
            source["title"] = title["text"]
            titled = True
        elif current is not None and current.answer is None:
            answer = None if in_fence else _ANSWER.match(line)
            if answer:
                current.answer = [answer["rest"]] if answer["rest"] else []
            else:
                current.details.append(line)
        elif current is not None and current.answer is not None:
            current.answer.append(line)
    close_question()
    return finish(source, reporter)


def _add_section(source: dict[str, Any], taken: set[str], title: str) -> list[dict[str, Any]]:
    """Append a section titled `title` to `source` and return its (empty) question list."""
    questions: list[dict[str, Any]] = []
    section_id = unique_id(title.lower(), taken)
    source["sections"].append({"id": section_id, "title": title, "questions": questions})
    return questions


def _to_essay(question: _Question, qid: str, reporter: Reporter) -> dict[str, Any]:
    """Turn a finished `_Question` into an essay, warning when its answer is missing or empty."""
    details = "\n".join(_trim(question.details))
    prompt = f"{question.text}\n\n{details}" if details else question.text
    if question.answer is None:
        reporter.problem(
            question.line, f"question {qid}", "no **Answer:**; imported without a reference answer"
        )
        return essay_question(qid, prompt, None)
    answer = "\n".join(_trim(question.answer))
    if not answer:
        reporter.problem(
            question.line, f"question {qid}", "empty **Answer:**; imported without a reference answer"
        )
    return essay_question(qid, prompt, answer or None)


def _trim(lines: list[str]) -> list[str]:
    """Drop blank lines and separators (`---`) at both ends and trailing spaces (they would force a quoted
    YAML string instead of a readable block); everything else is kept verbatim."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and (not lines[end - 1].strip() or _THEMATIC_BREAK.match(lines[end - 1])):
        end -= 1
    return [line.rstrip() for line in lines[start:end]]
