"""The paper log's week marks and short headers: where a plan's week ends (a thicker rule
closes it), and a question's header a few letters wide, for a log printed in two halves
side by side, whose columns are as narrow as their cells."""

from __future__ import annotations

import datetime as dt

from rehabkit._core.i18n import gettext


def week_end(day: dt.date, start: dt.date, *, last_of_day: bool) -> bool:
    """Whether a log row closes a week of the plan: its weeks run from its first day, as
    its length in weeks does."""
    return last_of_day and (day - start).days % 7 == 6


def short_time(seconds: float) -> str:
    """A question's time in a log header a few letters wide: "1 h?", "30 min?"."""
    if seconds % 3600 == 0:
        return gettext("{n} h?").format(n=int(seconds // 3600))
    return gettext("{n} min?").format(n=round(seconds / 60))
