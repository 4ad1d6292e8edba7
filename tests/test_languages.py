"""Issue 14: handouts in the patient's language. A protocol's text comes from a
translation document, rehabkit's own words from gettext catalogs; Arabic runs right to
left. The handouts are read back with poppler (PDF) and a parser of the HTML."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import gettext
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import rehabkit as rk
from rehabkit._app.cli import main
from rehabkit._core import i18n as _i18n
from rehabkit._view import handout
from rehabkit._view.handout import view_model
from rehabkit._view.handout_sources import JOURNAL_ISSUE, short_lines

from .handout_helpers import html_handout, printed_strings
from .pdf_reading import poppler_available, write

# The tutorial's example protocol is marked as one; these tests make plans of it on purpose.
personalise = functools.partial(rk.personalise, allow_example=True)


ROOT = Path(__file__).parents[1]
LOCALE = ROOT / "src" / "rehabkit" / "locale"
START = dt.date(2026, 12, 1)
KNEE = rk.bundled("runners-knee")
LANGUAGES = ("es", "ar")
needs_poppler = pytest.mark.skipif(not poppler_available(), reason="poppler not installed")


def _plan(language: str | None = None, **extra: object) -> rk.Plan:
    return personalise(
        KNEE, patient="Ana López", side="left", start=START, region="GB",
        language=language, **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def _translation(language: str) -> dict[str, object]:
    path = ROOT / "protocols" / "translations" / f"runners-knee.{language}.json"
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


# Poppler lays out right-to-left lines with its own spacing around numbers, marks the runs
# of other directions, and may put a comma next to a number on its other side ("،10" for
# "10،"): what must hold is the letters and digits, in logical order.
_LAYOUT = re.compile(r"[\s\u00ad\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


# Poppler guesses a block's direction from its letters: the "About" block, which holds the
# English citations and names, it reads as left to right, and so gives the phrases of the
# Arabic disclaimer above them in reverse order (alone, with Arabic sources, they come out
# in order). For it, each word must be there. The clinician's note on the wall sit's angle
# is in the same case where the handout's pages fall so that it shares a page with those
# citations (two-panel drawings, issue 25, shorten the exercise pages).
_POPPLER_BLOCK_DIRECTION = {
    ("pdf", "ar", "disclaimer"),
    ("pdf", "ar", "exercises[wall-sit].joint_angles[0].note"),
}


def _squeeze(text: str) -> str:
    text = _LAYOUT.sub("", unicodedata.normalize("NFKC", text))
    return "".join(c for c in text if not unicodedata.category(c).startswith("P"))


def _pdf_text(document: rk.Plan, folder: Path) -> str:
    import subprocess

    path = write(rk.export(document, "pdf"), folder)
    # The page's text without its footer (title and page number, in the bottom 50 points
    # of an A4 page), so that a text running over a page break reads as one.
    crop = ["-x", "0", "-y", "0", "-W", "2000", "-H", "792"]
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", *crop, str(path), "-"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    return out


class _Text(HTMLParser):
    """The text a reader sees in the HTML: not the style sheet, not the drawings."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._skip += tag in ("style", "svg", "title")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "svg", "title")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _html_text(document: rk.Plan) -> str:
    parser = _Text()
    parser.feed(rk.export(document, "html", embed_fonts=False).decode("utf-8"))
    return " ".join(parser.parts)


def _printed_keys(english: str) -> list[tuple[str, bool]]:
    """The translation keys whose English text the English handout prints, in the order it
    prints them, each with whether its place is certain (a short text may also stand
    inside a longer one: "Patellofemoral pain" inside "Patellofemoral pain syndrome")."""
    found = []
    texts = rk.source_texts(KNEE)
    repeated = {t for t in texts.values() if list(texts.values()).count(t) > 1}
    for key, text in texts.items():
        filled = _squeeze(text.replace("{other leg}", "right leg").replace("{leg}", "left leg"))
        at = english.find(filled)
        if at >= 0:
            found.append((at, key, len(filled) >= 30 and text not in repeated))
    return [(key, certain) for _, key, certain in sorted(found)]


