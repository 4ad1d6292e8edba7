"""Issue 24, item 5 (format 1.2): loads relative to a person's measurement.

"70 % of measured maximal voluntary contraction" and "your 15-RM, then 12-RM, 10-RM, 8-RM,
6-RM" could not be stated, and no starting load could be set for a person at personalise
time. Each feature is stated in a protocol built from data, and checked to be validated (a
bad value is a plain problem with its path), shown in the handout, exported to FHIR and, as
a rule, decided by assess.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import attrs
import pytest

import rehabkit as rk

from .helpers import exercise_data as exercise
from .helpers import problem_pairs as problems
from .helpers import protocol_data as knee

D = dt.date(2026, 12, 1)
MVC = {"name": "mvc", "unit": "N.m", "description": "Knee extension torque, maximal hold"}


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


def plan_of(d: dict[str, Any], **options: Any) -> rk.Plan:
    return rk.personalise(rk.from_data(d, rk.Protocol), patient="Ana Lopez", side="left",
                          start=D, frequency="daily", **options)  # fmt: skip


def fhir_text(document: Any, version: str) -> str:
    """The bundle's text, without the escapes its Markdown puts before "." and "(" """
    return rk.export(document, "fhir", fhir_version=version).decode().replace("\\", "")


def percent_of_mvc(d: dict[str, Any] | None = None) -> dict[str, Any]:
    """Hip abduction at 70 % of a measured maximal voluntary contraction, 5 % more after two
    sessions with little pain, up to 85 %."""
    d = d or knee()
    d["measurements"] = [MVC]
    exercise(d, "hip-abduction")["dosage"] = {"sets": 1, "load": {
        "percent_of": "mvc", "amount": {"value": 70, "unit": "%"},
        "increment": {"value": 5, "unit": "%"}, "maximum": {"value": 85, "unit": "%"}}}  # fmt: skip
    d["progression_rules"].append({
        "id": "hip-abduction-heavier", "exercise": "hip-abduction", "direction": "progress",
        "criteria": [{"metric": "pain_during", "op": "<=", "value": 2, "sessions": 2}],
        "description": "5 % more after two sessions with little pain.",
        "change": {"parameter": "load", "step": 5, "limit": 85, "unit": "%"},
    })  # fmt: skip
    return d


def rm_ladder() -> dict[str, Any]:
    """Hip abduction at your 15-repetition maximum, 3 fewer (heavier) after two sessions with
    little pain, down to 6: 15, 12, 9, 6."""
    d = knee()
    exercise(d, "hip-abduction")["dosage"] = {"sets": 3, "repetitions": 15, "load": {"rm": 15}}
    d["progression_rules"].append({
        "id": "hip-abduction-heavier", "exercise": "hip-abduction", "direction": "progress",
        "criteria": [{"metric": "pain_during", "op": "<=", "value": 2, "sessions": 2}],
        "description": "A heavier weight, 3 fewer repetitions, after two easy sessions.",
        "change": {"parameter": "rm", "step": -3, "limit": 6},
    })  # fmt: skip
    return d


def two_easy_sessions(first: int = 0) -> rk.SessionLog:
    log = rk.SessionLog(protocol="runners-knee", patient="Ana Lopez")
    for n in range(first, first + 2):
        log = log.log_session("hip-abduction", day(n), pain_during=1)
    return log


# --------------------------------------------------------------------------- percent of


def test_a_load_relative_to_a_measurement_is_stated_and_round_trips() -> None:
    d = percent_of_mvc()
    assert problems(d) == []
    protocol = rk.from_data(d, rk.Protocol)
    load = protocol.dosage_for("hip-abduction").load
    assert load is not None and load.percent_of == "mvc"
    assert rk.to_data(protocol) == d
    # Without the person's measure the handout says what it is a percent of.
    assert "70 % of your measured maximum" in load.describe()


def test_a_relative_load_is_checked_with_plain_problems_and_paths() -> None:
    d = percent_of_mvc()
    d["measurements"] = []
    found = problems(d)
    assert any(
        path == "exercises[3].dosage.load.percent_of" and "mvc" in msg for path, msg in found
    ), found
    d = percent_of_mvc()
    exercise(d, "hip-abduction")["dosage"]["load"].pop("amount")
    found = problems(d)
    assert any(path.startswith("exercises[3].dosage.load") and "%" in msg
               for path, msg in found), found  # fmt: skip
    d = percent_of_mvc()
    load = exercise(d, "hip-abduction")["dosage"]["load"]
    load.update(amount={"value": 20, "unit": "kg"}, increment={"value": 1, "unit": "kg"},
                maximum={"value": 30, "unit": "kg"})  # fmt: skip
    found = problems(d)
    assert any(path.startswith("exercises[3].dosage.load") and "%" in msg
               for path, msg in found), found  # fmt: skip
    # The person's value belongs to a plan, not to the protocol.
    d = percent_of_mvc()
    exercise(d, "hip-abduction")["dosage"]["load"]["measured"] = {"value": 200, "unit": "N.m"}
    found = problems(d)
    assert any(path == "exercises[3].dosage.load.measured" for path, _ in found), found
    # A yes/no measurement is no maximum to take a percent of.
    d = percent_of_mvc()
    d["measurements"] = [{"name": "mvc", "kind": "presence"}]
    found = problems(d)
    assert any(path == "exercises[3].dosage.load.percent_of" for path, _ in found), found


