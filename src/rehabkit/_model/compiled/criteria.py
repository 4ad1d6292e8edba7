"""attrs' methods for the classes of ``rehabkit._model.criteria``, as the text attrs writes for them.

Written by scripts/update-model-methods; do not edit (see ``rehabkit._model.methods``).
"""

# mypy: ignore-errors
# fmt: off

# attrs compiles its text under this future import of its own module: so are these.
from __future__ import annotations


def _Criterion():
    def __repr__(self):
      try:
        already_repring = _compat.repr_context.already_repring
      except AttributeError:
        already_repring = {id(self),}
        _compat.repr_context.already_repring = already_repring
      else:
        if id(self) in already_repring:
          return '...'
        else:
          already_repring.add(id(self))
      try:
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(metric={self.metric!r}, op={self.op!r}, value={self.value!r}, unit={self.unit!r}, sessions={self.sessions!r}, measurement={self.measurement!r}, symptom={self.symptom!r}, description={self.description!r}, sources={self.sources!r}, level={self.level!r}, since={self.since!r}, max_age={self.max_age!r}, versus={self.versus!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.metric == other.metric and
            self.op == other.op and
            self.value == other.value and
            self.unit == other.unit and
            self.sessions == other.sessions and
            self.measurement == other.measurement and
            self.symptom == other.symptom and
            self.description == other.description and
            self.sources == other.sources and
            self.level == other.level and
            self.since == other.since and
            self.max_age == other.max_age and
            self.versus == other.versus
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.metric,
                    self.op,
                    self.value,
                    self.unit,
                    self.sessions,
                    self.measurement,
                    self.symptom,
                    self.description,
                    self.sources,
                    self.level,
                    self.since,
                    self.max_age,
                    self.versus,
                ))
    def __init__(self, *, metric, op, value=attr_dict['value'].default, unit=attr_dict['unit'].default, sessions=attr_dict['sessions'].default, measurement=attr_dict['measurement'].default, symptom=attr_dict['symptom'].default, description=attr_dict['description'].default, sources=attr_dict['sources'].default, level=attr_dict['level'].default, since=attr_dict['since'].default, max_age=attr_dict['max_age'].default, versus=attr_dict['versus'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('metric', __attr_converter_metric(metric))
        _setattr('op', __attr_converter_op(op))
        _setattr('value', value)
        _setattr('unit', __attr_converter_unit(unit))
        _setattr('sessions', sessions)
        _setattr('measurement', measurement)
        _setattr('symptom', __attr_converter_symptom(symptom))
        _setattr('description', description)
        _setattr('sources', __attr_converter_sources(sources))
        _setattr('level', level)
        _setattr('since', since)
        _setattr('max_age', max_age)
        _setattr('versus', versus)
        if _config._run_validators is True:
            __attr_validator_metric(self, __attr_metric, self.metric)
            __attr_validator_op(self, __attr_op, self.op)
            __attr_validator_value(self, __attr_value, self.value)
            __attr_validator_unit(self, __attr_unit, self.unit)
            __attr_validator_sessions(self, __attr_sessions, self.sessions)
            __attr_validator_measurement(self, __attr_measurement, self.measurement)
            __attr_validator_symptom(self, __attr_symptom, self.symptom)
            __attr_validator_description(self, __attr_description, self.description)
            __attr_validator_sources(self, __attr_sources, self.sources)
            __attr_validator_level(self, __attr_level, self.level)
            __attr_validator_since(self, __attr_since, self.since)
            __attr_validator_max_age(self, __attr_max_age, self.max_age)
        self.__attrs_post_init__()

    return locals()


def _Versus():
    def __repr__(self):
      try:
        already_repring = _compat.repr_context.already_repring
      except AttributeError:
        already_repring = {id(self),}
        _compat.repr_context.already_repring = already_repring
      else:
        if id(self) in already_repring:
          return '...'
        else:
          already_repring.add(id(self))
      try:
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(metric={self.metric!r}, measurement={self.measurement!r}, percent={self.percent!r}, offset={self.offset!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.metric == other.metric and
            self.measurement == other.measurement and
            self.percent == other.percent and
            self.offset == other.offset
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.metric,
                    self.measurement,
                    self.percent,
                    self.offset,
                ))
    def __init__(self, *, metric, measurement=attr_dict['measurement'].default, percent=attr_dict['percent'].default, offset=attr_dict['offset'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('metric', __attr_converter_metric(metric))
        _setattr('measurement', measurement)
        _setattr('percent', percent)
        _setattr('offset', offset)
        if _config._run_validators is True:
            __attr_validator_metric(self, __attr_metric, self.metric)
            __attr_validator_measurement(self, __attr_measurement, self.measurement)
            __attr_validator_percent(self, __attr_percent, self.percent)
            __attr_validator_offset(self, __attr_offset, self.offset)

    return locals()


METHODS = {
    'Criterion': ('b50878218e5fa5bbd710d5974873b0dd869a63865d219834f1f842c843ed892b', _Criterion),
    'Versus': ('39041df531e6fe06344063ff9a365d22fd5f9d253bf23c744af76744812cb46e', _Versus),
}
