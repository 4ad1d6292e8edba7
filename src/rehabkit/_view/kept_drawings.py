"""A handout's drawings kept, once drawn, beside the bundled protocols' cache.

Drawing a handout's six figures (the pose solver, the SVG writer) and importing the code
that draws them was some 15 ms of a PDF export. What a document's drawings are drawn from
is small and known (``illustrate.inputs``): the protocol's posed exercises, whole, each
with its current joint angles, and the side; and the words are in the current language.
Those, with rehabkit's version and its files' stamps and the language's catalog, make an
entry's key (``_documents.cache.entry_key``); an entry holds the drawings as JSON. One file
for a protocol, a side and a language: another plan's angles replace it, so the folder
does not grow with each patient. An entry whose key differs, or that is not whole, is
drawn again and replaced; an unwritable or missing folder only costs the drawing.

The HTML handout sets a drawing's SVG in the page as markup, so an entry is used only
when its SVG is made of the elements and attributes the drawing code writes, in the form it
writes them: a changed or planted entry cannot bring a script, a link or a style into a
handout (the bundled cache's pickles hold data only, which the templates escape).
"""

from __future__ import annotations

import json
import os
import pickle
import re
from typing import Any

from rehabkit._core.digest import sha256_hex
from rehabkit._core.i18n import DOMAIN, SOURCE_LANGUAGE, current_language
from rehabkit._core.resources import package_file
from rehabkit._documents.cache import cache_dir, entry_key
from rehabkit._model.document import Document
from rehabkit._view.illustrate.inputs import as_prescribed

__all__: list[str] = []

Figures = dict[str, dict[str, Any]]


def drawn(document: Document) -> Figures:
    """Each posed exercise drawn as prescribed: its SVG, its description and whether it is
    two panels, by exercise id."""
    # Imported here: a kept drawing needs neither the solver nor the SVG writer.
    from rehabkit._view.illustrate.illustration import illustrate

    return {
        i.exercise: {"svg": i.svg, "alt": i.alt, "panels": i.panels} for i in illustrate(document)
    }


def kept_figures(document: Document) -> Figures:
    """``drawn(document)``, from the cache where an entry was made from the same inputs."""
    folder = cache_dir()
    if folder is None:
        return drawn(document)
    protocol, side, current = as_prescribed(document)
    language = current_language()
    exercises = [e for e in protocol.exercises if e.pose is not None]
    posed = [(e, current.get(e.id, e.joint_angles)) for e in exercises]
    try:
        made_from = pickle.dumps((language, _catalog_stamp(language), side, posed), protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):  # a model object of one's own
        return drawn(document)
    key = entry_key(made_from)
    name = sha256_hex(f"{protocol.id}\0{side.value}\0{language}".encode())[:32]
    path = os.path.join(folder, f"drawings.{name}.json")
    found = _read(path, key)
    if found is not None:
        return found
    figures = drawn(document)
    _write(path, key, figures)
    return figures


def _catalog_stamp(language: str) -> str:
    """The size and time of the language's catalog: its words are in the drawings' text."""
    if language == SOURCE_LANGUAGE:  # English, the source language, has none
        return ""
    try:
        info = os.stat(str(package_file("locale", language, "LC_MESSAGES", f"{DOMAIN}.mo")))
    except OSError:
        return ""
    return f"{info.st_size}:{info.st_mtime_ns}"


def _read(path: str, key: str) -> Figures | None:
    try:
        with open(path, encoding="utf-8") as handle:
            entry = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    figures = entry.get("figures")
    if not isinstance(figures, dict) or not all(_whole(f) for f in figures.values()):
        return None
    return figures


def _whole(figure: object) -> bool:
    return (
        isinstance(figure, dict)
        and figure.keys() == {"svg", "alt", "panels"}
        and isinstance(figure["svg"], str)
        and isinstance(figure["alt"], str)
        and isinstance(figure["panels"], bool)
        and _as_drawn(figure["svg"])
    )


# What the drawing code writes (``illustrate/``): these elements, these attributes, each
# value in double quotes; a test keeps every bundled drawing within them.
_ELEMENTS = "svg|title|desc|g|line|path|polygon|rect|circle|ellipse|text"
_ATTRIBUTES = (
    "aria-labelledby|class|cx|cy|d|data-moment|fill|font-family|font-size|font-weight|"
    "height|id|points|r|role|rx|ry|stroke|stroke-dasharray|stroke-linecap|stroke-width|"
    "text-anchor|viewBox|width|x|x1|x2|xmlns|y|y1|y2"
)
_TAG = re.compile(rf'</?(?:{_ELEMENTS})(?:\s+(?:{_ATTRIBUTES})="[^"<>&]*")*\s*/?>')


def _as_drawn(svg: str) -> bool:
    """Whether ``svg`` holds no markup but the drawing code's: every ``<`` opens one of its
    tags, and the text between them is plain (``&`` only as html.escape writes it)."""
    text = _TAG.sub("", svg)
    return "<" not in text and ">" not in text and not _ODD_ENTITY.search(text)


_ODD_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|#x27);)")


def _write(path: str, key: str, figures: Figures) -> None:
    # Imported here: atomic writing (tempfile, ctypes) is only for a missing entry.
    from rehabkit._core.errors import RehabkitError
    from rehabkit._core.output import write_file

    entry = json.dumps({"key": key, "figures": figures}, ensure_ascii=False)
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        write_file(path, entry.encode("utf-8"), overwrite=True)
    except (OSError, RehabkitError):
        pass  # a cache that cannot be written is only a slower next export
