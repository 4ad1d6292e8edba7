"""Issue 25, the page goal's second round: doses said once (the table at a glance left out
of the patient's handout where it only repeats the cards) and large print's log on
landscape pages."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import subprocess
from pathlib import Path

import pytest

import rehabkit as rk
from rehabkit._view import handout
from rehabkit._view.handout import view_model

from .handout_helpers import html_handout, patient_plan, runners_knee_data
from .pdf_reading import header_digit_middles, poppler_available, poppler_pages, squeeze, write
from .test_handout_length import MM, _calendar

START = dt.date(2026, 12, 1)
needs_poppler = pytest.mark.skipif(not poppler_available(), reason="poppler-utils not installed")
_plan = functools.partial(patient_plan, start=START)

GLANCE = "Your programme at a glance"
TABLE_HEADER = "Sets x repetitions"


def _pdf_text(pdf: bytes, folder: Path) -> str:
    return squeeze(" ".join(poppler_pages(write(pdf, folder), layout=False)))


def _html_text(document: rk.Plan, **options: object) -> str:
    return html_handout(document, **options).text()


# --------------------------------------------------------------------------- doses said once


@needs_poppler
def test_runners_knee_says_each_dose_once_on_its_card(tmp_path: Path) -> None:
    """One frequency for all, a card for every exercise: the patient's PDF and HTML have
    no table at a glance, but the how-often line and every card's "How much"."""
    plan = _plan("runners-knee")
    view = view_model(plan)
    line = "How often: once a day or every other day. Your physiotherapist will tell you which."
    assert view["glance"]["how_often"] == line
    pdf = _pdf_text(rk.export(plan, "pdf"), tmp_path)
    html = _html_text(plan)
    for text, say in ((pdf, squeeze), (html, str)):
        assert say(GLANCE) not in text and say(TABLE_HEADER) not in text
        assert say(line) in text
        for card in view["exercises"]:
            assert say(card["dose"]) in text, card["heading"]


def test_html_leaves_out_the_table_and_its_section() -> None:
    page = html_handout(_plan("runners-knee"))
    assert not page.find_all("table", class_="glance")
    assert not page.find_all("section", aria_labelledby="glance")
    assert page.find_all("p", class_="how-often")


@pytest.mark.parametrize("name", rk.bundled_ids())
def test_the_table_stays_where_it_says_what_the_cards_do_not(name: str) -> None:
    """Every bundled plan: the patient's handout keeps the table exactly where the
    exercises' schedules differ (its How-often column); the clinician's copy always."""
    plan = _plan(name)
    glance = view_model(plan)["glance"]
    assert glance["table"] == (len(glance["header"]) == 3), name
    assert glance["table"] or not glance["rows"]
    assert view_model(plan, clinician_notes=True)["glance"]["table"]


def test_a_mixed_schedule_keeps_its_table_in_pdf_and_html(tmp_path: Path) -> None:
    """A runner's knee plan whose one exercise is done on another schedule: the line can
    only point to the table, so the table stays, with its How-often column."""
    data = runners_knee_data()
    data["exercises"][0]["dosage"]["frequency"] = {"times": 3, "period": 7, "period_unit": "d"}
    protocol = rk.from_data(data, rk.Protocol)
    plan = rk.personalise(protocol, patient="Ana Lopez", side="left", start=START)
    glance = view_model(plan)["glance"]
    assert glance["table"] and len(glance["header"]) == 3
    html = _html_text(plan)
    assert GLANCE in html and "How often: not the same for every exercise" in html
    assert squeeze(GLANCE) in _pdf_text(rk.export(plan, "pdf"), tmp_path)


@needs_poppler
def test_the_clinicians_copy_keeps_the_table(tmp_path: Path) -> None:
    plan = _plan("runners-knee")
    pdf = _pdf_text(rk.export(plan, "pdf", clinician_notes=True), tmp_path)
    assert squeeze(GLANCE) in pdf and squeeze(TABLE_HEADER) in pdf
    html = _html_text(plan, clinician_notes=True)
    assert GLANCE in html and TABLE_HEADER in html


# --------------------------------------------------------------------------- large print's log


def _page_sizes(path: Path) -> list[tuple[float, float]]:
    out = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True, text=True
    ).stdout
    return [(float(w), float(h)) for w, h in _SIZE.findall(out)]


