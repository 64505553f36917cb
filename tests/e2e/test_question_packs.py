"""Every pack shipped in question_packs/ checks, builds, verifies and opens; the bank meets its targets."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from exam_app.core.draw import presented_questions
from exam_app.core.pack_file import open_pack, verify_pack
from exam_app.core.source import load_source
from tests.cli.cli_runner import run_cli
from tests.conftest import REPO, KeySet
from tests.support.packs import build

PACKS = sorted((REPO / "question_packs").glob("*.yaml"))


def test_the_shipped_packs_are_all_there() -> None:
    names = {path.stem for path in PACKS}
    assert {"demo", "genai-beginner", "genai-intermediate", "genai-experienced", "genai-engineer"} <= names


@pytest.mark.parametrize("source", PACKS, ids=lambda p: p.stem)
def test_pack_builds_verifies_and_opens(source: Path, keyset: KeySet) -> None:
    loaded = load_source(source)
    assert loaded.warnings == []
    built = build(source, keyset.issuer, stations=[keyset.station.public])
    verified = verify_pack(built.data, [keyset.issuer.public], now=datetime.now(UTC))
    opened = open_pack(verified, built.release_code, keyset.station)
    assert opened.sections == loaded.pack.sections
    assert opened.policy == loaded.pack.policy


def test_bank_meets_the_targets_per_level(capsys) -> None:
    result = run_cli(capsys, "pack", "check", "--json", REPO / "question_packs")
    assert result.code == 0, result.err
    levels = json.loads(result.out)["levels"]
    assert set(levels) == {"beginner", "intermediate", "experienced"}
    for level, row in levels.items():
        assert row["questions"] >= 40, level
        assert row["objective"] >= 12, level
        assert row["free_text_reviewable"] == row["free_text"], (
            f"{level}: free text without reference or key points"
        )


def test_engineer_exam_draws_differ_between_candidates_but_not_within() -> None:
    pack = load_source(REPO / "question_packs" / "genai-engineer.yaml").pack

    def drawn(candidate: str) -> list[str]:
        return [q.id for _, questions in presented_questions(pack, candidate) for q in questions]

    first = drawn("C-0001")
    assert len(first) == 16 and len(set(first)) == 16
    assert drawn("C-0001") == first
    assert len({tuple(sorted(drawn(f"C-{n:04d}"))) for n in range(20)}) > 15
