"""The paper log's calendar: a row's day said short under its month's heading, where a
plan's week ends (a thicker rule closes it), and a question's header a few letters wide,
for a log printed in two halves side by side, whose columns are as narrow as their cells."""

from __future__ import annotations

import datetime as dt

from rehabkit._core.i18n import format_day_of_month, format_month, gettext


def week_end(day: dt.date, start: dt.date, *, last_of_day: bool) -> bool:
    """Whether a log row closes a week of the plan: its weeks run from its first day, as
    its length in weeks does."""
    return last_of_day and (day - start).days % 7 == 6


def short_time(seconds: float) -> str:
    """A question's time in a log header a few letters wide: "1 h?", "30 min?"."""
    if seconds % 3600 == 0:
        return gettext("{n} h?").format(n=int(seconds // 3600))
    return gettext("{n} min?").format(n=round(seconds / 60))


def calendar_words(day: dt.date, session: int | None) -> dict[str, str]:
    """What the printed log says of a row where its month is a heading above it: the
    weekday and the day's number ("Tue 1"), the number alone where even that is too wide
    for the page (the template measures), and the month ("December 2026"). The row's full
    date stays its label, for the HTML's table and form and for a screen reader."""
    words = {"day": format_day_of_month(day), "number": str(day.day), "month": format_month(day)}
    if session is None:
        return words
    with_session = gettext("{date}, session {n}")
    return words | {k: with_session.format(date=words[k], n=session) for k in ("day", "number")}
