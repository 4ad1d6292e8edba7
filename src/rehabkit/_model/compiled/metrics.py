"""attrs' methods for the classes of ``rehabkit._model.metrics``, as the text attrs writes for them.

Written by scripts/update-model-methods; do not edit (see ``rehabkit._model.methods``).
"""

# mypy: ignore-errors
# fmt: off

# attrs compiles its text under this future import of its own module: so are these.
from __future__ import annotations


def _DayEntry():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(date={self.date!r}, pain_during={self.pain_during!r}, pain_after={self.pain_after!r}, pain_settled_after={self.pain_settled_after!r}, next_morning={self.next_morning!r}, symptoms={self.symptoms!r}, sets={self.sets!r}, repetitions={self.repetitions!r}, hold={self.hold!r}, duration={self.duration!r}, load={self.load!r}, distance={self.distance!r}, effort={self.effort!r}, reps_in_reserve={self.reps_in_reserve!r}, pain_before={self.pain_before!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.date == other.date and
            self.pain_during == other.pain_during and
            self.pain_after == other.pain_after and
            self.pain_settled_after == other.pain_settled_after and
            self.next_morning == other.next_morning and
            self.symptoms == other.symptoms and
            self.sets == other.sets and
            self.repetitions == other.repetitions and
            self.hold == other.hold and
            self.duration == other.duration and
            self.load == other.load and
            self.distance == other.distance and
            self.effort == other.effort and
            self.reps_in_reserve == other.reps_in_reserve and
            self.pain_before == other.pain_before
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.date,
                    self.pain_during,
                    self.pain_after,
                    self.pain_settled_after,
                    self.next_morning,
                    self.symptoms,
                    self.sets,
                    self.repetitions,
                    self.hold,
                    self.duration,
                    self.load,
                    self.distance,
                    self.effort,
                    self.reps_in_reserve,
                    self.pain_before,
                ))
    def __init__(self, *, date, pain_during, pain_after, pain_settled_after, next_morning, symptoms, sets=attr_dict['sets'].default, repetitions=attr_dict['repetitions'].default, hold=attr_dict['hold'].default, duration=attr_dict['duration'].default, load=attr_dict['load'].default, distance=attr_dict['distance'].default, effort=attr_dict['effort'].default, reps_in_reserve=attr_dict['reps_in_reserve'].default, pain_before=attr_dict['pain_before'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('date', date)
        _setattr('pain_during', pain_during)
        _setattr('pain_after', pain_after)
        _setattr('pain_settled_after', pain_settled_after)
        _setattr('next_morning', next_morning)
        _setattr('symptoms', symptoms)
        _setattr('sets', sets)
        _setattr('repetitions', repetitions)
        _setattr('hold', hold)
        _setattr('duration', duration)
        _setattr('load', load)
        _setattr('distance', distance)
        _setattr('effort', effort)
        _setattr('reps_in_reserve', reps_in_reserve)
        _setattr('pain_before', pain_before)

    return locals()


def _MetricSpec():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(kind={self.kind!r}, label={self.label!r}, read={self.read!r}, fhir_component={self.fhir_component!r}, fhir_yes={self.fhir_yes!r}, answers={self.answers!r}, log_field={self.log_field!r}, from_level={self.from_level!r}, next_day={self.next_day!r}, least_is_worst={self.least_is_worst!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.kind == other.kind and
            self.label == other.label and
            self.read == other.read and
            self.fhir_component == other.fhir_component and
            self.fhir_yes == other.fhir_yes and
            self.answers == other.answers and
            self.log_field == other.log_field and
            self.from_level == other.from_level and
            self.next_day == other.next_day and
            self.least_is_worst == other.least_is_worst
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.kind,
                    self.label,
                    self.read,
                    self.fhir_component,
                    self.fhir_yes,
                    self.answers,
                    self.log_field,
                    self.from_level,
                    self.next_day,
                    self.least_is_worst,
                ))
    def __init__(self, kind, label, read=attr_dict['read'].default, fhir_component=attr_dict['fhir_component'].default, fhir_yes=attr_dict['fhir_yes'].default, answers=attr_dict['answers'].default, log_field=attr_dict['log_field'].default, from_level=attr_dict['from_level'].default, next_day=attr_dict['next_day'].default, least_is_worst=attr_dict['least_is_worst'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('kind', kind)
        _setattr('label', label)
        _setattr('read', read)
        _setattr('fhir_component', fhir_component)
        _setattr('fhir_yes', fhir_yes)
        _setattr('answers', answers)
        _setattr('log_field', log_field)
        _setattr('from_level', from_level)
        _setattr('next_day', next_day)
        _setattr('least_is_worst', least_is_worst)

    return locals()


def _Session():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(date={self.date!r}, entry={self.entry!r}, symptoms={self.symptoms!r}, number={self.number!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.date == other.date and
            self.entry == other.entry and
            self.symptoms == other.symptoms and
            self.number == other.number
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.date,
                    self.entry,
                    self.symptoms,
                    self.number,
                ))
    def __init__(self, date, entry, symptoms, number=attr_dict['number'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('date', date)
        _setattr('entry', entry)
        _setattr('symptoms', symptoms)
        _setattr('number', number)

    return locals()


METHODS = {
    'DayEntry': ('4bdcacdbdb85cb7494a74c6f2c86243c87f74d806a55cd063c4b4ec45cacfcf6', _DayEntry),
    'MetricSpec': ('1af4d674ad1ff69cace9d7b1fb8a4f50798ad9290f5d9abc6cb0c9a6ff53b4fa', _MetricSpec),
    'Session': ('68941af5600e6706638c9418aa4c36859cacd431e0ef87e293512f6f080a262a', _Session),
}
