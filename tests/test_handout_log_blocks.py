"""Issue 25, large print's last page: the log in fortnight blocks, the days across (the
lead's decision). Where large print's log would run in one column (its halves of 11 mm
cells do not fit across a portrait page), it is set in blocks of two weeks of the plan: a
column a day, a row an exercise (its card's number) and a question (its word), the cells
11 x 6.5 mm, a thicker rule between the weeks, each block titled by its dates and never
split over a page; a week to a block where fourteen days do not fit; today's layout where
neither fits or the blocks would end on a later page. Read back from the page: poppler's
words (``pdftotext -bbox``) and the boxes and rules as drawn (pypdf)."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pypdf
import pytest

import rehabkit as rk
from rehabkit._core.i18n import speaking
from rehabkit._view import handout
from rehabkit._view.handout import view_model
from rehabkit._view.log_blocks import date_range

from .handout_helpers import patient_plan
from .log_blocks_reading import MM, Block, read_blocks
from .pdf_reading import poppler_available, poppler_pages, write

START = dt.date(2026, 12, 1)
needs_poppler = pytest.mark.skipif(not poppler_available(), reason="poppler-utils not installed")


def _title(first: dt.date, last: dt.date) -> str:
    """A block's title in English, written here apart from the view's words."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} to {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}"


def test_a_blocks_title_says_its_dates_with_their_month_and_year() -> None:
    """Made in the view, in the handout's language (Babel's dates): each month and year
    said once, a title beginning with a capital."""
    dec_1, dec_14, dec_29 = dt.date(2026, 12, 1), dt.date(2026, 12, 14), dt.date(2026, 12, 29)
    jan_11, jan_26, feb_8 = dt.date(2027, 1, 11), dt.date(2027, 1, 26), dt.date(2027, 2, 8)
    assert date_range(dec_1, dec_14) == "1 to 14 December 2026"
    assert date_range(dec_29, jan_11) == "29 December 2026 to 11 January 2027"
    assert date_range(jan_26, feb_8) == "26 January to 8 February 2027"
    assert date_range(feb_8, feb_8) == "8 February 2027"
    with speaking("es"):
        assert date_range(dec_1, dec_14) == "Del 1 al 14 de diciembre de 2026"
        assert date_range(jan_26, feb_8) == "Del 26 de enero al 8 de febrero de 2027"
    with speaking("ar"):
        assert date_range(dec_1, dec_14) == "من 1 إلى 14 ديسمبر 2026"


def test_the_view_gives_blocks_for_a_large_print_log_of_one_session_a_day() -> None:
    """A plan's large-print log of one session a day: blocks of two weeks of the plan
    (its weeks run from its first day) and of one, each day's weekday and number, and
    where a week begins within a block. None in standard print (its halves stay), for a
    day of two sessions (a row a session stays), or for a protocol's blank log."""
    plan = patient_plan("runners-knee", START, weeks=5)
    blocks = view_model(plan, large_print=True)["log"]["blocks"]
    fortnights = blocks["fortnights"]
    assert [len(b["rows"]) for b in fortnights] == [14, 14, 7]
    assert [b["title"] for b in fortnights] == [
        "1 to 14 December 2026", "15 to 28 December 2026", "29 December 2026 to 4 January 2027",
    ]  # fmt: skip
    assert [b["rules"] for b in fortnights] == [[7], [7], []]
    assert fortnights[0]["days"][:2] == [
        {"weekday": "Tue", "number": "1"}, {"weekday": "Wed", "number": "2"},
    ]  # fmt: skip
    assert [len(b["rows"]) for b in blocks["weeks"]] == [7] * 5
    assert view_model(plan)["log"]["blocks"] is None
    twice = patient_plan("achilles-eccentric", START)
    assert view_model(twice, large_print=True)["log"]["blocks"] is None
    assert view_model(rk.bundled("runners-knee"), large_print=True)["log"]["blocks"] is None


def _more_exercises(name: str, count: int) -> rk.Protocol:
    """A bundled protocol with copies of its exercises up to ``count`` (each in its
    original's phase): a log of another size, whose halves do not fit large print."""
    data = rk.to_data(rk.bundled(name))
    originals = list(data["exercises"])
    for n in range(count - len(originals)):
        ex = copy.deepcopy(originals[n % len(originals)])
        first = ex["id"]
        ex["id"], ex["name"] = f"{first}-again-{n}", f"{ex['name']} again {n}"
        data["exercises"].append(ex)
        for phase in data.get("phases", []):
            if first in phase["exercises"]:
                phase["exercises"].append(ex["id"])
    return rk.from_data(data, rk.Protocol)  # type: ignore[return-value]


