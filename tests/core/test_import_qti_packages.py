"""QTI import of assessmentTests and content packages: item files, sections, what is skipped or refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from exam_app.core.importers.errors import ImportFormatError
from exam_app.core.importers.qti import import_qti
from tests.support.qti_docs import (
    QTI_FIXTURES,
    assessment_test,
    choices,
    declaration,
    good_item,
    item,
    manifest,
    ref,
    resource,
    write,
)


def test_test_imports_good_items_and_reports_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "package"
    write(folder / "items" / "a.xml", good_item("a"))
    hotspot = '<hotspotInteraction responseIdentifier="RESPONSE" maxChoices="1"/>'
    write(folder / "items" / "h.xml", item("<p>Where?</p>" + hotspot, declaration(["x"])))
    two = '<textEntryInteraction responseIdentifier="R1"/><textEntryInteraction responseIdentifier="R2"/>'
    write(folder / "items" / "two.xml", item(f"<p>{two}</p>"))
    write(tmp_path / "outside.xml", good_item("outside"))  # exists, but outside the test's folder
    hrefs = (
        "items/a.xml",
        "items/h.xml",
        "items/two.xml",
        "items/gone.xml",
        "../outside.xml",
        "http://x/y.xml",
    )
    test = write(folder / "test.xml", assessment_test("".join(ref(href) for href in hrefs)))
    result = import_qti(test)
    assert result.source["title"] == "My test"
    (section,) = result.source["sections"]
    assert (section["id"], section["title"]) == ("s1", "Part one")
    assert [question["id"] for question in section["questions"]] == ["a"]
    warnings = "\n".join(result.warnings)
    hotspot_file = folder / "items" / "h.xml"
    assert f"{hotspot_file}: /assessmentItem/itemBody[1]/hotspotInteraction[1]: unsupported" in warnings
    assert "2 interactions in one item" in warnings
    assert "referenced file items/gone.xml not found" in warnings
    assert "href '../outside.xml': resolved path contains '..'" in warnings
    assert "href 'http://x/y.xml' points outside the package" in warnings
    assert len(result.warnings) == 5
    with pytest.raises(ImportFormatError, match="unsupported interaction hotspotInteraction"):
        import_qti(test, strict=True)


def test_selection_becomes_draw_when_the_pool_is_big_enough(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        write(tmp_path / f"{name}.xml", good_item(name))
    refs = "".join(ref(f"{name}.xml") for name in "abc")
    drawn = import_qti(write(tmp_path / "t1.xml", assessment_test(refs, selection='<selection select="2"/>')))
    assert drawn.source["sections"][0]["draw"] == 2
    too_many = import_qti(
        write(tmp_path / "t2.xml", assessment_test(refs, selection='<selection select="4"/>'))
    )
    assert "draw" not in too_many.source["sections"][0]
    assert any("selection of 4 not imported" in warning for warning in too_many.warnings)


def test_image_only_choices_are_skipped(tmp_path: Path) -> None:
    body = choices('<img src="a.png" alt="flag"/>', '<img src="b.png" alt="flag"/>')
    write(tmp_path / "img.xml", item("<p>Which flag?</p>" + body, declaration(["c0"])))
    write(tmp_path / "a.xml", good_item("a"))
    result = import_qti(write(tmp_path / "t.xml", assessment_test(ref("img.xml") + ref("a.xml"))))
    assert [q["id"] for q in result.source["sections"][0]["questions"]] == ["a"]
    assert any("choice texts are empty or repeated" in warning for warning in result.warnings)


def test_nothing_importable_is_an_error_naming_the_first_problem(tmp_path: Path) -> None:
    write(tmp_path / "h.xml", item('<hotspotInteraction responseIdentifier="RESPONSE"/>'))
    with pytest.raises(
        ImportFormatError, match=r"no questions could be imported; first problem: .*hotspotInteraction"
    ):
        import_qti(write(tmp_path / "t.xml", assessment_test(ref("h.xml"))))


def test_content_package_imports_tests_then_unreferenced_items(tmp_path: Path) -> None:
    resources = (
        resource("imsqti_test_xmlv2p1", "tests/test.xml")
        + resource("imsqti_item_xmlv2p1", "items/a.xml")
        + resource("imsqti_item_xmlv2p1", "items/extra.xml")
        + resource("webcontent", "style.css")
    )
    package = tmp_path / "package.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("imsmanifest.xml", manifest(resources))
        archive.writestr("tests/test.xml", assessment_test(ref("../items/a.xml")))
        archive.writestr("items/a.xml", good_item("a"))
        archive.writestr("items/extra.xml", good_item("extra"))
    result = import_qti(package)
    assert result.warnings == []
    assert result.source["title"] == "My test"
    assert result.source["id"] == "package"
    sections = [(s["id"], [q["id"] for q in s["questions"]]) for s in result.source["sections"]]
    assert sections == [("s1", ["a"]), ("items", ["extra"])]
    # The same package read from its unpacked folder, starting at the manifest.
    with zipfile.ZipFile(package) as archive:
        archive.extractall(tmp_path / "unpacked")
    unpacked = import_qti(tmp_path / "unpacked" / "imsmanifest.xml").source
    assert [s["questions"] for s in unpacked["sections"]] == [
        s["questions"] for s in result.source["sections"]
    ]


def test_package_errors_name_the_member(tmp_path: Path) -> None:
    package = tmp_path / "package.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("imsmanifest.xml", manifest(resource("imsqti_item_xmlv2p1", "items/a.xml")))
        archive.writestr("items/a.xml", item(choices("a", "b")))
    with pytest.raises(ImportFormatError) as caught:
        import_qti(package, strict=True)
    assert str(caught.value).startswith(
        f"{package}/items/a.xml: /assessmentItem/itemBody[1]/choiceInteraction[1]:"
    )


def test_unsafe_item_inside_a_package_stops_the_import(tmp_path: Path) -> None:
    package = tmp_path / "package.zip"
    resources = resource("imsqti_item_xmlv2p1", "items/a.xml") + resource(
        "imsqti_item_xmlv2p1", "items/bomb.xml"
    )
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("imsmanifest.xml", manifest(resources))
        archive.writestr("items/a.xml", good_item("a"))
        archive.writestr("items/bomb.xml", (QTI_FIXTURES / "billion_laughs.xml").read_bytes())
    with pytest.raises(ImportFormatError, match=r"items/bomb\.xml: XML entity declaration"):
        import_qti(package)


def test_zip_without_manifest_or_with_unsafe_members_is_refused(tmp_path: Path) -> None:
    bare = tmp_path / "bare.zip"
    with zipfile.ZipFile(bare, "w") as archive:
        archive.writestr("item.xml", good_item("a"))
    with pytest.raises(ImportFormatError, match="not an IMS content package"):
        import_qti(bare)
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("imsmanifest.xml", manifest(""))
        archive.writestr("../item.xml", good_item("a"))
    with pytest.raises(ImportFormatError, match=r"'\.\./item\.xml': member name contains '\.\.'"):
        import_qti(evil)


def test_item_linked_from_outside_the_folder_is_not_read(tmp_path: Path) -> None:
    write(tmp_path / "secret.xml", good_item("secret"))
    write(tmp_path / "package" / "a.xml", good_item("a"))
    (tmp_path / "package" / "link.xml").symlink_to(tmp_path / "secret.xml")
    test = write(tmp_path / "package" / "t.xml", assessment_test(ref("a.xml") + ref("link.xml")))
    result = import_qti(test)
    assert [q["id"] for q in result.source["sections"][0]["questions"]] == ["a"]
    assert result.warnings == [f"{tmp_path / 'package' / 'link.xml'}: links outside the folder; not read"]
