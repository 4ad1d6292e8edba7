"""Issue 25, "Length and layout": handouts as short as their words allow. Page counts and
how full each page is; log headers that never break a word into fragments; an exercise's
heading on the page of its picture; printed HTML with page numbers; doses said once.

Page counts are measured with poppler (``pdfinfo``'s page count, ``pdftotext -bbox``'s word
boxes); the bounds are the counts reached, so that a change that wastes paper fails.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import subprocess
from pathlib import Path

import pytest

import rehabkit as rk
from rehabkit._view.handout import view_model

from .handout_helpers import bundled_documents, html_handout, patient_plan
from .pdf_reading import poppler_available, poppler_pages, squeeze, write

START = dt.date(2026, 12, 1)
CM = 72 / 2.54
# The template's page: 1.5 cm above the text, 2 cm below it for the footer.
TOP, BOTTOM = 1.5 * CM, 2 * CM

needs_poppler = pytest.mark.skipif(not poppler_available(), reason="poppler-utils not installed")
_plan = functools.partial(patient_plan, start=START)


# Page counts: tests/test_handout_length.py.


# --------------------------------------------------------------------------- fill

FULL_ENOUGH = 0.6


def _fill(path: Path, folder: Path) -> list[float]:
    """How far down each page the ink reaches: the lowest row of the page drawn at 36 dpi
    (poppler's pdftoppm, in grey) with any dark pixel above the footer, from the top
    margin, as a share of the height between the margins. Text, drawings, rules and the
    log's empty boxes all count; a page that stops short because the next part did not
    fit measures low."""
    subprocess.run(["pdftoppm", "-gray", "-r", "36", str(path), str(folder / "page")], check=True)
    fills = []
    for image in sorted(folder.glob("page*.pgm")):
        width, height, pixels = _read_pgm(image.read_bytes())
        scale = 36 / 72  # pixels a point
        top, bottom = round(TOP * scale), height - round(BOTTOM * scale)
        inked = [y for y in range(top, bottom) if min(pixels[y * width : (y + 1) * width]) < 160]
        fills.append(((max(inked) if inked else top) - top) / (bottom - top))
    return fills


def _read_pgm(data: bytes) -> tuple[int, int, bytes]:
    """A binary PGM's width, height and pixels (8 bits, one byte a pixel)."""
    fields = data.split(maxsplit=4)
    assert fields[0] == b"P5" and fields[3] == b"255"
    width, height = int(fields[1]), int(fields[2])
    return width, height, fields[4][-width * height :]


@needs_poppler
@pytest.mark.parametrize(("name", "document"), bundled_documents(START))
def test_no_page_is_under_60_percent_full_but_the_last(
    name: str, document: rk.Protocol | rk.Plan, tmp_path: Path
) -> None:
    path = write(rk.export(document, "pdf"), tmp_path)
    fills = _fill(path, tmp_path)
    short = [(n, round(f, 2)) for n, f in enumerate(fills[:-1], 1) if f < FULL_ENOUGH]
    assert not short, f"{name}: pages under {FULL_ENOUGH:.0%} full: {short}"


# --------------------------------------------------------------------------- log headers


# The direction marks poppler puts around right-to-left text.
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _headers(page: str, date: str) -> list[str]:
    """The tables' headers on a page of the PDF: the lines around each that starts with
    the date column's label, up to the first row."""
    lines = [_BIDI.sub("", line) for line in page.splitlines()]
    # Right to left, the date column is the line's last word as poppler lays it out.
    starts = [i for i, line in enumerate(lines) if date in line.split()[:1] + line.split()[-1:]]
    return ["\n".join(lines[max(0, i - 6) : i + 6]) for i in starts]


@needs_poppler
@pytest.mark.parametrize("language", ["en-GB", "es", "ar"])
def test_log_headers_break_no_word_into_fragments(language: str, tmp_path: Path) -> None:
    """The log's column headers are card numbers, named in full in a key above the table;
    the questions' and the warning signs' words are never hyphenated ("Alme-ja",
    "Cuá-dri-ceps" once)."""
    plan = _plan("runners-knee", language=language)
    view = view_model(plan)
    path = write(rk.export(plan, "pdf"), tmp_path)
    pages = poppler_pages(path)
    text = squeeze(" ".join(poppler_pages(path, layout=False)))
    for exercise in view["log"]["exercises"]:
        assert squeeze(exercise["label"]) in text
    headers = [h for page in pages for h in _headers(page, view["labels"]["date"])]
    assert headers
    for header in headers:
        assert not re.search(r"\w[-\u00ad\u2010]\s*$", header, re.M), header


def test_html_log_headers_hold_whole_words() -> None:
    """The HTML's headers name each exercise in full and are never broken inside a word:
    no automatic hyphens, no break between letters ("repetiti/ons" once)."""
    plan = _plan("runners-knee", language="es")
    page = html_handout(plan)
    header = [th.text() for th in page.find("table", class_="log").find_all("th")]
    for exercise in view_model(plan)["log"]["exercises"]:
        assert exercise["label"] in header
    html = rk.export(plan, "html", embed_fonts=False).decode()
    rule = re.search(r"thead th \{[^}]*\}", html)
    assert rule is not None
    assert "hyphens: manual" in rule.group(0) and "overflow-wrap: normal" in rule.group(0)


# --------------------------------------------------------------------------- kept together


@needs_poppler
@pytest.mark.parametrize("name", rk.bundled_ids())
@pytest.mark.parametrize("large", [False, True])
def test_an_exercise_heading_is_on_the_page_of_its_picture(
    name: str, large: bool, tmp_path: Path
) -> None:
    """A card's heading, its drawing and its dose are one unbreakable block: the heading
    and the dose after the drawing are on the same page, so the drawing between them is too."""
    plan = _plan(name)
    view = view_model(plan, large_print=large)
    path = write(rk.export(plan, "pdf", large_print=large), tmp_path)
    pages = [squeeze(page) for page in poppler_pages(path, layout=False)]
    for card in view["exercises"]:
        if card["figure"] is None:
            continue
        heading = squeeze(card["heading"])
        dose = squeeze(f"{view['labels']['dose']}: {card['dose']}")[:40]
        where = [n for n, page in enumerate(pages) if heading in page]
        assert where, card["heading"]
        assert dose in pages[where[0]], f"{card['heading']}: its dose is on another page"


# --------------------------------------------------------------------------- doses said once


def _pdf_text(document: rk.Protocol | rk.Plan, tmp_path: Path) -> str:
    path = write(rk.export(document, "pdf"), tmp_path)
    return " ".join(" ".join(poppler_pages(path, layout=False)).split())


@needs_poppler
def test_a_frequency_left_open_is_said_once_as_the_physiotherapists_choice(
    tmp_path: Path,
) -> None:
    """A plan made without --frequency: the glance says the choice once, with who makes it;
    no card repeats it."""
    plan = _plan("runners-knee")
    view = view_model(plan)
    assert view["glance"]["how_often"] == (
        "How often: once a day or every other day. Your physiotherapist will tell you which."
    )
    for card in view["exercises"]:
        assert "every other day" not in card["dose"], card["heading"]
    text = _pdf_text(plan, tmp_path).replace("\u00ad ", "")
    # Once in the details at the top, once in the glance: never on a card.
    assert text.count("once a day or every other day") == 2


@pytest.mark.parametrize(
    ("given", "said"), [("alternate-days", "every other day"), ("daily", "once a day")]
)
def test_a_frequency_the_plan_chose_is_said_as_chosen(given: str, said: str) -> None:
    view = view_model(_plan("runners-knee", frequency=given))
    assert view["glance"]["how_often"] == f"How often: {said}."
    assert ["How often", said] in view["patient"]
    assert all(said not in card["dose"] for card in view["exercises"])


def test_every_other_day_is_said_as_people_say_it() -> None:
    assert rk.Frequency(times=1, period=2).describe() == "every other day"
    assert rk.Frequency(times=1, period=1, period_max=2).describe() == (
        "once a day or every other day"
    )


@pytest.mark.parametrize("name", rk.bundled_ids())
def test_the_glance_says_one_plain_frequency_or_points_to_the_table(name: str) -> None:
    """Never several frequencies strung together with "or" ("3 times a day or 3 to 5 times
    a day or as needed, up to 3 times a day"): one phrase, or "see the table" with each
    exercise's own."""
    for document in (_plan(name), rk.bundled(name)):
        line = view_model(document)["glance"]["how_often"]
        assert len(re.findall(r"times a day|once a day|twice a day", line)) <= 1, line


def test_a_card_on_another_schedule_keeps_its_own_frequency() -> None:
    """An exercise of a later phase done less often than those in play says so on its card."""
    view = view_model(_plan("acl-early-rehab"))
    doses = {card["id"]: card["dose"] for card in view["exercises"]}
    assert "5 days a week" in doses["step-up"]


def test_printed_html_has_page_numbers(tmp_path: Path) -> None:
    """Chromium prints the CSS page-margin box (@page @bottom-right) with the page's
    number and the count, as the PDF's footer says them: "Page 3 of 17" on every page."""
    from .test_html_browser import _print  # skips where the browser is not installed

    plan = _plan("runners-knee")
    path = write(_print(rk.export(plan, "html"), tmp_path), tmp_path, "printed.pdf")
    pages = poppler_pages(path)
    for number, page in enumerate(pages, 1):
        assert re.search(rf"Page {number} of {len(pages)}\s*$", page.rstrip()), number


# --------------------------------------------------------------------------- positions


@pytest.mark.parametrize(
    ("degrees", "said"),
    [(10, "straight or nearly straight"), (30, "a slight bend"), (60, "a medium bend"),
     (90, "a right-angle bend"), (120, "a deep bend")],
)  # fmt: skip
def test_a_knee_bend_is_said_in_words_beside_its_degrees(degrees: int, said: str) -> None:
    from rehabkit._view.positions import position_words

    angle = rk.JointAngle(joint="knee", motion="flexion", angle=rk.Quantity(degrees, "deg"))
    assert position_words(angle) == f"{said} (knee bend {degrees} degrees)"


def test_the_wall_sit_card_says_the_plans_angle_in_words() -> None:
    """The step says "between 30 and 60 degrees"; the card's position is the plan's own
    angle, 30 degrees, in words a patient uses, the number kept."""
    view = view_model(_plan("runners-knee"))
    card = next(c for c in view["exercises"] if c["id"] == "wall-sit")
    assert card["position"] == "a slight bend (knee bend 30 degrees)"
