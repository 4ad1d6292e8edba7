"""How the model says things: the gettext-marked words of doses, criteria and sides.

The only module of the model that imports the i18n machinery (the import contract checks it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rehabkit._core.i18n import N_, NP_, format_number, gettext, ngettext
from rehabkit._model.metrics import MetricKind, kind_of
from rehabkit._model.terms import (
    Comparator,
    Contraction,
    Joint,
    Laterality,
    Limb,
    Metric,
    Parameter,
    PeriodUnit,
    ReturnWith,
    Side,
    Symptom,
)
from rehabkit._model.units import Amount, Count, IntRange, Quantity, Unit

if TYPE_CHECKING:  # annotations only: the classes call these functions, not the reverse
    from rehabkit._model.criteria import Criterion
    from rehabkit._model.dosage import Dosage, Frequency, Intensity, Load, Tempo
    from rehabkit._model.exercise import Exercise

LEG_WORDS: dict[Laterality, tuple[str, str]] = {
    Laterality.LEFT: (N_("left leg"), N_("right leg")),
    Laterality.RIGHT: (N_("right leg"), N_("left leg")),
    Laterality.BOTH: (N_("working leg"), N_("other leg")),
    Laterality.UNSPECIFIED: (N_("treated leg"), N_("other leg")),
}
ARM_WORDS: dict[Laterality, tuple[str, str]] = {
    Laterality.LEFT: (N_("left arm"), N_("right arm")),
    Laterality.RIGHT: (N_("right arm"), N_("left arm")),
    Laterality.BOTH: (N_("working arm"), N_("other arm")),
    Laterality.UNSPECIFIED: (N_("treated arm"), N_("other arm")),
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
    Unit.METRE: N_("{n} m"),
    Unit.KILOMETRE: N_("{n} km"),
    Unit.KILOMETRE_PER_HOUR: N_("{n} km/h"),
    Unit.METRE_PER_SECOND: N_("{n} m/s"),
    Unit.NEWTON_METRE: N_("{n} N.m"),
    Unit.SCORE: N_("{n} points"),
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
    Symptom.UNWELL: N_("feeling unwell"),
    Symptom.WEIGHT_LOSS: N_("unexplained weight loss"),
    Symptom.WOUND_DISCHARGE: N_("fluid or pus from the wound"),
    Symptom.CALF_PAIN: N_("calf pain or swelling"),
    Symptom.CHEST_PAIN: N_("chest pain"),
    Symptom.BREATHLESSNESS: N_("breathlessness"),
    Symptom.DIZZINESS: N_("dizziness"),
    Symptom.FALL: N_("a fall"),
    Symptom.NUMBNESS: N_("numbness or tingling"),
    Symptom.SNAP: N_("a snap or a sudden blow felt"),
    Symptom.LIMP: N_("a limp"),
    Symptom.GROIN_PAIN: N_("groin or hip pain"),
    Symptom.BONE_TENDERNESS: N_("a bone tender to press"),
    Symptom.SADDLE_NUMBNESS: N_("numbness or tingling around the genitals, bottom or inner thighs"),
    Symptom.BLADDER_BOWEL_CHANGE: N_("new difficulty peeing, or loss of bladder or bowel control"),
    Symptom.LEGS_WEAK: N_("weakness, numbness or tingling in both legs"),
}


def frequency_words(frequency: Frequency) -> str:
    """Plain English, e.g. "once a day or every other day", "2 to 3 times a day"."""
    day = frequency.period_unit is PeriodUnit.DAY
    text = gettext("{times} {every}").format(
        times=_times_words(frequency), every=_every_words(frequency.period, day=day)
    )
    if _plain_once(frequency) and day and frequency.period == 2 and frequency.period_max is None:
        # Said as people say it, not "once every 2 days".
        text = gettext("every other day")
    text = _qualified(frequency, text)
    if frequency.period_max is not None:
        if _plain_once(frequency) and day and frequency.period_max == 2:
            return gettext("{text} or every other day").format(text=text)
        every = _every_words(frequency.period_max, day=day)
        return gettext("{text} to {every}").format(text=text, every=every)
    return text


def _qualified(frequency: Frequency, text: str) -> str:
    """The frequency's words with "as needed" and its days a week."""
    if frequency.as_needed:
        text = gettext("as needed, up to {text}").format(text=text)
    if frequency.days_per_week is not None:
        text += ngettext(", {n} day a week", ", {n} days a week", frequency.days_per_week).format(
            n=frequency.days_per_week
        )
    return text


