"""Issue 15: a protocol checked against CERT and TIDieR, item by item. Each item has a test
with a protocol that describes it and one that lacks it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import rehabkit as rk
from rehabkit._app.cli import main
from rehabkit._model.reporting import REPORTING_WORDS
from rehabkit._view.reporting import CHECKLISTS

ROOT = Path(__file__).parents[1]
KNEE = rk.to_data(rk.bundled("runners-knee"))
S = rk.ItemStatus


def _described() -> dict[str, Any]:
    """runners-knee with every reporting item given in its words (text for text-only)."""
    data = copy.deepcopy(KNEE)
    data["reporting"] = {
        name: {"kinds": sorted(words)[:1]} if words else {"text": f"The {name}."}
        for name, (words, _) in REPORTING_WORDS.items()
    }
    data["reporting"]["tailoring"] = {"kinds": ["tailored"], "text": "By the progression rules."}
    return data


def _lacking() -> dict[str, Any]:
    """runners-knee with nothing a checklist reads but what a protocol must have."""
    data = copy.deepcopy(KNEE)
    for key in ("reporting", "summary", "duration"):
        data.pop(key, None)
    data["progression_rules"] = []
    data["default_dosage"].pop("frequency")
    for ex in data["exercises"]:
        for key in ("equipment", "harder", "easier", "starting_position"):
            ex.pop(key, None)
        ex.get("dosage", {}).pop("frequency", None)
    return data


HAS = rk.from_data(_described(), rk.Protocol)
LACKS = rk.from_data(_lacking(), rk.Protocol)
# What a protocol lacking everything optional still answers in part: who supervises it (a
# required field), the handout rehabkit prints as its materials, and each exercise's
# steps (required) without a starting position.
PARTLY_WHEN_LACKING = {
    ("cert", "2"), ("cert", "4"), ("cert", "8"), ("tidier", "3"), ("tidier", "4"),
    ("tidier", "5"),
}  # fmt: skip
# The format requires what answers these: a protocol that lacks it is not a protocol.
REQUIRED = {("tidier", "1"): "title"}
ITEMS = [
    (checklist, number) for checklist, (_, items) in CHECKLISTS.items() for number, _, _ in items
]


def _status(protocol: rk.Protocol, checklist: str, number: str) -> rk.ItemStatus:
    return next(i.status for i in rk.report(protocol, checklist).items if i.number == number)


@pytest.mark.parametrize(("checklist", "number"), ITEMS, ids=[f"{c}-{n}" for c, n in ITEMS])
def test_each_item_with_a_protocol_that_has_it_and_one_that_lacks_it(
    checklist: str, number: str
) -> None:
    trial = _status(HAS, checklist, number) is S.NOT_APPLICABLE
    if trial:  # what a trial reports of its delivery: never a protocol's to say
        assert _status(LACKS, checklist, number) is S.NOT_APPLICABLE
        return
    assert _status(HAS, checklist, number) is S.DESCRIBED
    if (checklist, number) in REQUIRED:
        field = REQUIRED[(checklist, number)]
        data = _lacking()
        del data[field]
        assert [p.path for p in rk.validate(data)] == [field]  # refused, with its path
        return
    expected = S.PARTLY if (checklist, number) in PARTLY_WHEN_LACKING else S.MISSING
    assert _status(LACKS, checklist, number) is expected


def test_the_checklists_have_their_items() -> None:
    assert [n for n, _, _ in CHECKLISTS["cert"][1]] == [
        "1", "2", "3", "4", "5", "6", "7a", "7b", "8", "9", "10", "11", "12", "13",
        "14a", "14b", "15", "16a", "16b",
    ]  # fmt: skip
    assert [n for n, _, _ in CHECKLISTS["tidier"][1]] == [str(n) for n in range(1, 13)]
    assert "Br J Sports Med 2016;50(23):1428-1437" in CHECKLISTS["cert"][0]
    assert "BMJ 2014;348:g1687" in CHECKLISTS["tidier"][0]


def test_free_text_alone_is_only_partly_and_not_reported_is_answered() -> None:
    data = _lacking()
    data["reporting"] = {
        "setting": {"text": "Wherever suits."},
        "adherence": {"not_reported": True},
    }
    protocol = rk.from_data(data, rk.Protocol)
    assert _status(protocol, "cert", "12") is S.PARTLY
    assert _status(protocol, "cert", "5") is S.NOT_REPORTED and S.NOT_REPORTED.answered
    assert _status(protocol, "cert", "14b") is S.MISSING  # no rules, nothing said


def test_words_outside_an_items_list_are_refused_with_their_path() -> None:
    data = _lacking()
    data["reporting"] = {
        "setting": {"kinds": ["beach"]},
        "format": {"kinds": ["individual", "group"]},
    }
    paths = {p.path for p in rk.validate(data)}
    assert {"reporting.setting.kinds[0]", "reporting.format.kinds"} <= paths
    with pytest.raises(rk.FieldError, match="setting takes clinic, community"):
        rk.Reporting(setting=rk.Statement(kinds=("beach",)))
    with pytest.raises(rk.FieldError, match="needs kinds, text or not_reported"):
        rk.Statement()


def test_runners_knee_answers_every_item_from_its_article() -> None:
    knee = rk.bundled("runners-knee")
    for checklist, total in (("cert", 19), ("tidier", 12)):
        result = rk.report(knee, checklist)
        assert result.missing() == [] and len(result.items) == total
        assert result.summary().startswith(f"{result.name} {total}/{total} answered")


def test_the_three_outputs_say_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    result = rk.report(LACKS, "cert")
    data = result.to_data()
    assert [i["status"] for i in data["items"]] == [i.status.value for i in result.items]
    assert data["answered"] == sum(i.status.answered for i in result.items)
    markdown = result.to_markdown()
    assert markdown.count("\n| ") == len(result.items) + 1  # header and one row each
    assert main(["report", "cert", "runners-knee", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == rk.report(rk.bundled("runners-knee")).to_data()


def test_require_fails_the_run_only_for_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lacking.json"
    path.write_text(json.dumps(_lacking()), encoding="utf-8")
    assert main(["report", "cert", str(path)]) == 0  # a report alone never fails
    assert main(["report", "cert", str(path), "--require"]) == 1
    err = capsys.readouterr().err
    assert "CERT item 5 is missing: How adherence is measured" in err
    assert main(["report", "cert", str(path), "--require", "8,13"]) == 1  # 8: no positions
    assert main(["report", "cert", "runners-knee", "--require"]) == 0
    assert main(["report", "tidier", "runners-knee", "--require", "1,2,13"]) == 2
    assert "tidier has no item '13'" in capsys.readouterr().err


def test_the_docs_show_each_bundled_protocols_reports_as_they_are() -> None:
    """docs/reporting.md, item by item for every bundled protocol (regenerate it with
    docs/tools/reporting_tables.py), and its table of each item's words."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "reporting_tables", ROOT / "docs" / "tools" / "reporting_tables.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    page = (ROOT / "docs" / "reporting.md").read_text(encoding="utf-8")
    assert page == tool.page()
    assert page.count("**CERT** for") == page.count("**TIDieR** for") == len(rk.bundled_ids())
    for name, (words, most) in REPORTING_WORDS.items():
        row = next(line for line in page.splitlines() if line.startswith(f"| `{name}` |"))
        listed = row.split("|")[3].split("(")[0].split(";")[0].strip()
        assert set(listed.split(", ")) == (set(words) or {"text only"}), name
        assert ("(one)" in row) == (most == 1), name


