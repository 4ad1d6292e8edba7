"""The low-back-pain protocol (issue 24, a spine programme) end to end: it validates, its
trunk exercises never ask "Which leg", its handouts render and say how often each exercise
is done, it exports to FHIR, its holds, repetitions and walking time grow every few days
while the back allows as the NHS leaflet says, a worse next morning takes them back, and
the warning signs of cauda equina syndrome are urgent."""

from __future__ import annotations

import datetime as dt
import html as html_text
import io
import json
import re

import pytest

import rehabkit as rk

D = dt.date(2026, 12, 1)
# Pain after a session that settled in 10 minutes: the progression rules read it (1.1.0).
SETTLED = rk.Quantity(10, rk.Unit.MINUTE)
BACK = rk.bundled("low-back-pain")


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n - 1)


def plan() -> rk.Plan:
    return rk.personalise(BACK, patient="Alex Kerr", start=D)


def sessions(
    exercise: str,
    first: int,
    last: int,
    *,
    pain: float = 2,
    morning: rk.NextMorning = rk.NextMorning.SAME,
) -> list[rk.SessionEntry]:
    return [
        rk.SessionEntry(
            date=day(n),
            exercise=exercise,
            pain_during=pain,
            next_morning=morning,
            pain_settled_after=SETTLED,
        )
        for n in range(first, last + 1)
    ]


def verdicts(result: rk.Assessment) -> set[rk.Verdict]:
    return {d.verdict for d in result.decisions}


def handout_text() -> str:
    return words_of(rk.export(plan(), "html").decode())


def words_of(page: str) -> str:
    return " ".join(html_text.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_bundled_with_its_version_and_body_site() -> None:
    assert "low-back-pain" in rk.bundled_ids()
    assert BACK.version == "1.2.0"
    assert str(BACK.last_reviewed) == "2026-12-04"
    assert BACK.condition.body_site is not None
    assert BACK.condition.body_site.code == "1141985005"


def test_every_exercise_works_the_trunk_with_no_limb() -> None:
    assert {e.limb for e in BACK.exercises} == {rk.Limb.NONE}
    assert rk.Muscle.TRUNK in {m for e in BACK.exercises for m in e.target_muscles}


def test_the_handout_says_which_side_for_a_roll_and_never_which_leg() -> None:
    text = handout_text()
    assert "Which side" in text
    assert "Which leg" not in text and "{leg}" not in text and "{arm}" not in text
    assert "3 times a day" in text and "10 min" in text


def test_a_mixed_schedule_is_not_headed_once_a_day() -> None:
    # The exercises are done 3 times a day and the walk once a day: the plan's header must
    # not give one frequency that is wrong for some of them.
    text = handout_text()
    assert "How often once a day" not in text
    assert "How often not the same for every exercise; see the table" in text


def test_the_pdf_handout_renders_with_no_leg() -> None:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(rk.export(plan(), "pdf")))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Knee rolls" in text and "Which side" in text
    assert "Which leg" not in text


def test_the_handout_says_the_urgent_signs() -> None:
    text = handout_text()
    assert "call 999 or go to A&E now" in text
    assert "cauda equina syndrome" in text


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_fhir_carries_the_lower_back_and_the_walk(version: str) -> None:
    bundle = json.loads(rk.export(plan(), "fhir", fhir_version=version))
    text = json.dumps(bundle)
    assert "1141985005" in text
    assert "Knee rolls" in text and "Walking" in text
    assert "saddle_numbness" in text


def test_the_knee_rolls_hold_longer_after_3_comfortable_days() -> None:
    p = plan()
    log = rk.SessionLog(patient="Alex Kerr", entries=sessions("knee-rolls", 1, 4))
    assert rk.assess(p, log, on=day(3)).decision("knee-rolls").verdict is rk.Verdict.HOLD
    result = rk.assess(p, log, on=day(4))
    rolls = result.decision("knee-rolls")
    assert rolls.verdict is rk.Verdict.PROGRESS and rolls.new_value == pytest.approx(4)
    hold = rk.advance(p, result).dosage_for("knee-rolls").hold
    assert hold is not None and hold.value == pytest.approx(4)


def test_the_pelvic_tilt_gains_a_repetition_and_a_worse_morning_takes_it_back() -> None:
    p = plan()
    log = rk.SessionLog(patient="Alex Kerr", entries=sessions("pelvic-tilt", 1, 4))
    result = rk.assess(p, log, on=day(4))
    assert result.decision("pelvic-tilt").verdict is rk.Verdict.PROGRESS
    p2 = rk.advance(p, result)
    assert p2.dosage_for("pelvic-tilt").repetitions == 6
    worse = rk.SessionLog(
        patient="Alex Kerr",
        entries=[*log.entries, *sessions("pelvic-tilt", 5, 5, morning=rk.NextMorning.WORSE)],
    )
    back = rk.assess(p2, worse, on=day(5)).decision("pelvic-tilt")
    assert back.verdict is rk.Verdict.REGRESS and back.new_value == 5


