"""Checks across a protocol that a JSON Schema cannot express: ids, references, cycles.

They run on plain data (the file's mapping, or a Protocol unstructured) and tolerate any
shape, so that they can report alongside schema errors instead of after them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeGuard

from rehabkit._core.errors import Problem, format_path

if TYPE_CHECKING:
    from rehabkit._model.protocol import Protocol


# Set while a document whose cross references were just checked is being structured: its
# protocol need not check them a second time (a third of every load, before).
_checked_already: ContextVar[bool] = ContextVar("checked_already", default=False)


@contextmanager
def checked_already() -> Iterator[None]:
    """Within this block, protocols being built skip the checks just run on their data."""
    token = _checked_already.set(True)
    try:
        yield
    finally:
        _checked_already.reset(token)


def protocol_problems(protocol: Protocol) -> list[Problem]:
    """Cross-reference problems of a constructed Protocol."""
    if _checked_already.get():
        return []
    from rehabkit._documents.converter import converter

    data = converter.unstructure(protocol)
    return bound_problems(data, PROTOCOL_BOUNDS) + data_problems(data)


# The most items each list may hold, so that no valid document can make any command slow
# or huge (docs/file-format.md states them). "*" stands for every item of a list.
PROTOCOL_BOUNDS: dict[tuple[str, ...], int] = {
    ("exercises",): 50,
    ("exercises", "*", "steps"): 100,
    ("exercises", "*", "joint_angles"): 10,
    ("exercises", "*", "equipment"): 10,
    ("progression_rules",): 200,
    ("progression_rules", "*", "criteria"): 20,
    ("stop_criteria",): 50,
    ("stop_criteria", "*", "criteria"): 20,
    ("phases",): 20,
    ("phases", "*", "exercises"): 50,
    ("phases", "*", "entry_criteria"): 20,
    ("measurements",): 50,
    ("measurements", "*", "levels"): 20,
    ("sources",): 100,
    ("events",): 20,
    ("pain_guidance", "limits"): 20,
}
LOG_BOUNDS: dict[tuple[str, ...], int] = {
    ("entries",): 5000,
    ("entries", "*", "symptoms"): 20,
    ("measurements",): 2000,
    ("reviews",): 500,
}
PLAN_BOUNDS: dict[tuple[str, ...], int] = {
    ("exercises",): 50,
    ("events",): 20,
    **{("protocol", *path): n for path, n in PROTOCOL_BOUNDS.items()},
}


def _lists_at(data: Any, path: tuple[str, ...], where: str) -> Iterator[tuple[str, list[Any]]]:
    if not path:
        if isinstance(data, list):
            yield where, data
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for i, item in enumerate(data if isinstance(data, list) else []):
            yield from _lists_at(item, rest, f"{where}[{i}]")
    elif isinstance(data, Mapping):
        yield from _lists_at(data.get(head), rest, f"{where}.{head}" if where else head)


def bound_problems(data: Any, bounds: Mapping[tuple[str, ...], int]) -> list[Problem]:
    """Every list longer than its bound; cheap, so it runs before anything else."""
    problems = []
    for path, most in bounds.items():
        for where, items in _lists_at(data, path, ""):
            if len(items) > most:
                problems.append(
                    Problem(where, f"holds {len(items):,} items; at most {most:,} are allowed")
                )
    return problems


def _entries(data: Mapping[str, Any], key: str) -> list[tuple[int, Mapping[str, Any]]]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, Mapping)]


def _unique(
    data: Mapping[str, Any], key: str, id_key: str, what: str
) -> tuple[set[str], list[Problem]]:
    seen: dict[str, int] = {}
    problems = []
    for i, item in _entries(data, key):
        ident = item.get(id_key)
        if not isinstance(ident, str):
            continue
        if ident in seen:
            problems.append(
                Problem(
                    f"{key}[{i}].{id_key}",
                    f"duplicate {what} id {ident!r} (first used at {key}[{seen[ident]}])",
                    ident,
                )
            )
        else:
            seen[ident] = i
    return set(seen), problems


def walk(value: Any) -> list[tuple[str, Any]]:
    """Every (path, value) of plain data, the value itself first, paths written like
    ``exercises[2].steps[0]``."""
    return find(value, lambda _key, _node: True)


def find(value: Any, wanted: Callable[[Any, Any], bool]) -> list[tuple[str, Any]]:
    """Every (path, value) below ``value`` for which ``wanted(key, value)`` holds, in
    document order. Paths are written only for what is found: most nodes never are."""
    found: list[tuple[tuple[str | int, ...], Any]] = []
    stack: list[tuple[tuple[str | int, ...], Any, Any]] = [((), None, value)]
    while stack:
        parts, key, node = stack.pop()
        if wanted(key, node):
            found.append((parts, node))
        if isinstance(node, dict):
            stack += [((*parts, k), k, v) for k, v in reversed(node.items())]
        elif isinstance(node, list):
            stack += [((*parts, i), i, v) for i, v in reversed(list(enumerate(node)))]
    return [(format_path(parts), node) for parts, node in found]


def _criteria(data: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for key, inner in (
        ("progression_rules", "criteria"),
        ("stop_criteria", "criteria"),
        ("phases", "entry_criteria"),
    ):
        for i, item in _entries(data, key):
            for j, crit in _entries(item, inner):
                yield f"{key}[{i}].{inner}[{j}]", crit
    guidance = data.get("pain_guidance")
    if isinstance(guidance, Mapping):
        for j, crit in _entries(guidance, "limits"):
            yield f"pain_guidance.limits[{j}]", crit


def _cycle(edges: dict[str, list[str]]) -> list[str] | None:
    """A cycle in the graph, as the list of its nodes, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    for start in sorted(edges):
        if state.get(start):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(edges.get(start, [])))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                return [*path[path.index(child) :], child]
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(edges.get(child, []))))
    return None


