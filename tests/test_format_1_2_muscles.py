"""Format 1.2: the forearm's muscles can be named (issue 24, the upper-limb protocol): an
exercise for tennis elbow works the wrist extensors, which 1.1's vocabulary could not say."""

from __future__ import annotations

from typing import Any

import rehabkit as rk


def _forearm_data(muscles: list[str]) -> dict[str, Any]:
    d = rk.to_data(rk.bundled("runners-knee"))
    ex = d["exercises"][0]
    ex["limb"] = "arm"
    ex.pop("side", None)
    ex["name"] = "Wrist lift"
    ex["steps"] = ["Rest your {arm}'s forearm on a table, palm down.", "Lift and lower the hand."]
    ex["starting_position"] = "Sit beside a table."
    ex["feel"] = "The top of your {arm}'s forearm working."
    ex["target_muscles"] = muscles
    ex.pop("pose", None)
    ex.pop("joint_angles", None)
    return d


def test_the_forearm_muscles_are_in_the_vocabulary() -> None:
    d = _forearm_data(["wrist_extensors", "wrist_flexors", "forearm_rotators"])
    assert rk.validate(d, rk.Protocol) == []
    ex = rk.from_data(d).exercises[0]
    assert ex.target_muscles == (
        rk.Muscle.WRIST_EXTENSORS,
        rk.Muscle.WRIST_FLEXORS,
        rk.Muscle.FOREARM_ROTATORS,
    )
    assert rk.to_data(rk.from_data(d))["exercises"][0]["target_muscles"] == [
        "wrist_extensors",
        "wrist_flexors",
        "forearm_rotators",
    ]


def test_an_unknown_muscle_is_a_plain_problem_with_its_path() -> None:
    problems = rk.validate(_forearm_data(["forearm_extensor_thing"]), rk.Protocol)
    assert [p.path for p in problems] == ["exercises[0].target_muscles[0]"]
