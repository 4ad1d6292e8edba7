"""The API reference, one page per theme, written from the public face: each public name
goes to the theme of the module that defines it (or of its own entry in ``BY_NAME``), so a
new name finds its page by itself. And the check that fails the strict build on a page
that shows a raw docstring marker (``:meth:``) or a private name (``rehabkit._model``,
``_helper``)."""

from __future__ import annotations

import html.parser
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# (page, title, what it holds, [(defining module, heading)]), in the order of the nav.
THEMES: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    ("loading", "Loading and validating",
     "Read a document from a file or text, check it, write it back; the bundled protocols"
     " and schemas.",
     [("_documents.api", "Reading and writing"), ("_documents.bundled", "Bundled files"),
      ("_documents.positions", "Where a problem is"), ("_model.document", "Documents"),
      ("_core.output", "Writing files")]),
    ("protocols", "Protocols and plans",
     "The typed protocol, its exercises and dosage, and a plan for one person.",
     [("_model.protocol", "The protocol"), ("_model.exercise", "Exercises"),
      ("_model.media", "A clinic's own media"),
      ("_model.dosage", "Dosage"), ("_model.units", "Quantities and units"),
      ("_model.pose", "Poses and drawings"), ("_model.provenance", "Sources and codes"),
      ("_model.reporting", "Reporting statements"), ("_plan.personalise", "Personalising"),
      ("_model.plan", "Plans"), ("_view.describe", "Summaries"),
      ("_model.translation", "Translations"), ("_documents.translation", "Translating")]),
    ("terms", "Terms",
     "The vocabularies a protocol file's words map to: each enumeration with its values"
     " and what each means.",
     [("_model.terms", "Terms")]),
    ("progression", "Progression and assessment",
     "Criteria and rules, and what `assess` and `advance` make of a session log.",
     [("_model.criteria", "Criteria"), ("_model.rules", "Rules, phases and stops"),
      ("_progression.assess", "Assessing"), ("_progression.advance", "Advancing"),
      ("_progression.assessment", "The assessment")]),
    ("session-logs", "Session logs",
     "What a patient did after each session, the next morning, and the clinician's reviews.",
     [("_model.session_log", "Session logs")]),
    ("exporting", "Exporting and formats",
     "Exporting one document or many, FHIR, reporting checklists and drawings.",
     [("_formats.registry", "Exporting"), ("_formats.batch", "Many documents"),
      ("_formats.fhir.api", "FHIR"), ("_view.reporting", "Reporting checklists"),
      ("_view.report_parts", "Reporting checklists: parts"),
      ("_view.illustrate.illustration", "Drawings")]),
    ("plugins", "Plugins",
     "The contract an exporter plugin provides, and how rehabkit finds exporters.",
     [("plugins", "Exporters")]),
    ("errors", "Errors",
     "Every error rehabkit raises on purpose is a `RehabkitError`; see also"
     " [errors and exit codes](../errors.md).",
     [("_core.errors", "Errors and problems")]),
]  # fmt: skip

BY_NAME = {
    name: "plugins" for name in ("Exporter", "ExporterInfo", "available_exporters", "get_exporter")
}


def public_names() -> dict[str, str]:
    """Each public name and its defining module (``_model.plan``), from the public face."""
    sys.path.insert(0, str(ROOT / "src"))
    import rehabkit

    home: dict[str, str] = rehabkit._HOME
    return {name: module.removeprefix("rehabkit.") for name, module in home.items()}


def pages() -> dict[str, str]:
    """Each theme page's Markdown, by its path under docs/; raises for a name with no theme."""
    groups = {module: (page, heading) for page, _, _, ms in THEMES for module, heading in ms}
    placed: dict[tuple[str, str], list[str]] = {}
    for name, module in sorted(public_names().items()):
        if name == "__version__":
            continue
        key = (BY_NAME[name], "Exporters") if name in BY_NAME else groups.get(module)
        if key is None:
            raise ValueError(f"rehabkit.{name} (from {module}) has no theme in {__file__}")
        placed.setdefault(key, []).append(name)
    return {f"reference/{page}.md": _page(page, title, intro, ms, placed)
            for page, title, intro, ms in THEMES}  # fmt: skip


def _page(
    page: str, title: str, intro: str, modules: list[tuple[str, str]],
    placed: dict[tuple[str, str], list[str]],
) -> str:  # fmt: skip
    parts = [f"# {title}\n\n{intro}\n"]
    for _, heading in modules:
        names = placed.get((page, heading), [])
        if names:
            parts.append(f"## {heading}\n")
            parts += [f"::: rehabkit.{n}\n    options:\n      heading_level: 3\n" for n in names]
    return "\n".join(parts)


# --------------------------------------------------------------------------- the check

_TITLE = re.compile(r'title="(rehabkit\._[\w.]+)"')


def public_titles(output: str, public: set[str]) -> str:
    """Titles shown on hover name a public object by its public path: ``rehabkit.Laterality
    .UNSPECIFIED``, not the private module that defines it. Private objects keep theirs,
    for the check to find."""

    def public_path(found: re.Match[str]) -> str:
        parts = found.group(1).split(".")
        first = next((i for i, part in enumerate(parts[1:], 1) if part in public), None)
        return found.group(0) if first is None else f'title="rehabkit.{".".join(parts[first:])}"'

    return _TITLE.sub(public_path, output)


_MARKER = re.compile(r":(?:class|func|meth|mod|data|attr|exc|obj|py:\w+):`?\w")
_PRIVATE_PATH = re.compile(r"\brehabkit\._\w+")
_PRIVATE_NAME = re.compile(r"(?<![\w.])_(?!_)[A-Za-z]\w*")


class _Text(html.parser.HTMLParser):
    """The text a reader sees, with the code spans and the titles shown on hover."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.code: list[str] = []
        self.titles: list[str] = []
        self._in_code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_code += tag == "code"
        self.titles += [v for k, v in attrs if k == "title" and v]

    def handle_endtag(self, tag: str) -> None:
        self._in_code -= tag == "code" and self._in_code > 0

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_code:
            self.code.append(data)


def api_page_faults(output: str) -> list[str]:
    """What a rendered API page must not show: raw docstring markers, private module
    paths (in text or in titles shown on hover), and private names in code."""
    seen = _Text()
    seen.feed(output)
    text = "".join(seen.text)
    faults = [f"a raw docstring marker: {m.group(0)!r}" for m in _MARKER.finditer(text)]
    for where in (text, *seen.titles):
        faults += [f"a private name: {m.group(0)!r}" for m in _PRIVATE_PATH.finditer(where)]
    for code in seen.code:
        faults += [f"a private name: {m.group(0)!r}" for m in _PRIVATE_NAME.finditer(code)]
    return sorted(set(faults))
