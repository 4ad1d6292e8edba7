"""Bad input is a problem or an error, never a traceback, and output is never lost or
forged: files, the terminal, bounds, exporter options (issue 8; each case gave a traceback
or lost data on main)."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import rehabkit as rk
from rehabkit._app.cli import main

# ------------------------------------------------------------------ tracebacks -> errors


def test_a_lone_surrogate_is_a_problem_with_its_path() -> None:
    data = rk.to_data(rk.bundled("runners-knee"))
    data["title"] = "Knee \ud800"
    [problem] = rk.validate(data)
    assert problem.path == "title"
    assert "U+D800" in problem.message


@pytest.mark.parametrize("bad", ["\x00", "\x1b[31m", "\ufeff"])
def test_control_characters_are_refused_at_validation(bad: str) -> None:
    data = rk.to_data(rk.bundled("runners-knee"))
    data["exercises"][0]["steps"][1] = f"Straighten {bad} the knee."
    [problem] = rk.validate(data)
    assert problem.path == "exercises[0].steps"
    assert "U+" in problem.message


def test_newlines_and_tabs_in_text_stay_allowed() -> None:
    data = rk.to_data(rk.bundled("runners-knee"))
    data["summary"] = "Two lines:\n\tthe second indented."
    assert rk.validate(data) == []


@pytest.mark.parametrize(
    "doc",
    [{"exercises": [{"id": []}]}, {"exercises": [{"id": {}}]},
     {"progression_rules": [{"exercise": ["x"], "direction": {}}]},
     {"measurements": [{"name": []}], "phases": [{"entry_criteria": [{"measurement": {}}]}]}],
)  # fmt: skip
def test_lists_and_objects_where_ids_belong_are_problems(doc: dict[str, object]) -> None:
    problems = rk.validate(doc)
    assert problems and all(isinstance(p, rk.Problem) for p in problems)


@pytest.mark.parametrize(
    "text",
    ["title: !!float x", "title: !!int x", "title: !!bool maybe", "title: !!map x",
     "version: " + "9" * 5000, "version: 0x" + "f" * 5000],
)  # fmt: skip
def test_odd_yaml_is_a_problem(text: str) -> None:
    pytest.importorskip("yaml")
    with pytest.raises(rk.ValidationError):
        rk.loads(text, yaml=True)


def test_a_huge_json_integer_is_a_problem() -> None:
    with pytest.raises(rk.ValidationError, match="digits"):
        rk.loads('{"version": ' + "9" * 5000 + "}")


def test_every_model_complaint_is_a_rehabkit_error() -> None:
    with pytest.raises(rk.RehabkitError):
        rk.Frequency(times=0)
    with pytest.raises(rk.RehabkitError):
        rk.Range(5, 1, rk.Unit.DEGREE)
    with pytest.raises(rk.RehabkitError):
        rk.personalise(rk.bundled("runners-knee"), start="2026-12-01", weeks=0)


def test_a_plan_that_would_end_after_9999_is_refused() -> None:
    with pytest.raises(rk.RehabkitError, match="9999"):
        rk.personalise(rk.bundled("runners-knee"), start="9999-12-01")


@pytest.mark.parametrize(
    "option",
    [["--start", "9999-12-01"], ["--weeks", "0"], ["--weeks", "-1"], ["--frequency", "0/d"],
     ["--frequency", "1/999999999d"], ["--patient", ""], ["--start", "2026-02-30"]],
)  # fmt: skip
def test_bad_option_values_are_usage_errors(
    option: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = str(tmp_path / "p.json")
    assert main(["export", "runners-knee", "--format", "json", *option, "-o", target]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


# ------------------------------------------------------------------ output safety


def test_a_missing_folder_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no" / "such" / "x.json"
    assert main(["export", "runners-knee", "--format", "json", "-o", str(target)]) == 1
    assert "no/such" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_folder_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    assert main(["export", "runners-knee", "--format", "json", "-o", str(folder / "x.json")]) == 1


def test_a_full_disk_on_stdout_is_an_error() -> None:
    code = "import sys; from rehabkit._app.cli import main; sys.exit(main(sys.argv[1:]))"
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-c", code, "export", "runners-knee", "--format", "json", "-o", "-"],
            stdout=full, stderr=subprocess.PIPE, text=True, check=False,
        )  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "No space left" in done.stderr


@pytest.mark.parametrize("kind", ["fifo", "directory", "symlink"])
def test_force_never_replaces_anything_but_a_regular_file(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "out.json"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "directory":
        target.mkdir()
    else:
        (tmp_path / "real.json").write_text("{}")
        target.symlink_to(tmp_path / "real.json")
    args = ["export", "runners-knee", "--format", "json", "-o", str(target), "--force"]
    assert main(args) == 1
    assert not target.is_file() or target.is_symlink()
    assert (tmp_path / "real.json").read_text() == "{}" if kind == "symlink" else True


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_force_refuses_a_device(tmp_path: Path) -> None:
    # A device node of our own (a copy of /dev/null's numbers), so that a regression can
    # never replace the machine's /dev/null, as main did when run as root.
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    with pytest.raises(rk.RehabkitError, match="not a regular file"):
        rk.dump(rk.bundled("runners-knee"), device, overwrite=True)
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_new_files_honour_the_umask_and_replaced_files_keep_their_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "plan.json"
        rk.dump(rk.bundled("runners-knee"), target)
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o640)
        rk.dump(rk.bundled("runners-knee"), target, overwrite=True)
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    finally:
        os.umask(old)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_a_write_leaves_no_temporary_file(tmp_path: Path, signum: int) -> None:
    # The process is killed while the handout sits in its temporary file, before the rename.
    script = f"""
