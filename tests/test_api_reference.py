"""The API for app developers (issue 27): every exporter's documents typed precisely, so that
`mypy --strict` accepts each documented call and refuses a document an exporter cannot take;
the API reference split by theme, every enum's values listed with their meaning, no raw
docstring markers and no private names."""

from __future__ import annotations

import re
from pathlib import Path

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
