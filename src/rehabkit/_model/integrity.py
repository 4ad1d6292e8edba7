"""What a protocol must hold as a whole, beyond each field: bounded lists, unique ids,
references that resolve, rules without cycles. A table of small rules, one signature each.

The rules read plain data (a file's mapping, or a typed Protocol written out by
``plain``) and tolerate any shape: a file that also breaks its schema gets these
problems reported alongside the schema's, and a Protocol built in code gets the same
rules, worded the same, without a round trip through the documents layer.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeGuard

import attrs

from rehabkit._core.errors import Problem
from rehabkit._model import cited

if TYPE_CHECKING:
    from rehabkit._model.protocol import Protocol

# --------------------------------------------------------------------------- bounds

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
    ("phases", "*", "exercise_dosage"): 50,
    ("start", "criteria"): 20,
    ("outcome", "criteria"): 20,
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
    elif isinstance(data, dict):
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


# --------------------------------------------------------------------------- reading data


def _entries(data: Any, key: str) -> list[tuple[int, Mapping[str, Any]]]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _is_text(value: Any) -> TypeGuard[str]:
    # Ids from a file may be lists or objects; only text can be looked up.
    return isinstance(value, str)


def _ids(data: Mapping[str, Any], key: str, id_key: str = "id") -> set[str]:
    return {item[id_key] for _, item in _entries(data, key) if _is_text(item.get(id_key))}


def _by_id(data: Mapping[str, Any], key: str) -> dict[str, Mapping[str, Any]]:
    return {item["id"]: item for _, item in _entries(data, key) if _is_text(item.get("id"))}


def _criteria(data: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for key, inner in (
        ("progression_rules", "criteria"),
        ("stop_criteria", "criteria"),
        ("phases", "entry_criteria"),
    ):
        for i, item in _entries(data, key):
            for j, crit in _entries(item, inner):
                yield f"{key}[{i}].{inner}[{j}]", crit
    for j, crit in _entries(data.get("pain_guidance"), "limits"):
        yield f"pain_guidance.limits[{j}]", crit
    for gate in ("start", "outcome"):
        for j, crit in _entries(data.get(gate), "criteria"):
            yield f"{gate}.criteria[{j}]", crit


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


# --------------------------------------------------------------------------- the rules

Rule = Callable[[Mapping[str, Any]], list[Problem]]


def _duplicates(data: Mapping[str, Any], key: str, id_key: str, what: str) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for i, item in _entries(data, key):
        ident = item.get(id_key)
        if not _is_text(ident):
            continue
        if ident in seen:
            message = f"duplicate {what} id {ident!r} (first used at {key}[{seen[ident]}])"
            problems.append(Problem(f"{key}[{i}].{id_key}", message, ident))
        else:
            seen[ident] = i
    return problems


_IDENTIFIED = (
    ("exercises", "exercise"),
    ("sources", "source"),
    ("progression_rules", "rule"),
    ("phases", "phase"),
    ("stop_criteria", "stop criterion"),
    ("events", "event"),
)


def unique_ids(data: Mapping[str, Any]) -> list[Problem]:
    """Exercises, sources, rules, phases, stop criteria and events each have unique ids."""
    return [p for key, what in _IDENTIFIED for p in _duplicates(data, key, "id", what)]


def unique_measurements(data: Mapping[str, Any]) -> list[Problem]:
    """Each declared measurement has its own name."""
    seen: set[str] = set()
    problems = []
    for i, item in _entries(data, "measurements"):
        name = item.get("name")
        if _is_text(name):
            if name in seen:
                problems.append(
                    Problem(f"measurements[{i}].name", f"duplicate measurement {name!r}", name)
                )
            seen.add(name)
    return problems


def _child(path: str, key: Any) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"


def known_sources(data: Mapping[str, Any]) -> list[Problem]:
    """Every ``sources`` list below the top level cites references by their id."""
    source_ids = _ids(data, "sources")
    if _walks(data).all_cited(source_ids):
        return []  # the walk without paths has found nothing to report
    problems = []
    for path, value in _found(data)[0]:
        for j, ref in enumerate(value):
            if isinstance(ref, str) and ref not in source_ids:
                problems.append(Problem(f"{path}[{j}]", f"cites unknown source {ref!r}", ref))
    return problems


def known_based_on(data: Mapping[str, Any]) -> list[Problem]:
    """``based_on`` names one of the protocol's sources."""
    based_on = data.get("based_on")
    if _is_text(based_on) and based_on not in _ids(data, "sources"):
        return [Problem("based_on", f"names unknown source {based_on!r}", based_on)]
    return []


