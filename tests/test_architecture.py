"""The shape of the house (docs/architecture.md): no import cycles, modules and functions
short enough to read, and the layer contract of pyproject.toml kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src" / "rehabkit"
MOST_LINES = 800
MOST_AT_GRADE_C = 30


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for child in edges.get(node, ()):
            if child not in index:
                visit(child)
                low[node] = min(low[node], low[child])
            elif child in on_stack:
                low[node] = min(low[node], index[child])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_back_even_inside_a_function() -> None:
    # grimp reads every import statement, those inside functions too. Imports made for
    # annotations only (under TYPE_CHECKING) never run, so they cannot loop.
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("rehabkit", exclude_type_checking_imports=True)
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    assert _cycles(edges) == []


def test_the_layer_contract_holds() -> None:
    pytest.importorskip("importlinter")
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint)], cwd=SRC.parents[1], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_is_longer_than_it_can_be_read() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    }
    assert long == {}


def test_functions_read_at_a_glance() -> None:
    complexity = pytest.importorskip("radon.complexity")
    graded: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for block in complexity.cc_visit(path.read_text(encoding="utf-8")):
            # A class's grade is the mean of its methods': each method counts itself.
            functions = getattr(block, "methods", None) or [block]
            for inner in functions if hasattr(block, "methods") else [block]:
                grade = complexity.cc_rank(inner.complexity)
                graded.setdefault(grade, []).append(f"{path.relative_to(SRC)}:{inner.name}")
    worse = [name for grade in "DEF" for name in graded.get(grade, [])]
    assert worse == []
    assert len(graded.get("C", [])) < MOST_AT_GRADE_C, graded.get("C")


# Where a metric may be named: its vocabulary, its row, its words. Everywhere else reads
# the metric's kind, so a new metric of an existing kind is one row plus its words. The
# few places below name a metric for what it means clinically, not to dispatch.
METRIC_HOMES = {"_model/terms.py", "_model/metrics.py", "_model/words.py"}
NAMED_FOR_MEANING = {
    "_model/criteria.py": 1,  # "only a time_elapsed criterion counts since an event"
    "_progression/assess.py": 3,  # a dose's pain_max is a pain-during limit; a phase's time
    "_formats/fhir/paths.py": 1,  # no pain after a session means it settled at once
    "_view/handout.py": 3,  # the log always asks dose and pain; the next-morning question
}


def test_a_new_metric_of_an_existing_kind_is_one_row_plus_its_words() -> None:
    import re

    named = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if str(p.relative_to(SRC)) not in METRIC_HOMES
        and (n := len(re.findall(r"\bMetric\.[A-Z_]+", p.read_text(encoding="utf-8"))))
    }
    assert named == NAMED_FOR_MEANING


def test_the_face_is_written_from_each_modules_all() -> None:
    script = SRC.parents[1] / "scripts" / "update-public-face"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_public_class_names_the_package_however_it_was_reached() -> None:
    # Issue 21: a Protocol reached through bundled() (never as rehabkit.Protocol) said
    # rehabkit._model in a fresh process, so reprs and pickles depended on access history.
    code = (
        "import rehabkit as rk; p = rk.bundled('runners-knee');"
        "print(type(p).__module__, type(p.default_dosage).__module__,"
        " type(p.exercises[0].side).__module__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["rehabkit"] * 3


def test_every_public_name_names_the_package() -> None:
    import rehabkit as rk

    elsewhere = {
        name: getattr(rk, name).__module__
        for name in rk.__all__
        if name not in ("__version__", "Amount", "Count", "Document")  # typing aliases
        and getattr(rk, name).__module__ != "rehabkit"
    }
    assert elsewhere == {}


def test_every_kind_of_metric_has_its_words() -> None:
    """A new kind is a row of MetricKind: the criterion's words must say it (a missing
    entry would fail at the first criterion of that kind, in front of a patient)."""
    from rehabkit._model import words
    from rehabkit._model.metrics import METRICS, MetricKind

    assert set(words._STATEMENTS) == set(MetricKind)
    worded = {m for m, spec in METRICS.items() if spec.kind not in (MetricKind.MEASUREMENT,)}
    needs_words = worded - {m for m in METRICS if METRICS[m].kind is MetricKind.TIME}
    assert needs_words <= set(words.METRIC_WORDS)
