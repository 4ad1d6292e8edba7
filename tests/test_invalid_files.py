"""Every broken file gets its exact problem path, exit code 1, and no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import rehabkit as rk
from rehabkit._app.cli import main

DATA = Path(__file__).parent / "data"
EXPECTED: dict[str, dict[str, str]] = json.loads((DATA / "invalid-expected.json").read_text())
EXPECTED["a-directory.json"] = {"path": "", "contains": "is a directory"}


def test_there_are_at_least_twenty_broken_files() -> None:
    files = sorted(p.name for p in (DATA / "invalid").iterdir())
    assert len(files) >= 20
    assert set(files) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_problem_path_and_message(name: str) -> None:
    problems = rk.validate(DATA / "invalid" / name)
    expected = EXPECTED[name]
    matching = [p for p in problems if p.path == expected["path"]]
    assert matching, f"no problem at {expected['path']!r}: {problems}"
    assert any(expected["contains"] in p.message for p in matching), matching


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_exit_code_and_no_traceback(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(DATA / "invalid" / name)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err
    path = EXPECTED[name]["path"] or "(document)"
    assert f": {path}: " in out


def test_several_faults_are_reported_together(tmp_path: Path) -> None:
    data = json.loads((DATA / "valid" / "minimal.json").read_text())
    data["exercises"][1]["id"] = "wall-sit"  # duplicate id (semantic)
    data["default_dosage"]["sest"] = 3  # unknown field (schema)
    data.pop("disclaimer")  # missing field (schema)
    target = tmp_path / "p.json"
    target.write_text(json.dumps(data))
    paths = {p.path for p in rk.validate(target)}
    assert {"exercises[1].id", "default_dosage.sest", "disclaimer"} <= paths


def test_valid_minimal_file() -> None:
    assert rk.validate(DATA / "valid" / "minimal.json") == []
