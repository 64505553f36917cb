"""Loading a YAML pack source (the format in docs/authoring.md) into a checked `Pack`.

Every problem raises `SourceError` naming the file as the user gave it, the 1-based line and the question,
section or field, e.g. `genai.yaml:42: question q-17: multiple_choice needs at least one correct option`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from exam_app.core.model import (
    ACTIONS,
    LEVELS,
    CodeBody,
    EssayBody,
    FocusLossBudget,
    IntegrityActions,
    Level,
    Pack,
    Policy,
    ProhibitedProcesses,
    Question,
    Section,
)
from exam_app.core.source_questions import parse_question
from exam_app.core.source_reader import Context, Fields, nullable, peek_id, read_document

SOURCE_FORMAT = "exam-app/pack-source v1"
PACK_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{1,63}")
# An age X25519 recipient: "age1" and the bech32 encoding of a 32-byte key (52 data + 6 checksum characters).
AGE_RECIPIENT_PATTERN = re.compile(r"age1[02-9ac-hj-np-z]{58}")

_PACK_FIELDS = (
    "format", "id", "version", "title", "description", "level", "time_limit_minutes", "shuffle_questions",
    "shuffle_options", "candidates", "results_to", "policy", "sections",
)  # fmt: skip
_SECTION_FIELDS = ("id", "title", "time_limit_minutes", "draw", "include", "questions")
_INCLUDE_FIELDS = ("pack", "questions", "tags", "levels")
_POLICY_FIELDS = (
    "integrity", "focus_loss_budget", "prohibited_processes", "allow_virtual_machine", "paste_from_outside",
    "idle_minutes", "accommodations", "downtime_counts", "resume_requires_proctor",
)  # fmt: skip


@dataclass(frozen=True)
class LoadedSource:
    """A loaded pack source: the pack and the warnings an author should see (not errors)."""

    pack: Pack
    warnings: list[str]


def load_source(path: Path) -> LoadedSource:
    """Load and check the pack source at `path`, resolving includes; raises SourceError on any problem."""
    pack = _load_pack(path, str(path), included_from=None)
    return LoadedSource(pack=pack, warnings=_proposed_key_point_warnings(pack))


@dataclass(frozen=True)
class _SourceFile:
    """The file being parsed: `included_from` (FILE:LINE) is set for an include, which may not nest."""

    path: Path
    level: Level | None
    included_from: str | None


def _load_pack(path: Path, shown: str, included_from: str | None) -> Pack:
    """Parse one source file into a pack."""
    fields = Fields(read_document(path, shown), Context(shown), "", _PACK_FIELDS)
    ctx = fields.ctx
    if fields.need("format", ctx.text) != SOURCE_FORMAT:
        raise ctx.error(fields.at("format"), "format", f'must be exactly "{SOURCE_FORMAT}"')
    pack_id = fields.need("id", ctx.text)
    if not PACK_ID_PATTERN.fullmatch(pack_id):
        message = f'invalid pack id "{pack_id}": use 2 to 64 of a-z, 0-9 and -, not starting with -'
        raise ctx.error(fields.at("id"), "id", message)
    level = fields.get("level", ctx.choice("level", LEVELS), None)
    candidates = fields.get("candidates", ctx.text_list, None)
    if candidates is not None:
        _check_candidates(ctx, fields.at("candidates"), candidates)
    return Pack(
        id=pack_id,
        version=fields.need("version", ctx.counting),
        title=fields.need("title", ctx.text),
        description=fields.get("description", ctx.text, ""),
        level=level,
        time_limit_minutes=fields.need("time_limit_minutes", ctx.positive),
        shuffle_questions=fields.get("shuffle_questions", ctx.boolean, False),
        shuffle_options=fields.get("shuffle_options", ctx.boolean, False),
        candidates=candidates,
        results_to=_recipients(fields),
        policy=_policy(fields.nested("policy", _POLICY_FIELDS), candidates),
        sections=_sections(fields, _SourceFile(path, level, included_from)),
    )


def _check_candidates(ctx: Context, node: yaml.Node, candidates: tuple[str, ...]) -> None:
    if not candidates:
        raise ctx.error(node, "candidates", "must list at least one candidate id (omit it to allow anyone)")
    repeated = sorted({candidate for candidate in candidates if candidates.count(candidate) > 1})
    if repeated:
        raise ctx.error(node, "candidates", f"listed more than once: {', '.join(repeated)}")


def _recipients(fields: Fields) -> tuple[str, ...]:
    """The `results_to` recipients; a typo here would make results unreadable, so each is checked."""
    node = fields.node("results_to")
    if node is None:
        return ()
    recipients = fields.ctx.text_list(node, "results_to")
    for n, (item, recipient) in enumerate(zip(node.value, recipients, strict=True), 1):
        if not AGE_RECIPIENT_PATTERN.fullmatch(recipient):
            message = "not an age X25519 recipient (age1 followed by 58 characters)"
            raise fields.ctx.error(item, f"results_to[{n}]", message)
    return recipients


def _policy(policy: Fields, candidates: tuple[str, ...] | None) -> Policy:
    """The integrity policy; defaults come from the model classes so they are written in one place only."""
    ctx, default = policy.ctx, Policy()
    action = ctx.choice("action", ACTIONS)
    signals = [signal.name for signal in dataclasses.fields(IntegrityActions)]
    integrity = policy.nested("integrity", signals)
    budget = policy.nested("focus_loss_budget", ("max_events", "max_seconds_away", "action"))
    processes = policy.nested("prohibited_processes", ("mode", "names"))
    return Policy(
        integrity=IntegrityActions(
            **{name: integrity.get(name, action, getattr(default.integrity, name)) for name in signals}
        ),
        focus_loss_budget=FocusLossBudget(
            max_events=budget.get("max_events", nullable(ctx.counting), default.focus_loss_budget.max_events),
            max_seconds_away=budget.get(
                "max_seconds_away", nullable(ctx.positive), default.focus_loss_budget.max_seconds_away
            ),
            action=budget.get("action", action, default.focus_loss_budget.action),
        ),
        prohibited_processes=ProhibitedProcesses(
            mode=processes.get(
                "mode", ctx.choice("mode", ("extend", "replace")), default.prohibited_processes.mode
            ),
            names=processes.get("names", ctx.text_list, default.prohibited_processes.names),
        ),
        allow_virtual_machine=policy.get("allow_virtual_machine", ctx.boolean, default.allow_virtual_machine),
        paste_from_outside=policy.get(
            "paste_from_outside", ctx.choice("paste mode", ("block", "log")), default.paste_from_outside
        ),
        idle_minutes=policy.get("idle_minutes", ctx.positive, default.idle_minutes),
        downtime_counts=policy.get("downtime_counts", ctx.boolean, default.downtime_counts),
        resume_requires_proctor=policy.get(
            "resume_requires_proctor", ctx.boolean, default.resume_requires_proctor
        ),
        accommodations=_accommodations(policy, candidates),
    )


def _accommodations(policy: Fields, candidates: tuple[str, ...] | None) -> dict[str, float]:
    """Extra time factors by candidate; naming a candidate outside `candidates` is a typo, so an error."""
    ctx, factors = policy.ctx, {}
    for n, node in enumerate(policy.get("accommodations", ctx.items, []), 1):
        entry = Fields(node, ctx, f"policy.accommodations[{n}]", ("candidate", "extra_time_factor"))
        candidate = entry.need("candidate", ctx.text)
        problem = "is listed twice" if candidate in factors else ""
        if candidates is not None and candidate not in candidates:
            problem = "is not in candidates"
        if problem:
            raise ctx.error(entry.at("candidate"), entry.sub("candidate"), f"{candidate} {problem}")
        factor = entry.need("extra_time_factor", ctx.number)
        if factor < 1.0:
            message = f"must be at least 1.0, got {factor:g}"
            raise ctx.error(entry.at("extra_time_factor"), entry.sub("extra_time_factor"), message)
        factors[candidate] = factor
    return factors


def _sections(fields: Fields, source: _SourceFile) -> tuple[Section, ...]:
    """All sections, with includes resolved; question ids must be unique across the whole pack."""
    ctx = fields.ctx
    section_nodes = fields.need("sections", ctx.items)
    if not section_nodes:
        raise ctx.error(fields.at("sections"), "sections", "needs at least one section")
    section_lines: dict[str, int] = {}
    id_lines: dict[str, int] = {}
    sections = []
    for n, node in enumerate(section_nodes, 1):
        label = f"section #{n}"
        peeked = peek_id(node)
        section = Fields(node, Context(ctx.file, label if peeked is None else f"section {peeked}"), "", None)
        section_id = section.need("id", Context(ctx.file, label).identifier)
        section.restrict(_SECTION_FIELDS)
        if section_id in section_lines:
            message = f"duplicate section id (first at line {section_lines[section_id]})"
            raise section.ctx.error(section.at("id"), "", message)
        section_lines[section_id] = node.start_mark.line + 1
        questions = _section_questions(section, source, id_lines)
        sections.append(_finish_section(section, questions))
    return tuple(sections)


def _section_questions(section: Fields, source: _SourceFile, id_lines: dict[str, int]) -> list[Question]:
    """The section's questions in written order: `include` and `questions` blocks in the order they appear."""
    ctx = section.ctx
    blocks = sorted(
        (key for key in ("include", "questions") if section.node(key) is not None),
        key=lambda key: section.at(key).start_mark.index,
    )
    questions: list[Question] = []
    for block in blocks:
        for n, node in enumerate(section.need(block, ctx.items), 1):
            if block == "include":
                include = Fields(node, ctx, f"include[{n}]", _INCLUDE_FIELDS)
                questions.extend(_include(include, source, id_lines))
                continue
            question = parse_question(node, ctx.file, f"question #{n} of {ctx.where}", source.level)
            _claim_id(question.id, node, Context(ctx.file, f"question {question.id}"), "", id_lines)
            questions.append(question)
    return questions


