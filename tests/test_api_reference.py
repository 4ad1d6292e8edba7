"""The API for app developers (issue 27): every exporter's documents typed precisely, so that
`mypy --strict` accepts each documented call and refuses a document an exporter cannot take;
the API reference split by theme, every enum's values listed with their meaning, no raw
docstring markers and no private names."""

from __future__ import annotations

import enum
import html
import importlib.util
import logging
import os
import re
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Each documented call, as an app would write it; the last line must be refused.
SNIPPET = """\
import rehabkit as rk

protocol = rk.bundled("runners-knee")
plan = rk.personalise(protocol, patient="Ana Lopez", side="left", start="2026-12-01")
log = rk.SessionLog(protocol="runners-knee", patient="Ana Lopez")
translation = rk.load_document("protocols/translations/runners-knee.es.json")
documents: list[bytes] = [
    rk.export(protocol, "json"),
    rk.export(plan, "pdf"),
    rk.export(plan, "html", paper="letter", large_print=True),
    rk.export(plan, "fhir", fhir_version="R5"),
    rk.export(log, "fhir", plan=plan),
    rk.export(log, "json"),
    rk.export(protocol, "markdown", heading="##"),
]
if isinstance(translation, rk.Translation):
    documents.append(rk.export(translation, "json"))
fmt: str = "pdf"
documents.append(rk.export(plan, fmt))
result: rk.BatchResult = rk.export_many([("a.pdf", plan)], "pdf", workers=1)
refused = rk.export(log, "pdf")  # a handout is of a protocol or a plan, not of a log
"""


def test_every_documented_export_call_passes_mypy_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = pytest.importorskip("mypy.api")
    snippet = tmp_path / "app.py"
    snippet.write_text(SNIPPET)
    monkeypatch.setenv("MYPYPATH", str(ROOT / "src"))  # this tree, before any installed copy
    cache = ROOT / ".mypy_cache"
    out, err, _ = api.run(["--strict", "--cache-dir", str(cache), str(snippet)])
    errors = [line for line in out.splitlines() if ": error:" in line]
    last = SNIPPET.count("\n")
    assert [int(line.split(":")[1]) for line in errors] == [last], out + err
    assert 'No overload variant of "export" matches' in errors[0]


def test_the_exporters_say_what_they_take() -> None:
    from rehabkit._formats.fhir.export import FhirExporter
    from rehabkit._formats.json_format import JsonExporter

    fhir = FhirExporter.export.__annotations__["document"]
    json = JsonExporter.export.__annotations__["document"]
    assert re.search(r"\bSessionLog\b", fhir) and re.search(r"\bPlan\b", fhir)
    assert re.search(r"\bTranslation\b", json) and re.search(r"\bSessionLog\b", json)


# --------------------------------------------------------------------------- the reference

THEMES = ["loading", "protocols", "terms", "progression", "session-logs", "exporting",
          "plugins", "errors"]  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("mkdocs")
    target = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(target)],
        cwd=ROOT, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return target


def _section(page: str, name: str) -> str:
    """The HTML of one object's entry: from its heading to the next object at its level."""
    start = page.index(f'id="rehabkit.{name}"')
    after = re.search(r'<h[23] id="rehabkit\.[A-Za-z_]+"', page[start + 10 :])
    return page[start : start + 10 + after.start()] if after else page[start:]


def test_the_reference_is_in_pages_by_theme_each_name_on_one(site: Path) -> None:
    import rehabkit as rk

    pages = {t: (site / "reference" / t / "index.html").read_text() for t in THEMES}
    assert all(len(page) < 400_000 for page in pages.values())  # not one 520 KB page
    for name in rk.__all__:
        if name == "__version__":
            continue
        on = [t for t, page in pages.items() if f'id="rehabkit.{name}"' in page]
        assert len(on) == 1, (name, on)
    assert 'id="rehabkit.Verdict"' in pages["progression"]
    assert 'id="rehabkit.SessionLog"' in pages["session-logs"]
    assert 'id="rehabkit.Exporter"' in pages["plugins"]
    assert 'id="rehabkit.RehabkitError"' in pages["errors"]
    assert 'id="rehabkit.load"' in pages["loading"]
    assert 'id="rehabkit.export"' in pages["exporting"]
    index = (site / "reference" / "api" / "index.html").read_text()
    assert all(f'href="../{t}/"' in index for t in THEMES)


def test_every_enum_lists_its_values_with_their_meaning(site: Path) -> None:
    import rehabkit as rk

    text = "".join((site / "reference" / t / "index.html").read_text() for t in THEMES)
    enums = [getattr(rk, n) for n in rk.__all__ if isinstance(getattr(rk, n), enum.EnumMeta)]
    assert len(enums) > 25
    for cls in enums:
        section = html.unescape(_section(text, cls.__name__))
        assert "Values:" in section, cls.__name__
        for member in cls:
            assert f"<code>{member.value}</code>" in section, (cls.__name__, member.value)
    verdicts = html.unescape(_section(text, "Verdict"))
    assert "move on to more dose or a harder exercise" in verdicts  # progress, with its meaning


def test_no_page_shows_a_raw_marker_or_a_private_name(site: Path) -> None:
    api_pages = _api_pages()
    for theme in [*THEMES, "api"]:
        page = (site / "reference" / theme / "index.html").read_text()
        assert api_pages.api_page_faults(page) == [], theme
    assert not [p for p in (ROOT / "src").rglob("*.py") if _MARKER.search(p.read_text())]


_MARKER = re.compile(r":(?:class|func|meth|mod|data|attr|exc|obj):`")


def _api_pages() -> Any:
    spec = importlib.util.spec_from_file_location("api_pages", ROOT / "docs/tools/api_pages.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("shown", "fault"),
    [
        ("<p>takes a :class:<code>Protocol</code></p>", "a raw docstring marker"),
        ("<p>see :meth:`Protocol.dosage_for`</p>", "a raw docstring marker"),
        ('<code><span title="rehabkit._documents.api.AnyDocument">AnyDocument</span></code>',
         "a private name: 'rehabkit._documents'"),
        ("<p>from rehabkit._model.protocol</p>", "a private name: 'rehabkit._model'"),
        ("<code>_replaced(plan)</code>", "a private name: '_replaced'"),
    ],
)  # fmt: skip
def test_the_strict_build_fails_on_a_raw_marker_or_a_private_name(
    shown: str, fault: str, caplog: pytest.LogCaptureFixture
) -> None:
    api_pages = _api_pages()
    assert any(f.startswith(fault) for f in api_pages.api_page_faults(shown))
    # The hook turns each fault into a warning, which --strict counts as an error.
    spec = importlib.util.spec_from_file_location("hooks", ROOT / "docs/tools/mkdocs_hooks.py")
    assert spec is not None
    assert spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    pytest.importorskip("mkdocs")
    spec.loader.exec_module(hooks)
    page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri="reference/loading.md"))
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        hooks.on_post_page(f"<html><body>{shown}</body></html>", page=page)
    assert any(fault in r.getMessage() for r in caplog.records)


def test_a_public_object_is_named_by_its_public_path_on_hover() -> None:
    api_pages = _api_pages()
    shown = '<span title="rehabkit._model.terms.Laterality.UNSPECIFIED">UNSPECIFIED</span>'
    fixed = api_pages.public_titles(shown, {"Laterality"})
    assert 'title="rehabkit.Laterality.UNSPECIFIED"' in fixed
    assert api_pages.api_page_faults(fixed) == []
