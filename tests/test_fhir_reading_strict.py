"""log_from_fhir reads other systems' data as a receiving system must (issues 26 and 29):
units converted, statuses and subjects honoured, every coding read, unrelated
Observations read past and reported, every value checked against its FHIR type, the
Bundle read through the safe reader, the log's bounds kept, and reviews round-tripped."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rehabkit as rk

from .fhir_helpers import START, log_for
from .log_strategies import logs

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
SECONDS = {"ms": 0.001, "s": 1, "min": 60, "h": 3600}
TIMES = ("hold-done", "duration-done", "pain-settle-time")

Bundle = dict[str, Any]


def exported(protocol_id: str = "runners-knee") -> tuple[rk.Plan, rk.SessionLog, Bundle]:
    plan, log = log_for(protocol_id)
    return plan, log, json.loads(rk.export(log, "fhir", plan=plan))


def observations(bundle: Bundle) -> Iterator[dict[str, Any]]:
    for e in bundle["entry"]:
        if e["resource"]["resourceType"] == "Observation":
            yield e["resource"]


def sessions(bundle: Bundle) -> list[dict[str, Any]]:
    return [o for o in observations(bundle)
            if any(c["code"] == "72514-3" for c in o["code"].get("coding", []))]  # fmt: skip


def components(bundle: Bundle, code: str) -> Iterator[dict[str, Any]]:
    for o in observations(bundle):
        for c in o.get("component", []):
            if c["code"]["coding"][0]["code"] == code:
                yield c


def in_seconds(q: rk.Quantity | None) -> float | None:
    # Always a float: entries are sorted by their facts' text, where 5 and 5.0 differ.
    return None if q is None else float(round(q.seconds(), 6))


def facts(entry: rk.SessionEntry) -> tuple[Any, ...]:
    """An entry's facts, every time in seconds (FHIR may carry them in any unit)."""
    times = [in_seconds(t) for t in (entry.hold, entry.duration, entry.pain_settled_after)]
    return (entry.date, entry.exercise, entry.session, entry.sets, entry.repetitions,
            entry.pain_during, entry.pain_after, entry.next_morning, sorted(map(str, entry.symptoms)),
            entry.load, entry.note, entry.effort, entry.reps_in_reserve, entry.pain_before,
            *times)  # fmt: skip


def same_entries(a: rk.SessionLog, b: rk.SessionLog) -> bool:
    return sorted(map(facts, a.entries), key=repr) == sorted(map(facts, b.entries), key=repr)


def test_same_entries_ignores_the_order_and_the_unit_of_equal_times() -> None:
    """Found by the unit-rewriting property below (flaky before): the same holds read back
    from milliseconds as 5.0 s sorted apart from the 5 s written, as "5.0" and "5" differ."""

    def entry(hold: rk.Quantity, duration: rk.Quantity | None) -> rk.SessionEntry:
        return rk.SessionEntry(date=START, exercise="quad-set", hold=hold, duration=duration)

    five, five_read = rk.Quantity(5, rk.Unit.SECOND), rk.Quantity(5.0, rk.Unit.SECOND)
    written = (entry(five, None), entry(five_read, five))
    read = (entry(five_read, five_read), entry(five_read, None))
    log = rk.SessionLog(protocol="acl-early-rehab", entries=written)
    assert same_entries(rk.SessionLog(protocol="acl-early-rehab", entries=read), log)


def problems(bundle: Any, protocol: rk.Protocol, **options: Any) -> list[rk.Problem]:
    with pytest.raises(rk.ValidationError) as caught:
        rk.log_from_fhir(bundle, protocol, **options)
    return caught.value.problems


def in_unit(c: dict[str, Any], unit: str) -> None:
    """Rewrite a time component's Quantity in ``unit``, as another system might."""
    q = c["valueQuantity"]
    seconds = q["value"] * SECONDS[q["code"]]
    c["valueQuantity"] = {"value": seconds / SECONDS[unit], "unit": unit, "system": UCUM,
                          "code": unit}  # fmt: skip


# ------------------------------------------------------------------- units (26)


