"""What every bundled protocol must show, whichever it is: it validates and shows from the
command line, every number it states has a source (a cited one, or the editors' marked as
theirs), and its CERT and TIDieR reports answer every item. A protocol added to the
bundle is checked here without a line of its own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import rehabkit as rk
from rehabkit._app.cli import main

IDS = rk.bundled_ids()
# Bundled to show the format at work, not for patients: their reporting is not complete.
EXAMPLES = [i for i in IDS if rk.bundled(i).example]


def _criteria_holders(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every rule, stop, phase gate and start or outcome gate with its criteria."""
    for n, rule in enumerate(data.get("progression_rules", [])):
        yield f"progression_rules[{n}]", rule
    for n, stop in enumerate(data.get("stop_criteria", [])):
        yield f"stop_criteria[{n}]", stop
    for n, phase in enumerate(data.get("phases", [])):
        yield f"phases[{n}]", {"criteria": phase.get("entry_criteria", []), "sources": []}
    for gate in ("start", "outcome"):
        if gate in data:
            yield gate, data[gate]


@pytest.mark.parametrize("protocol_id", IDS)
def test_validates_and_shows_from_the_command_line(
    protocol_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", protocol_id]) == 0
    assert main(["show", protocol_id]) == 0
    assert "Sources" in capsys.readouterr().out


@pytest.mark.parametrize("protocol_id", IDS)
def test_every_number_has_a_source(protocol_id: str) -> None:
    """Each exercise and each reporting answer (but "not reported") cites declared sources; each criterion
    cites its own, or the rule or stop it belongs to does; the editors' choices are one
    source marked editorial."""
    data: dict[str, Any] = rk.to_data(rk.bundled(protocol_id))
    ids = {s["id"] for s in data["sources"]}
    editorial = {s["id"] for s in data["sources"] if s.get("editorial")}
    assert len(editorial) <= 1, editorial
    for n, ex in enumerate(data["exercises"]):
        assert ex.get("sources") and set(ex["sources"]) <= ids, f"exercises[{n}]"
    for where, holder in _criteria_holders(data):
        for m, criterion in enumerate(holder.get("criteria", [])):
            cited = criterion.get("sources") or holder.get("sources")
            assert cited and set(cited) <= ids, f"{where}.criteria[{m}]"
    for name, item in data.get("reporting", {}).items():
        if item.get("not_reported") and not item.get("kinds"):
            continue  # "the source does not say" needs no source
        assert item.get("sources") and set(item["sources"]) <= ids, f"reporting.{name}"


@pytest.mark.parametrize("protocol_id", [i for i in IDS if i not in EXAMPLES])
@pytest.mark.parametrize("checklist", ["cert", "tidier"])
def test_the_reports_answer_every_item(protocol_id: str, checklist: str) -> None:
    report = rk.report(rk.bundled(protocol_id), checklist)
    assert all(item.status.answered for item in report.items), [
        item.number for item in report.items if not item.status.answered
    ]
