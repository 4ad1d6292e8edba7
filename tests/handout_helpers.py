"""Shared by the handout exporters' tests: a protocol no page can hold in one piece, and
the text a handout must print."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import rehabkit as rk
from rehabkit._core.tree import walk

# The tutorial's example protocol is marked as one; these tests make plans of it on purpose.
personalise = functools.partial(rk.personalise, allow_example=True)


LONG_WORD = ("Patellofemoral" * 715)[:10_000]


def runners_knee_data() -> dict[str, Any]:
    data: dict[str, Any] = rk.to_data(rk.bundled("runners-knee"))
    return data


def stress_protocol() -> rk.Protocol:
    """40 stop criteria, an 80-step exercise, a 10,000-character word and a 500-word
    pain summary: more than any page can hold in one piece."""
    data = runners_knee_data()
    words = ["rest", "ice", "settle", "gently", "reduce", "monitor", "calmly"]
    data["pain_guidance"]["summary"] = " ".join(f"{words[i % len(words)]}{i}" for i in range(500))
    data["stop_criteria"] = [
        {
            "id": f"stop-{i}",
            "text": f"Stop number {i} if warning sign {i} appears and stays for {i} hours.",
            "urgency": ["stop_exercise", "see_clinician", "urgent"][i % 3],
        }
        for i in range(40)
    ]
    steps = [f"Step {i}: move slowly through part {i} of the movement." for i in range(80)]
    steps[40] = f"Hold the position {LONG_WORD} and breathe."
    data["exercises"][0]["steps"] = steps
    return rk.from_data(data)  # type: ignore[return-value]


def stress_texts(protocol: rk.Protocol) -> list[str]:
    return [
        protocol.pain_guidance.summary,
        *(c.text for c in protocol.stop_criteria),
        *protocol.exercises[0].steps,
    ]


# Keys of the view model that hold machine values (ids, field names), not printed text;
# and the log's short days and months, which only the PDF prints, as it has room
# (tests/test_handout_length.py reads every one back under its month).
_MACHINE = re.compile(
    r"\.(metric|field|kind|exercise|symptom|date|id)$|\.(choices|asks)\[\d+\]$"
    r"|\.rows\[\d+\]\.(day|number|month)$"
)


def printed_strings(view: dict[str, Any]) -> list[tuple[str, str]]:
    """Every (path, text) of a handout's view model that the page must show; metadata
    goes to the document's properties and labels are checked where they are used."""
    return [
        (path, value)
        for path, value in walk(view)
        if isinstance(value, str)
        and value
        and path.split(".")[0] not in {"meta", "labels"}
        and not _MACHINE.search(path)
        and ".figure." not in path  # markup and its description: tests of their own
    ]


def patient_plan(name: str, start: dt.date, **options: object) -> rk.Plan:
    """A bundled protocol's plan as the page tests print it: Ana Lopez, left side, in GB,
    from ``start``, every dated event on that day (examples allowed)."""
    protocol = rk.bundled(name)
    events = {e.id: start.isoformat() for e in protocol.events}
    return rk.personalise(
        protocol, patient="Ana Lopez", side="left", start=start, region="GB", events=events,
        allow_example=True, **options,
    )  # fmt: skip


def bundled_documents(start: dt.date) -> list[tuple[str, rk.Protocol | rk.Plan]]:
    """Each bundled protocol's handout subjects: a left-sided plan (dated events, region
    GB) and the protocol itself, and runners-knee's plan in each bundled language, each
    with a name for test ids."""
    documents: list[tuple[str, rk.Protocol | rk.Plan]] = []
    for name in rk.bundled_ids():
        protocol = rk.bundled(name)
        events = {e.id: start.isoformat() for e in protocol.events}
        plan = personalise(
            protocol, patient="Ana Lopez", side="left", start=start, region="GB", events=events
        )
        documents += [(f"{name}-plan", plan), (f"{name}-generic", protocol)]
    # The handouts in other languages: Spanish, and Arabic, right to left (issue 14).
    for language in ("es", "ar"):
        plan = personalise(
            rk.bundled("runners-knee"), patient="Ana López", side="left", start=start,
            region="GB", language=language,
        )  # fmt: skip
        documents.append((f"runners-knee-{language}-plan", plan))
    return documents


# ------------------------------------------------------------------ the HTML handout, read


@dataclass
class Element:
    """One element of a parsed HTML page: its tag, attributes and children."""

    tag: str
    attrs: dict[str, str | None]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        """All the text inside, its runs of white space made single spaces."""
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join(" ".join(parts).split())

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        """Every element below this one with ``tag`` and ``attrs`` (``class_`` for class),
        in document order."""
        wanted = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        found = []
        for child in self.children:
            if isinstance(child, str):
                continue
            if child.tag == tag and all(child.attrs.get(k) == v for k, v in wanted.items()):
                found.append(child)
            found += child.find_all(tag, **attrs)
        return found

    def find(self, tag: str, **attrs: str) -> Element:
        """The first element below this one with ``tag`` and ``attrs``; fails if none."""
        [first, *_] = self.find_all(tag, **attrs)
        return first


_VOID = {"meta", "link", "br", "img", "hr", "input", "source", "wbr"}


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root = Element("#document", {})
        self._open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self._open[-1].children.append(element)
        if tag not in _VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while len(self._open) > 1 and self._open.pop().tag != tag:
            pass  # an element left open ends with its parent

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)


def html_handout(document: Any, **options: Any) -> Element:
    """The HTML handout of ``document``, exported and parsed (fonts not embedded)."""
    builder = _TreeBuilder()
    builder.feed(rk.export(document, "html", embed_fonts=False, **options).decode("utf-8"))
    builder.close()
    return builder.root


def labelled(section: Element) -> dict[str, str]:
    """The section's ``Label: value`` paragraphs (a bold label span, then the value)."""
    fields = {}
    for paragraph in section.find_all("p"):
        labels = paragraph.find_all("span", class_="label")
        if labels:
            label = labels[0].text()
            fields[label.removesuffix(":")] = paragraph.text().removeprefix(label).strip()
    return fields


def log_table(page: Element) -> tuple[list[str], list[tuple[str, list[bool]]]]:
    """The paper log's column headings, and each row's label with, for each exercise,
    whether it is due that day (a tick box) or not (a dash)."""
    table = page.find("table", class_="log")
    header = [th.text() for th in table.find("thead").find_all("th")]
    rows = []
    for tr in table.find("tbody").find_all("tr"):
        # An exercise's cell holds a tick box or a dash; the cells left to write in are empty.
        exercises = [td for td in tr.find_all("td") if td.children]
        due = [bool(td.find_all("span", class_="tick")) for td in exercises]
        rows.append((tr.find("th").text(), due))
    return header, rows