@pytest.mark.parametrize("unit", ["ms", "s", "min", "h"])
def test_times_in_any_ucum_unit_are_converted_not_read_as_seconds_or_minutes(unit: str) -> None:
    plan, log, bundle = exported()
    for code in TIMES:
        for c in components(bundle, code):
            in_unit(c, unit)
    back = rk.log_from_fhir(bundle, plan.protocol)
    assert same_entries(back, log)
    assert rk.assess(plan, back, on=START) == rk.assess(plan, log, on=START)


def test_a_two_hour_settle_written_in_hours_is_two_hours() -> None:
    plan, _, bundle = exported()
    settle = next(components(bundle, "pain-settle-time"))
    settle["valueQuantity"] = {"value": 2, "unit": "hours", "system": UCUM, "code": "h"}
    back = rk.log_from_fhir(bundle, plan.protocol)
    settled = [e.pain_settled_after for e in back.entries if e.pain_settled_after]
    assert 7200 in [q.seconds() for q in settled]


def test_a_quantity_without_a_code_is_a_plain_problem_naming_its_unit() -> None:
    plan, _, bundle = exported()
    settle = next(components(bundle, "pain-settle-time"))
    settle["valueQuantity"] = {"value": 2, "unit": "hours"}
    (problem,) = problems(bundle, plan.protocol)
    assert problem.path.endswith(".valueQuantity.code")
    assert "no UCUM code" in problem.message and "'hours'" in problem.message
    settle["valueQuantity"] = {"value": 2, "unit": "h", "system": "http://example.org/units",
                               "code": "h"}  # fmt: skip
    (problem,) = problems(bundle, plan.protocol)
    assert problem.path.endswith(".valueQuantity.system")


def test_a_pain_score_on_another_scale_is_refused_not_read_as_0_to_10() -> None:
    plan, _, bundle = exported()
    sessions(bundle)[0]["valueQuantity"] = {"value": 45, "system": UCUM, "code": "mm"}
    (problem,) = problems(bundle, plan.protocol)
    assert problem.path.endswith("valueQuantity.code")


@pytest.mark.parametrize("hours", [300, 1000])
def test_a_long_valid_duration_round_trips(hours: int) -> None:
    plan, log = log_for("runners-knee")
    first = log.entries[0]
    long = rk.SessionEntry(date=first.date, exercise=first.exercise,
                           duration=rk.Quantity(hours, rk.Unit.HOUR))  # fmt: skip
    log = rk.SessionLog(patient=log.patient, patient_id=log.patient_id, entries=[long])
    back = rk.log_from_fhir(rk.export(log, "fhir", plan=plan), plan.protocol)
    assert [e.duration.seconds() for e in back.entries if e.duration] == [hours * 3600]


# ----------------------------------------------------------------- status, subject


@pytest.mark.parametrize("status", ["entered-in-error", "cancelled", "registered", "unknown"])
def test_observations_without_a_standing_result_are_read_past_and_reported(status: str) -> None:
    plan, log, bundle = exported()
    first = sessions(bundle)[0]
    first["status"] = status
    skipped: list[rk.Problem] = []
    back = rk.log_from_fhir(bundle, plan.protocol, skipped=skipped)
    assert len(back.entries) == len(log.entries) - 1
    assert [p.message for p in skipped] == [f"read past: its status is {status}"]


@pytest.mark.parametrize("status", ["preliminary", "amended", "corrected"])
def test_preliminary_and_amended_results_are_read(status: str) -> None:
    plan, log, bundle = exported()
    for o in observations(bundle):
        o["status"] = status
    assert same_entries(rk.log_from_fhir(bundle, plan.protocol), log)


def test_a_status_that_is_not_a_status_is_a_problem() -> None:
    plan, _, bundle = exported()
    sessions(bundle)[0]["status"] = "done"
    (problem,) = problems(bundle, plan.protocol)
    assert problem.path.endswith(".status")


def test_another_patients_observations_are_read_past_and_reported() -> None:
    plan, log, bundle = exported()
    other = copy.deepcopy(sessions(bundle)[0])
    other["subject"] = {"reference": "Patient/someone-else"}
    other["valueQuantity"] = {"value": 9, "system": UCUM, "code": "{score}"}
    bundle["entry"].append({"fullUrl": "urn:uuid:1", "resource": other})
    skipped: list[rk.Problem] = []
    back = rk.log_from_fhir(bundle, plan.protocol, skipped=skipped)
    assert same_entries(back, log)
    assert [p.message for p in skipped] == ["read past: it is another patient's"]