def _claim_id(question_id: str, node: yaml.Node, ctx: Context, path: str, id_lines: dict[str, int]) -> None:
    """Record the line where a question id appears in this file; a second appearance is an error."""
    if question_id in id_lines:
        raise ctx.error(node, path, f"duplicate question id (first at line {id_lines[question_id]})")
    id_lines[question_id] = node.start_mark.line + 1


def _include(include: Fields, source: _SourceFile, id_lines: dict[str, int]) -> list[Question]:
    """The questions an include entry selects; they keep the level they have in their own pack."""
    ctx = include.ctx
    origin = f"{ctx.file}:{include.mapping.start_mark.line + 1}"
    if source.included_from is not None:
        message = f"an included pack cannot include others (it is included from {source.included_from})"
        raise ctx.error(include.mapping, include.path, message)
    relative = include.need("pack", ctx.text)
    target = source.path.parent / relative
    if not target.is_file():
        raise ctx.error(include.at("pack"), include.sub("pack"), f"included file not found: {relative}")
    shown = str(Path(ctx.file).parent / relative)
    included = list(_load_pack(target, shown, included_from=origin).questions())
    chosen = included
    wanted = include.get("questions", ctx.text_list, None)
    if wanted is not None:
        by_id = {question.id: question for question in included}
        for question_id in wanted:
            if question_id not in by_id:
                message = f"question {question_id} is not in {relative}"
                raise ctx.error(include.at("questions"), include.sub("questions"), message)
        chosen = [by_id[question_id] for question_id in dict.fromkeys(wanted)]
    tags = include.get("tags", ctx.text_list, None)
    if tags is not None:
        chosen = [question for question in chosen if set(question.tags) & set(tags)]
    levels = include.get("levels", ctx.choices("level", LEVELS), None)
    if levels is not None:
        chosen = [question for question in chosen if question.level in levels]
    if not chosen:
        raise ctx.error(include.mapping, include.path, f"no question of {relative} matches this include")
    for question in chosen:
        _claim_id(question.id, include.mapping, ctx, f"{include.path}: question {question.id}", id_lines)
    return chosen


def _finish_section(section: Fields, questions: list[Question]) -> Section:
    """Build the section once its questions are known, checking `draw` against their number."""
    ctx = section.ctx
    if not questions:
        raise ctx.error(section.mapping, "", "a section needs questions, include, or both")
    draw = section.get("draw", ctx.integer, None)
    if draw is not None and not 1 <= draw <= len(questions):
        message = f"{draw} must be between 1 and the section's {len(questions)} questions"
        raise ctx.error(section.at("draw"), "draw", message)
    return Section(
        id=section.need("id", ctx.identifier),
        title=section.need("title", ctx.text),
        questions=tuple(questions),
        time_limit_minutes=section.get("time_limit_minutes", ctx.positive, None),
        draw=draw,
    )


def _proposed_key_point_warnings(pack: Pack) -> list[str]:
    """One warning per question whose key points an importer proposed and no author confirmed yet."""
    warnings = []
    for question in pack.questions():
        if isinstance(question.body, EssayBody | CodeBody):
            proposed = sum(point.proposed for point in question.body.key_points)
            if proposed:
                noun = "key point" if proposed == 1 else "key points"
                warnings.append(f"question {question.id}: {proposed} proposed {noun} not yet confirmed")
    return warnings
