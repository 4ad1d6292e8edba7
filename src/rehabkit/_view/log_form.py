"""The HTML handout's log as a form the person fills in in the browser (issue 27).

The paper log's view model says what each box asks; this module says, for each input of
the form, which session-log field it fills and with what value, so that the page's script
only copies values into entries and never knows the format's rules. A box ticked is the
value written here; a number typed is the number; a day's answers and warning signs go
on each of that day's entries, as docs/handouts.md says the paper log is typed in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from rehabkit._core.i18n import N_, gettext, speaking
from rehabkit._documents.api import to_data
from rehabkit._documents.converter import converter
from rehabkit._model.criteria import Criterion
from rehabkit._model.document import Document
from rehabkit._model.metrics import METRICS
from rehabkit._model.plan import Plan
from rehabkit._model.protocol import Protocol
from rehabkit._model.session_log import SessionLog, _prescribed
from rehabkit._model.units import Quantity, Unit
from rehabkit._view.handout import LABELS, Setting

__all__: list[str] = []

WORDS = {
    "title": N_("Fill in your log on this page"),
    "intro": N_(
        "What you fill in here stays in this browser, on this device: nothing is sent"
        " anywhere. Before you see your physiotherapist, save the log as a file and bring"
        " it or send it to them. Printing this page gives the paper log."
    ),
    "save": N_("Save the log as a file"),
    "done": N_("Did every set and repetition"),
    "signs": N_("Warning signs noticed"),
    "blank": N_("Not answered"),
}
#: The label of each number the paper log asks in an exercise's cell, by its log field.
_CELL_WORDS = {
    "pain_before": N_("Pain just before (0-10)"),
    "pain_during": N_("Worst pain during (0-10)"),
    "pain_after": N_("Pain just after (0-10)"),
    "effort": N_("How hard it felt (0-10)"),
    "reps_in_reserve": N_("Repetitions you could still have done"),
}
#: Fields the session log takes as whole numbers; every other number the log asks is a
#: 0-10 score, which may be a half.
_WHOLE = {"reps_in_reserve"}
_ANSWER_WORDS = {"better": N_("Better"), "same": N_("Same"), "worse": N_("Worse")}
_YES, _NO = N_("Yes"), N_("No")


def log_form(document: Document, log: dict[str, Any]) -> dict[str, Any] | None:
    """The form of a plan's log (``log`` is the handout view model's paper log); None for a
    protocol's handout, whose log has no dates and belongs to no one."""
    if not isinstance(document, Plan):
        return None
    with speaking(document.protocol.language):
        return _form(document, log)


def _form(plan: Plan, log: dict[str, Any]) -> dict[str, Any]:
    head = to_data(
        SessionLog(protocol=plan.protocol.id, patient=plan.patient, patient_id=plan.patient_id)
    )
    done = {ex["exercise"]: _done_in_full(plan, ex["exercise"]) for ex in log["exercises"]}
    twice = any(row["session"] > 1 for row in log["rows"])
    return {
        "key": storage_key(plan),
        "head": _json(head),
        "filename": f"{plan.protocol.id}-session-log.json",
        "words": {key: gettext(text) for key, text in WORDS.items()},
        "days": _options_once([_day(plan.protocol, row, log, done, twice) for row in log["rows"]]),
    }