def test_subjects_may_refer_to_the_patient_by_id_url_or_identifier() -> None:
    plan, log, bundle = exported()
    patient = bundle["entry"][0]["resource"]
    refs = [{"reference": f"Patient/{patient['id']}"},
            {"reference": f"https://ehr.example/fhir/Patient/{patient['id']}"},
            {"identifier": patient["identifier"][0]}]  # fmt: skip
    for i, o in enumerate(observations(bundle)):
        o["subject"] = refs[i % len(refs)]
    back = rk.log_from_fhir(bundle, plan.protocol)
    assert same_entries(back, log)


def test_with_no_patient_the_observations_must_share_one_subject() -> None:
    plan, log, bundle = exported()
    bundle["entry"] = bundle["entry"][1:]
    assert same_entries(rk.log_from_fhir(bundle, plan.protocol), log)
    sessions(bundle)[0]["subject"] = {"reference": "Patient/someone-else"}
    (problem,) = problems(bundle, plan.protocol)
    assert "more than one subject" in problem.message


def test_the_patient_identifier_is_chosen_by_its_system() -> None:
    plan, log, bundle = exported()
    patient = bundle["entry"][0]["resource"]
    patient["identifier"].insert(0, {"system": "urn:oid:1.2.3", "value": "H-999"})
    assert rk.log_from_fhir(bundle, plan.protocol).patient_id == log.patient_id == "MRN-7"
    back = rk.log_from_fhir(bundle, plan.protocol, identifier_system="urn:oid:1.2.3")
    assert back.patient_id == "H-999"


# ------------------------------------------------------------- codes and values


def test_pain_as_a_value_integer_is_read() -> None:
    plan, log, bundle = exported()
    for o in sessions(bundle):
        if isinstance(o.get("valueQuantity", {}).get("value"), int):
            o["valueInteger"] = o.pop("valueQuantity")["value"]
    assert same_entries(rk.log_from_fhir(bundle, plan.protocol), log)


@pytest.mark.parametrize("value", [{"valueString": "7"}, {"valueBoolean": True},
                                   {"valueCodeableConcept": {"text": "7"}}])  # fmt: skip
def test_a_pain_in_another_type_is_a_problem_not_no_pain(value: dict[str, Any]) -> None:
    plan, _, bundle = exported()
    first = sessions(bundle)[0]
    first.pop("valueQuantity", None)
    first.pop("dataAbsentReason", None)
    first |= value
    (problem,) = problems(bundle, plan.protocol)
    assert problem.path.endswith(next(iter(value)))


def test_scores_in_components_may_be_integers() -> None:
    plan, log, bundle = exported()
    for code in ("pain-after", "pain-before", "effort"):
        for c in components(bundle, code):
            if isinstance(c["valueQuantity"]["value"], int):
                c["valueInteger"] = c.pop("valueQuantity")["value"]
    assert same_entries(rk.log_from_fhir(bundle, plan.protocol), log)


def test_every_coding_is_read_wherever_ours_is() -> None:
    plan, log, bundle = exported("acl-early-rehab")
    for o in observations(bundle):
        o["code"].setdefault("coding", []).insert(0, {"system": SNOMED, "code": "22253000"})
        o["code"]["coding"].append({"system": "http://example.org/local", "code": "x"})
    back = rk.log_from_fhir(bundle, plan.protocol)
    assert same_entries(back, log)
    assert sorted(back.measurements, key=repr) == sorted(log.measurements, key=repr)


def heart_rate(subject: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Observation", "status": "final", "subject": subject,
            "code": {"coding": [{"system": LOINC, "code": "8867-4"}]},
            "effectiveDateTime": "2026-12-01T09:00:00Z",
            "valueQuantity": {"value": 72, "system": UCUM, "code": "/min"}}  # fmt: skip


