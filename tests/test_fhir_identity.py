"""Issue 26: FHIR resources keep their identity, so a receiving system keeps one resource
per thing. Ids come from business identifiers (the plan's protocol, person, start and side;
the MRN; the clinician; a session's exercise, day and number), never from a hash of the whole
plan or a place in the log: ``advance`` keeps every id, the same MRN is the same Patient in
every plan, a longer log keeps every earlier Observation, and a new plan ``replaces`` the old.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import attrs
import pytest

import rehabkit as rk

from .helpers import run
from .log_strategies import START, personalise
from .test_fhir_conditions import _good_run

PEOPLE = {"patient": "Ann Lee", "patient_id": "MRN-0042", "clinician": "Dr Rae",
          "clinician_contact": "rae@clinic.example"}  # fmt: skip
SYSTEM = "urn:oid:2.16.840.1.113883.19.5"  # an organisation's MRN system (an example OID)


def plan(protocol_id: str = "runners-knee", **changes: Any) -> rk.Plan:
    chosen = PEOPLE | {"start": START, "side": "left"} | changes
    return personalise(rk.bundled(protocol_id), **chosen)


def bundle(document: Any, **options: Any) -> list[dict[str, Any]]:
    data = json.loads(rk.export(document, "fhir", identifier_system=SYSTEM, **options))
    return [e["resource"] for e in data["entry"]]


def ids(resources: list[dict[str, Any]], *kinds: str) -> dict[str, set[str]]:
    return {k: {r["id"] for r in resources if r["resourceType"] == k} for k in kinds}


PEOPLE_KINDS = ("CarePlan", "Patient", "Condition", "BodyStructure", "Practitioner")


def advanced(p: rk.Plan, exercise: str, on_day: int) -> rk.Plan:
    """The plan advanced after a good run of ``exercise`` ending on ``on_day``."""
    shift = dt.timedelta(days=on_day - 16)
    entries = [
        rk.SessionEntry(**{**_fields(e), "date": e.date + shift}) for e in _good_run(p, exercise)
    ]
    log = rk.SessionLog(patient=p.patient, patient_id=p.patient_id, entries=entries)
    nxt = rk.advance(p, rk.assess(p, log, on=START + dt.timedelta(days=on_day)))
    assert nxt != p, "the good run should move the plan on"
    return nxt


def _fields(e: rk.SessionEntry) -> dict[str, Any]:
    return {k: getattr(e, k) for k in ("exercise", "sets", "repetitions", "hold", "duration",
                                        "pain_during", "pain_after", "next_morning", "date")}  # fmt: skip


def test_advance_keeps_every_identity() -> None:
    first = plan()
    second = advanced(first, "wall-sit", 16)
    for version in ("R4", "R5"):
        before = bundle(first, fhir_version=version)
        after = bundle(second, fhir_version=version)
        assert ids(before, *PEOPLE_KINDS) == ids(after, *PEOPLE_KINDS)
        [a] = [r for r in before if r["resourceType"] == "CarePlan"]
        [b] = [r for r in after if r["resourceType"] == "CarePlan"]
        assert a["identifier"] == b["identifier"]


def test_the_same_mrn_is_the_same_patient_in_every_plan() -> None:
    knee, heel = bundle(plan()), bundle(plan("achilles-eccentric", side="right"))
    assert ids(knee, "Patient") == ids(heel, "Patient")
    assert ids(knee, "CarePlan") != ids(heel, "CarePlan")
    [patient] = [r for r in knee if r["resourceType"] == "Patient"]
    assert patient["identifier"] == [{"system": SYSTEM, "value": "MRN-0042"}]
    other = bundle(plan(patient_id="MRN-0043"))
    assert ids(other, "Patient") != ids(knee, "Patient")


def test_the_practitioner_has_an_identifier_and_one_id_in_every_plan() -> None:
    knee, heel = bundle(plan()), bundle(plan("achilles-eccentric", side="right"))
    [a] = [r for r in knee if r["resourceType"] == "Practitioner"]
    [b] = [r for r in heel if r["resourceType"] == "Practitioner"]
    assert a["identifier"] and a["identifier"] == b["identifier"] and a["id"] == b["id"]


def _log(days: int) -> rk.SessionLog:
    entries = [
        rk.SessionEntry(date=START + dt.timedelta(days=d), exercise=x, pain_during=d % 4,
                        session=s)
        for d in range(days) for x in ("wall-sit", "hip-abduction") for s in (None, 1)
    ]  # fmt: skip
    entries.append(rk.SessionEntry(date=START, exercise="wall-sit", pain_during=3))  # twice
    measurements = [rk.MeasurementEntry(date=START + dt.timedelta(days=d), name="knee_flexion",
                                        value=100 + d, unit=rk.Unit.DEGREE)
                    for d in range(days)]  # fmt: skip
    return rk.SessionLog(patient="Ann Lee", patient_id="MRN-0042", entries=entries,
                         measurements=measurements)  # fmt: skip


def _observations(log: rk.SessionLog, p: rk.Plan) -> dict[str, dict[str, Any]]:
    found = [r for r in bundle(log, plan=p) if r["resourceType"] == "Observation"]
    by_id = {r["id"]: r for r in found}
    assert len(by_id) == len(found)
    identifiers = [(i["system"], i["value"]) for r in found for i in r["identifier"]]
    assert len(set(identifiers)) == len(found) == len(identifiers)
    return by_id


def test_a_longer_log_keeps_every_earlier_observation() -> None:
    p = plan()
    today, tomorrow = _observations(_log(5), p), _observations(_log(6), p)
    assert set(today) < set(tomorrow)
    for key, o in today.items():
        assert tomorrow[key]["identifier"] == o["identifier"]


def test_a_later_review_keeps_every_earlier_review_observation() -> None:
    """Reviews (exported since the log reader's round trip) are identified by themselves,
    not by their place in the log: one added later changes no earlier id."""
    p = plan()
    first = rk.Review(date=START + dt.timedelta(days=1), clinician="Sam", note="restart")
    later = rk.Review(date=START + dt.timedelta(days=3), clinician="Sam", note="carry on")
    before = attrs.evolve(_log(5), reviews=(first,))
    after = attrs.evolve(_log(5), reviews=(first, later, first))  # the first logged twice
    today, tomorrow = _observations(before, p), _observations(after, p)
    assert set(today) < set(tomorrow) and len(tomorrow) == len(today) + 2


def test_a_new_plan_replaces_the_old_one() -> None:
    old = plan()
    new = plan(start=START + dt.timedelta(days=20))
    resources = bundle(new, replaces=old)
    plans = {r["id"]: r for r in resources if r["resourceType"] == "CarePlan"}
    [old_id] = ids(bundle(old), "CarePlan")["CarePlan"]
    [new_id] = ids(bundle(new), "CarePlan")["CarePlan"]
    assert set(plans) == {old_id, new_id}
    assert plans[new_id]["replaces"] == [
        {"type": "CarePlan", "identifier": plans[old_id]["identifier"][0],
         "display": old.protocol.title}
    ]  # fmt: skip
    assert plans[old_id]["status"] == "revoked"  # it had weeks to run
    assert plans[old_id]["period"]["end"] == new.start.isoformat()
    assert plans[new_id]["status"] == "active"
    assert len(ids(resources, "Patient")["Patient"]) == 1
    later = plan(start=old.end + dt.timedelta(days=1))
    [ended] = [r for r in bundle(later, replaces=old) if r["id"] == old_id]
    assert ended["status"] == "completed"


@pytest.mark.parametrize(
    ("old", "why"),
    [({}, "revision"), ({"patient_id": "MRN-9"}, "same person")],
)
def test_replaces_refuses_a_revision_or_another_person(old: dict[str, Any], why: str) -> None:
    with pytest.raises(rk.OptionError, match=why):
        rk.export(plan(), "fhir", replaces=plan(**old))


class Server:
    """A receiving system that upserts by id (a PUT): one resource per id, its newest."""

    def __init__(self) -> None:
        self.held: dict[tuple[str, str], dict[str, Any]] = {}

    def load(self, resources: list[dict[str, Any]]) -> None:
        for r in resources:
            self.held[(r["resourceType"], r["id"])] = r

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [r for (k, _), r in self.held.items() if k == kind]

    def duplicates(self) -> list[str]:
        """Business identifiers held by more than one resource."""
        seen: dict[tuple[str, str, str], str] = {}
        twice = []
        for (kind, rid), r in self.held.items():
            for i in r.get("identifier", []):
                key = (kind, i["system"], i["value"])
                if seen.setdefault(key, rid) != rid:
                    twice.append(f"{kind} {i['value']}")
        return twice


def test_a_clinics_round_trip_keeps_one_resource_per_thing() -> None:
    """Plan, advance twice, the log synced on three days, then a new plan: every resource
    keeps its identity, none is held twice, and the old plan is replaced."""
    server = Server()
    first = plan()
    server.load(bundle(first))
    second = advanced(first, "wall-sit", 16)
    server.load(bundle(second))
    third = advanced(second, "hip-abduction", 30)
    server.load(bundle(third))
    synced: set[str] = set()
    for days, p in ((3, second), (5, second), (8, third)):
        resources = bundle(_log(days), plan=p)
        now = {r["id"] for r in resources if r["resourceType"] == "Observation"}
        assert synced <= now  # every earlier Observation is the same resource
        synced = now
        server.load(resources)
    assert len(server.of("CarePlan")) == 1 and len(server.of("Patient")) == 1
    assert len(server.of("Condition")) == 1 and len(server.of("Practitioner")) == 1
    assert len(server.of("Observation")) == len(synced)
    assert server.of("CarePlan")[0] == next(
        r for r in bundle(third) if r["resourceType"] == "CarePlan"
    )
    renewed = plan(start=START + dt.timedelta(days=40))
    server.load(bundle(renewed, replaces=third))
    plans = {r["status"] for r in server.of("CarePlan")}
    assert plans == {"active", "revoked"} and len(server.of("CarePlan")) == 2
    assert len(server.of("Patient")) == 1
    assert server.duplicates() == []


def transaction(document: Any, **options: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        rk.export(document, "fhir", identifier_system=SYSTEM, bundle="transaction", **options)
    )
    return data


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_a_transaction_says_what_to_do_with_each_entry(version: str) -> None:
    """PUT at the id, except the clinic's own records (a Patient, a Practitioner with an
    identifier): created only when none has that identifier, never overwritten."""
    p = plan()
    for data in (transaction(p, fhir_version=version),
                 transaction(_log(2), plan=p, fhir_version=version),
                 transaction(p.protocol, fhir_version=version)):  # fmt: skip
        assert data["type"] == "transaction"
        for e in data["entry"]:
            r, request = e["resource"], e["request"]
            if r["resourceType"] in ("Patient", "Practitioner"):
                [i] = r["identifier"]
                assert request == {"method": "POST", "url": r["resourceType"],
                                   "ifNoneExist": "identifier=" + quote(
                                       f"{i['system']}|{i['value']}", safe="")}  # fmt: skip
            else:
                assert request == {"method": "PUT", "url": f"{r['resourceType']}/{r['id']}"}
    collection = json.loads(rk.export(p, "fhir", identifier_system=SYSTEM))
    assert collection["type"] == "collection" and "request" not in collection["entry"][0]


def test_a_transaction_is_a_valid_bundle() -> None:
    models = pytest.importorskip("fhir.resources.bundle")
    r4b = pytest.importorskip("fhir.resources.R4B.bundle")
    p = plan()
    for version, model in (("R4", r4b.Bundle), ("R5", models.Bundle)):
        data = transaction(
            p, fhir_version=version, replaces=plan(start=START - dt.timedelta(days=60))
        )
        assert json.loads(model.model_validate(data).model_dump_json(exclude_none=True)) == data


def test_the_bundle_option_is_checked_and_reaches_the_command(tmp_path: Path) -> None:
    with pytest.raises(rk.OptionError, match="collection or transaction"):
        rk.export(plan(), "fhir", bundle="batch")
    rk.dump(plan(), tmp_path / "plan.json")
    done = run("export", "plan.json", "--format", "fhir", "--option", "bundle=transaction",
               "-o", "plan.fhir.json", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "plan.fhir.json").read_text())["type"] == "transaction"


class TransactionServer(Server):
    """A server that processes a transaction: a conditional create finds the record with
    that identifier (and the Bundle's references then point at it), a PUT writes at the id."""

    def transact(self, data: dict[str, Any]) -> None:
        for e in data["entry"]:
            r, request = e["resource"], e["request"]
            if request["method"] == "POST":
                system, value = unquote(request["ifNoneExist"].removeprefix("identifier=")).split(
                    "|"
                )
                if any({"system": system, "value": value} in h.get("identifier", [])
                       for h in self.of(r["resourceType"])):  # fmt: skip
                    continue
            self.held[(r["resourceType"], r["id"])] = r


def test_a_clinics_round_trip_by_transactions() -> None:
    """The round trip loaded as transactions: one Patient, one CarePlan (revised twice,
    then replaced), every synced Observation once."""
    server = TransactionServer()
    first = plan()
    second = advanced(first, "wall-sit", 16)
    third = advanced(second, "hip-abduction", 30)
    for p in (first, second, third):
        server.transact(transaction(p))
    for days, p in ((3, second), (5, second), (8, third)):
        server.transact(transaction(_log(days), plan=p))
    server.transact(transaction(plan(start=START + dt.timedelta(days=40)), replaces=third))
    assert len(server.of("Patient")) == len(server.of("Practitioner")) == 1
    assert sorted(r["status"] for r in server.of("CarePlan")) == ["active", "revoked"]
    assert len(server.of("Observation")) == len(_observations(_log(8), third))
    assert server.duplicates() == []


def test_the_command_exports_a_plan_that_replaces_another(tmp_path: Path) -> None:
    old, new = plan(), plan(start=START + dt.timedelta(days=20))
    rk.dump(old, tmp_path / "old.json")
    rk.dump(new, tmp_path / "new.json")
    done = run("export", "new.json", "--replaces", "old.json", "--format", "fhir",
               "-o", "new.fhir.json", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "new.fhir.json").read_text()) == json.loads(
        rk.export(new, "fhir", replaces=old)
    )
    for args in (("old.json", "--replaces", "old.json", "--format", "fhir"),  # a revision
                 ("old.json", "--replaces", "old.json", "--format", "json")):  # fmt: skip
        done = run("export", *args, "-o", "x", cwd=tmp_path)
        assert done.returncode == 2 and "replaces" in done.stderr and "Traceback" not in done.stderr


