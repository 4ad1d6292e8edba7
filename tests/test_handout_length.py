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

import pytest

import rehabkit as rk
from rehabkit._app.cli import main
from rehabkit._view.handout import view_model

from .handout_helpers import html_handout
from .pdf_reading import poppler_available, poppler_pages, squeeze, write

START = dt.date(2026, 12, 1)

needs_poppler = pytest.mark.skipif(not poppler_available(), reason="poppler-utils not installed")
personalise = functools.partial(rk.personalise, allow_example=True)


def _plan(name: str, **options: object) -> rk.Plan:
    protocol = rk.bundled(name)
    events = {e.id: START.isoformat() for e in protocol.events}
    return personalise(
        protocol, patient="Ana Lopez", side="left", start=START, region="GB", events=events,
        **options,
    )  # fmt: skip


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


def _pages(pdf: bytes, folder: Path) -> int:
    out = subprocess.run(
        ["pdfinfo", str(write(pdf, folder))], capture_output=True, text=True, check=True
    ).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))  # type: ignore[union-attr]


# --------------------------------------------------------------------------- page counts

# Issue 25's goals for runner's knee (a 12-week plan, a daily log): A4 at most 6 pages,
# large print at most 10. Reached: A4 8 (was 10), large print 13 (was 16): see
# docs/handouts.md for what holds the rest (the log's 84 dated rows do not fit twice
# across A4 at 12 pt with 9 mm cells, so its log stays one column: two pages).
GOALS = {"a4": 6, "large": 10}
REACHED = {"a4": 8, "letter": 9, "large": 13, "es": 9, "ar": 9}


def _runners_knee(form: str) -> bytes:
    language = {"language": form} if form in ("es", "ar") else {}
    options: dict[str, object] = {"paper": "letter"} if form == "letter" else {}
    plan = _plan("runners-knee", **language)
    return rk.export(plan, "pdf", large_print=form == "large", **options)


@needs_poppler
@pytest.mark.parametrize("form", list(REACHED))
def test_runners_knee_is_no_longer_than_reached(form: str, tmp_path: Path) -> None:
    assert _pages(_runners_knee(form), tmp_path) <= REACHED[form]


@needs_poppler
@pytest.mark.xfail(strict=True, reason="issue 25's goal, not reached: see docs/handouts.md")
@pytest.mark.parametrize("form", list(GOALS))
def test_runners_knee_meets_the_goal(form: str, tmp_path: Path) -> None:
    """Strict: the day the goal is met this fails, to have the bound lowered."""
    assert _pages(_runners_knee(form), tmp_path) <= GOALS[form]


# Each bundled protocol's plan (its default weeks, a daily log): A4 and large print, after
# issue 25's last work; the counts before it in the comments.
BUNDLED = {
    "achilles-eccentric": (6, 11),  # 9, 12
    "achilles-example": (5, 7),  # 6, 9
    "acl-early-rehab": (12, 19),  # 13, 21
    "ankle-sprain": (12, 19),  # 14, 22
    "low-back-pain": (9, 19),  # 10, 22
    "runners-knee": (8, 13),  # 10, 16
    "tennis-elbow": (5, 10),  # 8, 11
}


@needs_poppler
@pytest.mark.parametrize("name", rk.bundled_ids())
def test_every_bundled_handout_is_no_longer_than_reached(name: str, tmp_path: Path) -> None:
    a4, large = BUNDLED[name]
    plan = _plan(name)
    assert _pages(rk.export(plan, "pdf"), tmp_path) <= a4
    assert _pages(rk.export(plan, "pdf", large_print=True), tmp_path) <= large


# --------------------------------------------------------------------------- the log's halves

MM = 72 / 25.4
_DATE = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$"
)