def data_problems(data: Any) -> list[Problem]:
    """Every cross-reference problem in protocol data of any shape."""
    if not isinstance(data, Mapping):
        return []
    problems: list[Problem] = []
    exercise_ids, found = _unique(data, "exercises", "id", "exercise")
    problems += found
    source_ids, found = _unique(data, "sources", "id", "source")
    problems += found
    for key, what in (
        ("progression_rules", "rule"),
        ("phases", "phase"),
        ("stop_criteria", "stop criterion"),
    ):
        problems += _unique(data, key, "id", what)[1]
    event_ids, found = _unique(data, "events", "id", "event")
    problems += found
    measurements: dict[str, Mapping[str, Any]] = {}
    for i, item in _entries(data, "measurements"):
        name = item.get("name")
        if _hashable_text(name):
            if name in measurements:
                problems.append(
                    Problem(f"measurements[{i}].name", f"duplicate measurement {name!r}", name)
                )
            measurements[name] = item

    # Every "sources" list below the top level cites references by id.
    for path, value in find(data, lambda key, v: key == "sources" and isinstance(v, list)):
        if "." in path:  # below the top level
            for j, ref in enumerate(value):
                if isinstance(ref, str) and ref not in source_ids:
                    problems.append(Problem(f"{path}[{j}]", f"cites unknown source {ref!r}", ref))

    based_on = data.get("based_on")
    if _hashable_text(based_on) and based_on not in source_ids:
        problems.append(Problem("based_on", f"names unknown source {based_on!r}", based_on))

    def known_exercise(path: str, ident: Any) -> None:
        if isinstance(ident, str) and ident not in exercise_ids:
            problems.append(Problem(path, f"refers to unknown exercise {ident!r}", ident))

    exercises = {
        item["id"]: item
        for _, item in _entries(data, "exercises")
        if _hashable_text(item.get("id"))
    }
    edges: dict[str, dict[str, list[str]]] = {"progress": {}, "regress": {}}
    for i, rule in _entries(data, "progression_rules"):
        here = f"progression_rules[{i}]"
        source, target = rule.get("exercise"), rule.get("to_exercise")
        known_exercise(f"{here}.exercise", source)
        known_exercise(f"{here}.to_exercise", target)
        if isinstance(source, str) and source == target:
            problems.append(
                Problem(f"{here}.to_exercise", "a rule cannot lead an exercise to itself", target)
            )
        direction = rule.get("direction")
        # The direction is text only in a valid file: a list or mapping is no key.
        if (
            isinstance(source, str)
            and isinstance(target, str)
            and direction in ("progress", "regress")
        ):
            edges[direction].setdefault(source, []).append(target)
        change = rule.get("change")
        if isinstance(change, Mapping) and change.get("parameter") == "joint_angle":
            ex = exercises.get(source) if _hashable_text(source) else None
            joints = [a.get("joint") for _, a in _entries(ex, "joint_angles")] if ex else []
            if ex is not None and change.get("joint") not in joints:
                problems.append(
                    Problem(
                        f"{here}.change.joint",
                        f"exercise {source!r} gives no angle for joint {change.get('joint')!r}",
                        change.get("joint"),
                    )
                )
    for direction, graph in edges.items():
        cycle = _cycle(graph)
        if cycle:
            problems.append(
                Problem(
                    "progression_rules",
                    f"{direction} rules form a cycle: {' -> '.join(cycle)}",
                    cycle,
                )
            )
    for i, phase in _entries(data, "phases"):
        members = phase.get("exercises")
        for j, ident in enumerate(members if isinstance(members, list) else []):
            known_exercise(f"phases[{i}].exercises[{j}]", ident)

    for path, crit in _criteria(data):
        since = crit.get("since")
        if _hashable_text(since) and since not in event_ids:
            problems.append(
                Problem(
                    f"{path}.since",
                    f"event {since!r} is not declared in events, so no plan can date it",
                    since,
                )
            )
        if crit.get("metric") == "measurement":
            problems += _measurement_criterion(path, crit, measurements)
    problems += _load_steps(data, exercises)
    problems += _placeholder_problems(data)
    problems += _unique(data, "urgent_help", "region", "urgent-help region")[1]
    problems += _body_site_problems(data)
    return problems


