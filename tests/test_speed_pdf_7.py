"""Issue 28, the CLI's PDF export in 200 ms: handouts settle in fewer layout passes and lay
the sources' columns out once, and every handout is the one it was.

- The sources' room on their first page follows from the back matter's place and the
  About's decision to move, not from the sources' own mark: the mark moved with the About
  only a layout pass after it, and the footer's page count a pass after the columns
  (ankle sprain's A4 handout, runner's knee in Spanish and in Letter took five passes;
  now four).
- A part of the sources' columns has its row as high as its taller column, known from the
  measures, not an ``auto`` row, which Typst lays out twice.
- Large print's log, where its words fit under its section's mark, has its tables start at
  the words' foot, said from the section's place: its tables' own mark, unset by the first
  pass, held them back a pass (low back pain's large print took five passes; now three).

Each handout of the matrix (every bundled protocol's plan in A4, Letter and large print and
its blank log; runner's knee in Spanish and Arabic, and in large print for 26 and 52 weeks)
is the same PDF, byte for byte, as the template as it was makes from the same input (a
failure says whether the pages, the words and their places or the tags differ).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

import rehabkit as rk

from .handout_helpers import patient_plan
from .template_compare import both_ways
from .test_speed_pdf_5 import TEMPLATE, assert_same_handout, needs_poppler

START = dt.date(2026, 12, 1)

# ------------------------------------------------------------------- the template as it was

# The About's move, decided alone; the sources' room read from their own mark.
ABOUT_MOVES_THEN = """\
// Nothing, or too little, after the About on its page: both go to the next page. (Marked
// before it: its place does not move with the break.)
#let about-moves = context {
  let m = measured()
  let about-height = measure(block(width: page.width - 2 * side-margin, about-and-heading)).height
  // Less the space above the About's heading, which a measure leaves out.
  let room = room-below(<back-matter>) - body-size - about-height
  let first = (m.fill)(0, room)
  let few = first < m.heights.len() and (m.tall)(0, first) < m.fewest
  if m.heights.all(h => h <= m.full) and about-height < m.full and (room < 0pt or few) {
    pagebreak()
  }
}
"""
ROOM_THEN = "  let room = room-below(<sources>)\n"
# Large print's portrait log, its tables always starting from their own mark (the
# template's `tables-from(none)`, its `log-tables`, is the tables as they were).
LOG_END_THEN = "  if turned { page(width: h, height: w, log) } else { log }\n"
# A part of the columns in an `auto` row.
PART_THEN = """\
  let part(from, cut, to) = block(breakable: false, grid(
    columns: (1fr, 1fr), column-gutter: gutter,
"""


def _swap(template: str, pattern: str, old: str) -> str:
    """The template with the one part that ``pattern`` matches replaced by ``old``."""
    found = list(re.finditer(pattern, template, flags=re.DOTALL | re.MULTILINE))
    assert len(found) == 1, f"the template no longer has one {pattern!r}"
    return template[: found[0].start()] + old + template[found[0].end() :]


def template_as_it_was(template: str) -> str:
    """The current template with the back matter's decisions and columns, and large print's
    log's start, as they were."""
    template = _swap(
        template, r"^// Nothing, or too little, after the About.*?^#let about-moves = context \{\n.*?^\}\n",
        ABOUT_MOVES_THEN,
    )  # fmt: skip
    template = _swap(
        template,
        r"^  let room = about-placed\(m\)\.below\n^  if room == none \{[^\n]*\n",
        ROOM_THEN,
    )
    template = _swap(
        template, r"^  if turned \{ return page\(width: h, height: w, log\) \}\n.*?^  tables-from\([^\n]*\n",
        LOG_END_THEN,
    )  # fmt: skip
    return _swap(
        template, r"^  // The part's row as high.*?rows: calc\.max\(tall\(from, cut\), tall\(cut, to\)\),\n",
        PART_THEN,
    )  # fmt: skip


# ------------------------------------------------------------------- the handouts compared


def _document(case: str) -> tuple[rk.Protocol | rk.Plan, dict[str, Any]]:
    """A handout of the matrix by name: ``protocol:a4|letter|large|blank``, or runner's
    knee as ``runners-knee:es|ar|large-26|large-52``."""
    name, kind = case.split(":")
    if kind == "blank":
        return rk.bundled(name), {}
    if kind in ("es", "ar"):
        return patient_plan(name, START, language=kind), {}
    if kind.startswith("large-"):
        return patient_plan(name, START, weeks=int(kind[6:])), {"large_print": True}
    options = {"a4": {}, "letter": {"paper": "letter"}, "large": {"large_print": True}}[kind]
    return patient_plan(name, START), options


# Run every time: where the sources' room now comes from the back matter's place (ankle
# sprain's columns, runner's knee in Spanish), where the About moves to the next page (low
# back pain's), where large print's log starts under its section's mark (low back pain's),
# and a blank log.
QUICK = [
    "ankle-sprain:a4", "runners-knee:es", "low-back-pain:a4", "low-back-pain:large",
    "runners-knee:blank",
]  # fmt: skip
MATRIX = [
    *(f"{name}:{kind}" for name in rk.bundled_ids() for kind in ("a4", "letter", "large", "blank")),
    "runners-knee:ar", "runners-knee:large-26", "runners-knee:large-52",
]  # fmt: skip
CASES = [
    *QUICK,
    *(pytest.param(c, marks=pytest.mark.thorough) for c in MATRIX if c not in QUICK),
]


@needs_poppler
@pytest.mark.parametrize("case", CASES)
def test_the_back_matter_settled_sooner_gives_the_same_pdf(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document, options = _document(case)
    then = template_as_it_was(TEMPLATE.read_text(encoding="utf-8"))
    now, before = both_ways(document, options, then, tmp_path, monkeypatch)
    assert_same_handout(now, before, tmp_path)


def test_the_template_as_it_was_differs_only_in_the_back_matter() -> None:
    """The comparison above compares something: the old decisions and columns replace the
    new ones, and nothing else changes."""
    now = TEMPLATE.read_text(encoding="utf-8")
    then = template_as_it_was(now)
    for old in (ABOUT_MOVES_THEN, ROOM_THEN, PART_THEN, LOG_END_THEN):
        assert old in then and old not in now
    assert "about-placed" not in then and "about-placed" in now
    assert "tables-from(locate(" not in then and "tables-from(locate(" in now
    rest = then
    for old in (ABOUT_MOVES_THEN, ROOM_THEN, PART_THEN, LOG_END_THEN):
        rest = rest.replace(old, "")
    assert all(line in now for line in rest.splitlines())
