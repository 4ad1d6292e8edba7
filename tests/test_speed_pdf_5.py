"""Issue 28, the CLI's PDF export in 200 ms: each change keeps the handout it made.

- The log's halves: their columns are measured once for all of the log's tables, not in a
  ``context`` of each table; a table's width is added up from its columns, not measured by
  laying out a table of twenty rows; insets and alignments are given by column, not by a
  function called for every cell; and a page's tables stand in a row as high as they are,
  which Typst lays out once, not in an ``auto`` row, which it lays out twice. Each way the
  halves are set (headers upright or on end, the weekday and the day or the day alone, one
  column of them) gives the same PDF, byte for byte, as the template that measured them
  did: the same text at the same places, on the same pages, with the same tags. A failure
  says which of those differs.
- The CLI's PDF export imports nothing a handout does not need: not the converter and
  cattrs, not the schema, not the session log's and the translation's classes.
- The log's sessions, worked out with the plan's end and the day's sessions asked once, are
  those found asking them for every day.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import rehabkit as rk

typst = pytest.importorskip("typst")
pypdf = pytest.importorskip("pypdf")
from rehabkit._formats.handout import pdf  # noqa: E402 (only with the pdf extra)

from .pdf_reading import poppler_available  # noqa: E402
from .template_compare import both_ways, event_plan  # noqa: E402

TEMPLATE = Path(pdf.__file__).parent / "templates" / "handout.typ"
needs_poppler = pytest.mark.skipif(not poppler_available(), reason="poppler-utils not installed")

# ------------------------------------------------------------------- the template as it was

# The halves as they were measured before: each table measured its own columns in a
# `context`, and each way was tried by measuring a table of the twenty longest days.
MEASURED_HALF_TABLE = """\
#let half-table(rows, columns, upright: false, key: "day") = context {
  set text(size: log-size)
  let question(c) = calc.max(cell-width, measure(text(size: log-size, on-end(c.short, upright))).width + 3pt)
  let exercise(e) = calc.max(cell-width, measure(text(size: log-size, half-cell(e.asks))).width + 2pt)
  table(
    columns: (auto, ..d.log.exercises.map(exercise), ..d.log.columns.map(question)),
    rows: (auto, row-height),
    inset: (x, y) => (x: 1.5pt, y: if y == 0 { 2pt } else { 0pt }),
    align: (x, y) => if y == 0 { center + bottom } else if x == 0 { start + horizon } else { center + horizon },
    stroke: 0.8pt + luma(120),
    table.header(
      on-end(d.labels.date, upright),
      ..d.log.exercises.map(e => strong(str(e.number))),
      ..d.log.columns.map(c => on-end(c.short, upright)),
    ),
    ..with-months(rows).map(row => if "heading" in row { (month-line(row),) } else { (
      text(hyphenate: false, row.at(key)),
      ..d.log.exercises.enumerate().map(((i, e)) => if row.due.at(i) { half-cell(e.asks) } else if row.when_told.at(i) { half-cell(e.asks, told: true) } else { [--] }),
      ..d.log.columns.map(_ => []),
      ..if row.week_end { (table.hline(stroke: 2pt + ink),) } else { () },
    ) }).flatten(),
  )
}
"""

# Each way was tried by measuring a table of the twenty longest days.
MEASURED_HALF_WIDTH = """\
#let half-width(columns, upright, key) = measure(half-table(widest(key), columns,
  upright: upright, key: key)).width
