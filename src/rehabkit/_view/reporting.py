"""Reporting a programme completely: which items of CERT and TIDieR a protocol describes,
which it describes only in part, and which it leaves out; for each, the fields that answer
it at their exact paths, what they say, and who says it (``report_parts``).

The item titles are the editors' own summaries; the checklists are cited, not quoted:
CERT, the Consensus on Exercise Reporting Template (Slade SC, Dionne CE, Underwood M,
Buchbinder R. Br J Sports Med 2016;50(23):1428-1437), and TIDieR, the Template for
Intervention Description and Replication (Hoffmann TC et al. BMJ 2014;348:g1687).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from attrs import frozen

from rehabkit._core.errors import RehabkitError
from rehabkit._core.markdown import markdown_code, markdown_literal
from rehabkit._core.public import present_as_public
from rehabkit._model.dosage import Dosage
from rehabkit._model.exercise import Exercise
from rehabkit._model.protocol import Protocol
from rehabkit._model.reporting import REPORTING_WORDS, Statement
from rehabkit._model.rules import ProgressionRule
from rehabkit._model.terms import NameOrigin
from rehabkit._view.positions import angle_words
from rehabkit._view.report_parts import (
    ItemPart,
    Provenance,
    cited,
    nobodys,
    ordered,
    uncited,
)

__all__ = ["ItemStatus", "Report", "ReportItem", "report"]


class ItemStatus(str, enum.Enum):
    """How far a protocol answers a checklist item; who answers it is its provenance."""

    DESCRIBED = "described"  # the protocol describes it
    NOT_REPORTED = "not reported by the source"  # answered: the source is silent
    PARTLY = "partly"  # the protocol describes part of it
    MISSING = "missing"  # the protocol does not describe it
    NOT_APPLICABLE = "not applicable"  # a trial's delivery, or nothing to tailor

    @property
    def answered(self) -> bool:
        """Whether the item is dealt with: described, plainly not reported, or not
        applicable."""
        return self in (ItemStatus.DESCRIBED, ItemStatus.NOT_REPORTED, ItemStatus.NOT_APPLICABLE)


def _giver(provenance: tuple[Provenance, ...]) -> str:
    if Provenance.SOURCE in provenance:
        return "from the source"
    if Provenance.OTHER_SOURCE in provenance:
        return "from other sources"
    if Provenance.EDITORS in provenance:
        return "by the editors alone"
    return "not cited"


@frozen(kw_only=True)
class ReportItem:
    """One checklist item, as a protocol answers it.

    :param number: The item's number in its checklist, e.g. ``"7a"``.
    :param title: What the item asks for, in the editors' words.
    :param status: Described, not reported by the source, partly, missing, or not
        applicable.
    :param parts: The fields that answer it, each at its exact path with what it says
        and who says it; none when it is missing.
    """

    number: str
    title: str
    status: ItemStatus
    parts: tuple[ItemPart, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        """The exact paths of the fields that answer it, e.g. ``("reporting.setting",)``."""
        return tuple(p.path for p in self.parts if p.path)

    @property
    def answer(self) -> str:
        """What the protocol says, in a line; empty when it says nothing."""
        return "; ".join(p.text for p in self.parts if p.text)

    @property
    def provenance(self) -> tuple[Provenance, ...]:
        """Who gives the answer: every part's provenance, in ``Provenance`` order."""
        return ordered(who for part in self.parts for who in part.provenance)

    @property
    def given_by(self) -> str:
        """The provenance as one reads it: ``source + editors``; empty when missing."""
        return " + ".join(p.value for p in self.provenance)


