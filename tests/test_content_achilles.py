"""The Achilles protocols' clinical content against their sources (issue 23).

achilles-eccentric: sources marked as read second-hand, with their DOIs; heavy slow resistance
named as an equal alternative; no drops below the step for insertional pain; only new or
increasing swelling stops; a snap is urgent; the CERT/TIDieR reporting object filled, each
answer saying where it comes from. achilles-example: a snap is urgent, and an example is
marked as one.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import rehabkit as rk
from rehabkit._app.cli import main

D = dt.date(2026, 12, 1)
ECC = rk.bundled("achilles-eccentric")
EXAMPLE = rk.bundled("achilles-example")


def _plan(protocol: rk.Protocol, **options: object) -> rk.Plan:
    return rk.personalise(protocol, patient="Ola Berg", start=D, side="left", **options)  # type: ignore[arg-type]


def _snap_decisions(plan: rk.Plan) -> set[rk.Urgency | None]:
    first = plan.exercises[0].exercise
    entry = rk.SessionEntry(date=D, exercise=first, symptoms=(rk.Symptom.SNAP,))
    result = rk.assess(plan, rk.SessionLog(entries=[entry]), on=D)
    assert {d.verdict for d in result.decisions} == {rk.Verdict.STOP}
    return {d.urgency for d in result.decisions}


# ------------------------------------------------------------------ achilles-eccentric


def test_eccentric_sources_say_they_were_read_second_hand_with_verified_dois() -> None:
    for ident in ("alfredson-1998", "beyer-2015", "jonsson-2008", "silbernagel-2007"):
        ref = ECC.reference(ident)
        assert ref.secondary, ident
        assert ref.note and "Secondary: " in ref.note, ident  # says where the reading comes from
    editors = ECC.reference("editors")
    assert editors.editorial and not editors.secondary
    assert ECC.reference("alfredson-1998").doi == "10.1177/03635465980260030301"
    assert ECC.reference("beyer-2015").doi == "10.1177/0363546515584760"
    assert ECC.reference("jonsson-2008").doi == "10.1136/bjsm.2007.039545"
    assert [s.id for s in ECC.sources if s.editorial] == ["editors"]


def test_heavy_slow_resistance_is_named_as_an_equal_alternative() -> None:
    beyer = ECC.reference("beyer-2015")
    assert beyer.publisher is not None and "2015;43(7):1704" in beyer.publisher
    assert ECC.summary is not None and "heavy slow resistance" in ECC.summary.lower()
    text = rk.export(_plan(ECC), "html").decode()
    assert "heavy slow resistance" in text.lower()
    # No HSR dose is given: none was read from the trial itself.
    assert not re.search(r"heavy slow resistance[^.]*\d", ECC.summary, re.IGNORECASE)


def test_drops_below_the_step_are_not_for_insertional_pain() -> None:
    for exercise in ECC.exercises:
        [note] = [s for s in exercise.safety if "insertional" in s.lower()]
        assert "floor" in note and "below the level of the step" in note
        assert "jonsson-2008" in exercise.sources
    assert "mid-portion" in ECC.condition.name.lower()
    text = rk.export(_plan(ECC), "html").decode()
    assert "insertional" in text.lower()


def test_only_new_or_increasing_swelling_stops_the_programme() -> None:
    [stop] = [s for s in ECC.stop_criteria if s.id == "stop-swelling"]
    assert "new or increasing swelling" in stop.text
    [swelling] = [c for c in stop.criteria if c.symptom is rk.Symptom.SWELLING]
    assert swelling.description is not None
    assert "new or increasing" in swelling.description


def test_a_snap_is_loggable_and_urgent_in_the_eccentric_plan() -> None:
    [urgent] = [s for s in ECC.stop_criteria if rk.Symptom.SNAP in {c.symptom for c in s.criteria}]
    assert urgent.urgency is rk.Urgency.URGENT
    assert "kicked" in urgent.text and "snap" in urgent.text
    assert _snap_decisions(_plan(ECC)) == {rk.Urgency.URGENT}


def test_the_reporting_object_says_where_each_answer_comes_from() -> None:
    reporting = ECC.reporting
    assert reporting is not None
    ids = {s.id for s in ECC.sources}
    answered = {
        name: getattr(reporting, name)
        for name in ("provider", "format", "supervision", "delivery", "adherence", "motivation",
                     "home_programme", "non_exercise", "adverse_events", "setting", "tailoring",
                     "starting_level", "fidelity", "rationale")
    }  # fmt: skip
    for name, statement in answered.items():
        assert statement is not None, name
        assert statement.sources and set(statement.sources) <= ids, name
        # The trial was not read first-hand: nothing may say it leaves an item unreported.
        assert not statement.not_reported, name
    start = answered["starting_level"]
    assert start.text and "body weight" in start.text
    assert "alfredson-1998" in start.sources
    cert = rk.report(ECC, "cert")
    answered_items = [i.number for i in cert.items if i.status.answered]
    assert len(answered_items) >= 18, answered_items  # of 19: 16b is not applicable


def test_eccentric_version_and_review_date() -> None:
    assert ECC.version == "1.1.0"
    assert ECC.last_reviewed == dt.date(2026, 12, 4)


# ------------------------------------------------------------------ achilles-example


def test_the_example_sends_a_snap_to_urgent_care() -> None:
    [rupture] = [s for s in EXAMPLE.stop_criteria if s.id == "urgent-possible-rupture"]
    assert rupture.urgency is rk.Urgency.URGENT
    assert not [s for s in EXAMPLE.stop_criteria if s.urgency is not rk.Urgency.URGENT
                and "snap" in s.text]  # fmt: skip
    plan = _plan(EXAMPLE, allow_example=True)
    assert _snap_decisions(plan) == {rk.Urgency.URGENT}


def test_an_example_is_marked_and_makes_a_plan_only_when_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert EXAMPLE.example and not ECC.example
    assert not any(rk.bundled(i).example for i in rk.bundled_ids() if i != "achilles-example")
    with pytest.raises(rk.RehabkitError, match=r"achilles-example is an example.*allow_example"):
        _plan(EXAMPLE)
    assert main(["list"]) == 0
    listed = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert listed["achilles-example"].endswith("[example, not for patients]")
    assert "example" not in listed["achilles-eccentric"]
    assert main(["show", "achilles-example"]) == 0
    assert "Example: written to teach the file format, not for patients." in capsys.readouterr().out
    # Exporting needs the same opt-in: a usage error (2) without it, saying what to give.
    target = tmp_path / "x.html"
    assert main(["export", "achilles-example", "--start", "2026-12-01", "-o", str(target)]) == 2
    assert "--allow-example" in capsys.readouterr().err and not target.exists()
    assert main(["export", "achilles-example", "-o", str(target)]) == 2
    argv = ["export", "achilles-example", "--start", "2026-12-01", "--allow-example"]
    assert main([*argv, "-o", str(target)]) == 0
    html = target.read_text()
    assert "It is not for patients" in html and "Example, not for patients:" in html
    assert "not for patients" not in rk.export(_plan(ECC), "html").decode()


def test_the_example_marker_is_in_the_schema_and_round_trips() -> None:
    described = rk.schema("protocol")["properties"]["example"]
    assert described["type"] == "boolean" and "(1.2)" in described["description"]
    data = rk.to_data(EXAMPLE)
    assert data["example"] is True
    data["example"] = "yes"
    assert [p.path for p in rk.validate(data, rk.Protocol)] == ["example"]


def test_a_plan_of_an_example_keeps_the_marker() -> None:
    plan = _plan(EXAMPLE, allow_example=True)
    again = rk.from_data(rk.to_data(plan))
    assert isinstance(again, rk.Plan) and again.protocol.example