def _times_words(frequency: Frequency) -> str:
    """ "once", "twice", "3 times" or "2 to 3 times"."""
    if frequency.times_max is not None:
        # The noun follows the higher number (Arabic: dual, plural for 3-10, singular above).
        return ngettext(
            "{low} to {high} time", "{low} to {high} times", frequency.times_max
        ).format(low=frequency.times, high=frequency.times_max)
    if frequency.times == 2:
        return gettext("twice")
    return ngettext("once", "{n} times", frequency.times).format(n=frequency.times)


def _every_words(period: int, *, day: bool) -> str:
    """ "a day", "every 3 days", "a week" or "every 2 weeks"."""
    if day:
        return ngettext("a day", "every {n} days", period).format(n=period)
    return ngettext("a week", "every {n} weeks", period).format(n=period)


def _plain_once(frequency: Frequency) -> bool:
    """Once a period, with no range of times and not only as needed."""
    return frequency.times == 1 and frequency.times_max is None and not frequency.as_needed


def intensity_words(intensity: Intensity) -> list[str]:
    """Plain-English phrases, e.g. ["effort 70% of maximum", "pain no more than 5/10"]."""
    parts = []
    if intensity.percent_max_effort is not None:
        effort = _number_of(intensity.percent_max_effort)
        # The sign goes in with the number: "{n}% of" reads to gettext tools as "%o".
        parts.append(gettext("effort {percent} of maximum").format(percent=f"{effort}%"))
    if intensity.rpe is not None:
        parts.append(gettext("exertion {n} out of 10").format(n=_number_of(intensity.rpe)))
    if intensity.reps_in_reserve is not None:
        parts.append(
            gettext("stop each set with {n} more repetitions left in you").format(
                n=_number_of(intensity.reps_in_reserve)
            )
        )
    if intensity.pain_max is not None:
        parts.append(
            gettext("no pain")
            if intensity.pain_max == 0
            else gettext("pain no more than {n}/10").format(n=intensity.pain_max)
        )
    return parts


def _level_words(load: Load) -> str:
    """ "resistance level 2 of 4 (red)", or "resistance level 2" when the levels are not named."""
    if not load.levels or load.level is None:
        return gettext("resistance level {n}").format(n=load.level)
    return gettext("resistance level {n} of {count} ({name})").format(
        n=load.level, count=len(load.levels), name=load.levels[load.level - 1]
    )


def load_words(load: Load) -> str:
    """Plain English, e.g. "5 kg (a backpack), add 2.5 kg when ready, up to 20 kg"."""
    amount = _load_amount(load)
    text = f"{amount} ({load.description})" if amount and load.description else ""
    parts = [text or amount or load.description or ""]
    if load.rm is not None:
        parts.append(
            gettext("your {n}-repetition maximum: the heaviest weight you can lift {n} times")
            .format(n=format_number(load.rm))
        )  # fmt: skip
    if load.level is not None:
        parts.append(_level_words(load))
    if load.increment is not None:
        parts.append(gettext("add {amount} when ready").format(amount=_say(load.increment)))
    if load.maximum is not None:
        parts.append(gettext("up to {amount}").format(amount=_say(load.maximum)))
    return join_phrases([p for p in parts if p])


def _load_amount(load: Load) -> str | None:
    """The load's amount; a percent of a measurement (1.2) says so, after the person's own
    load when their plan has their measure: "140 N.m (70 % of your measured maximum)"."""
    if load.amount is None:
        return None
    amount = _say(load.amount)
    if load.percent_of is None:
        return amount
    relative = gettext("{percent} of your measured maximum").format(percent=amount)
    concrete = load.concrete()
    return relative if concrete is None else f"{_say(concrete)} ({relative})"


def tempo_words(tempo: Tempo) -> str:
    """Plain English, e.g. "lower over 3 s, pause 1 s, lift over 1 s"."""
    parts = [gettext("lower over {n} s").format(n=format_number(tempo.eccentric))]
    if tempo.pause:
        parts.append(gettext("pause {n} s").format(n=format_number(tempo.pause)))
    parts.append(gettext("lift over {n} s").format(n=format_number(tempo.concentric)))
    return join_phrases(parts)