@frozen(kw_only=True)
class Report:
    """A protocol against one checklist, item by item.

    :param checklist: ``cert`` or ``tidier``.
    :param citation: The checklist's source.
    :param protocol: The id and version of the protocol reported.
    :param items: Every item of the checklist, in its order.
    """

    checklist: str
    citation: str
    protocol: str
    items: tuple[ReportItem, ...]

    def count(self, status: ItemStatus) -> int:
        """How many items have ``status``."""
        return sum(item.status is status for item in self.items)

    def missing(self, numbers: Sequence[str] | None = None) -> list[ReportItem]:
        """The items not answered (missing or partly), of ``numbers`` (default: all)."""
        wanted = set(numbers) if numbers is not None else None
        return [
            item
            for item in self.items
            if not item.status.answered and (wanted is None or item.number in wanted)
        ]

    def to_data(self) -> dict[str, Any]:
        """The report as plain JSON-ready data: each item with its status, provenance,
        fields (exact paths), answer, and parts (path, text, provenance, sources)."""
        return {
            "checklist": self.checklist,
            "citation": self.citation,
            "protocol": self.protocol,
            "answered": sum(item.status.answered for item in self.items),
            "items": [_item_data(i) for i in self.items],
        }

    @property
    def name(self) -> str:
        """The checklist's name as its authors write it: CERT, TIDieR."""
        return _NAMES[self.checklist]

    def summary(self) -> str:
        """One line: how many items are answered, and how."""
        answered = sum(item.status.answered for item in self.items)
        parts = [f"{self.count(s)} {s.value}" for s in ItemStatus if self.count(s)]
        if self.count(ItemStatus.DESCRIBED):
            parts[0] += f": {self._described_by()}"
        return f"{self.name} {answered}/{len(self.items)} answered ({'; '.join(parts)})"

    def _described_by(self) -> str:
        # A described item is not the source's unless the source gives it: say who does.
        who: dict[str, int] = {}
        for item in self.items:
            if item.status is ItemStatus.DESCRIBED:
                key = _giver(item.provenance)
                who[key] = who.get(key, 0) + 1
        order = ("from the source", "from other sources", "by the editors alone", "not cited")
        return ", ".join(f"{who[k]} {k}" for k in order if k in who)

    def to_text(self) -> str:
        """The report for a terminal: a line per item (status, provenance, title), a line
        per field that answers it (path: what it says), then the summary."""
        lines = [f"{self.protocol} against {self.name} ({self.citation})"]
        wide = max(len(i.given_by or "-") for i in self.items)
        for i in self.items:
            lines.append(
                f"{i.number:>4}  {i.status.value:<27} {i.given_by or '-':<{wide}}  {i.title}"
            )
            lines += [f"{'':6}{p.path}: {p.text}" if p.path else f"{'':6}{p.text}" for p in i.parts]
        return "\n".join([*lines, f"{self.protocol}: {self.summary()}"])

    def to_markdown(self) -> str:
        """The report as a Markdown table an author pastes into a paper's supplement: each
        item's status, provenance, the fields' exact paths and what each says, line by
        line in the same order."""
        return "\n".join(
            [
                # The version is its authors' text: a backtick in it must not end the span.
                f"**{self.name}** for {markdown_code(self.protocol)}: {self.summary()}.",
                f"Checklist: {self.citation}.",
                "",
                "| item | what it asks | status | provenance | location | what the protocol says |",
                "|---|---|---|---|---|---|",
                *(_row(i) for i in self.items),
            ]
        )


_NAMES = {"cert": "CERT", "tidier": "TIDieR"}


def _item_data(item: ReportItem) -> dict[str, Any]:
    return {
        "number": item.number,
        "title": item.title,
        "status": item.status.value,
        "provenance": [p.value for p in item.provenance],
        "fields": list(item.fields),
        "answer": item.answer,
        "parts": [
            {
                "path": p.path,
                "text": p.text,
                "provenance": [w.value for w in p.provenance],
                "sources": list(p.sources),
            }
            for p in item.parts
        ],
    }


def _row(item: ReportItem) -> str:
    # Parts with no path come last (see the rules), so the two columns' lines align.
    where = "<br>".join(f"`{p.path}`" for p in item.parts if p.path)
    said = "<br>".join(_cell(p.text) for p in item.parts)
    return (
        f"| {item.number} | {item.title} | {item.status.value} | {item.given_by} | {where} "
        f"| {said} |"
    )


def _cell(text: str) -> str:
    # A protocol's text, shown as text: no HTML, link or emphasis; a pipe (escaped too)
    # splits no cell and a newline ends no row.
    return markdown_literal(text).replace("\r", " ").replace("\n", " ")