def _plan(case: str) -> tuple[rk.Plan, bool]:
    """Runner's knee in English, Spanish and Arabic (right to left), 12 weeks; and
    achilles-example with seven exercises (dashes where one is not due, dashed boxes
    where it is due when the physiotherapist says) over five weeks, its last block a week."""
    if case == "achilles-example-7":
        protocol = _more_exercises("achilles-example", 7)
        plan = rk.personalise(
            protocol, patient="Ana Lopez", side="left", start=START, weeks=5, region="GB",
            allow_example=True,
        )  # fmt: skip
        return plan, False
    language = case.removeprefix("runners-knee").strip("-") or "en"
    options = {} if language == "en" else {"language": language}
    return patient_plan("runners-knee", START, **options), language == "ar"


def _read(plan: rk.Plan, rtl: bool, folder: Path, key: str = "fortnights") -> tuple[
    dict[str, Any], list[Block], Path
]:  # fmt: skip
    path = write(rk.export(plan, "pdf", large_print=True), folder)
    log = view_model(plan, large_print=True)["log"]
    titles = [b["title"] for b in log["blocks"][key]]
    labels = [str(e["number"]) for e in log["exercises"]]
    labels += [c["short"].split()[0] for c in log["columns"]]
    return log, read_blocks(path, titles, labels, rtl=rtl), path


CASES = ["runners-knee", "runners-knee-es", "runners-knee-ar", "achilles-example-7"]


@needs_poppler
@pytest.mark.parametrize("case", CASES)
def test_every_day_once_in_order_under_the_title_of_its_dates(case: str, tmp_path: Path) -> None:
    """Each block's header says its days in order (right to left in Arabic, as the table
    runs), a fortnight a block, the last the days left; read back together, every day of
    the plan once, in order, each block under the title of its first and last day."""
    plan, rtl = _plan(case)
    log, blocks, _ = _read(plan, rtl, tmp_path)
    days = [START + dt.timedelta(days=n) for n in range(7 * plan.weeks)]
    assert len(blocks) == len(log["blocks"]["fortnights"]) == -(-len(days) // 14)
    assert [d for b in blocks for d in b.days] == [str(day.day) for day in days]
    fortnights = [days[n : n + 14] for n in range(0, len(days), 14)]
    assert [len(b.days) for b in blocks] == [len(f) for f in fortnights]
    for block, shown in zip(blocks, fortnights, strict=True):
        if case == "runners-knee":
            assert block.title == _title(shown[0], shown[-1])
            assert block.weekdays == [f"{day:%a}" for day in shown]
        with speaking(plan.protocol.language):
            assert block.title == date_range(shown[0], shown[-1])


@needs_poppler
@pytest.mark.parametrize("case", CASES)
def test_each_exercise_has_a_box_on_exactly_its_days(case: str, tmp_path: Path) -> None:
    """A row an exercise (its card's number) and a question (its word): a box on each
    day the view says the exercise is due, a dashed box where it is due when the
    physiotherapist says, a dash where it is not due; the questions' rows blank."""
    plan, rtl = _plan(case)
    log, blocks, _ = _read(plan, rtl, tmp_path)
    want = [str(e["number"]) for e in log["exercises"]]
    want += [c["short"].split()[0] for c in log["columns"]]
    kinds = {(True, False): "box", (False, True): "told", (False, False): "dash"}
    for block, spec in zip(blocks, log["blocks"]["fortnights"], strict=True):
        assert block.labels == want
        rows = [log["rows"][n] for n in spec["rows"]]
        for i, cells in enumerate(block.cells[: len(log["exercises"])]):
            assert cells == [kinds[r["due"][i], r["when_told"][i]] for r in rows], (block.title, i)
        assert all(cell == "" for cells in block.cells[len(log["exercises"]) :] for cell in cells)
    told = sum(c == "told" for b in blocks for cells in b.cells for c in cells)
    dashes = sum(c == "dash" for b in blocks for cells in b.cells for c in cells)
    assert told > 0 and (dashes > 0 or case.startswith("runners-knee"))


@needs_poppler
@pytest.mark.parametrize("case", CASES)
def test_the_cells_are_large_print_size_the_weeks_ruled_and_no_block_split(
    case: str, tmp_path: Path
) -> None:
    """The days' columns at least 11 mm apart and the rows 6.5 mm (the halves' cells,
    which the issue found large print needs), measured between their words' middles; a 2
    pt rule between each block's weeks (the plan's weeks run from its first day), between
    the last day of one and the first of the next; and each block whole on its page, its
    title, header and every row together."""
    plan, rtl = _plan(case)
    log, blocks, _ = _read(plan, rtl, tmp_path)
    for block, spec in zip(blocks, log["blocks"]["fortnights"], strict=True):
        steps = [abs(b - a) for a, b in itertools.pairwise(block.columns)]
        assert min(steps) >= 11 * MM - 0.05, block.title
        rows = [b - a for a, b in itertools.pairwise(block.row_middles)]
        assert min(rows) >= 6.5 * MM - 0.05, block.title
        shown = [dt.date.fromisoformat(log["rows"][n]["date"]) for n in spec["rows"]]
        starts = [k for k in range(1, len(shown)) if (shown[k] - START).days % 7 == 0]
        between = sorted((block.columns[k - 1] + block.columns[k]) / 2 for k in starts)
        assert len(block.rules) == len(between), block.title
        assert all(abs(x - m) < 2 for x, m in zip(block.rules, between, strict=True))
        assert len(block.labels) == len(log["exercises"]) + len(log["columns"])
        assert block.bottom < 842 - 2 / 2.54 * 72, "the block ends above the page's margin"
    assert len({b.page for b in blocks}) < len(blocks), "blocks share pages"


def _longer_question(monkeypatch: pytest.MonkeyPatch, word: str) -> None:
    """The next-morning question's header word made ``word``: a wider label column."""
    original = handout._row_column

    def longer(metric: Any, criteria: Any) -> dict[str, Any]:
        column = original(metric, criteria)
        return column | {"short": word} if column["metric"] == "next_morning_worse" else column

    monkeypatch.setattr(handout, "_row_column", longer)


@needs_poppler
def test_a_week_to_a_block_where_fourteen_days_do_not_fit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A label column 45 mm wide leaves room for 7 days of 11 mm, not 14: a week a block,
    each with no rule inside it."""
    _longer_question(monkeypatch, "Next-morning-feeling")
    plan = patient_plan("runners-knee", START, weeks=3)
    _, blocks, _ = _read(plan, False, tmp_path, key="weeks")
    assert [b.days for b in blocks] == [[str(d) for d in range(s, s + 7)] for s in (1, 8, 15)]
    assert all(b.rules == [] for b in blocks)


@needs_poppler
def test_todays_layout_where_no_block_fits_across(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A label wider than the page leaves room for no block: the log keeps its rows a day
    under their month's heading."""
    _longer_question(monkeypatch, "Next-morning-feeling-and-the-days-after-it-too")
    plan = patient_plan("runners-knee", START, weeks=2)
    log, blocks, path = _read(plan, False, tmp_path)
    assert blocks == []
    text = "".join(poppler_pages(path))
    assert "1 to 14 December 2026" not in text
    assert "December 2026" in text and "Tue 1" in text
    assert len(log["blocks"]["fortnights"]) == 1


@needs_poppler
@pytest.mark.parametrize(
    ("weeks", "pages"), [(26, 13), pytest.param(52, 17, marks=pytest.mark.thorough)]
)
def test_a_long_log_in_blocks_needs_no_turned_page(weeks: int, pages: int, tmp_path: Path) -> None:
    """Runner's knee's 26 (52) weeks in large print took 13 (17) pages with the log's
    halves on turned pages; its blocks take no more, every page portrait, every day there
    in its block."""
    plan = patient_plan("runners-knee", START, weeks=weeks)
    log, blocks, path = _read(plan, False, tmp_path)
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) <= pages
    assert all(p.mediabox.width < p.mediabox.height for p in reader.pages)
    assert [d for b in blocks for d in b.days] == [r["number"] for r in log["rows"]]


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    kids = kids.get_object() if hasattr(kids, "get_object") else kids
    found = kids if isinstance(kids, list) else [] if kids is None else [kids]
    return [k.get_object() if hasattr(k, "get_object") else k for k in found]