#: A dose's amounts, each in its phrase, in the order a dose says them (1.2 adds all but hold).
_AMOUNT_PHRASES = (
    ("distance", N_("cover {distance}"), "distance"),
    ("speed", N_("at {speed}"), "speed"),
    ("hold", N_("hold {time}"), "time"),
    ("range", N_("move through {angle}"), "angle"),
)


def dosage_words(dosage: Dosage) -> str:
    """Plain English, e.g. "3 sets of 12 repetitions, hold 5 s"."""
    parts: list[str] = []
    sets = None if dosage.sets is None else _plural(dosage.sets, SET_FORMS)
    reps = (
        None
        if dosage.repetitions is None
        else _plural(dosage.repetitions, NP_("{n} repetition", "{n} repetitions"))
    )
    if sets and reps:
        parts.append(gettext("{sets} of {repetitions}").format(sets=sets, repetitions=reps))
    elif sets or reps:
        parts.append(sets or reps or "")
    if dosage.duration is not None:
        parts.append(gettext("for {time}").format(time=_fmt_time(dosage.duration)))
    parts += [
        gettext(words).format(**{key: _say(amount)})
        for name, words, key in _AMOUNT_PHRASES
        if (amount := getattr(dosage, name)) is not None
    ]
    if dosage.contraction is not None:
        parts.append(gettext(_CONTRACTION[dosage.contraction]))
    if dosage.tempo is not None:
        parts.append(dosage.tempo.describe())
    if dosage.return_with is not None:
        parts.append(gettext(_RETURN[dosage.return_with]))
    if dosage.rest is not None:
        parts.append(gettext("rest {time} between sets").format(time=_say(dosage.rest)))
    if dosage.load is not None and dosage.load.describe():
        parts.append(dosage.load.describe())
    if dosage.intensity is not None:
        parts += dosage.intensity.describe()
    if dosage.frequency is not None:
        parts.append(dosage.frequency.describe())
    return join_phrases(parts)


def which_leg(exercise: Exercise, side: Laterality) -> str | None:
    """The sentence that tells a person treated on ``side`` which leg (or arm) does this
    exercise; None for an exercise done with both together, or one of the trunk or neck
    done once (a trunk or neck exercise done each way in turn, side: each, says so)."""
    if exercise.limb is Limb.NONE:
        return gettext("Do it to each side in turn.") if exercise.side is Side.EACH else None
    if exercise.side is Side.BOTH:
        return None
    if exercise.limb is Limb.ARM:
        return _which_arm(exercise, side)
    if exercise.side is Side.EACH:
        if side is Laterality.LEFT:
            return gettext("Do it with each leg in turn, starting with your left leg.")
        if side is Laterality.RIGHT:
            return gettext("Do it with each leg in turn, starting with your right leg.")
        return gettext("Do it with each leg in turn.")
    if side is Laterality.BOTH:
        return gettext("Do it with one leg, then do the same with the other leg.")
    return gettext("Do it with your {leg}.").format(leg=gettext(LEG_WORDS[side][0]))


def _which_arm(exercise: Exercise, side: Laterality) -> str:
    if exercise.side is Side.EACH:
        if side is Laterality.LEFT:
            return gettext("Do it with each arm in turn, starting with your left arm.")
        if side is Laterality.RIGHT:
            return gettext("Do it with each arm in turn, starting with your right arm.")
        return gettext("Do it with each arm in turn.")
    if side is Laterality.BOTH:
        return gettext("Do it with one arm, then do the same with the other arm.")
    return gettext("Do it with your {arm}.").format(arm=gettext(ARM_WORDS[side][0]))


def criterion_words(criterion: Criterion) -> str:
    """Plain English, e.g. "pain during the exercise at most 2/10 in each of the last 3
    sessions"; the criterion's own ``description`` when it has one."""
    if criterion.description:
        return criterion.description
    words = gettext(_COMPARATOR_WORDS[criterion.op])
    value = criterion.value if criterion.value is not None else 0.0
    amount = _say(Quantity(value, criterion.unit)) if criterion.unit else format_number(value)
    # A flag criterion reads as the statement if it holds when the flag is set.
    yes = criterion.op.holds(1, value)
    if criterion.versus is not None:
        text = _versus_words(criterion, words)
    else:
        text = _statement(criterion, words, amount, yes)
    if criterion.max_age is not None:
        text += gettext(", measured within the last {time}").format(time=_say(criterion.max_age))
    if criterion.sessions > 1:
        text += gettext(", in each of the last {n} sessions").format(n=criterion.sessions)
    return text