# --------------------------------------------------------------------------- answers
# One small function per item (or per kind of item): the fields that answer it, each at
# its exact path, with what it says and the sources it cites (report_parts.whose).

_Answer = tuple[ItemStatus, tuple[ItemPart, ...]]
_Rule = Callable[[Protocol], _Answer]
_MISSING: _Answer = (ItemStatus.MISSING, ())


def _statement(name: str, fallback: _Rule | None = None) -> _Rule:
    """An item answered by ``reporting.<name>``: described by its words (or its text, for a
    text-only item), partly by text alone; else what ``fallback`` finds elsewhere."""

    def rule(protocol: Protocol) -> _Answer:
        found: Statement | None = getattr(protocol.reporting, name, None)
        if found is None:
            return fallback(protocol) if fallback else _MISSING
        return _statement_status(name, found), (_statement_part(protocol, name, found),)

    return rule


def _statement_status(name: str, found: Statement) -> ItemStatus:
    if found.not_reported and not found.kinds:
        return ItemStatus.NOT_REPORTED
    text_only = not REPORTING_WORDS[name][0]  # an item with no words of its own
    if found.kinds or (text_only and found.text):
        return ItemStatus.DESCRIBED
    return ItemStatus.PARTLY


def _statement_part(protocol: Protocol, name: str, found: Statement) -> ItemPart:
    """A statement's answer and who gives it. A not-reported statement may cite the
    source that is silent: that says which source, not that it describes the item; any
    other source it cites (the editors' rule given instead) is named beside it."""
    path = f"reporting.{name}"
    if found.not_reported and not found.kinds:
        others = [i for i in found.sources if i != protocol.based_on]
        part = cited(protocol, path, found.text or "not reported by the source", others)
        return ItemPart(
            path=path,
            text=part.text,
            provenance=ordered([Provenance.NOT_REPORTED, *(part.provenance if others else ())]),
            sources=found.sources,
        )
    words = ", ".join(k.replace("_", " ") for k in found.kinds)
    said = "; ".join(x for x in (words, found.text or "") if x)
    part = cited(protocol, path, said, found.sources)
    if not found.not_reported:
        return part
    # Words and not_reported together: the source gives part of the item, not the rest.
    return ItemPart(
        path=path,
        text=part.text,
        provenance=ordered([*part.provenance, Provenance.NOT_REPORTED]),
        sources=found.sources,
    )


def _supervision_text(protocol: Protocol) -> _Answer:
    # The format's own free text says who must supervise: part of the answer.
    return ItemStatus.PARTLY, (uncited("supervision", protocol.supervision),)


def _summary(protocol: Protocol) -> _Answer:
    if protocol.summary:
        return ItemStatus.PARTLY, (uncited("summary", protocol.summary),)
    return _MISSING


def _equipment_parts(protocol: Protocol) -> tuple[ItemPart, ...]:
    # Equipment citing nothing stands on its exercise's sources.
    return tuple(
        cited(protocol, f"exercises[{i}].equipment[{j}]", e.name, e.sources or ex.sources)
        for i, ex in enumerate(protocol.exercises)
        for j, e in enumerate(ex.equipment)
    )


def _equipment(protocol: Protocol) -> _Answer:
    parts = _equipment_parts(protocol)
    return (ItemStatus.DESCRIBED, parts) if parts else _MISSING


def _procedure(protocol: Protocol, i: int, ex: Exercise) -> ItemPart:
    start = "its starting position and" if ex.starting_position else "no starting position;"
    drawn = ", drawn" if ex.pose is not None else ""
    text = f"{ex.name}: {start} {len(ex.steps)} steps{drawn}"
    return cited(protocol, f"exercises[{i}].steps", text, ex.sources)


def _replicable(protocol: Protocol) -> _Answer:
    """Each exercise's procedure, then the editors' notes on it (``_notes``)."""
    parts = tuple(
        part
        for i, ex in enumerate(protocol.exercises)
        for part in (_procedure(protocol, i, ex), *_notes(protocol, i, ex))
    )
    full = all(ex.starting_position for ex in protocol.exercises)
    return (ItemStatus.DESCRIBED if full else ItemStatus.PARTLY), parts


