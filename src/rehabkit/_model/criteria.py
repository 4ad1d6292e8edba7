"""Criteria: one condition on what a patient logged or on elapsed time."""

from __future__ import annotations

import attrs
from attrs import field, frozen

from rehabkit._core.errors import FieldError
from rehabkit._model import words
from rehabkit._model.fields import _finite, _member, _optional_text, _texts, _tuple, _whole
from rehabkit._model.terms import (
    FLAG_METRICS,
    PAIN_METRICS,
    TIMED_METRICS,
    Comparator,
    Metric,
    Symptom,
)
from rehabkit._model.units import _SECONDS, TIME_UNITS, Quantity, Unit, _amount

MAX_SESSIONS = 1000  # the longest window of sessions a criterion may look back over
MAX_TIME_VALUE = 1e5  # a time threshold's largest number (about 2 years in minutes)


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
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    metric: Metric = field(validator=_member(Metric))
    op: Comparator = field(validator=_member(Comparator))
    value: float | None = field(default=None, validator=attrs.validators.optional(_finite))
    unit: Unit | None = None
    sessions: int = field(default=1, validator=_whole(1, MAX_SESSIONS))
    measurement: str | None = field(default=None, validator=_optional_text)
    symptom: Symptom | None = None
    description: str | None = field(default=None, validator=_optional_text)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    level: str | None = field(default=None, validator=_optional_text)
    since: str | None = field(default=None, validator=_optional_text)
    max_age: Quantity | None = field(
        default=None, validator=_amount(frozenset({Unit.DAY, Unit.WEEK}), "max_age", 0, 3660)
    )

    def __attrs_post_init__(self) -> None:
        m = self.metric
        if (self.value is None) == (self.level is None):
            raise FieldError(
                "", "a criterion gives a value, or (for an ordinal measurement) a level"
            )
        if self.level is not None and m is not Metric.MEASUREMENT:
            raise FieldError("", "only a measurement criterion may give a level")
        if self.since is not None and m is not Metric.TIME_ELAPSED:
            raise FieldError("", "only a time_elapsed criterion counts since an event")
        if self.max_age is not None and m is not Metric.MEASUREMENT:
            raise FieldError("", "only a measurement criterion has a max_age")
        value = self.value if self.value is not None else 0.0
        if m in PAIN_METRICS and not 0 <= value <= 10:
            raise FieldError("", f"a pain score must lie between 0 and 10, not {value:g}")
        if m in FLAG_METRICS and value not in (0, 1):
            raise FieldError("", f"{m.value} is a yes/no flag: its value must be 0 or 1")
        if (m is Metric.SYMPTOM) != (self.symptom is not None):
            raise FieldError("", "a symptom criterion names its symptom, and only it does")
        if (m is Metric.MEASUREMENT) != (self.measurement is not None):
            raise FieldError("", "a measurement criterion names its measurement, and only it does")
        if m in TIMED_METRICS and self.unit not in TIME_UNITS:
            raise FieldError("", f"{m.value} needs a time unit (s, min, h, d, wk)")
        if m in TIMED_METRICS and not 0 <= value <= MAX_TIME_VALUE:
            raise FieldError("", f"{m.value} must lie between 0 and {MAX_TIME_VALUE:g}")
        if m not in TIMED_METRICS and m is not Metric.MEASUREMENT and self.unit is not None:
            raise FieldError("", f"{m.value} takes no unit")
        if m is Metric.SESSIONS_COMPLETED and not (0 <= value <= 10_000 and value == int(value)):
            raise FieldError("", "sessions_completed is a whole number of sessions, at most 10000")

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
