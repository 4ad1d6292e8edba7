"""Issue 25, the lead's decision on the sources: the patient's handout lists each source in
a short form, the clinician's copy (``clinician_notes=True``) in full, as before.

The short form keeps one entry a source and nothing that identifies it: the first author
(all of them where there are one or two, else the first and "et al.", said in the
handout's language), the journal or publisher and the year, and the DOI or URL. The title
goes where a DOI, or a journal's year with its volume or pages, identifies the source; it
stays where nothing else does (a web page, a leaflet) and for the source the protocol is
based on. The editors' own entry is word for word. Read back with poppler and an HTML
parser.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import subprocess
from pathlib import Path

import pytest

import rehabkit as rk
from rehabkit._core.i18n import speaking
from rehabkit._view.handout import view_model
from rehabkit._view.handout_sources import JOURNAL_ISSUE, short_citation, source_lines

from .handout_helpers import Element, html_handout, patient_plan
from .pdf_reading import poppler_available, poppler_pages, squeeze, write

START = dt.date(2026, 12, 1)
KNEE = rk.bundled("runners-knee")
needs_poppler = pytest.mark.skipif(not poppler_available(), reason="poppler-utils not installed")
_plan = functools.partial(patient_plan, start=START)


def _ref(**fields: object) -> rk.Reference:
    return rk.Reference(id="x", title="A study of knees", **fields)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the rules


@pytest.mark.parametrize(
    ("authors", "said"),
    [
        (("Willy RW",), "Willy RW."),
        (("Selkowitz DM", "Beneck GJ"), "Selkowitz DM, Beneck GJ."),
        (("Peck DM", "Voss LM", "Voss TT"), "Peck DM et al."),
        (("Collins NJ", *(f"Author {n}" for n in range(11))), "Collins NJ et al."),
        # A source's data may end its list with "et al." itself: more than it names.
        (("Vuurberg G", "Hoorntje A", "Wink LM", "et al."), "Vuurberg G et al."),
        (("Smith J", "et al."), "Smith J et al."),
    ],
)
def test_one_or_two_authors_are_named_and_more_are_the_first_et_al(
    authors: tuple[str, ...], said: str
) -> None:
    line = short_citation(_ref(authors=authors, publisher="BMJ 2010;340:c1964"), based_on=False)
    assert line == f"{said} BMJ 2010;340:c1964."


def test_a_source_without_authors_starts_with_its_title_or_journal() -> None:
    assert short_citation(_ref(doi="10.1/x"), based_on=False) == "doi:10.1/x"
    web = _ref(publisher="NHS", url="https://www.nhs.uk/")
    assert short_citation(web, based_on=False) == "A study of knees. NHS. https://www.nhs.uk/"


@pytest.mark.parametrize(
    ("language", "et_al"),
    [("en", "et al."), ("es", "et al."), ("ar", "\u0648\u0622\u062e\u0631\u0648\u0646.")],
)
def test_et_al_is_said_in_the_handouts_language(language: str, et_al: str) -> None:
    ref = _ref(authors=("Peck DM", "Voss LM", "Voss TT"), publisher="Am Fam Physician 2017;95:779")
    with speaking(language):
        assert short_citation(ref, based_on=False).startswith(f"Peck DM {et_al} Am Fam")


_CRIT = "Br J Sports Med 2016;50(14):844-852"


@pytest.mark.parametrize(
    ("fields", "based_on", "said"),
    [
        # A DOI identifies it: no title; the journal and year, not its volume and pages.
        ({"publisher": _CRIT, "doi": "10.1136/b"}, False, "Br J Sports Med 2016. doi:10.1136/b"),
        # A DOI and a URL: the DOI, as the full form gives.
        ({"publisher": _CRIT, "doi": "10.1136/b", "url": "https://pmc/1"}, False,
         "Br J Sports Med 2016. doi:10.1136/b"),
        # The journal's year, volume and pages identify it: kept whole, no title.
        ({"publisher": _CRIT}, False, f"{_CRIT}."),
        # A journal's volume and a URL (PubMed's): the URL, the journal and year.
        ({"publisher": _CRIT, "url": "https://pubmed/1"}, False,
         "Br J Sports Med 2016. https://pubmed/1"),
        # A journal and year alone do not: the title stays.
        ({"publisher": "J Orthop Sports Phys Ther 2013"}, False,
         "A study of knees. J Orthop Sports Phys Ther 2013."),
        # A web page, a leaflet: their title is what names them.
        ({"publisher": "La Trobe University", "url": "https://knee"}, False,
         "A study of knees. La Trobe University. https://knee"),
        ({"publisher": "NHS"}, False, "A study of knees. NHS."),
        # The source the protocol is based on keeps its title, whatever else it has.
        ({"publisher": _CRIT, "doi": "10.1136/b"}, True,
         "A study of knees. Br J Sports Med 2016. doi:10.1136/b"),
        # A date: the year where a DOI or URL identifies it, else the date as given.
        ({"publisher": "Flawless Physio", "date": "2022-12-04"}, True,
         "A study of knees. Flawless Physio; 2022-12-04."),
        ({"publisher": "Flawless Physio", "date": "2022-12-04", "url": "https://f"}, False,
         "A study of knees. Flawless Physio; 2022. https://f"),
        ({"date": "2022-12-04", "doi": "10.1/f"}, False, "2022. doi:10.1/f"),
    ],
)  # fmt: skip
def test_the_title_goes_only_where_something_else_identifies_the_source(
    fields: dict[str, str], based_on: bool, said: str
) -> None:
    assert short_citation(_ref(**fields), based_on=based_on) == said


def test_a_title_ending_in_a_question_mark_takes_no_full_stop() -> None:
    ref = _ref(publisher="NHS")
    question = rk.Reference(id="q", title="How much pain is OK?", publisher="La Trobe University")
    assert short_citation(question, based_on=False) == "How much pain is OK? La Trobe University."
    assert short_citation(ref, based_on=False) == "A study of knees. NHS."


def test_the_editors_entry_and_every_source_stay_in_the_view_model() -> None:
    for name in rk.bundled_ids():
        protocol = rk.bundled(name)
        patient = view_model(protocol)["about"]["sources"]
        clinician = view_model(protocol, clinician_notes=True)["about"]["sources"]
        assert len(patient) == len(clinician) == len(protocol.sources)
        assert clinician == source_lines(protocol)  # as before
        for ref, line, full in zip(protocol.sources, patient, clinician, strict=True):
            if ref.editorial:
                assert line == full  # word for word
            else:
                assert len(line) <= len(full), ref.id


# --------------------------------------------------------------------------- the handouts


def _identified(protocol: rk.Protocol, ref: rk.Reference) -> tuple[list[str], list[str]]:
    """What must be printed of a source, and what must not: its DOI or URL (else its
    journal's issue or its title); its title unless a DOI or its journal's issue identifies
    it (the source the protocol is based on keeps it)."""
    publisher = ref.publisher or ""
    issue = JOURNAL_ISSUE.match(publisher)
    titled = ref.id == protocol.based_on or not (ref.doi or issue)
    must = [f"doi:{ref.doi}" if ref.doi else ref.url or (ref.title if titled else publisher)]
    must += [ref.title] if titled else []
    gone = [] if titled else [ref.title]
    if issue and (ref.doi or ref.url):
        must.append(issue["journal"])
        gone.append(publisher)  # its volume and pages
    return must, gone


def _check(protocol: rk.Protocol, text: str) -> None:
    said = squeeze(text)
    for ref in protocol.sources:
        if ref.editorial:
            continue
        must, gone = _identified(protocol, ref)
        for part in must:
            assert squeeze(part) in said, (ref.id, part)
        for part in gone:
            assert squeeze(part) not in said, (ref.id, part)
    editorial = view_model(protocol)["about"]["sources"][-1]
    assert squeeze(editorial) in said


def _pdf_text(pdf: bytes, folder: Path) -> str:
    return " ".join(poppler_pages(write(pdf, folder), layout=False))


def _sources_list(page: Element) -> Element:
    about = page.find("section", aria_labelledby="about")
    return about.find("ul")


@pytest.mark.parametrize("name", rk.bundled_ids())
def test_the_patients_html_handout_lists_every_source_in_short(name: str) -> None:
    plan = _plan(name)
    page = html_handout(plan)
    entries = _sources_list(page).find_all("li")
    assert len(entries) == len(plan.protocol.sources)
    _check(plan.protocol, " ".join(e.text() for e in entries))


@needs_poppler
@pytest.mark.parametrize("name", ["runners-knee", "ankle-sprain"])
def test_the_patients_pdf_handout_lists_every_source_in_short(name: str, tmp_path: Path) -> None:
    plan = _plan(name)
    _check(plan.protocol, _pdf_text(rk.export(plan, "pdf"), tmp_path))


@needs_poppler
@pytest.mark.parametrize("name", ["runners-knee", "ankle-sprain"])
def test_a_clinicians_copy_lists_every_source_in_full(name: str, tmp_path: Path) -> None:
    plan = _plan(name)
    pdf = squeeze(_pdf_text(rk.export(plan, "pdf", clinician_notes=True), tmp_path))
    html = squeeze(" ".join(e.text() for e in _sources_list(html_handout(
        plan, clinician_notes=True)).find_all("li")))  # fmt: skip
    for ref in plan.protocol.sources:
        if not ref.editorial:
            assert squeeze(ref.citation()) in pdf, ref.id
            assert squeeze(ref.citation()) in html, ref.id


def test_runners_knees_sources_are_less_than_half_as_long() -> None:
    """The point of the short form: runner's knee's 15 sources and the editors' entry were
    3,000 characters, over a page of A4 in two columns; in short, 1,400."""
    view = view_model(KNEE)
    short = sum(map(len, view["about"]["sources"]))
    full = sum(map(len, view_model(KNEE, clinician_notes=True)["about"]["sources"]))
    assert short < full / 2, (short, full)


# --------------------------------------------------------------------------- languages

_AR_ET_AL = "\u0648\u0622\u062e\u0631\u0648\u0646"


@pytest.mark.parametrize(("language", "et_al"), [("es", "et al."), ("ar", _AR_ET_AL)])
def test_a_translated_handout_says_et_al_in_its_own_words(language: str, et_al: str) -> None:
    plan = _plan("runners-knee", language=language)
    lines = view_model(plan)["about"]["sources"]
    assert f"Crossley KM {et_al}" in " ".join(lines)
    # Silbernagel, Selkowitz, Crossley, Collins and Peck: three authors or more
    assert sum(et_al in line for line in lines) == 5


def test_arabic_et_al_is_marked_arabic_inside_an_english_citation() -> None:
    """The citation is English (lang="en-GB", left to right); the one word of the handout's
    own inside it is marked Arabic, so that a screen reader says each in its own voice."""
    page = html_handout(_plan("runners-knee", language="ar"))
    marked = [e for e in _sources_list(page).find_all("span") if e.text() == _AR_ET_AL]
    assert len(marked) == 5
    assert all(e.attrs["lang"] == "ar" for e in marked)
    citations = [b for b in _sources_list(page).find_all("bdi") if b.find_all("span")]
    assert len(citations) == 5
    assert all(b.attrs["lang"] == KNEE.language and b.attrs["dir"] == "ltr" for b in citations)
    spanish = html_handout(_plan("runners-knee", language="es"))
    assert _sources_list(spanish).find_all("span") == []  # "et al." is the citation's own


@needs_poppler
def test_the_arabic_pdf_prints_et_al_in_arabic(tmp_path: Path) -> None:
    text = _pdf_text(rk.export(_plan("runners-knee", language="ar"), "pdf"), tmp_path)
    found = len(re.findall(f"{_AR_ET_AL}|{_AR_ET_AL[::-1]}", text))
    assert found == 5


# --------------------------------------------------------------------------- the page


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
CM = 72 / 2.54


def _words(path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes (x min, y min, x max, y max), read by poppler."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in _WORD.findall(page)]
        for page in out.split("<page ")[1:]
    ]


@needs_poppler
def test_the_sources_last_page_has_its_two_columns_balanced(tmp_path: Path) -> None:
    """Runner's knee's sources run on to its last page: there its two columns end within an
    entry's height of each other (four lines of 12 pt), where the left column alone ran to
    the page's foot and the right stood empty."""
    path = write(rk.export(_plan("runners-knee"), "pdf"), tmp_path)
    last = [w for w in _words(path)[-1] if w[3] < 842 - 2 * CM]  # above the footer
    middle = 595 / 2
    left = [w[3] for w in last if w[2] < middle]
    right = [w[3] for w in last if w[0] > middle]
    assert left and right, "both columns hold sources"
    assert abs(max(left) - max(right)) < 4 * 14.5


@needs_poppler
def test_the_patients_details_run_two_to_a_line_where_both_fit(tmp_path: Path) -> None:
    """The patient's details were one to a line, the box's right half empty: two short ones
    now share a line ("For Ana Lopez", "Side Left"); a longer one has its own."""
    path = write(rk.export(_plan("runners-knee"), "pdf"), tmp_path)
    first = poppler_pages(path)[0].splitlines()
    assert any("Ana Lopez" in line and "Side" in line and "Left" in line for line in first)
    often = next(line for line in first if "How often" in line)
    assert "Starts" not in often and "Ends" not in often