def _filled(text: str, language: str) -> str:
    with _i18n.speaking(language):
        return text.replace("{other leg}", _i18n.gettext("right leg")).replace(
            "{leg}", _i18n.gettext("left leg")
        )


@needs_poppler
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_handout_prints_every_translated_text_in_order(language: str, tmp_path: Path) -> None:
    """Each text the English handout prints is printed translated, found letter for letter
    in what poppler and the HTML parser read, in the same order as the English; English
    leaves 0 of them behind."""
    english = _squeeze(_pdf_text(_plan(), tmp_path))
    keys = _printed_keys(english)
    assert len(keys) >= 60  # all but the escalation text and the other region's help
    texts = _translation(language)["text"]
    assert isinstance(texts, dict)
    plan = _plan(language)
    for reader, text in (("pdf", _pdf_text(plan, tmp_path)), ("html", _html_text(plan))):
        squeezed = _squeeze(text)
        places = []
        for key, certain in keys:
            if (reader, language, key) in _POPPLER_BLOCK_DIRECTION:
                words = [_squeeze(w) for w in _filled(texts[key], language).split()]
                assert all(w in squeezed for w in words), f"{reader}: {key}"
                continue  # and its place is not certain either
            wanted = _squeeze(_filled(texts[key], language))
            assert wanted in squeezed, f"{reader}: {key} {texts[key]!r}"
            if certain:
                places.append(squeezed.find(wanted))
        assert len(places) >= 40 and places == sorted(places), f"{reader}: out of order"
        # the sources are cited in their own language: an English title is not left over
        for ref in KNEE.sources:
            squeezed = squeezed.replace(_squeeze(ref.title), "")
        left = [k for k, _ in keys if _squeeze(rk.source_texts(KNEE)[k]) in squeezed]
        assert left == [], f"{reader}: English text left: {left}"


def _catalog_phrases() -> list[str]:
    """The fixed words of every English message of the catalogs: what a handout left in
    English would show (placeholders split them; short words alone prove nothing)."""
    template = read_po((LOCALE / "rehabkit.pot").open("rb"))
    phrases = []
    for message in template:
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            phrases += [p.strip() for p in re.split(r"\{\w+\}", text) if len(p.strip()) >= 12]
    return phrases


@needs_poppler
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_label_is_left(language: str, tmp_path: Path) -> None:
    plan = _plan(language)
    phrases = _catalog_phrases()
    assert len(phrases) > 100
    # Cited as published, in short (issue 25: the clinician's copy cites them in full); the
    # editors' own entry is said in the handout's words.
    with _i18n.speaking(language):
        short = short_lines(KNEE)
    citations = [_squeeze(c) for c, r in zip(short, KNEE.sources, strict=True) if not r.editorial]
    for reader, text in (("pdf", _pdf_text(plan, tmp_path)), ("html", _html_text(plan))):
        squeezed = _squeeze(text)
        for citation in citations:
            assert citation in squeezed
            squeezed = squeezed.replace(citation, "")
        left = [p for p in phrases if _squeeze(p) in squeezed]
        assert left == [], f"{reader}: {left}"
    # The control: the English handout does show them.
    english = _squeeze(_pdf_text(_plan(), tmp_path))
    assert sum(_squeeze(p) in english for p in phrases) > 20


