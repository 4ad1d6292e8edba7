"""The key to the pictures: what each colour and line of a drawing means, as plain data a
handout prints once, near the first drawing. Each entry gives the drawing's own colours
for its sample (an outline, its inside, and how it is drawn), so that the key cannot say
one colour while the picture uses another; the templates draw the samples."""

from __future__ import annotations

from typing import Any

from rehabkit._core.i18n import N_, gettext
from rehabkit._view.illustrate.colours import ACCENT, ARROW, BAND, FILLS, GHOST, OTHER

_TITLE = N_("Key to the pictures")
_WHITE = "#ffffff"


def figure_key(svgs: list[str]) -> dict[str, Any] | None:
    """The key's title and its entries: each a ``figure`` to draw as its sample (``edge``
    and ``fill`` colours, ``style`` solid, dashed, arrow or band) and its words, for the
    drawings ``svgs``; None where there is none. The pale start, the arrow and the band
    are in the key only where a drawing has one."""
    if not svgs:
        return None
    entries = [
        (ACCENT, FILLS[ACCENT], "solid", N_("The leg or arm that works")),
        (OTHER, _WHITE, "solid", N_("The other side")),
    ]
    # The pale start is drawn only in one picture; two panels say Start and End in words.
    if any(f'stroke="{GHOST}"' in svg for svg in svgs):
        entries.append((GHOST, _WHITE, "dashed", N_("Where the movement starts")))
    if any('class="arrow"' in svg for svg in svgs):
        entries.append((ARROW, _WHITE, "arrow", N_("Which way it moves")))
    if any('class="band"' in svg for svg in svgs):
        entries.append((BAND, _WHITE, "band", N_("A resistance band")))
    return {
        "title": gettext(_TITLE),
        "items": [
            {"figure": {"edge": edge, "fill": fill, "style": style}, "label": gettext(words)}
            for edge, fill, style, words in entries
        ],
    }
