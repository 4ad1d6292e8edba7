"""A protocol in FHIR: a PlanDefinition (goals for every pain limit, the exercises with their
progressions, stops and phases as actions with evaluable conditions) and one
ActivityDefinition per exercise."""

from __future__ import annotations

from typing import Any

from rehabkit._formats.fhir.definitions import measurement_code_system, measurement_system_id
from rehabkit._formats.fhir.dosage import (
    amount_value,
    dosage_extensions,
    dose_extensions,
    num,
    quantity,
    timing,
)
from rehabkit._formats.fhir.ids import activity_canonical, stable_uuid
from rehabkit._formats.fhir.narrative import with_narrative
from rehabkit._formats.fhir.paths import SessionReading, criteria_expression, literal
from rehabkit._formats.fhir.terms import (
    LOINC,
    PAIN_SCORE,
    PAIN_SCORE_DISPLAY,
    SNOMED,
    Canon,
    limb_site,
    machine_name,
)
from rehabkit._formats.fhir.variables import exercise_variables, protocol_variables
from rehabkit._formats.fhir.words import (
    COMPLETE_WHEN,
    ENTER_PHASE_WHEN,
    PHASE_DOSE,
    PHASE_DOSE_TITLE,
    PHASE_ENDS_WHEN,
    RULE_TITLES,
    START_WHEN,
    WARNING_SIGNS,
    WHEN_COMPLETE,
    WHEN_TO_START,
    say,
)
from rehabkit._model.criteria import Criterion
from rehabkit._model.dosage import Dosage, Frequency
from rehabkit._model.exercise import Exercise
from rehabkit._model.metrics import METRICS, MetricKind
from rehabkit._model.protocol import Protocol
from rehabkit._model.rules import ParameterChange, Phase, ProgressionRule, StopCriterion
from rehabkit._model.terms import Comparator, Direction, Effect, Laterality, Match, Scope, Urgency
from rehabkit._plan.personalise import plan_item
from rehabkit._progression.evidence import run_gap

#: How soon a warning sign asks for help, as an action's priority.
PRIORITY = {
    Urgency.URGENT: "stat",
    Urgency.SEE_CLINICIAN: "urgent",
    Urgency.STOP_EXERCISE: "routine",
}


