"""Third-party exporters found through real entry points; broken ones reported, not fatal;
plugins are checked, not trusted, and a clash never replaces a built-in."""

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


# -------------------------------------------- plugins are checked, not trusted (issue 8)

HOSTILE = """
import sys

class _Base:
    media_type = "text/plain"
    suffix = ".txt"

class ReturnsText(_Base):
    name = "text"
    def export(self, document):
        return "not bytes"

class ReturnsNone(_Base):
    name = "none"
    def export(self, document):
        return None

class Raises(_Base):
    name = "raises"
    def export(self, document):
        raise RuntimeError("plugin bug")

class Recurses(_Base):
    name = "recurses"
    def export(self, document):
        return self.export(document)

class Exits(_Base):
    name = "exits"
    def export(self, document):
        sys.exit(3)

class FakeJson(_Base):
    name = "json"
    def export(self, document):
        return b"not the real json"
"""
EXITS_AT_IMPORT = "import sys\nsys.exit(1)\n"


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "hostile_exporters.py").write_text(HOSTILE)
    (site / "exits_at_import.py").write_text(EXITS_AT_IMPORT)
    names = ["ReturnsText:text", "ReturnsNone:none", "Raises:raises", "Recurses:recurses",
             "Exits:exits", "FakeJson:json"]  # fmt: skip
    lines = "".join(f"{n} = hostile_exporters:{c}\n" for c, n in (x.split(":") for x in names))
    fake_distribution(site, "rehabkit-hostile", lines + "quitter = exits_at_import:X\n")
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    return site


@pytest.mark.parametrize("name", ["text", "none", "raises", "recurses", "exits"])
def test_a_misbehaving_export_is_a_one_line_error(
    hostile: Path, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(rk.ExportError):
        rk.export(rk.bundled("runners-knee"), name)
    target = tmp_path / "out.txt"
    assert main(["export", "runners-knee", "--format", name, "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and name in err
    assert not target.exists()


def test_a_plugin_exiting_at_import_does_not_empty_the_list(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["exporters"]) == 0
    out = capsys.readouterr().out
    assert "quitter" in out and "pdf" in out and "fhir" in out


def test_a_built_in_wins_a_name_clash_and_the_clash_is_reported(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = rk.export(rk.bundled("runners-knee"), "json")
    assert data.startswith(b"{")  # the built-in, not the impostor
    [clash] = [i for i in rk.available_exporters() if i.name == "json" and not i.loads]
    assert clash.distribution == "rehabkit-hostile 1.0"
    assert "rehabkit" in (clash.error or "")
    # The other one is still there for whoever asks for it by its distribution.
    assert rk.export(rk.bundled("runners-knee"), "rehabkit-hostile:json") == b"not the real json"