import os, sys
from rehabkit._documents import api as _io
from rehabkit._app.cli import main
real = os.fsync
def killed(fd):
    real(fd)
    os.kill(os.getpid(), {int(signum)})
os.fsync = killed
sys.exit(main(["export", "runners-knee", "--format", "json", "--patient", "Ana Lopez",
               "--start", "2026-12-01", "-o", {str(tmp_path / "plan.json")!r}]))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 128 + signum, done.stderr
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ terminal output


def test_newlines_and_bidi_controls_in_values_cannot_forge_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = rk.to_data(rk.bundled("runners-knee"))
    data["title"] = "Knee\nrehabkit: wrote /etc/passwd \u202egnp.exe"
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\nrehabkit: wrote /etc/passwd" not in out
    assert "\u202e" not in out and "\\u202e" in out


# ------------------------------------------------------------------ reading and FHIR text


def test_a_named_pipe_with_no_writer_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "protocol.json"
    os.mkfifo(fifo)
    [problem] = rk.validate(fifo)
    assert "not a regular file" in problem.message


def test_r5_instruction_markdown_is_literal_text() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    data = rk.to_data(rk.bundled("runners-knee"))
    hostile = "<script>alert(1)</script> [x](javascript:alert(1)) **bold** <img src=x>"
    data["exercises"][0]["feel"] = hostile
    plan = rk.personalise(rk.from_data(data), start="2026-12-01")
    bundle = json.loads(rk.export(plan, "fhir", fhir_version="R5"))
    [markdown] = [
        e["resource"]["patientInstruction"][0]["instructionMarkdown"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "ServiceRequest"
        and e["resource"]["code"]["concept"]["text"] == "Inner Range Quads"
    ]
    html = markdown_it.MarkdownIt("commonmark").render(markdown)
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<strong>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, word for word


# ------------------------------------------------------------------ bounds


def test_a_list_beyond_its_bound_is_refused_before_any_schema_walk(tmp_path: Path) -> None:
    # main: a 1.9 MB file of 120,000 stub exercises took 30 s and 1.8 GB to validate.
    data = rk.to_data(rk.bundled("runners-knee"))
    data["exercises"] = [{"id": f"e{i}"} for i in range(120_000)]
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(data, separators=(",", ":")))
    assert path.stat().st_size < 2_000_000
    problems = rk.validate(path)
    assert [p.path for p in problems] == ["exercises"]
    assert "at most 50" in problems[0].message