def test_the_json_example_of_the_docs_is_valid() -> None:
    from .docs_helpers import blocks

    [(_, code, _)] = blocks(ROOT / "docs" / "reporting.md", ("json",))
    data = _lacking()
    data.update(json.loads("{" + code + "}"))
    protocol = rk.from_data(data, rk.Protocol)
    assert _status(protocol, "cert", "12") is S.DESCRIBED  # "setting": {"kinds": ["home"]}
    assert _status(protocol, "cert", "3") is S.NOT_REPORTED


# --------------------------------------------------------------------------- provenance
# Issue 23: each answer says who gives it, the cells hold the rule text at its exact path.

P = rk.Provenance


def _attributed(**statements: dict[str, Any]) -> dict[str, Any]:
    """runners-knee with its editors' entry marked editorial and ``statements`` as its
    reporting."""
    data = copy.deepcopy(KNEE)
    for source in data["sources"]:
        source["editorial"] = source["id"] == "editors"
    data["reporting"] = statements
    return data


def _item(protocol: rk.Protocol, checklist: str, number: str) -> rk.ReportItem:
    return next(i for i in rk.report(protocol, checklist).items if i.number == number)


def test_a_derived_item_citing_only_the_editors_is_the_editors() -> None:
    data = _attributed()
    for rule in data["progression_rules"]:
        rule["sources"] = ["editors"]
        for criterion in rule["criteria"]:
            criterion["sources"] = ["editors"]
    protocol = rk.from_data(data, rk.Protocol)
    assert _item(protocol, "cert", "7a").provenance == (P.EDITORS,)
    assert _item(protocol, "cert", "7b").provenance == (P.EDITORS,)
    data["progression_rules"][0]["criteria"][0]["sources"] = ["flawless-physio-2022"]
    data["progression_rules"][1]["criteria"][0]["sources"] = ["my-knee-cap"]
    mixed = _item(rk.from_data(data, rk.Protocol), "cert", "7a")
    assert mixed.provenance == (P.SOURCE, P.OTHER_SOURCE, P.EDITORS)
    assert mixed.parts[0].provenance == (P.SOURCE, P.EDITORS)
    assert "source + other source + editors" in rk.report(rk.from_data(data, rk.Protocol)).to_text()