def _notes(protocol: Protocol, i: int, ex: Exercise) -> Iterator[ItemPart]:
    """The editors' notes on an exercise's name, picture and joint angles, which the
    clinician's copy of a handout prints: a reader repeating the exercise needs to know
    which of its description is the source's and which the editors' reading of it."""
    editors = [r.id for r in protocol.sources if r.editorial]
    if ex.name_origin is NameOrigin.EDITOR:
        said = (
            f"{ex.name}: the source describes this exercise without naming it; the editors"
            " give it the name clinicians use"
        )
        yield _editors(protocol, f"exercises[{i}].name_origin", said, editors)
    if ex.pose is not None and ex.pose.origin is NameOrigin.EDITOR:
        said = f"{ex.name}: the picture is the editors' reading of the source's words"
        yield _editors(protocol, f"exercises[{i}].pose.origin", said, editors)
    for j, angle in enumerate(ex.joint_angles):
        if angle.note:  # a note cites nothing of its own: its exercise's sources stand for it
            path, said = (
                f"exercises[{i}].joint_angles[{j}].note",
                f"{ex.name}, {angle_words(angle)}: {angle.note}",
            )
            yield cited(protocol, path, said, ex.sources)


def _editors(protocol: Protocol, path: str, text: str, editors: Sequence[str]) -> ItemPart:
    """A part the editors give: citing their entry where the protocol has one."""
    if editors:
        return cited(protocol, path, text, editors)
    return ItemPart(path=path, text=text, provenance=(Provenance.EDITORS,))


def _rule_criteria(protocol: Protocol, i: int, rule: ProgressionRule) -> ItemPart:
    # A criterion citing nothing stands on its rule's sources.
    lists = [c.sources or rule.sources for c in rule.criteria]
    return cited(protocol, f"progression_rules[{i}].criteria", rule.description, *lists)


def _decision_rules(protocol: Protocol) -> _Answer:
    rules = tuple(_rule_criteria(protocol, i, r) for i, r in enumerate(protocol.progression_rules))
    gates = tuple(
        cited(
            protocol,
            f"phases[{i}].entry_criteria",
            f"{p.name}: " + "; ".join(c.describe() for c in p.entry_criteria),
            *(c.sources for c in p.entry_criteria),
        )
        for i, p in enumerate(protocol.phases)
        if p.entry_criteria
    )
    gates += _gate_parts(protocol)
    if rules or gates:
        return ItemStatus.DESCRIBED, rules + gates
    return _harder_only(protocol)


def _gate_parts(protocol: Protocol) -> tuple[ItemPart, ...]:
    """When the programme starts and when it is complete (format 1.2)."""
    return tuple(
        cited(
            protocol,
            f"{name}.criteria",
            f"{title}: " + "; ".join(c.describe() for c in gate.criteria),
            gate.sources,
            *(c.sources for c in gate.criteria),
        )
        for name, title, gate in (
            ("start", "Start", protocol.start),
            ("outcome", "Complete", protocol.outcome),
        )
        if gate is not None
    )


def _harder_only(protocol: Protocol) -> _Answer:
    """Without rules, the exercises' own ways to make them harder answer part of 7a/7b."""
    parts = tuple(
        cited(protocol, f"exercises[{i}].harder", f"{ex.name}: " + "; ".join(ex.harder), ex.sources)
        for i, ex in enumerate(protocol.exercises)
        if ex.harder
    )
    if parts:
        return ItemStatus.PARTLY, (*parts, uncited("", "no rule says when"))
    return _MISSING


def _how_progressed(protocol: Protocol) -> _Answer:
    parts = tuple(
        cited(
            protocol,
            f"progression_rules[{i}].{'change' if r.change else 'to_exercise'}",
            r.description,
            r.sources,
        )
        for i, r in enumerate(protocol.progression_rules)
    )
    return (ItemStatus.DESCRIBED, parts) if parts else _harder_only(protocol)


