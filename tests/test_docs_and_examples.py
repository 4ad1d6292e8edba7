"""The tutorial's protocol is shipped and valid; the docs name every schema field."""

from __future__ import annotations

import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import rehabkit as rk
from rehabkit._core.resources import schema

ROOT = Path(__file__).parents[1]


def test_every_bundled_protocol_is_valid() -> None:
    ids = rk.bundled_ids()
    assert {"runners-knee", "achilles-example"} <= set(ids)
    for ident in ids:
        assert rk.validate(ROOT / "protocols" / f"{ident}.json") == [], ident


def test_tutorial_protocol_uses_the_general_model() -> None:
    p = rk.bundled("achilles-example")
    hold = p.dosage_for("calf-isometric-hold")
    assert hold.repetitions is None  # a hold without repetitions
    assert hold.hold == rk.Quantity(45, rk.Unit.SECOND)
    assert hold.intensity == rk.Intensity(percent_max_effort=70, pain_max=5)
    heel = p.dosage_for("single-heel-raise")
    assert heel.frequency == rk.Frequency(3, 1, None, rk.PeriodUnit.WEEK)
    assert heel.rest == rk.Quantity(2, rk.Unit.MINUTE)
    assert heel.load is not None
    assert heel.load.increment == rk.Quantity(2.5, rk.Unit.KILOGRAM)
    assert heel.intensity is not None
    assert heel.intensity.rpe == rk.IntRange(6, 8)
    assert p.exercise("single-heel-raise").side is rk.Side.EACH
    assert p.duration == rk.Quantity(12, rk.Unit.WEEK)
    [load_phase] = [ph for ph in p.phases if ph.id == "load"]
    metrics = {c.metric for c in load_phase.entry_criteria}
    assert metrics == {rk.Metric.TIME_ELAPSED, rk.Metric.MEASUREMENT}
    assert any(r.change and r.change.parameter is rk.Parameter.LOAD for r in p.progression_rules)


def test_tutorial_describe_output_is_true() -> None:
    text = (ROOT / "docs" / "tutorial.md").read_text()
    described = rk.bundled("achilles-example").dosage_for("single-heel-raise").describe()
    assert f"'{described}'" in text


def test_reference_documents_every_field() -> None:
    doc = (ROOT / "docs" / "file-format.md").read_text()
    root = schema("protocol")
    sections = dict(re.findall(r"^## (\w+)[^\n]*\n(.*?)(?=^## |\Z)", doc, re.S | re.M))
    for name, node in [("protocol", root), *root["$defs"].items()]:
        assert name in sections, f"no section for {name}"
        for field in node.get("properties", {}):
            assert f"`{field}`" in sections[name], f"{name}.{field} undocumented"


def test_session_log_reference_documents_every_field() -> None:
    doc = (ROOT / "docs" / "session-log.md").read_text()
    log = schema("session-log")
    sections = dict(re.findall(r"^## (\w+)[^\n]*\n(.*?)(?=^## |\Z)", doc, re.S | re.M))
    props = log["properties"]
    nodes = {"session_log": log, "entry": props["entries"]["items"],
             "measurement": props["measurements"]["items"], "review": props["reviews"]["items"]}  # fmt: skip
    for name, node in nodes.items():
        for field in node["properties"]:
            assert f"`{field}`" in sections[name], f"{name}.{field} undocumented"


def test_the_example_handouts_in_the_docs_are_current() -> None:
    """docs/examples holds what docs/tools/handout_images.py makes today (its pictures are
    made from these same files)."""
    pytest.importorskip("typst")
    pytest.importorskip("jinja2")
    pypdf = pytest.importorskip("pypdf")
    spec = importlib.util.spec_from_file_location(
        "handout_images", ROOT / "docs" / "tools" / "handout_images.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    plan = tool._plan()
    examples = ROOT / "docs" / "examples"
    assert (examples / "runners-knee-handout.html").read_bytes() == rk.export(plan, "html")
    for figure in rk.illustrate(plan):
        assert (examples / "figures" / f"{figure.exercise}.svg").read_text() == figure.svg

    def text(pdf: bytes | Path) -> str:
        reader = pypdf.PdfReader(pdf if isinstance(pdf, Path) else io.BytesIO(pdf))
        return "\n".join(page.extract_text() for page in reader.pages)

    assert text(examples / "runners-knee-handout.pdf") == text(rk.export(plan, "pdf"))


def _build_site(config: Path, target: Path) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("mkdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Not -q: mkdocs counts the warnings strict mode fails on from its log, and -q hides them.
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
         "-d", str(target)],
        cwd=ROOT, capture_output=True, text=True, env=env,
    )  # fmt: skip


def test_the_docs_site_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    """mkdocs build --strict: no broken link, no missing anchor, no missing reference; the
    API reference has an entry for every public name."""
    done = _build_site(ROOT / "mkdocs.yml", tmp_path / "site")
    assert done.returncode == 0, done.stderr
    # The reference is in pages by theme (issue 27): read them all as one.
    api = "".join(
        p.read_text() for p in sorted((tmp_path / "site" / "reference").glob("*/index.html"))
    )
    missing = [n for n in rk.__all__ if n != "__version__" and f'id="rehabkit.{n}"' not in api]
    assert missing == []
    # Every attrs class shows its fields as parameters (docs/tools/griffe_attrs.py); strict
    # mode has already failed on any :param: line that names no field.
    classes = [n for n in rk.__all__ if attrs.has(getattr(rk, n))]
    sections = re.split(r'id="rehabkit\.(?=[A-Z])', api)
    unlisted = [
        n
        for n in classes
        if not any(s.startswith(f'{n}"') and "Parameters:" in s for s in sections)
    ]
    assert len(classes) > 40 and unlisted == []
    home = (tmp_path / "site" / "index.html").read_text()
    assert "rehabkit" in home and (tmp_path / "site" / "schemas" / "protocol.schema.json").exists()


@pytest.mark.thorough  # a second site build: the thorough run (CI)
def test_a_broken_link_fails_the_site_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    page = docs / "scale.md"
    page.write_text(page.read_text() + "\nSee [the missing page](no-such-page.md).\n")
    # The API reference is the slow part to render and has no link to break: left plain.
    (docs / "reference" / "api.md").write_text("# API reference\n")
    config = (ROOT / "mkdocs.yml").read_text().replace("docs_dir: docs", f"docs_dir: {docs}")
    config = config.replace("- docs/tools/", f"- {ROOT}/docs/tools/")  # the real hooks
    (tmp_path / "mkdocs.yml").write_text(config)
    done = _build_site(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert done.returncode != 0 and "no-such-page.md" in done.stderr