def test_bounds_hold_for_objects_built_in_python() -> None:
    knee = rk.bundled("runners-knee")
    many = [attrs.evolve(knee.exercises[0], id=f"e{i}") for i in range(51)]
    with pytest.raises(rk.ValidationError, match="at most 50"):
        attrs.evolve(knee, exercises=many, progression_rules=())


def test_a_log_beyond_its_bound_is_refused() -> None:
    entries = [{"date": "2026-12-01", "exercise": "wall-sit"}] * 5001
    [problem] = rk.validate({"entries": entries}, rk.SessionLog)
    assert problem.path == "entries" and "at most 5,000" in problem.message


# ------------------------------------------------------------------ exporter options


@pytest.mark.parametrize(
    ("option", "message"),
    [("paper=5", "paper must be"), ("paper=null", "paper must be"),
     ("pdf_standard=1", "pdf_standard must be"), ("font_paths=5", "font_paths must be")],
)  # fmt: skip
def test_wrong_option_types_are_one_line_errors(
    option: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "h.pdf"
    assert (
        main(["export", "runners-knee", "--format", "pdf", "--option", option, "-o", str(target)])
        == 2
    )
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and "AttributeError" not in err
    assert not target.exists()


def test_exporters_lists_options_and_a_missing_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["exporters"]) == 0
    assert "options: paper, pdf_standard, font_paths" in capsys.readouterr().out
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "typst" else real(name, *a)
    )
    assert main(["exporters"]) == 0
    out = capsys.readouterr().out
    assert "not installed: needs typst: pip install 'rehabkit[pdf]'" in out


def test_a_character_no_font_has_names_its_field_and_the_fix() -> None:
    pytest.importorskip("typst")
    data = rk.to_data(rk.bundled("runners-knee"))
    data["exercises"][2]["name"] = "Clam 貝"
    plan = rk.personalise(rk.from_data(data), start="2026-12-01")
    with pytest.raises(rk.ExportError) as exc:
        rk.export(plan, "pdf")
    message = str(exc.value)
    assert "protocol.exercises[2].name" in message and "font_paths" in message
    assert "U+8C9D" in message


def test_huge_periods_are_problems_not_hours_of_work() -> None:
    # main: "period_max": 10000000 made personalise take 26 s and 1.2 GB; 1e9 never ended.
    data = rk.to_data(rk.bundled("runners-knee"))
    data["default_dosage"]["frequency"]["period_max"] = 10_000_000
    data["exercises"][0]["dosage"]["frequency"] = {"times": 1, "period": 999_999_999}
    paths = {p.path for p in rk.validate(data)}
    assert {"default_dosage.frequency.period_max", "exercises[0].dosage.frequency.period"} <= paths


def test_a_name_from_a_latin_1_terminal_is_a_usage_error(tmp_path: Path) -> None:
    code = "import sys; from rehabkit._app.cli import main; sys.exit(main(sys.argv[1:]))"
    args = [sys.executable.encode(), b"-c", code.encode(), b"export", b"runners-knee",
            b"--format", b"json", b"--patient", b"Ana \xff", b"--start", b"2026-12-01",
            b"-o", str(tmp_path / "p.json").encode()]  # fmt: skip
    done = subprocess.run(args, capture_output=True, check=False)
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr and b"U+DCFF" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_rule_direction_that_is_not_text_is_a_problem_not_a_crash() -> None:
    """Found by the YAML fuzz test in CI: ``direction: {}`` raised TypeError."""
    data = rk.to_data(rk.bundled("runners-knee"))
    data["progression_rules"][0]["direction"] = {"up": 1}
    with pytest.raises(rk.ValidationError) as caught:
        rk.from_data(data)
    assert any(p.path == "progression_rules[0].direction" for p in caught.value.problems)
