"""QTI import of single items: what each interaction becomes, the prompt text, errors and unsafe XML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from exam_app.cli import main
from exam_app.core.importers import IMPORTERS, detect_format
from exam_app.core.importers.errors import ImportFormatError
from exam_app.core.importers.qti import import_qti
from exam_app.core.importers.yaml_out import write_source
from exam_app.core.source import load_source
from tests.support.qti_docs import QTI_FIXTURES, choices, declaration, item, write


def _only_question(source: dict[str, Any]) -> dict[str, Any]:
    (section,) = source["sections"]
    (question,) = section["questions"]
    return question


def test_qti_is_registered_and_detected(tmp_path: Path) -> None:
    assert IMPORTERS["qti"] is import_qti
    no_extension = write(tmp_path / "item", item("<p>x</p>"))
    assert detect_format(no_extension) == "qti"


def test_qti3_spelling_multiple_choice_with_mapping() -> None:
    question = _only_question(import_qti(QTI_FIXTURES / "qti3_choice_multiple.xml").source)
    assert question["id"] == "planets-gas"
    assert question["type"] == "multiple_choice"
    assert [(o["text"], o.get("correct", False)) for o in question["options"]] == [
        ("Jupiter", True),
        ("Mars", False),
        ("Saturn", True),
    ]
    assert question["points"] == 4  # 2 + 2 from the mapping, within upper-bound 4
    assert question["scoring"] == {"negative_marking": True}  # -2 for Mars, no lower bound
    assert (
        question["prompt"]
        == "Our solar system has *four* giant planets.\n\nWhich of these are **gas** giants?"
    )


def test_relative_tolerance_becomes_absolute_and_text_after_the_field_is_the_unit() -> None:
    question = _only_question(import_qti(QTI_FIXTURES / "qti3_numeric_relative.xml").source)
    assert question["type"] == "numeric"
    assert question["value"] == 340
    assert question["tolerance"] == pytest.approx(340 * 5 / 100)
    assert question["unit"] == "metres per second"
    assert question["points"] == 3  # MAXSCORE default
    assert question["prompt"] == "How fast does sound travel in air at 15 °C?"


def test_single_choice_and_true_false(tmp_path: Path) -> None:
    single = write(
        tmp_path / "single.xml", item("<p>Pick</p>" + choices("Richtig", "Falsch"), declaration(["c1"]))
    )
    question = _only_question(import_qti(single).source)
    assert question["type"] == "single_choice"
    assert [o.get("correct", False) for o in question["options"]] == [False, True]
    true_false = write(
        tmp_path / "tf.xml", item("<p>Sky is blue</p>" + choices("True", "False"), declaration(["c0"]))
    )
    assert _only_question(import_qti(true_false).source) == {
        "id": "q1",
        "type": "true_false",
        "prompt": "Sky is blue",
        "points": 1,
        "answer": True,
    }


def test_all_or_nothing_multiple_choice_without_mapping(tmp_path: Path) -> None:
    multiple = declaration(["c0", "c2"]).replace('cardinality="single"', 'cardinality="multiple"')
    body = "<p>Pick</p>" + choices("a", "b", "c", max_choices=0)
    question = _only_question(import_qti(write(tmp_path / "m.xml", item(body, multiple))).source)
    assert question["type"] == "multiple_choice"
    assert question["scoring"] == {"partial_credit": False}
    assert [o.get("correct", False) for o in question["options"]] == [True, False, True]


def test_inline_choice_keeps_a_blank_in_the_prompt(tmp_path: Path) -> None:
    body = (
        '<p>Now is the winter of our <inlineChoiceInteraction responseIdentifier="RESPONSE">'
        '<inlineChoice identifier="a">discontent</inlineChoice>'
        '<inlineChoice identifier="b">joy</inlineChoice>'
        "</inlineChoiceInteraction>.</p>"
    )
    question = _only_question(import_qti(write(tmp_path / "i.xml", item(body, declaration(["a"])))).source)
    assert question["type"] == "single_choice"
    assert question["prompt"] == "Now is the winter of our ____."
    assert question["options"] == [{"text": "discontent", "correct": True}, {"text": "joy"}]


def test_text_entry_takes_full_credit_map_keys_and_reports_partial_ones(tmp_path: Path) -> None:
    mapping = (
        '<mapping defaultValue="0"><mapEntry mapKey="Paris" mappedValue="2" caseSensitive="false"/>'
        '<mapEntry mapKey="paris, france" mappedValue="2" caseSensitive="false"/>'
        '<mapEntry mapKey="Pari" mappedValue="1" caseSensitive="false"/></mapping>'
    )
    body = '<p>Capital of France: <textEntryInteraction responseIdentifier="RESPONSE"/></p>'
    path = write(tmp_path / "te.xml", item(body, declaration(["Paris"], "string", mapping)))
    result = import_qti(path)
    question = _only_question(result.source)
    assert question["type"] == "short_answer"
    assert question["accepted"] == ["Paris", "paris, france"]
    assert "case_sensitive" not in question
    assert question["points"] == 2
    assert question["prompt"] == "Capital of France: ____"
    assert any("'Pari' (1)" in warning and "te.xml" in warning for warning in result.warnings)
    with pytest.raises(ImportFormatError, match="partial-credit"):
        import_qti(path, strict=True)


def test_text_entry_without_case_insensitive_mapping_is_case_sensitive(tmp_path: Path) -> None:
    body = '<p><textEntryInteraction responseIdentifier="RESPONSE"/> is the answer.</p>'
    question = _only_question(
        import_qti(write(tmp_path / "t.xml", item(body, declaration(["York"], "string")))).source
    )
    assert question["accepted"] == ["York"]
    assert question["case_sensitive"] is True


def test_essay_rubric_for_scorers_is_the_reference_answer(tmp_path: Path) -> None:
    body = (
        "<p>Describe a cat.</p>"
        '<rubricBlock view="candidate"><p>Write 50 words.</p></rubricBlock>'
        '<extendedTextInteraction responseIdentifier="RESPONSE"/>'
        '<rubricBlock view="scorer"><p>Fur, whiskers.</p>'
        "<ul><li>mentions fur</li><li>mentions whiskers</li></ul></rubricBlock>"
    )
    string = '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="string"/>'
    question = _only_question(import_qti(write(tmp_path / "e.xml", item(body, string))).source)
    assert question["type"] == "essay"
    assert question["prompt"] == "Describe a cat.\n\nWrite 50 words."
    assert question["reference_answer"] == "Fur, whiskers.\n\n- mentions fur\n- mentions whiskers"
    assert [point["text"] for point in question["key_points"]] == ["mentions fur", "mentions whiskers"]
    assert all(point["proposed"] for point in question["key_points"])


def test_body_text_keeps_paragraphs_lines_lists_and_code_and_drops_feedback(tmp_path: Path) -> None:
    body = (
        "<div>First line<br/>second   line</div><ol><li>one</li><li>two</li></ol>"
        "<pre>def f():\n    return 1</pre>"
        '<p>See <img src="a.png" alt="a chart"/>.<feedbackInline outcomeIdentifier="F" identifier="x" '
        'showHide="show">hidden</feedbackInline><script>alert(1)</script></p>' + choices("a", "b")
    )
    result = import_qti(write(tmp_path / "b.xml", item(body, declaration(["c0"]))))
    assert _only_question(result.source)["prompt"] == (
        "First line\nsecond line\n\n- one\n- two\n\n```\ndef f():\n    return 1\n```\n\nSee [image: a chart]."
    )
    assert any("1 image(s)" in warning for warning in result.warnings)


def test_errors_name_the_file_and_the_xml_path(tmp_path: Path) -> None:
    path = write(tmp_path / "item.xml", item(choices("a", "b")))
    with pytest.raises(ImportFormatError) as caught:
        import_qti(path)
    where = "/assessmentItem/itemBody[1]/choiceInteraction[1]"
    assert str(caught.value) == f"{path}: {where}: no responseDeclaration for response 'RESPONSE'"


def test_qti3_paths_are_spelled_as_written(tmp_path: Path) -> None:
    text = (QTI_FIXTURES / "qti3_choice_multiple.xml").read_text(encoding="utf-8")
    path = write(
        tmp_path / "item.xml", text.replace('map-key="J" mapped-value="2"', 'map-key="J" mapped-value="x"')
    )
    with pytest.raises(ImportFormatError) as caught:
        import_qti(path)
    assert str(caught.value) == (
        f"{path}: /qti-assessment-item/qti-response-declaration[1]/qti-mapping[1]/qti-map-entry[1]: "
        "mappedValue='x' is not a number"
    )


def test_single_unsupported_item_is_an_error(tmp_path: Path) -> None:
    choice = '<simpleChoice identifier="a">A</simpleChoice>'
    order = f'<orderInteraction responseIdentifier="RESPONSE">{choice}</orderInteraction>'
    path = write(tmp_path / "o.xml", item(order, declaration(["a"])))
    with pytest.raises(
        ImportFormatError, match="unsupported interaction orderInteraction: no ordering question type"
    ):
        import_qti(path)


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.xml", '<assessmentItem xmlns="x">\n<itemBody>\n</assessmentItem>')
    with pytest.raises(ImportFormatError, match=r"bad\.xml:3: malformed XML"):
        import_qti(path)


@pytest.mark.parametrize(
    ("fixture", "problem"),
    [
        ("billion_laughs.xml", "XML entity declaration 'lol' refused: entities allow expansion bombs"),
        ("external_entity.xml", "external entity 'secret' (file:///etc/passwd) refused"),
        ("doctype_only.xml", "external DTD (http://example.invalid/qti.dtd) refused"),
    ],
)
def test_dangerous_xml_is_refused_with_the_reason(
    fixture: str, problem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = QTI_FIXTURES / fixture
    with pytest.raises(ImportFormatError) as caught:
        import_qti(path)
    assert str(caught.value).startswith(f"{path}: {problem}")
    assert main(["pack", "import", str(path), "--out", str(tmp_path / "out.yaml")]) == 1
    assert capsys.readouterr().err.startswith(f"error: {path}: {problem}")
    assert not (tmp_path / "out.yaml").exists()


def test_internal_dtd_without_entities_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "dtd.xml", "<!DOCTYPE a [<!ELEMENT a ANY>]><a/>")
    with pytest.raises(ImportFormatError, match="document type declaration"):
        import_qti(path)


def test_imported_source_loads(tmp_path: Path) -> None:
    for fixture in ("qti3_choice_multiple.xml", "qti3_numeric_relative.xml"):
        out = tmp_path / f"{fixture}.yaml"
        write_source(import_qti(QTI_FIXTURES / fixture).source, out)
        assert load_source(out).pack.question_count == 1