"""


def _replace_part(template: str, start: str, end: str, old: str, *, keep_end: bool) -> str:
    """The template with its part from the line that begins with ``start`` up to ``end``
    (``end`` itself too, unless ``keep_end``) replaced by ``old``."""
    first = re.search(rf"(?m)^{re.escape(start)}", template)
    assert first is not None, f"the template no longer has {start!r}"
    last = template.find(end, first.start())
    assert last >= 0, f"the template no longer has {end!r} after {start!r}"
    return template[: first.start()] + old + template[last + (0 if keep_end else len(end)) :]


def measured_template(template: str) -> str:
    """The current template with the log's halves measured as they were: each table
    measuring its own columns (the columns given to it unused), each way's width measured
    from a table of the longest days."""
    template = _replace_part(
        template, "#let half-table(", "// How many of the rows", MEASURED_HALF_TABLE,
        keep_end=True,
    )  # fmt: skip
    return _replace_part(
        template, "#let half-width(", "// The first way", MEASURED_HALF_WIDTH, keep_end=True
    )


# ------------------------------------------------------------------- typesetting both ways


# ------------------------------------------------------------------- reading both back


def words_with_boxes(data: bytes, folder: Path, name: str) -> list[list[str]]:
    """Each page's words, each with its box, as poppler reads them."""
    path = folder / name
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = re.split(r"<page ", out)[1:]
    word = re.compile(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<'
    )
    return [[" ".join(w) for w in word.findall(page)] for page in pages]


def tags(data: bytes, folder: Path, name: str) -> Any:
    """The PDF's structure tree: each element's type, its alternative text and language,
    and its children (marked content as ``mc``)."""
    path = folder / name
    path.write_bytes(data)
    root = pypdf.PdfReader(path).trailer["/Root"]["/StructTreeRoot"]

    def element(node: Any) -> Any:
        node = node.get_object()
        if not isinstance(node, pypdf.generic.DictionaryObject) or "/S" not in node:
            return "mc"
        kids = node.get("/K", [])
        kids = kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids]
        said = {k: str(node[k]) for k in ("/Alt", "/Lang", "/ActualText") if k in node}
        return [str(node["/S"]), said, [element(k) for k in kids]]

    return [element(k) for k in root.get("/K", [])] if "/K" in root else []


def assert_same_handout(fast: bytes, slow: bytes, folder: Path) -> None:
    """The same pages, words and places, tags, and then the same bytes."""
    if fast == slow:
        return
    pages = words_with_boxes(fast, folder, "fast.pdf"), words_with_boxes(slow, folder, "slow.pdf")
    assert len(pages[0]) == len(pages[1]), "another page count"
    for number, (now, then) in enumerate(zip(*pages, strict=True), 1):
        assert now == then, f"page {number}'s words or their places differ"
    assert tags(fast, folder, "fast.pdf") == tags(slow, folder, "slow.pdf"), "other tags"
    assert fast == slow, "the same text, places and tags, but other bytes"


# Each way the log's halves are set (found by the template's own tests of width).
HALVES = [
    ("runners-knee", None, {}),  # headers on end, the weekday and the day
    ("tennis-elbow", None, {}),  # headers upright, the weekday and the day
    pytest.param("runners-knee", "ar", {}, marks=pytest.mark.thorough),  # upright, the day
    # on end, the day alone
    pytest.param("low-back-pain", None, {"paper": "letter"}, marks=pytest.mark.thorough),
    # one column of the halves' rows; dashed boxes for "when told"
    pytest.param("runners-knee", None, {"large_print": True}, marks=pytest.mark.thorough),
    pytest.param("acl-early-rehab", None, {}, marks=pytest.mark.thorough),
]


