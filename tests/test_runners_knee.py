"""Every fact of the seed article, checked one by one in the bundled protocol (public API only)."""

from __future__ import annotations

import datetime as dt

import pytest

import rehabkit as rk

ARTICLE = "flawless-physio-2022"


@pytest.fixture(scope="module")
def p() -> rk.Protocol:
    return rk.bundled("runners-knee")


def by_name(p: rk.Protocol, name: str) -> rk.Exercise:
    [ex] = [e for e in p.exercises if e.name == name]
    return ex


def knee_flexion(ex: rk.Exercise) -> rk.Amount:
    angle = ex.angle(rk.Joint.KNEE)
    assert angle is not None and angle.motion is rk.Motion.FLEXION
    return angle.angle


def words(ex: rk.Exercise) -> str:
    parts = [ex.starting_position or "", *ex.steps]
    return " ".join(parts).lower()


def test_condition_is_patellofemoral_pain_syndrome(p: rk.Protocol) -> None:
    assert p.condition.name == "Patellofemoral pain syndrome"
    assert "Runner's knee" in p.condition.aliases
    assert "behind the kneecap" in p.condition.description


def test_condition_codes_by_side(p: rk.Protocol) -> None:
    icd = "http://hl7.org/fhir/sid/icd-10-cm"
    assert p.condition.code_for(icd, rk.Laterality.LEFT).code == "M22.2X2"  # type: ignore[union-attr]
    assert p.condition.code_for(icd, rk.Laterality.RIGHT).code == "M22.2X1"  # type: ignore[union-attr]


def test_six_exercises(p: rk.Protocol) -> None:
    assert [e.name for e in p.exercises] == [
        "Inner Range Quads",
        "Long Lever Bridge",
        "Clam",
        "Hip Abduction",
        "Wall Sit",
        "Shallow Squat with Resistance Band",
    ]


def test_programme_dose_three_sets_of_twelve(p: rk.Protocol) -> None:
    for ex in p.exercises:
        dose = p.dosage_for(ex.id)
        assert (dose.sets, dose.repetitions) == (3, 12), ex.name


def test_frequency_once_daily_or_alternate_days(p: rk.Protocol) -> None:
    for ex in p.exercises:
        assert p.dosage_for(ex.id).frequency == rk.Frequency(
            times=1, period=1, period_max=2, period_unit=rk.PeriodUnit.DAY
        )


def test_inner_range_quads(p: rk.Protocol) -> None:
    ex = by_name(p, "Inner Range Quads")
    assert "foam roller" in words(ex) and "pillow" in words(ex)
    assert [e.name for e in ex.equipment] == ["foam roller"]
    assert ex.equipment[0].alternatives == ("thick pillow",)
    assert "straighten" in words(ex) and "heel" in words(ex)
    assert p.dosage_for(ex.id).hold == rk.Quantity(5, rk.Unit.SECOND)
    assert "relax" in ex.steps[-1].lower()
    assert ex.target_muscles == (rk.Muscle.QUADRICEPS,)
    assert "quadriceps" in ex.feel


def test_long_lever_bridge(p: rk.Protocol) -> None:
    ex = by_name(p, "Long Lever Bridge")
    assert "on your back" in words(ex)
    assert "heels hip-width apart" in words(ex)
    assert knee_flexion(ex) == rk.Quantity(30, rk.Unit.DEGREE)
    assert "pelvis backwards" in words(ex) and "flat" in words(ex)
    assert "lifts off the floor" in words(ex)
    assert set(ex.target_muscles) == {rk.Muscle.GLUTEALS, rk.Muscle.HAMSTRINGS}


def test_clam_is_named_by_us_and_says_so(p: rk.Protocol) -> None:
    ex = by_name(p, "Clam")
    assert ex.name_origin is rk.NameOrigin.EDITOR
    assert "selkowitz-2013" in ex.sources  # the clinicians' name, cited
    assert "ankles together" in words(ex)
    assert knee_flexion(ex) == rk.Quantity(30, rk.Unit.DEGREE)
    assert "about 30" in (ex.angle(rk.Joint.KNEE).note or "")  # type: ignore[union-attr]
    assert "pelvis slightly forwards" in words(ex) and "still" in words(ex)
    assert "top knee" in words(ex)
    assert ex.target_muscles == (rk.Muscle.GLUTEALS,)