def _unknown_exercise(path: str, ident: Any, known: set[str]) -> list[Problem]:
    if isinstance(ident, str) and ident not in known:
        return [Problem(path, f"refers to unknown exercise {ident!r}", ident)]
    return []


def _joint_problem(
    here: str, rule: Mapping[str, Any], exercises: Mapping[str, Mapping[str, Any]]
) -> list[Problem]:
    change = rule.get("change")
    if not isinstance(change, dict) or change.get("parameter") != "joint_angle":
        return []
    source = rule.get("exercise")
    ex = exercises.get(source) if _is_text(source) else None
    joints = [a.get("joint") for _, a in _entries(ex, "joint_angles")]
    if ex is None or change.get("joint") in joints:
        return []
    joint = change.get("joint")
    message = f"exercise {source!r} gives no angle for joint {joint!r}"
    return [Problem(f"{here}.change.joint", message, joint)]


def rule_references(data: Mapping[str, Any]) -> list[Problem]:
    """A rule leads from a known exercise to another known exercise, and a joint-angle
    change names a joint its exercise gives an angle for."""
    known = _ids(data, "exercises")
    exercises = _by_id(data, "exercises")
    problems = []
    for i, rule in _entries(data, "progression_rules"):
        here = f"progression_rules[{i}]"
        source, target = rule.get("exercise"), rule.get("to_exercise")
        problems += _unknown_exercise(f"{here}.exercise", source, known)
        problems += _unknown_exercise(f"{here}.to_exercise", target, known)
        if isinstance(source, str) and source == target:
            message = "a rule cannot lead an exercise to itself"
            problems.append(Problem(f"{here}.to_exercise", message, target))
        problems += _joint_problem(here, rule, exercises)
    return problems


def no_cycles(data: Mapping[str, Any]) -> list[Problem]:
    """Progress rules (and regress rules) never lead back to where they started."""
    edges: dict[str, dict[str, list[str]]] = {"progress": {}, "regress": {}}
    for _, rule in _entries(data, "progression_rules"):
        source, target = rule.get("exercise"), rule.get("to_exercise")
        direction = rule.get("direction")
        # The direction is text only in a valid file: a list or mapping is no key.
        if _is_text(source) and _is_text(target) and direction in ("progress", "regress"):
            edges[direction].setdefault(source, []).append(target)
    problems = []
    for direction, graph in edges.items():
        cycle = _cycle(graph)
        if cycle:
            message = f"{direction} rules form a cycle: {' -> '.join(cycle)}"
            problems.append(Problem("progression_rules", message, cycle))
    return problems


def known_phase_exercises(data: Mapping[str, Any]) -> list[Problem]:
    """A phase lists exercises of the protocol."""
    known = _ids(data, "exercises")
    problems = []
    for i, phase in _entries(data, "phases"):
        members = phase.get("exercises")
        for j, ident in enumerate(members if isinstance(members, list) else []):
            problems += _unknown_exercise(f"phases[{i}].exercises[{j}]", ident, known)
        for j, override in _entries(phase, "exercise_dosage"):
            where = f"phases[{i}].exercise_dosage[{j}].exercise"
            problems += _unknown_exercise(where, override.get("exercise"), known)
    return problems


def _phase_dose_problems(path: str, dosage: Any) -> list[Problem]:
    frequency = dosage.get("frequency") if isinstance(dosage, dict) else None
    if isinstance(frequency, dict) and "period_max" in frequency:
        message = (
            "a phase's frequency is fixed: no one chooses between periods when the phase"
            " starts, so give no period_max"
        )
        return [Problem(f"{path}.frequency.period_max", message, frequency["period_max"])]
    return []


def phase_doses(data: Mapping[str, Any]) -> list[Problem]:
    """A phase's dose change (format 1.2) gives a fixed frequency, and changes one
    exercise's dose at most once."""
    problems = []
    for i, phase in _entries(data, "phases"):
        problems += _phase_dose_problems(f"phases[{i}].dosage", phase.get("dosage"))
        seen: set[str] = set()
        for j, entry in _entries(phase, "exercise_dosage"):
            where = f"phases[{i}].exercise_dosage[{j}]"
            problems += _phase_dose_problems(f"{where}.dosage", entry.get("dosage"))
            ident = entry.get("exercise")
            if _is_text(ident) and ident in seen:
                message = f"the phase already changes the dose of {ident!r}: give it once"
                problems.append(Problem(f"{where}.exercise", message, ident))
            if _is_text(ident):
                seen.add(ident)
    return problems


