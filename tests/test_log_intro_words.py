"""The log's instructions fit whichever way the log is set (issue 25 review): the large
print's blocks run the exercises down and the days across, the halves the other way, the
HTML log a fieldset a day, so the words say "each exercise's box", never a column or a
row; and they explain a dash only where the log prints one."""

from __future__ import annotations

import datetime as dt

import pytest

import rehabkit as rk
from rehabkit._core.i18n import gettext as rk_gettext
from rehabkit._core.i18n import speaking
from rehabkit._view.handout import view_model

from .handout_helpers import patient_plan

START = dt.date(2026, 12, 1)


def _dashes(log: dict[str, object]) -> bool:
    rows = log["rows"]
    assert isinstance(rows, list)
    return any(not (d or t) for r in rows for d, t in zip(r["due"], r["when_told"], strict=True))


def _logs() -> list[tuple[str, dict[str, object]]]:
    """Bundled plans' logs, standard and large print, and a protocol's blank log."""
    logs = []
    for name in ("runners-knee", "achilles-example", "acl-early-rehab", "tennis-elbow"):
        plan = patient_plan(name, START)
        for large in (False, True):
            logs.append((f"{name} large={large}", view_model(plan, large_print=large)["log"]))
    logs.append(("blank", view_model(rk.bundled("runners-knee"))["log"]))
    return logs


@pytest.mark.parametrize(("case", "log"), _logs(), ids=lambda x: x if isinstance(x, str) else "")
def test_the_intro_names_no_column_or_row(case: str, log: dict[str, object]) -> None:
    intro = str(log["intro"]).lower()
    assert "column" not in intro.replace("first column", "") and " row" not in intro, case
    assert "each exercise's box" in intro, case


@pytest.mark.parametrize(("case", "log"), _logs(), ids=lambda x: x if isinstance(x, str) else "")
def test_a_dash_is_explained_exactly_where_the_log_prints_one(
    case: str, log: dict[str, object]
) -> None:
    assert ("A dash means" in str(log["intro"])) == _dashes(log), case


def test_both_kinds_of_log_are_among_the_cases() -> None:
    """The property above is not empty on either side."""
    found = {_dashes(log) for _, log in _logs()}
    assert found == {True, False}


@pytest.mark.parametrize(("language", "column"), [("es", "columna"), ("ar", "عمود")])
def test_the_intro_is_translated(language: str, column: str) -> None:
    plan = patient_plan("runners-knee", START, language=language)
    with speaking(language):
        intro = view_model(plan, large_print=True)["log"]["intro"]
        dash = rk_gettext("A dash means that exercise is not due that day.")
    assert "After each session" not in intro and column not in intro
    assert dash != "A dash means that exercise is not due that day."


def test_the_morning_question_says_which_session_it_follows() -> None:
    """The review: "Morning" did not say whether the morning after Tuesday's session goes
    under Tuesday or Wednesday. The question names the session, so it goes with its day."""
    log = view_model(patient_plan("runners-knee", START))["log"]
    (morning,) = [c for c in log["columns"] if c["field"] == "next_morning"]
    assert morning["label"] == "The morning after the session: better, same or worse?"