def _log_dates(path: Path) -> list[tuple[int, str, float, float]]:
    """Each log date the PDF prints (page, "Tue 1 Dec", x, y): three words on one line."""
    words = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>|<page ', words)
    dates, page, line = [], 0, []
    for x, y, word in found:
        if not word:  # a new page
            page, line = page + 1, []
            continue
        line = [*[w for w in line if abs(w[1] - float(y)) < 1][-2:], (float(x), float(y), word)]
        text = " ".join(w[2] for w in line)
        if len(line) == 3 and _DATE.fullmatch(text):
            dates.append((page, text, line[0][0], line[0][1]))
    return dates


def _reading_order(dates: list[tuple[int, str, float, float]], width: float) -> list[str]:
    """The dates as a person reads the log: page by page, down the left half, then down
    the right half."""
    key = [(page, x >= width / 2, y) for page, _, x, y in dates]
    return [d[1] for _, d in sorted(zip(key, dates, strict=True), key=lambda kd: kd[0])]


@needs_poppler
@pytest.mark.parametrize(
    ("name", "form", "weeks"),
    [("tennis-elbow", "a4", 12), ("achilles-example", "a4", 12), ("tennis-elbow", "letter", 12),
     ("tennis-elbow", "a4", 26), ("tennis-elbow", "a4", 1), ("runners-knee", "a4", 12),
     ("tennis-elbow", "large", 12)],
)  # fmt: skip
def test_every_day_of_the_log_once_in_reading_order(
    name: str, form: str, weeks: int, tmp_path: Path
) -> None:
    """Down the left half, then down the right half of each page (where the halves fit;
    one column where not, as for runner's knee's eight columns, and in large print): every
    day of the plan exactly once, in date order, over as many pages as it takes."""
    plan = _plan(name, weeks=weeks)
    options = {"paper": "letter"} if form == "letter" else {"large_print": form == "large"}
    path = write(rk.export(plan, "pdf", **options), tmp_path)
    width = 612 if form == "letter" else 595
    expected = [row["label"] for row in view_model(plan)["log"]["rows"]]
    assert _reading_order(_log_dates(path), width) == expected


@needs_poppler
@pytest.mark.parametrize("name", ["tennis-elbow", "achilles-example"])
def test_the_halves_are_side_by_side_and_their_cells_big_enough(name: str, tmp_path: Path) -> None:
    """A 12-week daily log of a few exercises runs in two halves side by side. Each cell
    holds a tick and a number: the template sets them 9.3 mm wide and 5.55 mm high; measured
    on the page (poppler's word boxes), the rows are at least 5.5 mm apart and the
    exercises' columns (their numbers in the header) at least 9 mm apart."""
    plan = _plan(name)
    path = write(rk.export(plan, "pdf"), tmp_path)
    dates = _log_dates(path)
    page = max({d[0] for d in dates}, key=lambda p: sum(d[0] == p for d in dates))
    left = [d for d in dates if d[0] == page and d[2] < 595 / 2]
    right = [d for d in dates if d[0] == page and d[2] >= 595 / 2]
    assert len(left) >= 20 and len(right) >= 20, "the page's days in two halves"
    gaps = [b[3] - a[3] for half in (left, right) for a, b in itertools.pairwise(half)]
    assert min(gaps) >= 5.5 * MM
    words = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    numbers = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(\d)</word>', words)
    # The header's card numbers: the row of digits nearest above the page's first day.
    top = max(float(y) for _, y, _ in numbers if float(y) < min(d[3] for d in left))
    header = sorted(float(x) for x, y, _ in numbers if abs(float(y) - top) < 1)
    count = len(view_model(plan)["log"]["exercises"])
    half = [x for x in header if x < 595 / 2][:count]
    assert len(half) == count >= 2
    assert min(b - a for a, b in itertools.pairwise(half)) >= 9 * MM


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
    dates = _log_dates(path)
    assert any(d[2] >= 595 / 2 for d in dates), "in two halves"
    # The log's pages only (a drawing may have dashed lines of its own).
    log_pages = {d[0] for d in dates}
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
        ("Morning", "Next morning: better, same or worse?"),
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
    margin = 2 / 2.54 * 72
    if beside:
        assert all(x > margin + 6 / 2.54 * 72 for x in doses), doses
    else:
        assert all(abs(x - margin) < 2 for x in doses), doses