def _tagged(element: Any, tag: str) -> list[Any]:
    """The structure elements tagged ``tag`` below ``element``, in document order."""
    found = []
    for kid in _kids(element):
        if hasattr(kid, "get"):
            found += [kid] if kid.get("/S") == tag else []
            found += _tagged(kid, tag)
    return found


def test_each_blocks_days_are_its_tables_header_for_a_screen_reader(tmp_path: Path) -> None:
    """Tagged PDF: each block is a table whose header row (``THead``) holds a header cell
    (``TH``) for each day, and the corner's, then a row (``TR``) for each exercise and
    question, its label the row's first cell."""
    plan = patient_plan("runners-knee", START)
    path = write(rk.export(plan, "pdf", large_print=True), tmp_path)
    root = pypdf.PdfReader(path).trailer["/Root"]["/StructTreeRoot"]
    log = view_model(plan, large_print=True)["log"]
    rows = len(log["exercises"]) + len(log["columns"])
    heads = [1 + len(spec["rows"]) for spec in log["blocks"]["fortnights"]]
    # The log's tables: as many rows as the blocks' (the warning signs' table follows).
    tables = [t for t in _tagged(root, "/Table") if len(_tagged(t, "/TR")) == 1 + rows]
    blocks = [t for t in tables if len(_tagged(t, "/TH")) in heads]
    assert [len(_tagged(t, "/TH")) for t in blocks] == heads
    for table, head in zip(blocks, heads, strict=True):
        [header] = _tagged(table, "/THead")
        assert len(_tagged(header, "/TH")) == head
        assert len(_tagged(table, "/TD")) == rows * head
