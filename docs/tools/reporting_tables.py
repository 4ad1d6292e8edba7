"""Rewrite the reports of docs/reporting.md: each bundled protocol against CERT and TIDieR,
item by item, as `rehabkit report ... --format markdown` prints them. Run after changing a
bundled protocol or the checklists:

    python docs/tools/reporting_tables.py

A test checks the page says what rehabkit reports today.
"""

from __future__ import annotations

from pathlib import Path

import rehabkit as rk

PAGE = Path(__file__).parents[1] / "reporting.md"
START = "<!-- reports: written by docs/tools/reporting_tables.py -->"


def reports() -> str:
    """The generated part of the page."""
    parts = [START, ""]
    for ident in rk.bundled_ids():
        protocol = rk.bundled(ident)
        parts += [f"### {ident}", ""]
        for checklist in ("cert", "tidier"):
            parts += [rk.report(protocol, checklist).to_markdown(), ""]
    return "\n".join(parts)


def page() -> str:
    """The page as it should be: the hand-written part, then the reports."""
    text = PAGE.read_text(encoding="utf-8")
    head = text.split(START)[0]
    return head + reports()


if __name__ == "__main__":
    PAGE.write_text(page(), encoding="utf-8")
    print(f"wrote {PAGE}")
