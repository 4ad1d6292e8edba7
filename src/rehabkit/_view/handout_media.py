"""A clinic's own pictures and video links in the handout (format 1.2): the picture's
bytes, its description and its credit; a video's address in words (the PDF exporter adds
its QR code)."""

from __future__ import annotations

import base64
from typing import Any

from rehabkit._core.i18n import N_, gettext
from rehabkit._model.exercise import Exercise
from rehabkit._model.media import IMAGE_TYPES, Media, MediaUse, image_size

__all__: list[str] = []

CREDIT = N_("Picture: {attribution} ({licence}).")
VIDEO_CREDIT = N_("Video: {attribution} ({licence}).")
WATCH = N_("Watch the video: {url}")


def media_blocks(ex: Exercise) -> list[dict[str, Any]]:
    """Each of the exercise's pictures and videos as the handout prints it, each picture
    as SVG markup (``figure.svg``, as rehabkit's own drawings are)."""
    return [_block(item) for item in ex.media]


def replaces_drawing(ex: Exercise) -> bool:
    """Whether a picture of the clinic's takes the place of rehabkit's drawing."""
    return any(m.use is MediaUse.INSTEAD and m.image is not None for m in ex.media)


def _block(item: Media) -> dict[str, Any]:
    words = {"attribution": item.attribution, "licence": item.licence}
    content = item.content()
    if content is not None:
        return {
            "figure": {"svg": as_svg(*content), "alt": item.alt},
            "credit": gettext(CREDIT).format(**words),
            "video": None,
        }
    url = item.video or ""
    return {
        # The PDF draws the address as a QR code here (its exporter, with the pdf extra).
        "figure": {"svg": "", "alt": item.alt},
        "credit": gettext(VIDEO_CREDIT).format(**words),
        "video": {"url": url, "words": gettext(WATCH).format(url=url)},
    }


def as_svg(kind: str, content: bytes) -> str:
    """The picture as SVG markup, which both handouts take as text: an SVG as it is; a PNG
    or JPEG inside one, inline as a data: URI at its own size in pixels."""
    if kind == "svg":
        return content.decode("utf-8")
    width, height = image_size(kind, content)
    uri = f"data:{IMAGE_TYPES[kind]};base64," + base64.b64encode(content).decode("ascii")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}"><image width="{width}" height="{height}"'
        f' href="{uri}"/></svg>'
    )