def _measurement_kind_problem(
    path: str, name: str, crit: Mapping[str, Any], spec: Mapping[str, Any]
) -> Problem | None:
    kind = spec.get("kind", "quantity")
    if kind == "ordinal":
        found = spec.get("levels")
        levels: list[Any] = found if isinstance(found, list) else []
        level = crit.get("level")
        if "value" in crit or not isinstance(level, str):
            return Problem(f"{path}.level", f"{name!r} is ordinal: give a level, one of {levels}")
        if level not in levels:
            return Problem(
                f"{path}.level", f"{level!r} is not a level of {name!r}: {levels}", level
            )
        return None
    if "level" in crit:
        return Problem(f"{path}.level", f"{name!r} has no levels: give a value", crit["level"])
    if kind == "presence" and crit.get("value") not in (0, 1):
        message = f"{name!r} is yes/no: its value is 0 or 1"
        return Problem(f"{path}.value", message, crit.get("value"))
    if crit.get("unit") != spec.get("unit"):
        message = (
            f"measurement {name!r} is recorded in {spec.get('unit')!r}, not {crit.get('unit')!r}"
        )
        return Problem(f"{path}.unit", message, crit.get("unit"))
    return _off_scale(path, name, crit, spec)


def _off_scale(
    path: str, name: str, crit: Mapping[str, Any], spec: Mapping[str, Any]
) -> Problem | None:
    scale, value = spec.get("scale"), crit.get("value")
    if not (isinstance(scale, dict) and isinstance(value, (int, float))):
        return None
    low, high = scale.get("low"), scale.get("high")
    if (
        isinstance(low, (int, float))
        and isinstance(high, (int, float))
        and not low <= value <= high
    ):
        message = f"{name!r} is scored {low:g} to {high:g}, so {value:g} can never be reached"
        return Problem(f"{path}.value", message, value)
    return None


def _measurement_problem(
    path: str, crit: Mapping[str, Any], declared: Mapping[str, Mapping[str, Any]]
) -> list[Problem]:
    name = crit.get("measurement")
    if not _is_text(name):
        return []
    if name not in declared:
        message = (
            f"measurement {name!r} is not declared in measurements, so no session log can supply it"
        )
        return [Problem(f"{path}.measurement", message, name)]
    found = _measurement_kind_problem(path, name, crit, declared[name])
    return [found] if found is not None else []


def criteria_references(data: Mapping[str, Any]) -> list[Problem]:
    """A criterion counts from a declared event, and reads a declared measurement the way
    that measurement is recorded."""
    events = _ids(data, "events")
    declared = {
        item["name"]: item
        for _, item in _entries(data, "measurements")
        if _is_text(item.get("name"))
    }
    problems = []
    for path, crit in _criteria(data):
        since = crit.get("since")
        if _is_text(since) and since not in events:
            message = f"event {since!r} is not declared in events, so no plan can date it"
            problems.append(Problem(f"{path}.since", message, since))
        if crit.get("metric") == "measurement":
            problems += _measurement_problem(path, crit, declared)
        if "versus" in crit:  # without one, there is nothing to compare
            problems += _versus_problem(path, crit, declared)
    return problems


def _versus_problem(
    path: str, crit: Mapping[str, Any], declared: Mapping[str, Mapping[str, Any]]
) -> list[Problem]:
    """A measurement compared with another: both declared quantities in one unit (1.2)."""
    versus = crit.get("versus")
    other = versus.get("measurement") if isinstance(versus, dict) else None
    if not _is_text(other):
        return []
    if other not in declared:
        message = f"measurement {other!r} is not declared in measurements"
        return [Problem(f"{path}.versus.measurement", message, other)]
    mine = declared.get(crit.get("measurement"))  # type: ignore[arg-type]
    unit = declared[other].get("unit")
    if mine is None or unit is None or mine.get("unit") != unit:
        message = f"{other!r} cannot be compared: both must be quantities in one unit"
        return [Problem(f"{path}.versus.measurement", message, other)]
    return []


