"""The dose as a handout says it: in short in the table at a glance, and how often said
once, above that table, when every exercise in play is done equally often, and then not
again on each card; where the frequency is a range (once a day or every other day), the
line says that the physiotherapist chooses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from attrs import evolve

from rehabkit._core.i18n import N_, gettext, ngettext
from rehabkit._model.dosage import Dosage, Frequency
from rehabkit._model.words import SET_FORMS, _plural, _say

#: Said after a frequency that leaves the choice open, so that the person does not pick.
CHOICE_NOTE = N_("Your physiotherapist will tell you which.")


def shared_frequency(frequencies: Iterable[Frequency | None]) -> Frequency | None:
    """The one frequency all the exercises in play share; None for a mixed schedule, or
    where some exercise has none."""
    found = set(frequencies)
    if len(found) != 1:
        return None
    return next(iter(found))


def is_choice(frequency: Frequency) -> bool:
    """Whether the frequency is a range the physiotherapist narrows ("2 to 3 times a day",
    "once a day or every other day")."""
    return frequency.period_max is not None or frequency.times_max is not None


def how_often_line(frequency: Frequency | None) -> str:
    """The glance's line for one shared frequency (None: none was given)."""
    if frequency is None:
        return gettext("How often: {choices}.").format(choices=gettext("as agreed"))
    line = gettext("How often: {choices}.").format(choices=frequency.describe())
    return f"{line} {gettext(CHOICE_NOTE)}" if is_choice(frequency) else line


def card_dose(dose: Dosage, shared: Frequency | None) -> str:
    """A card's dose: without the frequency the glance has already said for every exercise;
    a card done on another schedule (an exercise of a later phase) keeps its own."""
    if shared is not None and dose.frequency == shared:
        without = evolve(dose, frequency=None).describe()
        if without:
            return without
    return dose.describe()


def dose_in_short(dose: Dosage) -> str:
    """Sets x repetitions, and the hold: "3 sets x 12, hold 5 s"; a dose of time alone
    (a 10-minute walk) is just its time, with no "- sets" before it."""
    timed = [_say(p) for p in (dose.duration, dose.distance, dose.speed) if p is not None]
    if timed and dose.sets is None and dose.repetitions is None and dose.hold is None:
        return gettext(", ").join(timed)
    amount = _sets(dose)
    if dose.repetitions is not None:
        amount = gettext("{sets} x {repetitions}").format(
            sets=amount, repetitions=_say(dose.repetitions)
        )
    if dose.hold is not None:
        amount += gettext(", hold {time}").format(time=_say(dose.hold))
    # A timed dose, and since 1.2 a distance or a speed, show in the glance as they do in
    # the dose ("1 set, 10 min, 1.5 km").
    for part in timed:
        amount += gettext(", ") + part
    return amount


def _sets(dose: Dosage) -> str:
    """ "3 sets", or "- sets" where the dose gives none."""
    if dose.sets is not None:
        return _plural(dose.sets, SET_FORMS)
    return ngettext(*SET_FORMS, 2).format(n="-")


def glance_for(parts: dict[str, Any], in_play: list[str], clinician_notes: bool) -> dict[str, Any]:
    """The glance as the handout prints it, ``table`` saying whether it has its table. The
    patient's handout leaves the table out where it only repeats the cards: one frequency
    for all (said once, in the line above it) and a card for every exercise in it
    (``in_play``), whose "How much" says the same dose. A table of schedules that differ
    says what no single line can; the clinician's copy keeps it, a programme read in one
    place. Left out, its words are left out of the view model too."""
    glance = parts["glance"]
    carded = {card["id"] for card in parts["exercises"]}
    repeats = len(glance["header"]) == 2 and set(in_play) <= carded
    if clinician_notes or not repeats:
        return {**glance, "table": True}
    return {**glance, "header": [], "rows": [], "table": False}
