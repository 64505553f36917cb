"""QTI 3.0 export: the package's shape, and the round trip YAML -> QTI 3.0 zip -> import -> same questions."""

from __future__ import annotations

import zipfile
from pathlib import Path

import defusedxml.ElementTree as safe_et
import pytest

from exam_app.cli import main
from exam_app.core.exporters.qti3 import export_qti3
from exam_app.core.importers.qti import import_qti
from exam_app.core.importers.yaml_out import write_source
from exam_app.core.model import ChoiceBody, Question
from exam_app.core.source import load_source

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "qti" / "roundtrip.yaml"
QTI3 = "{http://www.imsglobal.org/xsd/imsqtiasi_v3p0}"
CP = "{http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1}"


def _round_trip(tmp_path: Path) -> tuple[list[Question], list[Question], list[str]]:
    original = load_source(FIXTURE).pack
    package = tmp_path / "package.zip"
    exported = export_qti3(original, package)
    imported = import_qti(package)
    back = tmp_path / "back.yaml"
    write_source(imported.source, back)
    return list(original.questions()), list(load_source(back).pack.questions()), exported.warnings


def _options(question: Question) -> list[tuple[str, bool]]:
    assert isinstance(question.body, ChoiceBody)
    return [(option.text, option.correct) for option in question.body.options]


def test_round_trip_keeps_every_exportable_question(tmp_path: Path) -> None:
    before, after, _ = _round_trip(tmp_path)
    exportable = [question for question in before if question.type != "code"]
    assert [question.id for question in after] == [question.id for question in exportable]
    for old, new in zip(exportable, after, strict=True):
        assert new.type == old.type, old.id
        assert new.prompt == old.prompt.strip(), old.id
        assert new.points == pytest.approx(old.points), old.id


def test_round_trip_keeps_answers_and_scoring(tmp_path: Path) -> None:
    before, after, _ = _round_trip(tmp_path)
    imported = {question.id: question for question in after}
    for old in before:
        if old.type in ("code", "essay"):
            continue
        new = imported[old.id]
        if isinstance(old.body, ChoiceBody):
            assert isinstance(new.body, ChoiceBody)
            assert _options(new) == _options(old), old.id
            if old.type == "multiple_choice":
                assert new.body.partial_credit == old.body.partial_credit, old.id
                assert new.body.negative_marking == old.body.negative_marking, old.id
        else:
            # true_false, short_answer (accepted, case sensitivity) and numeric (value, tolerance, unit)
            assert new.body == old.body, old.id


def test_round_trip_keeps_essay_reference_answers_and_key_points(tmp_path: Path) -> None:
    before, after, _ = _round_trip(tmp_path)
    old = {question.id: question for question in before}
    new = {question.id: question for question in after}
    for essay_id in ("explain", "key-ideas"):
        assert new[essay_id].body.reference_answer == old[essay_id].body.reference_answer.strip()  # type: ignore[union-attr]
    # Key points come back with their points, as proposals an author confirms again.
    old_points = [(p.text, p.points) for p in old["key-ideas"].body.key_points]  # type: ignore[union-attr]
    new_points = new["key-ideas"].body.key_points  # type: ignore[union-attr]
    assert [(p.text, p.points) for p in new_points] == old_points
    assert all(point.proposed for point in new_points)


def test_round_trip_keeps_sections_draw_and_time_limits(tmp_path: Path) -> None:
    original = load_source(FIXTURE).pack
    package = tmp_path / "package.zip"
    export_qti3(original, package)
    source = import_qti(package).source
    assert source["title"] == original.title
    assert source["time_limit_minutes"] == original.time_limit_minutes
    sections = {section["id"]: section for section in source["sections"]}
    assert list(sections) == [section.id for section in original.sections]
    objective = original.sections[0]
    assert sections[objective.id]["title"] == objective.title
    assert sections[objective.id]["draw"] == objective.draw
    assert sections[objective.id]["time_limit_minutes"] == objective.time_limit_minutes


def test_code_questions_are_left_out_with_a_warning(tmp_path: Path) -> None:
    pack = load_source(FIXTURE).pack
    result = export_qti3(pack, tmp_path / "package.zip")
    assert result.items == pack.question_count - 1
    assert any("fizzbuzz" in warning and "code" in warning for warning in result.warnings)
    with zipfile.ZipFile(tmp_path / "package.zip") as archive:
        assert "items/fizzbuzz.xml" not in archive.namelist()


def test_package_is_a_qti3_content_package(tmp_path: Path) -> None:
    pack = load_source(FIXTURE).pack
    export_qti3(pack, tmp_path / "package.zip")
    with zipfile.ZipFile(tmp_path / "package.zip") as archive:
        manifest = safe_et.fromstring(archive.read("imsmanifest.xml"))
        assert manifest.tag == f"{CP}manifest"
        hrefs: dict[str, list[str]] = {}
        for resource in manifest.iter(f"{CP}resource"):
            hrefs.setdefault(resource.get("type"), []).append(resource.get("href"))
        assert len(hrefs["imsqti_test_xmlv3p0"]) == 1
        assert len(hrefs["imsqti_item_xmlv3p0"]) == pack.question_count - 1
        for href in hrefs["imsqti_item_xmlv3p0"] + hrefs["imsqti_test_xmlv3p0"]:
            assert href in archive.namelist()
        item = safe_et.fromstring(archive.read("items/capital.xml"))
        assert item.tag == f"{QTI3}qti-assessment-item"
        correct = item.find(f"{QTI3}qti-response-declaration/{QTI3}qti-correct-response/{QTI3}qti-value")
        choices = {c.get("identifier"): c.text for c in item.iter(f"{QTI3}qti-simple-choice")}
        assert correct is not None and choices[correct.text] == "Canberra"


def test_export_is_deterministic(tmp_path: Path) -> None:
    pack = load_source(FIXTURE).pack
    export_qti3(pack, tmp_path / "one.zip")
    export_qti3(pack, tmp_path / "two.zip")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()


def test_cli_exports_and_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "package.zip"
    assert main(["pack", "export", str(FIXTURE), "--format", "qti3", "--out", str(out)]) == 0
    assert "exported 11 of 12 questions" in capsys.readouterr().out
    assert zipfile.is_zipfile(out)
    before = out.read_bytes()
    assert main(["pack", "export", str(FIXTURE), "--out", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_bytes() == before
