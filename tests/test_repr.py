"""Issue 13's finding: `str(plan)` printed 21,813 characters (33,092 by now); a protocol,
a plan, a log or an assessment at the prompt now says in one short line what a person
checks first, and `describe()` gives the rest."""

from __future__ import annotations

import datetime as dt

import rehabkit as rk

START = dt.date(2026, 12, 1)


def test_each_document_shows_in_one_short_line() -> None:
    knee = rk.bundled("runners-knee")
    plan = rk.personalise(knee, start=START, side="left", patient="Ana Lopez", patient_id="M7")
    log = rk.SessionLog(
        patient="Ana Lopez",
        entries=[rk.SessionEntry(date=START + dt.timedelta(days=d), exercise="wall-sit",
                                 pain_during=2) for d in (0, 2)],
    )  # fmt: skip
    assessment = rk.assess(plan, log, on=START + dt.timedelta(days=2))
    shown = {
        repr(knee): ["runners-knee", "2.0.0", "Strengthening exercises for runner's knee",
                     "6 exercises"],
        repr(plan): ["runners-knee", "Ana Lopez", "M7", "left", "2026-12-01", "2027-02-22",
                     "5 exercises"],
        repr(log): ["Ana Lopez", "2 sessions", "2026-12-01", "2026-12-03"],
        repr(assessment): ["2026-12-03", "runners-knee", "Ana Lopez"],
    }  # fmt: skip
    for text, facts in shown.items():
        assert len(text) <= 200 and "\n" not in text, text
        for fact in facts:
            assert fact in text, (fact, text)
    assert str(plan) == repr(plan)
    verdicts = {d.verdict.value for d in assessment.decisions}
    assert any(v in repr(assessment) for v in verdicts)