def test_personalise_records_a_measure_and_the_load_becomes_concrete() -> None:
    d = percent_of_mvc()
    plan = plan_of(d, measures={"mvc": rk.Quantity(200, "N.m")})
    assert plan.measures == (rk.PlanMeasure(name="mvc", value=200, unit="N.m"),)
    words = "140 N.m (70 % of your measured maximum)"
    assert words in plan.dosage_for("hip-abduction").describe()
    assert rk.loads(rk.dumps(plan), rk.Plan) == plan
    html = rk.export(plan, "html").decode()
    assert words in html
    for version in ("R4", "R5"):
        assert words in fhir_text(plan, version)
    # A rule moves the percent; the person's load follows.
    result = rk.assess(plan, two_easy_sessions(), on=day(1))
    assert result.decision("hip-abduction").verdict is rk.Verdict.PROGRESS
    nxt = rk.advance(plan, result)
    assert "150 N.m (75 % of your measured maximum)" in nxt.dosage_for("hip-abduction").describe()
    assert "150 N.m" in rk.export(nxt, "html").decode()
    # Without the measure the plan still says what to do.
    bare = plan_of(d)
    assert "N.m" not in bare.dosage_for("hip-abduction").describe()
    assert "70 % of your measured maximum" in rk.export(bare, "html").decode()


def test_a_measure_must_be_declared_and_in_its_unit() -> None:
    d = percent_of_mvc()
    for measures, text in (
        ({"grip": rk.Quantity(30, "kg")}, "grip"),
        ({"mvc": rk.Quantity(200, "kg")}, "N.m"),
    ):
        with pytest.raises(rk.RehabkitError, match=f"measures.*{re.escape(text)}"):
            plan_of(d, measures=measures)
    with pytest.raises(rk.RehabkitError, match=r"measures\[0\]\.value"):
        plan_of(d, measures={"mvc": rk.Quantity(0, "N.m")})
    data = rk.to_data(plan_of(d, measures={"mvc": rk.Quantity(200, "N.m")}))
    data["measures"][0]["unit"] = "kg"
    found = [(p.path, p.message) for p in rk.validate(data, rk.Plan)]
    assert any(path == "measures[0].unit" for path, _ in found), found


def test_the_cli_sets_a_measure(tmp_path: Any) -> None:
    from rehabkit._app.cli import main

    source = tmp_path / "p.json"
    source.write_text(json.dumps(percent_of_mvc()))
    out = tmp_path / "h.html"
    code = main(["export", str(source), "--format", "html", "--start", "2026-12-01",
                 "--side", "left", "--measure", "mvc=200N.m", "-o", str(out)])  # fmt: skip
    assert code == 0
    assert "140 N.m (70 % of your measured maximum)" in out.read_text()
    for bad in ("mvc", "mvc=much", "mvc=200parsecs", "grip=30kg"):
        code = main(["export", str(source), "--format", "html", "--start", "2026-12-01",
                     "--measure", bad, "-o", str(tmp_path / "x.html")])  # fmt: skip
        assert code == 2, bad


def test_a_later_exercise_is_shown_at_the_persons_measure() -> None:
    d = percent_of_mvc()
    # Hip abduction enters the plan later, after the side-lying clam.
    d["progression_rules"].append({
        "id": "clam-to-abduction", "exercise": "side-lying-clam", "direction": "progress",
        "to_exercise": "hip-abduction", "description": "On to hip abduction.",
        "criteria": [{"metric": "pain_during", "op": "<=", "value": 2, "sessions": 2}],
    })  # fmt: skip
    plan = plan_of(d, measures={"mvc": rk.Quantity(200, "N.m")})
    assert "hip-abduction" not in {i.exercise for i in plan.exercises}
    assert "140 N.m (70 % of your measured maximum)" in rk.export(plan, "html").decode()


# --------------------------------------------------------------------------- RM targets


def test_an_rm_target_is_stated_shown_and_exported() -> None:
    d = rm_ladder()
    assert problems(d) == []
    protocol = rk.from_data(d, rk.Protocol)
    assert rk.to_data(protocol) == d
    plan = plan_of(d)
    words = "your 15-repetition maximum"
    assert words in plan.dosage_for("hip-abduction").describe()
    assert words in rk.export(plan, "html").decode()
    for version in ("R4", "R5"):
        text = fhir_text(plan, version)
        assert words in text and "exercise-load-rm" in text


def test_an_rm_target_steps_down_by_a_rule() -> None:
    plan = plan_of(rm_ladder())
    seen = []
    for step in range(4):
        result = rk.assess(plan, two_easy_sessions(2 * step), on=day(2 * step + 1))
        plan = rk.advance(plan, result)
        load = plan.dosage_for("hip-abduction").load
        assert load is not None
        seen.append(load.rm)
    assert seen == [12, 9, 6, 6]
    assert "your 6-repetition maximum" in rk.export(plan, "html").decode()


