"""attrs' methods for the classes of ``rehabkit._model.session_log``, as the text attrs writes for them.

Written by scripts/update-model-methods; do not edit (see ``rehabkit._model.methods``).
"""

# mypy: ignore-errors
# fmt: off

# attrs compiles its text under this future import of its own module: so are these.
from __future__ import annotations


def _MeasurementEntry():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(date={self.date!r}, name={self.name!r}, value={self.value!r}, unit={self.unit!r}, level={self.level!r}, present={self.present!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.date == other.date and
            self.name == other.name and
            self.value == other.value and
            self.unit == other.unit and
            self.level == other.level and
            self.present == other.present
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.date,
                    self.name,
                    self.value,
                    self.unit,
                    self.level,
                    self.present,
                ))
    def __init__(self, *, date, name, value=attr_dict['value'].default, unit=attr_dict['unit'].default, level=attr_dict['level'].default, present=attr_dict['present'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('date', __attr_converter_date(date))
        _setattr('name', name)
        _setattr('value', value)
        _setattr('unit', __attr_converter_unit(unit))
        _setattr('level', level)
        _setattr('present', present)
        if _config._run_validators is True:
            __attr_validator_date(self, __attr_date, self.date)
            __attr_validator_name(self, __attr_name, self.name)
            __attr_validator_unit(self, __attr_unit, self.unit)
            __attr_validator_level(self, __attr_level, self.level)
        self.__attrs_post_init__()

    return locals()


def _Review():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(date={self.date!r}, clinician={self.clinician!r}, note={self.note!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.date == other.date and
            self.clinician == other.clinician and
            self.note == other.note
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.date,
                    self.clinician,
                    self.note,
                ))
    def __init__(self, *, date, clinician=attr_dict['clinician'].default, note=attr_dict['note'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('date', __attr_converter_date(date))
        _setattr('clinician', clinician)
        _setattr('note', note)
        if _config._run_validators is True:
            __attr_validator_date(self, __attr_date, self.date)
            __attr_validator_clinician(self, __attr_clinician, self.clinician)
            __attr_validator_note(self, __attr_note, self.note)

    return locals()


def _SessionEntry():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(date={self.date!r}, exercise={self.exercise!r}, session={self.session!r}, sets={self.sets!r}, repetitions={self.repetitions!r}, hold={self.hold!r}, pain_during={self.pain_during!r}, pain_after={self.pain_after!r}, pain_settled_after={self.pain_settled_after!r}, next_morning={self.next_morning!r}, symptoms={self.symptoms!r}, note={self.note!r}, load={self.load!r}, duration={self.duration!r}, distance={self.distance!r}, effort={self.effort!r}, reps_in_reserve={self.reps_in_reserve!r}, pain_before={self.pain_before!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.date == other.date and
            self.exercise == other.exercise and
            self.session == other.session and
            self.sets == other.sets and
            self.repetitions == other.repetitions and
            self.hold == other.hold and
            self.pain_during == other.pain_during and
            self.pain_after == other.pain_after and
            self.pain_settled_after == other.pain_settled_after and
            self.next_morning == other.next_morning and
            self.symptoms == other.symptoms and
            self.note == other.note and
            self.load == other.load and
            self.duration == other.duration and
            self.distance == other.distance and
            self.effort == other.effort and
            self.reps_in_reserve == other.reps_in_reserve and
            self.pain_before == other.pain_before
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.date,
                    self.exercise,
                    self.session,
                    self.sets,
                    self.repetitions,
                    self.hold,
                    self.pain_during,
                    self.pain_after,
                    self.pain_settled_after,
                    self.next_morning,
                    self.symptoms,
                    self.note,
                    self.load,
                    self.duration,
                    self.distance,
                    self.effort,
                    self.reps_in_reserve,
                    self.pain_before,
                ))
    def __init__(self, *, date, exercise, session=attr_dict['session'].default, sets=attr_dict['sets'].default, repetitions=attr_dict['repetitions'].default, hold=attr_dict['hold'].default, pain_during=attr_dict['pain_during'].default, pain_after=attr_dict['pain_after'].default, pain_settled_after=attr_dict['pain_settled_after'].default, next_morning=attr_dict['next_morning'].default, symptoms=attr_dict['symptoms'].default, note=attr_dict['note'].default, load=attr_dict['load'].default, duration=attr_dict['duration'].default, distance=attr_dict['distance'].default, effort=attr_dict['effort'].default, reps_in_reserve=attr_dict['reps_in_reserve'].default, pain_before=attr_dict['pain_before'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('date', __attr_converter_date(date))
        _setattr('exercise', exercise)
        _setattr('session', session)
        _setattr('sets', sets)
        _setattr('repetitions', repetitions)
        _setattr('hold', hold)
        _setattr('pain_during', pain_during)
        _setattr('pain_after', pain_after)
        _setattr('pain_settled_after', pain_settled_after)
        _setattr('next_morning', __attr_converter_next_morning(next_morning))
        _setattr('symptoms', __attr_converter_symptoms(symptoms))
        _setattr('note', note)
        _setattr('load', load)
        _setattr('duration', duration)
        _setattr('distance', distance)
        _setattr('effort', effort)
        _setattr('reps_in_reserve', reps_in_reserve)
        _setattr('pain_before', pain_before)
        if _config._run_validators is True:
            __attr_validator_date(self, __attr_date, self.date)
            __attr_validator_exercise(self, __attr_exercise, self.exercise)
            __attr_validator_session(self, __attr_session, self.session)
            __attr_validator_sets(self, __attr_sets, self.sets)
            __attr_validator_repetitions(self, __attr_repetitions, self.repetitions)
            __attr_validator_hold(self, __attr_hold, self.hold)
            __attr_validator_pain_during(self, __attr_pain_during, self.pain_during)
            __attr_validator_pain_after(self, __attr_pain_after, self.pain_after)
            __attr_validator_pain_settled_after(self, __attr_pain_settled_after, self.pain_settled_after)
            __attr_validator_next_morning(self, __attr_next_morning, self.next_morning)
            __attr_validator_symptoms(self, __attr_symptoms, self.symptoms)
            __attr_validator_note(self, __attr_note, self.note)
            __attr_validator_load(self, __attr_load, self.load)
            __attr_validator_duration(self, __attr_duration, self.duration)
            __attr_validator_distance(self, __attr_distance, self.distance)
            __attr_validator_effort(self, __attr_effort, self.effort)
            __attr_validator_reps_in_reserve(self, __attr_reps_in_reserve, self.reps_in_reserve)
            __attr_validator_pain_before(self, __attr_pain_before, self.pain_before)

    return locals()


def _SessionLog():
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.protocol == other.protocol and
            self.patient == other.patient and
            self.entries == other.entries and
            self.measurements == other.measurements and
            self.patient_id == other.patient_id and
            self.reviews == other.reviews
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.protocol,
                    self.patient,
                    self.entries,
                    self.measurements,
                    self.patient_id,
                    self.reviews,
                ))
    def __init__(self, *, protocol=attr_dict['protocol'].default, patient=attr_dict['patient'].default, entries=attr_dict['entries'].default, measurements=attr_dict['measurements'].default, patient_id=attr_dict['patient_id'].default, reviews=attr_dict['reviews'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('protocol', protocol)
        _setattr('patient', patient)
        _setattr('entries', __attr_converter_entries(entries))
        _setattr('measurements', __attr_converter_measurements(measurements))
        _setattr('patient_id', patient_id)
        _setattr('reviews', __attr_converter_reviews(reviews))
        if _config._run_validators is True:
            __attr_validator_protocol(self, __attr_protocol, self.protocol)
            __attr_validator_patient(self, __attr_patient, self.patient)
            __attr_validator_patient_id(self, __attr_patient_id, self.patient_id)

    return locals()


METHODS = {
    'MeasurementEntry': ('a198a87d9a649be906db0609aa1ef87810bd6fd8217b6af468204316a2abae4b', _MeasurementEntry),
    'Review': ('df66524296c7a810a5a35fd34cab755387a1f87a9581b6fc948d5ceb5862f76c', _Review),
    'SessionEntry': ('03a15576e4a756435b009cbbf9cb762ede4d6e3c66b96044938d4455831de293', _SessionEntry),
    'SessionLog': ('1771c0255cc94d49663289ef1d39b00ce4d6fe9577d9f0dd38729634f6009e99', _SessionLog),
}
