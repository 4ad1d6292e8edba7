"""`rehabkit export`: atomic, never overwrites unless asked, clear when an extra is missing."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

import rehabkit as rk
from rehabkit._app.cli import main

from .helpers import run
from .pdf_reading import pypdf_text


def test_default_file_name_and_refusal_to_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", "runners-knee", "--format", "json"]) == 0
    target = tmp_path / "runners-knee.json"
    assert rk.load(target) == rk.bundled("runners-knee")
    target.write_text("keep me")
    assert main(["export", "runners-knee", "--format", "json"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "keep me"
    assert main(["export", "runners-knee", "--format", "json", "--force"]) == 0
    assert rk.load(target) == rk.bundled("runners-knee")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["runners-knee.json"]


def test_personalise_then_export_a_plan_file(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    args = ["export", "runners-knee", "--format", "json", "--patient", "Ana Lopez", "--side", "left",
            "--start", "2026-12-01", "--frequency", "alternate-days", "--weeks", "4",
            "--clinician", "Sam", "-o", str(plan_file)]  # fmt: skip
    assert main(args) == 0
    plan = rk.load(plan_file, rk.Plan)
    assert plan.patient == "Ana Lopez"
    assert plan.frequency == rk.Frequency(1, 2)
    assert len(plan.session_dates()) == 14
    fhir = tmp_path / "plan.fhir.json"
    assert (
        main(
            [
                "export",
                str(plan_file),
                "--format",
                "fhir",
                "--option",
                "fhir_version=R5",
                "-o",
                str(fhir),
            ]
        )
        == 0
    )
    kinds = {e["resource"]["resourceType"] for e in json.loads(fhir.read_text())["entry"]}
    assert {"CarePlan", "Patient", "Condition", "ServiceRequest"} <= kinds


def test_plan_file_refuses_personalisation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.json"
    rk.dump(rk.personalise(rk.bundled("runners-knee"), start="2026-12-01"), plan_file)
    assert main(["export", str(plan_file), "--format", "json", "--patient", "X", "-o", "-"]) == 1
    assert "already a plan" in capsys.readouterr().err


def test_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", "runners-knee", "--format", "json", "-o", "-"]) == 0
    assert rk.loads(capsysbinary.readouterr().out) == rk.bundled("runners-knee")


def test_bad_inputs_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = [  # a bad value for a plan option is a usage error (2)
        (["export", "runners-knee", "--format", "json", "--start", "2026-02-30", "-o", "-"], "not a date", 2),
        (["export", "runners-knee", "--format", "json", "--frequency", "hourly", "--start", "2026-12-01", "-o", "-"], "cannot read frequency", 2),
        (["export", "runners-knee", "--format", "fhir", "--option", "nokey", "-o", "-"], "key=value", 1),
        (["export", "nope", "--format", "json"], "neither a file nor a bundled protocol", 1),
        (["export", "runners-knee", "--format", "jsn"], "did you mean 'json'", 1),
        (["export", str(Path(__file__).parent / "data" / "invalid" / "zero-sets.json"), "--format", "json"], "default_dosage.sets", 1),
    ]  # fmt: skip
    for args, message, code in cases:
        assert main(args) == code, args
        err = capsys.readouterr().err
        assert message in err, (args, err)
        assert "Traceback" not in err


def test_missing_pdf_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "typst", None)  # as if the extra were not installed
    code = main(["export", "runners-knee", "--format", "pdf", "-o", str(tmp_path / "h.pdf")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == (
        "rehabkit: the pdf exporter needs the pdf extra (typst is not installed):"
        " pip install 'rehabkit[pdf]' once rehabkit is on PyPI;"
        " from a checkout of rehabkit, pip install -e '.[pdf]'"
    )
    assert not (tmp_path / "h.pdf").exists()


def test_import_is_lazy() -> None:
    code = (
        "import sys, rehabkit; rehabkit.bundled_ids();"
        "heavy = ('typst', 'jsonschema', 'fhir', 'pypdf', 'yaml', 'rehabkit._formats.handout.pdf',"
        " 'rehabkit._formats.fhir.export', 'rehabkit._formats.json_format');"
        "print([m for m in sys.modules if m.startswith(heavy)])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_event_dates_a_protocol_that_needs_one(tmp_path: Path) -> None:
    """Issue 22, finding 9: --event NAME=DATE personalises a protocol with a surgery date."""
    plan_file, handout = tmp_path / "plan.json", tmp_path / "handout.pdf"
    common = ["acl-early-rehab", "--event", "surgery=2026-11-20", "--start", "2026-11-21"]
    assert main(["export", *common, "-o", str(plan_file)]) == 0
    assert json.loads(plan_file.read_text())["events"] == [{"id": "surgery", "date": "2026-11-20"}]
    assert rk.load(plan_file, rk.Plan).event_date("surgery") == dt.date(2026, 11, 20)
    assert main(["export", *common, "--patient", "Ana Lopez", "-o", str(handout)]) == 0
    text = pypdf_text(handout)
    assert "Surgery" in text and "Ana Lopez" in text


def test_event_may_repeat_for_a_protocol_with_several_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(rk.dumps(rk.bundled("acl-early-rehab")))
    data["events"].append({"id": "injury", "name": "Injury"})
    protocol = tmp_path / "two-events.json"
    protocol.write_text(json.dumps(data))
    args = ["export", str(protocol), "--format", "json", "--start", "2026-11-21", "-o", "-"]
    dated = ["--event", "injury=2026-10-01", "--event", "surgery=2026-11-20"]
    assert main([*args, *dated]) == 0
    plan = rk.loads(capsys.readouterr().out, rk.Plan)
    assert {e.id: e.date.isoformat() for e in plan.events} == {
        "injury": "2026-10-01", "surgery": "2026-11-20"
    }  # fmt: skip
    assert main([*args, "--event", "surgery=2026-11-20"]) == 2
    err = capsys.readouterr().err
    assert "the plan needs the date of event 'injury'" in err
    assert "--event injury=YYYY-MM-DD" in err


@pytest.mark.parametrize(
    ("events", "messages"),
    [
        (["surgery=2026-13-40"], ["--event surgery", "'2026-13-40' is not a date YYYY-MM-DD"]),
        (["injury=2026-11-20"], ["no event 'injury'", "surgery"]),
        (["surgery"], ["--event takes NAME=DATE", "'surgery'"]),
        (["=2026-11-20"], ["--event takes NAME=DATE"]),
        (["surgery=2026-11-20", "surgery=2026-11-21"], ["--event surgery is given twice"]),
        ([], ["the plan needs the date of event 'surgery'", "--event surgery=YYYY-MM-DD"]),
    ],
)
def test_a_wrong_or_missing_event_is_a_usage_error_naming_it(
    events: list[str], messages: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["export", "acl-early-rehab", "--format", "json", "--start", "2026-11-21", "-o", "-"]
    assert main([*args, *(a for e in events for a in ("--event", e))]) == 2
    err = capsys.readouterr().err
    assert all(m in err for m in messages), err
    assert "Traceback" not in err and err.count("\n") == 1


def test_an_event_of_a_protocol_without_events_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["export", "runners-knee", "--format", "json", "--event", "surgery=2026-11-20"]
    assert main([*args, "-o", "-"]) == 2
    assert "runners-knee declares no events" in capsys.readouterr().err


def test_event_is_refused_for_a_plan_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.json"
    rk.dump(rk.personalise(rk.bundled("runners-knee"), start="2026-12-01"), plan_file)
    args = ["export", str(plan_file), "--format", "json", "--event", "surgery=2026-11-20"]
    assert main([*args, "-o", "-"]) == 1
    assert "already a plan" in capsys.readouterr().err


def test_the_event_option_is_checked_in_its_own_process(tmp_path: Path) -> None:
    done = run("export", "acl-early-rehab", "--event", "surgery=2026-13-40", "-o", "p.json",
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 2 and "'2026-13-40' is not a date" in done.stderr, done.stderr
    assert not (tmp_path / "p.json").exists()
