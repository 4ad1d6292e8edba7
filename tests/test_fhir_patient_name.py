"""Issue 26: "the Patient has only name.text". A plan may keep the person's family and given
names (for records), and the FHIR Patient then has them beside the printed name; a printed
name alone is never split (names do not split the same way everywhere)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import rehabkit as rk
from rehabkit._app.cli import main

START = "2026-12-01"


def _patient(plan: rk.Plan, version: str = "R4") -> dict[str, Any]:
    bundle = json.loads(rk.export(plan, "fhir", fhir_version=version))
    return next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )


def _plan(**names: Any) -> rk.Plan:
    return rk.personalise(rk.bundled("runners-knee"), start=START, side="left", **names)


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_a_name_in_parts_is_exported_in_parts(version: str) -> None:
    plan = _plan(patient="Ana María López García", patient_family="López García",
                 patient_given=["Ana", "María"])  # fmt: skip
    name = _patient(plan, version)["name"]
    assert name == [
        {"text": "Ana María López García", "family": "López García", "given": ["Ana", "María"]}
    ]
    models = pytest.importorskip("fhir.resources.patient")
    r4b = pytest.importorskip("fhir.resources.R4B.patient")
    model = r4b.Patient if version == "R4" else models.Patient
    model.model_validate(_patient(plan, version))


def test_a_printed_name_alone_is_never_split() -> None:
    assert _patient(_plan(patient="Ana López"))["name"] == [{"text": "Ana López"}]
    assert "name" not in _patient(_plan())


def test_the_parts_are_kept_by_the_plan_file_and_read_back(tmp_path: Path) -> None:
    plan = _plan(patient="Ana López", patient_family="López", patient_given=["Ana"])
    rk.dump(plan, tmp_path / "plan.json")
    again = rk.load(tmp_path / "plan.json", rk.Plan)
    assert (again.patient_family, again.patient_given) == ("López", ("Ana",))
    assert again == plan


def test_a_blank_part_is_refused_with_its_path(tmp_path: Path) -> None:
    data = rk.to_data(_plan(patient="Ana López"))
    data["patient_given"] = ["Ana", " "]
    data["patient_family"] = ""
    (tmp_path / "plan.json").write_text(json.dumps(data))
    paths = {p.path for p in rk.validate(tmp_path / "plan.json", rk.Plan)}
    assert {"patient_family", "patient_given[1]"} <= paths, paths
    with pytest.raises(rk.FieldError):
        _plan(patient_given=[""])


def test_the_command_line_takes_the_parts(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    argv = ["export", "runners-knee", "--format", "json", "--patient", "Ana López",
            "--patient-family", "López", "--patient-given", "Ana", "--side", "left",
            "--start", START, "-o", str(out)]  # fmt: skip
    assert main(argv) == 0
    plan = rk.load(out, rk.Plan)
    assert (plan.patient_family, plan.patient_given) == ("López", ("Ana",))