def test_an_unrelated_observation_is_read_past_and_reported_not_refused() -> None:
    plan, log, bundle = exported()
    subject = sessions(bundle)[0]["subject"]
    bundle["entry"].append({"resource": heart_rate(subject)})
    skipped: list[rk.Problem] = []
    back = rk.log_from_fhir(bundle, plan.protocol, skipped=skipped)
    assert same_entries(back, log)
    at = len(bundle["entry"]) - 1
    assert [p.path for p in skipped] == [f"entry[{at}].resource.code"]


def test_an_observation_known_only_by_text_that_is_no_measurement_is_read_past() -> None:
    plan, log, bundle = exported()
    subject = sessions(bundle)[0]["subject"]
    note = {"resourceType": "Observation", "status": "final", "subject": subject,
            "code": {"text": "Blood pressure"}, "effectiveDateTime": "2026-12-01",
            "component": [{"code": {"text": "systolic"}, "valueQuantity": {"value": 120}}]}  # fmt: skip
    bundle["entry"].append({"resource": note})
    skipped: list[rk.Problem] = []
    back = rk.log_from_fhir(bundle, plan.protocol, skipped=skipped)
    assert same_entries(back, log) and len(back.measurements) == len(log.measurements)
    assert len(skipped) == 1 and skipped[0].message.startswith("read past")


@pytest.mark.parametrize(("written", "day"), [
    ("2026-12-01T23:30:00-05:00", "2026-12-01"),
    ("2026-12-02T00:30:00+09:00", "2026-12-02"),
    ("2026-12-01T10:00:00.123Z", "2026-12-01"),
])  # fmt: skip
def test_the_day_is_the_local_day_as_written(written: str, day: str) -> None:
    plan, _, bundle = exported()
    for key, value in [("effectiveDateTime", written), ("effectiveInstant", written),
                       ("effectivePeriod", {"start": written})]:  # fmt: skip
        first = sessions(bundle)[0]
        for old in ("effectiveDateTime", "effectiveInstant", "effectivePeriod"):
            first.pop(old, None)
        first[key] = value
        back = rk.log_from_fhir(bundle, plan.protocol)
        assert dt.date.fromisoformat(day) in {e.date for e in back.entries}, key


@pytest.mark.parametrize("written", ["2026-12-01junk", "2026-12-01T25:00:00Z", "2026-02-30",
                                     "2026-12-01T10:00:00", 20261201, None])  # fmt: skip
def test_a_day_that_is_not_a_fhir_date_time_is_a_problem(written: Any) -> None:
    plan, _, bundle = exported()
    sessions(bundle)[0]["effectiveDateTime"] = written
    (problem,) = problems(bundle, plan.protocol)
    assert problem.path.endswith(".effectiveDateTime")


@pytest.mark.parametrize("bad", ["0", "no", "", [], 0, None, {"x": 1}])
def test_a_boolean_must_be_a_fhir_boolean(bad: Any) -> None:
    plan, _, bundle = exported("acl-early-rehab")
    lag = next(o for o in observations(bundle) if "valueBoolean" in o)
    lag["valueBoolean"] = bad
    (problem,) = problems(bundle, plan.protocol)
    assert problem.path.endswith(".valueBoolean")


def _set(code: str, key: str, value: Any) -> Callable[[Bundle], str]:
    def change(bundle: Bundle) -> str:
        next(components(bundle, code))[key] = value
        return key

    return change


@pytest.mark.parametrize("change", [
    _set("sets-done", "valueInteger", "3"),
    _set("sets-done", "valueInteger", 3.5),
    _set("sets-done", "valueInteger", True),
    _set("pain-after", "valueQuantity", {"value": "1", "code": "{score}"}),
    _set("pain-after", "valueQuantity", {"value": True}),
    _set("pain-after", "valueQuantity", []),
    _set("next-morning", "valueCodeableConcept", "same"),
    _set("next-morning", "valueCodeableConcept", {"coding": "same"}),
    _set("hold-done", "valueQuantity", {"value": 30, "code": 5}),
])  # fmt: skip
def test_every_value_is_checked_against_its_fhir_type(change: Callable[[Bundle], str]) -> None:
    plan, _, bundle = exported()
    key = change(bundle)
    found = problems(bundle, plan.protocol)
    assert len(found) == 1 and key in found[0].path, found


