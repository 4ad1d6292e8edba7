"""Shared by the handout exporters' tests: a protocol no page can hold in one piece, and
the text a handout must print."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import rehabkit as rk
from rehabkit._core.tree import walk

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


# Keys of the view model that hold machine values (ids, field names), not printed text.
_MACHINE = re.compile(r"\.(metric|field|kind|exercise|symptom|date|id)$|\.(choices|asks)\[\d+\]$")


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


def bundled_documents(start: dt.date) -> list[tuple[str, rk.Protocol | rk.Plan]]:
    """Each bundled protocol's handout subjects: a left-sided plan (dated events, region
    GB) and the protocol itself, and runners-knee's plan in each bundled language, each
    with a name for test ids."""
    documents: list[tuple[str, rk.Protocol | rk.Plan]] = []
    for name in rk.bundled_ids():
        protocol = rk.bundled(name)
        events = {e.id: start.isoformat() for e in protocol.events}
        plan = rk.personalise(
            protocol, patient="Ana Lopez", side="left", start=start, region="GB", events=events
        )
        documents += [(f"{name}-plan", plan), (f"{name}-generic", protocol)]
    # The handouts in other languages: Spanish, and Arabic, right to left (issue 14).
    for language in ("es", "ar"):
        plan = rk.personalise(
            rk.bundled("runners-knee"), patient="Ana López", side="left", start=start,
            region="GB", language=language,
        )  # fmt: skip
        documents.append((f"runners-knee-{language}-plan", plan))
    return documents
