"""Plans and logs are documents like protocols, for the library and every command (issue 8)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

import rehabkit as rk
from rehabkit._app.cli import main

EXAMPLES = Path(__file__).parents[1] / "docs" / "examples" / "progression"


def test_load_knows_every_kind_by_its_schema(tmp_path: Path) -> None:
    # main: rehabkit.load("plan.json") printed 87 false errors.
    assert isinstance(rk.load(EXAMPLES / "plan-start.json"), rk.Plan)
    assert isinstance(rk.load(EXAMPLES / "log-steady.json"), rk.SessionLog)
    assert isinstance(rk.load_document(EXAMPLES / "plan-start.json"), rk.Plan)
    assert rk.validate(EXAMPLES / "plan-start.json") == []
    assert rk.validate(EXAMPLES / "log-sparse.json") == []


def test_show_a_plan_and_a_log(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(EXAMPLES / "plan-wall-sit-60.json")]) == 0
    out = capsys.readouterr().out
    assert "Plan for Ana Lopez, left side" in out
    assert "Wall Sit:" in out and "knee bend 60 degrees (this level since 2026-12-07)" in out
    assert "2026-12-01 to 2027-02-22" in out
    assert main(["show", str(EXAMPLES / "log-steady.json")]) == 0
    assert "Session log of Ana Lopez" in capsys.readouterr().out


def test_advance_closes_the_loop_without_python(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "next.json"
    plan, log = str(EXAMPLES / "plan-wall-sit-60.json"), str(EXAMPLES / "log-steady.json")
    assert main(["advance", plan, log, "--on", "2026-12-10", "-o", str(target)]) == 0
    nxt = rk.load(target, rk.Plan)
    assert "shallow-squat-band" in {i.exercise for i in nxt.exercises}
    assert "Progress from Wall Sit" in capsys.readouterr().err
    assert main(["advance", plan, log, "-o", str(target)]) == 1  # exists: needs --force


def test_no_silent_defaults(tmp_path: Path) -> None:
    plan = rk.personalise(rk.bundled("runners-knee"), start=dt.date(2026, 12, 1))
    assert plan.side is rk.Laterality.UNSPECIFIED  # never "both" when nobody said so
    assert plan.frequency.period_max == 2  # the protocol's options, not a silent "daily"
    target = tmp_path / "plan.json"
    assert main(["export", "runners-knee", "--format", "json", "--patient", "A",
                 "--start", "2026-12-01", "-o", str(target)]) == 0  # fmt: skip
    data = json.loads(target.read_text())
    assert data["side"] == "unspecified"
    assert data["frequency"] == {"times": 1, "period": 1, "period_max": 2, "period_unit": "d"}
    daily = rk.personalise(rk.bundled("runners-knee"), start="2026-12-01", frequency="daily")
    assert json.loads(rk.dumps(daily))["frequency"] != {}


def test_python_dash_m_and_forgiving_spellings(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "rehabkit", "list"], capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert done.returncode == 0 and "runners-knee" in done.stdout
    target = tmp_path / "handout.json"
    args = ["export", "runners-knee", "--side", "Left", "--start", "2026-12-01", "-o", str(target)]
    assert main(args) == 0  # --format inferred from -o's suffix, --side in any case
    assert rk.load(target, rk.Plan).side is rk.Laterality.LEFT
    assert main(["export", "runners-knee", "--format", "JSON", "-o", str(tmp_path / "p.json")]) == 0


def test_did_you_mean_for_protocol_ids(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "runners-kne"]) == 1
    assert "did you mean 'runners-knee'?" in capsys.readouterr().err


def test_public_names_belong_to_the_package_and_documents_pickle() -> None:
    import pickle

    for name in rk.__all__:
        obj = getattr(rk, name)
        if isinstance(obj, type) or (callable(obj) and hasattr(obj, "__code__")):
            assert obj.__module__ == "rehabkit", name
    plan = rk.personalise(rk.bundled("runners-knee"), start="2026-12-01", side="left")
    assert pickle.loads(pickle.dumps(plan)) == plan


def test_describe_is_library_and_the_cli_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    knee = rk.bundled("runners-knee")
    assert main(["show", "runners-knee"]) == 0
    assert capsys.readouterr().out == rk.describe(knee) + "\n"
    plan = rk.load(EXAMPLES / "plan-wall-sit-60.json", rk.Plan)
    log = rk.load(EXAMPLES / "log-steady.json", rk.SessionLog)
    result = rk.assess(plan, log, on=dt.date(2026, 12, 10))
    text = rk.describe(result, protocol=plan.protocol)
    assert "Wall Sit: PROGRESS (rule wall-sit-to-shallow-squat)" in text
    assert rk.describe(result).count("wall-sit: PROGRESS") == 1  # ids without the protocol
    data = result.to_data()
    assert data["patient"] == "Ana Lopez" and "warnings" in data["decisions"][0]
    json.dumps(data, default=str)


def test_the_cli_uses_the_public_api_and_the_registry_only() -> None:
    import ast

    modules = {
        node.module
        for source in (Path(rk.__file__).parent / "_app").glob("*.py")
        for node in ast.walk(ast.parse(source.read_text()))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    private = {
        m for m in modules if m.startswith("rehabkit._") and not m.startswith("rehabkit._app")
    }
    assert private <= {"rehabkit._formats.registry", "rehabkit._version"}, private