# ------------------------------------------------------------- the Bundle's shape


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("bad", [
    {"resourceType": "Bundle", "entry": 5},
    {"resourceType": "Bundle", "entry": [5]},
    {"resourceType": "Bundle", "entry": [{"resource": []}]},
    {"resourceType": "Bundle", "entry": [{"resource": {"resourceType": 7}}]},
    {"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Observation",
                                                       "status": "final", "code": "x"}}]},
    {"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Observation",
                                                       "status": "final",
                                                       "code": {"coding": [5]}}}]},
    {"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Observation",
                                                       "status": ["final"]}}]},
    {"resourceType": "Bundle", "entry": [], "deep": nested(5000)},
    [],
    "text",
])  # fmt: skip
def test_a_badly_shaped_bundle_is_problems_not_python_errors(bad: Any) -> None:
    protocol = rk.bundled("runners-knee")
    assert problems(bad, protocol)
    if not isinstance(bad, str):
        try:
            text = json.dumps(bad)
        except RecursionError:
            return
        assert problems(text, protocol)
        assert problems(text.encode(), protocol)


@pytest.mark.parametrize("text", [
    b"{", b"\xff\xfe", b'{"resourceType": "Bundle", "entry": [], "x": NaN}',
    b'{"resourceType": "Bundle", "resourceType": "Bundle"}',
    b"[" * 100_000, b" " * 32_000_001, b"   ", "",
])  # fmt: skip
def test_text_goes_through_the_safe_reader(text: bytes) -> None:
    assert problems(text, rk.bundled("runners-knee"))


def test_the_log_limit_of_5000_sessions_is_kept_on_import() -> None:
    plan, _, bundle = exported()
    one = sessions(bundle)[0]
    many = []
    for i in range(5001):
        o = copy.deepcopy(one)
        o["effectiveDateTime"] = (START + dt.timedelta(days=i % 365)).isoformat()
        many.append({"resource": o})
    bundle["entry"] = bundle["entry"][:1] + many
    (problem,) = problems(bundle, plan.protocol)
    assert "5,001 entries" in problem.message and "5,000" in problem.message


def test_a_bundle_of_too_many_entries_is_refused_before_it_is_read() -> None:
    one = {"resource": {"resourceType": "Basic"}}
    bundle = {"resourceType": "Bundle", "entry": [one] * 15_001}
    (problem,) = problems(bundle, rk.bundled("runners-knee"))
    assert problem.path == "entry" and "15,001 entries" in problem.message


def test_a_log_at_its_bound_round_trips_as_text() -> None:
    # 5,000 sessions written as FHIR are about 28 MB: more than a document's 2 MB, and
    # still read back, since what rehabkit writes must read back.
    plan, log = log_for("runners-knee")
    exercises = [item.exercise for item in plan.exercises[:2]]
    entries = [rk.SessionEntry(date=START + dt.timedelta(days=i // 10), exercise=exercises[i % 2],
                               session=(i % 10) // 2 + 1, sets=3, repetitions=10, pain_during=2,
                               hold=rk.Quantity(30, rk.Unit.SECOND), note="fine")
               for i in range(5000)]  # fmt: skip
    log = rk.SessionLog(patient=log.patient, patient_id=log.patient_id, entries=entries)
    text = rk.export(log, "fhir", plan=plan)
    assert len(text) > 2_000_000
    assert same_entries(rk.log_from_fhir(text, plan.protocol), log)


def test_reviews_are_valid_fhir_in_r4_and_r5() -> None:
    from fhir.resources.bundle import Bundle as R5Bundle
    from fhir.resources.R4B.bundle import Bundle as R4Bundle

    plan, log = acl_reviewed()
    for version, parse in (("R4", R4Bundle.model_validate), ("R5", R5Bundle.model_validate)):
        bundle = json.loads(rk.export(log, "fhir", plan=plan, fhir_version=version))
        parse(bundle)
        assert rk.log_from_fhir(bundle, plan.protocol).reviews == log.reviews


def test_an_entry_for_an_exercise_the_protocol_lacks_round_trips() -> None:
    # The exporter writes it (a log may hold it; assess notes and ignores it), so the
    # reader reads it back rather than refuse what rehabkit itself wrote.
    plan, log = log_for("runners-knee")
    extra = rk.SessionEntry(date=START, exercise="cycling", pain_during=1)
    log = rk.SessionLog(patient=log.patient, patient_id=log.patient_id,
                        entries=[*log.entries, extra])  # fmt: skip
    back = rk.log_from_fhir(rk.export(log, "fhir", plan=plan), plan.protocol)
    assert same_entries(back, log)
    assert rk.assess(plan, back, on=START) == rk.assess(plan, log, on=START)


# ----------------------------------------------------------------------- reviews

ACL = rk.bundled("acl-early-rehab")
D = dt.date(2026, 12, 1)


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n - 1)


