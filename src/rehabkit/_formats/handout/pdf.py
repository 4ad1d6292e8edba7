"""PDF patient handouts, typeset by Typst from a template shipped with the package.

The document's text goes to the template as one JSON value (``sys.inputs``), never spliced
into markup. Tagged PDF/UA-1 by default; PDF/A-2b on request.
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rehabkit._core.errors import ExportError, MissingExtraError, OptionError
from rehabkit._core.extras import needs_extra
from rehabkit._core.resources import package_file
from rehabkit._view.handout import check_document, check_flags, check_paper, view_model

if TYPE_CHECKING:
    from rehabkit._model.document import Document

PAPERS = {"a4": "a4", "letter": "us-letter", "us-letter": "us-letter"}
# Archival handouts stay accessible: PDF/A-2b is always paired with PDF/UA-1.
STANDARDS = {"ua-1": ["ua-1"], "a-2b": ["a-2b", "ua-1"], "none": []}
FONT_FAMILY = "Atkinson Hyperlegible"
# Noto Sans covers Latin (Vietnamese included), Greek and Cyrillic. A handout with any
# letter Atkinson Hyperlegible lacks is set wholly in Noto Sans: mixing the two within a
# word, as glyph-by-glyph fallback does, leaves diacritics doubled in the text layer.
FALLBACK_FAMILY = "Noto Sans"
# Arabic script (Arabic, Urdu, Persian): Amiri, first for a handout in it. A static font:
# Typst's text layer for a variable Arabic font (Noto Sans Arabic) repeats letters, and
# Amiri is the one of those tried whose lam-alef ligatures extract in logical order.
ARABIC_FAMILY = "Amiri"
_ARABIC_BLOCKS = (
    (0x0600, 0x0700),
    (0x0750, 0x0780),
    (0x08A0, 0x0900),
    (0xFB50, 0xFE00),
    (0xFE70, 0xFF00),
)
# A word longer than this may not fit a line: the PDF gets break points inside it
# (zero-width spaces), so that no part of it is cut off at the margin.
LONGEST_UNBROKEN = 30


def _break_long_words(text: str) -> str:
    words = text.split(" ")
    if all(len(w) <= LONGEST_UNBROKEN for w in words):
        return text
    return " ".join(
        "\u200b".join(w[i : i + LONGEST_UNBROKEN] for i in range(0, len(w), LONGEST_UNBROKEN))
        for w in words
    )


def _for_typst(value: Any) -> Any:
    """The view model with break points in overlong words."""
    if isinstance(value, str):
        return _break_long_words(value)
    if isinstance(value, list):
        return [_for_typst(v) for v in value]
    if isinstance(value, dict):
        # A figure's SVG is markup, not text: break points would break it.
        return {k: v if k == "svg" else _for_typst(v) for k, v in value.items()}
    return value


def _characters(value: Any) -> set[str]:
    """Every character the handout typesets (a figure's SVG markup is drawn, not set).
    A plain descent, not ``walk``: naming the path of each of a handout's thousands of
    values cost 3 ms of every export."""
    found: set[str] = set()
    _gather(value, found)
    return found


def _gather(value: Any, found: set[str]) -> None:
    if isinstance(value, str):
        found.update(value)
    elif isinstance(value, list):
        for item in value:
            _gather(item, found)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "svg":
                _gather(item, found)


@functools.lru_cache(maxsize=4)
def _covered(font_file: str) -> frozenset[int]:
    with needs_extra("pdf", "the pdf exporter"):
        from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    with TTFont(font_file, lazy=True) as font:
        return frozenset(font.getBestCmap())


# Letters Atkinson Hyperlegible surely has (a test checks them against its cmap): most
# handouts use no other, and then fontTools need not load at all.
ATKINSON_SURE = frozenset(
    [chr(c) for c in range(0x21, 0x7F)]
    + [chr(c) for c in range(0xA1, 0x100)]
    + list("\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u2212")
)


def _arabic(characters: set[str]) -> bool:
    return any(lo <= ord(c) < hi for c in characters for lo, hi in _ARABIC_BLOCKS)


def _fonts(characters: set[str]) -> list[str]:
    """Atkinson Hyperlegible where it has every letter; else Noto Sans throughout; Amiri
    first where the text has Arabic script."""
    if _arabic(characters):
        return [ARABIC_FAMILY, FALLBACK_FAMILY]
    letters = {c for c in characters if not c.isspace() and c != "\u200b"}
    if letters <= ATKINSON_SURE:
        return [FONT_FAMILY, FALLBACK_FAMILY]
    atkinson = os.path.join(_font_dirs()[0], "AtkinsonHyperlegible-Regular.ttf")
    covered = _covered(atkinson)
    if all(ord(c) in covered for c in letters):
        return [FONT_FAMILY, FALLBACK_FAMILY]
    return [FALLBACK_FAMILY, FONT_FAMILY]


def _complex_script(characters: set[str]) -> bool:
    """Whether any text is in a script beyond Latin, Greek and Cyrillic, whose shaping
    needs the fonts' glyph composition (``ccmp``) left on."""
    for c in characters:
        code = ord(c)
        if 0x0530 <= code < 0x1E00 or 0x3000 <= code < 0xFB00 or code >= 0xFE70:
            return True
    return False


# The template's place in the package: a plain path unless the package is a zip archive
# (importlib.resources, and the zipfile and tempfile modules it imports, are not needed).
_TEMPLATE = ("_formats", "handout", "templates", "handout.typ")


def _template() -> bytes:
    return package_file(*_TEMPLATE).read_bytes()


_per_thread = threading.local()


def _compiler(font_paths: tuple[str, ...]) -> Any:
    """One Typst compiler per thread and set of fonts: the fonts are read once, not for
    every handout (a batch's worker keeps its compiler for all its handouts). Per thread,
    because a compiler cannot compile two documents at once ("Already borrowed")."""
    kept: dict[tuple[str, ...], Any] = _per_thread.__dict__.setdefault("compilers", {})
    if font_paths not in kept:
        kept[font_paths] = _new_compiler(font_paths)
    return kept[font_paths]


def _new_compiler(font_paths: tuple[str, ...]) -> Any:
    with needs_extra("pdf", "the pdf exporter"):
        import typst

    # From the template's file: typst-py 0.15's Compiler compiles bytes only once.
    path = str(package_file(*_TEMPLATE))
    if not os.path.isfile(path):  # the package inside a zip: compile from bytes every time
        return _OneShot(font_paths)
    return typst.Compiler(
        path, root=os.path.dirname(path), font_paths=list(font_paths), ignore_system_fonts=True
    )


class _OneShot:
    """What a Compiler does, for a template that is not a file."""

    def __init__(self, font_paths: tuple[str, ...]) -> None:
        self.font_paths = list(font_paths)

    def compile(self, **options: Any) -> Any:
        with needs_extra("pdf", "the pdf exporter"):
            import typst

        compile_pdf: Any = typst.compile  # its overloads cannot be told apart statically
        return compile_pdf(
            _template(), font_paths=self.font_paths, ignore_system_fonts=True, **options
        )


def _font_dirs() -> list[str]:
    with needs_extra("pdf", "the pdf exporter"):
        import fontpkg_atkinson_hyperlegible as atkinson  # type: ignore[import-untyped]
        import fontpkg_noto_sans as noto  # type: ignore[import-untyped]
    folders = [str(atkinson.ROOT / "files"), str(noto.ROOT / "files")]
    try:
        import fontpkg_amiri as arabic  # type: ignore[import-untyped]
    except ImportError:  # an older install of the pdf extra: Arabic text is refused
        return folders
    return [*folders, str(arabic.ROOT / "files")]


_MISSING_GLYPH = re.compile(r'the text `"(.+?)"` could not be displayed')


def _explain(message: str, document: Document) -> str:
    """Typst's complaint, and for a character no font has, the field that holds it and
    what to do about it."""
    found = _MISSING_GLYPH.search(message)
    if found is None:
        return f"typesetting the handout failed: {message}"
    # Imported here: only a failed handout reads the document back as data (importing the
    # converter, cattrs and the schema behind ``to_data`` took some 30 ms of every export).
    from rehabkit._core.tree import walk
    from rehabkit._documents.api import to_data

    text = found.group(1)
    codes = ", ".join(f"U+{ord(c):04X}" for c in text)
    found_in = walk(to_data(document))
    fields = [path for path, value in found_in if isinstance(value, str) and text in value]
    where = f" in {', '.join(fields[:3])}" if fields else ""
    return (
        f"no font covers {text!r} ({codes}){where}: pass font_paths= a folder with a font"
        " that has it (for Chinese, Japanese or Korean, Noto Sans CJK, for example)"
    )


class PdfExporter:
    """A printable patient handout (for a Plan) or a generic one (for a Protocol)."""

    name = "pdf"
    media_type = "application/pdf"
    suffix = ".pdf"
    requires = ("typst",)  # the modules of the pdf extra, checked by `rehabkit exporters`
    extra = "pdf"

    def export(
        self,
        document: Document,
        *,
        paper: str = "a4",
        pdf_standard: str = "ua-1",
        font_paths: Sequence[str | os.PathLike[str]] | str = (),
        large_print: bool = False,
        illustrations: bool = True,
        clinician_notes: bool = False,
    ) -> bytes:
        """Typeset the handout.

        ``paper`` is "a4" (default) or "letter"; ``pdf_standard`` is "ua-1" (tagged,
        default), "a-2b" (archival, and tagged PDF/UA-1 as well) or "none";
        ``font_paths`` adds folders or files of fonts for scripts the bundled fonts do not
        cover (Typst falls back to them by glyph); ``large_print`` sets 16 pt body text
        with wider spacing, for low-vision readers; ``illustrations`` draws each
        exercise that has a pose, as prescribed (tagged as a figure with its description);
        ``clinician_notes`` adds the notes for the physiotherapist (where names and
        pictures come from, the progression rules in full, the phases' entry criteria):
        a clinician's copy, which the patient's handout leaves out.
        """
        check_paper(paper, PAPERS)
        if not isinstance(pdf_standard, str) or pdf_standard.lower() not in STANDARDS:
            raise OptionError(f"pdf_standard must be ua-1, a-2b or none, not {pdf_standard!r}")
        check_flags(
            large_print=large_print, illustrations=illustrations, clinician_notes=clinician_notes
        )
        extra = _font_paths(font_paths)
        check_document(document)
        with needs_extra("pdf", "the pdf exporter"):
            import typst  # noqa: F401 (only to say what to install)
        data = view_model(
            document,
            large_print=large_print,
            illustrations=illustrations,
            clinician_notes=clinician_notes,
        )
        _add_qr_codes(data)
        data["paper"] = PAPERS[paper.lower()]
        characters = _characters(data)
        data["fonts"] = _fonts(characters)
        data["ccmp"] = _complex_script(characters)
        return _typeset(data, tuple([*_font_dirs(), *extra]), pdf_standard, document)


def _typeset(
    data: dict[str, Any], font_paths: tuple[str, ...], pdf_standard: str, document: Document
) -> bytes:
    try:
        pdf = _compiler(font_paths).compile(
            sys_inputs={"data": json.dumps(_for_typst(data), ensure_ascii=False)},
            pdf_standards=STANDARDS[pdf_standard.lower()],
        )
    except MissingExtraError:
        raise
    except Exception as exc:  # typst raises its own error types with the message
        raise ExportError(_explain(str(exc), document)) from exc
    if not isinstance(pdf, bytes):
        raise ExportError("typst returned no PDF")
    return pdf


def qr_svg(url: str) -> bytes:
    """The address as a QR code in SVG (segno; error correction M, the standard quiet zone
    of 4 modules), to be read by a phone's camera from paper."""
    import io

    with needs_extra("pdf", "a video link's QR code"):
        import segno
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="svg", scale=4, border=4)
    return out.getvalue()


def _add_qr_codes(data: dict[str, Any]) -> None:
    """Each video link of the clinic's (format 1.2) drawn as its QR code."""
    for ex in data["exercises"]:
        for item in ex["media"]:
            if item["video"] is not None:
                item["figure"]["svg"] = qr_svg(item["video"]["url"]).decode("utf-8")


def _font_paths(font_paths: Any) -> list[str]:
    """The extra font folders, each checked to exist."""
    if not isinstance(font_paths, (str, os.PathLike, list, tuple)) or (
        isinstance(font_paths, (list, tuple))
        and not all(isinstance(f, (str, os.PathLike)) for f in font_paths)
    ):
        raise OptionError(f"font_paths must be a folder or a list of folders, not {font_paths!r}")
    paths = [font_paths] if isinstance(font_paths, (str, os.PathLike)) else list(font_paths)
    for path in paths:
        if not os.path.exists(path):
            raise OptionError(f"font path {os.fspath(path)!r} does not exist")
    return [os.fspath(p) for p in paths]