def _dose_parts(protocol: Protocol) -> tuple[ItemPart, ...]:
    # A dosage cites nothing of its own: its exercise's sources stand for it, with what
    # it takes from default_dosage.
    return tuple(
        cited(
            protocol,
            f"exercises[{i}].dosage",
            f"{ex.name}: {protocol.dosage_for(ex.id).describe()}",
            ex.sources,
        )
        for i, ex in enumerate(protocol.exercises)
    ) + _phase_dose_parts(protocol)


def _phase_dose_parts(protocol: Protocol) -> tuple[ItemPart, ...]:
    """What each phase changes in the dose (format 1.2); a phase cites nothing of its own,
    so the changed exercises' sources stand for it."""
    parts = []
    for i, phase in enumerate(protocol.phases):
        if phase.dosage is not None and phase.dosage != Dosage():
            lists = [protocol.exercise(x).sources for x in phase.exercises]
            text = f"{phase.name}, every exercise: {phase.dosage.describe()}"
            parts.append(cited(protocol, f"phases[{i}].dosage", text, *lists))
        for j, entry in enumerate(phase.exercise_dosage):
            ex = protocol.exercise(entry.exercise)
            text = f"{phase.name}, {ex.name}: {entry.dosage.describe()}"
            parts.append(cited(protocol, f"phases[{i}].exercise_dosage[{j}]", text, ex.sources))
    return tuple(parts)


def _dosage(protocol: Protocol) -> _Answer:
    doses = [protocol.dosage_for(ex.id) for ex in protocol.exercises]
    amount = [d for d in doses if (d.sets or d.duration or d.hold) and d.frequency]
    if not amount:
        return _MISSING
    full = len(amount) == len(doses)
    return (ItemStatus.DESCRIBED if full else ItemStatus.PARTLY), _dose_parts(protocol)


def _when_and_how_much(protocol: Protocol) -> _Answer:
    status, parts = _dosage(protocol)
    if protocol.duration is None:
        return (ItemStatus.PARTLY if status is not ItemStatus.MISSING else status), parts
    return status, (*parts, uncited("duration", f"for {protocol.duration}"))


def _how_tailored(protocol: Protocol) -> _Answer:
    """14b: a generic programme has nothing to tailor; else how, in words or by rules."""
    found = protocol.reporting.tailoring if protocol.reporting else None
    if found is not None and found.kinds == ("generic",):
        why = "generic: nothing is tailored to the person"
        return ItemStatus.NOT_APPLICABLE, (
            nobodys("reporting.tailoring", why, Provenance.NOT_APPLICABLE),
        )
    if found is not None and found.text:
        return _statement("tailoring")(protocol)
    return _tailored_by_rules(protocol)


def _tailored_by_rules(protocol: Protocol) -> _Answer:
    parts = tuple(
        cited(protocol, f"progression_rules[{i}]", r.description, r.sources)
        for i, r in enumerate(protocol.progression_rules)
    )
    return (ItemStatus.PARTLY, parts) if parts else _MISSING


def _delivery(protocol: Protocol) -> _Answer:
    """TIDieR 6: the mode (``delivery``) and individual or group (``format``)."""
    (how, how_parts), (group, group_parts) = (
        _statement("delivery")(protocol),
        _statement("format")(protocol),
    )
    parts = how_parts + group_parts
    if how is ItemStatus.MISSING and group is ItemStatus.MISSING:
        return _MISSING
    if not (how.answered and group.answered):
        return ItemStatus.PARTLY, parts
    if ItemStatus.DESCRIBED in (how, group):  # the rest says plainly it is not reported
        return ItemStatus.DESCRIBED, parts
    return ItemStatus.NOT_REPORTED, parts


def _materials(protocol: Protocol) -> _Answer:
    parts = _equipment_parts(protocol)
    handout = ItemPart(path="", text="the patient handout rehabkit prints", provenance=())
    return (ItemStatus.DESCRIBED if parts else ItemStatus.PARTLY), (*parts, handout)


def _name(protocol: Protocol) -> _Answer:
    return ItemStatus.DESCRIBED, (uncited("title", protocol.title),)


def _trial_result(_: Protocol) -> _Answer:
    said = "reported with a trial's results, not in a protocol"
    return ItemStatus.NOT_APPLICABLE, (nobodys("", said, Provenance.NOT_APPLICABLE),)


