"""What a drawing is drawn on and with: its colours, its scale, the picture's room (Box),
and the shapes a prop is made of. Each shape gives both its SVG and the room it takes,
so that a picture's room holds whatever is drawn in it (a room reckoned apart from the
drawing lets a new or moved shape run out of the picture)."""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from rehabkit._view.illustrate.colours import BAND, PROP, PROP_FILL

EDGE = 0.006  # an outline's width, in body heights (editors' choice)
SCALE = 400.0  # SVG units per body height
_XY = tuple[float, float]
Room = list[tuple[float, float, float]]  # circles (x, y, radius) a picture must hold
# SVG units, as the shapes write them: the edge of a step, a seat, a weight or a roller; a
# band; a towel.
_PROP_STROKE, _BAND_STROKE, _TOWEL_STROKE = 2.0, 4.0, 5.0


def fmt(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


@frozen
class Box:
    """A picture's room, in body heights; ``shift`` moves what is drawn in it across
    (a panel set beside another)."""

    left: float
    top: float
    width: float
    height: float
    shift: float = 0.0

    def svg(self, x: float, y: float) -> tuple[str, str]:
        return fmt((x + self.shift) * SCALE), fmt(-y * SCALE)

    def view(self) -> tuple[float, float, float, float]:
        """The picture in SVG units: left, top, width and height (the viewBox)."""
        left = (self.left + self.shift) * SCALE
        return left, -self.top * SCALE, self.width * SCALE, self.height * SCALE


def line_svg(
    box: Box, a: Sequence[float], b: Sequence[float], colour: str, width: float, part: str
) -> str:
    """A rounded segment; ``part`` names it (class) so tests can measure the drawing."""
    (x1, y1), (x2, y2) = box.svg(a[0], a[1]), box.svg(b[0], b[1])
    return (
        f'<line class="{part}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" '
        f'stroke-width="{fmt(width * SCALE)}" stroke-linecap="round"/>'
    )


@frozen
class Segment:
    """A straight prop, round-ended: a wall, a chair's back or leg, a stick."""

    a: _XY
    b: _XY
    width: float
    part: str

    def svg(self, box: Box) -> str:
        return line_svg(box, self.a, self.b, PROP, self.width, self.part)

    def room(self) -> Room:
        return [(*self.a, self.width / 2), (*self.b, self.width / 2)]


@frozen
class Rect:
    """A filled box, from its top left corner: a step, a chair's seat, a weight, a cushion."""

    x: float
    top: float
    width: float
    height: float
    part: str

    def svg(self, box: Box) -> str:
        sx, sy = box.svg(self.x, self.top)
        return (
            f'<rect class="{self.part}" x="{sx}" y="{sy}" width="{fmt(self.width * SCALE)}"'
            f' height="{fmt(self.height * SCALE)}" fill="{PROP_FILL}" stroke="{PROP}"'
            f' stroke-width="2"/>'
        )

    def room(self) -> Room:
        edge = _PROP_STROKE / 2 / SCALE
        xs, ys = (self.x, self.x + self.width), (self.top, self.top - self.height)
        return [(x, y, edge) for x in xs for y in ys]


@frozen
class Disc:
    """A filled circle: a foam roller seen end on."""

    centre: _XY
    radius: float
    part: str

    def svg(self, box: Box) -> str:
        x, y = box.svg(*self.centre)
        return (
            f'<circle class="{self.part}" cx="{x}" cy="{y}" r="{fmt(self.radius * SCALE)}"'
            f' fill="{PROP_FILL}" stroke="{PROP}" stroke-width="2"/>'
        )

    def room(self) -> Room:
        return [(*self.centre, self.radius + _PROP_STROKE / 2 / SCALE)]


@frozen
class Loop:
    """A band round two points (the ankles, the knees, the hands): a dashed ellipse
    reaching 10 SVG units beyond them, and at least 18 from their middle."""

    a: _XY
    b: _XY

    def _radii(self) -> _XY:
        half_x, half_y = abs(self.a[0] - self.b[0]) / 2, abs(self.a[1] - self.b[1]) / 2
        return max(half_x, 8.0 / SCALE) + 10 / SCALE, max(half_y, 8.0 / SCALE) + 10 / SCALE

    def svg(self, box: Box) -> str:
        (x1, y1), (x2, y2) = box.svg(*self.a), box.svg(*self.b)
        rx = fmt(max(abs(float(x1) - float(x2)) / 2, 8.0) + 10)
        ry = fmt(max(abs(float(y1) - float(y2)) / 2, 8.0) + 10)
        cx = fmt((float(x1) + float(x2)) / 2)
        cy = fmt((float(y1) + float(y2)) / 2)
        return (
            f'<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" class="band" fill="none" '
            f'stroke="{BAND}" stroke-width="4" stroke-dasharray="10 6"/>'
        )

    def room(self) -> Room:
        # A little over the rounding of the SVG's own arithmetic (to 0.1 unit).
        edge = (_BAND_STROKE / 2 + 0.2) / SCALE
        (rx, ry), x, y = self._radii(), (self.a[0] + self.b[0]) / 2, (self.a[1] + self.b[1]) / 2
        return [(x - rx, y, edge), (x + rx, y, edge), (x, y - ry, edge), (x, y + ry, edge)]


@frozen
class Strap:
    """A towel from the hand to the foot: a wide round-ended path."""

    a: _XY
    b: _XY
    part: str

    def svg(self, box: Box) -> str:
        (hx, hy), (tx, ty) = box.svg(*self.a), box.svg(*self.b)
        return (
            f'<path class="{self.part}" d="M {hx} {hy} L {tx} {ty}" fill="none" stroke="{PROP}"'
            f' stroke-width="5" stroke-linecap="round"/>'
        )

    def room(self) -> Room:
        edge = _TOWEL_STROKE / 2 / SCALE
        return [(*self.a, edge), (*self.b, edge)]


Shape = Segment | Rect | Disc | Loop | Strap
