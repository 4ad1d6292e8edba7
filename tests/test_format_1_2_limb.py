"""Format 1.2: arms as well as legs (``exercise.limb``), and upper-limb and spine movement
in poses, props held in the hands, a reclined seat (issue 24, items 1 and 2)."""

from __future__ import annotations

import json
from typing import Any

import pytest

import rehabkit as rk

START = "2026-12-01"


def _protocol_data() -> dict[str, Any]:
    return rk.to_data(rk.bundled("runners-knee"))


def _arm_data() -> dict[str, Any]:
    """runners-knee with its first exercise turned into a one-arm shoulder exercise."""
    d = _protocol_data()
    ex = d["exercises"][0]
    ex["limb"] = "arm"
    ex.pop("side", None)
    ex["name"] = "Side-lying external rotation"
    ex["steps"] = [
        "Lie on your {other arm} side.",
        "Keep your {arm} bent to 90 degrees, elbow on your side, and turn the hand up.",
    ]
    ex["starting_position"] = "Lie on your side with a towel under your {arm}'s elbow."
    ex["feel"] = "The back of your {arm}'s shoulder working."
    ex["target_muscles"] = ["rotator_cuff"]
    ex.pop("pose", None)
    ex.pop("joint_angles", None)
    return d


def _problems(data: dict[str, Any]) -> dict[str, str]:
    return {p.path: p.message for p in rk.validate(data, rk.Protocol)}


def _section(html: str, exercise: str) -> str:
    """The handout's section on one exercise."""
    return html.split(f'<h3 id="ex-{exercise}">')[1].split("<h3")[0]


def _resources(plan: rk.Plan, version: str) -> list[dict[str, Any]]:
    bundle = json.loads(rk.export(plan, "fhir", fhir_version=version))
    return [e["resource"] for e in bundle["entry"]]


# --------------------------------------------------------------------------- limb


def test_an_arm_exercise_is_valid_and_its_handout_says_which_arm() -> None:
    protocol = rk.from_data(_arm_data())
    assert isinstance(protocol, rk.Protocol)
    ex = protocol.exercises[0]
    assert ex.limb is rk.Limb.ARM
    plan = rk.personalise(protocol, side="left", start=START)
    html = rk.export(plan, "html").decode()
    assert "Which arm" in html
    assert "Do it with your left arm." in html
    assert "Lie on your right arm side." in html
    assert "Keep your left arm bent to 90 degrees" in html
    section = _section(html, "inner-range-quads")
    assert "Which leg" not in section and "Do it with your left leg" not in section
    assert ex.which_leg(rk.Laterality.RIGHT) == "Do it with your right arm."


def test_describe_says_an_exercise_works_an_arm() -> None:
    text = rk.describe(rk.from_data(_arm_data()))
    assert "Works: an arm. Do it with your treated arm." in text
    assert "Works:" not in rk.describe(rk.bundled("runners-knee"))


def test_each_arm_in_turn_and_both_arms_are_worded_for_arms() -> None:
    d = _arm_data()
    d["exercises"][0]["side"] = "each"
    ex = rk.from_data(d).exercises[0]  # type: ignore[union-attr]
    assert ex.which_leg(rk.Laterality.LEFT) == (
        "Do it with each arm in turn, starting with your left arm."
    )
    d["exercises"][0]["side"] = "affected"
    ex = rk.from_data(d).exercises[0]  # type: ignore[union-attr]
    assert ex.which_leg(rk.Laterality.BOTH) == (
        "Do it with one arm, then do the same with the other arm."
    )
    assert ex.which_leg(rk.Laterality.UNSPECIFIED) == "Do it with your treated arm."


