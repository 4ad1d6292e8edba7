"""Checks across a protocol that a JSON Schema cannot express: ids, references, cycles.

They run on plain data (the file's mapping, or a Protocol unstructured) and tolerate any
shape, so that they can report alongside schema errors instead of after them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from rehabkit._errors import Problem

if TYPE_CHECKING:
    from rehabkit._model import Protocol


def protocol_problems(protocol: Protocol) -> list[Problem]:
    """Cross-reference problems of a constructed Protocol."""
    from rehabkit._converter import converter

    return data_problems(converter.unstructure(protocol))


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


def _walk(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, value
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield from _walk(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")


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
    measurement_units: dict[str, Any] = {}
    for i, item in _entries(data, "measurements"):
        name = item.get("name")
        if isinstance(name, str):
            if name in measurement_units:
                problems.append(
                    Problem(f"measurements[{i}].name", f"duplicate measurement {name!r}", name)
                )
            measurement_units[name] = item.get("unit")

    # Every "sources" list below the top level cites references by id.
    for path, value in _walk(data, ""):
        if path.endswith(".sources") and isinstance(value, list):
            for j, ref in enumerate(value):
                if isinstance(ref, str) and ref not in source_ids:
                    problems.append(Problem(f"{path}[{j}]", f"cites unknown source {ref!r}", ref))

    def known_exercise(path: str, ident: Any) -> None:
        if isinstance(ident, str) and ident not in exercise_ids:
            problems.append(Problem(path, f"refers to unknown exercise {ident!r}", ident))

    exercises = dict((item.get("id"), item) for _, item in _entries(data, "exercises"))
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
        if isinstance(source, str) and isinstance(target, str) and direction in edges:
            edges[direction].setdefault(source, []).append(target)
        change = rule.get("change")
        if isinstance(change, Mapping) and change.get("parameter") == "joint_angle":
            ex = exercises.get(source)
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
        if crit.get("metric") != "measurement":
            continue
        name = crit.get("measurement")
        if isinstance(name, str) and name not in measurement_units:
            problems.append(
                Problem(
                    f"{path}.measurement",
                    f"measurement {name!r} is not declared in measurements,"
                    " so no session log can supply it",
                    name,
                )
            )
        elif isinstance(name, str) and crit.get("unit") != measurement_units[name]:
            problems.append(
                Problem(
                    f"{path}.unit",
                    f"measurement {name!r} is recorded in {measurement_units[name]!r},"
                    f" not {crit.get('unit')!r}",
                    crit.get("unit"),
                )
            )
    return problems
