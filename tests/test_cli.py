"""The command line, as people and CI pipelines use it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rehabkit._app.cli import main

from .helpers import run

ROOT = Path(__file__).parents[1]


def test_validate_bundled_id_and_path() -> None:
    done = run("validate", "runners-knee", str(ROOT / "protocols" / "runners-knee.json"))
    assert done.returncode == 0
    assert done.stdout.count("valid") == 2


def test_validate_json_format() -> None:
    bad = str(ROOT / "tests" / "data" / "invalid" / "zero-sets.json")
    done = run("validate", "--format", "json", "runners-knee", bad)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report[0] == {"source": "runners-knee", "valid": True, "problems": []}
    assert report[1]["valid"] is False
    assert report[1]["problems"][0]["path"] == "default_dosage.sets"


def test_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validat", "x"])
    assert info.value.code == 2
    assert "did you mean 'validate'" in capsys.readouterr().err


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("validate", "list", "show", "schema"):
        with pytest.raises(SystemExit) as info:
            main([command, "--help"])
        assert info.value.code == 0
        assert "usage: rehabkit" in capsys.readouterr().out


def test_list() -> None:
    done = run("list")
    assert done.returncode == 0
    assert "runners-knee" in done.stdout


def test_show_is_readable() -> None:
    done = run("show", "runners-knee")
    assert done.returncode == 0
    for fact in ("Inner Range Quads", "3 sets of 12 repetitions", "hold 5 s", "not medical advice"):
        assert fact in done.stdout


def test_show_unknown() -> None:
    done = run("show", "no-such-protocol")
    assert done.returncode == 1
    assert "neither a file nor a bundled protocol" in done.stderr


def test_show_invalid_file_lists_problems() -> None:
    done = run("show", str(ROOT / "tests" / "data" / "invalid" / "bad-id.json"))
    assert done.returncode == 1
    assert "exercises[1].id" in done.stderr and "Traceback" not in done.stderr


def test_schema() -> None:
    done = run("schema")
    assert done.returncode == 0
    assert json.loads(done.stdout)["title"] == "rehabkit protocol"


@pytest.mark.skipif(
    shutil.which("rehabkit") is None and not Path(sys.executable).with_name("rehabkit").exists(),
    reason="console script not installed",
)
def test_console_script_from_another_directory(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("rehabkit")
    result = subprocess.run(
        [str(exe) if exe.exists() else "rehabkit", "validate", "runners-knee"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_validate_recognises_plans_and_logs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = ROOT / "docs" / "examples" / "progression"
    files = [str(examples / "plan-start.json"), str(examples / "log-steady.json")]
    assert main(["validate", *files]) == 0
    bad_log = tmp_path / "log.json"
    bad_log.write_text(
        '{"entries": [{"date": "2026-12-01", "exercise": "x", "next_morning": "awful"}]}'
    )
    capsys.readouterr()
    assert main(["validate", str(bad_log)]) == 1
    assert (
        "entries[0].next_morning: 'awful' is not one of: better, same, worse"
        in capsys.readouterr().out
    )
    assert main(["validate", "--kind", "protocol", str(bad_log)]) == 1
    assert "required field 'id' is missing" in capsys.readouterr().out


def test_terminal_escapes_in_files_are_shown_not_obeyed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((ROOT / "tests" / "data" / "valid" / "minimal.json").read_text())
    data["title"] = "Knee \x1b[2J\x1b]0;pwned\x07 \x9b31m plan"
    target = tmp_path / "p.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    # Control characters are not text: the file is refused, and nothing reaches the terminal.
    assert main(["show", str(target)]) == 1
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert "\x1b" not in stream and "\x9b" not in stream and "\x07" not in stream
    assert "title contains the character U+001B" in captured.err
    data["exercises"][0]["id"] = "Bad\x1b[31m"
    target.write_text(json.dumps(data), encoding="utf-8")
    assert main(["validate", str(target)]) == 1
    assert "\x1b" not in capsys.readouterr().out


def test_json_output_stays_valid_json_with_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((ROOT / "tests" / "data" / "valid" / "minimal.json").read_text())
    data["exercises"][0]["id"] = "Bad\x1b[31m\x9b"
    target = tmp_path / "p.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    assert main(["validate", "--format", "json", str(target)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report[0]["problems"][0]["value"] == "Bad\x1b[31m\x9b"