# --------------------------------------------------------------------------- the checklists

_Item = tuple[str, str, _Rule]

_PROVIDER = _statement("provider", _supervision_text)

CERT: tuple[_Item, ...] = (
    ("1", "Equipment used, and what it is", _equipment),
    ("2", "Who delivers it: their qualifications and training", _PROVIDER),
    ("3", "Whether it is done individually or in a group", _statement("format")),
    ("4", "Whether it is supervised, and how", _statement("supervision", _supervision_text)),
    ("5", "How adherence is measured", _statement("adherence")),
    ("6", "Motivation strategies", _statement("motivation")),
    ("7a", "The rule for deciding when to progress", _decision_rules),
    ("7b", "How each exercise is progressed", _how_progressed),
    ("8", "Each exercise, in enough detail to repeat it", _replicable),
    ("9", "The home programme", _statement("home_programme")),
    ("10", "Components beyond exercise", _statement("non_exercise")),
    ("11", "How adverse events are recorded", _statement("adverse_events")),
    ("12", "Where it is done", _statement("setting")),
    ("13", "The dose of each exercise", _dosage),
    ("14a", "Whether it is generic or tailored", _statement("tailoring")),
    ("14b", "How it is tailored to each person", _how_tailored),
    ("15", "The rule for the starting level", _statement("starting_level")),
    ("16a", "How adherence or fidelity is assessed", _statement("fidelity")),
    ("16b", "Whether it was delivered as planned", _trial_result),
)  # fmt: skip

TIDIER: tuple[_Item, ...] = (
    ("1", "A name or phrase for the intervention", _name),
    ("2", "Why: its rationale, theory or goal", _statement("rationale", _summary)),
    ("3", "What: the materials, and where to get them", _materials),
    ("4", "What: the procedures", _replicable),
    ("5", "Who provides it, and their expertise", _PROVIDER),
    ("6", "How: the mode of delivery, individual or group", _delivery),
    ("7", "Where it takes place", _statement("setting")),
    ("8", "When and how much: sessions, schedule, dose", _when_and_how_much),
    ("9", "Tailoring: what is personalised, and how", _statement("tailoring", _tailored_by_rules)),
    ("10", "Modifications made during a study", _trial_result),
    ("11", "How well (planned): how fidelity is assessed", _statement("fidelity")),
    ("12", "How well (actual): fidelity achieved", _trial_result),
)  # fmt: skip

CHECKLISTS: dict[str, tuple[str, tuple[_Item, ...]]] = {
    "cert": (
        "Slade SC, Dionne CE, Underwood M, Buchbinder R. Consensus on Exercise Reporting"
        " Template (CERT). Br J Sports Med 2016;50(23):1428-1437",
        CERT,
    ),
    "tidier": (
        "Hoffmann TC, Glasziou PP, Boutron I, et al. Better reporting of interventions:"
        " template for intervention description and replication (TIDieR) checklist and"
        " guide. BMJ 2014;348:g1687",
        TIDIER,
    ),
}


def report(protocol: Protocol, checklist: str = "cert") -> Report:
    """How completely ``protocol`` describes the programme, item by item of ``checklist``.

    :param protocol: the protocol to report.
    :param checklist: ``"cert"`` (19 items) or ``"tidier"`` (12 items).
    :returns: every item with its status and the fields that answer it: each field's exact
        path, what it says and who says it.
    :raises RehabkitError: for an unknown checklist.

    >>> import rehabkit
    >>> cert = rehabkit.report(rehabkit.bundled("runners-knee"), "cert")
    >>> cert.items[0].number, cert.items[0].status.value
    ('1', 'described')
    """
    if checklist not in CHECKLISTS:
        raise RehabkitError(f"checklist must be cert or tidier, not {checklist!r}")
    citation, items = CHECKLISTS[checklist]
    return Report(
        checklist=checklist,
        citation=citation,
        protocol=f"{protocol.id} {protocol.version}",
        items=tuple(
            ReportItem(number=n, title=t, status=a[0], parts=a[1])
            for n, t, rule in items
            for a in (rule(protocol),)
        ),
    )


present_as_public(globals())