#: Each metric's words: what a criterion on it says, by the metric's kind (a score, a
#: count and a time at the level take {op} and {n} or {time}; a yes/no takes (yes, no);
#: time since the start takes (since the start, since an event)).
METRIC_WORDS: dict[Metric, str | tuple[str, str]] = {
    Metric.PAIN_DURING: N_("pain during the exercise {op} {n}/10"),
    Metric.PAIN_AFTER: N_("pain after the exercise {op} {n}/10"),
    Metric.PAIN_BEFORE: N_("pain before the exercise {op} {n}/10"),
    Metric.NEXT_MORNING_WORSE: (
        N_("worse than usual the next morning"),
        N_("no worse the next morning"),
    ),
    Metric.FULL_DOSAGE: (
        N_("every set and repetition done"),
        N_("not every set and repetition done"),
    ),
    Metric.SYMPTOM: (N_("{symptom} reported"), N_("no {symptom} reported")),
    Metric.SESSIONS_COMPLETED: N_("{op} {n} sessions done"),
    Metric.TIME_ELAPSED: (N_("{op} {time} since the start"), N_("{op} {time} since {event}")),
    Metric.TIME_AT_LEVEL: N_("{op} {time} at the current level"),
    Metric.EFFORT: N_("effort {op} {n}/10"),
    Metric.REPS_IN_RESERVE: N_("{op} {n} repetitions in reserve"),
}
#: How long pain took to settle, by how the time compares (the others: "pain took {op}").
_SETTLE_WORDS = {
    Comparator.LT: N_("pain back to usual within {time}"),
    Comparator.LE: N_("pain back to usual within {time}"),
    Comparator.GT: N_("pain took more than {time} to settle"),
    Comparator.GE: N_("pain took at least {time} to settle"),
}


def _one(metric: Metric) -> str:
    found = METRIC_WORDS[metric]
    assert isinstance(found, str)
    return gettext(found)


def _pair(metric: Metric, first: bool) -> str:
    found = METRIC_WORDS[metric]
    assert isinstance(found, tuple)
    return gettext(found[0] if first else found[1])


#: What a comparison of two values names each pain score as (format 1.2).
_COMPARED_WORDS = {
    Metric.PAIN_DURING: N_("pain during the exercise"),
    Metric.PAIN_AFTER: N_("pain after the exercise"),
    Metric.PAIN_BEFORE: N_("pain before the exercise"),
}


def _compared(metric: Metric, measurement: str | None) -> str:
    return measurement or gettext(_COMPARED_WORDS.get(metric, metric.value))


def _versus_words(c: Criterion, op: str) -> str:
    """ "pain after the exercise less than pain before the exercise", "torque_affected at
    least 90% of torque_other"."""
    v = c.versus
    assert v is not None
    other = _compared(v.metric, v.measurement)
    if v.percent != 100:
        # The per cent sign stays outside the message: gettext tools read "% o" as printf.
        other = gettext("{share} of {other}").format(
            share=format_number(v.percent) + "%", other=other
        )
    if v.offset:
        other = gettext("{other} plus {n}").format(other=other, n=format_number(v.offset))
    return gettext("{what} {op} {other}").format(
        what=_compared(c.metric, c.measurement), op=op, other=other
    )


def _score_words(c: Criterion, op: str, amount: str, _yes: bool) -> str:
    return _one(c.metric).format(op=op, n=amount)


def _time_words(c: Criterion, op: str, amount: str, _yes: bool) -> str:
    settle = _SETTLE_WORDS.get(c.op)
    if settle is not None:
        return gettext(settle).format(time=amount)
    return gettext("pain took {op} {time} to settle").format(op=op, time=amount)


def _answer_words(c: Criterion, _op: str, _amount: str, yes: bool) -> str:
    return _pair(c.metric, yes)


def _symptom_words(c: Criterion, _op: str, _amount: str, yes: bool) -> str:
    name = gettext(SYMPTOM_WORDS[c.symptom]) if c.symptom is not None else ""
    return _pair(c.metric, yes).format(symptom=name)


