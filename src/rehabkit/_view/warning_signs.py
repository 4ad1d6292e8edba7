"""Which warning signs a paper log asks the person to tick for later, and which it tells
them to act on now.

A sign that only an urgent stop reads (fever, calf pain, a hot red swollen joint) needs
help the same day: a box to tick for the physiotherapist to read at the next visit would
invite the person to write it down and wait. Such signs are named beside the log under an
instruction to get help now; a sign that a stop or hold for the physiotherapist reads stays a
box, since that is what the physiotherapist reads the log for.
"""

from __future__ import annotations

from typing import Any

from rehabkit._core.i18n import gettext
from rehabkit._model.protocol import Protocol
from rehabkit._model.terms import Symptom, Urgency
from rehabkit._view.log_words import SYMPTOM_LABELS


def acts_now(urgency: Urgency) -> bool:
    """Whether a stop of this urgency sends the person for help now, not at the next visit."""
    return urgency is Urgency.URGENT


def _read_by(protocol: Protocol, *, now: bool) -> set[Symptom]:
    return {
        c.symptom
        for stop in protocol.stop_criteria
        if acts_now(stop.urgency) is now
        for c in stop.criteria
        if c.symptom is not None
    }


def logged_symptoms(protocol: Protocol) -> list[Symptom]:
    """The signs a stop for later reads, in the order of the Symptom list."""
    return sorted(_read_by(protocol, now=False), key=list(Symptom).index)


def act_now(protocol: Protocol) -> dict[str, Any]:
    """The signs only urgent stops read, named once under a heading that says not to wait
    and points to the stops' own words in the safety box (said there once, not twice). A
    sign a stop for later also reads (swelling, which an urgent stop reads only with a
    fever) stays a box: on its own it is not urgent."""
    signs = _read_by(protocol, now=True) - _read_by(protocol, now=False)
    return {
        "title": gettext(
            "If you have any of these, do not wait to write them down: stop and get help"
            " now, as \u201cWhen to stop and get help\u201d says."
        ),
        "lines": [
            {"symptom": x.value, "text": gettext(SYMPTOM_LABELS[x])}
            for x in sorted(signs, key=list(Symptom).index)
        ],
    }