def _body_site_problems(data: Mapping[str, Any]) -> list[Problem]:
    """A body site (1.1) is a SNOMED CT body structure; the side is the plan's to give."""
    condition = data.get("condition")
    site = condition.get("body_site") if isinstance(condition, Mapping) else None
    if not isinstance(site, Mapping):
        return []
    problems = []
    if site.get("system") != "http://snomed.info/sct":
        problems.append(
            Problem(
                "condition.body_site.system",
                "a body site is a SNOMED CT code: system http://snomed.info/sct",
                site.get("system"),
            )
        )
    if site.get("laterality") is not None:
        problems.append(
            Problem(
                "condition.body_site.laterality",
                "a body site has no side: each plan gives the side it treats",
                site.get("laterality"),
            )
        )
    return problems


# ``{leg}`` and ``{other leg}`` (format 1.1): the only placeholders exercise text may hold.
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_PLACEHOLDERS = frozenset({"{leg}", "{other leg}"})


def _placeholder_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Placeholders must be known, and only in exercises one leg does at a time."""
    problems = []
    for i, ex in _entries(data, "exercises"):
        both = ex.get("side") == "both"
        texts = find(ex, lambda _key, v: isinstance(v, str) and "{" in v)
        for inner, value in texts:
            path = f"exercises[{i}]" + (f".{inner}" if inner and inner[0] != "[" else inner)
            for found in _PLACEHOLDER.findall(value):
                if found not in _PLACEHOLDERS:
                    message = f"unknown placeholder {found}: only {{leg}} and {{other leg}}"
                elif both:
                    message = f"{found} in an exercise done with both legs (side: both)"
                else:
                    continue
                problems.append(Problem(path, message, found))
    return problems


def _hashable_text(value: Any) -> TypeGuard[str]:
    # Ids from a file may be lists or objects; only text can be looked up.
    return isinstance(value, str)


def _measurement_criterion(
    path: str, crit: Mapping[str, Any], declared: Mapping[str, Mapping[str, Any]]
) -> list[Problem]:
    name = crit.get("measurement")
    if not _hashable_text(name):
        return []
    if name not in declared:
        return [
            Problem(
                f"{path}.measurement",
                f"measurement {name!r} is not declared in measurements,"
                " so no session log can supply it",
                name,
            )
        ]
    spec = declared[name]
    kind = spec.get("kind", "quantity")
    if kind == "ordinal":
        found = spec.get("levels")
        levels: list[Any] = found if isinstance(found, list) else []
        level = crit.get("level")
        if "value" in crit or not isinstance(level, str):
            return [Problem(f"{path}.level", f"{name!r} is ordinal: give a level, one of {levels}")]
        if level not in levels:
            return [
                Problem(f"{path}.level", f"{level!r} is not a level of {name!r}: {levels}", level)
            ]
        return []
    if "level" in crit:
        return [Problem(f"{path}.level", f"{name!r} has no levels: give a value", crit["level"])]
    if kind == "presence" and crit.get("value") not in (0, 1):
        return [
            Problem(f"{path}.value", f"{name!r} is yes/no: its value is 0 or 1", crit.get("value"))
        ]
    if crit.get("unit") != spec.get("unit"):
        return [
            Problem(
                f"{path}.unit",
                f"measurement {name!r} is recorded in {spec.get('unit')!r},"
                f" not {crit.get('unit')!r}",
                crit.get("unit"),
            )
        ]
    return []


def _has_increment(dosage: Any) -> bool:
    load = dosage.get("load") if isinstance(dosage, Mapping) else None
    return isinstance(load, Mapping) and load.get("increment") is not None


def _load_steps(data: Mapping[str, Any], exercises: Mapping[Any, Any]) -> list[Problem]:
    """A load change without a step needs an increment to take it from."""
    problems = []
    for i, rule in _entries(data, "progression_rules"):
        change = rule.get("change")
        if not isinstance(change, Mapping) or change.get("parameter") != "load":
            continue
        if "step" in change:
            continue
        ex = exercises.get(rule.get("exercise")) if _hashable_text(rule.get("exercise")) else None
        if ex is not None and not (
            _has_increment(ex.get("dosage")) or _has_increment(data.get("default_dosage"))
        ):
            problems.append(
                Problem(
                    f"progression_rules[{i}].change.step",
                    "the change gives no step and the exercise's load gives no increment",
                )
            )
    return problems
