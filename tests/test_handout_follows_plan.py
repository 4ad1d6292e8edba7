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


# --------------------------------------------------------------------------- the log's days


def _column(log: dict[str, object], exercise: str) -> tuple[list[bool], list[bool]]:
    """An exercise's due and when-told cells, row by row."""
    names = [e["exercise"] for e in log["exercises"]]  # type: ignore[attr-defined, index]
    i = names.index(exercise)
    rows = log["rows"]
    return [r["due"][i] for r in rows], [r["when_told"][i] for r in rows]  # type: ignore[attr-defined, index]


def test_the_exercise_that_replaces_another_has_its_column() -> None:
    """Runner's knee: the shallow squat that replaces the wall sit is logged on the wall
    sit's days, as "when your physiotherapist says"."""
    log = view_model(_plan("runners-knee"))["log"]
    due, told = _column(log, "shallow-squat-band")
    wall_due, _ = _column(log, "wall-sit")
    assert not any(due) and told == wall_due and any(told)
    assert any("in place of the Wall Sit" in note for note in log["notes"])


def _phase_days(plan: rk.Plan) -> dict[str, dt.date]:
    """Each later phase's first possible day: the latest of its times since dated events."""
    days = {}
    earliest = plan.start
    for phase in plan.protocol.phases[1:]:
        for c in phase.entry_criteria:
            if c.metric is rk.Metric.TIME_ELAPSED:
                origin = plan.event_date(c.since) if c.since else plan.start
                assert origin is not None
                earliest = max(earliest, origin + dt.timedelta(seconds=c.threshold()))
        days[phase.id] = earliest
    return days


@pytest.mark.parametrize("name", ["acl-early-rehab", "ankle-sprain"])
@pytest.mark.parametrize("event_offset", [0, -5])
def test_a_phased_log_shows_each_phase_on_its_days(name: str, event_offset: int) -> None:
    """Each later phase's exercises are in the log from the first day the phase can start
    (time since the dated event), never before, and as "when your physiotherapist says"
    when the phase also waits for a measurement."""
    protocol = rk.bundled(name)
    event = START + dt.timedelta(days=event_offset)
    plan = rk.personalise(
        protocol, side="left", start=START, weeks=6, events={e.id: event for e in protocol.events}
    )
    log = view_model(plan)["log"]
    opens = _phase_days(plan)
    for phase in protocol.phases[1:]:
        for exercise in phase.exercises:
            due, told = _column(log, exercise)
            for row, d, t in zip(log["rows"], due, told, strict=True):
                day = dt.date.fromisoformat(row["date"])
                assert not d, (exercise, day)  # a measurement waits for the physiotherapist
                if day < opens[phase.id]:
                    assert not t, (exercise, day)
            assert any(told), exercise
    first = protocol.phases[0].exercises[0]
    assert all(_column(log, first)[0])


@pytest.mark.skipif(not poppler_available(), reason="needs poppler")
def test_the_printed_log_names_the_later_exercises(tmp_path: Path) -> None:
    plan = _plan("acl-early-rehab")
    log = view_model(plan)["log"]
    text = squeeze(" ".join(poppler_pages(write(rk.export(plan, "pdf"), tmp_path))))
    for note in log["notes"]:
        assert squeeze(note) in text
    header = [th.text() for th in html_handout(plan).find("table", class_="log").find_all("th")]
    assert rk.bundled("acl-early-rehab").exercise("step-up").name in header
