"""Issue 27, people validating protocol files in CI: ``rehabkit validate`` over folders,
output CI systems read (GitHub annotations, JUnit XML, JSON), the line and column of every
problem, a pre-commit hook, and a translation left in English refused."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

import rehabkit as rk
from rehabkit import Problem
from rehabkit._app.cli import main
from rehabkit._core.errors import format_path

from .docs_helpers import ROOT, blocks, run_console
from .helpers import protocol_data, run

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _write(path: Path, data: Any, yaml_syntax: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if yaml_syntax:
        plain = json.loads(json.dumps(data))  # no shared objects, so no YAML aliases
        path.write_text(yaml.safe_dump(plain, sort_keys=False, allow_unicode=True), "utf-8")
    else:
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False), "utf-8")
    return path


def _report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code = main(["validate", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


# --------------------------------------------------------------------------- folders


@pytest.mark.thorough  # 100 files: the thorough run (CI)
def test_a_folder_of_100_protocols_is_validated_recursively(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = protocol_data()
    for n in range(100):
        data["id"] = f"protocol-{n}"
        deep = tmp_path / f"group-{n % 3}" / ("sub" if n % 2 else "")
        _write(deep / f"p{n}.{'yaml' if n % 5 == 0 else 'json'}", data, n % 5 == 0)
    (tmp_path / "notes.txt").write_text("not a protocol")
    _write(tmp_path / ".git" / "hidden.json", {"not": "a protocol"})
    code, report = _report(capsys, str(tmp_path))
    assert code == 0
    assert len(report) == 100 and all(entry["valid"] for entry in report)
    assert all(".git" not in entry["source"] for entry in report)
    _write(tmp_path / "group-1" / "sub" / "broken.yml", {**data, "version": 7}, True)
    code, report = _report(capsys, str(tmp_path))
    assert code == 1
    assert [e["source"] for e in report if not e["valid"]] == [
        str(tmp_path / "group-1" / "sub" / "broken.yml")
    ]


def test_a_folder_with_no_documents_is_a_problem_not_a_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "readme.txt").write_text("nothing here")
    code, report = _report(capsys, str(tmp_path))
    assert code == 1
    assert "no .json, .yaml, .yml files" in report[0]["problems"][0]["message"]


# --------------------------------------------------------------------------- positions


def _paths(data: Any, parts: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [parts] if parts else []
    if isinstance(data, (dict, list)):
        children: Any = data.items() if isinstance(data, dict) else enumerate(data)
        for key, child in children:
            found += _paths(child, (*parts, key))
    return found


def _at(text: str, line: int, column: int) -> str:
    return text.splitlines()[line - 1][column - 1 :]


def _starts_as_expected(rest: str, last: Any, value: Any, yaml_syntax: bool) -> bool:
    """What a path's place must start with: its quoted key, or the item itself."""
    if isinstance(last, str):
        return rest.startswith(f"{last}:" if yaml_syntax else json.dumps(last, ensure_ascii=False))
    if yaml_syntax:  # an item: "- " in block style, the item itself in flow style
        return not rest.startswith((" ", "\t"))
    first = json.dumps(value, ensure_ascii=False)[0]
    return rest.startswith(first)


@pytest.mark.parametrize(
    "style",
    ["json-indented", "json-compact", "json-odd-spacing", "yaml-block", "yaml-flow"],
)
def test_every_path_of_a_file_has_the_line_and_column_of_its_key(
    tmp_path: Path, style: str
) -> None:
    """Each path of a whole protocol, in files laid out five ways, is placed where its key
    (or its list item) starts in the text."""
    data = protocol_data("acl-early-rehab")
    yaml_syntax = style.startswith("yaml")
    path = tmp_path / f"p.{'yaml' if yaml_syntax else 'json'}"
    if style == "json-indented":
        path.write_text(json.dumps(data, indent=3, ensure_ascii=False))
    elif style == "json-compact":
        path.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False))
    elif style == "json-odd-spacing":
        odd = json.dumps(data, indent="\t", separators=("\n ,", " :\n  "), ensure_ascii=False)
        path.write_text(odd)
    else:
        path.write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True,
                           default_flow_style=style == "yaml-flow", width=60)
        )  # fmt: skip
    assert rk.validate(path) == []
    paths = _paths(data)
    places = rk.problem_positions(path, [Problem(format_path(p), "x") for p in paths])
    text = path.read_text()
    wrong = []
    for parts, place in zip(paths, places, strict=True):
        value: Any = data
        for part in parts:
            value = value[part]
        if not _starts_as_expected(_at(text, *place), parts[-1], value, yaml_syntax):
            wrong.append((format_path(parts), place, _at(text, *place)[:30]))
    assert not wrong, wrong[:5]


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("yaml_syntax", [False, True])
def test_problems_found_by_each_check_carry_the_line_of_their_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], yaml_syntax: bool
) -> None:
    """A schema problem, a rule named by an item's id, a missing key and a repeated key."""
    data = protocol_data()
    data["exercises"][3]["dosage"] = {**data["default_dosage"], "sets": "many"}
    data["exercises"][5]["sources"] = ["no-such-source"]
    del data["exercises"][2]["name"]
    path = _write(tmp_path / f"p.{'yaml' if yaml_syntax else 'json'}", data, yaml_syntax)
    text = path.read_text()
    code, [entry] = _report(capsys, str(path))
    assert code == 1
    by_path = {p["path"]: p for p in entry["problems"]}
    assert all(isinstance(p["line"], int) and p["column"] >= 1 for p in entry["problems"])
    lines = text.splitlines()
    sets = by_path["exercises[3].dosage.sets"]
    assert "sets" in lines[sets["line"] - 1] and sets["line"] > _line_of(text, "no-such") - 200
    source = next(p for k, p in by_path.items() if k.startswith("exercises[5].sources"))
    assert "no-such-source" in lines[source["line"] - 1]
    name = next(p for k, p in by_path.items() if k.startswith("exercises[2]"))
    exercise_id = data["exercises"][2]["id"]  # the object that lacks a name starts here
    assert 0 <= _line_of(text, f"{exercise_id}") - name["line"] <= 1