def test_the_walk_grows_5_minutes_after_a_week_and_never_past_30() -> None:
    p = plan()
    log = rk.SessionLog(patient="Alex Kerr", entries=sessions("walking", 1, 8))
    assert rk.assess(p, log, on=day(7)).decision("walking").verdict is rk.Verdict.HOLD
    result = rk.assess(p, log, on=day(8))
    walk = result.decision("walking")
    assert walk.verdict is rk.Verdict.PROGRESS and walk.new_value == pytest.approx(15)
    duration = rk.advance(p, result).dosage_for("walking").duration
    assert duration is not None and duration.value == pytest.approx(15)
    rule = next(r for r in BACK.progression_rules if r.id == "walking-longer")
    assert rule.change is not None and rule.change.limit == 30


def test_pain_above_5_stops_that_exercise_only() -> None:
    log = rk.SessionLog(patient="Alex Kerr").log_session("back-bends", day(2), pain_during=7)
    result = rk.assess(plan(), log, on=day(2))
    assert result.decision("back-bends").verdict is rk.Verdict.STOP
    assert result.decision("knee-rolls").verdict is not rk.Verdict.STOP


@pytest.mark.parametrize(
    ("symptoms", "urgency"),
    [
        (("saddle_numbness",), rk.Urgency.URGENT),
        (("bladder_bowel_change",), rk.Urgency.URGENT),
        (("legs_weak",), rk.Urgency.URGENT),
        (("chest_pain",), rk.Urgency.URGENT),
        (("fever",), rk.Urgency.SEE_CLINICIAN),
        (("weight_loss",), rk.Urgency.SEE_CLINICIAN),
        (("numbness",), rk.Urgency.SEE_CLINICIAN),
    ],
)
def test_warning_signs_stop_the_exercises(symptoms: tuple[str, ...], urgency: rk.Urgency) -> None:
    log = rk.SessionLog(patient="Alex Kerr").log_session(
        "knee-rolls", day(2), pain_during=2, symptoms=list(symptoms)
    )
    result = rk.assess(plan(), log, on=day(2))
    assert verdicts(result) == {rk.Verdict.STOP}
    assert {d.urgency for d in result.decisions} == {urgency}


def test_cauda_equina_signs_outrank_a_lesser_sign_the_same_day() -> None:
    log = rk.SessionLog(patient="Alex Kerr").log_session(
        "walking", day(2), pain_during=2, symptoms=["night_pain", "saddle_numbness"]
    )
    result = rk.assess(plan(), log, on=day(2))
    assert {d.urgency for d in result.decisions} == {rk.Urgency.URGENT}


def test_night_pain_holds_progress_but_not_the_exercises() -> None:
    log = rk.SessionLog(patient="Alex Kerr", entries=sessions("knee-rolls", 1, 4))
    log = log.log_session("walking", day(4), pain_during=2, symptoms=["night_pain"])
    result = rk.assess(plan(), log, on=day(4))
    assert verdicts(result) == {rk.Verdict.HOLD}


def test_the_new_warning_signs_are_on_the_paper_log() -> None:
    text = handout_text()
    assert "Numbness around the genitals or bottom" in text
    assert "New bladder or bowel problems" in text
    assert "Both legs weak or numb" in text


def test_an_exercise_no_rule_can_move_on_asks_for_no_review_for_want_of_progress() -> None:
    # The knees to chest keep the leaflet's dose throughout (no progression rule): two weeks
    # of comfortable sessions are not "no progress", while the walk, held back by a worse
    # morning each day, is.
    entries = [
        *sessions("knees-to-chest", 1, 16),
        *sessions("walking", 1, 16, morning=rk.NextMorning.WORSE),
    ]
    result = rk.assess(plan(), rk.SessionLog(patient="Alex Kerr", entries=entries), on=day(16))
    hug = result.decision("knees-to-chest")
    assert hug.verdict is rk.Verdict.HOLD and not hug.review_due
    walk = result.decision("walking")
    assert walk.review_due and any("2 weeks" in w for w in walk.warnings)


def test_the_walk_is_shown_at_a_glance_as_its_time_alone() -> None:
    # A dose of time alone has no sets to count: the glance said "- sets, 10 min".
    text = handout_text()
    assert "Walking 10 min once a day" in text
    assert "- sets" not in text
