"""Exercise illustrations: geometry measured on the drawn SVG, not golden images."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import rehabkit as rk
from rehabkit._app.cli import main
from rehabkit._model.pose import JOINT_LIMITS

from .pdf_reading import write

# The tutorial's example protocol is marked as one; these tests make plans of it on purpose.
personalise = functools.partial(rk.personalise, allow_example=True)


SVG = "{http://www.w3.org/2000/svg}"
START = dt.date(2026, 12, 1)
EXAMPLES = Path(__file__).parents[1] / "docs" / "examples" / "progression"


def parts(svg: str) -> dict[str, ElementTree.Element]:
    """The drawn elements by their class: "left_thigh", "start-left_thigh", "floor"."""
    root = ElementTree.fromstring(svg)
    return {e.get("class", ""): e for e in root.iter() if e.get("class")}


def ends(line: ElementTree.Element) -> tuple[tuple[float, float], tuple[float, float]]:
    x1, y1, x2, y2 = (float(line.get(k, 0)) for k in ("x1", "y1", "x2", "y2"))
    return (x1, y1), (x2, y2)


def knee_angle(svg: str, side: str, prefix: str = "") -> float:
    """Knee flexion measured on the drawing: 180 degrees less the angle at the knee."""
    found = parts(svg)
    (hip, knee), (_, ankle) = (
        ends(found[f"{prefix}{side}_thigh"]),
        ends(found[f"{prefix}{side}_shank"]),
    )
    ux, uy, vx, vy = hip[0] - knee[0], hip[1] - knee[1], ankle[0] - knee[0], ankle[1] - knee[1]
    cos = (ux * vx + uy * vy) / (math.hypot(ux, uy) * math.hypot(vx, vy))
    return 180 - math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def one(document: rk.Protocol | rk.Plan, exercise: str) -> rk.Illustration:
    (figure,) = rk.illustrate(document, exercise)
    return figure


def _box(svg: str) -> tuple[float, float, float, float]:
    left, top, width, height = (
        float(v) for v in ElementTree.fromstring(svg).get("viewBox", "").split()
    )
    return left, top, left + width, top + height


def inside_box(svg: str) -> None:
    """Every line (with its stroke) and circle lies inside the viewBox."""
    left, top, right, bottom = _box(svg)
    root = ElementTree.fromstring(svg)
    for line in root.iter(f"{SVG}line"):
        half = float(line.get("stroke-width", 0)) / 2
        for x, y in ends(line):
            assert left - 0.1 <= x - half and x + half <= right + 0.1, line.attrib
            assert top - 0.1 <= y - half and y + half <= bottom + 0.1, line.attrib
    for circle in root.iter(f"{SVG}circle"):
        cx, cy, r = (float(circle.get(k, 0)) for k in ("cx", "cy", "r"))
        assert left - 0.1 <= cx - r and cx + r <= right + 0.1
        assert top - 0.1 <= cy - r and cy + r <= bottom + 0.1


def nothing_below_the_floor(figure: rk.Illustration) -> None:
    for frame in (figure.start, figure.end):
        if frame is None:
            continue
        for point in frame.points.values():
            assert point.at[1] - point.radius >= -1e-6, point


def test_every_bundled_exercise_has_a_pose() -> None:
    for name in rk.bundled_ids():
        for ex in rk.bundled(name).exercises:
            assert ex.pose is not None, (name, ex.id)


@pytest.mark.parametrize("side", ["left", "right"])
def test_the_step_up_starts_with_one_foot_on_the_step_and_ends_standing_on_it(side: str) -> None:
    protocol = rk.bundled("acl-early-rehab")
    plan = personalise(protocol, side=side, start=START, events={"surgery": "2026-11-20"})
    figure = one(plan, "step-up")
    other = "left" if side == "right" else "right"
    assert figure.end is not None
    sole = {  # the lowest edge of each foot, start and end
        (frame, leg): min(
            figure_frame.points[f"{leg}_{p}"].at[1] - figure_frame.points[f"{leg}_{p}"].radius
            for p in ("heel", "toe")
        )
        for frame, figure_frame in (("start", figure.start), ("end", figure.end))
        for leg in (side, other)
    }
    assert sole["start", side] == pytest.approx(0.1, abs=0.005)  # on the step
    assert sole["start", other] == pytest.approx(0.0, abs=0.005)  # on the floor
    assert sole["end", side] == pytest.approx(0.1, abs=0.005)
    assert sole["end", other] > 0.1  # lifted off the floor
    assert f"the {side} foot on a step" in figure.alt and "the hips lift" in figure.alt


@pytest.mark.parametrize(
    "name", ["runners-knee", "achilles-eccentric", "achilles-example", "acl-early-rehab"]
)
@pytest.mark.parametrize("side", ["left", "right", "unspecified"])
def test_bundled_figures_sit_on_the_floor_inside_their_box(name: str, side: str) -> None:
    protocol = rk.bundled(name)
    events = {e.id: START.isoformat() for e in protocol.events}
    plan = personalise(protocol, side=side, start=START, events=events)
    for figure in rk.illustrate(plan):
        nothing_below_the_floor(figure)
        inside_box(figure.svg)
        assert figure.alt and figure.alt.endswith(".")


def test_the_knee_is_drawn_at_the_prescribed_angle() -> None:
    protocol = rk.bundled("runners-knee")
    bridge = one(protocol, "long-lever-bridge")
    assert knee_angle(bridge.svg, "right") == pytest.approx(30, abs=1)
    assert knee_angle(bridge.svg, "right", "start-") == pytest.approx(30, abs=1)
    squat = one(protocol, "shallow-squat-band")
    assert knee_angle(squat.svg, "right") == pytest.approx(45, abs=1)
    assert knee_angle(squat.svg, "right", "start-") == pytest.approx(0, abs=1)


@pytest.mark.parametrize("angle", [30, 40, 50, 60])
def test_the_wall_sit_follows_the_plan(angle: int) -> None:
    plan = personalise(rk.bundled("runners-knee"), side="left", start=START)
    items = [
        rk.PlanExercise(
            exercise=i.exercise, dosage=i.dosage, since=i.since,
            joint_angles=tuple(
                rk.JointAngle(joint=a.joint, motion=a.motion, angle=rk.Quantity(angle, rk.Unit.DEGREE))
                for a in i.joint_angles
            ),
        ) if i.exercise == "wall-sit" else i
        for i in plan.exercises
    ]  # fmt: skip
    figure = one(attrs.evolve(plan, exercises=tuple(items)), "wall-sit")
    svg = figure.svg
    assert knee_angle(svg, "right") == pytest.approx(angle, abs=1)
    found = parts(svg)
    (knee, ankle) = ends(found["right_shank"])
    assert knee[0] == pytest.approx(ankle[0], abs=1)  # each knee straight above its ankle
    # The back on the wall: the trunk's back edge touches the wall's front edge.
    (pelvis, shoulders) = ends(found["trunk"])
    wall = found["wall"]
    (wall_x, _), _ = ends(wall)
    gap = abs(wall_x - pelvis[0]) - float(found["trunk"].get("stroke-width", 0)) / 2
    gap -= float(wall.get("stroke-width", 0)) / 2
    assert abs(gap) <= 1.0 and pelvis[0] == pytest.approx(shoulders[0], abs=0.5)
    # Feet flat on the floor.
    (heel, toe) = ends(found["right_foot"])
    floor_y = ends(found["floor"])[0][1]
    half = float(found["right_foot"].get("stroke-width", 0)) / 2
    assert heel[1] + half == pytest.approx(floor_y, abs=0.5)
    assert toe[1] + half == pytest.approx(floor_y, abs=0.5)
    assert f"knees bent to {angle} degrees" in figure.alt


def test_advance_redraws_the_wall_sit_deeper() -> None:
    before = rk.load(EXAMPLES / "plan-start.json", rk.Plan)
    after = rk.load(EXAMPLES / "plan-wall-sit-60.json", rk.Plan)
    low, high = one(before, "wall-sit"), one(after, "wall-sit")
    assert low.svg != high.svg
    assert knee_angle(low.svg, "right") == pytest.approx(30, abs=1)
    assert knee_angle(high.svg, "right") == pytest.approx(60, abs=1)


def test_a_left_clam_lies_on_the_right_side_with_the_left_knee_lifting() -> None:
    protocol = rk.bundled("runners-knee")
    left = one(personalise(protocol, side="left", start=START), "side-lying-clam")
    right = one(personalise(protocol, side="right", start=START), "side-lying-clam")
    assert left.alt.startswith("Lying on the right side")
    assert right.alt.startswith("Lying on the left side")
    assert "knees bent to 30 degrees" in left.alt and "the top knee lifts" in left.alt
    working = [k for k in parts(left.svg) if k.startswith("left_") and "thigh" in k]
    assert working and parts(left.svg)["left_thigh"].get("stroke") == "#0b4f8a"
    assert left.end is not None
    assert left.end.points["left_knee"].at[1] > left.start.points["left_knee"].at[1] + 0.03
    feet = [left.start.points["left_ankle"].at, left.end.points["left_ankle"].at]
    assert math.dist(feet[0][:2], feet[1][:2]) < 0.02  # the ankles stay together


def test_same_input_same_bytes() -> None:
    plan = personalise(rk.bundled("runners-knee"), side="left", start=START)
    first = [f.svg for f in rk.illustrate(plan)]
    again = [f.svg for f in rk.illustrate(rk.loads(rk.dumps(plan)))]
    assert first == again


def test_titles_and_descriptions_are_escaped() -> None:
    data = rk.to_data(rk.bundled("runners-knee"))
    data["exercises"][4]["name"] = 'Wall <sit> & "squat"'
    figure = one(rk.from_data(data), "wall-sit")
    root = ElementTree.fromstring(figure.svg)  # well-formed
    assert root.find(f"{SVG}title").text == 'Wall <sit> & "squat"'  # type: ignore[union-attr]


def test_joint_angles_outside_their_limits_are_rejected_with_a_path() -> None:
    data = rk.to_data(rk.bundled("runners-knee"))
    data["exercises"][2]["pose"]["start"]["knee"] = 200
    data["exercises"][3]["pose"]["start"]["working"]["hip"] = -90
    data["exercises"][4]["pose"]["position"] = "floating"
    with pytest.raises(rk.ValidationError) as caught:
        rk.from_data(data)
    paths = {p.path for p in caught.value.problems}
    assert {
        "exercises[2].pose.start.knee",
        "exercises[3].pose.start.working.hip",
        "exercises[4].pose.position",
    } <= paths


def test_a_view_a_position_cannot_be_drawn_from_is_a_clear_error() -> None:
    data = rk.to_data(rk.bundled("runners-knee"))
    data["exercises"][2]["pose"]["view"] = "side"  # lying on one side is drawn from the front
    with pytest.raises(rk.RehabkitError, match="cannot be drawn from the side"):
        rk.illustrate(rk.from_data(data), "side-lying-clam")


# --------------------------------------------------------------------------- any pose


def _angles(draw: st.DrawFn) -> dict[str, float]:
    chosen = draw(st.sets(st.sampled_from(sorted(JOINT_LIMITS))))
    return {
        name: draw(st.floats(*JOINT_LIMITS[name], allow_nan=False).map(lambda v: round(v, 1)))
        for name in chosen
    }


@st.composite
def poses(draw: st.DrawFn) -> dict[str, Any]:
    position = draw(st.sampled_from([p.value for p in rk.BodyPosition]))
    if position in ("lying_on_left_side", "lying_on_right_side"):
        views = ["front"]
    elif position.startswith("lying"):
        views = ["side"]
    else:
        views = ["side", "front"]
    pose: dict[str, Any] = {
        "position": position,
        "view": draw(st.sampled_from(views)),
        "start": _angles(draw) | {"working": _angles(draw)},
    }
    if draw(st.booleans()):
        pose["end"] = _angles(draw)
    props = draw(
        st.lists(
            st.sampled_from(["wall", "step", "chair", "foam_roller", "band", "weight"]),
            max_size=3,
            unique=True,
        )
    )
    pose["props"] = [{"kind": k} for k in props]
    if draw(st.booleans()):
        pose["start"]["constraint"] = draw(st.sampled_from(["shin_vertical", "feet_on_floor"]))
    return pose


# Found in CI: a seated hip movement near the floor drew its arrow below the picture.
_ARROW_BELOW_THE_FLOOR = {
    "position": "sitting", "view": "side", "props": [],
    "start": {"trunk": -19.5, "working": {}, "constraint": "shin_vertical"},
    "end": {"ankle": 4.0, "hip": 14.0, "elbow": 0.0, "hip_rotation": 0.0, "hip_abduction": 0.0},
}  # fmt: skip


@given(pose=poses(), side=st.sampled_from(["left", "right", "unspecified"]))
@example(pose=_ARROW_BELOW_THE_FLOOR, side="left")
def test_any_pose_within_limits_stays_in_its_box_above_the_floor(
    pose: dict[str, Any], side: str
) -> None:
    data = rk.to_data(rk.bundled("runners-knee"))
    data["exercises"][1]["pose"] = pose  # the bridge: knee 30 degrees is prescribed
    protocol = rk.from_data(data)
    assert isinstance(protocol, rk.Protocol)
    figure = one(personalise(protocol, side=side, start=START), "long-lever-bridge")
    nothing_below_the_floor(figure)
    inside_box(figure.svg)
    ElementTree.fromstring(figure.svg)


# --------------------------------------------------------------------------- in every output


def test_the_pdf_tags_each_figure_with_its_description(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    plan = personalise(rk.bundled("runners-knee"), side="left", start=START)
    reader = pypdf.PdfReader(write(rk.export(plan, "pdf"), tmp_path))
    alts: list[str] = []

    def visit(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            for kid in node.get("/K", []) if isinstance(node.get("/K"), list) else [node.get("/K")]:
                if (kid is not None and hasattr(kid, "get_object")) or isinstance(kid, dict):
                    visit(kid)

    visit(reader.trailer["/Root"]["/StructTreeRoot"])
    expected = [f.alt for f in rk.illustrate(plan)]
    assert sorted(alts) == sorted(expected)


def test_the_html_inlines_each_figure_with_title_and_description() -> None:
    plan = personalise(rk.bundled("runners-knee"), side="left", start=START)
    html = rk.export(plan, "html").decode()
    for figure in rk.illustrate(plan):
        ident = f"figure-{figure.exercise}"
        assert f'aria-labelledby="{ident}-title {ident}-desc"' in html
        assert re.search(rf'<desc id="{ident}-desc">[^<]+</desc>', html)
    assert html.count("<svg") == 6


def test_handouts_without_illustrations(tmp_path: Path) -> None:
    plan = personalise(rk.bundled("runners-knee"), side="left", start=START)
    assert b"<svg" not in rk.export(plan, "html", illustrations=False)
    with pytest.raises(rk.OptionError):
        rk.export(plan, "pdf", illustrations="no")


def test_cli_illustrate_writes_svg_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "figures"
    assert main(["illustrate", "runners-knee", "-o", str(out)]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(f"{e.id}.svg" for e in rk.bundled("runners-knee").exercises)
    for path in out.iterdir():
        ElementTree.fromstring(path.read_text())
    assert main(["illustrate", "runners-knee", "wall-sit", "-o", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["illustrate", "runners-knee", "wall-sit", "-o", str(out), "--force"]) == 0
    assert main(["illustrate", "runners-knee", "no-such", "-o", str(out)]) == 1
    plan = tmp_path / "plan.json"
    plan.write_text(rk.dumps(personalise(rk.bundled("runners-knee"), side="left", start=START)))
    assert main(["illustrate", str(plan), "side-lying-clam", "-o", str(tmp_path / "p")]) == 0
    assert "Lying on the right side" in (tmp_path / "p" / "side-lying-clam.svg").read_text()


def test_png_of_a_figure(tmp_path: Path) -> None:
    pytest.importorskip("resvg_py")
    import struct

    figure = one(rk.bundled("runners-knee"), "wall-sit")
    png = figure.png(width=400)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width == 400 and abs(height - 300) <= 1  # the 4:3 box
    with pytest.raises(rk.RehabkitError):
        figure.png(width=0)
    assert main(["illustrate", "runners-knee", "wall-sit", "--png", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "wall-sit.png").read_bytes()[:4] == b"\x89PNG"
