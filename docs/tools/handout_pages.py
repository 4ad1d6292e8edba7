"""Page images of every bundled protocol's PDF handout (but the examples, which teach the
file format and are never handed out): on A4, on Letter and in large print,
and in each bundled translation; one small image a page in docs/examples/pages/<handout>/,
laid out in docs/handout-pages.md, with a manifest of each handout's pages (their number
and a digest of each page's text) that tests/test_docs_page_images.py checks against
handouts made afresh, so a change to any handout shows as stale pictures.

    python docs/tools/handout_pages.py    # after scripts/install-test-tools (poppler)
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import rehabkit as rk
from rehabkit._documents.translation import bundled_languages

DOCS = Path(__file__).resolve().parents[1]
PAGES = DOCS / "examples" / "pages"
MANIFEST = PAGES / "manifest.json"
PAGE_DOC = DOCS / "handout-pages.md"
START = "2026-12-01"
EVENT_DAY = "2026-11-20"  # a dated event (surgery, injury) eleven days before the start
# How each handout is made: its name's suffix, the export's options, the plan's language.
PAPERS: dict[str, dict[str, Any]] = {
    "a4": {},
    "letter": {"paper": "letter"},
    "large-print": {"large_print": True},
}


def plan_for(protocol_id: str, language: str | None = None) -> rk.Plan:
    """The plan each picture shows: a left-sided one (where a side means anything), starting
    on the 1st of December, dated events eleven days before."""
    protocol = rk.bundled(protocol_id)
    events = {e.id: EVENT_DAY for e in protocol.events} or None
    side = {"side": "left"} if protocol.sided else {}
    return rk.personalise(protocol, start=START, events=events, language=language, **side)


def handouts() -> Iterator[tuple[str, rk.Plan, dict[str, Any]]]:
    """(name, plan, export options) of every handout pictured."""
    for protocol_id in rk.bundled_ids():
        if rk.bundled(protocol_id).example:
            continue  # written to teach the format: never handed to a patient
        for paper, options in PAPERS.items():
            yield f"{protocol_id}-{paper}", plan_for(protocol_id), options
        for language in sorted(bundled_languages(protocol_id)):
            yield f"{protocol_id}-{language}", plan_for(protocol_id, language), {}


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text as poppler reads it, its white space squeezed."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "handout.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return [" ".join(page.split()) for page in pages]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _images(pdf: bytes, folder: Path) -> None:
    """Each page as a small black-and-white PNG (20 dots an inch, about 2 kB: a page's
    layout and fill, not its words)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "handout.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-mono", "-r", "20", str(path), str(folder / "page")],
            check=True,
        )


def _markdown(manifest: dict[str, dict[str, Any]]) -> str:
    lines = [
        "# Every handout, page by page",
        "",
        "Each bundled protocol's PDF handout on A4, on US Letter and in large print, and in",
        "each bundled translation, for a left-sided plan starting on 1 December 2026 (dated",
        "events eleven days before). The pictures are small on purpose: they show how full",
        "each page is and where sections break, not the words (read those in",
        "[the handouts](handouts.md)). `python docs/tools/handout_pages.py` makes them;",
        "`tests/test_docs_page_images.py` fails when a handout no longer matches its pictures.",
        "",
        "| Handout | Pages |",
        "| --- | --- |",
    ]
    lines += [f"| [{name}](#{name}) | {entry['pages']} |" for name, entry in manifest.items()]
    for name, entry in manifest.items():
        lines += ["", f"## {name}", ""]
        pages = entry["pages"]
        images = [
            f"![{name}, page {n} of {pages}](examples/pages/{name}/{file})"
            for n, file in enumerate(entry["files"], 1)
        ]
        lines.append(" ".join(images))
    return "\n".join(lines) + "\n"


def main() -> None:
    manifest: dict[str, dict[str, Any]] = {}
    for name, plan, options in handouts():
        pdf = rk.export(plan, "pdf", **options)
        folder = PAGES / name
        _images(pdf, folder)
        texts = page_texts(pdf)
        files = sorted(p.name for p in folder.glob("page-*.png"))
        assert len(files) == len(texts), (name, len(files), len(texts))
        manifest[name] = {
            "pages": len(texts),
            "files": files,
            "text": [digest(t) for t in texts],
        }
    for stale in PAGES.iterdir():
        if stale.is_dir() and stale.name not in manifest:
            shutil.rmtree(stale)
    MANIFEST.write_text(json.dumps(manifest, indent=1) + "\n")
    PAGE_DOC.write_text(_markdown(manifest))
    pages = sum(e["pages"] for e in manifest.values())
    print(f"wrote {pages} page images of {len(manifest)} handouts")


if __name__ == "__main__":
    main()
