"""Issue 25, "Length and layout": the handout says what the plan says. The log follows the
programme (an exercise that replaces another, phases by date); signs that need help now are
instructions, not boxes to tick later."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import rehabkit as rk
from rehabkit._view.handout import view_model

from .handout_helpers import html_handout
from .pdf_reading import poppler_available, poppler_pages, squeeze, write

START = dt.date(2026, 12, 1)


def _plan(name: str, **options: object) -> rk.Plan:
    protocol = rk.bundled(name)
    events = {e.id: START.isoformat() for e in protocol.events}
    return rk.personalise(
        protocol, side="left", start=START, events=events, allow_example=True, **options
    )


# --------------------------------------------------------------------------- act now


def _signs(protocol: rk.Protocol, *, urgent: bool) -> set[str]:
    return {
        c.symptom.value
        for stop in protocol.stop_criteria
        if (stop.urgency is rk.Urgency.URGENT) is urgent
        for c in stop.criteria
        if c.symptom is not None
    }


@pytest.mark.parametrize("name", rk.bundled_ids())
def test_signs_that_need_help_now_are_not_boxes_to_tick(name: str) -> None:
    """A sign only an urgent stop reads is named beside the log under "get help now"; a
    sign a stop or hold for the physiotherapist reads stays a box in the log."""
    protocol = rk.bundled(name)
    later = _signs(protocol, urgent=False)
    now = _signs(protocol, urgent=True) - later
    for document in (_plan(name), protocol):
        log = view_model(document)["log"]
        assert {c["symptom"] for c in log["symptoms"]["columns"]} == later
        assert {line["symptom"] for line in log["act_now"]["lines"]} == now


def test_fever_is_an_instruction_in_the_runners_knee_log() -> None:
    log = view_model(_plan("runners-knee"))["log"]
    boxes = {c["symptom"] for c in log["symptoms"]["columns"]}
    assert "fever" not in boxes and "swelling" in boxes
    assert "fever" in {line["symptom"] for line in log["act_now"]["lines"]}
    assert any(line["text"].startswith("Fever") for line in log["act_now"]["lines"])


@pytest.mark.skipif(not poppler_available(), reason="needs poppler")
@pytest.mark.parametrize("name", ["runners-knee", "acl-early-rehab"])
def test_the_act_now_signs_are_printed_beside_the_log(name: str, tmp_path: Path) -> None:
    plan = _plan(name)
    log = view_model(plan)["log"]
    pages = [squeeze(p) for p in poppler_pages(write(rk.export(plan, "pdf"), tmp_path))]
    title = view_model(plan)["labels"]["log"]
    first_log = next(n for n, page in enumerate(pages) if squeeze(title) in page)
    near = " ".join(pages[first_log:])
    assert squeeze(log["act_now"]["title"]) in near
    for line in log["act_now"]["lines"]:
        assert squeeze(line["text"]) in near
    section = html_handout(plan).find("section", class_="log-section")
    for line in log["act_now"]["lines"]:
        assert squeeze(line["text"]) in squeeze(section.text())
