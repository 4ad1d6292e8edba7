"""Issue 28, second pass: the faster paths check exactly what the slower ones checked."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rehabkit as rk
from rehabkit._documents import bounds
from rehabkit._documents.converter import converter, problems_from
from rehabkit._model import integrity
from tests.helpers import protocol_data

RUNNERS_KNEE = Path(__file__).parents[1] / "protocols" / "runners-knee.json"


def _broken(data: dict[str, Any]) -> dict[str, Any]:
    """Protocol data whose only fault is a whole-protocol one: a progression rule cites a
    source the protocol does not list."""
    broken = copy.deepcopy(data)
    broken["progression_rules"][0]["sources"].append("no-such-source")
    return broken


def _bad_rules(protocol: rk.Protocol) -> tuple[Any, ...]:
    rule = protocol.progression_rules[0]
    first = attrs.evolve(rule, sources=(*rule.sources, "no-such-source"))
    return (first, *protocol.progression_rules[1:])


# --------------------------------------------------------------------------- rules run once


def test_a_valid_file_runs_the_protocol_rules_once_on_its_own_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[object] = []
    rules = integrity.data_problems
    monkeypatch.setattr(integrity, "data_problems", lambda d: calls.append(d) or rules(d))

    def no_write_back(value: Any) -> Any:
        raise AssertionError("the built Protocol was written back out to run the rules again")

    monkeypatch.setattr(integrity, "plain", no_write_back)
    rk.load(RUNNERS_KNEE)
    assert len(calls) == 1


def test_a_protocol_built_in_code_is_still_checked() -> None:
    loaded = rk.load(RUNNERS_KNEE, rk.Protocol)
    with pytest.raises(rk.ValidationError) as raised:
        attrs.evolve(loaded, progression_rules=_bad_rules(loaded))
    assert any("no-such-source" in str(p) for p in raised.value.problems)


def test_a_voucher_spares_no_protocol_but_the_one_built_from_its_data() -> None:
    data = {k: v for k, v in protocol_data().items() if k != "$schema"}
    good = converter.structure(data, rk.Protocol)
    bad_rules = _bad_rules(good)
    # Inside a check of sound data, a Protocol written in code with an equal id (but not the
    # data's own id object) is checked, and so is any second one built meanwhile.
    with integrity.checked_data(data) as problems:
        assert problems == []
        with pytest.raises(rk.ValidationError):
            attrs.evolve(good, id="".join(data["id"]), progression_rules=bad_rules)
    with integrity.checked_data(data):
        converter.structure(data, rk.Protocol)  # takes the voucher
        with pytest.raises(rk.ValidationError):
            attrs.evolve(good, id=data["id"], progression_rules=bad_rules)
    # Once the block ends, nothing is spared even with the data's own id object.
    with pytest.raises(rk.ValidationError):
        attrs.evolve(good, id=data["id"], progression_rules=bad_rules)


def test_structuring_without_the_schema_still_runs_the_rules() -> None:
    data = {k: v for k, v in _broken(protocol_data()).items() if k != "$schema"}
    with pytest.raises(Exception) as raised:  # noqa: PT011  cattrs groups what the model raised
        converter.structure(data, rk.Protocol)
    assert "no-such-source" in str(problems_from(raised.value))


@pytest.mark.parametrize("via", ["load", "from_data", "validate"])
def test_a_file_breaking_only_a_whole_protocol_rule_is_refused(tmp_path: Path, via: str) -> None:
    data = _broken(protocol_data())
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    if via == "validate":
        problems = rk.validate(path)
    else:
        with pytest.raises(rk.ValidationError) as raised:
            rk.load(path) if via == "load" else rk.from_data(data, rk.Protocol)
        problems = raised.value.problems
    assert "progression_rules[0].sources[3]" in [p.path for p in problems]


def test_a_plan_embedding_a_broken_protocol_is_refused() -> None:
    plan = rk.to_data(rk.personalise(rk.bundled("runners-knee"), start="2026-01-05"))
    plan["protocol"] = _broken(plan["protocol"])
    problems = rk.validate(plan, rk.Plan)
    assert "protocol.progression_rules[0].sources[3]" in [p.path for p in problems]


def test_a_loaded_protocol_equals_one_built_and_checked_in_code() -> None:
    loaded = rk.load(RUNNERS_KNEE, rk.Protocol)
    rebuilt = attrs.evolve(loaded)  # construction in code: every rule runs on the object
    assert rebuilt == loaded
    assert integrity.protocol_problems(loaded) == []


# --------------------------------------------------------------------------- the bounds walk


def _remembered(data: dict[str, Any]) -> int:
    bounds._limits.cache_clear()
    assert bounds.bound_problems(data, "protocol") == []
    return sum(len(place._children) for place in bounds._limits("protocol")._places.values())


def test_the_bounds_walk_remembers_places_but_not_a_documents_own_keys() -> None:
    data = protocol_data()
    plain_count = _remembered(data)
    data["exercises"][0].update({f"unknown-{n}": "x" for n in range(5000)})
    # The schema's names are remembered, and every unknown key shares one place.
    assert _remembered(data) <= plain_count + 1


def test_the_remembered_places_give_what_a_fresh_walk_gives() -> None:
    data = protocol_data()
    data["exercises"][1]["steps"] = ["x" * 100_000] + data["exercises"][1]["steps"]
    data["sources"] = data["sources"] * 200
    bounds._limits.cache_clear()
    fresh = bounds.bound_problems(data, "protocol")
    assert fresh  # the long step and the long list are both found
    for _ in range(2):
        assert bounds.bound_problems(data, "protocol") == fresh


# --------------------------------------------------------------------------- the CLI's imports

_MODEL_LOADED = (
    "import sys; from rehabkit._app.cli import build_parser; build_parser();"
    " print(sorted(m for m in sys.modules if m.startswith(('rehabkit._model', 'cattrs'))))"
)


def test_the_cli_parser_is_built_without_the_model() -> None:
    found = subprocess.run(
        [sys.executable, "-c", _MODEL_LOADED], capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]"


@pytest.mark.parametrize("argv", [["--help"], ["validate", "--help"], ["--version"]])
def test_help_and_version_load_no_model(argv: list[str]) -> None:
    code = (
        "import sys, runpy; sys.argv = ['rehabkit', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('rehabkit', run_name='__main__')\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        "print(sorted(m for m in sys.modules if m.startswith('rehabkit._model')), code)"
    )
    found = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True
    )
    assert found.stdout.strip().splitlines()[-1] == "[] 0"


# --------------------------------------------------------------------------- the pose solver


def _full_body_solve(pose: Any, frame: Any, working: str | None) -> Any:
    """The solver as it was: both legs and the arms computed for every candidate."""
    from rehabkit._view.illustrate import figure as fig

    anterior, superior = fig.orientation(pose.position, pose.view, working == "left")
    leg = "left" if working == "right" else "right"

    def world(candidate: Any) -> Any:
        return fig._to_world(fig._body(candidate, working, fig._lying(pose)), anterior, superior)

    def shin_vertical(candidate: Any) -> float:
        w = world(candidate)
        return (w[f"{leg}_knee"][0][0] - w[f"{leg}_ankle"][0][0]) * (anterior[0] or 1.0)

    # The support's rules as the solver keeps them (a chair's seat, its 45-degree thigh).
    on_chair = any(p.kind is rk.PropKind.CHAIR for p in pose.props)
    sole = [f"{leg}_heel", f"{leg}_toe"]

    def feet_on_floor(candidate: Any) -> float:
        w = world(candidate)
        if on_chair:
            return fig._lowest(w, sole) - (fig._lowest(w, ["buttocks"]) - fig.SEAT_HEIGHT)
        body = [n for n in w if not n.startswith(("left_", "right_"))]
        return fig._lowest(w, sole) - fig._lowest(w, body)

    check = shin_vertical if frame.constraint is rk.Constraint.SHIN_VERTICAL else feet_on_floor
    if frame.hip is not None and frame.trunk is None:
        return fig._solve(frame, check, "trunk", -30.0, 0.0)
    return fig._solve(frame, check, "hip", 45.0 if on_chair else -30.0, 130.0)


def _constrained_poses() -> list[tuple[Any, str | None]]:
    found = []
    for ident in rk.bundled_ids():
        for exercise in rk.bundled(ident).exercises:
            pose = exercise.pose
            if pose is not None and pose.start.constraint is not None:
                found.append((pose, None))
                found.append((pose, "left"))
    return found


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(_constrained_poses()),
    st.floats(0, 120),
    st.floats(-20, 60),
    st.booleans(),
)
def test_the_one_leg_solver_equals_the_whole_body_solver(
    case: tuple[Any, str | None], knee: float, trunk: float, trunk_given: bool
) -> None:
    from rehabkit._view.illustrate import figure as fig

    pose, working = case
    frame = attrs.evolve(pose.start, knee=knee, trunk=trunk if trunk_given else pose.start.trunk)
    assert fig.solved(pose, frame, working) == _full_body_solve(pose, frame, working)
    assert fig.solved(pose, frame, working) is fig.solved(pose, frame, working)  # remembered


@pytest.mark.parametrize("key", ["id", "title", "version"])
def test_structuring_a_protocol_keeps_every_hook_of_the_converter(key: str) -> None:
    # A list where text belongs is refused, not written as the text "['x']".
    data = {k: v for k, v in protocol_data().items() if k != "$schema"}
    data[key] = [data[key]]
    with pytest.raises(Exception) as raised:  # noqa: PT011  cattrs groups the model's error
        converter.structure(data, rk.Protocol)
    assert key in str(problems_from(raised.value))
