"""Issue 8: plugins are checked, not trusted; a clash never replaces a built-in."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import rehabkit as rk
from rehabkit._app.cli import main

from .helpers import fake_distribution

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