@needs_poppler
@pytest.mark.parametrize(("protocol_id", "language", "options"), HALVES)
def test_the_halves_added_up_give_the_same_pdf_as_the_halves_measured(
    protocol_id: str,
    language: str | None,
    options: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slow = measured_template(TEMPLATE.read_text(encoding="utf-8"))
    fast, then = both_ways(event_plan(protocol_id, language), options, slow, tmp_path, monkeypatch)
    assert_same_handout(fast, then, tmp_path)


def test_the_template_as_it_was_differs_only_in_its_halves() -> None:
    """The comparison above compares something: the halves measured replace the halves
    added up, and nothing else changes."""
    now = TEMPLATE.read_text(encoding="utf-8")
    then = measured_template(now)
    assert MEASURED_HALF_TABLE in then and MEASURED_HALF_WIDTH in then
    assert MEASURED_HALF_TABLE not in now and MEASURED_HALF_WIDTH not in now
    assert then.count("#let half-table(") == 1 and then.count("#let half-width(") == 1
    rest = then.replace(MEASURED_HALF_TABLE, "").replace(MEASURED_HALF_WIDTH, "")
    assert all(line in now for line in rest.splitlines())


# ------------------------------------------------------------------- the CLI's imports

# What a handout's export does not need, and so the CLI's PDF export must not import.
NOT_IMPORTED = [
    "cattrs",  # the converter reads files: a bundled protocol comes from its cache
    "jsonschema_rs",  # the schema checks files
    "rehabkit._documents.api",  # only a failed handout reads its document back as data
    "rehabkit._documents.converter",
    "rehabkit._documents.schema",
    "rehabkit._documents.translation",  # only a plan in another language
    "rehabkit._model.session_log",  # the CLI tells a log from a protocol without it
    "rehabkit._model.translation",
    "importlib.resources",  # the template is a file of the package
    "difflib",  # only a mistyped command, id or format is answered with the closest
]

_MODULES_AFTER = (
    "import json, sys, runpy; sys.argv = ['rehabkit', *sys.argv[1:]]\n"
    "try:\n    runpy.run_module('rehabkit', run_name='__main__')\n"
    "except SystemExit as exc:\n    code = exc.code\n"
    "print(json.dumps([sorted(sys.modules), code]))"
)


@pytest.mark.parametrize("personal", [True, False], ids=["plan", "protocol"])
def test_the_cli_pdf_export_imports_nothing_a_handout_does_not_need(
    personal: bool, tmp_path: Path
) -> None:
    out = tmp_path / "x.pdf"
    argv = ["export", "runners-knee", "--format", "pdf", "-o", str(out), "--force"]
    if personal:
        argv += ["--patient", "A Person", "--side", "left"]
    env = dict(os.environ, REHABKIT_CACHE_DIR=str(tmp_path / "cache"))
    command = [sys.executable, "-c", _MODULES_AFTER, *argv]
    for _ in range(2):  # the first fills the bundled protocols' cache
        done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    modules, code = json.loads(done.stdout.strip().splitlines()[-1])
    assert code == 0 and out.read_bytes().startswith(b"%PDF")
    assert "rehabkit._formats.handout.pdf" in modules
    assert sorted(set(NOT_IMPORTED) & set(modules)) == []


# ------------------------------------------------------------------- the log's sessions


def _sessions_day_by_day(plan: rk.Plan, frequency: Any, since: dt.date | None) -> set[Any]:
    """The sessions as ``log_schedule.sessions`` found them before: the plan's end and the
    day's sessions asked again for every day."""
    from rehabkit._model.plan import _period_days, _session_offsets

    days, offsets = _period_days(frequency), _session_offsets(frequency)
    first, found, period = since or plan.start, set(), plan.start
    while period <= plan.end:
        for offset in offsets:
            day = period + dt.timedelta(days=offset)
            if first <= day <= plan.end:
                found |= {(day, n) for n in range(1, frequency.sessions_per_day() + 1)}
        period += dt.timedelta(days=days)
    return found


@pytest.mark.parametrize("protocol_id", rk.bundled_ids())
def test_the_logs_sessions_are_those_found_day_by_day(protocol_id: str) -> None:
    from rehabkit._view.log_schedule import sessions

    protocol = rk.bundled(protocol_id)
    events = {e.id: dt.date(2026, 11, 20) for e in protocol.events}
    checked = 0
    for often in (None, "daily", "twice-daily", "alternate-days", "3x-weekly"):
        for weeks in (1, 6):
            try:
                plan = rk.personalise(
                    protocol, start=dt.date(2026, 12, 1), events=events, frequency=often,
                    weeks=weeks, allow_example=True,
                )  # fmt: skip
            except rk.RehabkitError:
                continue  # a frequency this protocol refuses
            dosed = [ex.dosage.frequency for ex in protocol.exercises if ex.dosage.frequency]
            for frequency in [plan.frequency, *dosed]:
                for since in (None, dt.date(2026, 12, 10)):
                    found = sessions(plan, frequency, since)
                    assert found == _sessions_day_by_day(plan, frequency, since)
                    checked += 1
    assert checked >= 4
