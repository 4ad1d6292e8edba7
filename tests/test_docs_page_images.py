"""The page images of every handout in docs/handout-pages.md are current: each handout made
afresh has the pages and the page texts its pictures were made from (a digest of each
page's text, as poppler reads it). Regenerate with ``python docs/tools/handout_pages.py``."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import rehabkit as rk

from .helpers import thorough_after_first

DOCS = Path(__file__).resolve().parents[1] / "docs"
MANIFEST: dict[str, dict[str, Any]] = json.loads(
    (DOCS / "examples" / "pages" / "manifest.json").read_text()
)


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "handout_pages", DOCS / "tools" / "handout_pages.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def test_every_handout_is_pictured_and_every_picture_is_there() -> None:
    tool = _tool()
    assert [name for name, _, _ in tool.handouts()] == list(MANIFEST)
    page = (DOCS / "handout-pages.md").read_text()
    for name, entry in MANIFEST.items():
        folder = DOCS / "examples" / "pages" / name
        assert sorted(p.name for p in folder.glob("*.png")) == entry["files"], name
        assert len(entry["files"]) == entry["pages"] == len(entry["text"]), name
        assert f"| [{name}](#{name}) | {entry['pages']} |" in page, name


@pytest.mark.parametrize("name", thorough_after_first(list(MANIFEST)))
def test_the_pictures_show_the_handout_as_it_is(name: str) -> None:
    pytest.importorskip("typst")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed: run scripts/install-test-tools")
    tool = _tool()
    plan, options = next((p, o) for n, p, o in tool.handouts() if n == name)
    texts = tool.page_texts(rk.export(plan, "pdf", **options))
    stale = "stale: run python docs/tools/handout_pages.py"
    assert len(texts) == MANIFEST[name]["pages"], stale
    assert [tool.digest(t) for t in texts] == MANIFEST[name]["text"], stale