def acl_reviewed() -> tuple[rk.Plan, rk.SessionLog]:
    """The ACL example: an effusion of 2+ holds the wall sit until a clinician reviews."""
    plan = rk.personalise(ACL, patient="Kit Moss", start=D, side="left",
                          events={"surgery": day(1) - dt.timedelta(3)})  # fmt: skip
    log = rk.SessionLog(patient="Kit Moss")
    log = log.with_measurement("knee_flexion", day(12), value=115, unit=rk.Unit.DEGREE)
    log = log.with_measurement("effusion", day(12), level="trace")
    log = log.with_measurement("extensor_lag", day(12), present=False)
    plan = rk.advance(plan, rk.assess(plan, log, on=day(12)))
    entries = [rk.SessionEntry(date=day(n), exercise="wall-sit", sets=3, repetitions=10,
                               hold=rk.Quantity(10, rk.Unit.SECOND), pain_during=2,
                               next_morning=rk.NextMorning.SAME) for n in range(13, 29)]  # fmt: skip
    log = rk.SessionLog(patient="Kit Moss", entries=entries)
    log = log.with_measurement("effusion", day(20), level="2+")
    return plan, log.with_review(day(20), clinician="J. Physio", note="knee settled; carry on")


def test_clinician_reviews_are_exported_and_read_back() -> None:
    plan, log = acl_reviewed()
    bundle = json.loads(rk.export(log, "fhir", plan=plan))
    back = rk.log_from_fhir(bundle, plan.protocol)
    assert back.reviews == log.reviews
    days = [day(n) for n in range(22, 29)]
    without = rk.SessionLog(patient=log.patient, entries=log.entries,
                            measurements=log.measurements)  # fmt: skip
    changed = [d for d in days if rk.assess(plan, without, on=d) != rk.assess(plan, log, on=d)]
    assert changed, "the review matters on some of these days"
    for d in days:
        assert rk.assess(plan, back, on=d) == rk.assess(plan, log, on=d)


# ---------------------------------------------------------------- the must-show


def search_result(plan: rk.Plan, log: rk.SessionLog) -> Bundle:
    """What ``Observation?patient=p1&_include=Observation:patient`` might return from
    another system: its own ids and references, codings, units and statuses, with the
    patient's heart rate, an entry made in error and another patient's Observation."""
    written = json.loads(rk.export(log, "fhir", plan=plan))
    patient = written["entry"][0]["resource"] | {"id": "p1"}
    patient["identifier"] = [{"system": "urn:oid:1.2.3", "value": "H-1"}]
    base = "https://ehr.example/fhir"
    entries = [
        {"fullUrl": f"{base}/Patient/p1", "resource": patient, "search": {"mode": "include"}}
    ]
    for i, o in enumerate(observations(written)):
        o = o | {"id": f"o{i}", "subject": {"reference": "Patient/p1"}}
        o["code"]["coding"].insert(0, {"system": SNOMED, "code": "225908003"})
        for c in o.get("component", []):
            if c["code"]["coding"][0]["code"] in TIMES:
                in_unit(c, "ms" if i % 2 else "h")
        if isinstance(o.get("valueQuantity", {}).get("value"), int) and i % 2:
            o["valueInteger"] = o.pop("valueQuantity")["value"]
        entries.append({"fullUrl": f"{base}/Observation/o{i}", "resource": o})
    bad_day = rk.SessionEntry(date=day(25), exercise="wall-sit", pain_during=9,
                              symptoms=[rk.Symptom.SWELLING])  # fmt: skip
    bad_log = rk.SessionLog(patient=log.patient, entries=[bad_day])
    worst = sessions(json.loads(rk.export(bad_log, "fhir", plan=plan)))[0] | {"id": "bad"}
    errors = worst | {"status": "entered-in-error", "subject": {"reference": "Patient/p1"}}
    other = worst | {"id": "other", "subject": {"reference": "Patient/p2"}}
    for extra in (errors, other, heart_rate({"reference": f"{base}/Patient/p1"})):
        entries.append(
            {"fullUrl": f"{base}/Observation/{extra.get('id', 'hr')}", "resource": extra}
        )
    return {"resourceType": "Bundle", "type": "searchset", "total": len(entries) - 1,
            "entry": entries}  # fmt: skip


