"""acl-early-rehab reviewed against its sources (issue 23): infection and blood-clot warnings
act, early swelling is a flare, an effusion of 2+ holds progression (not the exercises) until
a review, extension is measured and trained, the doses are the guideline's or plainly the
editors', and the CERT items are answered with where each answer comes from."""

from __future__ import annotations

import datetime as dt

import pytest

import rehabkit as rk

D = dt.date(2026, 12, 1)
ACL = rk.bundled("acl-early-rehab")
EXERCISES = {e.id: e for e in ACL.exercises}


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n - 1)


def acl_plan() -> rk.Plan:
    surgery = day(1) - dt.timedelta(3)
    return rk.personalise(ACL, patient="Kit Moss", start=D, side="left",
                          events={"surgery": surgery})  # fmt: skip


def early_day(n: int, *symptoms: str) -> rk.SessionLog:
    log = rk.SessionLog(patient="Kit Moss")
    return log.log_session("quad-set", day(n), pain_during=2, symptoms=list(symptoms))


def verdicts(result: rk.Assessment) -> set[rk.Verdict]:
    return {d.verdict for d in result.decisions}


# ------------------------------------------------------------------ warning signs act


@pytest.mark.parametrize(
    "symptoms",
    [
        ("fever",),
        ("redness", "wound_discharge"),
        ("calf_pain",),
        ("chest_pain",),
        ("breathlessness",),
    ],
)
def test_infection_and_blood_clot_signs_stop_the_plan_urgently(symptoms: tuple[str, ...]) -> None:
    result = rk.assess(acl_plan(), early_day(2, *symptoms), on=day(2))
    assert verdicts(result) == {rk.Verdict.STOP}
    assert {d.urgency for d in result.decisions} == {rk.Urgency.URGENT}


def test_redness_alone_is_not_urgent() -> None:
    result = rk.assess(acl_plan(), early_day(2, "redness"), on=day(2))
    assert rk.Verdict.STOP not in verdicts(result)


def test_the_blood_clot_signs_are_loggable_and_on_the_paper_log() -> None:
    read = {c.symptom for s in ACL.stop_criteria for c in s.criteria if c.symptom}
    for symptom in ("calf_pain", "chest_pain", "breathlessness", "fever", "wound_discharge"):
        assert rk.Symptom(symptom) in read


# ------------------------------------------------------------------ swelling and effusion


def test_early_swelling_is_a_flare_not_a_stop_of_everything() -> None:
    result = rk.assess(acl_plan(), early_day(2, "swelling"), on=day(2))
    assert verdicts(result) == {rk.Verdict.HOLD}
    quad = result.decision("quad-set")
    assert any("raised" in w and "fewer" in w for w in quad.warnings), quad.warnings


def intermediate() -> rk.Plan:
    plan = acl_plan()
    log = rk.SessionLog(patient="Kit Moss")
    for m in (
        rk.MeasurementEntry(date=day(12), name="knee_flexion", value=115, unit=rk.Unit.DEGREE),
        rk.MeasurementEntry(date=day(12), name="effusion", level="trace"),
        rk.MeasurementEntry(date=day(12), name="extensor_lag", present=False),
    ):
        log = log.with_measurement(m.name, m.date, value=m.value, unit=m.unit, level=m.level,
                                   present=m.present)  # fmt: skip
    result = rk.assess(plan, log, on=day(12))
    assert result.next_phase is not None and result.next_phase.ready
    return rk.advance(plan, result)


def wall_sits(first: int, last: int) -> rk.SessionLog:
    entries = [
        rk.SessionEntry(date=day(n), exercise="wall-sit", sets=3, repetitions=10,
                        hold=rk.Quantity(10, rk.Unit.SECOND), pain_during=2,
                        next_morning=rk.NextMorning.SAME)
        for n in range(first, last + 1)
    ]  # fmt: skip
    return rk.SessionLog(patient="Kit Moss", entries=entries)


def test_effusion_2_plus_holds_progression_but_not_the_exercises() -> None:
    plan = intermediate()
    log = wall_sits(13, 20).with_measurement("effusion", day(20), level="2+")
    result = rk.assess(plan, log, on=day(20))
    assert verdicts(result) == {rk.Verdict.HOLD}
    wall = result.decision("wall-sit")
    assert wall.new_value is None and wall.review_due
    assert any("hold-effusion" in w for w in wall.warnings), wall.warnings
    # Still held the next day: the hold waits for a review.
    assert rk.assess(plan, log, on=day(21)).decision("wall-sit").verdict is rk.Verdict.HOLD


def test_a_same_day_review_after_effusion_2_plus_lets_progression_resume() -> None:
    plan = intermediate()
    held = wall_sits(13, 28).with_measurement("effusion", day(20), level="2+")
    assert rk.assess(plan, held, on=day(28)).decision("wall-sit").verdict is rk.Verdict.HOLD
    # The physiotherapist who graded it reviews the knee that day: sessions count again
    # from the next day, and a clean week moves the wall sit on.
    reviewed = held.with_review(day(20), clinician="J. Physio")
    wall = rk.assess(plan, reviewed, on=day(28)).decision("wall-sit")
    assert wall.verdict is rk.Verdict.PROGRESS and wall.new_value == 40


