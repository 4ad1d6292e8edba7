"""`rehabkit assess` on the documented scenarios: outputs match docs/progression.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rehabkit._app.cli import main

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "docs" / "examples" / "progression"


def documented_runs() -> list[tuple[str, str]]:
    doc = (ROOT / "docs" / "progression.md").read_text()
    blocks = re.findall(r"```console\n\$ (rehabkit assess [^\n]+)\n(.*?)```", doc, re.S)
    assert len(blocks) >= 4
    return blocks


@pytest.mark.parametrize(("command", "expected"), documented_runs())
def test_documented_output_is_what_the_cli_prints(
    command: str, expected: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLES)
    assert main(command.split()[1:]) == 0
    assert capsys.readouterr().out == expected


def test_verdicts_of_the_four_scenarios(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLES)
    cases = {
        ("plan-wall-sit-60.json", "log-steady.json", "2026-12-10"): ("wall-sit", "progress"),
        ("plan-wall-sit-60.json", "log-steady.json", "2026-12-08"): ("wall-sit", "hold"),
        ("plan-squat.json", "log-flare-up.json", "2026-12-13"): ("shallow-squat-band", "regress"),
        ("plan-start.json", "log-swelling.json", "2026-12-03"): ("wall-sit", "stop"),
        ("plan-start.json", "log-sparse.json", "2026-12-03"): ("wall-sit", "hold"),
    }
    for (plan, log, on), (exercise, verdict) in cases.items():
        assert main(["assess", plan, log, "--on", on, "--format", "json"]) == 0
        result = json.loads(capsys.readouterr().out)
        [decision] = [d for d in result["decisions"] if d["exercise"] == exercise]
        assert decision["verdict"] == verdict, (plan, log, on)


def test_default_date_is_the_last_logged_day(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLES)
    assert main(["assess", "plan-start.json", "log-swelling.json"]) == 0
    assert capsys.readouterr().out.startswith("Assessment on 2026-12-03 for Ana Lopez")


def test_invalid_input_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "log.json"
    log.write_text(
        '{"entries": [{"date": "2026-12-01", "exercise": "wall-sit", "pain_during": 12}]}'
    )
    assert main(["assess", "runners-knee", str(log)]) == 1
    err = capsys.readouterr().err
    assert "entries[0].pain_during" in err
    assert "Traceback" not in err
    assert main(["assess", "runners-knee", str(tmp_path / "missing.json")]) == 1
    assert "no such file" in capsys.readouterr().err
    # A bad option value is a usage error (2).
    assert (
        main(["assess", "runners-knee", str(EXAMPLES / "log-sparse.json"), "--on", "yesterday"])
        == 2
    )
    assert "not a date" in capsys.readouterr().err
