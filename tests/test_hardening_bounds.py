"""Issue 29, items 1, 2, 8, 9 and part of 15: every list and text bounded, oversized files
refused before the schema runs, problems capped, patterns anchored, options checked as the
documents they make."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import rehabkit as rk
from tests.helpers import exercise_data, protocol_data, run

SCHEMAS = sorted((Path(__file__).parents[1] / "schemas").glob("*.schema.json"))
# A text may be bounded by its own length, or by allowing only a closed set of values.
_CLOSED = ("maxLength", "enum", "const")


def _nodes(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _nodes(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _nodes(value, f"{path}/{i}")


def _types(node: dict[str, Any]) -> list[Any]:
    kind = node.get("type")
    return kind if isinstance(kind, list) else [kind]


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_no_list_and_no_text_in_any_schema_is_unbounded(path: Path) -> None:
    unbounded = [
        where
        for where, node in _nodes(json.loads(path.read_text()))
        if ("array" in _types(node) and "maxItems" not in node)
        or ("string" in _types(node) and not any(k in node for k in _CLOSED))
    ]
    assert unbounded == []


# A valid example for each anchored pattern in the schemas. A pattern with no example here
# fails the test below, so a new pattern must be given one (and so be checked).
EXAMPLES = {
    "id": "wall-sit",
    "[A-Za-z]{2,3}": "en-GB",
    "[A-Za-z]{2}(": "GB",
    "\\S+(": "http://snomed.info/sct",
    "[^\\s]+(": "239873007",
    "https://": "https://video.example.org/wall-sit",  # a clinic's video link (1.2)
}


def _anchored_patterns() -> list[str]:
    found = {
        node["pattern"]
        for path in SCHEMAS
        for _, node in _nodes(json.loads(path.read_text()))
        if isinstance(node.get("pattern"), str)
    }
    # "\S" is the schemas' "not blank": free text, which may end with a line break.
    return sorted(p for p in found if p != "\\S")


def _example(pattern: str) -> str:
    if pattern.startswith("^[a-z0-9]"):
        return EXAMPLES["id"]
    return next(v for k, v in EXAMPLES.items() if pattern.startswith("^" + k))


@pytest.mark.parametrize("pattern", _anchored_patterns())
def test_every_pattern_refuses_its_valid_example_with_a_trailing_newline(pattern: str) -> None:
    rule = {"type": "string", "pattern": pattern}
    example = _example(pattern)
    checkers = [Draft202012Validator(rule).is_valid]
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    checkers.append(jsonschema_rs.validator_for(rule).is_valid)
    for is_valid in checkers:
        assert is_valid(example)
        assert not is_valid(example + "\n")
        assert not is_valid(example + "\r\n")


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("exercises", 0, "id"), "wall-sit\n"),
        (("id",), "runners-knee\n"),
        (("language",), "en-GB\n"),
        (("urgent_help", 0, "region"), "GB\n"),
    ],
)
def test_a_trailing_newline_is_refused_in_a_protocol(
    where: tuple[Any, ...], value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rehabkit._documents import schema

    data = protocol_data()
    target: Any = data
    for part in where[:-1]:
        target = target[part]
    target[where[-1]] = value
    found = rk.validate(data, rk.Protocol)
    # The same with jsonschema alone (the "fast" extra is optional).
    monkeypatch.setattr(schema, "_fast_check", lambda _: None)
    assert found and rk.validate(data, rk.Protocol)


def test_a_region_or_language_with_a_trailing_newline_is_refused_when_personalising() -> None:
    protocol = rk.bundled("runners-knee")
    with pytest.raises(rk.RehabkitError, match="GB"):
        rk.personalise(protocol, patient="A", start=dt.date(2026, 12, 1), region="GB\n")
    with pytest.raises(rk.RehabkitError):
        rk.personalise(protocol, patient="A", start=dt.date(2026, 12, 1), region="ZZZZ")
    data = protocol_data()
    data["language"] = "en-GB\n"
    with pytest.raises(rk.RehabkitError):
        rk.from_data(data, rk.Protocol)


# ------------------------------------------------------------------ size before the schema


def test_fifty_thousand_safety_notes_are_refused_at_once() -> None:
    data = protocol_data()
    exercise_data(data, data["exercises"][0]["id"])["safety"] = ["x"] * 50_000
    text = json.dumps(data)
    assert len(text) > 200_000
    started = time.perf_counter()
    with pytest.raises(rk.ValidationError) as caught:
        rk.loads(text, rk.Protocol)
    assert time.perf_counter() - started < 2
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("exercises[0].safety", "holds 50,000 items; at most 20 are allowed")
    ]


def test_safety_notes_beyond_their_own_bound_are_refused_by_it() -> None:
    data = protocol_data()
    data["exercises"][0]["safety"] = ["x"] * 21
    assert [(p.path, p.message) for p in rk.validate(data, rk.Protocol)] == [
        ("exercises[0].safety", "holds 21 items; at most 20 are allowed")
    ]


def test_a_text_longer_than_its_bound_is_refused_before_the_schema() -> None:
    data = protocol_data()
    data["title"] = "T" * 100_000
    assert [(p.path, p.message) for p in rk.validate(data, rk.Protocol)] == [
        ("title", "is 100,000 characters long; at most 300 are allowed")
    ]


def test_a_huge_list_where_the_schema_expects_none_is_refused_by_the_loosest_bound() -> None:
    data = protocol_data()
    data["unknown"] = [0] * 100_000
    problems = rk.validate(data, rk.Protocol)
    assert [(p.path, p.message) for p in problems] == [
        ("unknown", "holds 100,000 items; at most 200 are allowed")
    ]


@pytest.mark.thorough  # a large input: the thorough run (CI)
def test_six_hundred_thousand_empty_codes_are_refused_fast_and_briefly(tmp_path: Path) -> None:
    data = protocol_data()
    data["condition"]["codes"] = [{}] * 600_000
    path = tmp_path / "codes.json"
    path.write_text(json.dumps(data, separators=(",", ":")))
    assert path.stat().st_size > 1_500_000
    started = time.perf_counter()
    problems = rk.validate(path)
    assert time.perf_counter() - started < 3
    assert [(p.path, p.message) for p in problems] == [
        ("condition.codes", "holds 600,000 items; at most 20 are allowed")
    ]
    result = run("validate", str(path))
    assert result.returncode == 1
    assert len(result.stdout) + len(result.stderr) < 2_000


def test_problems_are_capped_and_the_rest_counted() -> None:
    data = protocol_data()
    for exercise in data["exercises"]:
        exercise["steps"] = [""] * 30  # each step blank: 30 problems an exercise
    problems = rk.validate(data, rk.Protocol)
    assert len(problems) == 101
    last = problems[-1]
    counted = re.fullmatch(r"and ([0-9,]+) more problems \(([0-9,]+) in all\)", last.message)
    assert last.path == "" and counted is not None
    more, total = (int(n.replace(",", "")) for n in counted.groups())
    assert more == total - 100 and total >= 30 * len(data["exercises"])
    with pytest.raises(rk.ValidationError) as caught:
        rk.from_data(data, rk.Protocol)
    assert len(caught.value.problems) == 101


def test_steps_are_bounded_as_the_docs_say() -> None:
    data = protocol_data()
    data["exercises"][0]["steps"] = ["Step."] * 101
    assert [(p.path, p.message) for p in rk.validate(data, rk.Protocol)] == [
        ("exercises[0].steps", "holds 101 items; at most 100 are allowed")
    ]
    docs = (Path(__file__).parents[1] / "docs" / "file-format.md").read_text()
    assert re.search(
        r"\| `steps` \| list of text \(each at most 20,000 characters\), at most 100 ", docs
    )


# ------------------------------------------------------------------ options


@pytest.mark.parametrize(
    "option",
    [
        ["--region", "ZZZZ"],
        ["--region", "GB\n"],
        ["--language", "en-GB\n"],
        ["--patient-id", "x" * 1000],
    ],
)
def test_an_option_the_plan_would_refuse_is_a_usage_error_and_nothing_is_written(
    option: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "plan.json"
    result = run(
        "export", "runners-knee", "--format", "json", "-o", str(out),
        "--patient", "A", "--start", "2026-12-01", *option,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("rehabkit: ")
    assert not out.exists()


def test_a_deeply_nested_option_is_a_usage_error() -> None:
    result = run(
        "export", "runners-knee", "--format", "pdf", "-o", "-",
        "--option", "paper=" + "[" * 50_000 + "]" * 50_000,
    )  # fmt: skip
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "nest" in result.stderr


def test_a_long_yaml_list_is_refused_before_yaml_builds_it(tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    path = tmp_path / "long.yaml"
    path.write_text("protocol: runners-knee\nentries:\n" + "- a\n" * 450_000)
    assert path.stat().st_size > 1_700_000
    started = time.perf_counter()
    problems = rk.validate(path)
    assert time.perf_counter() - started < 3
    assert [(p.path, p.message) for p in problems] == [
        (
            "",
            "YAML: the list at line 3 holds more than 5,000 items, more than any"
            " document's list may",
        )
    ]


def test_a_yaml_document_within_the_bounds_still_reads(tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    import yaml

    path = tmp_path / "runners-knee.yaml"
    path.write_text(yaml.safe_dump(protocol_data(), allow_unicode=True))
    assert rk.validate(path) == []