def test_a_trunk_exercise_names_no_limb_and_no_side() -> None:
    d = _protocol_data()
    ex = d["exercises"][0]
    ex["limb"] = "none"
    ex["starting_position"] = "Lie on your back."
    ex["steps"] = ["Tuck your chin in and hold."]
    ex["feel"] = "The front of your neck working."
    ex["target_muscles"] = ["trunk"]
    ex.pop("pose", None)
    ex.pop("joint_angles", None)
    protocol = rk.from_data(d)
    assert isinstance(protocol, rk.Protocol)
    assert protocol.exercises[0].which_leg(rk.Laterality.LEFT) is None
    plan = rk.personalise(protocol, side="left", start=START)
    html = rk.export(plan, "html").decode()
    section = _section(html, "inner-range-quads")
    assert "Which leg" not in section and "Which arm" not in section
    r5 = _resources(plan, "R5")
    request = next(r for r in r5 if r["resourceType"] == "ServiceRequest")
    assert "bodySite" not in request
    urls = {e["url"].rsplit("/", 1)[1]: e.get("valueCode") for e in request["extension"]}
    # A left-sided plan's neck exercise works no left limb: its side stays as written.
    assert urls["exercise-limb"] == "none" and urls["exercise-side"] == "affected"
    d["exercises"][0]["side"] = "each"  # turn each way in turn
    plan = rk.personalise(rk.from_data(d), side="left", start=START)  # type: ignore[arg-type]
    section = _section(rk.export(plan, "html").decode(), "inner-range-quads")
    assert "Which side" in section and "Do it to each side in turn." in section


def test_limb_and_its_placeholders_are_validated_with_paths() -> None:
    d = _arm_data()
    d["exercises"][0]["limb"] = "wing"
    assert "exercises[0].limb" in _problems(d)
    d = _arm_data()
    d["exercises"][0]["steps"].append("Then lift your {leg}.")
    message = _problems(d)["exercises[0].steps[2]"]
    assert "{leg}" in message and "arm" in message
    d = _protocol_data()
    d["exercises"][0]["steps"].append("Hold your {arm} out.")
    assert "exercises[0].steps" in " ".join(_problems(d))
    d = _arm_data()
    d["exercises"][0]["limb"] = "none"
    assert any(p.startswith("exercises[0].") for p in _problems(d))


def test_fhir_says_the_limb_and_its_body_site_with_the_side() -> None:
    data = _arm_data()
    # R5 gives a ServiceRequest a bodySite or a bodyStructure, not both (bdystr-1): without
    # the condition's own site, the request names the limb the exercise works.
    del data["condition"]["body_site"]
    protocol = rk.from_data(data)
    assert isinstance(protocol, rk.Protocol)
    plan = rk.personalise(protocol, side="right", start=START)
    r5 = _resources(plan, "R5")
    request = next(
        r
        for r in r5
        if r["resourceType"] == "ServiceRequest" and "rotation" in r["code"]["concept"]["text"]
    )
    urls = {e["url"].rsplit("/", 1)[1]: e for e in request["extension"]}
    assert urls["exercise-limb"]["valueCode"] == "arm"
    assert urls["exercise-side"]["valueCode"] == "right"
    (site,) = request["bodySite"]
    assert site["coding"][0] == {
        "system": "http://snomed.info/sct",
        "code": "53120007",
        "display": "Upper limb structure",
    }
    assert site["text"] == "Right upper limb"
    definition = next(
        r
        for r in r5
        if r["resourceType"] == "ActivityDefinition" and r["title"].startswith("Side-lying")
    )
    assert definition["bodySite"][0]["coding"][0]["code"] == "53120007"
    legs = next(
        r for r in r5 if r["resourceType"] == "ActivityDefinition" and r["title"] == "Wall Sit"
    )
    assert legs["bodySite"][0]["coding"][0]["code"] == "61685007"
    r4 = _resources(plan, "R4")
    care_plan = next(r for r in r4 if r["resourceType"] == "CarePlan")
    details = [a["detail"] for a in care_plan["activity"]]
    limbs = [e["valueCode"] for d in details for e in d["extension"] if e["url"].endswith("-limb")]
    assert limbs[0] == "arm" and set(limbs[1:]) == {"leg"}


def test_files_without_limb_are_legs_as_before() -> None:
    protocol = rk.bundled("runners-knee")
    assert all(ex.limb is rk.Limb.LEG for ex in protocol.exercises)
    assert "limb" not in rk.to_data(protocol)["exercises"][0]


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_an_arm_plans_fhir_passes_every_checker(version: str) -> None:
    from .test_fhir_interop import check

    data = _arm_data()
    del data["condition"]["body_site"]
    protocol = rk.from_data(data)
    assert isinstance(protocol, rk.Protocol)
    bundle = json.loads(
        rk.export(rk.personalise(protocol, side="right", start=START), "fhir", fhir_version=version)
    )
    assert check(version, [bundle, *(e["resource"] for e in bundle["entry"])]) == []
