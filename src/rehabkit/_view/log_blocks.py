"""Large print's log in blocks of whole weeks, the days across (issue 25, the lead's
decision): a block for each fortnight of the plan (or each week, where fourteen days do
not fit across the page; the template measures), a column for each of its days, headed
by the weekday and the day's number, and the block titled by its dates with their month
and year. The words are made here, in the handout's language; the template only sets
them."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from rehabkit._core.i18n import format_day_and_month, format_long_date, format_weekday, gettext

__all__: list[str] = []


def date_range(first: dt.date, last: dt.date) -> str:
    """A block's dates, each month and year said once: "1 to 14 December 2026", "29
    December 2026 to 11 January 2027"."""
    if first == last:
        return format_long_date(first)
    if (first.year, first.month) == (last.year, last.month):
        start = str(first.day)
    elif first.year == last.year:
        start = format_day_and_month(first)
    else:
        start = format_long_date(first)
    words = gettext("{start} to {end}").format(start=start, end=format_long_date(last))
    # A title starts with a capital ("Del 1 al 14 de diciembre de 2026"), as a month's
    # heading does.
    return words[:1].upper() + words[1:]


def log_blocks(rows: list[dict[str, Any]], start: dt.date | None) -> dict[str, Any] | None:
    """The log's days in blocks of two weeks (``fortnights``) and of one (``weeks``), for
    a plan's log of one session a day; None for any other (a day of two sessions keeps a
    row a session, and a protocol's blank log has no dates)."""
    if start is None or not rows or len({r["date"] for r in rows}) < len(rows):
        return None
    days = [dt.date.fromisoformat(r["date"]) for r in rows]
    return {"fortnights": _blocks(days, start, 2), "weeks": _blocks(days, start, 1)}


def _blocks(days: list[dt.date], start: dt.date, weeks: int) -> list[dict[str, Any]]:
    """Each block of ``weeks`` weeks of the plan (they run from its first day): the log's
    rows it holds, its title, each day's words, and where a week begins within it (a
    thicker rule before that day, as a week's last row has below it in the halves)."""

    def week(day: dt.date) -> int:
        return (day - start).days // 7

    blocks = []
    numbered = enumerate(days)
    for _, members in itertools.groupby(numbered, key=lambda n: week(n[1]) // weeks):
        found = list(members)
        shown = [day for _, day in found]
        blocks.append({
            "title": date_range(shown[0], shown[-1]),
            "rows": [n for n, _ in found],
            "days": [{"weekday": format_weekday(d), "number": str(d.day)} for d in shown],
            "rules": [k for k in range(1, len(shown)) if week(shown[k]) != week(shown[k - 1])],
        })  # fmt: skip
    return blocks
