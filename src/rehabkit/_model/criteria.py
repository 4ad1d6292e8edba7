"""Criteria: one condition on what a patient logged or on elapsed time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
from attrs import field, frozen

from rehabkit._core.errors import FieldError
from rehabkit._core.public import present_as_public
from rehabkit._model import words
from rehabkit._model.fields import (
    _finite,
    _member,
    _optional_member,
    _optional_text,
    _texts,
    _to_comparator,
    _to_metric,
    _to_symptom,
    _tuple,
    _whole,
)
from rehabkit._model.metrics import METRICS, MetricKind, MetricSpec
from rehabkit._model.terms import Comparator, Metric, Symptom
from rehabkit._model.units import _SECONDS, TIME_UNITS, Quantity, Unit, _amount, _to_unit

__all__ = ["Criterion", "Versus"]

MAX_SESSIONS = 1000  # the longest window of sessions a criterion may look back over
MAX_TIME_VALUE = 1e5  # a time threshold's largest number (about 2 years in minutes)


def _percent(_: object, a: attrs.Attribute[Any], value: float) -> None:
    _finite(_, a, value)
    if not 0 <= value <= 1000:
        raise FieldError(a.name, f"percent lies between 0 and 1000, not {value:g}")


def _offset(_: object, a: attrs.Attribute[Any], value: float) -> None:
    _finite(_, a, value)
    if abs(value) > 1e4:
        raise FieldError(a.name, f"offset lies between -10000 and 10000, not {value:g}")


@frozen(kw_only=True)
class Versus:
    """The other value a criterion compares with (format 1.2): another pain score of the
    same session ("pain after less than pain before"), or another measurement of the same
    day ("the affected side at least 90 % of the other"). The threshold is the other value
    times ``percent`` / 100, plus ``offset``.

    :param metric: The other metric: a pain score, or measurement.
    :param measurement: For metric `measurement`: the name of the other declared measurement.
    :param percent: The share of the other value compared with, in % (default 100).
    :param offset: Added to it, in the criterion's own unit or points (default 0).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    metric: Metric = field(converter=_to_metric, validator=_member(Metric))
    measurement: str | None = field(default=None, validator=_optional_text)
    percent: float = field(default=100.0, validator=_percent)
    offset: float = field(default=0.0, validator=_offset)

    def threshold(self, other: float) -> float:
        """The threshold the other value makes."""
        return other * self.percent / 100 + self.offset


@frozen(kw_only=True)
class Criterion:
    """One condition on what a patient logged or on elapsed time, e.g. pain during <= 2/10.

    Per-session metrics must hold in each of the latest ``sessions`` logged sessions of
    the exercise the rule is about. Flags (``next_morning_worse``, ``full_dosage``,
    ``symptom``) are 0 or 1. ``measurement`` names one of the protocol's declared
    measurements; ``symptom`` names the symptom a ``symptom`` criterion looks for.

    :param metric: What is measured: pain_during / pain_after (0-10), pain_settle_time (time),
        next_morning_worse / full_dosage / symptom (0 or 1), sessions_completed, time_elapsed
        (time), measurement (named). (format 1.1) time_at_level: time since the exercise's current
        level began.
    :param op: How the observed value compares with `value`.
    :param value: The threshold (required unless `level` is given).
    :param unit: The threshold's unit (time metrics and measurements only).
    :param sessions: How many latest sessions must all meet it (default 1).
    :param measurement: For metric `measurement`: the name of a declared measurement.
    :param symptom: For metric `symptom`: which symptom.
    :param description: The criterion in plain English.
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :param level: For an ordinal measurement: the level compared with, one of its levels (format
        1.1).
    :param since: For time_elapsed: the id of a declared event to count from (default: the plan's
        start) (format 1.1).
    :param max_age: For a measurement: the oldest a measurement may be and still count (d or wk)
        (format 1.1).
    :param versus: Instead of a value: the other value compared with, a pain score of the same
        session or a measurement of the same day (format 1.2).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    metric: Metric = field(converter=_to_metric, validator=_member(Metric))
    op: Comparator = field(converter=_to_comparator, validator=_member(Comparator))
    value: float | None = field(default=None, validator=attrs.validators.optional(_finite))
    unit: Unit | None = field(
        default=None,
        converter=attrs.converters.optional(_to_unit),
        validator=_optional_member(Unit),
    )
    sessions: int = field(default=1, validator=_whole(1, MAX_SESSIONS))
    measurement: str | None = field(default=None, validator=_optional_text)
    symptom: Symptom | None = field(
        default=None,
        converter=attrs.converters.optional(_to_symptom),
        validator=_optional_member(Symptom),
    )
    description: str | None = field(default=None, validator=_optional_text)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    level: str | None = field(default=None, validator=_optional_text)
    since: str | None = field(default=None, validator=_optional_text)
    max_age: Quantity | None = field(
        default=None, validator=_amount(frozenset({Unit.DAY, Unit.WEEK}), "max_age", 0, 3660)
    )
    versus: Versus | None = None

    def __attrs_post_init__(self) -> None:
        spec = METRICS[self.metric]  # looked up once: an enumeration's hash is Python's
        for rule in _RULES_BY_KIND[spec.kind]:
            message = rule(self, spec)
            if message is not None:
                raise FieldError("", message)

    def threshold(self) -> float:
        """The threshold in the metric's base unit (seconds for times); 0 for a level."""
        value = self.value if self.value is not None else 0.0
        if self.unit in TIME_UNITS:
            return value * _SECONDS[self.unit]
        return value

    def describe(self) -> str:
        """Plain English, e.g. "pain during the exercise at most 2/10 in each of the last 3
        sessions"; the criterion's own ``description`` when it has one."""
        return words.criterion_words(self)


