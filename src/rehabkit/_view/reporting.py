"""Reporting a programme completely: which items of CERT and TIDieR a protocol describes,
which it describes only in part, and which it leaves out, with the fields that answer each.

The item titles are the editors' own summaries; the checklists are cited, not quoted:
CERT, the Consensus on Exercise Reporting Template (Slade SC, Dionne CE, Underwood M,
Buchbinder R. Br J Sports Med 2016;50(23):1428-1437), and TIDieR, the Template for
Intervention Description and Replication (Hoffmann TC et al. BMJ 2014;348:g1687).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from typing import Any

from attrs import frozen

from rehabkit._core.errors import RehabkitError
from rehabkit._core.public import present_as_public
from rehabkit._model.protocol import Protocol
from rehabkit._model.reporting import REPORTING_WORDS, Statement

__all__ = ["ItemStatus", "Report", "ReportItem", "report"]


class ItemStatus(str, enum.Enum):
    """How far a protocol answers a checklist item."""

    DESCRIBED = "described"
    NOT_REPORTED = "not reported by the source"  # answered: the source is silent
    PARTLY = "partly"
    MISSING = "missing"
    NOT_APPLICABLE = "not applicable"  # what a trial reports of its delivery, not a protocol

    @property
    def answered(self) -> bool:
        """Whether the item is dealt with: described, or plainly not reported."""
        return self in (ItemStatus.DESCRIBED, ItemStatus.NOT_REPORTED, ItemStatus.NOT_APPLICABLE)


@frozen(kw_only=True)
class ReportItem:
    """One checklist item, as a protocol answers it.

    :param number: The item's number in its checklist, e.g. ``"7a"``.
    :param title: What the item asks for, in the editors' words.
    :param status: Described, not reported by the source, partly, missing, or not
        applicable to a protocol.
    :param fields: The protocol fields that answer it, e.g. ``("reporting.setting",)``.
    :param answer: What the protocol says, in a line; empty when it says nothing.
    """

    number: str
    title: str
    status: ItemStatus
    fields: tuple[str, ...]
    answer: str


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
        """The report as plain JSON-ready data."""
        return {
            "checklist": self.checklist,
            "citation": self.citation,
            "protocol": self.protocol,
            "answered": sum(item.status.answered for item in self.items),
            "items": [
                {
                    "number": i.number,
                    "title": i.title,
                    "status": i.status.value,
                    "fields": list(i.fields),
                    "answer": i.answer,
                }
                for i in self.items
            ],
        }

    @property
    def name(self) -> str:
        """The checklist's name as its authors write it: CERT, TIDieR."""
        return _NAMES[self.checklist]

    def summary(self) -> str:
        """One line: how many items are answered, and how."""
        answered = sum(item.status.answered for item in self.items)
        parts = [f"{self.count(s)} {s.value}" for s in ItemStatus if self.count(s)]
        return f"{self.name} {answered}/{len(self.items)} answered ({', '.join(parts)})"

    def to_text(self) -> str:
        """The report for a terminal: a line per item, then the summary."""
        lines = [f"{self.protocol} against {self.name} ({self.citation})"]
        for i in self.items:
            where = f" [{', '.join(i.fields)}]" if i.fields else ""
            said = f": {i.answer}" if i.answer else ""
            lines.append(f"{i.number:>4}  {i.status.value:<26} {i.title}{where}{said}")
        return "\n".join([*lines, f"{self.protocol}: {self.summary()}"])

    def to_markdown(self) -> str:
        """The report as a Markdown table an author pastes into a paper's supplement."""
        rows = [
            f"| {i.number} | {i.title} | {i.status.value} | {_cell(i.answer)} |" for i in self.items
        ]
        return "\n".join(
            [
                f"**{self.name}** for `{self.protocol}`: {self.summary()}.",
                f"Checklist: {self.citation}.",
                "",
                "| item | what it asks | status | what the protocol says |",
                "|---|---|---|---|",
                *rows,
            ]
        )