def _has_increment(dosage: Any) -> bool:
    load = dosage.get("load") if isinstance(dosage, dict) else None
    return isinstance(load, dict) and load.get("increment") is not None


def _load_unit(data: Mapping[str, Any], ex: Any) -> Any:
    """The unit of an exercise's load (its own, else the default's), if it has one."""
    for dosage in (ex.get("dosage") if isinstance(ex, dict) else None, data.get("default_dosage")):
        load = dosage.get("load") if isinstance(dosage, dict) else None
        if isinstance(load, dict):
            amount = load.get("amount")
            return amount.get("unit") if isinstance(amount, dict) else None
        if isinstance(dosage, dict) and "load" in (dosage.get("unset") or ()):
            return None
    return None


def load_steps(data: Mapping[str, Any]) -> list[Problem]:
    """A load change without a step needs an increment to take it from; one with a unit
    keeps the load's unit (1.2: a % load moved by a kg step would become a kg load)."""
    exercises = _by_id(data, "exercises")
    problems = []
    for i, rule in _entries(data, "progression_rules"):
        change = rule.get("change")
        if not isinstance(change, dict) or change.get("parameter") != "load":
            continue
        source = rule.get("exercise")
        ex = exercises.get(source) if _is_text(source) else None
        unit, own = change.get("unit"), _load_unit(data, ex)
        if _is_text(unit) and _is_text(own) and unit != own:
            message = (
                f"the exercise's load is in {own}, so a change in {unit} would turn it into {unit}"
            )
            problems.append(Problem(f"progression_rules[{i}].change.unit", message, unit))
        if change.keys() & {"step", "values"}:
            continue
        if ex is not None and not (
            _has_increment(ex.get("dosage")) or _has_increment(data.get("default_dosage"))
        ):
            message = "the change gives no step and the exercise's load gives no increment"
            problems.append(Problem(f"progression_rules[{i}].change.step", message))
    return problems


def relative_loads(data: Mapping[str, Any]) -> list[Problem]:
    """A load that is a percent of a measurement (1.2) names a declared quantity measurement;
    the person's measured value belongs to a plan, not to the protocol."""
    if _walks(data).no_relative_load():
        return []
    declared = {
        item["name"]: item
        for _, item in _entries(data, "measurements")
        if _is_text(item.get("name"))
    }
    problems = []
    for path, load in _found(data)[1]:
        name = load.get("percent_of")
        spec = declared.get(name) if _is_text(name) else None
        if _is_text(name) and spec is None:
            message = f"the load is a percent of {name!r}, which measurements does not declare"
            problems.append(Problem(f"{path}.percent_of", message, name))
        elif spec is not None and (spec.get("kind", "quantity") != "quantity"
                                   or spec.get("unit") == "{score}"):  # fmt: skip
            message = f"the load is a percent of {name!r}, which is not a measured quantity"
            problems.append(Problem(f"{path}.percent_of", message, name))
        if "measured" in load:
            message = "a protocol gives no measured value: a plan sets it from its measures"
            problems.append(Problem(f"{path}.measured", message))
    return problems


# ``{leg}`` and ``{other leg}`` (format 1.1), ``{arm}`` and ``{other arm}`` in an arm exercise
# (1.2): the only placeholders exercise text may hold.
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_LIMB_PLACEHOLDERS = {
    "leg": frozenset({"{leg}", "{other leg}"}),
    "arm": frozenset({"{arm}", "{other arm}"}),
}


def _placeholder_message(found: str, both: bool, limb: object) -> str | None:
    known = _LIMB_PLACEHOLDERS.get(limb if isinstance(limb, str) else "", frozenset())
    if found not in known and any(found in names for names in _LIMB_PLACEHOLDERS.values()):
        if limb == "none":
            return f"{found} in an exercise of no limb (limb: none)"
        return f"{found} in an exercise of the {limb} (limb: {limb}): only " + " and ".join(
            sorted(known, key=len)
        )
    if found not in known:
        return f"unknown placeholder {found}: only {{leg}} and {{other leg}}" + (
            " ({arm} and {other arm} in an arm exercise)" if limb == "leg" else ""
        )
    if both:
        return f"{found} in an exercise done with both {limb}s (side: both)"
    return None


def _braced(node: Any, path: str, found: list[tuple[str, str]]) -> None:
    # Every text holding a brace below ``node``, with its path, in document order. A path
    # is written only for a container or a text found: most texts hold no brace.
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(value, str):
            if "{" in value:
                found.append((_child(path, key), value))
        elif isinstance(value, (dict, list)):
            _braced(value, _child(path, key), found)