def test_hip_abduction(p: rk.Protocol) -> None:
    ex = by_name(p, "Hip Abduction")
    assert "on your side" in words(ex)
    assert "band" in words(ex) and "ankles" in words(ex)
    assert [e.name for e in ex.equipment] == ["resistance band"]
    assert "bottom leg a little" in words(ex) and "top leg straight" in words(ex)
    assert "upwards and slightly back" in words(ex)
    assert rk.Muscle.GLUTEALS in ex.target_muscles


def test_wall_sit(p: rk.Protocol) -> None:
    ex = by_name(p, "Wall Sit")
    assert "back flat against the wall" in words(ex)
    assert "knee straight above its ankle" in words(ex)
    assert knee_flexion(ex) == rk.Range(30, 60, rk.Unit.DEGREE)
    assert "harder" in (ex.angle(rk.Joint.KNEE).note or "")  # type: ignore[union-attr]
    assert any("60" in h for h in ex.harder) and any("30" in e for e in ex.easier)
    assert ex.target_muscles == (rk.Muscle.QUADRICEPS,)


def test_wall_sit_angle_progression_deeper_is_harder(p: rk.Protocol) -> None:
    [rule] = [
        r for r in p.progression_rules
        if r.exercise == "wall-sit" and r.change and r.direction is rk.Direction.PROGRESS
    ]  # fmt: skip
    assert rule.change == rk.ParameterChange(
        parameter=rk.Parameter.JOINT_ANGLE,
        joint=rk.Joint.KNEE,
        step=10,
        limit=60,
        unit=rk.Unit.DEGREE,
    )
    assert "escamilla-2009" in rule.sources


def test_shallow_squat_with_band(p: rk.Protocol) -> None:
    ex = by_name(p, "Shallow Squat with Resistance Band")
    assert "hip-width apart" in words(ex)
    assert "backwards and down" in words(ex) and "shallow squat" in words(ex)
    assert "band around your thighs" in words(ex) and "outwards" in words(ex)
    assert set(ex.target_muscles) == {rk.Muscle.QUADRICEPS, rk.Muscle.GLUTEALS}


def test_wall_sit_progresses_to_squat_on_concrete_criteria(p: rk.Protocol) -> None:
    [rule] = [r for r in p.progression_rules if r.to_exercise == "shallow-squat-band"]
    assert rule.exercise == "wall-sit" and rule.direction is rk.Direction.PROGRESS
    metrics = {c.metric: c for c in rule.criteria}
    assert metrics[rk.Metric.PAIN_DURING].value <= 2
    assert metrics[rk.Metric.PAIN_SETTLE_TIME].threshold() == 3600
    assert metrics[rk.Metric.NEXT_MORNING_WORSE].value == 0
    assert all(c.sessions >= 2 for c in rule.criteria)
    assert ARTICLE in rule.sources  # "as symptoms improve" is the article's
    # the numbers are not the article's: each criterion cites another source
    assert all(c.sources and ARTICLE not in c.sources for c in rule.criteria)
    assert "shallow-squat-band" not in [e.id for e in p.initial_exercises()]


def test_pain_rule_from_the_article(p: rk.Protocol) -> None:
    g = p.pain_guidance
    assert g.sources[0] == ARTICLE  # and the sources of its numbers (version 2.0.0)
    assert "not hurt" in g.summary and "only a little" in g.summary and "soon after" in g.summary


def test_numeric_pain_limits_are_cited_and_not_the_articles(p: rk.Protocol) -> None:
    limits = p.pain_guidance.limits
    assert {(c.metric, c.value) for c in limits} >= {
        (rk.Metric.PAIN_DURING, 2),
        (rk.Metric.PAIN_DURING, 5),
        (rk.Metric.PAIN_SETTLE_TIME, 60),
    }
    for c in limits:
        assert c.sources and ARTICLE not in c.sources
        for ref in c.sources:
            assert p.reference(ref).note


def test_supervision_by_physical_therapist(p: rk.Protocol) -> None:
    assert "physical therapist" in p.supervision
    assert "assess" in p.supervision


def test_disclaimer(p: rk.Protocol) -> None:
    assert "not medical advice" in p.disclaimer
    assert "medical professional" in p.disclaimer


def test_authors_are_the_editors_based_on_the_article(p: rk.Protocol) -> None:
    # McCormack wrote the article, not our stop and progression rules: the protocol's
    # authors are its editors, "based on" his article, whose date is the source's date.
    assert [a.name for a in p.authors] == ["rehabkit editors"]
    assert p.based_on == ARTICLE
    assert p.reference(ARTICLE).authors == ("James McCormack",)
    assert p.last_reviewed == dt.date(2026, 12, 4)  # our review, not the article's date


