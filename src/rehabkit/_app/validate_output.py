"""What ``rehabkit validate`` prints: text for people; GitHub Actions annotations, JUnit XML
or JSON for CI systems. Every problem of a file carries its line and column."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import attrs

from rehabkit import Problem
from rehabkit._app.common import counted, out, out_line
from rehabkit._app.terminal import Painter, red

FORMATS = ("text", "github", "junit", "json")


@attrs.frozen
class Checked:
    """One file (or bundled id) checked: its problems (none: valid) and, for a file, the
    (line, column) of each."""

    name: str
    problems: list[Problem]
    places: list[tuple[int, int]] | None = None

    def located(self) -> list[tuple[Problem, tuple[int, int] | None]]:
        if self.places is None:
            return [(problem, None) for problem in self.problems]
        return list(zip(self.problems, self.places, strict=True))


def report(results: list[Checked], form: str, colour: bool = False) -> None:
    """Print the results in ``form``; ``colour`` paints a text report's problems red."""
    if form == "text":
        _text(results, red if colour else None)
    else:
        _PRINTERS[form](results)


def _text(results: list[Checked], paint: Painter | None = None) -> None:
    for checked in results:
        if not checked.problems:
            out_line(f"{checked.name}: valid")
        for problem, place in checked.located():
            # A problem with no path is the whole file's; a syntax error says where itself.
            where = f" (line {place[0]}, column {place[1]})" if place and problem.path else ""
            out_line(f"{checked.name}: {problem}{where}", paint=paint)


# GitHub's workflow commands: a message escapes %, CR and LF; a property also : and ,.
_DATA = {ord("%"): "%25", ord("\r"): "%0D", ord("\n"): "%0A"}
_PROPERTY = {**_DATA, ord(":"): "%3A", ord(","): "%2C"}


def _github(results: list[Checked]) -> None:
    invalid = 0
    for checked in results:
        invalid += bool(checked.problems)
        name = checked.name.translate(_PROPERTY)
        for problem, place in checked.located():
            line, column = place or (1, 1)
            properties = f"file={name},line={line},col={column},title=rehabkit validate"
            out(f"::error {properties}::{str(problem).translate(_DATA)}")
    out_line(f"{len(results)} checked, {invalid} invalid")


# Characters XML 1.0 cannot hold even escaped; shown as \xNN, as the text output shows them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _testcase(checked: Checked) -> ET.Element:
    name = _xml_text(checked.name)
    case = ET.Element("testcase", classname="rehabkit.validate", name=name, file=name)
    if checked.problems:
        lines = [
            f"{checked.name}:{place[0]}:{place[1]}: {p}" if place else f"{checked.name}: {p}"
            for p, place in checked.located()
        ]
        failure = ET.SubElement(
            case, "failure", message=counted(len(lines), "problem"), type="invalid document"
        )
        failure.text = _xml_text("\n".join(lines))
    return case


def _junit(results: list[Checked]) -> None:
    counts = {"tests": str(len(results)), "failures": str(sum(bool(c.problems) for c in results))}
    suites = ET.Element("testsuites", {"name": "rehabkit validate", **counts})
    suite = ET.SubElement(
        suites, "testsuite", {"name": "rehabkit validate", "errors": "0", **counts}
    )
    suite.extend(_testcase(checked) for checked in results)
    ET.indent(suites)  # one test case a line, for people reading a CI artifact
    out(ET.tostring(suites, encoding="unicode", xml_declaration=True))


def _json(results: list[Checked]) -> None:
    payload = [
        {
            "source": checked.name,
            "valid": not checked.problems,
            "problems": [_problem_data(p, place) for p, place in checked.located()],
        }
        for checked in results
    ]
    out(json.dumps(payload, indent=2))


def _problem_data(problem: Problem, place: tuple[int, int] | None) -> dict[str, Any]:
    line, column = place or (None, None)
    value = _jsonable(problem.value)
    return {"path": problem.path, "message": problem.message, "value": value} | {
        "line": line,
        "column": column,
    }


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)
    return value


_PRINTERS: dict[str, Callable[[list[Checked]], None]] = {
    "text": _text,
    "github": _github,
    "junit": _junit,
    "json": _json,
}