_NAMES = {"cert": "CERT", "tidier": "TIDieR"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# --------------------------------------------------------------------------- answers

_Answer = tuple[ItemStatus, tuple[str, ...], str]
_Rule = Callable[[Protocol], _Answer]


def _statement(name: str, fallback: Callable[[Protocol], _Answer] | None = None) -> _Rule:
    """An item answered by ``reporting.<name>``: described by its words (or its text, for a
    text-only item), partly by text alone; else what ``fallback`` finds elsewhere."""

    def rule(protocol: Protocol) -> _Answer:
        found: Statement | None = getattr(protocol.reporting, name, None)
        path = (f"reporting.{name}",)
        if found is None:
            return fallback(protocol) if fallback else (ItemStatus.MISSING, (), "")
        words = ", ".join(k.replace("_", " ") for k in found.kinds)
        said = "; ".join(x for x in (words, found.text or "") if x)
        if found.not_reported:
            return ItemStatus.NOT_REPORTED, path, found.text or "not reported by the source"
        text_only = not REPORTING_WORDS[name][0]  # an item with no words of its own
        if found.kinds or (text_only and found.text):
            return ItemStatus.DESCRIBED, path, said
        return ItemStatus.PARTLY, path, said

    return rule


def _supervision_text(protocol: Protocol) -> _Answer:
    # The format's own free text says who must supervise: part of the answer.
    return ItemStatus.PARTLY, ("supervision",), protocol.supervision


def _summary(protocol: Protocol) -> _Answer:
    if protocol.summary:
        return ItemStatus.PARTLY, ("summary",), protocol.summary
    return ItemStatus.MISSING, (), ""


def _equipment(protocol: Protocol) -> _Answer:
    named = sorted({e.name for ex in protocol.exercises for e in ex.equipment})
    if named:
        return ItemStatus.DESCRIBED, ("exercises[].equipment",), ", ".join(named)
    return ItemStatus.MISSING, (), ""


def _replicable(protocol: Protocol) -> _Answer:
    full = [ex for ex in protocol.exercises if ex.steps and ex.starting_position]
    if len(full) == len(protocol.exercises):
        drawn = sum(ex.pose is not None for ex in protocol.exercises)
        return (
            ItemStatus.DESCRIBED,
            ("exercises[].starting_position", "exercises[].steps", "exercises[].pose"),
            f"{len(full)} exercises, each with its starting position and steps; {drawn} drawn",
        )
    return (
        ItemStatus.PARTLY,
        ("exercises[].steps",),
        f"{len(protocol.exercises) - len(full)} exercises without a starting position",
    )


def _decision_rules(protocol: Protocol) -> _Answer:
    rules = [r for r in protocol.progression_rules if r.criteria]
    gated = [p for p in protocol.phases if p.entry_criteria]
    if rules or gated:
        return (
            ItemStatus.DESCRIBED,
            ("progression_rules[].criteria", "phases[].entry_criteria"),
            f"{len(rules)} rules and {len(gated)} phases decide when to move on",
        )
    return _harder_only(protocol)


def _harder_only(protocol: Protocol) -> _Answer:
    """Without rules, the exercises' own ways to make them harder answer part of 7a/7b."""
    harder = [ex for ex in protocol.exercises if ex.harder]
    if harder:
        return (
            ItemStatus.PARTLY,
            ("exercises[].harder",),
            f"{len(harder)} exercises say how to make them harder; no rule says when",
        )
    return ItemStatus.MISSING, (), ""


def _how_progressed(protocol: Protocol) -> _Answer:
    changes = [r for r in protocol.progression_rules if r.change or r.to_exercise]
    if changes:
        return (
            ItemStatus.DESCRIBED,
            ("progression_rules[].change", "progression_rules[].to_exercise"),
            f"{len(changes)} rules each change a dose or move to another exercise",
        )
    return _harder_only(protocol)


def _dosage(protocol: Protocol) -> _Answer:
    doses = [protocol.dosage_for(ex.id) for ex in protocol.exercises]
    amount = [d for d in doses if (d.sets or d.duration or d.hold) and d.frequency]
    if len(amount) == len(doses):
        return (
            ItemStatus.DESCRIBED,
            ("default_dosage", "exercises[].dosage"),
            f"{len(doses)} exercises with amount and frequency",
        )
    if amount:
        return ItemStatus.PARTLY, ("exercises[].dosage",), f"{len(amount)} of {len(doses)}"
    return ItemStatus.MISSING, (), ""


def _when_and_how_much(protocol: Protocol) -> _Answer:
    status, fields, said = _dosage(protocol)
    if protocol.duration is None:
        return (ItemStatus.PARTLY if status is not ItemStatus.MISSING else status), fields, said
    return status, (*fields, "duration"), f"{said}; for {protocol.duration}"


def _how_tailored(protocol: Protocol) -> _Answer:
    found = protocol.reporting.tailoring if protocol.reporting else None
    if found is not None and found.kinds == ("generic",):
        return ItemStatus.DESCRIBED, ("reporting.tailoring",), "generic: not tailored"
    if found is not None and found.text:
        return _statement("tailoring")(protocol)
    return _tailored_by_rules(protocol)


def _tailored_by_rules(protocol: Protocol) -> _Answer:
    if protocol.progression_rules:
        return (
            ItemStatus.PARTLY,
            ("progression_rules",),
            "each person's doses change by the progression rules",
        )
    return ItemStatus.MISSING, (), ""


def _delivery(protocol: Protocol) -> _Answer:
    how = _statement("delivery")(protocol)
    group = _statement("format")(protocol)
    if how[0].answered and group[0].answered:
        return (
            ItemStatus.DESCRIBED,
            how[1] + group[1],
            "; ".join(x for x in (how[2], group[2]) if x),
        )
    if how[0] is ItemStatus.MISSING and group[0] is ItemStatus.MISSING:
        return how
    return ItemStatus.PARTLY, how[1] + group[1], "; ".join(x for x in (how[2], group[2]) if x)


def _materials(protocol: Protocol) -> _Answer:
    status, fields, said = _equipment(protocol)
    handout = "the patient handout rehabkit prints"
    return (
        ItemStatus.DESCRIBED if status is ItemStatus.DESCRIBED else ItemStatus.PARTLY,
        fields,
        f"{said}; {handout}" if said else handout,
    )


def _name(protocol: Protocol) -> _Answer:
    return ItemStatus.DESCRIBED, ("title",), protocol.title


def _trial_result(_: Protocol) -> _Answer:
    return ItemStatus.NOT_APPLICABLE, (), "reported with a trial's results, not in a protocol"


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
    :returns: every item with its status, the fields that answer it and what they say.
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
            ReportItem(number=n, title=t, status=a[0], fields=a[1], answer=a[2])
            for n, t, rule in items
            for a in (rule(protocol),)
        ),
    )


present_as_public(globals())