def test_rathleff_has_its_real_title_and_is_cited_only_for_the_ladder(p: rk.Protocol) -> None:
    ref = p.reference("rathleff-2019")
    assert ref.doi == "10.1177/0363546519843915"
    assert ref.title.startswith("Activity Modification and Load Management of Adolescents")
    assert "Osgood" not in ref.title
    cited = [c for r in p.progression_rules for c in r.criteria if "rathleff-2019" in c.sources]
    assert cited == []  # it gives no session counts and nothing about a full dose


def test_numbers_no_source_gives_are_marked_as_the_editors_choice(p: rk.Protocol) -> None:
    deeper = next(r for r in p.progression_rules if r.id == "wall-sit-deeper")
    assert "editors" in deeper.sources  # the 10-degree step
    for rule in p.progression_rules:
        for c in rule.criteria:
            if c.sessions > 1 or c.metric is rk.Metric.FULL_DOSAGE:
                assert "editors" in c.sources, (rule.id, c)
    note = p.reference("editors").note or ""
    for choice in ("10 degrees", "30 degrees", "two sessions", "three", "6 weeks", "14 days"):
        assert choice in note
    assert "small steps" not in (p.reference("escamilla-2009").note or "")
    # HANDI's 4-8 weeks are a minimum trial; the 12 weeks are the editors' (version 2.0.0)
    assert p.duration == rk.Quantity(12, rk.Unit.WEEK)
    assert "12 weeks" in note


def test_wall_sit_has_a_cited_hold(p: rk.Protocol) -> None:
    wall = p.exercise("wall-sit")
    assert wall.dosage.hold == rk.Quantity(10, rk.Unit.SECOND)
    assert p.reference("clark-wall-squat").secondary


def test_continuous_pain_is_a_red_flag_night_ache_a_soon_review(p: rk.Protocol) -> None:
    # G-Care's red flag is one item, continuous pain including at night (version 2.0.0)
    [flag] = [s for s in p.stop_criteria if s.id == "red-flag-constant-pain"]
    assert flag.urgency is rk.Urgency.URGENT
    assert {c.symptom for c in flag.criteria} == {rk.Symptom.CONTINUOUS_PAIN}
    [night] = [s for s in p.stop_criteria if s.id == "see-clinician-night-pain"]
    assert night.urgency is rk.Urgency.SEE_CLINICIAN


def test_flare_up_advice_is_data(p: rk.Protocol) -> None:
    flare = p.pain_guidance.flare_up
    assert flare is not None
    assert "2 and 5" in flare.advice  # pain below 2 is the aim (version 2.0.0)
    assert "physiotherapist" in flare.restart and "physiotherapist" in flare.contact.lower()


def test_source_citation(p: rk.Protocol) -> None:
    ref = p.reference(ARTICLE)
    assert ref.title == "Runners Knee Exercises (Strengthening Exercises)"
    assert ref.publisher == "Flawless Physio"
    assert ref.authors == ("James McCormack",)
    assert ref.date == dt.date(2022, 12, 4)
    assert all(ARTICLE in e.sources for e in p.exercises)


def test_stop_criteria_are_cited(p: rk.Protocol) -> None:
    urgencies = {s.urgency for s in p.stop_criteria}
    assert urgencies == {rk.Urgency.STOP_EXERCISE, rk.Urgency.URGENT, rk.Urgency.SEE_CLINICIAN}
    for s in p.stop_criteria:  # the hip-referred pain flag cites its own source (2.0.0)
        hip = s.id == "urgent-hip-referred-pain"
        assert ("peck-2017" if hip else "nhs-pfj-leaflets") in s.sources
    symptoms = {c.symptom for s in p.stop_criteria for c in s.criteria}
    assert {rk.Symptom.SWELLING, rk.Symptom.LOCKING, rk.Symptom.GIVING_WAY} <= symptoms


def test_instructions_are_our_own_words(p: rk.Protocol) -> None:
    # Sentences do not carry over: no step repeats a sentence of the article verbatim.
    article_sentences = [
        "Push your knee down into the roller or pillow and straighten your knee",
        "Tilt your pelvis backwards, to flatten your back against the floor",
        "Tip your pelvis forwards and keep it still while you lift your top knee",
        "Lift your leg up and backwards into the resistance band",
        "Sit with your back flat against the wall",
        "lower your pelvis down and back into a shallow squat",
    ]
    text = " ".join(" ".join(e.steps) for e in p.exercises).lower()
    for sentence in article_sentences:
        assert sentence.lower() not in text
