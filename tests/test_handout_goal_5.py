"""Issue 25, the page goal's second round: doses said once (the table at a glance left out
of the patient's handout where it only repeats the cards) and large print's log on
landscape pages."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest

import rehabkit as rk
from rehabkit._view.handout import view_model

from .handout_helpers import html_handout, patient_plan, runners_knee_data
from .pdf_reading import poppler_available, poppler_pages, squeeze, write

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
