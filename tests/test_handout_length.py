"""Issue 25, the goal left: page counts. The notes for the physiotherapist leave the
patient's handout (a clinician's copy prints them: ``clinician_notes=True``, the CLI's
``--clinician-notes``); the paper log runs in two halves side by side where they fit; the
rest is set compactly. Page counts and text are read with poppler (``pdfinfo``,
``pdftotext``).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

import rehabkit as rk
from rehabkit._app.cli import main
from rehabkit._view.handout import view_model

from .handout_helpers import html_handout, patient_plan
from .helpers import thorough_after_first
from .log_blocks_reading import read_blocks
from .pdf_reading import (
    header_digit_middles,
    page_count,
    poppler_available,
    poppler_pages,
    squeeze,
    write,
)

START = dt.date(2026, 12, 1)

needs_poppler = pytest.mark.skipif(not poppler_available(), reason="poppler-utils not installed")
_plan = functools.partial(patient_plan, start=START)


def _pdf_text(pdf: bytes, folder: Path) -> str:
    return squeeze(" ".join(poppler_pages(write(pdf, folder), layout=False)))


# --------------------------------------------------------------------------- the notes


def _notes(document: rk.Protocol | rk.Plan) -> list[str]:
    notes = view_model(document, clinician_notes=True)["clinician"]
    assert notes, "every bundled protocol has notes for its physiotherapist"
    return notes


@needs_poppler
@pytest.mark.parametrize("name", ["runners-knee", "acl-early-rehab"])
def test_the_patients_handout_leaves_the_physiotherapists_notes_out(
    name: str, tmp_path: Path
) -> None:
    """Decision 1: where names and pictures come from, the rules in full, the phases'
    entry criteria are what a clinician checks; the default PDF and HTML print none of
    them, nor their heading."""
    plan = _plan(name)
    assert view_model(plan)["clinician"] == []
    text = _pdf_text(rk.export(plan, "pdf"), tmp_path)
    html = squeeze(html_handout(plan).text())
    for note in _notes(plan):
        assert squeeze(note) not in text, note
        assert squeeze(note) not in html, note
    assert squeeze("For your physiotherapist") not in text
    assert squeeze("For your physiotherapist") not in html


@needs_poppler
@pytest.mark.parametrize("name", ["runners-knee", "acl-early-rehab"])
def test_a_clinicians_copy_prints_every_note(name: str, tmp_path: Path) -> None:
    plan = _plan(name)
    text = _pdf_text(rk.export(plan, "pdf", clinician_notes=True), tmp_path)
    html = squeeze(html_handout(plan, clinician_notes=True).text())
    for note in _notes(plan):
        assert squeeze(note) in text, note
        assert squeeze(note) in html, note


@pytest.mark.parametrize("format", ["pdf", "html"])
def test_clinician_notes_is_a_yes_or_no(format: str) -> None:
    with pytest.raises(rk.OptionError, match="clinician_notes must be true or false"):
        rk.export(rk.bundled("runners-knee"), format, clinician_notes="yes")


@needs_poppler
def test_the_cli_prints_a_clinicians_copy_on_request(tmp_path: Path) -> None:
    plain, copy = tmp_path / "patient.pdf", tmp_path / "clinician.pdf"
    common = ["export", "runners-knee", "--side", "left", "--start", "2026-12-01"]
    assert main([*common, "-o", str(plain)]) == 0
    assert main([*common, "--clinician-notes", "-o", str(copy)]) == 0
    note = squeeze("the picture is the editors' reading of the source's words")
    assert note not in _pdf_text(plain.read_bytes(), tmp_path)
    assert note in _pdf_text(copy.read_bytes(), tmp_path)


def test_the_cli_flag_is_for_handouts_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A usage error (exit 2) for a format that is not a handout, with no traceback."""
    target = tmp_path / "out.json"
    assert main(["export", "runners-knee", "--clinician-notes", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "--clinician-notes is for the handouts" in err and "Traceback" not in err
    assert not target.exists()


def test_batch_passes_the_option_through(tmp_path: Path) -> None:
    """Batch takes the exporters' options as they are: clinician_notes=true prints the
    clinician's copy of every row."""
    rows = tmp_path / "p.csv"
    rows.write_text("name,id,side,start\nAna,1,left,2026-12-01\n")
    out = tmp_path / "out"
    argv = ["batch", "runners-knee", str(rows), "--format", "html", "-o", str(out)]
    assert main([*argv, "--option", "clinician_notes=true"]) == 0
    [page] = out.glob("*.html")
    assert "For your physiotherapist" in page.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- page counts

# Issue 25's goals for runner's knee (a 12-week plan, a daily log): A4 at most 6 pages,
# large print at most 10. Reached: A4 6, the goal (was 10, then 8, then 7), large print 10,
# the goal (was 16, then 13, then 12, then 11): see docs/handouts.md for what was decided.
# Its log's 84 days run in two halves on A4, Letter and in Spanish and Arabic (a day's row
# says "Tue 1" under its month's heading); large print's 11 mm cells, whose halves do not
# fit across its page, run in blocks of a fortnight, the days across
# (tests/test_handout_log_blocks.py).
GOALS = {"a4": 6, "large": 10}
REACHED = {"a4": 6, "letter": 7, "large": 10, "es": 7, "ar": 6}
# The goals met: each a plain test, kept (issue 25's second round: the table at a glance
# left out of the patient's handout where it only repeats the cards, the log's key three
# to a line; its third: large print's log in fortnight blocks).
MET = ["a4", "large"]


def _runners_knee(form: str) -> bytes:
    language = {"language": form} if form in ("es", "ar") else {}
    options: dict[str, object] = {"paper": "letter"} if form == "letter" else {}
    plan = _plan("runners-knee", **language)
    return rk.export(plan, "pdf", large_print=form == "large", **options)


@needs_poppler
@pytest.mark.parametrize("form", list(REACHED))
def test_runners_knee_is_no_longer_than_reached(form: str, tmp_path: Path) -> None:
    assert page_count(_runners_knee(form), tmp_path) <= REACHED[form]


@needs_poppler
@pytest.mark.parametrize(
    "form",
    [
        form
        if form in MET
        else pytest.param(
            form,
            marks=pytest.mark.xfail(
                strict=True, reason="issue 25's goal, not reached: see docs/handouts.md"
            ),
        )
        for form in GOALS
    ],
)
def test_runners_knee_meets_the_goal(form: str, tmp_path: Path) -> None:
    """Strict: the day the goal is met this fails, to have the bound lowered."""
    assert page_count(_runners_knee(form), tmp_path) <= GOALS[form]


# Each bundled protocol's plan (its default weeks, a daily log): A4 and large print, after
# issue 25's last work (the log's days under month headings, its low rows in one column
# where the halves do not fit, 15 mm side margins; then the sources in short, balanced in
# their columns, and closer spacing); the counts before issue 25's compact handouts in the
# comments.
BUNDLED = {
    "achilles-eccentric": (5, 8),  # 9, 12
    "achilles-example": (4, 6),  # 6, 9
    "acl-early-rehab": (9, 14),  # 13, 21
    "ankle-sprain": (9, 13),  # 14, 22
    "low-back-pain": (9, 12),  # 10, 22
    "runners-knee": (6, 10),  # 10, 16
    "tennis-elbow": (5, 8),  # 8, 11
}


@needs_poppler
@pytest.mark.parametrize("name", thorough_after_first(rk.bundled_ids()))
def test_every_bundled_handout_is_no_longer_than_reached(name: str, tmp_path: Path) -> None:
    a4, large = BUNDLED[name]
    plan = _plan(name)
    assert page_count(rk.export(plan, "pdf"), tmp_path) <= a4
    assert page_count(rk.export(plan, "pdf", large_print=True), tmp_path) <= large


# --------------------------------------------------------------------------- the log's halves

MM = 72 / 25.4
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>'
    r'|<page width="([\d.]+)"'
)
_ARABIC = re.compile(r"[\u0600-\u06ff]")


_Line = tuple[int, bool, float, float, list[str]]


def _lines(path: Path, width: float, rtl: bool) -> list[_Line]:
    """Each line of words of each half of each page, in reading order: page by page, the
    first half (the left; the right in Arabic), then the second, top to bottom, with the
    place its first word starts at. A word is in the half its middle is in (of its own
    page's width: large print's log may be on landscape pages); poppler gives an Arabic
    word's letters last to first."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    words: dict[tuple[int, bool], list[tuple[float, float, float, str]]] = {}
    page = 0
    for x0, y, x1, word, page_width in _WORD.findall(out):
        if page_width:  # a new page
            page, width = page + 1, float(page_width)
            continue
        start, middle = float(x1 if rtl else x0), (float(x0) + float(x1)) / 2
        word = word[::-1] if _ARABIC.search(word) else word
        half = (page, (middle < width / 2) == rtl)
        words.setdefault(half, []).append((start, float(y), middle, word))
    lines = []
    for (page, second), found in sorted(words.items()):
        by_line = itertools.groupby(sorted(found, key=lambda w: w[1]), key=lambda w: round(w[1]))
        for _, line in by_line:
            ordered = sorted(line, key=lambda w: -w[2] if rtl else w[2])
            lines.append((page, second, ordered[0][1], ordered[0][0], [w[3] for w in ordered]))
    return lines


def _calendar(
    path: Path, rows: list[dict[str, Any]], key: str, width: float, rtl: bool
) -> tuple[list[tuple[str, str]], list[tuple[int, bool, float]], set[tuple[int, bool]]]:
    """What the printed log says, read back from the page: each day (its words as the
    view model's ``key`` says them, starting where its month's heading does: the table's
    first column) with the month heading above it; where each day is (page, half, y);
    and each page's half that does not start with its month."""
    months, days = {r["month"] for r in rows}, {r[key] for r in rows}
    said: list[tuple[str, str]] = []
    where: list[tuple[int, bool, float]] = []
    unheaded: set[tuple[int, bool]] = set()
    month, table, column = None, None, 0.0
    for page, second, y, start, words in _lines(path, width, rtl):
        if sorted(words) in [sorted(m.split()) for m in months]:
            month, table, column = " ".join(words), (page, second), start
            continue
        if month is None:  # the log has not begun: its key numbers the exercises
            continue
        day = next((" ".join(words[:k]) for k in range(len(words), 0, -1)
                    if " ".join(words[:k]) in days), None)  # fmt: skip
        # A header's card numbers and words on end are not days.
        if day is None or abs(start - column) > 3:
            continue
        if table != (page, second):
            unheaded.add((page, second))
        said.append((month, day))
        where.append((page, second, y))
    return said, where, unheaded


def _printed(plan: rk.Plan, form: str, folder: Path) -> tuple[Path, float]:
    options = {"paper": "letter"} if form == "letter" else {"large_print": form == "large"}
    return write(rk.export(plan, "pdf", **options), folder), 612 if form == "letter" else 595


_DEC_1 = dt.date(2026, 12, 1)
_NOV_30 = dt.date(2026, 11, 30)


@needs_poppler
@pytest.mark.parametrize(
    ("name", "form", "weeks", "start", "key"),
    [("runners-knee", "a4", 12, _DEC_1, "day"), ("runners-knee", "large", 12, _DEC_1, "day"),
     ("runners-knee", "ar", 12, _NOV_30, "number"), ("tennis-elbow", "a4", 12, _NOV_30, "day"),
     *(pytest.param(*case, marks=pytest.mark.thorough) for case in [
         ("runners-knee", "letter", 12, _DEC_1, "day"), ("runners-knee", "es", 12, _DEC_1, "day"),
         ("runners-knee", "ar", 12, _DEC_1, "number"), ("runners-knee", "a4", 1, _DEC_1, "day"),
         ("runners-knee", "a4", 26, _DEC_1, "day"), ("runners-knee", "a4", 12, _NOV_30, "day"),
         ("tennis-elbow", "large", 26, _DEC_1, "day"),
         ("achilles-example", "letter", 12, _DEC_1, "day"),
         ("achilles-eccentric", "a4", 2, _NOV_30, "day")])],
)  # fmt: skip
def test_every_day_of_the_log_once_under_its_month_in_order(
    name: str, form: str, weeks: int, start: dt.date, key: str, tmp_path: Path
) -> None:
    """Decision 1 of the log's last part: a row says its weekday and day ("Tue 1"; the
    number alone where only that fits, as in Arabic, whose weekdays are long words), the
    month ("December 2026") a heading where it begins and atop each half of each page.
    Read back from the page, every day of the plan is there exactly once, in date order
    (down the first half, then down the second: the right one first in Arabic), under
    its own month, and no half starts without its month. Replaces the test that read every
    day as "Tue 1 Dec"."""
    language = {"language": form} if form in ("es", "ar") else {}
    plan = patient_plan(name, start, weeks=weeks, **language)
    path, width = _printed(plan, form, tmp_path)
    rows = view_model(plan)["log"]["rows"]
    said = _said_in_blocks(path, plan, rtl=form == "ar")
    if said is None:
        said, _, unheaded = _calendar(path, rows, key, width, rtl=form == "ar")
    else:  # large print's blocks: a block's title names the months of its days
        unheaded = set()
    assert said == [(r["month"], r[key]) for r in rows]
    assert not unheaded, "every half of every page starts with its month"


def _said_in_blocks(path: Path, plan: rk.Plan, rtl: bool) -> list[tuple[str, str]] | None:
    """Where large print's log runs in blocks, the days as the blocks say them (the
    weekday over the number: "Tue 1"), each with the month its block's title names (the
    day's own where the title says its month and year); None where it does not."""
    log = view_model(plan, large_print=True)["log"]
    if not log["blocks"]:
        return None
    labels = [str(e["number"]) for e in log["exercises"]]
    labels += [c["short"].split()[0] for c in log["columns"]]
    for key in ("fortnights", "weeks"):
        specs = log["blocks"][key]
        blocks = read_blocks(path, [b["title"] for b in specs], labels, rtl=rtl)
        if blocks:
            break
    else:
        return None
    said = []
    for block, spec in zip(blocks, specs, strict=True):
        days = [" ".join(w) for w in zip(block.weekdays, block.days, strict=True)] or block.days
        for n, day in zip(spec["rows"], days, strict=True):
            month = log["rows"][n]["month"]
            named = all(w.casefold() in block.title.casefold().split() for w in month.split())
            said.append((month if named else block.title, day))
    return said


def test_a_rows_words_under_its_month() -> None:
    """The view model says each row's day three ways: in full for the HTML and a screen
    reader ("Tue 1 Dec"), short under its month heading ("Tue 1"), and its number; in each
    language its dates are said in (Babel's, as the full date is)."""
    [first] = view_model(_plan("runners-knee", weeks=1))["log"]["rows"][:1]
    assert (first["label"], first["day"], first["number"], first["month"]) == (
        "Tue 1 Dec", "Tue 1", "1", "December 2026",
    )  # fmt: skip
    es = view_model(_plan("runners-knee", weeks=1, language="es"))["log"]["rows"][0]
    assert (es["day"], es["month"]) == ("mar 1", "Diciembre de 2026")
    twice = view_model(_plan("achilles-eccentric", weeks=1))["log"]["rows"][:2]
    assert [r["day"] for r in twice] == ["Tue 1, session 1", "Tue 1, session 2"]


@needs_poppler
@pytest.mark.parametrize(("name", "form"), [("runners-knee", "a4"), ("runners-knee", "letter"),
                                            ("runners-knee", "es"), ("runners-knee", "ar"),
                                            ("tennis-elbow", "a4"), ("achilles-example", "a4")])  # fmt: skip
def test_the_halves_are_side_by_side_and_their_cells_big_enough(
    name: str, form: str, tmp_path: Path
) -> None:
    """A 12-week daily log runs in two halves side by side, runner's knee's six exercises
    and two questions too (A4's side margins 15 mm for it). Each cell holds a tick and a
    number: the template sets them 9.1 mm wide and 5.55 mm high; measured on the page
    (poppler's word boxes), the rows are at least 5.5 mm apart and the exercises' columns
    (the middles of their numbers in the header) at least 9 mm apart."""
    language = {"language": form} if form in ("es", "ar") else {}
    plan = _plan(name, **language)
    path, width = _printed(plan, form, tmp_path)
    rows = view_model(plan)["log"]["rows"]
    key = "number" if form == "ar" else "day"
    _, where, _ = _calendar(path, rows, key, width, rtl=form == "ar")
    page = max({w[0] for w in where}, key=lambda p: sum(w[0] == p for w in where))
    first = [y for p, second, y in where if p == page and not second]
    second = [y for p, second, y in where if p == page and second]
    assert len(first) >= 20 and len(second) >= 20, "the page's days in two halves"
    gaps = [b - a for half in (first, second) for a, b in itertools.pairwise(half)]
    assert min(gaps) >= 5.5 * MM
    # The header's card numbers: the row of most digits above the page's first day (a
    # question's "1 h?" stands on end beside them).
    header = header_digit_middles(path, page, min(first))
    count = len(view_model(plan)["log"]["exercises"])
    # The left half's exercises: from its left edge, or in Arabic from its right (its
    # questions on the left).
    left = [x for x in header if x < width / 2]
    half = left[-count:] if form == "ar" else left[:count]
    assert len(half) == count >= 2
    assert min(b - a for a, b in itertools.pairwise(half)) >= 9 * MM


@needs_poppler
def test_a_cell_with_two_numbers_to_write_is_wide_enough_for_both(tmp_path: Path) -> None:
    """ankle-sprain's cells ask for the pain and the effort: a box and two lines, 3 em of
    12 pt side by side. Its log (one column of the halves' low rows, twice a day) makes each
    exercise's column that wide rather than 9.1 mm, which broke the cell over two lines
    that ran into the next row; measured between the middles of the header's numbers."""
    plan = _plan("ankle-sprain")
    path = write(rk.export(plan, "pdf"), tmp_path)
    rows = view_model(plan)["log"]["rows"]
    _, where, _ = _calendar(path, rows, "day", 595, rtl=False)
    assert len(where) == len(rows), "the log's days, each on one line"
    page = where[-1][0]
    header = header_digit_middles(path, page, min(w[2] for w in where if w[0] == page))[:6]
    assert min(b - a for a, b in itertools.pairwise(header)) >= 3 * 12


@needs_poppler
def test_the_halves_keep_the_dashes_and_the_dashed_boxes(tmp_path: Path) -> None:
    """achilles-example's log runs in halves: a dash where an exercise is not due, a dashed
    box where it is done "when your physiotherapist says" (the boxes' 1.2 pt stroke,
    dashed), as many of each as the view model has."""
    pypdf = pytest.importorskip("pypdf")
    plan = _plan("achilles-example")
    rows = view_model(plan)["log"]["rows"]
    cells = [(due, told) for r in rows for due, told in zip(r["due"], r["when_told"], strict=True)]
    path = write(rk.export(plan, "pdf"), tmp_path)
    _, where, _ = _calendar(path, rows, "day", 595, rtl=False)
    assert any(second for _, second, _ in where), "in two halves"
    # The log's pages only (a drawing may have dashed lines of its own).
    log_pages = {w[0] for w in where}
    text = "".join(p for n, p in enumerate(poppler_pages(path), 1) if n in log_pages)
    assert text.count("\u2013") == sum(not due and not told for due, told in cells)
    streams = [
        page.get_contents().get_data().decode("latin-1")
        for number, page in enumerate(pypdf.PdfReader(path).pages, 1)
        if number in log_pages
    ]
    dashed = sum(len(re.findall(r"1\.2 w[^\[\n]*\[[\d. ]+\]\s*0 d", s)) for s in streams)
    assert dashed == sum(told for _, told in cells) > 0


def test_a_thicker_rule_closes_each_week_of_the_plan() -> None:
    """The view model marks the last session of the plan's every seventh day (its weeks
    run from its first day, a Tuesday here); twice a day, only the second session."""
    rows = view_model(_plan("tennis-elbow"))["log"]["rows"]
    ends = [n for n, row in enumerate(rows, 1) if row["week_end"]]
    assert ends == list(range(7, len(rows) + 1, 7))
    twice = view_model(_plan("achilles-eccentric", weeks=2))["log"]["rows"]
    assert [(r["date"], r["session"]) for r in twice if r["week_end"]] == [
        ("2026-12-07", 2), ("2026-12-14", 2),
    ]  # fmt: skip


def test_the_questions_have_short_headers_and_the_full_question_in_the_key() -> None:
    columns = view_model(_plan("runners-knee"))["log"]["columns"]
    assert [(c["short"], c["label"]) for c in columns] == [
        ("1 h?", "Pain back to usual within an hour? Yes or no"),
        ("Morning", "The morning after the session: better, same or worse?"),
    ]


# --------------------------------------------------------------------------- wider drawings


def _drawn(width: int, height: int) -> dict[str, str]:
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">'
        f'<rect x="2" y="2" width="{width - 4}" height="{height - 4}" fill="none"'
        ' stroke="black" stroke-width="3"/></svg>'
    )
    return {"svg": svg, "alt": "a drawing"}


@needs_poppler
@pytest.mark.parametrize(("width", "beside"), [(300, True), (1200, False)])
def test_a_wide_drawing_spans_the_card_above_the_dose(
    width: int, beside: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A drawing of start and end side by side may be twice as wide at the same height:
    too low in the card's column, it spans the card above the dose instead of standing
    beside it; a drawing of the usual shape keeps the dose beside it."""
    from rehabkit._view import handout

    plan = _plan("runners-knee")
    monkeypatch.setattr(
        handout, "_figures", lambda s: {ex.id: _drawn(width, 200) for ex in s.protocol.exercises}
    )
    path = write(rk.export(plan, "pdf"), tmp_path)
    words = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    doses = [
        float(x) for x in re.findall(r'xMin="([\d.]+)"[^>]*>How</word>\s*<word[^>]*>much:', words)
    ]
    assert doses, "every card says its dose"
    margin = 1.5 / 2.54 * 72  # standard print's side margins
    if beside:
        assert all(x > margin + 6 / 2.54 * 72 for x in doses), doses
    else:
        assert all(abs(x - margin) < 2 for x in doses), doses