def test_the_editors_entry_counts_as_the_editors_only_when_marked() -> None:
    data = _attributed(starting_level={"text": "At the first level.", "sources": ["editors"]})
    assert _item(rk.from_data(data, rk.Protocol), "cert", "15").provenance == (P.EDITORS,)
    data["sources"][-1]["editorial"] = False  # an ordinary source, whatever its id
    assert _item(rk.from_data(data, rk.Protocol), "cert", "15").provenance == (P.OTHER_SOURCE,)


def test_a_statement_says_whose_answer_it_is() -> None:
    data = _attributed(
        provider={"kinds": ["physiotherapist"], "sources": ["flawless-physio-2022"]},
        setting={"kinds": ["home"], "sources": ["flawless-physio-2022", "editors"]},
        adherence={"kinds": ["exercise_log"]},
        format={"not_reported": True, "sources": ["flawless-physio-2022"]},
        starting_level={"not_reported": True, "text": "The editors' rule.", "sources": ["editors"]},
    )
    protocol = rk.from_data(data, rk.Protocol)
    assert _item(protocol, "cert", "2").provenance == (P.SOURCE,)
    assert _item(protocol, "cert", "12").provenance == (P.SOURCE, P.EDITORS)
    assert _item(protocol, "cert", "5").provenance == (P.NOT_CITED,)  # never guessed
    assert _item(protocol, "cert", "5").status is S.DESCRIBED  # documented: kept, flagged
    # The silent source is cited to say which source is silent, not that it describes it.
    assert _item(protocol, "cert", "3").provenance == (P.NOT_REPORTED,)
    assert _item(protocol, "cert", "15").provenance == (P.EDITORS, P.NOT_REPORTED)
    assert _item(protocol, "cert", "16b").provenance == (P.NOT_APPLICABLE,)
    assert _item(protocol, "cert", "6").provenance == ()  # missing: nobody says anything


def test_a_mode_of_delivery_whose_group_format_is_unreported_says_so() -> None:
    data = _attributed(
        delivery={"kinds": ["written"], "sources": ["flawless-physio-2022"]},
        format={"not_reported": True},
    )
    item = _item(rk.from_data(data, rk.Protocol), "tidier", "6")
    assert item.provenance == (P.SOURCE, P.NOT_REPORTED)
    assert item.fields == ("reporting.delivery", "reporting.format")