def test_a_mixed_search_result_gives_exactly_the_patients_sessions_and_assessment() -> None:
    plan, log = acl_reviewed()
    bundle = search_result(plan, log)
    skipped: list[rk.Problem] = []
    back = rk.log_from_fhir(bundle, plan.protocol, skipped=skipped)
    assert same_entries(back, log)
    assert sorted(back.measurements, key=repr) == sorted(log.measurements, key=repr)
    assert back.reviews == log.reviews
    assert len(skipped) == 3
    for n in range(13, 30):
        assert rk.assess(plan, back, on=day(n)) == rk.assess(plan, log, on=day(n))


# -------------------------------------------------------------------------- fuzz

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False)
    | st.text(max_size=8) | st.sampled_from(["final", "Observation", "Patient", "72514-3",
                                              LOINC, "entered-in-error", "h", "ms"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["resourceType", "entry", "resource", "code", "coding", "system",
                         "status", "subject", "component", "valueQuantity", "value",
                         "valueBoolean", "valueInteger", "extension", "url", "note",
                         "effectiveDateTime", "identifier", "reference"]) | st.text(max_size=4),
        inner, max_size=5),
    max_leaves=30,
)  # fmt: skip


def read_or_problems(bundle: Any, protocol: rk.Protocol) -> None:
    found: list[Any] = [None]
    try:
        rk.log_from_fhir(bundle, protocol)
    except rk.ValidationError as exc:
        found = exc.problems
    assert found and all(p is None or isinstance(p, rk.Problem) for p in found)


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(entries=st.lists(JSONISH, max_size=4), top=JSONISH)
def test_any_json_ish_bundle_gives_a_log_or_problems(entries: list[Any], top: Any) -> None:
    protocol = rk.bundled("runners-knee")
    read_or_problems({"resourceType": "Bundle", "entry": [{"resource": e} for e in entries]},
                     protocol)  # fmt: skip
    read_or_problems({"resourceType": "Bundle", "entry": entries}, protocol)
    read_or_problems(top, protocol)


def leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    children = value.items() if isinstance(value, dict) else enumerate(value) \
        if isinstance(value, list) else ()  # fmt: skip
    for key, child in children:
        yield from leaves(child, (*path, key))


_WRITTEN = exported("acl-early-rehab")


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_written_bundle_with_any_value_changed_gives_a_log_or_problems(
    data: st.DataObject,
) -> None:
    plan, _, written = _WRITTEN
    bundle = copy.deepcopy(written)
    paths = list(leaves(bundle))[1:]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        parent = bundle
        try:
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = data.draw(JSONISH)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this path
    read_or_problems(bundle, plan.protocol)


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
@pytest.mark.parametrize("protocol_id", ["runners-knee", "acl-early-rehab"])
def test_a_log_in_other_units_reads_back_the_same(protocol_id: str, data: st.DataObject) -> None:
    plan, log = data.draw(logs(protocol_id))
    bundle = json.loads(rk.export(log, "fhir", plan=plan))
    for code in TIMES:
        for c in components(bundle, code):
            q = c["valueQuantity"]
            thousandths = round(q["value"] * SECONDS[q["code"]] * 1000)
            exact = [u for u in SECONDS if thousandths % round(SECONDS[u] * 1000) == 0]
            in_unit(c, data.draw(st.sampled_from(exact)))
    back = rk.log_from_fhir(bundle, plan.protocol)
    assert same_entries(back, log)
    on = max([e.date for e in log.entries] + [START])
    assert rk.assess(plan, back, on=on) == rk.assess(plan, log, on=on)