def test_a_repeated_key_is_placed_at_its_second_appearance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = json.dumps(protocol_data(), indent=2)
    text = text.replace('"title": ', '"title": "first",\n  "title": ', 1)
    path = tmp_path / "p.json"
    path.write_text(text)
    _, [entry] = _report(capsys, str(path))
    [problem] = entry["problems"]
    assert (problem["line"], problem["column"]) == (_line_of(text, '"title": "first"') + 1, 3)


def test_a_syntax_error_keeps_the_place_its_message_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.json"
    path.write_text('{\n  "id": "x",\n  "title": oops\n}')
    _, [entry] = _report(capsys, str(path))
    assert (entry["problems"][0]["line"], entry["problems"][0]["column"]) == (3, 12)


def test_text_output_names_the_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = protocol_data()
    data["default_dosage"]["sets"] = 0
    path = _write(tmp_path / "p.json", data)
    assert main(["validate", str(path)]) == 1
    line = _line_of(path.read_text(), '"sets": 0')
    assert f"default_dosage.sets: sets must be at least 1, not 0 (line {line}, column 5)" in (
        capsys.readouterr().out
    )


# --------------------------------------------------------------------------- CI formats


def _broken(tmp_path: Path, name: str = "p.json") -> Path:
    data = protocol_data()
    data["default_dosage"]["sets"] = 0
    data["exercises"][0]["id"] = 'a,b:c%d\n<&">\x1b'
    return _write(tmp_path / name, data)


def test_github_annotations_escape_what_github_reads(tmp_path: Path) -> None:
    path = _broken(tmp_path, "we,ird:name%.json")
    done = run("validate", "--format", "github", str(path), "runners-knee")
    assert done.returncode == 1
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == len(rk.validate(path)) >= 2
    pattern = re.compile(r"^::error file=([^,:]+),line=(\d+),col=(\d+),title=[^,:]+::(.+)$")
    for annotation in annotations:
        match = pattern.match(annotation)
        assert match, annotation
        assert match.group(1).endswith("we%2Cird%3Aname%25.json")
        assert "\n" not in match.group(4) and "\x1b" not in match.group(4)
    assert any("a,b:c%25d" in a for a in annotations)  # the message's % escaped
    assert "2 checked, 1 invalid" in done.stdout


def test_junit_xml_is_read_back_with_every_problem(tmp_path: Path) -> None:
    path = _broken(tmp_path)
    done = run("validate", "--format", "junit", str(path), "runners-knee")
    assert done.returncode == 1
    root = ET.fromstring(done.stdout.encode())
    [suite] = root.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    bad, good = suite.findall("testcase")
    assert good.find("failure") is None and good.get("name") == "runners-knee"
    failure = bad.find("failure")
    assert failure is not None and bad.get("file") == str(path)
    text = failure.text or ""
    assert len(text.splitlines()) == len(rk.validate(path))
    assert all(f"{path}:" in line for line in text.splitlines())
    assert all(p.message in text for p in rk.validate(path))
    assert '<&">' in text  # escaped in the XML, read back as written


def test_json_output_gives_a_line_and_column_for_every_problem_of_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = _report(capsys, str(_broken(tmp_path)), "runners-knee")
    assert code == 1
    problems = report[0]["problems"]
    assert problems and all(p["line"] >= 1 and p["column"] >= 1 for p in problems)
    assert set(problems[0]) == {"path", "message", "value", "line", "column"}


