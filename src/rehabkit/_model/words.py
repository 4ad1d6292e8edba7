"""How the model says things: the gettext-marked words of doses, criteria and sides.

The only module of the model that imports the i18n machinery (the import contract checks it)."""

from __future__ import annotations

from rehabkit._core.i18n import N_, NP_, format_number, gettext, ngettext
from rehabkit._model.terms import Comparator, Contraction, Laterality, ReturnWith, Symptom
from rehabkit._model.units import Amount, Count, IntRange, Quantity, Unit

LEG_WORDS: dict[Laterality, tuple[str, str]] = {
    Laterality.LEFT: (N_("left leg"), N_("right leg")),
    Laterality.RIGHT: (N_("right leg"), N_("left leg")),
    Laterality.BOTH: (N_("working leg"), N_("other leg")),
    Laterality.UNSPECIFIED: (N_("treated leg"), N_("other leg")),
}


_TIME_WORDS = {
    "s": NP_("{n} second", "{n} seconds"),
    "min": NP_("{n} minute", "{n} minutes"),
    "h": NP_("{n} hour", "{n} hours"),
    "d": NP_("{n} day", "{n} days"),
    "wk": NP_("{n} week", "{n} weeks"),
}


def _count_of(value: Amount | Count) -> int:
    """The count a plural form agrees with: the number, or a range's upper end."""
    top = value if isinstance(value, (int, float)) else getattr(value, "value", None)
    if top is None:
        top = value.high  # type: ignore[union-attr]
    return int(top) if float(top) == int(top) else 2  # a fraction takes the plural


def _number_of(value: Amount | Count) -> str:
    """The number or range alone, as the current language writes numbers."""
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, Quantity):
        return format_number(value.value)
    return f"{format_number(value.low)}-{format_number(value.high)}"


# A number with each unit, as a handout prints it (English keeps the UCUM codes).
_UNIT_FORMS = {
    Unit.SECOND: N_("{n} s"),
    Unit.MINUTE: N_("{n} min"),
    Unit.HOUR: N_("{n} h"),
    Unit.DAY: N_("{n} d"),
    Unit.WEEK: N_("{n} wk"),
    Unit.DEGREE: N_("{n} deg"),
    Unit.KILOGRAM: N_("{n} kg"),
    Unit.POUND: N_("{n} [lb_av]"),
    Unit.CENTIMETRE: N_("{n} cm"),
    Unit.PERCENT: N_("{n} %"),
}


def _say(value: Amount | Count) -> str:
    """An amount as the current language writes it: "2.5 kg", "2,5 kg", "30-60 deg"."""
    if isinstance(value, (int, IntRange)):
        return _number_of(value)
    return gettext(_UNIT_FORMS[value.unit]).format(n=_number_of(value))


def join_phrases(parts: list[str]) -> str:
    """Phrases one after another, with the current language's comma."""
    # Translators: the comma between the phrases of a dose, "3 sets, hold 5 s".
    return gettext(", ").join(parts)


def _fmt_time(value: Amount) -> str:
    """A duration in words: "10 minutes", "2-3 weeks"."""
    forms = _TIME_WORDS.get(value.unit.value)
    if forms is None:
        return _say(value)
    return ngettext(*forms, _count_of(value)).format(n=_number_of(value))


#: "3 sets": a dose's sets, in the handout's glance table and in each dose's words.
SET_FORMS = NP_("{n} set", "{n} sets")


def _plural(count: Count, forms: tuple[str, str]) -> str:
    return ngettext(*forms, _count_of(count)).format(n=_number_of(count))


_CONTRACTION = {
    Contraction.ISOMETRIC: N_("hold still (isometric)"),
    Contraction.CONCENTRIC: N_("lifting phase only (concentric)"),
    Contraction.ECCENTRIC: N_("lowering phase only (eccentric)"),
    Contraction.CONCENTRIC_ECCENTRIC: N_("lift and lower"),
}
_RETURN = {
    ReturnWith.OTHER_SIDE: N_("return to the start with the other leg or arm"),
    ReturnWith.BOTH_SIDES: N_("return to the start using both legs or arms"),
}


_COMPARATOR_WORDS = {
    Comparator.LT: N_("below"),
    Comparator.LE: N_("at most"),
    Comparator.EQ: N_("exactly"),
    Comparator.GE: N_("at least"),
    Comparator.GT: N_("above"),
}
#: The symptoms in words, as a criterion names them.
SYMPTOM_WORDS = {
    Symptom.SWELLING: N_("swelling"),
    Symptom.LOCKING: N_("locking"),
    Symptom.GIVING_WAY: N_("giving way"),
    Symptom.HEAT: N_("heat"),
    Symptom.REDNESS: N_("redness"),
    Symptom.FEVER: N_("fever"),
    Symptom.UNABLE_TO_BEAR_WEIGHT: N_("unable to bear weight"),
    Symptom.NIGHT_PAIN: N_("night pain"),
    Symptom.CONTINUOUS_PAIN: N_("continuous pain"),
}