def test_effusion_2_plus_in_the_early_weeks_holds_the_next_phase_only() -> None:
    log = rk.SessionLog(patient="Kit Moss")
    log = log.with_measurement("knee_flexion", day(12), value=115, unit=rk.Unit.DEGREE)
    log = log.with_measurement("extensor_lag", day(12), present=False)
    log = log.with_measurement("effusion", day(12), level="2+")
    result = rk.assess(acl_plan(), log, on=day(12))
    assert verdicts(result) == {rk.Verdict.HOLD}
    assert result.next_phase is not None and not result.next_phase.ready


# ------------------------------------------------------------------ extension and range work


def test_extension_is_measured_and_trained() -> None:
    assert "extension_deficit" in {m.name for m in ACL.measurements}
    early = {i.exercise for i in acl_plan().exercises}
    assert {"heel-prop", "patellar-mobilisation", "long-arc-quad", "exercise-bike"} <= early
    assert "prone-hang" in ACL.phases[1].exercises


def test_range_work_goes_on_in_the_intermediate_phase() -> None:
    exercises = {i.exercise for i in intermediate().exercises}
    assert {"wall-slide", "heel-prop", "patellar-mobilisation", "quad-set"} <= exercises
    assert {"wall-sit", "step-up", "prone-hang"} <= exercises


def test_long_arc_quads_work_from_90_to_45_degrees() -> None:
    pose = EXERCISES["long-arc-quad"].pose
    assert pose is not None and pose.end is not None
    assert pose.start.knee == 90 and pose.end.working is not None
    assert pose.end.working.knee == 45


# ------------------------------------------------------------------ doses and sources


def test_the_week_1_doses_are_the_guidelines() -> None:
    for exercise in ("quad-set", "long-arc-quad", "straight-leg-raise"):
        dose = ACL.dosage_for(exercise)
        assert (dose.sets, dose.repetitions) == (3, 10), exercise
        assert dose.frequency is not None and dose.frequency.times == 3, exercise
    mobs = ACL.dosage_for("patellar-mobilisation")
    assert mobs.repetitions == rk.IntRange(30, 50)


def test_step_ups_stay_in_a_pain_free_range() -> None:
    dose = ACL.dosage_for("step-up")
    assert dose.intensity is not None and dose.intensity.pain_max == 0
    assert "pain-free" in " ".join(EXERCISES["step-up"].steps)


def test_the_editors_note_claims_no_missing_dose_and_the_guideline_is_cited_fully() -> None:
    sources = {s.id: s for s in ACL.sources}
    assert "without a dose" not in (sources["editors"].note or "")
    assert sources["editors"].editorial
    guideline = sources["udel-acl"]
    assert guideline.url and guideline.secondary
    assert "Newark" in (guideline.publisher or "")


def test_every_cert_item_is_answered_with_its_sources() -> None:
    reporting = ACL.reporting
    assert reporting is not None
    names = ("provider", "format", "supervision", "delivery", "adherence", "motivation",
             "home_programme", "non_exercise", "adverse_events", "setting", "tailoring",
             "starting_level", "fidelity", "rationale")  # fmt: skip
    for name in names:
        statement = getattr(reporting, name)
        assert statement is not None, name
        assert statement.sources, name


def test_version_and_review_date() -> None:
    assert ACL.version == "1.1.0"
    assert ACL.last_reviewed == dt.date(2026, 12, 4)


# ------------------------------------------------------------------ the handout says what a hold does


def _page_text(html: bytes) -> str:
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


def test_the_handout_lists_holds_apart_from_the_stops() -> None:
    text = _page_text(rk.export(acl_plan(), "html"))
    stops = text.index("When to stop and get help")
    holds = text.index("When to keep going, but not make the exercises harder")
    assert stops < holds
    for stop in ACL.stop_criteria:
        where = text.index(stop.text)
        if stop.effect is rk.Effect.HOLD:
            assert where > holds, stop.id
        else:
            assert stops < where < holds, stop.id


def test_the_glance_table_gives_a_timed_dose_its_time() -> None:
    text = _page_text(rk.export(acl_plan(), "html"))
    assert "Exercise bike 1 set, 10 min" in text


@pytest.mark.parametrize("symptoms", [("redness", "heat")])
def test_a_red_hot_knee_is_urgent_without_a_fever(symptoms: tuple[str, ...]) -> None:
    """The review of issue 23: after surgery a joint infection can come without a fever."""
    result = rk.assess(acl_plan(), early_day(2, *symptoms), on=day(2))
    assert {d.urgency for d in result.decisions} == {rk.Urgency.URGENT}


@pytest.mark.parametrize("symptom", ["wound_discharge", "unwell"])
def test_wound_fluid_or_feeling_unwell_alone_asks_for_a_check_and_holds(symptom: str) -> None:
    result = rk.assess(acl_plan(), early_day(2, symptom), on=day(2))
    assert verdicts(result) == {rk.Verdict.HOLD}
    assert all(d.review_due for d in result.decisions)


def test_the_restart_advice_agrees_with_a_pain_stop() -> None:
    restart = ACL.pain_guidance.flare_up.restart if ACL.pain_guidance.flare_up else ""
    assert "next session" in restart and "any other stop" in restart


def test_a_pain_free_dose_says_no_pain() -> None:
    text = _page_text(rk.export(acl_plan(), "html"))
    assert "no pain, once a day, 5 days a week" in text and "no more than 0/10" not in text
