"""HTML patient handouts: one self-contained, accessible file from the same view model as
the PDF, rendered by Jinja2 with autoescaping on.

The file makes no network request: CSS and the log form's small script are inline, and
Atkinson Hyperlegible is embedded when the pdf extra's font package is installed (else the
reader's own sans-serif is used).
"""

from __future__ import annotations

import base64
import functools
from importlib import resources
from typing import Any

from rehabkit._core.extras import needs_extra
from rehabkit._model.document import Document
from rehabkit._view.handout import check_document, check_flags, check_paper, view_model
from rehabkit._view.log_form import log_form

PAPERS = ("a4", "letter")
_FACES = (("AtkinsonHyperlegible-Regular.ttf", 400), ("AtkinsonHyperlegible-Bold.ttf", 700))
_ARABIC_FACES = (("Amiri-Regular.ttf", 400), ("Amiri-Bold.ttf", 700))


@functools.lru_cache(maxsize=1)
def _template() -> Any:
    with needs_extra("html", "the html exporter"):
        import jinja2
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_template_text),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["data_uri"] = _data_uri
    env.filters["cited"] = _cited
    env.filters["own_word"] = _own_word
    return env.get_template("handout.html.j2")


def _template_text(name: str) -> str:
    """A template shipped with the package (the handout, and the pieces it includes)."""
    folder = resources.files("rehabkit._formats.handout") / "templates"
    return (folder / name).read_text(encoding="utf-8")


def _cited(text: str, cited_in: dict[str, Any] | None) -> Any:
    """``text``, escaped, with the title of the source it names marked as in its own
    language and direction (when that is not the handout's)."""
    from markupsafe import Markup, escape

    title = cited_in["title"] if cited_in else None
    if cited_in is None or not title or title not in text:
        return escape(text)
    before, _, after = text.partition(title)
    mark = Markup('<bdi lang="{}" dir="{}">{}</bdi>').format(
        cited_in["language"], cited_in["dir"], title
    )
    return escape(before) + mark + escape(after)


def _own_word(text: str, word: str | None, language: str) -> Any:
    """``text``, escaped, with each ``word`` in it marked as in ``language``, the handout's
    (a citation in another language that holds a word of the handout's own)."""
    from markupsafe import Markup, escape

    if not word or word not in text:
        return escape(text)
    mark = Markup('<span lang="{}">{}</span>').format(language, word)
    return mark.join(escape(part) for part in text.split(word))


def _data_uri(figure: dict[str, Any]) -> str:
    """A clinic's picture (format 1.2) for an img element: its SVG as a base64 data: URI
    (an img runs no script an SVG may hold)."""
    content = base64.b64encode(figure["svg"].encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{content}"


@functools.lru_cache(maxsize=2)
def _embedded_fonts(arabic: bool) -> tuple[dict[str, Any], ...]:
    """Atkinson Hyperlegible, regular and bold, as base64 data for @font-face; Amiri too
    for a handout in Arabic script (what the PDF sets it in)."""
    try:
        import fontpkg_atkinson_hyperlegible as atkinson  # type: ignore[import-untyped]
    except ImportError:
        return ()
    faces = _faces("Atkinson Hyperlegible", atkinson.ROOT / "files", _FACES)
    if not arabic:
        return faces
    try:
        import fontpkg_amiri as amiri  # type: ignore[import-untyped]
    except ImportError:
        return faces
    return faces + _faces("Amiri", amiri.ROOT / "files", _ARABIC_FACES)


def _faces(
    family: str, folder: Any, names: tuple[tuple[str, int], ...]
) -> tuple[dict[str, Any], ...]:
    return tuple(
        {
            "family": family,
            "weight": weight,
            "data": base64.b64encode((folder / name).read_bytes()).decode("ascii"),
        }
        for name, weight in names
    )


class HtmlExporter:
    """An accessible HTML handout (for a Plan) or a generic one (for a Protocol)."""

    name = "html"
    media_type = "text/html"
    suffix = ".html"
    requires = ("jinja2",)  # the modules of the html extra, checked by `rehabkit exporters`
    extra = "html"

    def export(
        self,
        document: Document,
        *,
        paper: str = "a4",
        large_print: bool = False,
        embed_fonts: bool = True,
        illustrations: bool = True,
        clinician_notes: bool = False,
    ) -> bytes:
        """Render the handout as one HTML file, UTF-8.

        ``paper`` ("a4" or "letter") sets the page size when it is printed;
        ``large_print`` sets larger text and wider spacing; ``embed_fonts`` embeds
        Atkinson Hyperlegible (about 150 kB; and Amiri, about 1.1 MB, for a handout in
        Arabic script) so that the file looks the same everywhere;
        ``illustrations`` draws each exercise that has a pose, as inline SVG;
        ``clinician_notes`` adds the notes for the physiotherapist: a clinician's copy,
        which the patient's handout leaves out.
        """
        check_paper(paper, PAPERS)
        check_flags(
            large_print=large_print,
            embed_fonts=embed_fonts,
            illustrations=illustrations,
            clinician_notes=clinician_notes,
        )
        check_document(document)
        data = view_model(
            document,
            large_print=large_print,
            illustrations=illustrations,
            clinician_notes=clinician_notes,
        )
        html: str = _template().render(
            d=data,
            paper=paper.lower(),
            form=log_form(document, data["log"]),
            fonts=_embedded_fonts(data["meta"]["dir"] == "rtl") if embed_fonts else (),
        )
        return html.encode("utf-8")