def _pseudo_catalog(folder: Path) -> Path:
    """A catalog 'xx' whose every translation is the English in brackets, so that any word
    of rehabkit's left outside brackets is one that never went through gettext."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    template = read_po((LOCALE / "rehabkit.pot").open("rb"))
    catalog = Catalog(locale="en", domain="rehabkit")  # English plural rules
    for m in template:
        if m.id:
            bracketed = (
                tuple(f"\u27e6{t}\u27e7" for t in m.id)
                if isinstance(m.id, tuple)
                else f"\u27e6{m.id}\u27e7"
            )
            catalog.add(m.id, bracketed)
    target = folder / "xx" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "rehabkit.mo").open("wb") as f:
        write_mo(f, catalog)
    return folder


@pytest.mark.parametrize("side", ["left", "both", "unspecified"])
def test_every_word_of_rehabkits_own_goes_through_the_catalogs(
    side: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a pseudo-language whose translations are the English in brackets, and every
    protocol text in brackets too, nothing a handout prints is left outside brackets but
    names, numbers and citations: no English can reach a translated handout by a path
    that skips gettext."""
    monkeypatch.setattr(_i18n, "_locale_dir", lambda: str(_pseudo_catalog(tmp_path)))
    monkeypatch.setattr(_i18n, "interface_languages", lambda: ("en", "xx"))
    # Babel knows no "xx": numbers as in English, dates bracketed (Babel's own words,
    # checked in test_dates_and_numbers_follow_the_language).
    monkeypatch.setattr(_i18n, "_babel_locale", lambda: None)
    monkeypatch.setattr(handout, "long_date", lambda day: f"\u27e6{day}\u27e7")
    monkeypatch.setattr(handout, "_log_date", lambda day: f"\u27e6{day}\u27e7")
    _i18n._catalog.cache_clear()
    try:
        texts = {k: f"\u27e6{v}\u27e7" for k, v in rk.source_texts(KNEE).items()}
        pseudo = rk.Translation(protocol=KNEE.id, version=KNEE.version, language="xx",
                                translator=rk.Person(name="Test"), text=texts)  # fmt: skip
        plan = personalise(KNEE, patient="Ana López", side=side, start=START, region="GB",
                              clinician="Sam Physio", translation=pseudo)  # fmt: skip
        view = view_model(plan)
    finally:
        _i18n._catalog.cache_clear()
    allowed = {"Ana López", "Sam Physio", "Test", *(r.citation() for r in KNEE.sources)}
    # The patient's handout cites each source in short (issue 25): parts of it as published.
    for r in KNEE.sources:
        issue = JOURNAL_ISSUE.match(r.publisher or "")
        parts = (r.title, r.publisher, r.url, r.doi and f"doi:{r.doi}",
                 issue and f"{issue['journal']} {issue['year']}")  # fmt: skip
        allowed |= {*r.authors, *(p for p in parts if p)}
    allowed |= {a.name for a in KNEE.authors}
    # The clinician's notes name each rule by its id, as `rehabkit assess` does: a code to
    # look up, like a citation, not words for the patient.
    allowed |= {f"{r.id}:" for r in KNEE.progression_rules}
    leaks = []
    for path, value in printed_strings(view) + [
        (f"figure {k}", f["alt"])
        for k, f in ((e["id"], e["figure"]) for e in view["exercises"])
        if f
    ]:
        rest, before = value, None
        while rest != before:  # brackets nest: a translated phrase holds translated words
            rest, before = re.sub("\u27e6[^\u27e6\u27e7]*\u27e7", "", rest), rest
        for name in sorted(allowed, key=len, reverse=True):  # a citation holds author names
            rest = rest.replace(name, "")
        if re.search(r"[A-Za-z]{2,}", rest):
            leaks.append((path, value))
    assert leaks == []
    # The control: an English handout's strings are not bracketed at all.
    monkeypatch.undo()
    assert not any("\u27e6" in v for _, v in printed_strings(view_model(_plan())))


@needs_poppler
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_and_the_html_declare_the_language_and_direction(
    language: str, tmp_path: Path
) -> None:
    plan = _plan(language)
    reader = pypdf.PdfReader(write(rk.export(plan, "pdf"), tmp_path))
    assert reader.trailer["/Root"]["/Lang"] == language
    html = rk.export(plan, "html", embed_fonts=False).decode()
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html