# --------------------------------------------------------------------------- the rules
# What a criterion must hold beyond each field, by its metric's kind, in the order they
# are reported (the first broken one is the error). Each returns the problem, or None.

# Looked up once: a member read from its enumeration costs as much as a rule's own test.
_PAIN_SCORE, _SYMPTOM, _MEASUREMENT = (
    MetricKind.PAIN_SCORE,
    MetricKind.SYMPTOM,
    MetricKind.MEASUREMENT,
)
_COUNT, _ELAPSED = MetricKind.COUNT, MetricKind.ELAPSED


def _value_or_level(c: Criterion, _: MetricSpec) -> str | None:
    given = [c.value is not None, c.level is not None, c.versus is not None]
    if sum(given) != 1:
        return (
            "a criterion gives a value, or (for an ordinal measurement) a level, or (1.2) the"
            " value it is compared with (versus)"
        )
    return None


def _versus_alike(c: Criterion, spec: MetricSpec) -> str | None:
    v = c.versus
    if v is None:
        return None
    other = METRICS[v.metric].kind
    if spec.kind not in (_PAIN_SCORE, _MEASUREMENT) or other is not spec.kind:
        return (
            "versus compares a pain score with another pain score of the session, or a"
            " measurement with another measurement"
        )
    if (other is _MEASUREMENT) != (v.measurement is not None):
        return "versus names its measurement for metric measurement, and only then"
    if c.op is Comparator.EQ:
        return "a comparison of two values uses <, <=, >= or >, not =="
    return None


def _level_for_measurements(c: Criterion, spec: MetricSpec) -> str | None:
    if c.level is not None and spec.kind is not _MEASUREMENT:
        return "only a measurement criterion may give a level"
    return None


def _since_for_elapsed(c: Criterion, spec: MetricSpec) -> str | None:
    if c.since is not None and (spec.kind is not _ELAPSED or spec.from_level):
        return f"only a {Metric.TIME_ELAPSED.value} criterion counts since an event"
    return None


def _max_age_for_measurements(c: Criterion, spec: MetricSpec) -> str | None:
    if c.max_age is not None and spec.kind is not _MEASUREMENT:
        return "only a measurement criterion has a max_age"
    return None


def _value(c: Criterion) -> float:
    return c.value if c.value is not None else 0.0


_PAIN_FIELDS = ("pain_during", "pain_after")


def _pain_score_range(c: Criterion, spec: MetricSpec) -> str | None:
    if spec.kind is _PAIN_SCORE and not 0 <= _value(c) <= 10:
        what = "a pain score" if spec.log_field in _PAIN_FIELDS else f"{c.metric.value}"
        return f"{what} must lie between 0 and 10, not {_value(c):g}"
    return None


def _flag_value(c: Criterion, spec: MetricSpec) -> str | None:
    if spec.kind.flag and _value(c) not in (0, 1):
        return f"{c.metric.value} is a yes/no flag: its value must be 0 or 1"
    return None


def _names_its_symptom(c: Criterion, spec: MetricSpec) -> str | None:
    if (spec.kind is _SYMPTOM) != (c.symptom is not None):
        return "a symptom criterion names its symptom, and only it does"
    return None


def _names_its_measurement(c: Criterion, spec: MetricSpec) -> str | None:
    if (spec.kind is _MEASUREMENT) != (c.measurement is not None):
        return "a measurement criterion names its measurement, and only it does"
    return None


def _time_unit(c: Criterion, spec: MetricSpec) -> str | None:
    if spec.kind.timed and c.unit not in TIME_UNITS:
        return f"{c.metric.value} needs a time unit (s, min, h, d, wk)"
    return None


def _time_range(c: Criterion, spec: MetricSpec) -> str | None:
    if spec.kind.timed and not 0 <= _value(c) <= MAX_TIME_VALUE:
        return f"{c.metric.value} must lie between 0 and {MAX_TIME_VALUE:g}"
    return None


def _no_unit(c: Criterion, spec: MetricSpec) -> str | None:
    takes_unit = spec.kind.timed or spec.kind is _MEASUREMENT
    if not takes_unit and c.unit is not None:
        return f"{c.metric.value} takes no unit"
    return None


def _whole_count(c: Criterion, spec: MetricSpec) -> str | None:
    value = _value(c)
    if spec.kind is _COUNT and not (0 <= value <= 10_000 and value == int(value)):
        return f"{c.metric.value} is a whole number of sessions, at most 10000"
    return None


_CRITERION_RULES: tuple[Callable[[Criterion, MetricSpec], str | None], ...] = (
    _value_or_level,
    _versus_alike,
    _level_for_measurements,
    _since_for_elapsed,
    _max_age_for_measurements,
    _pain_score_range,
    _flag_value,
    _names_its_symptom,
    _names_its_measurement,
    _time_unit,
    _time_range,
    _no_unit,
    _whole_count,
)

# The rules about the values of one kind of metric say nothing of a criterion of another
# kind (each checks the kind first; tests/test_speed_load_6.py proves it over any
# criterion): a criterion asks only those of its own kind, a fifth of a load's
# construction time less.
_ONLY_FOR: dict[Callable[[Criterion, MetricSpec], str | None], Callable[[MetricKind], bool]] = {
    _pain_score_range: lambda kind: kind is _PAIN_SCORE,
    _flag_value: lambda kind: kind.flag,
    _time_unit: lambda kind: kind.timed,
    _time_range: lambda kind: kind.timed,
    _whole_count: lambda kind: kind is _COUNT,
}
_RULES_BY_KIND = {
    kind: tuple(rule for rule in _CRITERION_RULES if rule not in _ONLY_FOR or _ONLY_FOR[rule](kind))
    for kind in MetricKind
}


present_as_public(globals())
