"""An independent review of the three new protocols (tennis-elbow, ankle-sprain,
low-back-pain), read as a senior physiotherapist would, found patients advanced despite a
reason not to, and warning signs that did nothing. Each finding is a patient history here;
each failed on the protocols as first bundled (1.0.0) and passes on 1.1.0."""

from __future__ import annotations

import datetime as dt

import pytest

import rehabkit as rk

START = dt.date(2026, 12, 1)
INJURY = dt.date(2026, 11, 29)
LONG = rk.Quantity(12, rk.Unit.HOUR)  # pain after the session took 12 hours to settle


def plan(protocol_id: str) -> rk.Plan:
    protocol = rk.bundled(protocol_id)
    events = {e.id: INJURY for e in protocol.events} or None
    made = rk.personalise(protocol, start=START, side="right", events=events)
    if protocol.start_criteria():
        made = rk.advance(made, rk.assess(made, rk.SessionLog(measurements=[
            rk.MeasurementEntry(date=START, name="walks_on_foot", present=True)]), on=START))  # fmt: skip
        assert made.started is not None
    return made


def days(exercise: str, count: int, **facts: object) -> list[rk.SessionEntry]:
    return [rk.SessionEntry(date=START + dt.timedelta(days=n), exercise=exercise, **facts)
            for n in range(count)]  # type: ignore[arg-type]  # fmt: skip


@pytest.mark.parametrize(
    ("protocol_id", "exercise", "facts"),
    [
        (
            "tennis-elbow",
            "wrist-extension",
            {
                "sets": 3,
                "repetitions": 15,
                "pain_during": 5,
                "load": rk.Quantity(1, rk.Unit.KILOGRAM),
            },
        ),
        ("ankle-sprain", "band-eversion", {"pain_during": 3, "effort": 4}),
        ("low-back-pain", "pelvic-tilt", {"pain_during": 5}),
    ],
)
def test_pain_that_takes_hours_to_settle_never_moves_a_patient_on(
    protocol_id: str, exercise: str, facts: dict[str, object]
) -> None:
    entries = days(exercise, 10, pain_settled_after=LONG, next_morning=rk.NextMorning.SAME,
                   **facts)  # fmt: skip
    result = rk.assess(plan(protocol_id), rk.SessionLog(entries=entries),
                       on=START + dt.timedelta(days=9))  # fmt: skip
    assert result.decision(exercise).verdict is not rk.Verdict.PROGRESS


@pytest.mark.parametrize("signs", [("swelling",), ("heat",), ("redness",), ("locking",)])
def test_a_swollen_hot_red_or_locking_elbow_stops_the_exercises(signs: tuple[str, ...]) -> None:
    log = rk.SessionLog().log_session("wrist-extension", START, pain_during=2,
                                      symptoms=list(signs))  # fmt: skip
    result = rk.assess(plan("tennis-elbow"), log, on=START)
    assert {d.verdict for d in result.decisions} == {rk.Verdict.STOP}


@pytest.mark.parametrize("sign", ["chest_pain", "breathlessness"])
def test_signs_of_a_clot_in_the_lungs_after_a_sprain_are_urgent(sign: str) -> None:
    log = rk.SessionLog().log_session("band-eversion", START, pain_during=2, symptoms=[sign])
    result = rk.assess(plan("ankle-sprain"), log, on=START)
    assert {d.verdict for d in result.decisions} == {rk.Verdict.STOP}
    assert {d.urgency for d in result.decisions} == {rk.Urgency.URGENT}


def test_a_back_not_better_after_two_weeks_is_held_for_a_review() -> None:
    entries = days("pelvic-tilt", 28, pain_during=5, pain_settled_after=rk.Quantity(
        10, rk.Unit.MINUTE), next_morning=rk.NextMorning.SAME)  # fmt: skip
    result = rk.assess(plan("low-back-pain"), rk.SessionLog(entries=entries),
                       on=START + dt.timedelta(days=27))  # fmt: skip
    assert rk.Verdict.PROGRESS not in {d.verdict for d in result.decisions}
    assert "2 weeks" in str(result.to_data())


def test_numbness_in_a_leg_says_when_to_call_999() -> None:
    text = " ".join(s.text for s in rk.bundled("low-back-pain").stop_criteria)
    assert "If it is in both legs, or around your genitals or bottom, call 999" in text


@pytest.mark.parametrize("protocol_id", ["tennis-elbow", "ankle-sprain", "low-back-pain"])
def test_every_new_handout_says_where_to_get_urgent_help(protocol_id: str) -> None:
    protocol = rk.bundled(protocol_id)
    assert {h.region for h in protocol.urgent_help} == {"GB", None}
    html = rk.export(plan(protocol_id), "html").decode()
    assert "call your local emergency number" in html


# --------------------------------------------------------------------------- round 2
# The review's moderate and minor findings, acted on in 1.2.0 of the three protocols.