# --------------------------------------------------------------------------- translations


def _translation(share_untranslated: float, language: str = "pt") -> dict[str, Any]:
    protocol = rk.bundled("runners-knee")
    texts = rk.source_texts(protocol)
    keep = int(len(texts) * share_untranslated)
    return {
        "protocol": protocol.id,
        "version": protocol.version,
        "language": language,
        "translator": {"name": "A. Tradutora"},
        "reviewed": False,
        "text": {k: (t if i < keep else f"(pt) {t}") for i, (k, t) in enumerate(texts.items())},
    }


def test_a_translation_left_in_english_is_not_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "runners-knee.pt.json", _translation(1.0))
    problems = rk.validate(path)
    assert [p.path for p in problems] == ["text"]
    assert "translation untranslated" in problems[0].message
    assert main(["validate", str(path)]) == 1
    assert "valid" not in capsys.readouterr().out.replace("untranslated", "")


@pytest.mark.parametrize(("share", "refused"), [(0.6, True), (0.45, False), (0.0, False)])
def test_the_untranslated_rule_is_more_than_half(share: float, refused: bool) -> None:
    problems = rk.validate(_translation(share))
    assert any("untranslated" in p.message for p in problems) is refused


def test_an_english_version_may_keep_the_english_texts(tmp_path: Path) -> None:
    assert rk.validate(_translation(1.0, "en-GB")) == []


def test_validate_with_protocol_reports_it_too(tmp_path: Path) -> None:
    data = _translation(1.0)
    data["protocol"] = "my-knee"  # a protocol that is not bundled, named with --protocol
    protocol = protocol_data()
    protocol["id"] = "my-knee"
    p = _write(tmp_path / "my-knee.json", protocol)
    t = _write(tmp_path / "my-knee.pt.json", data)
    done = run("validate", "--protocol", str(p), str(t))
    assert done.returncode == 1 and "translation untranslated" in done.stdout


# --------------------------------------------------------------------------- hooks and docs


def _hook() -> dict[str, Any]:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return dict(hook)


def test_the_pre_commit_hook_runs_as_pre_commit_runs_it(tmp_path: Path) -> None:
    """pre-commit passes the staged files its ``files`` pattern matches to ``entry``: the
    same is done here (pre-commit itself is not a test dependency)."""
    hook = _hook()
    assert hook["id"] == "rehabkit-validate" and hook["entry"] == "rehabkit validate"
    assert hook["language"] == "python"
    files = re.compile(hook["files"])
    staged = ["protocols/a.json", "protocols/sub/b.yaml", "protocols/c.yml", "README.md",
              "src/app.py", "protocols/notes.txt"]  # fmt: skip
    matched = [f for f in staged if files.search(f)]
    assert matched == staged[:3]
    for name in matched:
        _write(tmp_path / name, protocol_data(), not name.endswith(".json"))
    command = f"{hook['entry']} {' '.join(matched)}"
    run_console(f"$ {command}\n", tmp_path, ".pre-commit-hooks.yaml")
    _write(tmp_path / matched[0], {**protocol_data(), "version": 1})
    run_console(f"$ {command} # exits 1\n", tmp_path, ".pre-commit-hooks.yaml")


def test_docs_ci_commands_run_as_written(tmp_path: Path) -> None:
    page = ROOT / "docs" / "ci.md"
    shutil.copytree(ROOT / "protocols", tmp_path / "protocols")
    for _, code, line in blocks(page, ("console",)):
        run_console(code, tmp_path, f"docs/ci.md, line {line}")


def test_docs_ci_github_workflow_runs_its_validate_step(tmp_path: Path) -> None:
    """The workflow's steps that run rehabkit run here as GitHub would, in a checkout."""
    [(_, workflow, _)] = [b for b in blocks(ROOT / "docs" / "ci.md", ("yaml",)) if "jobs" in b[1]]
    steps = [s for job in yaml.safe_load(workflow)["jobs"].values() for s in job["steps"]]
    runs = [s["run"] for s in steps if "rehabkit validate" in s.get("run", "")]
    assert runs and all("--format github" in r for r in runs)
    shutil.copytree(ROOT / "protocols", tmp_path / "protocols")
    for command in runs:
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True,
                              text=True, env=_env())  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr


def test_docs_ci_pre_commit_config_names_the_hook() -> None:
    [(_, config, _)] = [b for b in blocks(ROOT / "docs" / "ci.md", ("yaml",)) if "repos" in b[1]]
    [repo] = yaml.safe_load(config)["repos"]
    assert [h["id"] for h in repo["hooks"]] == [_hook()["id"]]


def _env() -> dict[str, str]:
    import os
    import sys

    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
