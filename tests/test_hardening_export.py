"""Files that validate export in every format, and report text stays text (issue 29,
items 10 and 12; each case failed on main)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

import rehabkit as rk

from .helpers import exercise_data, problem_pairs, protocol_data

# ------------------------------------------------------------- noncharacters are not text

# Unicode's noncharacters: the last two of every plane and U+FDD0-U+FDEF. XML 1.0 has no
# U+FFFE or U+FFFF, so a FHIR narrative holding one is not XML; Typst sets none of them.
NONCHARACTERS = ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"]


@pytest.mark.parametrize("bad", NONCHARACTERS)
def test_noncharacters_are_refused_at_validation_with_their_path(bad: str) -> None:
    data = protocol_data()
    data["exercises"][0]["steps"][1] = f"Straighten {bad} the knee."
    assert problem_pairs(data) == [
        (
            "exercises[0].steps",
            f"steps contains the character U+{ord(bad):04X} at position 11: control"
            " characters, noncharacters and lone surrogates are not text",
        )
    ]


def test_noncharacters_are_refused_in_a_plan_a_log_and_a_translation() -> None:
    plan = rk.to_data(rk.personalise(rk.bundled("runners-knee"), start="2026-12-01"))
    plan["patient"] = "Ann \uffff"
    assert [p.path for p in rk.validate(plan, rk.Plan)] == ["patient"]


# ------------------------------------------------------------- language tags


@pytest.mark.parametrize(
    ("tag", "lang", "region", "html_lang"),
    [
        ("es-419", "es", None, "es-419"),
        ("zh-Hant", "zh", None, "zh-Hant"),
        ("zh-hant-tw", "zh", "TW", "zh-Hant-TW"),
        ("en-GB", "en", "GB", "en-GB"),
        ("EN-gb", "en", "GB", "en-GB"),
        ("sr-Latn-RS", "sr", "RS", "sr-Latn-RS"),
        ("de-CH-1996", "de", "CH", "de-CH-1996"),
        ("ast", "ast", None, "ast"),
    ],
)
def test_a_language_tag_gives_typst_its_language_and_region(
    tag: str, lang: str, region: str | None, html_lang: str
) -> None:
    from rehabkit._view.handout import view_model

    data = protocol_data()
    data["language"] = tag
    meta = view_model(rk.from_data(data))["meta"]
    assert (meta["lang"], meta["region"], meta["language"]) == (lang, region, html_lang)


@pytest.mark.parametrize("tag", ["es-419", "zh-Hant", "sr-Latn-RS", "de-CH-1996"])
def test_every_language_tag_the_schema_takes_exports_a_pdf_and_html(tag: str) -> None:
    pytest.importorskip("typst")
    data = protocol_data()
    data["language"] = tag
    protocol = rk.from_data(data)
    assert rk.export(protocol, "pdf").startswith(b"%PDF")
    assert f'<html lang="{tag}"'.encode() in rk.export(protocol, "html")


# ------------------------------------------------------------- poses


@pytest.mark.parametrize(
    ("position", "view"),
    [("lying_on_back", "front"), ("lying_on_front", "front"), ("lying_on_left_side", "side")],
)
def test_a_view_a_position_cannot_be_drawn_from_is_refused_at_validation(
    position: str, view: str
) -> None:
    data = protocol_data()
    pose = exercise_data(data, "inner-range-quads")["pose"]
    pose["position"], pose["view"] = position, view
    pose.pop("props", None)
    [(path, message)] = problem_pairs(data)
    assert path == "exercises[0].pose.view"
    assert f"cannot be drawn from the {view}" in message


# ------------------------------------------------------------- markdown reports (item 12)

HOSTILE = (
    "<img src=x onerror=alert(1)> [click](javascript:alert(1)) <javascript:alert(2)>"
    " **bold** | pipe `tick` <script>alert(3)</script>\nsecond line &amp; ![i](x.png)"
)


def _hostile_protocol() -> rk.Protocol:
    data = protocol_data()
    data["version"] = "2.0.0 `<img src=y onerror=alert(4)>`\n# not a heading"
    for statement in data["reporting"].values():
        statement["text"] = HOSTILE
    for exercise in data["exercises"]:
        for item in exercise.get("equipment", []):
            item["name"] = HOSTILE
    data["supervision"] = HOSTILE
    return rk.from_data(data)


@pytest.mark.parametrize("checklist", ["cert", "tidier"])
def test_a_markdown_report_shows_hostile_text_as_text(checklist: str) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    report = rk.report(_hostile_protocol(), checklist)
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(report.to_markdown())
    for markup in ("<img", "<script", "<a ", "<em>", "<h1>", "<code>tick"):
        assert markup not in html
    assert html.count("<strong>") == 1  # the report's own heading, none from the text
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown, word for word
    # One table row per item: a pipe or a newline in the text splits no cell, ends no row.
    body = ET.fromstring(f"<r>{html.replace('<br>', '<br/>')}</r>").find(".//tbody")
    assert body is not None
    rows = list(body)
    assert len(rows) == len(report.items)
    assert all(len(row) == 6 for row in rows)


def test_the_markdown_report_and_the_fhir_markdown_share_one_escape() -> None:
    from rehabkit._core import markdown
    from rehabkit._formats.fhir import export as fhir_export
    from rehabkit._view import reporting

    assert fhir_export.markdown_literal is markdown.markdown_literal
    assert reporting.markdown_literal is markdown.markdown_literal


def test_a_report_json_is_unchanged_by_the_escape() -> None:
    report = rk.report(_hostile_protocol(), "cert")
    said = json.dumps(report.to_data())
    assert json.dumps(HOSTILE)[1:-1] in said