def _elapsed_words(c: Criterion, op: str, amount: str, _yes: bool) -> str:
    if isinstance(METRIC_WORDS[c.metric], str):  # counted from the level's start
        return _one(c.metric).format(op=op, time=amount)
    return _pair(c.metric, c.since is None).format(op=op, time=amount, event=c.since)


def _measurement_words(c: Criterion, op: str, amount: str, _yes: bool) -> str:
    if c.level is not None:
        return f"{c.measurement} {op} {c.level}"
    return f"{c.measurement} {op} {amount}"


_STATEMENTS: dict[MetricKind, Callable[[Criterion, str, str, bool], str]] = {
    MetricKind.PAIN_SCORE: _score_words,
    MetricKind.TIME: _time_words,
    MetricKind.ANSWER: _answer_words,
    MetricKind.DOSE_DONE: _answer_words,
    MetricKind.SYMPTOM: _symptom_words,
    MetricKind.COUNT: _score_words,
    MetricKind.ELAPSED: _elapsed_words,
    MetricKind.MEASUREMENT: _measurement_words,
}


def _statement(criterion: Criterion, words: str, amount: str, yes: bool) -> str:
    return _STATEMENTS[kind_of(criterion.metric)](criterion, words, amount, yes)


# --------------------------------------------------------------------------- summaries
# The words of the English summaries (Plan.describe(), SessionLog.describe()) and of the
# progression's notes: the plain names a person reads, never a field's or a code's.

#: The name of each parameter a rule changes, as a sentence says it.
PARAMETER_NAMES: dict[Parameter, str] = {
    Parameter.SETS: "sets",
    Parameter.REPETITIONS: "repetitions",
    Parameter.HOLD: "hold",
    Parameter.LOAD: "load",
    Parameter.JOINT_ANGLE: "joint angle",
    Parameter.DURATION: "duration",
    Parameter.DISTANCE: "distance",
    Parameter.SPEED: "speed",
    Parameter.RANGE: "range of movement",
    Parameter.REST: "rest",
    Parameter.LOAD_LEVEL: "resistance level",
    Parameter.RPE: "effort",
    Parameter.REPS_IN_RESERVE: "repetitions in reserve",
    Parameter.PERCENT_MAX_EFFORT: "percent of maximum effort",
    Parameter.RM: "repetition maximum",
}
# A unit as a sentence spells it where its code would puzzle ("deg").
_PLAIN_UNITS = {Unit.DEGREE: ("degree", "degrees")}


def parameter_words(parameter: Parameter, joint: Joint | None = None) -> str:
    """A parameter's plain name: "knee angle" for the angle of a knee, "repetitions"."""
    if parameter is Parameter.JOINT_ANGLE and joint is not None:
        return f"{joint.value} angle"
    return PARAMETER_NAMES[parameter]


def amount_words(value: float, unit: Unit | None) -> str:
    """A number with its unit, spelt out where its code would puzzle: "60 degrees"."""
    if unit is None:
        return f"{value:g}"
    one, many = _PLAIN_UNITS.get(unit, (unit.value, unit.value))
    return f"{value:g} {one if value == 1 else many}"


def angle_words(joint: Joint, angle: Amount) -> str:
    """A joint's position as a summary says it: "knee bend 30-60 degrees"."""
    return gettext(_JOINT_BENDS[joint]).format(angle=_number_of(angle))


_JOINT_BENDS = {
    Joint.KNEE: N_("knee bend {angle} degrees"),
    Joint.HIP: N_("hip bend {angle} degrees"),
    Joint.ANKLE: N_("ankle bend {angle} degrees"),
    Joint.SHOULDER: N_("shoulder bend {angle} degrees"),
    Joint.ELBOW: N_("elbow bend {angle} degrees"),
    Joint.WRIST: N_("wrist bend {angle} degrees"),
    Joint.SPINE: N_("spine bend {angle} degrees"),
}


def leg_words(side: Laterality) -> tuple[str, str]:
    """What ``{leg}`` and ``{other leg}`` say for a person treated on ``side``."""
    leg, other = LEG_WORDS[side]
    return gettext(leg), gettext(other)


def limb_words(side: Laterality, limb: Limb) -> tuple[str, str]:
    """What ``{leg}`` and ``{other leg}`` (or ``{arm}`` and ``{other arm}``) say."""
    mine, other = (ARM_WORDS if limb is Limb.ARM else LEG_WORDS)[side]
    return gettext(mine), gettext(other)