@needs_poppler
def test_the_arabic_page_is_mirrored(tmp_path: Path) -> None:
    """Right to left means the page, not only the lines: in the patient box the labels
    stand at the right and the values to their left; in Spanish, the other way round."""
    import subprocess

    cases = (("ar", "الجانب", "الأيسر", True), ("es", "Lado", "Izquierdo", False))
    for language, label, value, labels_right in cases:
        path = write(rk.export(_plan(language), "pdf"), tmp_path, f"{language}.pdf")
        out = subprocess.run(
            ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        # (x min, word); poppler writes an Arabic word's letters in visual order.
        words = [
            (float(x), unicodedata.normalize("NFKC", w))
            for x, w in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]+)</word>', out)
        ]
        edge = {w: x for x, w in words} | {w[::-1]: x for x, w in words}
        assert (edge[label] > edge[value]) == labels_right, language


def _patient_box(plan: rk.Plan) -> dict[str, str]:
    """The HTML handout's patient box: each label with its value."""
    box = html_handout(plan).find("section", class_="patient")
    labels, values = box.find_all("dt"), box.find_all("dd")
    return {label.text(): value.text() for label, value in zip(labels, values, strict=True)}


def _about_translation(plan: rk.Plan) -> str | None:
    """What the HTML handout's about section says of the translation, if anything: the
    paragraph after the disclaimer and the authors."""
    about = html_handout(plan).find("section", aria_labelledby="about")
    _disclaimer, _authors, *translation = about.find_all("p")
    return translation[0].text() if translation else None


def test_dates_and_numbers_follow_the_language() -> None:
    rows = _patient_box(_plan("es"))
    assert rows["Empieza"] == "1 de diciembre de 2026"
    assert rows["Termina"] == "22 de febrero de 2027 (12 semanas)"
    arabic = _patient_box(_plan("ar"))
    assert arabic["يبدأ"] == "1 ديسمبر 2026"
    with _i18n.speaking("es"):
        assert rk.Load(amount=rk.Quantity(2.5, rk.Unit.KILOGRAM)).describe() == "2,5 kg"


def test_the_about_section_names_the_translator_and_says_it_is_not_reviewed() -> None:
    about = _about_translation(_plan("es"))
    assert about is not None
    assert (
        "los editores de rehabkit" in about and "Ningún profesional sanitario ha revisado" in about
    )
    reviewed = rk.Translation(**{
        **{k: v for k, v in _translation("es").items() if k not in ("$schema", "translator")},
        "translator": rk.Person(name="Lucía Pérez"), "reviewed": True,
        "reviewer": rk.Person(name="Dr. Ruiz", role="fisioterapeuta"),
    })  # type: ignore[arg-type]  # fmt: skip
    about = _about_translation(_plan(translation=reviewed))
    assert about is not None
    assert "Lucía Pérez" in about and "revisada por Dr. Ruiz" in about
    assert _about_translation(_plan()) is None


# --------------------------------------------------------------------------- bad translations


def _broken_spanish() -> dict[str, object]:
    data = copy.deepcopy(_translation("es"))
    texts = data["text"]
    assert isinstance(texts, dict)
    del texts["stop_criteria[urgent-locked-knee].text"]
    texts["exercises[wall-sat].name"] = "Sentadilla"
    texts["exercises[side-lying-clam].steps[1]"] = "Levante la rodilla de arriba."
    return data


def test_a_translation_missing_a_field_is_reported_with_its_path() -> None:
    problems = rk.validate(_broken_spanish())
    assert [(p.path, p.message.split(" (")[0]) for p in problems] == [
        ("text.stop_criteria[urgent-locked-knee].text", "not translated"),
        ("text.exercises[side-lying-clam].steps[1]",
         "must keep the placeholders of the original"),
        ("text.exercises[wall-sat].name", "matches no patient-facing text of runners-knee"),
    ]  # fmt: skip
    assert "stop_criteria[3].text" in problems[0].message  # where it is in the protocol
    assert rk.validate(_translation("es")) == [] and rk.validate(_translation("ar")) == []


