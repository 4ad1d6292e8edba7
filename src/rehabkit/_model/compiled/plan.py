"""attrs' methods for the classes of ``rehabkit._model.plan``, as the text attrs writes for them.

Written by scripts/update-model-methods; do not edit (see ``rehabkit._model.methods``).
"""

# mypy: ignore-errors
# fmt: off

# attrs compiles its text under this future import of its own module: so are these.
from __future__ import annotations


def _Clinician():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(name={self.name!r}, contact={self.contact!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.name == other.name and
            self.contact == other.contact
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.name,
                    self.contact,
                ))
    def __init__(self, *, name=attr_dict['name'].default, contact=attr_dict['contact'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('name', name)
        _setattr('contact', contact)
        if _config._run_validators is True:
            __attr_validator_name(self, __attr_name, self.name)
            __attr_validator_contact(self, __attr_contact, self.contact)

    return locals()


def _Plan():
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.protocol == other.protocol and
            self.start == other.start and
            self.weeks == other.weeks and
            self.frequency == other.frequency and
            self.side == other.side and
            self.patient == other.patient and
            self.patient_id == other.patient_id and
            self.patient_family == other.patient_family and
            self.patient_given == other.patient_given and
            self.clinician == other.clinician and
            self.exercises == other.exercises and
            self.events == other.events and
            self.phase == other.phase and
            self.phase_since == other.phase_since and
            self.region == other.region and
            self.started == other.started and
            self.measures == other.measures and
            self.completed == other.completed
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.protocol,
                    self.start,
                    self.weeks,
                    self.frequency,
                    self.side,
                    self.patient,
                    self.patient_id,
                    self.patient_family,
                    self.patient_given,
                    self.clinician,
                    self.exercises,
                    self.events,
                    self.phase,
                    self.phase_since,
                    self.region,
                    self.started,
                    self.measures,
                    self.completed,
                ))
    def __init__(self, *, protocol, start, weeks, frequency, side=attr_dict['side'].default, patient=attr_dict['patient'].default, patient_id=attr_dict['patient_id'].default, patient_family=attr_dict['patient_family'].default, patient_given=attr_dict['patient_given'].default, clinician=attr_dict['clinician'].default, exercises, events=attr_dict['events'].default, phase=attr_dict['phase'].default, phase_since=attr_dict['phase_since'].default, region=attr_dict['region'].default, started=attr_dict['started'].default, measures=attr_dict['measures'].default, completed=attr_dict['completed'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('protocol', protocol)
        _setattr('start', __attr_converter_start(start))
        _setattr('weeks', weeks)
        _setattr('frequency', frequency)
        _setattr('side', __attr_converter_side(side))
        _setattr('patient', patient)
        _setattr('patient_id', patient_id)
        _setattr('patient_family', patient_family)
        _setattr('patient_given', __attr_converter_patient_given(patient_given))
        _setattr('clinician', clinician)
        _setattr('exercises', __attr_converter_exercises(exercises))
        _setattr('events', __attr_converter_events(events))
        _setattr('phase', phase)
        _setattr('phase_since', __attr_converter_phase_since(phase_since))
        _setattr('region', region)
        _setattr('started', __attr_converter_started(started))
        _setattr('measures', __attr_converter_measures(measures))
        _setattr('completed', __attr_converter_completed(completed))
        if _config._run_validators is True:
            __attr_validator_start(self, __attr_start, self.start)
            __attr_validator_weeks(self, __attr_weeks, self.weeks)
            __attr_validator_side(self, __attr_side, self.side)
            __attr_validator_patient(self, __attr_patient, self.patient)
            __attr_validator_patient_id(self, __attr_patient_id, self.patient_id)
            __attr_validator_patient_family(self, __attr_patient_family, self.patient_family)
            __attr_validator_patient_given(self, __attr_patient_given, self.patient_given)
            __attr_validator_phase(self, __attr_phase, self.phase)
            __attr_validator_phase_since(self, __attr_phase_since, self.phase_since)
            __attr_validator_region(self, __attr_region, self.region)
            __attr_validator_started(self, __attr_started, self.started)
            __attr_validator_completed(self, __attr_completed, self.completed)
        self.__attrs_post_init__()

    return locals()


def _PlanEvent():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(id={self.id!r}, date={self.date!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.id == other.id and
            self.date == other.date
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.id,
                    self.date,
                ))
    def __init__(self, *, id, date):
        _setattr = _cached_setattr_get(self)
        _setattr('id', id)
        _setattr('date', __attr_converter_date(date))
        if _config._run_validators is True:
            __attr_validator_id(self, __attr_id, self.id)
            __attr_validator_date(self, __attr_date, self.date)

    return locals()


def _PlanExercise():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(exercise={self.exercise!r}, dosage={self.dosage!r}, joint_angles={self.joint_angles!r}, since={self.since!r}, awaiting_report={self.awaiting_report!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.exercise == other.exercise and
            self.dosage == other.dosage and
            self.joint_angles == other.joint_angles and
            self.since == other.since and
            self.awaiting_report == other.awaiting_report
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.exercise,
                    self.dosage,
                    self.joint_angles,
                    self.since,
                    self.awaiting_report,
                ))
    def __init__(self, *, exercise, dosage, joint_angles=attr_dict['joint_angles'].default, since=attr_dict['since'].default, awaiting_report=attr_dict['awaiting_report'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('exercise', exercise)
        _setattr('dosage', dosage)
        _setattr('joint_angles', __attr_converter_joint_angles(joint_angles))
        _setattr('since', __attr_converter_since(since))
        _setattr('awaiting_report', __attr_converter_awaiting_report(awaiting_report))
        if _config._run_validators is True:
            __attr_validator_exercise(self, __attr_exercise, self.exercise)
            __attr_validator_since(self, __attr_since, self.since)
            __attr_validator_awaiting_report(self, __attr_awaiting_report, self.awaiting_report)

    return locals()


def _PlanMeasure():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(name={self.name!r}, value={self.value!r}, unit={self.unit!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.name == other.name and
            self.value == other.value and
            self.unit == other.unit
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.name,
                    self.value,
                    self.unit,
                ))
    def __init__(self, *, name, value, unit):
        _setattr = _cached_setattr_get(self)
        _setattr('name', name)
        _setattr('value', value)
        _setattr('unit', __attr_converter_unit(unit))
        if _config._run_validators is True:
            __attr_validator_name(self, __attr_name, self.name)
            __attr_validator_value(self, __attr_value, self.value)
            __attr_validator_unit(self, __attr_unit, self.unit)

    return locals()


METHODS = {
    'Clinician': ('46b4528b22271d024dd2a6c7c685b137642f1ee55b1445ee424f09a58d78f1e5', _Clinician),
    'Plan': ('7f354ab9b7191637cac6dd702557a107fe3bd5fda71979b5dccdf29c8775b007', _Plan),
    'PlanEvent': ('5d1bde2fead50e8055e67d3f9cfac470a4ad94b602249b2bb51bef6b891b82bc', _PlanEvent),
    'PlanExercise': ('34e6946d032fc54afe5bc77e13c7e774d6d19b5a77bf74621d58533333ca4e84', _PlanExercise),
    'PlanMeasure': ('f20a2d962fb07151b22b9fce3cbe3901d5db70a763111edad380270b5b78ba38', _PlanMeasure),
}