_SIZE = re.compile(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", re.M)


def _no_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A log the fortnight blocks do not fit (here: the view offers none), which the
    turned pages still take where they save pages; a log they fit is set in them
    (issue 25's third round: tests/test_handout_log_blocks.py), runner's knee's 26 and 52
    weeks too, in as few pages, the paper never turned."""
    monkeypatch.setattr(handout, "log_blocks", lambda rows, start: None)


@needs_poppler
@pytest.mark.parametrize(
    ("weeks", "pages"), [(26, 13), pytest.param(52, 17, marks=pytest.mark.thorough)]
)
def test_a_long_large_print_log_is_on_landscape_pages_in_two_halves(
    weeks: int, pages: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runner's knee in large print for 26 weeks (52), its log in no blocks: the log's
    11 mm cells do not fit twice across a portrait page, and turned they take fewer pages
    (13, was 14; 17, was 19). The log's pages are landscape, one run of them holding its
    heading and every day once, in order, under its month, in two halves; every other page
    is portrait, and every page keeps its footer. The cells stay 11 mm wide and 6.5 mm
    high."""
    _no_blocks(monkeypatch)
    plan = _plan("runners-knee", weeks=weeks)
    path = write(rk.export(plan, "pdf", large_print=True), tmp_path)
    sizes = _page_sizes(path)
    assert len(sizes) <= pages
    turned = [n for n, (w, h) in enumerate(sizes, 1) if w > h]
    assert turned and turned == list(range(turned[0], turned[-1] + 1)), sizes
    text = poppler_pages(path, layout=False)
    for n, page in enumerate(text, 1):
        assert f"Page {n} of {len(text)}" in page, n
    assert "Your exercise log" in text[turned[0] - 1]
    rows = view_model(plan)["log"]["rows"]
    said, where, unheaded = _calendar(path, rows, "day", 595, rtl=False)
    assert said == [(r["month"], r["day"]) for r in rows]
    assert not unheaded
    assert {page for page, _, _ in where} == set(turned)
    assert {second for page, second, _ in where if page == turned[1]} == {False, True}
    page = turned[1]
    first = [y for p, second, y in where if p == page and not second]
    gaps = [b - a for a, b in itertools.pairwise(first)]
    assert min(gaps) >= 6.4 * MM
    header = header_digit_middles(path, page, min(first))
    left = [x for x in header if x < sizes[page - 1][0] / 2][:6]
    assert min(b - a for a, b in itertools.pairwise(left)) >= 10.9 * MM


@needs_poppler
@pytest.mark.parametrize(
    ("name", "weeks", "large"),
    [("runners-knee", 12, True), ("runners-knee", 2, True), ("low-back-pain", None, True),
     ("runners-knee", 26, False)],
)  # fmt: skip
def test_the_log_stays_portrait_where_turning_saves_no_page(
    name: str, weeks: int | None, large: bool, tmp_path: Path
) -> None:
    """Turned, runner's knee's 12-week large-print log would take 3 pages, not 4, but the
    handout as many (11), and low back pain's (its default weeks) one more (13): each stays portrait, as a
    short log does, and standard print's, whose halves fit across a portrait page."""
    plan = _plan(name, **({} if weeks is None else {"weeks": weeks}))
    path = write(rk.export(plan, "pdf", large_print=large), tmp_path)
    assert all(w < h for w, h in _page_sizes(path))


@needs_poppler
def test_the_turned_pages_keep_the_tags_and_pdf_a(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A handout with turned pages (its log in no blocks) is still tagged (its structure
    tree, marked content), in its language, and makes PDF/A-2b; on Letter the turned pages
    are Letter turned."""
    pypdf = pytest.importorskip("pypdf")
    _no_blocks(monkeypatch)
    # 52 weeks: 26 weeks' turned Letter pages would save none (14 either way) since the
    # log's words lost their sentence on dashes it has none of, so they stay portrait.
    plan = _plan("runners-knee", weeks=52)
    pdf = rk.export(plan, "pdf", large_print=True, paper="letter", pdf_standard="a-2b")
    reader = pypdf.PdfReader(write(pdf, tmp_path))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    boxes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    }
    assert boxes == {(612, 792), (792, 612)}
