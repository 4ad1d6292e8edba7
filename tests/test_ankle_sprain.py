"""The ankle-sprain protocol (issue 24, a sports injury in phases) end to end: it validates, it
starts only once the person can walk on the foot two days after the injury, its band moves up a
colour, its heel raises and balance hold grow while pain, effort and the next morning allow and
come back when the ankle is worse, its phases open on their criteria and change the dose while
keeping what has progressed, return to sport completes it, its warning signs act, its handouts
say which leg and it exports to FHIR."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

import rehabkit as rk

INJURY = dt.date(2026, 11, 29)
D = dt.date(2026, 12, 1)
# Pain after a session that settled in 10 minutes: the progression rules read it (1.1.0).
SETTLED = rk.Quantity(10, rk.Unit.MINUTE)
ANKLE = rk.bundled("ankle-sprain")
EARLY = ("ankle-alphabet", "towel-calf-stretch", "band-eversion")


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n - 1)


def plan() -> rk.Plan:
    return rk.personalise(ANKLE, patient="Kim Lee", start=D, side="right",
                          events={"injury": INJURY})  # fmt: skip


def started(on: int = 1) -> rk.Plan:
    """The plan once its start gate has opened on day ``on``."""
    p = plan()
    return rk.advance(p, rk.assess(p, rk.SessionLog(measurements=[walks(on)]), on=day(on)))


def walks(n: int, name: str = "walks_on_foot") -> rk.MeasurementEntry:
    return rk.MeasurementEntry(date=day(n), name=name, present=True)


def stance(n: int, seconds: float) -> rk.MeasurementEntry:
    return rk.MeasurementEntry(date=day(n), name="single_leg_stance", value=seconds,
                               unit=rk.Unit.SECOND)  # fmt: skip


def sessions(
    exercise: str,
    first: int,
    last: int,
    *,
    pain: float = 2,
    effort: float | None = None,
    morning: rk.NextMorning = rk.NextMorning.SAME,
) -> list[rk.SessionEntry]:
    return [
        rk.SessionEntry(date=day(n), exercise=exercise, pain_during=pain, next_morning=morning,
                        effort=effort, session=s, pain_settled_after=SETTLED)
        for n in range(first, last + 1) for s in (1, 2)
    ]  # fmt: skip


def verdicts(result: rk.Assessment) -> set[rk.Verdict]:
    return {d.verdict for d in result.decisions}


def test_bundled_with_its_version_and_body_site() -> None:
    assert "ankle-sprain" in rk.bundled_ids()
    assert ANKLE.version == "1.2.0" and str(ANKLE.last_reviewed) == "2026-12-04"
    assert ANKLE.condition.body_site is not None
    assert ANKLE.condition.body_site.code == "344001"
    assert not ANKLE.example


def test_every_exercise_works_the_leg_and_the_ankle() -> None:
    assert {e.limb for e in ANKLE.exercises} == {rk.Limb.LEG}
    muscles = {m for e in ANKLE.exercises for m in e.target_muscles}
    assert {rk.Muscle.PERONEALS, rk.Muscle.CALF} <= muscles


# ------------------------------------------------------------------ the start gate


def test_nothing_starts_before_two_days_or_before_the_person_can_walk_on_the_foot() -> None:
    p = plan()
    # Day 1 is 2 days after the injury, but walking on the foot is not yet recorded.
    result = rk.assess(p, rk.SessionLog(), on=day(1))
    assert result.start is not None and not result.start.ready
    assert verdicts(result) == {rk.Verdict.HOLD}
    assert rk.advance(p, result) == p
    # One day after the injury, walking alone is not enough.
    early = rk.personalise(ANKLE, patient="Kim Lee", start=D, side="right",
                           events={"injury": D})  # fmt: skip
    result = rk.assess(early, rk.SessionLog(measurements=[walks(2)]), on=day(2))
    assert result.start is not None and not result.start.ready
    # Two days after and walking: it starts.
    result = rk.assess(p, rk.SessionLog(measurements=[walks(1)]), on=day(1))
    assert result.start is not None and result.start.ready
    assert rk.advance(p, result).started == day(1)


# ------------------------------------------------------------------ progression rules


def test_the_band_moves_up_a_colour_after_a_week_within_the_pain_limit() -> None:
    p = started()
    log = rk.SessionLog(entries=sessions("band-eversion", 1, 8))
    assert rk.assess(p, log, on=day(7)).decision("band-eversion").verdict is rk.Verdict.HOLD
    result = rk.assess(p, log, on=day(8))
    band = result.decision("band-eversion")
    assert band.verdict is rk.Verdict.PROGRESS and band.new_value == 2
    load = rk.advance(p, result).dosage_for("band-eversion").load
    assert load is not None and load.level == 2
    assert "red" in rk.advance(p, result).dosage_for("band-eversion").describe()


def test_pain_above_4_holds_the_band_and_stops_that_exercise_only() -> None:
    p = started()
    log = rk.SessionLog(entries=sessions("band-eversion", 1, 7) + sessions("band-eversion", 8, 8,
                                                                             pain=5))  # fmt: skip
    result = rk.assess(p, log, on=day(8))
    assert result.decision("band-eversion").verdict is rk.Verdict.STOP
    assert result.decision("ankle-alphabet").verdict is not rk.Verdict.STOP


def test_a_worse_next_morning_takes_the_band_back_a_colour() -> None:
    p = started()
    p = rk.advance(p, rk.assess(p, rk.SessionLog(entries=sessions("band-eversion", 1, 8)),
                                on=day(8)))  # fmt: skip
    log = rk.SessionLog(entries=sessions("band-eversion", 9, 9, morning=rk.NextMorning.WORSE))
    band = rk.assess(p, log, on=day(9)).decision("band-eversion")
    assert band.verdict is rk.Verdict.REGRESS and band.new_value == 1


def strength_phase() -> rk.Plan:
    """The plan moved into the strength-and-balance phase on day 7 (8 days after the injury)."""
    p = started()
    log = rk.SessionLog(measurements=[walks(7, "walks_comfortably")])
    result = rk.assess(p, log, on=day(7))
    assert result.next_phase is not None and result.next_phase.ready
    return rk.advance(p, result)


def test_heel_raises_grow_one_at_a_time_while_effort_allows() -> None:
    p = strength_phase()
    log = rk.SessionLog(entries=sessions("heel-raise", 7, 9, effort=6))
    raise_ = rk.assess(p, log, on=day(9)).decision("heel-raise")
    assert raise_.verdict is rk.Verdict.PROGRESS and raise_.new_value == 11
    hard = rk.SessionLog(entries=sessions("heel-raise", 7, 9, effort=8))
    assert rk.assess(p, hard, on=day(9)).decision("heel-raise").verdict is rk.Verdict.HOLD
    worse = rk.SessionLog(entries=sessions("heel-raise", 7, 7, morning=rk.NextMorning.WORSE))
    back = rk.assess(p, worse, on=day(7)).decision("heel-raise")
    assert back.verdict is rk.Verdict.REGRESS and back.new_value == 9


def test_the_balance_hold_grows_by_10_seconds_up_to_a_minute() -> None:
    p = strength_phase()
    result = rk.assess(p, rk.SessionLog(entries=sessions("single-leg-balance", 7, 9)), on=day(9))
    hold = result.decision("single-leg-balance")
    assert hold.verdict is rk.Verdict.PROGRESS and hold.new_value == 40
    nxt = rk.advance(p, result).dosage_for("single-leg-balance").hold
    assert nxt is not None and nxt.value == 40


# ------------------------------------------------------------------ phases and the outcome


def test_the_second_phase_waits_for_a_week_and_comfortable_walking() -> None:
    p = started()
    comfortable = rk.SessionLog(measurements=[walks(5, "walks_comfortably")])
    check = rk.assess(p, comfortable, on=day(5)).next_phase  # 6 days after the injury
    assert check is not None and not check.ready
    check = rk.assess(p, rk.SessionLog(), on=day(7)).next_phase
    assert check is not None and not check.ready


def test_the_second_phase_makes_everything_once_a_day_and_keeps_the_band_colour() -> None:
    p = started()
    p = rk.advance(p, rk.assess(p, rk.SessionLog(entries=sessions("band-eversion", 1, 8)),
                                on=day(8)))  # fmt: skip
    assert p.dosage_for("towel-calf-stretch").frequency.times == 2  # type: ignore[union-attr]
    result = rk.assess(p, rk.SessionLog(measurements=[walks(8, "walks_comfortably")]), on=day(8))
    moved = rk.advance(p, result)
    assert moved.phase == "strength-balance"
    for exercise in EARLY:
        assert moved.dosage_for(exercise).frequency.times == 1  # type: ignore[union-attr]
    load = moved.dosage_for("band-eversion").load
    assert load is not None and load.level == 2


def back_to_sport() -> rk.Plan:
    p = strength_phase()
    log = rk.SessionLog(measurements=[stance(20, 30)])
    result = rk.assess(p, log, on=day(20))  # 3 weeks after the injury
    assert result.next_phase is not None and result.next_phase.ready
    return rk.advance(p, result)


def test_the_sport_phase_waits_for_30_seconds_on_one_leg_and_3_weeks() -> None:
    p = strength_phase()
    check = rk.assess(p, rk.SessionLog(measurements=[stance(20, 25)]), on=day(20)).next_phase
    assert check is not None and not check.ready
    # The review: hopping opened at 2 weeks on the stance alone; now 3 weeks at the least.
    check = rk.assess(p, rk.SessionLog(measurements=[stance(13, 30)]), on=day(13)).next_phase
    assert check is not None and not check.ready
    assert back_to_sport().phase == "back-to-sport"


def test_hopping_without_pain_and_a_minute_on_one_leg_complete_the_programme() -> None:
    p = back_to_sport()
    hop = rk.MeasurementEntry(date=day(41), name="hop_pain_free", present=True)
    result = rk.assess(p, rk.SessionLog(measurements=[hop, stance(41, 45)]), on=day(41))
    assert result.outcome is not None and not result.outcome.ready and not result.complete
    result = rk.assess(p, rk.SessionLog(measurements=[hop, stance(41, 60)]), on=day(41))
    assert result.outcome is not None and result.outcome.ready and result.complete


def test_sport_is_never_reached_before_6_weeks() -> None:
    """The review found the programme 'complete' 17 days after the injury, after two days of
    hopping; the NHS advises against running for up to 8 weeks after a bad sprain."""
    p = back_to_sport()
    early = [rk.MeasurementEntry(date=day(22), name="hop_pain_free", present=True),
             stance(22, 60)]  # fmt: skip
    result = rk.assess(p, rk.SessionLog(measurements=early), on=day(22))
    assert not result.complete


# ------------------------------------------------------------------ warning signs


@pytest.mark.parametrize(
    ("symptoms", "urgency"),
    [
        (("calf_pain",), rk.Urgency.URGENT),
        (("numbness",), rk.Urgency.URGENT),
        (("snap",), rk.Urgency.URGENT),
        (("swelling", "fever"), rk.Urgency.URGENT),
        (("redness", "heat"), rk.Urgency.URGENT),
        (("unable_to_bear_weight",), rk.Urgency.SEE_CLINICIAN),
        (("bone_tenderness",), rk.Urgency.SEE_CLINICIAN),
    ],
)
def test_warning_signs_stop_the_exercises(symptoms: tuple[str, ...], urgency: rk.Urgency) -> None:
    log = rk.SessionLog().log_session("ankle-alphabet", day(2), pain_during=2,
                                      symptoms=list(symptoms))  # fmt: skip
    result = rk.assess(started(), log, on=day(2))
    assert verdicts(result) == {rk.Verdict.STOP}
    assert {d.urgency for d in result.decisions} == {urgency}


@pytest.mark.parametrize("symptom", ["giving_way", "swelling"])
def test_giving_way_or_swelling_holds_progress_but_not_the_exercises(symptom: str) -> None:
    entries = sessions("band-eversion", 1, 8)
    log = rk.SessionLog(entries=entries).log_session("ankle-alphabet", day(8), pain_during=1,
                                                     symptoms=[symptom])  # fmt: skip
    result = rk.assess(started(), log, on=day(8))
    assert verdicts(result) == {rk.Verdict.HOLD}


def test_the_paper_log_has_a_box_for_a_tender_bone() -> None:
    """Format 1.2's symptom ``bone_tenderness`` (an Ottawa-rule sign a person can feel) is a
    box on the paper log of a protocol whose stops read it, in every language."""
    assert rk.Symptom("bone_tenderness") is rk.Symptom.BONE_TENDERNESS
    html = rk.export(plan(), "html").decode()
    assert "Bone tender to press" in html
    assert "Bone tender to press" not in rk.export(rk.personalise(rk.bundled("tennis-elbow"),
                                                                  start=D, side="left"),
                                                   "html").decode()  # fmt: skip


def test_a_stop_acts_even_before_the_start() -> None:
    log = rk.SessionLog().log_session("ankle-alphabet", day(1), pain_during=1,
                                      symptoms=["calf_pain"])  # fmt: skip
    result = rk.assess(plan(), log, on=day(1))
    assert rk.Verdict.STOP in verdicts(result)


# ------------------------------------------------------------------ handouts and FHIR


def test_the_handouts_say_which_leg_when_to_start_and_the_band_colour() -> None:
    html = rk.export(plan(), "html").decode()
    assert "Which leg" in html and "right leg" in html
    assert "Which arm" not in html and "{leg}" not in html
    assert "When to start" in html and "four steps" in html
    assert "yellow" in html


def test_the_handout_heading_says_how_often_as_the_phase_in_play_does() -> None:
    """The first phase's exercises are done twice a day (the leaflet's calf stretch), the later
    phases' once a day: the heading says each, not the plan's once a day against its table."""
    early = rk.export(plan(), "html").decode()
    assert "<dt>How often</dt><dd>twice a day</dd>" in early
    assert "How often: twice a day." in early
    later = rk.export(strength_phase(), "html").decode()
    assert "<dt>How often</dt><dd>once a day</dd>" in later


def test_the_pdf_handout_renders_and_says_which_leg() -> None:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(rk.export(plan(), "pdf")))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Which leg" in text and "right leg" in text


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_fhir_carries_the_ankle_and_the_exercises(version: str) -> None:
    text = json.dumps(json.loads(rk.export(plan(), "fhir", fhir_version=version)))
    assert "344001" in text
    assert "Turning the foot out against a band" in text and "Standing on one leg" in text
