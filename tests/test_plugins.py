"""Third-party exporters found through real entry points; broken ones reported, not fatal."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

import rehabkit as rk
from rehabkit._app.cli import main

from .helpers import fake_distribution

PLUGIN = """
class MarkdownExporter:
    name = "markdown"
    media_type = "text/markdown"
    suffix = ".md"

    def export(self, document, *, heading="#"):
        protocol = getattr(document, "protocol", document)
        lines = [f"{heading} {protocol.title}", ""]
        lines += [f"- {ex.name}: {protocol.dosage_for(ex.id).describe()}" for ex in protocol.exercises]
        return "\\n".join(lines).encode()


NOT_AN_EXPORTER = object()
"""


@pytest.fixture
def plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "fake_markdown_exporter.py").write_text(PLUGIN)
    fake_distribution(
        site, "rehabkit-markdown", "markdown = fake_markdown_exporter:MarkdownExporter\n"
    )
    fake_distribution(
        site,
        "rehabkit-broken",
        "broken = no_such_module_anywhere:Exporter\nnotanexporter = fake_markdown_exporter:NOT_AN_EXPORTER\n",
    )
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    return site


def test_third_party_exporter_end_to_end(
    plugins: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "knee.md"
    assert (
        main(
            [
                "export",
                "runners-knee",
                "--format",
                "markdown",
                "-o",
                str(target),
                "--option",
                "heading=##",
            ]
        )
        == 0
    )
    text = target.read_text()
    assert text.startswith("## Strengthening exercises for runner's knee")
    assert "- Inner Range Quads: 3 sets of 12 repetitions, hold 5 s" in text
    exporter = rk.get_exporter("markdown")
    assert rk.export(rk.bundled("runners-knee"), "markdown").startswith(b"# ")
    assert isinstance(exporter, rk.Exporter)


def test_unknown_option_rejected_for_plugins_too(plugins: Path) -> None:
    with pytest.raises(rk.ExportError, match="accepts: heading"):
        rk.export(rk.bundled("runners-knee"), "markdown", colour="red")


def test_broken_plugins_are_listed_and_the_rest_still_work(
    plugins: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    infos = {i.name: i for i in rk.available_exporters()}
    assert infos["markdown"].loads
    assert infos["markdown"].distribution == "rehabkit-markdown 1.0"
    assert not infos["broken"].loads
    assert "ModuleNotFoundError" in (infos["broken"].error or "")
    assert infos["broken"].distribution == "rehabkit-broken 1.0"
    assert not infos["notanexporter"].loads
    assert "is not an exporter" in (infos["notanexporter"].error or "")
    for builtin in ("json", "fhir", "pdf"):
        assert infos[builtin].loads, infos[builtin]

    assert main(["exporters"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"broken .*rehabkit-broken 1.0 .*BROKEN: ModuleNotFoundError", out)
    assert re.search(r"json +application/json", out)

    assert main(["exporters", "--format", "json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["broken"]["loads"] is False
    assert rows["markdown"]["media_type"] == "text/markdown"

    with pytest.raises(rk.ExportError, match=r"rehabkit-broken 1\.0 is broken"):
        rk.get_exporter("broken")
    assert main(["export", "runners-knee", "--format", "broken", "-o", "-"]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert rk.export(rk.bundled("runners-knee"), "json")


def test_unknown_exporter_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(rk.ExportError, match="did you mean 'json'"):
        rk.get_exporter("jsno")


def test_the_built_in_table_is_what_the_entry_points_declare() -> None:
    """get_exporter serves rehabkit's own exporters without scanning every distribution;
    the table it uses must be exactly the entry points pyproject.toml declares."""
    from pathlib import Path

    import tomllib

    from rehabkit._formats.registry import BUILT_IN

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    assert project["project"]["entry-points"]["rehabkit.exporters"] == BUILT_IN
    for name in BUILT_IN:
        assert type(rk.get_exporter(name)) is type(rk.get_exporter(f"rehabkit:{name}"))
