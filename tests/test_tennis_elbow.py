"""The tennis-elbow protocol (issue 24, an upper-limb programme) end to end: it validates, its
handouts say which arm, it exports to FHIR, its weight goes up 0.1 kg after a week as the
trial did (while pain and the next morning allow), a worse morning takes it back, and its
warning signs act."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

import rehabkit as rk

D = dt.date(2026, 12, 1)
# Pain after a session that settled in 10 minutes: the progression rules read it (1.1.0).
SETTLED = rk.Quantity(10, rk.Unit.MINUTE)
ELBOW = rk.bundled("tennis-elbow")


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n - 1)


def plan() -> rk.Plan:
    return rk.personalise(ELBOW, patient="Sam Reed", start=D, side="left")


def lifts(
    first: int,
    last: int,
    *,
    pain: float = 3,
    kg: float = 1,
    morning: rk.NextMorning = rk.NextMorning.SAME,
) -> list[rk.SessionEntry]:
    return [
        rk.SessionEntry(date=day(n), exercise="wrist-extension", sets=3, repetitions=15,
                        pain_during=pain, next_morning=morning, pain_settled_after=SETTLED,
                        load=rk.Quantity(kg, rk.Unit.KILOGRAM))
        for n in range(first, last + 1)
    ]  # fmt: skip


def verdicts(result: rk.Assessment) -> set[rk.Verdict]:
    return {d.verdict for d in result.decisions}


def test_bundled_with_its_version_and_body_site() -> None:
    assert "tennis-elbow" in rk.bundled_ids()
    assert ELBOW.version == "1.2.0"
    assert str(ELBOW.last_reviewed) == "2026-12-04"
    assert ELBOW.condition.body_site is not None
    assert ELBOW.condition.body_site.code == "127949000"


def test_every_exercise_works_the_arm_and_the_forearm() -> None:
    assert {e.limb for e in ELBOW.exercises} == {rk.Limb.ARM}
    muscles = {m for e in ELBOW.exercises for m in e.target_muscles}
    assert rk.Muscle.WRIST_EXTENSORS in muscles


def test_the_handouts_say_which_arm_and_never_leg() -> None:
    html = rk.export(plan(), "html").decode()
    assert "Which arm" in html and "left arm" in html
    assert "Which leg" not in html and "{arm}" not in html
    assert "0.1 kg" in html


def test_the_pdf_handout_renders_and_says_which_arm() -> None:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(rk.export(plan(), "pdf")))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Which arm" in text and "left arm" in text


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_fhir_carries_the_elbow_and_the_load(version: str) -> None:
    bundle = json.loads(rk.export(plan(), "fhir", fhir_version=version))
    text = json.dumps(bundle)
    assert "127949000" in text
    assert "Wrist lift with a weight" in text


def test_the_weight_goes_up_after_a_week_within_the_pain_limit() -> None:
    p = plan()
    log = rk.SessionLog(patient="Sam Reed", entries=lifts(1, 8))
    assert rk.assess(p, log, on=day(7)).decision("wrist-extension").verdict is rk.Verdict.HOLD
    result = rk.assess(p, log, on=day(8))
    lift = result.decision("wrist-extension")
    assert lift.verdict is rk.Verdict.PROGRESS and lift.new_value == pytest.approx(1.1)
    nxt = rk.advance(p, result)
    load = nxt.dosage_for("wrist-extension").load
    assert load is not None and load.amount is not None
    assert load.amount.value == pytest.approx(1.1)


def test_a_worse_next_morning_takes_the_weight_back() -> None:
    p = plan()
    log = rk.SessionLog(patient="Sam Reed",
                        entries=lifts(1, 8) + lifts(9, 9, morning=rk.NextMorning.WORSE))  # fmt: skip
    lift = rk.assess(p, log, on=day(9)).decision("wrist-extension")
    assert lift.verdict is rk.Verdict.REGRESS


def test_pain_above_5_stops_that_exercise_only() -> None:
    log = rk.SessionLog(patient="Sam Reed").log_session("wrist-turn", day(2), pain_during=7)
    result = rk.assess(plan(), log, on=day(2))
    assert result.decision("wrist-turn").verdict is rk.Verdict.STOP
    assert result.decision("wrist-extension").verdict is not rk.Verdict.STOP


@pytest.mark.parametrize(
    ("symptoms", "urgency"),
    [
        (("snap",), rk.Urgency.URGENT),
        (("redness", "heat"), rk.Urgency.URGENT),
        (("swelling", "fever"), rk.Urgency.URGENT),
        (("numbness",), rk.Urgency.SEE_CLINICIAN),
    ],
)
def test_warning_signs_stop_the_exercises(symptoms: tuple[str, ...], urgency: rk.Urgency) -> None:
    log = rk.SessionLog(patient="Sam Reed").log_session(
        "wrist-turn", day(2), pain_during=2, symptoms=list(symptoms)
    )
    result = rk.assess(plan(), log, on=day(2))
    assert verdicts(result) == {rk.Verdict.STOP}
    assert {d.urgency for d in result.decisions} == {urgency}


def test_night_pain_holds_the_weight_but_not_the_exercises() -> None:
    log = rk.SessionLog(patient="Sam Reed", entries=lifts(1, 8))
    log = log.log_session("wrist-turn", day(8), pain_during=2, symptoms=["night_pain"])
    result = rk.assess(plan(), log, on=day(8))
    assert verdicts(result) == {rk.Verdict.HOLD}
