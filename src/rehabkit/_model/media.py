"""A clinic's own pictures and video links for an exercise (format 1.2): each with its
licence, whom to credit and a description for those who cannot see it."""

from __future__ import annotations

import base64
import binascii
import enum
import re
from typing import Any

import attrs
from attrs import field, frozen

from rehabkit._core.errors import FieldError
from rehabkit._core.public import present_as_public
from rehabkit._model.fields import _as_member, _member, _text

__all__ = ["Media", "MediaUse"]

#: The largest picture, decoded (the editors' choice: a photograph for a handout needs
#: far less, and every handout and plan made from the protocol carries the picture).
MAX_IMAGE_BYTES = 1024 * 1024
#: The widest and tallest picture in pixels, read from a PNG's or JPEG's header (the
#: editors' choice: a 300 dpi A4 page is 2480 x 3508; more only costs memory).
MAX_IMAGE_PIXELS = 4000
MAX_URL = 2000

IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml"}
_DATA_URI = re.compile(r"data:(image/(?:png|jpeg|svg\+xml));base64,([A-Za-z0-9+/=\s]*)")
_HTTPS = re.compile(r"https://[^\s/?#]+\.[^\s/?#]+[^\s]*")


class MediaUse(str, enum.Enum):
    """Where a clinic's picture goes: in place of rehabkit's drawing, or beside it."""

    INSTEAD = "instead"  # the clinic's picture in place of rehabkit's drawing
    BESIDE = "beside"  # the clinic's picture next to rehabkit's drawing


def image_format(content: bytes) -> str | None:
    """``png``, ``jpeg`` or ``svg`` by the content's own first bytes; None for anything else."""
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    head = content[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (head.startswith(b"<?xml") or head.startswith(b"<svg")) and b"<svg" in head:
        return "svg"
    return None


def _png_size(content: bytes) -> tuple[int, int]:
    return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")


def _jpeg_size(content: bytes) -> tuple[int, int]:
    """The frame's size from its start-of-frame segment; (0, 0) if none is found."""
    i = 2
    while i + 9 < len(content) and content[i] == 0xFF:
        marker, length = content[i + 1], int.from_bytes(content[i + 2 : i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return int.from_bytes(content[i + 7 : i + 9], "big"), int.from_bytes(
                content[i + 5 : i + 7], "big"
            )
        i += 2 + length
    return 0, 0


def image_size(kind: str, content: bytes) -> tuple[int, int]:
    """A PNG's or JPEG's width and height in pixels, from its header; (0, 0) if unread."""
    return _png_size(content) if kind == "png" else _jpeg_size(content)


def _svg_problem(content: bytes) -> str | None:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return "is an SVG image that is not UTF-8 text"
    if b"<!entity" in content.lower():
        return "is an SVG image that declares entities, which a handout does not read"
    return None


def image_problem(content: bytes, declared: str | None = None) -> str | None:
    """What is wrong with ``content`` as a handout picture, in plain words; None if nothing.
    ``declared`` is the type a data: URI names (``image/png``, say)."""
    kind = image_format(content)
    if kind is None:
        return "is not a PNG, JPEG or SVG image"
    if declared is not None and IMAGE_TYPES[kind] != declared:
        return f"says it is {declared} but holds a {kind.upper()} image"
    if len(content) > MAX_IMAGE_BYTES:
        return f"is {len(content):,} bytes; a picture may be at most {MAX_IMAGE_BYTES:,}"
    if kind == "svg":
        return _svg_problem(content)
    width, height = image_size(kind, content)
    if min(width, height) < 1:
        return f"is a {kind.upper()} image whose size cannot be read"
    if max(width, height) > MAX_IMAGE_PIXELS:
        return f"is {width} x {height} pixels; at most {MAX_IMAGE_PIXELS} either way"
    return None


def decode_data_uri(uri: str) -> tuple[str, bytes]:
    """The media type and content of a base64 ``data:`` URI of a PNG, JPEG or SVG image.

    :raises ValueError: saying what is wrong with it.
    """
    found = _DATA_URI.fullmatch(uri)
    if found is None:
        raise ValueError(
            "a picture given inline must be a data: URI of a PNG, JPEG or SVG image in base64"
            " (data:image/png;base64,...)"
        )
    try:
        return found.group(1), base64.b64decode("".join(found.group(2).split()), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the data: URI's base64 is broken") from None


def _to_use(value: MediaUse | str) -> MediaUse:
    return _as_member(MediaUse, value)


def _image(_: object, a: attrs.Attribute[Any], value: str | None) -> None:
    if value is None:
        return
    _text(_, a, value)
    if not value.startswith("data:"):
        raise FieldError(
            a.name,
            f"the picture file {value[:80]!r} is read beside the protocol's file (rehabkit.load"
            " or rehabkit validate FILE); from text or data, give it as a data: URI",
        )
    try:
        declared, content = decode_data_uri(value)
    except ValueError as exc:
        raise FieldError(a.name, f"{a.name}: {exc}") from None
    problem = image_problem(content, declared)
    if problem is not None:
        raise FieldError(a.name, f"the picture {problem}")


def _video(_: object, a: attrs.Attribute[Any], value: str | None) -> None:
    if value is None:
        return
    _text(_, a, value)
    if len(value) > MAX_URL or not _HTTPS.fullmatch(value):
        raise FieldError(a.name, f"a video link must be an https:// address, not {value[:80]!r}")


@frozen(kw_only=True)
class Media:
    """A clinic's own picture of an exercise, or a link to its video (format 1.2).

    In a protocol file a picture is a path relative to the file or a ``data:`` URI; read
    from the file, the picture is carried inline as a ``data:`` URI, so that a plan made
    from the protocol carries it too.

    :param image: A PNG, JPEG or SVG picture: a base64 ``data:`` URI (at most 1 MB decoded
        and 4000 pixels either way).
    :param video: A link to a video, an https:// address: the PDF prints it as a QR code
        with the address in words beside it.
    :param licence: What allows the handout to show it, e.g. "CC-BY-4.0" or "used with
        permission of Northside Clinic".
    :param attribution: Whom to credit, printed beside it.
    :param alt: What it shows, for those who cannot see it (translatable).
    :param use: ``beside`` rehabkit's drawing (the default) or ``instead`` of it.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    image: str | None = field(default=None, validator=_image, repr=False)
    video: str | None = field(default=None, validator=_video)
    licence: str = field(validator=_text)
    attribution: str = field(validator=_text)
    alt: str = field(validator=_text)
    use: MediaUse = field(default=MediaUse.BESIDE, converter=_to_use, validator=_member(MediaUse))

    def __attrs_post_init__(self) -> None:
        if (self.image is None) == (self.video is None):
            raise FieldError("", "a media item is a picture (image) or a video link (video)")

    def content(self) -> tuple[str, bytes] | None:
        """The picture's format (png, jpeg or svg) and bytes; None for a video link."""
        if self.image is None:
            return None
        declared, content = decode_data_uri(self.image)
        return next(k for k, t in IMAGE_TYPES.items() if t == declared), content


present_as_public(globals())
