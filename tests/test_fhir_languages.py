"""Spanish and Arabic FHIR bundles speak their language (issue 26): every human text
rehabkit writes into one (the narrative, dose sentences, instructions, titles, the side,
the labels) comes from the protocol's translation or rehabkit's catalog, never English;
the narrative says its language (lang and xml:lang, as FHIR asks) and, for Arabic, its
direction; Markdown fields escape only what Markdown needs, and XHTML nothing of it."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

import rehabkit as rk
from rehabkit._core.markdown import markdown_literal

START = dt.date(2026, 12, 1)
Q = rk.Quantity
U = rk.Unit

#: English rehabkit itself writes: dose sentences, the side, labels, statuses, headings.
#: None of these is a Spanish or Arabic word.
ENGLISH = (
    "sets", "repetitions", "hold", "rest", "seconds", "minutes", "once a day",
    "every other day", "isometric", "left leg", "right leg", "left", "right", "leg",
    "Stop and get help", "When to stop", "Care plan", "Status", "Exercise", "Instruction",
    "Goal", "Target", "at most", "Patient", "Condition", "Body site", "Body structure",
    "Practitioner", "Observation", "Activity", "Progress", "Regress", "Dose from this phase",
    "from this phase", "Pain during", "Pain after exercise", "Time for pain to settle",
    "Sets done", "Next morning", "Worse", "Swelling", "active", "completed", "Protocol",
    "not recorded", "the patient",
)  # fmt: skip
_ENGLISH = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b", re.IGNORECASE)


def _plan(language: str) -> rk.Plan:
    return rk.personalise(
        rk.bundled("runners-knee"), patient="Ana López", patient_id="MRN-7", side="left",
        start=START, region="GB", language=language, clinician="Sam Physio",
    )  # fmt: skip


def _log(plan: rk.Plan) -> rk.SessionLog:
    first = plan.exercises[0].exercise
    entries = [
        rk.SessionEntry(date=START, exercise=first, sets=3, repetitions=10, hold=Q(5, U.SECOND),
                        pain_during=2, pain_after=1, pain_settled_after=Q(20, U.MINUTE),
                        next_morning=rk.NextMorning.WORSE, symptoms=(rk.Symptom.SWELLING,)),
    ]  # fmt: skip
    return rk.SessionLog(protocol=plan.protocol.id, patient=plan.patient,
                         patient_id=plan.patient_id, entries=entries)  # fmt: skip


def _bundles(language: str, version: str) -> dict[str, dict[str, Any]]:
    plan = _plan(language)
    exported = {
        "protocol": rk.export(plan.protocol, "fhir", fhir_version=version),
        "plan": rk.export(plan, "fhir", fhir_version=version),
        "log": rk.export(_log(plan), "fhir", fhir_version=version, plan=plan),
    }
    return {kind: json.loads(data) for kind, data in exported.items()}


def human_texts(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text written for a person to read: narratives, descriptions, titles,
    instructions, a concept's text, notes. Not a coding's display (its code system's
    words), a citation's title, a name, an identifier or a code."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("coding", "relatedArtifact", "identifier", "name", "telecom"):
                continue
            if key in ("div", "text", "description", "title", "instructionMarkdown") and (
                isinstance(value, str)
            ):
                yield f"{path}.{key}", value
            else:
                yield from human_texts(value, f"{path}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from human_texts(value, f"{path}[{i}]")


@pytest.mark.parametrize("version", ["R4", "R5"])
@pytest.mark.parametrize("language", ["es", "ar"])
def test_no_english_in_a_spanish_or_arabic_bundle(language: str, version: str) -> None:
    found = [
        (kind, path, match.group(0))
        for kind, bundle in _bundles(language, version).items()
        for path, text in human_texts(bundle)
        for match in [_ENGLISH.search(re.sub(r"<[^>]+>", " ", text))]
        if match
    ]
    assert found == []


@pytest.mark.parametrize("language", ["es", "ar"])
def test_the_side_is_said_in_the_bundles_language(language: str) -> None:
    """The plan's side reaches the instructions through the catalog ("pierna izquierda",
    "الساق اليسرى"), as the handout says it."""
    from rehabkit._core.i18n import gettext, speaking

    with speaking(language):
        left_leg = gettext("left leg")
    assert left_leg != "left leg"
    said = json.dumps(_bundles(language, "R5")["plan"], ensure_ascii=False)
    assert left_leg in said


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_the_narrative_says_its_language_and_arabic_its_direction(version: str) -> None:
    for language, direction in (("es", None), ("ar", "rtl")):
        for bundle in _bundles(language, version).values():
            for e in bundle["entry"]:
                div = e["resource"]["text"]["div"]
                assert f' lang="{language}" xml:lang="{language}"' in div
                assert ('dir="rtl"' in div) is (direction == "rtl")
    english = json.loads(rk.export(_plan("en"), "fhir", fhir_version=version))
    assert all('dir="rtl"' not in e["resource"]["text"]["div"] for e in english["entry"])


def test_the_instruction_markdown_escapes_only_what_markdown_needs() -> None:
    bundle = _bundles("en", "R5")["plan"]
    requests = [e["resource"] for e in bundle["entry"]
                if e["resource"]["resourceType"] == "ServiceRequest"]  # fmt: skip
    said = " ".join(i["instructionMarkdown"] for r in requests for i in r["patientInstruction"])
    assert "hold still (isometric)" in said
    assert not re.search(r"\\[.():,'\"!=]", said)
    # The XHTML narrative shows the words, with no Markdown escape at all.
    divs = " ".join(r["text"]["div"] for r in requests)
    assert "hold still (isometric)" in divs and "\\" not in divs


TRICKY = [
    "hold still (isometric). 1. Press down; 2) relax.",
    "1. a list?\n2) another\n# a heading?\n- an item?\n+ another\n> a quote?\n===\n---",
    "<script>alert(1)</script> <img src=x> [x](javascript:alert(1)) ![i](x.png)",
    "**bold** __bold__ *em* _em_ `code` ~~gone~~ | a | b | &amp; &lt;",
    "see https://example.org or www.nhs.uk or ask@clinic.org",
    "    four spaces\n\ta tab\nback\\slash\\",
]


@pytest.mark.parametrize("text", TRICKY)
def test_escaped_text_renders_as_exactly_the_text(text: str) -> None:
    """CommonMark with GFM's tables and strikethrough renders the escaped text as one
    paragraph of the same words: nothing became markup. (GFM's autolinks need
    linkify-it, not installed here: their "://", "www." and "@" are checked escaped.)"""
    markdown_it = pytest.importorskip("markdown_it")
    from html import escape

    renderer = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    html = renderer.render(markdown_literal(text))
    words = "\n".join(line.lstrip(" \t") for line in text.splitlines())
    assert html.startswith("<p>") and html.count("<p>") == 1
    assert html.removeprefix("<p>").removesuffix("</p>\n") == escape(words, quote=False)


def test_plain_text_links_are_escaped_for_gfm() -> None:
    said = markdown_literal("https://example.org www.nhs.uk ask@clinic.org")
    assert said == "https\\://example.org www\\.nhs.uk ask\\@clinic.org"