def placeholders(data: Mapping[str, Any]) -> list[Problem]:
    """Placeholders must be known, of the exercise's limb, and only in exercises one leg
    (or arm) does at a time."""
    problems = []
    for i, ex in _entries(data, "exercises"):
        both = ex.get("side") == "both"
        limb = ex.get("limb") if ex.get("limb") in ("arm", "none") else "leg"
        texts: list[tuple[str, str]] = []
        _braced(ex, f"exercises[{i}]", texts)
        for path, value in texts:
            for found in _PLACEHOLDER.findall(value):
                message = _placeholder_message(found, both, limb)
                if message is not None:
                    problems.append(Problem(path, message, found))
    return problems


def unique_urgent_help(data: Mapping[str, Any]) -> list[Problem]:
    """One urgent-help entry per region."""
    return _duplicates(data, "urgent_help", "region", "urgent-help region")


def body_site(data: Mapping[str, Any]) -> list[Problem]:
    """A body site (1.1) is a SNOMED CT body structure; the side is the plan's to give."""
    condition = data.get("condition")
    site = condition.get("body_site") if isinstance(condition, dict) else None
    if not isinstance(site, dict):
        return []
    problems = []
    if site.get("system") != "http://snomed.info/sct":
        message = "a body site is a SNOMED CT code: system http://snomed.info/sct"
        problems.append(Problem("condition.body_site.system", message, site.get("system")))
    if site.get("laterality") is not None:
        message = "a body site has no side: each plan gives the side it treats"
        problems.append(Problem("condition.body_site.laterality", message, site["laterality"]))
    return problems


#: Where each of format 1.2's dose quantities sits in a dosage's data: a change of one needs
#: the exercise's dose (its own over the protocol's default) to give it a value to change.
_DOSE_PATHS = {
    "duration": ("duration",), "distance": ("distance",), "speed": ("speed",),
    "range": ("range",), "rest": ("rest",), "load_level": ("load", "level"),
    "rpe": ("intensity", "rpe"), "reps_in_reserve": ("intensity", "reps_in_reserve"),
    "percent_max_effort": ("intensity", "percent_max_effort"), "rm": ("load", "rm"),
}  # fmt: skip


def _gives(dosage: Any, path: tuple[str, ...]) -> bool:
    for key in path:
        dosage = dosage.get(key) if isinstance(dosage, dict) else None
    return dosage is not None


def dose_changes(data: Mapping[str, Any]) -> list[Problem]:
    """A change of a dose quantity (format 1.2) names one the exercise's dose gives."""
    exercises = _by_id(data, "exercises")
    problems = []
    for i, rule in _entries(data, "progression_rules"):
        change = rule.get("change")
        parameter = change.get("parameter") if isinstance(change, dict) else None
        path = _DOSE_PATHS.get(parameter) if isinstance(parameter, str) else None
        source = rule.get("exercise")
        ex = exercises.get(source) if _is_text(source) else None
        if path is None or ex is None:
            continue
        if not (_gives(ex.get("dosage"), path) or _gives(data.get("default_dosage"), path)):
            message = f"exercise {source!r} gives no {'.'.join(path)} in its dose to change"
            problems.append(Problem(f"progression_rules[{i}].change.parameter", message))
    return problems


def something_to_start_with(data: Mapping[str, Any]) -> list[Problem]:
    """At least one exercise is in play at the start (as ``Protocol.initial_exercises``
    reads it): one that no progression rule leads to and no later phase alone names. A
    protocol without one validated, but every plan made of it had no exercise, which a
    plan refuses."""
    ids = [item["id"] for _, item in _entries(data, "exercises") if _is_text(item.get("id"))]
    named = _phase_exercises(data)
    later = _progression_targets(data)
    if named:
        later |= set().union(*named[1:]) - named[0]
    if not ids or any(x not in later for x in ids):
        return []
    where = "phases[0].exercises" if named else "progression_rules"
    message = ("no exercise is in play at the start: each is reached by a progression rule"
               " or belongs to a later phase, so a plan would hold none")  # fmt: skip
    return [Problem(where, message)]