def test_an_rm_target_is_checked() -> None:
    d = rm_ladder()
    exercise(d, "hip-abduction")["dosage"]["load"]["rm"] = 0
    found = problems(d)
    assert any(path == "exercises[3].dosage.load.rm" for path, _ in found), found
    d = rm_ladder()
    exercise(d, "hip-abduction")["dosage"]["load"] = {
        "rm": 10,
        "percent_of": "mvc",
        "amount": {"value": 70, "unit": "%"},
    }
    d["measurements"] = [MVC]
    found = problems(d)
    assert any(path.startswith("exercises[3].dosage.load") and "rm" in msg
               for path, msg in found), found  # fmt: skip
    d = rm_ladder()
    exercise(d, "hip-abduction")["dosage"]["load"] = {"amount": {"value": 5, "unit": "kg"}}
    found = problems(d)
    assert any(path == "progression_rules[12].change.parameter" for path, _ in found), found
    d = rm_ladder()
    d["progression_rules"][-1]["change"]["step"] = -1.5
    found = problems(d)
    assert any(path.startswith("progression_rules[12].change") for path, _ in found), found


def uneven_ladder() -> dict[str, Any]:
    """ "Your 15-RM, then 12-RM, 10-RM, 8-RM, 6-RM": steps of 3, 2, 2 and 2, which one step
    cannot say, as a ladder of values."""
    d = rm_ladder()
    d["progression_rules"][-1]["change"] = {"parameter": "rm", "values": [15, 12, 10, 8, 6]}
    return d


def test_an_uneven_ladder_is_stated_and_round_trips() -> None:
    d = uneven_ladder()
    assert problems(d) == []
    protocol = rk.from_data(d, rk.Protocol)
    assert rk.to_data(protocol) == d
    rule = protocol.progression_rules[-1]
    assert rule.change is not None and rule.change.values == (15, 12, 10, 8, 6)


def test_an_uneven_ladder_is_climbed_rung_by_rung_and_stops_at_its_last() -> None:
    plan = plan_of(uneven_ladder())
    seen = []
    for step in range(5):
        result = rk.assess(plan, two_easy_sessions(2 * step), on=day(2 * step + 1))
        plan = rk.advance(plan, result)
        load = plan.dosage_for("hip-abduction").load
        assert load is not None
        seen.append(load.rm)
    assert seen == [12, 10, 8, 6, 6]
    last = rk.assess(plan, two_easy_sessions(10), on=day(11))
    decision = next(d for d in last.decisions if d.exercise == "hip-abduction")
    assert decision.verdict is not rk.Verdict.PROGRESS
    assert "last value (6)" in json.dumps(last.to_data())


def test_a_value_between_rungs_moves_on_to_the_next_rung() -> None:
    """A clinician who set 11-RM by hand: the next rung past it is 10, not back to 12."""
    plan = plan_of(uneven_ladder())
    load = plan.dosage_for("hip-abduction").load
    assert load is not None
    items = tuple(
        attrs.evolve(i, dosage=attrs.evolve(i.dosage, load=attrs.evolve(load, rm=11)))
        if i.exercise == "hip-abduction" else i
        for i in plan.exercises
    )  # fmt: skip
    plan = attrs.evolve(plan, exercises=items)
    plan = rk.advance(plan, rk.assess(plan, two_easy_sessions(), on=day(1)))
    assert plan.dosage_for("hip-abduction").load.rm == 10  # type: ignore[union-attr]


def changes_in(node: Any) -> list[list[Any]]:
    """The ladder values of every exercise-change extension anywhere in ``node``."""
    if isinstance(node, list):
        return [found for x in node for found in changes_in(x)]
    if not isinstance(node, dict):
        return []
    here = []
    if str(node.get("url", "")).endswith("/exercise-change"):
        here = [[p["valueQuantity"]["value"] for p in node["extension"] if p["url"] == "value"]]
    return here + [found for x in node.values() for found in changes_in(x)]


def test_a_ladder_is_exported_to_fhir_in_order() -> None:
    protocol = rk.from_data(uneven_ladder(), rk.Protocol)
    for version in ("R4", "R5"):
        bundle = json.loads(rk.export(protocol, "fhir", fhir_version=version))
        assert [15, 12, 10, 8, 6] in changes_in(bundle), version


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"parameter": "rm", "values": [15]}, ""),
        ({"parameter": "rm", "values": [15, 12, 14]}, "one way"),
        ({"parameter": "rm", "values": [15, 12.5, 10]}, "whole"),
        ({"parameter": "rm", "values": [15, 12], "step": -3}, "no step"),
        ({"parameter": "rm", "values": list(range(40, 0, -1))}, ""),
    ],
)
def test_a_bad_ladder_is_a_plain_problem_at_its_path(change: dict[str, Any], words: str) -> None:
    d = uneven_ladder()
    d["progression_rules"][-1]["change"] = change
    found = problems(d)
    assert any(path.startswith("progression_rules[12].change") and words in msg
               for path, msg in found), found  # fmt: skip
