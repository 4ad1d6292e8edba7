"""Issue 25, the handouts' languages: English citations in a Spanish or Arabic handout are
marked as English (HTML ``lang``, and ``dir`` so that their full stops fall at their end; the
PDF's structure tags carry /Lang), the translator's line and the editors' name are in the
handout's language, and the Arabic and Spanish exercise names are the ones clinicians use,
not word-for-word calques of the English."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest

import rehabkit as rk
from rehabkit._core.i18n import speaking
from rehabkit._view.handout import view_model
from rehabkit._view.handout_sources import short_lines
from tests.handout_helpers import Element, html_handout
from tests.pdf_reading import poppler_available, poppler_pages, squeeze, write

personalise = functools.partial(rk.personalise, allow_example=True)
START = dt.date(2026, 12, 1)
KNEE = rk.bundled("runners-knee")
TRANSLATED = ("es", "ar")
needs_poppler = pytest.mark.skipif(not poppler_available(), reason="poppler not installed")


@functools.cache
def _plan(language: str) -> rk.Plan:
    return personalise(KNEE, patient="Ana López", side="left", start=START, language=language)


@functools.cache
def _pdf(language: str) -> bytes:
    return rk.export(_plan(language), "pdf")


def _citations(language: str = "en") -> list[str]:
    """The sources as published, as the patient's handout in ``language`` cites them (in
    short, issue 25; the clinician's copy cites them in full): every one but the editors'
    own entry."""
    with speaking(language):
        short = short_lines(KNEE)
    return [c for c, r in zip(short, KNEE.sources, strict=True) if not r.editorial]


def _inside(root: Element, text: str) -> list[list[Element]]:
    """The chain of elements (outermost first) around each place ``text`` is said whole."""
    found: list[list[Element]] = []

    def visit(element: Element, chain: list[Element]) -> None:
        for child in element.children:
            if isinstance(child, str):
                if " ".join(child.split()) == text:
                    found.append(chain)
            else:
                visit(child, [*chain, child])

    visit(root, [])
    return found


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_english_citation_in_a_translated_html_handout_is_marked_english(
    language: str,
) -> None:
    page = html_handout(_plan(language))
    assert page.find("html").attrs["lang"] == language
    # The handout's own word for "et al." in a citation is marked as in the handout's
    # language (tests/test_handout_sources_short.py): the English either side of it is
    # marked English.
    et_al = view_model(_plan(language))["about"]["et_al"]  # None: not marked apart
    for citation in _citations(language):
        pieces = citation.split(et_al) if et_al else [citation]
        for piece in filter(None, (p.strip() for p in pieces)):
            places = _inside(page, " ".join(piece.split()))
            assert places, piece
            for chain in places:
                nearest = next(e for e in reversed(chain) if "lang" in e.attrs)
                assert nearest.attrs["lang"] == KNEE.language, piece
                assert nearest.attrs.get("dir") == "ltr", piece


def test_an_english_handout_marks_no_citation() -> None:
    page = html_handout(_plan("en-GB"))
    assert page.find_all("bdi") == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_pdfs_structure_tags_say_the_citations_are_english(language: str) -> None:
    """Typst writes the language of a passage set with ``text(lang:)`` as /Lang of its
    structure element: a screen reader reading the tagged PDF switches voice there."""
    reader = pypdf.PdfReader(io.BytesIO(_pdf(language)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == language
    langs: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/Lang" in node:
                langs.append(str(node["/Lang"]))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(root["/StructTreeRoot"])
    assert langs.count(KNEE.language) == len(_citations())


@needs_poppler
def test_an_english_citation_in_an_arabic_pdf_ends_with_its_full_stop(tmp_path: Path) -> None:
    """Laid out right to left, "... Flawless Physio; 2022-12-04." read ".2022-12-04": the
    full stop at the start of the line, where an English reader does not look for it."""
    text = "\n".join(poppler_pages(write(_pdf("ar"), tmp_path), layout=False))
    reference = KNEE.reference(KNEE.based_on or "")
    assert reference.date is not None
    date = reference.date.isoformat()
    assert f"{date}." in text
    assert f".{date}" not in text


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_translator_and_the_editors_are_named_in_the_handouts_language(language: str) -> None:
    page = html_handout(_plan(language))
    about = page.find("section", aria_labelledby="about").text()
    for english in ("rehabkit editors", "draft translation", "Choices made by"):
        assert english not in about, english
    said = {"es": "Traducido por los editores de rehabkit", "ar": "الترجمة: محررو rehabkit"}[
        language
    ]
    assert said in about
    editorial = {"es": "Decisiones de los editores", "ar": "اختيارات محرري"}[language]
    assert editorial in about


def test_an_authors_name_may_be_translated_and_may_be_left_as_it_is() -> None:
    """A group's name (the editors) reads in the handout's language; a person's name stays
    as it is: the key is optional, and checked like any other when given."""
    texts = dict(rk.source_texts(KNEE))
    texts = {k: f"[{v}]" for k, v in texts.items()}
    base = {"protocol": KNEE.id, "version": KNEE.version, "language": "es",
            "translator": rk.Person(name="Ana")}  # fmt: skip
    without = rk.Translation(**base, text=texts)  # type: ignore[arg-type]
    assert rk.translation_problems(without, KNEE) == []
    named = rk.Translation(**base, text={**texts, "authors[0].name": "los editores"})  # type: ignore[arg-type]
    assert rk.translation_problems(named, KNEE) == []
    assert rk.translate(KNEE, named).authors[0].name == "los editores"
    wrong = rk.Translation(**base, text={**texts, "authors[7].name": "nadie"})  # type: ignore[arg-type]
    [problem] = rk.translation_problems(wrong, KNEE)
    assert problem.path == "text.authors[7].name"


@pytest.mark.parametrize(
    ("language", "calques", "names"),
    [
        ("ar", ("المدى الداخلي", "رافعة", "الضحل", "الجلوس على الجدار"),
         ("تمرين مد الركبة فوق الأسطوانة", "نصف القرفصاء", "الجلوس مستندا إلى الجدار")),
        ("es", ("palanca larga", "rango interno", "poco profunda"),
         ("Puente con las piernas casi estiradas", "Sentadilla parcial")),
    ],
)  # fmt: skip
def test_exercise_names_are_the_clinicians_not_calques(
    language: str, calques: tuple[str, ...], names: tuple[str, ...], tmp_path: Path
) -> None:
    html = rk.export(_plan(language), "html", embed_fonts=False).decode()
    for calque in calques:
        assert calque not in html, calque
    for name in names:
        assert name in html, name
    if poppler_available():
        text = squeeze("\n".join(poppler_pages(write(_pdf(language), tmp_path), layout=False)))
        for name in names:
            assert squeeze(name) in text, name


def test_the_editors_entry_is_said_once_in_the_list_of_sources() -> None:
    page = html_handout(_plan("es"))
    items = [li.text() for li in page.find("section", aria_labelledby="about").find_all("li")]
    assert sum(bool(re.match("Decisiones de los editores", item)) for item in items) == 1
    assert len(items) == len(KNEE.sources)


# --------------------------------------------------------------------------- the catalogs

LOCALE = Path(rk.__file__).parent / "locale"


def _messages(language: str) -> list[tuple[str, str]]:
    from babel.messages.pofile import read_po

    path = LOCALE / language / "LC_MESSAGES" / "rehabkit.po"
    with path.open("rb") as f:
        return [(m.id, m.string) for m in read_po(f) if isinstance(m.id, str) and m.id]


# Arabic nouns counted: 3-10 take the plural, 11 and up the singular, so a message with no
# plural forms cannot put one after a number it does not know.
_COUNTED = "جلسات|جلسة|تكرارات|تكرارا|مرات|أيام|يوما|درجات|درجة|أسابيع|دقائق|ثوان|مجموعات"


def test_arabic_puts_no_counted_noun_after_a_number_it_cannot_agree_with() -> None:
    wrong = [
        (msgid, text)
        for msgid, text in _messages("ar")
        if re.search(r"\{n\}\s+(" + _COUNTED + ")", text)
    ]
    assert wrong == []


def test_arabic_says_how_often_varies_in_its_own_words() -> None:
    texts = dict(_messages("ar"))
    assert "ليس نفس الشيء" not in texts["not the same for every exercise; see the table"]
    assert texts["How often: not the same for every exercise; see the table."].startswith(
        "عدد المرات:"
    )  # the label the handout uses elsewhere, not "كم مرة"


@pytest.mark.parametrize(
    ("msgid", "calque", "natural"),
    [
        ("pain back to usual within {time}", "de vuelta a lo habitual", "volvió a lo habitual"),
        ("{symptom} reported", "comunicado", "se indicó"),  # "fiebre comunicado" disagreed
        ("move through {angle}", "a lo largo de", "arco"),
        ("knee bend {angle} degrees", "doblada {angle}", "doblada a {angle}"),
    ],
)
def test_spanish_says_it_as_a_clinician_would(msgid: str, calque: str, natural: str) -> None:
    text = dict(_messages("es"))[msgid]
    assert calque not in text and natural in text


def test_the_title_of_the_source_a_translated_handout_is_based_on_is_marked_english() -> None:
    for language in TRANSLATED:
        page = html_handout(_plan(language))
        about = page.find("section", aria_labelledby="about")
        reference = KNEE.reference(KNEE.based_on or "")
        [title] = [b for b in about.find_all("bdi") if b.text() == reference.title]
        assert title.attrs["lang"] == KNEE.language and title.attrs["dir"] == "ltr"
    english = html_handout(_plan("en-GB")).find("section", aria_labelledby="about")
    assert english.find_all("bdi") == []