def _options_once(days: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The days, each question after the first day's naming that day's question (``same``)
    rather than repeating its answers: the page's script copies them (the form shows only
    once it has run), and a 12-week log is some 30 KB smaller."""
    for day in days[1:]:
        for question, first in zip(day["questions"], days[0]["questions"], strict=True):
            if question["options"] == first["options"]:
                question["same"], question["options"] = first["id"], []
    return days


def storage_key(plan: Plan) -> str:
    """Where the page keeps its entries: one key per plan, so that two handouts opened in
    the same browser (every file:// page shares one storage) never mix."""
    text = json.dumps(to_data(plan), sort_keys=True, ensure_ascii=False)
    return "rehabkit-log:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _done_in_full(plan: Plan, exercise: str) -> str:
    """What a tick for "done in full" writes: the dose as prescribed, its low ends, as
    ``SessionLog.log_session(as_prescribed=plan)`` logs it."""
    dose = next((i.dosage for i in plan.exercises if i.exercise == exercise), None)
    if dose is None:  # an exercise the plan reaches later: its dose as it will enter
        dose = Setting(plan.protocol, plan).dose(plan.protocol.exercise(exercise))
    done = {k: v for k, v in _prescribed(exercise, dose).items() if v is not None}
    return _json(converter.unstructure(done))


def _day(
    protocol: Protocol, row: dict[str, Any], log: dict[str, Any], done: dict[str, str], twice: bool
) -> dict[str, Any]:
    """One session of the paper log: an entry for each exercise it asks about, then what
    the person answers once for the session."""
    slot = f"log-{row['date']}-{row['session']}"
    base = {"date": row["date"], "session": row["session"]} if twice else {"date": row["date"]}
    # The day and exercise each label names for a screen reader, after the language's comma.
    where = gettext(", ") + row["label"]
    entries = [
        _entry(f"{slot}-{ex['exercise']}", ex, done[ex["exercise"]], where, told)
        for ex, due, told in zip(log["exercises"], row["due"], row["when_told"], strict=True)
        if due or told
    ]
    questions = [_question(protocol, f"{slot}-{c['field']}", c, where) for c in log["columns"]]
    signs = [
        _check(f"{slot}-sign-{c['symptom']}", c["label"], _json(c["symptom"]), add="symptoms")
        | {"context": where}
        for c in log["symptoms"]["columns"]
    ]
    # What every entry of the session shares (its date) is said once, on the day.
    return {"legend": row["label"], "base": _json(base), "entries": entries,
            "questions": questions, "signs": signs}  # fmt: skip


def _entry(slot: str, ex: dict[str, Any], done: str, where: str, told: bool) -> dict[str, Any]:
    """One exercise's session: the entry it starts (with its day's date), and a box or a
    number for each thing the paper log asks in its cell."""
    name = ex["label"]
    inputs = [_check(f"{slot}-done", WORDS["done"], done)]
    inputs += [_number(f"{slot}-{ask}", ask) for ask in ex["asks"] if ask != "full_dosage"]
    for item in inputs:
        item["context"] = gettext(", ") + name + where
    return {
        "legend": f"{name} ({gettext(LABELS['when_told'])})" if told else name,
        "base": _json({"exercise": ex["exercise"]}),
        "inputs": inputs,
    }


def _check(id_: str, label: str, value: str, add: str = "") -> dict[str, Any]:
    """A box: when ticked, ``value`` (JSON) is merged into the entry, or added to the list
    ``add`` names."""
    return {"type": "checkbox", "id": id_, "label": gettext(label), "value": value,
            "path": add, "add": bool(add)}  # fmt: skip


def _number(id_: str, field: str) -> dict[str, Any]:
    """A number the person types: the session-log field it fills, and its bounds."""
    words = _CELL_WORDS.get(field)
    spec = next((m for m in METRICS.values() if m.log_field == field), None)
    label = gettext(words) if words else (spec.label if spec else field)
    whole = field in _WHOLE
    return {"type": "number", "id": id_, "label": label, "path": field, "min": 0,
            "max": None if whole else 10, "step": "1" if whole else "any"}  # fmt: skip


def _question(protocol: Protocol, id_: str, column: dict[str, Any], where: str) -> dict[str, Any]:
    """A question the paper log asks once a session, as a choice; each answer is the value
    the session log records."""
    field = column["field"]
    if column["kind"] == "yes_no":
        answers = [(gettext(_YES), _settled(field, column["within_seconds"])),
                   (gettext(_NO), _settled(field, _not_settled(protocol, column)))]  # fmt: skip
    else:
        answers = [
            (gettext(_ANSWER_WORDS[a]) if a in _ANSWER_WORDS else a, _json({field: a}))
            for a in column["choices"]
        ]
    options = [{"value": "", "label": gettext(WORDS["blank"])}]
    options += [{"value": value, "label": label} for label, value in answers]
    return {"type": "select", "id": id_, "label": column["label"], "context": where,
            "path": "", "options": options, "same": None}  # fmt: skip


def _settled(field: str, seconds: float) -> str:
    minutes = Quantity(seconds / 60, Unit("min"))
    return _json({field: converter.unstructure(minutes)})


def _not_settled(protocol: Protocol, column: dict[str, Any]) -> float:
    """The answer "no" says only that pain took longer than the time asked about. It is
    logged as a minute past the longest settling time any rule of the protocol reads, so
    that every rule that asks "not settled within ..." is met and none that asks "settled
    within ..." is: the answer read the safe way (the editors' choice, docs/handouts.md)."""
    times = [c.threshold() for c in _criteria(protocol) if c.metric.value == column["metric"]]
    return float(max([column["within_seconds"], *times])) + 60


def _criteria(protocol: Protocol) -> Iterator[Criterion]:
    yield from protocol.pain_guidance.limits
    for rule in protocol.progression_rules:
        yield from rule.criteria
    for stop in protocol.stop_criteria:
        yield from stop.criteria
    for phase in protocol.phases:
        yield from phase.entry_criteria