class ProtocolWriter:
    """Writes one protocol's definitions for FHIR ``version`` under ``canon``."""

    def __init__(self, protocol: Protocol, version: str, canon: Canon) -> None:
        self.protocol = protocol
        self.version = version
        self.canon = canon
        self.declared = {m.name: m for m in protocol.measurements}
        self.target_key = "actionId" if version == "R4" else "targetId"

    # ------------------------------------------------------------------ conditions

    def reading(self, exercise: str, source: str | None = None) -> SessionReading:
        """How the conditions read an exercise's sessions (``%sessions``, or ``source``
        since the plan's start): as its schedule in a plan of the protocol's own frequency
        numbers them (``personalise`` with no frequency chosen), runs broken by the gaps
        that schedule allows."""
        offered = self.protocol.default_dosage.frequency or Frequency()
        schedule = plan_item(self.protocol, exercise, offered).dosage.frequency or offered
        return SessionReading(
            per_day=schedule.sessions_per_day(),
            run_gap=run_gap(schedule, self.protocol.escalation),
            source=source or "%sessions",
            level_start="%carePlan.period.start" if source else "%levelStart",
        )

    def expression(
        self,
        criteria: tuple[Criterion, ...],
        match: Match,
        *,
        exercise: str | None = None,
        source: str | None = None,
        for_stop: bool = False,
    ) -> str:
        """Criteria as FHIRPath that holds exactly when rehabkit finds them met: over an
        exercise's sessions, or (no exercise) the person's days. A stop reads one day's
        disagreeing measurements as firing on any; anything else needs every one."""
        return criteria_expression(
            criteria,
            match,
            dose=self.protocol.dosage_for(exercise) if exercise else Dosage(),
            by_day=exercise is None,
            declared=self.declared,
            canon=self.canon,
            measured=self.canon.code_system(measurement_system_id(self.protocol)),
            reading=self.reading(exercise, source) if exercise else None,
            for_stop=for_stop,
        )

    def condition(self, kind: str, description: str, expression: str) -> dict[str, Any]:
        """An action condition (see paths.py for the variables its FHIRPath reads)."""
        return {
            "kind": kind,
            "expression": {
                "description": description,
                "language": "text/fhirpath",
                "expression": expression,
            },
        }

    def rule_condition(self, rule: ProgressionRule, kind: str) -> dict[str, Any]:
        """A progression rule's criteria, over its exercise's sessions."""
        expression = self.expression(rule.criteria, rule.match, exercise=rule.exercise)
        return self.condition(kind, rule.description, expression)

    def stop_condition(self, stop: StopCriterion, exercise: str | None) -> dict[str, Any]:
        """A stop criterion on an exercise's action (over its sessions, or the person's
        days for a stop of the patient), or as a warning sign (no exercise)."""
        kind = "stop" if exercise else "applicability"
        if stop.scope is Scope.PATIENT:
            expression = self.expression(stop.criteria, stop.match, for_stop=True)
        elif exercise is not None:
            expression = self.expression(
                stop.criteria, stop.match, exercise=exercise, for_stop=True
            )
        else:
            expression = self.any_exercise(stop)
        return self.condition(kind, stop.text, expression)

    def any_exercise(self, stop: StopCriterion) -> str:
        """A stop of an exercise as a warning sign: it holds when it holds on any
        exercise's sessions since the plan's start, as it would on that exercise's action."""
        url = self.canon.extension("observation-exercise")
        parts = []
        for ex in self.protocol.exercises:
            canonical = activity_canonical(self.canon, self.protocol, ex.id)
            own = f"%allSessions.where(extension('{url}').value = {literal(canonical)})"
            expression = self.expression(
                stop.criteria, stop.match, exercise=ex.id, source=own, for_stop=True
            )
            parts.append(f"({expression})")
        return " or ".join(parts)

    # ------------------------------------------------------------------ changes

    def change_extension(self, rule: ProgressionRule) -> dict[str, Any]:
        """What the rule changes, as data: the parameter, step and limit (or the ladder's
        values, in order), or the exercise that replaces this one."""
        parts: list[dict[str, Any]] = []
        if rule.to_exercise is not None:
            canonical = activity_canonical(self.canon, self.protocol, rule.to_exercise)
            parts.append({"url": "to-exercise", "valueCanonical": canonical})
        elif rule.change is not None:
            parts += self._change_parts(rule.change, rule)
        return {"url": self.canon.extension("exercise-change"), "extension": parts}

    def _change_parts(self, change: ParameterChange, rule: ProgressionRule) -> list[dict[str, Any]]:
        parts: list[dict[str, Any]] = [{"url": "parameter", "valueCode": change.parameter.value}]
        if change.joint is not None:
            parts.append({"url": "joint", "valueCode": change.joint.value})
        step, unit = self._step_and_unit(change, rule)
        named = [("step", step), ("limit", change.limit)] + [("value", v) for v in change.values]
        for name, value in named:
            if value is not None:
                q = quantity(value, unit) if unit else {"value": num(value)}
                parts.append({"url": name, "valueQuantity": q})
        return parts

    def _step_and_unit(
        self, change: ParameterChange, rule: ProgressionRule
    ) -> tuple[float | None, str | None]:
        """The change's step and unit; a load change without a step uses the exercise's own
        increment."""
        unit = change.unit.value if change.unit is not None else None
        if change.step is not None or change.values:
            return change.step, unit
        load = self.protocol.dosage_for(rule.exercise).load
        increment = load.increment if load is not None else None
        if increment is None:
            return None, unit
        sign = 1 if rule.direction is Direction.PROGRESS else -1
        return sign * increment.value, increment.unit.value

    # ------------------------------------------------------------------ goals

    def goals(self) -> list[dict[str, Any]]:
        """The pain guidance and each of its limits as a goal (every limit, not only the
        strictest), with a measurable target where FHIR has a code for the measure."""
        pain = self.protocol.pain_guidance
        addresses = [
            {"coding": [{"system": c.system, "code": c.code, "display": c.display}]}
            for c in self.protocol.condition.codes
        ]
        summary: dict[str, Any] = {"id": "pain-guidance", "description": {"text": pain.summary}}
        if addresses:
            summary["addresses"] = addresses
        goals = [summary]
        for number, limit in enumerate(pain.limits, 1):
            goal: dict[str, Any] = {"id": f"pain-limit-{number}",
                                    "description": {"text": limit.describe()}}  # fmt: skip
            target = self._target(limit)
            if target is not None:
                goal["target"] = [target]
            goals.append(goal)
        return goals

    def _target(self, limit: Criterion) -> dict[str, Any] | None:
        if limit.op not in (Comparator.LE, Comparator.LT) or limit.value is None:
            return None
        spec = METRICS[limit.metric]
        if spec.kind is MetricKind.PAIN_SCORE:
            high = quantity(limit.value, "{score}")
        elif spec.kind is MetricKind.TIME:
            high = quantity(limit.threshold() / 60, "min")
        else:
            return None
        if spec.fhir_component is None:  # the session's own value: the LOINC pain score
            coding = {"system": LOINC, "code": PAIN_SCORE, "display": PAIN_SCORE_DISPLAY}
        else:
            codes = self.canon.code_system("exercise-parameter")
            coding = {"system": codes, "code": spec.fhir_component}
        return {"measure": {"coding": [coding]}, "detailRange": {"high": high}}

    # ------------------------------------------------------------------ actions

    def exercise_action(self, ex: Exercise, goal_id: str) -> dict[str, Any]:
        """An exercise: when it starts and stops (its progressions and every stop
        criterion), its rules as child actions carrying what they change."""
        action: dict[str, Any] = {
            # What its conditions read, declared for an engine to bind (variables.py).
            "extension": exercise_variables(self.protocol, ex.id, self.canon, self.version),
            "id": ex.id,
            "title": ex.name,
            "description": ex.feel,
            # One goal: R5's pld-3 cannot test an action that names several.
            "goalId": [goal_id],
            "definitionCanonical": activity_canonical(self.canon, self.protocol, ex.id),
        }
        conditions, related, children = [], [], []
        for rule in self.protocol.progression_rules:
            if rule.to_exercise == ex.id and rule.direction is Direction.PROGRESS:
                # When it starts is the rule's stop condition on the exercise before it:
                # every condition on an action reads that action's own sessions.
                related.append({self.target_key: rule.exercise, "relationship": "after"})
            if rule.exercise == ex.id:
                conditions += self._handover_conditions(rule)
                children.append(self.rule_action(rule, ex))
        # A stop that only holds progression (effect hold) does not stop the action: it
        # is among the warning signs alone.
        conditions += [
            self.stop_condition(s, ex.id)
            for s in self.protocol.stop_criteria
            if s.effect is Effect.STOP
        ]
        _put_lists(action, condition=conditions, relatedAction=related, action=children)
        return action

    def _handover_conditions(self, rule: ProgressionRule) -> list[dict[str, Any]]:
        """The exercise stops when a rule of its own progresses to another exercise."""
        if rule.to_exercise and rule.direction is Direction.PROGRESS:
            return [self.rule_condition(rule, "stop")]
        return []

    def rule_action(self, rule: ProgressionRule, ex: Exercise) -> dict[str, Any]:
        """A rule of the exercise as a child action: what it changes, and when."""
        return {
            "extension": [self.change_extension(rule)],
            "id": rule.id,
            "title": rule_title(rule, ex),
            "description": rule.description,
            "condition": [self.rule_condition(rule, "applicability")],
        }

    def warning_signs_action(self) -> dict[str, Any]:
        """Every stop criterion as an action: its text for people, how soon to get help,
        and a condition saying when it applies."""
        children = []
        for stop in self.protocol.stop_criteria:
            child: dict[str, Any] = {
                "id": f"stop-{stop.id}",
                "title": stop.text,
                "description": stop.text,
                "priority": PRIORITY[stop.urgency],
            }
            if stop.criteria:
                child["condition"] = [self.stop_condition(stop, None)]
            children.append(child)
        return {
            "id": "warning-signs",
            "title": say(WARNING_SIGNS),
            "description": " ".join(s.text for s in self.protocol.stop_criteria),
            "action": children,
        }

    def _phase_exercises(
        self, phase: Phase, exercises: dict[str, dict[str, Any]], placed: set[str]
    ) -> list[dict[str, Any]]:
        """A phase's exercises: each one's action in the first phase that lists it; in a
        later phase, a reference to its definition that says it carries on there."""
        found = []
        for x in phase.exercises:
            if x not in placed:
                placed.add(x)
                found.append(exercises[x])
            else:
                found.append({
                    "id": f"phase-{phase.id}-{x}",
                    "title": self.protocol.exercise(x).name,
                    "definitionCanonical": activity_canonical(self.canon, self.protocol, x),
                })  # fmt: skip
        return found

    def phase_actions(self, exercises: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        """Each phase as a group of its exercises' actions, all of them applied together,
        entered in order when its entry criteria hold (over the person's days since the
        plan's start); a phase whose successor drops it stops when that one opens."""
        actions: list[dict[str, Any]] = []
        placed: set[str] = set()
        for number, phase in enumerate(self.protocol.phases):
            action: dict[str, Any] = {
                "id": f"phase-{phase.id}",
                "title": phase.name,
                "groupingBehavior": "logical-group",
                "selectionBehavior": "all",
                "action": self._phase_exercises(phase, exercises, placed)
                + self.phase_dose_actions(phase),
            }
            if phase.description:
                action["description"] = phase.description
            if phase.entry_criteria:
                words = "; ".join(c.describe() for c in phase.entry_criteria)
                why = say(ENTER_PHASE_WHEN, criteria=words)
                expression = self.expression(phase.entry_criteria, Match.ALL)
                action["condition"] = [self.condition("start", why, expression)]
            if number > 0:
                previous = self.protocol.phases[number - 1].id
                action["relatedAction"] = [
                    {self.target_key: f"phase-{previous}", "relationship": "after"}
                ]
            if phase.expected_duration is not None:
                key, value = amount_value(phase.expected_duration)
                action["timingDuration" if key == "valueDuration" else "timingRange"] = value
            actions.append(action)
        self._end_dropped_phases(actions)
        return actions

    def _end_dropped_phases(self, actions: list[dict[str, Any]]) -> None:
        """A phase whose successor does not carry its exercises on (``continues_previous``
        false) stops when that successor opens: its start condition is this one's stop."""
        pairs = zip(actions, actions[1:], self.protocol.phases[1:], strict=False)
        for earlier, later, phase in pairs:
            opens = [c for c in later.get("condition", []) if c["kind"] == "start"]
            if phase.continues_previous or not opens:
                continue
            words = "; ".join(c.describe() for c in phase.entry_criteria)
            why = say(PHASE_ENDS_WHEN, criteria=words)
            earlier.setdefault("condition", []).append(
                self.condition("stop", why, opens[0]["expression"]["expression"])
            )

    def phase_dose_actions(self, phase: Phase) -> list[dict[str, Any]]:
        """What a phase changes in the dose (format 1.2), as child actions: for every
        exercise in play (``phase-{id}-dose``), and for one (``phase-{id}-dose-{exercise}``,
        with its definition): the changed parts as our dose extensions, how often as
        ``timingTiming``, and the change in words."""
        found = []
        if phase.dosage is not None and phase.dosage != Dosage():
            found.append(self._dose_action(f"phase-{phase.id}-dose", "Every exercise",
                                           phase.dosage))  # fmt: skip
        for entry in phase.exercise_dosage:
            action = self._dose_action(
                f"phase-{phase.id}-dose-{entry.exercise}",
                self.protocol.exercise(entry.exercise).name,
                entry.dosage,
            )
            action["definitionCanonical"] = activity_canonical(
                self.canon, self.protocol, entry.exercise
            )
            found.append(action)
        return found

    def _dose_action(self, ident: str, who: str, dose: Dosage) -> dict[str, Any]:
        action: dict[str, Any] = {
            "id": ident,
            "title": say(PHASE_DOSE_TITLE, exercise=who),
            "description": say(PHASE_DOSE, exercise=who, dose=dose.describe()),
        }
        _put_lists(action, extension=dose_extensions(dose, self.canon))
        if dose.frequency is not None or dose.duration is not None:
            action["timingTiming"] = timing(dose)
        return action

    def gate_actions(self) -> list[dict[str, Any]]:
        """The start gate (a ``start`` condition) and the outcome (a ``stop`` condition: the
        programme ends when it holds) as actions (format 1.2), read over the person's days."""
        p = self.protocol
        found = []
        start = p.start_criteria()
        if start:
            words = "; ".join(c.describe() for c in start)
            described = p.start.description if p.start and p.start.description else words
            found.append({
                "id": "programme-start", "title": say(WHEN_TO_START), "description": described,
                "condition": [self.condition("start", say(START_WHEN, criteria=words),
                                             self.expression(start, Match.ALL))],
            })  # fmt: skip
        if p.outcome is not None:
            criteria = p.outcome.criteria
            words = "; ".join(c.describe() for c in criteria)
            found.append({
                "id": "programme-outcome", "title": say(WHEN_COMPLETE),
                "description": p.outcome.description or words,
                "condition": [self.condition("stop", say(COMPLETE_WHEN, criteria=words),
                                             self.expression(criteria, Match.ALL))],
            })  # fmt: skip
        return found

    # ------------------------------------------------------------------ resources

    def _related_artifacts(self) -> list[dict[str, Any]]:
        artifacts = []
        for ref in self.protocol.sources:
            item: dict[str, Any] = {
                "type": "citation",
                "label": ref.id,
                "display": ref.title,
                "citation": ref.citation(),
            }
            link = ref.url or (f"https://doi.org/{ref.doi}" if ref.doi else None)
            if link and self.version == "R4":
                item["url"] = link
            elif link:
                item["document"] = {"url": link, "title": ref.title}
            artifacts.append(item)
        return artifacts

    def actions(self, goal_id: str) -> list[dict[str, Any]]:
        """The PlanDefinition's actions: the exercises of no phase, the warning signs, the
        phases (each holding its exercises), the start gate and the outcome."""
        p = self.protocol
        exercises = {ex.id: self.exercise_action(ex, goal_id) for ex in p.exercises}
        # An exercise of a phase is an action of that phase alone: listed at the top as
        # well, an engine would apply it from the start, before its phase opens.
        phased = {x for phase in p.phases for x in phase.exercises}
        actions = [a for x, a in exercises.items() if x not in phased]
        if p.stop_criteria:
            actions.append(self.warning_signs_action())
        return actions + self.phase_actions(exercises) + self.gate_actions()

    def plan_definition(self) -> dict[str, Any]:
        """The protocol as a PlanDefinition."""
        p = self.protocol
        goals = self.goals()
        description = "\n\n".join(x for x in (p.summary, p.supervision, p.disclaimer) if x)
        measured = self.canon.code_system(measurement_system_id(p))
        return {
            "resourceType": "PlanDefinition",
            "id": stable_uuid("PlanDefinition", p.id, p.version),
            "extension": protocol_variables(p, self.canon, self.version, measured),
            "url": self.canon.resource("PlanDefinition", p.id),
            "version": p.version,
            "name": machine_name(p.id),
            "title": p.title,
            "type": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/plan-definition-type",
                        "code": "clinical-protocol",
                        "display": "Clinical Protocol",
                    }
                ]
            },
            "status": "active",
            "date": p.last_reviewed.isoformat(),
            "publisher": p.sources[0].publisher or p.authors[0].name,
            "description": description,
            "usage": p.supervision,
            "author": [{"name": a.name} for a in p.authors],
            "relatedArtifact": self._related_artifacts(),
            "goal": goals,
            "action": self.actions(goals[0]["id"]),
        }

    def activity_definition(self, ex: Exercise) -> dict[str, Any]:
        """One exercise as an ActivityDefinition, its text for any reader ("treated leg")."""
        p = self.protocol
        dose = p.dosage_for(ex.id)
        resource: dict[str, Any] = {
            "resourceType": "ActivityDefinition",
            "id": stable_uuid("ActivityDefinition", p.id, p.version, ex.id),
            "extension": dosage_extensions(dose, ex.side.value, self.canon, ex.limb.value),
            "url": self.canon.resource("ActivityDefinition", f"{p.id}-{ex.id}"),
            "version": p.version,
            "name": machine_name(ex.name),
            "title": ex.name,
            "status": "active",
            "date": p.last_reviewed.isoformat(),
            "description": instruction(ex.for_side(Laterality.UNSPECIFIED), dose),
            "kind": "ServiceRequest",
            "code": exercise_code(ex),
        }
        if dose.frequency is not None:
            resource["timingTiming"] = timing(dose)
        if site := limb_site(ex.limb, ex.side.value):
            resource["bodySite"] = site
        return resource

    def resources(self) -> list[dict[str, Any]]:
        """The PlanDefinition, the ActivityDefinitions and the measurement CodeSystem."""
        resources = [self.plan_definition()]
        resources += [self.activity_definition(ex) for ex in self.protocol.exercises]
        if self.protocol.measurements:
            resources.append(measurement_code_system(self.protocol, self.canon))
        return [with_narrative(r) for r in resources]


def rule_title(rule: ProgressionRule, ex: Exercise) -> str:
    """A rule's action title: "Progress: Wall squat", in the export's language."""
    return say(RULE_TITLES[rule.direction.value], exercise=ex.name)


def _put_lists(resource: dict[str, Any], **lists: list[dict[str, Any]]) -> None:
    """Each list that has items, in order; FHIR forbids an empty array."""
    resource.update({key: items for key, items in lists.items() if items})


def exercise_code(ex: Exercise) -> dict[str, Any]:
    """SNOMED CT "Exercise therapy", with the exercise's name as text."""
    return {
        "coding": [{"system": SNOMED, "code": "229065009", "display": "Exercise therapy"}],
        "text": ex.name,
    }


def instruction(ex: Exercise, dose: Dosage) -> str:
    """The exercise as one paragraph: the dose, the position, the steps, what to feel."""
    steps = " ".join(f"{i}. {s}" for i, s in enumerate(ex.steps, 1))
    start = f"{ex.starting_position} " if ex.starting_position else ""
    return f"{dose.describe()}. {start}{steps} You should feel: {ex.feel}"