TOOLS = Path(__file__).parent / "fhir_tools"


@pytest.mark.skipif(
    shutil.which("node") is None or not (TOOLS / "node_modules" / "@medplum").is_dir(),
    reason="node or the FHIR checkers are not installed: run scripts/install-test-tools",
)
@pytest.mark.parametrize("version", ["R4", "R5"])
def test_transactions_pass_the_independent_checkers(version: str) -> None:
    """Medplum (R4) and every invariant by fhirpath.js, on transactions (bdl-3: each
    entry's request) of a plan replacing another, its log and its protocol."""
    p = plan()
    old = plan(start=START - dt.timedelta(days=60))
    bundles = [transaction(p, fhir_version=version, replaces=old),
               transaction(_log(2), plan=p, fhir_version=version),
               transaction(p.protocol, fhir_version=version)]  # fmt: skip
    done = subprocess.run(
        [str(shutil.which("node")), str(TOOLS / "check.mjs")],
        input=json.dumps({"version": version, "resources": bundles}),
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    assert json.loads(done.stdout) == []


def _activity_extensions(resources: list[dict[str, Any]], version: str) -> list[dict[str, Any]]:
    if version == "R4":
        [care_plan] = [r for r in resources if r["resourceType"] == "CarePlan"]
        return [a["detail"] for a in care_plan["activity"]]
    return [r for r in resources if r["resourceType"] == "ServiceRequest"]


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_a_plans_progress_is_visible_in_both_versions(version: str) -> None:
    """After advancing a wall sit to a deeper angle, the activity says the new angle and
    when its level began (R4 had neither, so its conditions read sessions from the start)."""
    first = plan()
    second = advanced(first, "wall-sit", 16)
    base = "https://rehabkit.dev/fhir/StructureDefinition/"
    for p in (first, second):
        found = _activity_extensions(bundle(p, fhir_version=version), version)
        for item, activity in zip(p.exercises, found, strict=True):
            ext = {x["url"].removeprefix(base): x for x in activity["extension"]}
            since = (item.since or p.start).isoformat()
            assert ext["exercise-level-start"]["valueDate"] == since
            angles = [x for x in activity["extension"] if x["url"].endswith("joint-angle")]
            lows = [x["extension"][2]["valueRange"]["low"]["value"] for x in angles]
            assert lows == [
                getattr(j.angle, "value", getattr(j.angle, "low", None)) for j in item.joint_angles
            ]
            if version == "R5":
                assert activity["authoredOn"] == since
    assert bundle(first, fhir_version=version) != bundle(second, fhir_version=version)


@pytest.mark.parametrize(
    ("contact", "system"),
    [("rae@clinic.example", "email"), ("+44 20 7946 0000", "other"), ("Ward 7, ext 2231", "other")],
)
def test_the_clinicians_contact_says_what_it_is(contact: str, system: str) -> None:
    [who] = [
        r for r in bundle(plan(clinician_contact=contact)) if r["resourceType"] == "Practitioner"
    ]
    assert who["telecom"] == [{"system": system, "value": contact}]


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_the_care_plan_is_an_assessment_and_plan(version: str) -> None:
    [care_plan] = [
        r for r in bundle(plan(), fhir_version=version) if r["resourceType"] == "CarePlan"
    ]
    assert care_plan["category"] == [{"coding": [{
        "system": "http://hl7.org/fhir/us/core/CodeSystem/careplan-category", "code": "assess-plan"}]}]  # fmt: skip


def test_the_package_index_is_version_2_with_each_derivation() -> None:
    """fhir-package-installer and fhir-snapshot-generator trust .index.json: version 2, and
    each StructureDefinition's derivation in it."""
    with tarfile.open(fileobj=io.BytesIO(rk.fhir_package([rk.bundled("runners-knee")]))) as tar:
        member = tar.extractfile("package/.index.json")
        assert member is not None
        index = json.load(member)
    assert index["index-version"] == 2
    sds = [f for f in index["files"] if f["resourceType"] == "StructureDefinition"]
    assert sds and all(f["derivation"] == "constraint" for f in sds)
    systems = [f for f in index["files"] if f["resourceType"] == "CodeSystem"]
    assert systems and all(f["content"] == "complete" for f in systems)