def _progression_targets(data: Mapping[str, Any]) -> set[str]:
    # Texts only: the rules run on data the schema may have refused (a list where an id
    # belongs is the schema's problem to report, not a crash here).
    rules = _entries(data, "progression_rules")
    targets = [r.get("to_exercise") for _, r in rules if r.get("direction") == "progress"]
    return {t for t in targets if _is_text(t)}


def _phase_exercises(data: Mapping[str, Any]) -> list[set[str]]:
    """The exercise ids each phase names, in order."""
    lists = [p.get("exercises") for _, p in _entries(data, "phases")]
    return [{x for x in p if _is_text(x)} if isinstance(p, list) else set() for p in lists]


#: Every rule, in the order their problems are reported.
RULES: tuple[Rule, ...] = (
    unique_ids,
    unique_measurements,
    known_sources,
    known_based_on,
    rule_references,
    no_cycles,
    known_phase_exercises,
    phase_doses,
    criteria_references,
    load_steps,
    relative_loads,
    dose_changes,
    placeholders,
    unique_urgent_help,
    body_site,
    something_to_start_with,
)


def data_problems(data: Any) -> list[Problem]:
    """Every cross-reference problem in protocol data of any shape."""
    if not isinstance(data, dict):
        return []
    token = _WALKS.set(cited.Walks(data))  # one walk for the rules that need one
    try:
        return [problem for rule in RULES for problem in rule(data)]
    finally:
        _WALKS.reset(token)


# The walks of the data the rules are reading now (data_problems sets them): a rule run
# alone walks the data itself.
_WALKS: ContextVar[cited.Walks | None] = ContextVar("rehabkit_walks", default=None)


def _walks(data: Mapping[str, Any]) -> cited.Walks:
    held = _WALKS.get()
    return held if held is not None and held.data is data else cited.Walks(data)


def _found(data: Mapping[str, Any]) -> cited.Found:
    return _walks(data).found()


# --------------------------------------------------------------------------- typed objects


def plain(value: Any) -> Any:
    """A model object as plain data the rules read: unset fields (None, empty) left out,
    enums as their values, dates as ISO text, tuples as lists."""
    kind = type(value)
    if kind in _LEAVES:
        return value
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = _field_names(kind)
    if names:
        data = {}
        for name in names:
            item = getattr(value, name)
            if item is not None and item != ():
                data[name] = plain(item)
        return data
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


_LEAVES = frozenset({str, int, float, bool})
# Each class's field names (empty for any other type), read once: attrs.fields() on every
# object costs more than the rules themselves.
_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(a.name for a in attrs.fields(kind)) if attrs.has(kind) else ()


def protocol_problems(protocol: Protocol) -> list[Problem]:
    """Everything wrong with a constructed Protocol as a whole: [] at once for the one
    Protocol being built from data ``checked_data`` has just found sound."""
    if _redeem(protocol.id):
        return []
    data = plain(protocol)
    return _data_rules(data)


def _data_rules(data: Any) -> list[Problem]:
    return bound_problems(data, PROTOCOL_BOUNDS) + data_problems(data)


# --------------------------------------------------------------------------- checked once

# The data the rules have just passed, while the Protocol made from it is being built. Only
# checked_data sets it, and only around structuring that very data. It is spent by the
# first Protocol built and by any later check, and spares only a Protocol built from that
# data (its id the very same text object): neither a Protocol written in code nor a second
# one built meanwhile skips the rules (a voucher, not a flag anyone can set).
_VOUCHED: ContextVar[list[Mapping[str, Any]] | None] = ContextVar("rehabkit_vouched", default=None)


@contextmanager
def checked_data(data: Any) -> Iterator[list[Problem]]:
    """Run the whole-protocol rules on ``data`` (a protocol's plain data) and give their
    problems; while the block runs, the Protocol built from this data need not run them
    again on itself. Data with problems gets no voucher: its Protocol checks itself."""
    _spend()
    problems = _data_rules(data)
    sound = isinstance(data, dict) and not problems  # the rules read dicts only
    token = _VOUCHED.set([data] if sound else [])
    try:
        yield problems
    finally:
        _spend()
        _VOUCHED.reset(token)


def _spend() -> Mapping[str, Any] | None:
    held = _VOUCHED.get()
    return held.pop() if held else None


def _redeem(protocol_id: str) -> bool:
    vouched = _spend()
    # The very text object of the data's id (structuring passes text through): a Protocol
    # written in code, even with an equal id, is a different object and checks itself.
    return vouched is not None and vouched.get("id") is protocol_id
