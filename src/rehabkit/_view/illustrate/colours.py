"""A drawing's colours: apart from the shapes that use them, so that the handout's key to
the pictures, which names them, does not make the drawing's classes (some 3 ms) where every
drawing is kept from an earlier export."""

from __future__ import annotations

__all__: list[str] = []

# Every line and edge has at least 3:1 contrast against white, as WCAG 1.4.11 asks of the
# graphics one needs to understand a picture; fills inside such an edge may be paler.
INK = "#1a1a1a"  # 17:1
ACCENT = "#0b4f8a"  # the working limbs: the handout's accent colour, 8.4:1
OTHER = "#5b6670"  # 5.9:1
FAR = "#7d8996"  # the limbs on the far side, 3.6:1
GHOST = "#868e96"  # the start of a movement, drawn dashed, 3.3:1
ARROW = "#a34700"  # the handout's warning colour: the eye goes to the movement, 6.1:1
BAND = "#6a3d9a"  # a resistance band: not the arrow's colour, 7.6:1
PROP = "#767676"  # 4.5:1
PROP_FILL = "#e4e8ec"
# The insides of outlined limbs: the working limb pale blue, the far limbs pale grey.
FILLS = {ACCENT: "#d6e4f2", FAR: "#eef1f4"}