def test_each_cell_holds_the_rules_text_at_its_exact_path() -> None:
    knee = rk.bundled("runners-knee")
    item = _item(knee, "cert", "7a")
    assert item.fields == tuple(
        f"progression_rules[{n}].criteria" for n in range(len(knee.progression_rules))
    )
    assert [p.text for p in item.parts] == [r.description for r in knee.progression_rules]
    assert "rules and" not in rk.report(knee).to_text()
    dose = _item(knee, "cert", "13")
    assert dose.fields[4] == "exercises[4].dosage"
    assert knee.dosage_for("wall-sit").describe() in dose.parts[4].text
    equipment = _item(knee, "cert", "1")
    assert all(f.startswith("exercises[") and ".equipment[" in f for f in equipment.fields)


def test_the_markdown_table_has_a_location_and_a_provenance_column() -> None:
    markdown = rk.report(rk.bundled("runners-knee"), "cert").to_markdown()
    header = next(line for line in markdown.splitlines() if line.startswith("| item"))
    assert [c.strip() for c in header.strip("|").split("|")] == [
        "item", "what it asks", "status", "provenance", "location", "what the protocol says",
    ]  # fmt: skip
    row = next(line for line in markdown.splitlines() if line.startswith("| 7a |"))
    assert "`progression_rules[2].criteria`" in row.split("|")[5]


def test_a_generic_programme_has_no_tailoring_to_describe() -> None:
    data = _attributed(tailoring={"kinds": ["generic"], "sources": ["flawless-physio-2022"]})
    item = _item(rk.from_data(data, rk.Protocol), "cert", "14b")
    assert item.status is S.NOT_APPLICABLE and item.provenance == (P.NOT_APPLICABLE,)
    assert item.fields == ("reporting.tailoring",)
    assert _item(rk.from_data(data, rk.Protocol), "cert", "14a").provenance == (P.SOURCE,)


def test_the_json_carries_provenance_and_location(capsys: pytest.CaptureFixture[str]) -> None:
    data = _attributed(setting={"kinds": ["home"], "sources": ["flawless-physio-2022"]})
    result = rk.report(rk.from_data(data, rk.Protocol), "cert").to_data()
    setting = next(i for i in result["items"] if i["number"] == "12")
    assert setting["provenance"] == ["source"]
    assert setting["parts"] == [
        {"path": "reporting.setting", "text": "home", "provenance": ["source"],
         "sources": ["flawless-physio-2022"]},
    ]  # fmt: skip
    assert main(["report", "tidier", "runners-knee", "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    assert all("provenance" in i and "parts" in i for i in items)


def test_an_item_the_source_reports_in_part_says_so() -> None:
    """CERT 2 of runners-knee: the article names a physiotherapist, and nothing of their
    qualifications or training. Words with not_reported: described, and partly not reported."""
    item = next(i for i in rk.report(rk.bundled("runners-knee"), "cert").items if i.number == "2")
    assert item.status is rk.ItemStatus.DESCRIBED
    assert item.provenance == (rk.Provenance.SOURCE, rk.Provenance.NOT_REPORTED)
    statement = rk.Statement(kinds=("home",), not_reported=True, text="Not where at home.")
    assert statement.not_reported and statement.kinds == ("home",)


def test_the_summary_says_who_gives_the_described_items() -> None:
    """Issue 23's review: "14 described" read as the article's although 5 are the editors'."""
    result = rk.report(rk.bundled("runners-knee"), "cert")
    described = [i for i in result.items if i.status is rk.ItemStatus.DESCRIBED]
    editors_alone = [i for i in described if i.provenance == (rk.Provenance.EDITORS,)]
    assert editors_alone, "runners-knee has items only its editors answer"
    assert f"{len(described)} described: " in result.summary()
    assert f"{len(editors_alone)} by the editors alone" in result.summary()
