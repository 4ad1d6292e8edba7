"""Issue 29, item 1: the largest valid protocol's handout took 46 s and 713 MB to set as a
PDF, past the promise that any file under 2 MB validates and exports within 10 s and
600 MB, or is refused with a problem. A handout sets at most MAX_HANDOUT_TEXT characters;
past it, every handout format refuses at once with what to change."""

from __future__ import annotations

import copy
import time
from pathlib import Path
from typing import Any

import pytest

import rehabkit as rk
from rehabkit._app.cli import main
from rehabkit._view.handout_size import MAX_HANDOUT_TEXT


def largest() -> dict[str, Any]:
    """50 exercises (the bound) of 100 long steps (the bound): nearly 2 MB of text, as
    benchmarks/bounds.py builds it."""
    data = rk.to_data(rk.bundled("runners-knee"))
    base = data["exercises"]
    sentence = "Keep the knee over the middle toes and move slowly, without pain. "
    exercises = []
    for i in range(50):
        ex = copy.deepcopy(base[i % len(base)])
        ex["id"], ex["name"] = f"{ex['id']}-{i}", f"{ex['name']} {i}"
        ex["steps"] = [(sentence * 20)[:355] + f" ({j + 1})" for j in range(100)]
        exercises.append(ex)
    data.update(exercises=exercises, progression_rules=[], phases=[])
    return data


@pytest.mark.parametrize("form", ["pdf", "html"])
def test_the_largest_valid_protocol_is_refused_at_once(form: str) -> None:
    protocol = rk.from_data(largest(), rk.Protocol)
    plan = rk.personalise(protocol, patient="A", start="2026-12-01", weeks=1)
    started = time.perf_counter()
    with pytest.raises(rk.ExportError, match=f"at most {MAX_HANDOUT_TEXT:,}"):
        rk.export(plan, form)
    # Not a timing test of speed: refusing must not first set the handout.
    assert time.perf_counter() - started < 30


def test_the_cli_refuses_it_with_a_plain_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    source = tmp_path / "largest.json"
    source.write_text(json.dumps(largest()))
    out = tmp_path / "handout.pdf"
    code = main(["export", str(source), "--format", "pdf", "--start", "2026-12-01",
                 "--weeks", "1", "-o", str(out)])  # fmt: skip
    assert code == 1 and not out.exists()
    err = capsys.readouterr().err
    assert "characters of text" in err and "Traceback" not in err


def test_every_bundled_handout_is_far_within_the_bound() -> None:
    from rehabkit._view.handout import view_model
    from rehabkit._view.handout_size import text_size

    for protocol_id in rk.bundled_ids():
        protocol = rk.bundled(protocol_id)
        events = {e.id: "2026-11-20" for e in protocol.events} or None
        plan = rk.personalise(protocol, start="2026-12-01", side="left", events=events,
                              allow_example=True)  # fmt: skip
        assert text_size(view_model(plan, large_print=True)) < MAX_HANDOUT_TEXT / 10


def test_a_protocol_with_nothing_to_start_with_is_refused_at_validation() -> None:
    """Found by the export property (issue 29, item 10): a protocol whose every exercise
    belongs to a later phase validated, yet every plan made of it was one that `loads`
    refuses ("exercises: needs at least 1 item"). Validation and export now agree."""
    data = rk.to_data(rk.bundled("runners-knee"))
    ids = [e["id"] for e in data["exercises"]]
    data["phases"] = [
        {"id": "first", "name": "First", "exercises": []},
        {"id": "later", "name": "Later", "exercises": ids},
    ]
    problems = rk.validate(data, rk.Protocol)
    assert any(p.path.startswith("phases[0]") and "in play at the start" in p.message
               for p in problems), problems  # fmt: skip
    every = rk.to_data(rk.bundled("runners-knee"))
    every["progression_rules"] += [
        {"id": f"to-{x}", "exercise": ids[0] if x != ids[0] else ids[1], "direction": "progress",
         "to_exercise": x, "criteria": [{"metric": "pain_during", "op": "<=", "value": 2}]}
        for x in ids
    ]  # fmt: skip
    assert any("in play at the start" in p.message for p in rk.validate(every, rk.Protocol))