def test_the_export_refuses_an_incomplete_translation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = {k: v for k, v in _broken_spanish().items() if k not in ("$schema", "translator")}
    broken = rk.Translation(**data, translator=rk.Person(name="Test"))  # type: ignore[arg-type]
    with pytest.raises(rk.ValidationError) as caught:
        _plan(translation=broken)
    assert "text.stop_criteria[urgent-locked-knee].text" in str(caught.value)
    path = tmp_path / "es.json"
    path.write_text(json.dumps(_broken_spanish()), encoding="utf-8")
    target = tmp_path / "handout.pdf"
    code = main(["export", "runners-knee", "--translation", str(path), "--start", "2026-12-01",
                 "-o", str(target)])  # fmt: skip
    assert code == 1 and not target.exists()
    assert "text.stop_criteria[urgent-locked-knee].text" in capsys.readouterr().err
    code = main(["validate", str(path), "--protocol", "runners-knee"])
    assert code == 1 and "not translated" in capsys.readouterr().out


def test_a_translation_of_another_version_is_refused() -> None:
    data = {**_translation("es"), "version": "0.9.0"}
    problems = rk.validate(data)
    assert [p.path for p in problems] == ["version"]


def test_a_language_with_nothing_to_say_it_in_is_a_clear_error() -> None:
    with pytest.raises(rk.RehabkitError, match=r"not translated into 'fr'.*there are: en, ar, es"):
        _plan("fr")
    with pytest.raises(
        rk.RehabkitError, match=r"no 'es' translation of achilles-example.*bundled: none"
    ):
        personalise(rk.bundled("achilles-example"), start=START, language="es")
    with pytest.raises(rk.RehabkitError, match="but the translation is into 'es'"):
        _plan("ar", translation=rk.from_data(_translation("es"), rk.Translation))
    assert _plan("en-GB").protocol is KNEE  # the protocol's own language: nothing to do


# --------------------------------------------------------------------------- the catalogs


def test_the_catalogs_hold_every_message_the_code_marks() -> None:
    """The template is what Babel extracts from the code today (scripts/update-catalogs),
    and each language translates every message, keeping its placeholders."""
    found = set()
    keywords = {"gettext": None, "ngettext": (1, 2), "N_": None, "NP_": (1, 2)}
    for _, _, message, _, _ in extract_from_dir(
        str(ROOT / "src"),
        method_map=[("**.py", "python")],
        keywords=keywords,
        directory_filter=lambda path: not Path(path).name.startswith("."),  # _exporters too
    ):
        found.add(message if isinstance(message, str) else message[0])
    template = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in read_po((LOCALE / "rehabkit.pot").open("rb"))
        if m.id
    }
    assert found == template
    for language in LANGUAGES:
        catalog = read_po((LOCALE / language / "LC_MESSAGES" / "rehabkit.po").open("rb"))
        for m in catalog:
            if not m.id:
                continue
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            assert all(strings), (language, m.id)
            fields = set(re.findall(r"\{\w+\}", " ".join(ids)))
            for s in strings:
                assert set(re.findall(r"\{\w+\}", s)) <= fields, (language, m.id, s)
        assert {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id} == template


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogs_are_current(language: str) -> None:
    """The .mo the package reads says what the .po says (run scripts/update-catalogs)."""
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "rehabkit.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for m in read_po((folder / "rehabkit.po").open("rb")):
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            for n in (1, 2, 5, 11, 100):
                want = m.string[compiled.plural(n)]  # type: ignore[attr-defined]
                assert compiled.ngettext(m.id[0], m.id[1], n) == want, (m.id, n)
        else:
            assert compiled.gettext(m.id) == m.string, m.id


def test_a_translation_is_shown_and_described_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Found trying the commands on a translation file: `rehabkit show` raised a bare
    TypeError from describe()."""
    path = str(ROOT / "protocols" / "translations" / "runners-knee.es.json")
    assert main(["show", path]) == 0
    shown = capsys.readouterr().out
    assert "es translation of runners-knee 2.0.0" in shown
    assert "82 texts" in shown and "not reviewed by a clinician" in shown
    translation = rk.load(path, rk.Translation)
    assert rk.describe(translation) == shown.rstrip("\n")
    assert repr(translation) == "<Translation es of runners-knee 2.0.0: 82 texts, not reviewed>"
