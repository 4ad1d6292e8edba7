"""A BCP 47 language tag read into the parts typesetting needs: the language, the region
a spell checker or hyphenator can use, and the tag in its conventional case.

The file format takes a well-formed tag's shape (``es``, ``es-419``, ``zh-Hant-TW``,
``de-CH-1996``), not only a language and a country. RFC 5646 section 2.1 fixes each
subtag's place by its length and kind, which is all this reads; it checks no registry.
"""

from __future__ import annotations

from typing import NamedTuple


class LanguageTag(NamedTuple):
    """A tag's parts: ``language`` (lower case), ``region`` as an ISO 3166-1 two-letter
    code (upper case) or None, and ``tag``, the whole tag in RFC 5646's conventional case
    (language lower, script title, region upper)."""

    language: str
    region: str | None
    tag: str


def _kind(subtag: str, position: int) -> str:
    """What a subtag after the language is, by RFC 5646's shapes, in the order they come."""
    if position == 1 and len(subtag) == 3 and subtag.isalpha():
        return "extlang"
    if len(subtag) == 4 and subtag.isalpha():
        return "script"
    if (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit()):
        return "region"
    return "other"  # variants and extensions: kept, lower case


_CASE = {"script": str.title, "region": str.upper}
_ORDER = ("extlang", "script", "region")


def read_tag(tag: str) -> LanguageTag:
    """The parts of ``tag``. A numeric region (UN M.49, as in ``es-419``, Latin America)
    has no ISO 3166-1 code: its region is None, and the tag keeps it."""
    language, *rest = tag.split("-")
    parts, region, reached = [language.lower()], None, -1
    for position, subtag in enumerate(rest, start=1):
        kind = _kind(subtag, position)
        # A kind is only itself in its place: a script after a region is a variant.
        if kind in _ORDER and _ORDER.index(kind) > reached:
            reached = _ORDER.index(kind)
        else:
            kind = "other"
        parts.append(_CASE.get(kind, str.lower)(subtag))
        if kind == "region" and subtag.isalpha():
            region = subtag.upper()
    return LanguageTag(language.lower(), region, "-".join(parts))