def test_after_a_pain_stop_the_tennis_elbow_goes_back_to_a_lighter_weight() -> None:
    """TE-3: the handout says "try it again at your next session with a lighter weight";
    the plan must say the same, not keep the weight that hurt."""
    made = plan("tennis-elbow")
    kg = rk.Quantity(1, rk.Unit.KILOGRAM)
    entries = [rk.SessionEntry(date=START + dt.timedelta(days=n), exercise="wrist-extension",
                               sets=3, repetitions=15, load=kg, pain_during=pain)
               for n, pain in enumerate([8, 2])]  # fmt: skip
    result = rk.assess(made, rk.SessionLog(entries=entries), on=START + dt.timedelta(days=1))
    assert result.decision("wrist-extension").verdict is rk.Verdict.REGRESS
    after = rk.advance(made, result)
    load = after.dosage_for("wrist-extension").load
    assert load is not None and load.amount == rk.Quantity(0.9, rk.Unit.KILOGRAM)


def test_the_tennis_elbow_handout_asks_for_a_check_after_a_blow_or_with_neck_pain() -> None:
    """TE-4: pain after a fall or blow, or spreading from the neck, is not tennis elbow to
    treat at home."""
    supervision = rk.bundled("tennis-elbow").supervision or ""
    assert "fall or a blow" in supervision and "neck" in supervision


def test_the_swelling_box_asks_for_new_or_worse_swelling() -> None:
    """AS-4: mild swelling is expected for weeks after a sprain; the hold is meant for
    swelling that is new or worse, and the box the patient ticks must say so."""
    html = rk.export(plan("ankle-sprain"), "html").decode()
    assert "Swelling, new or worse" in html
    flare = next(s for s in rk.bundled("ankle-sprain").stop_criteria if s.id == "flare-swelling")
    assert "than the day before" in flare.text


def test_the_alphabet_says_what_one_repetition_is() -> None:
    """AS-8: "1 set of 2 repetitions" of the alphabet means nothing to a patient."""
    steps = " ".join(rk.bundled("ankle-sprain").exercise("ankle-alphabet").steps)
    assert "whole alphabet" in steps and "one repetition" in steps


def _sources_of(protocol_id: str, path: str) -> list[str]:
    doc = rk.to_data(rk.bundled(protocol_id))
    node: object = doc
    for part in path.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]  # type: ignore[index]
    assert isinstance(node, dict)
    return list(node["sources"])


@pytest.mark.parametrize(
    ("protocol_id", "path", "sources"),
    [
        # AS-10: neither source says when strength work or hopping should begin.
        ("ankle-sprain", "phases.1.entry_criteria.0", ["editors"]),
        ("ankle-sprain", "phases.2.entry_criteria.0", ["editors"]),
        # TE-9: the trial's abstract says nothing of a written programme or of visits.
        ("tennis-elbow", "reporting.delivery", ["editors"]),
        ("tennis-elbow", "reporting.supervision", ["peterson-2011", "editors"]),
        # LBP-10: "individual" is the editors'; NICE suggests the opposite (a group).
        ("low-back-pain", "reporting.format", ["editors", "nice-ng59"]),
    ],
)
def test_thresholds_no_source_states_are_the_editors(
    protocol_id: str, path: str, sources: list[str]
) -> None:
    assert _sources_of(protocol_id, path) == sources


def test_the_back_protocol_claims_nothing_its_sources_do_not_say() -> None:
    """LBP-10: no note says NICE expects programmes run by the NHS, or not to rest in bed;
    LBP-11: a draft value set is no source a patient's handout should list."""
    back = rk.to_data(rk.bundled("low-back-pain"))
    assert "NICE expects" not in back["reporting"]["provider"]["text"]
    assert "bed" not in back["reporting"]["non_exercise"]["text"]
    assert "ihe-back-sites" not in {s["id"] for s in back["sources"]}


def test_a_plan_with_no_limb_shows_no_side() -> None:
    """LBP-8: a trunk-only programme personalised with a side must not print one."""
    made = rk.personalise(rk.bundled("low-back-pain"), start=START, side="right")
    html = rk.export(made, "html").decode()
    assert ">Side<" not in html and "Right" not in html


def test_the_ankles_warning_words_match_its_stops() -> None:
    """AS-6: a hot red ankle needs no fever to be urgent (the stops say so; the contact line
    said otherwise). AS-7: the Ottawa rules' midfoot bone is on the inner side, not the top."""
    ankle = rk.bundled("ankle-sprain")
    assert ankle.pain_guidance is not None and ankle.pain_guidance.flare_up is not None
    assert "a hot and red ankle, or a swollen ankle with a fever" in (
        ankle.pain_guidance.flare_up.contact or ""
    )
    stops = " ".join(s.text for s in ankle.stop_criteria)
    assert "top of the foot" not in stops and "inner side of the middle of the foot" in stops
