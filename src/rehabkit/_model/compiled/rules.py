"""attrs' methods for the classes of ``rehabkit._model.rules``, as the text attrs writes for them.

Written by scripts/update-model-methods; do not edit (see ``rehabkit._model.methods``).
"""

# mypy: ignore-errors
# fmt: off

# attrs compiles its text under this future import of its own module: so are these.
from __future__ import annotations


def _Escalation():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(no_progress_after={self.no_progress_after!r}, stale_after={self.stale_after!r}, max_gap={self.max_gap!r}, text={self.text!r}, sources={self.sources!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.no_progress_after == other.no_progress_after and
            self.stale_after == other.stale_after and
            self.max_gap == other.max_gap and
            self.text == other.text and
            self.sources == other.sources
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.no_progress_after,
                    self.stale_after,
                    self.max_gap,
                    self.text,
                    self.sources,
                ))
    def __init__(self, *, no_progress_after=attr_dict['no_progress_after'].default, stale_after=attr_dict['stale_after'].default, max_gap=attr_dict['max_gap'].default, text, sources=attr_dict['sources'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('no_progress_after', no_progress_after)
        _setattr('stale_after', stale_after)
        _setattr('max_gap', max_gap)
        _setattr('text', text)
        _setattr('sources', __attr_converter_sources(sources))
        if _config._run_validators is True:
            __attr_validator_no_progress_after(self, __attr_no_progress_after, self.no_progress_after)
            __attr_validator_stale_after(self, __attr_stale_after, self.stale_after)
            __attr_validator_max_gap(self, __attr_max_gap, self.max_gap)
            __attr_validator_text(self, __attr_text, self.text)
            __attr_validator_sources(self, __attr_sources, self.sources)

    return locals()


def _Event():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(id={self.id!r}, name={self.name!r}, description={self.description!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.id == other.id and
            self.name == other.name and
            self.description == other.description
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.id,
                    self.name,
                    self.description,
                ))
    def __init__(self, *, id, name, description=attr_dict['description'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('id', id)
        _setattr('name', name)
        _setattr('description', description)
        if _config._run_validators is True:
            __attr_validator_id(self, __attr_id, self.id)
            __attr_validator_name(self, __attr_name, self.name)
            __attr_validator_description(self, __attr_description, self.description)

    return locals()


def _FlareUp():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(advice={self.advice!r}, restart={self.restart!r}, contact={self.contact!r}, sources={self.sources!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.advice == other.advice and
            self.restart == other.restart and
            self.contact == other.contact and
            self.sources == other.sources
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.advice,
                    self.restart,
                    self.contact,
                    self.sources,
                ))
    def __init__(self, *, advice, restart, contact, sources=attr_dict['sources'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('advice', advice)
        _setattr('restart', restart)
        _setattr('contact', contact)
        _setattr('sources', __attr_converter_sources(sources))
        if _config._run_validators is True:
            __attr_validator_advice(self, __attr_advice, self.advice)
            __attr_validator_restart(self, __attr_restart, self.restart)
            __attr_validator_contact(self, __attr_contact, self.contact)
            __attr_validator_sources(self, __attr_sources, self.sources)

    return locals()


def _Gate():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(criteria={self.criteria!r}, description={self.description!r}, sources={self.sources!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.criteria == other.criteria and
            self.description == other.description and
            self.sources == other.sources
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.criteria,
                    self.description,
                    self.sources,
                ))
    def __init__(self, *, criteria, description=attr_dict['description'].default, sources=attr_dict['sources'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('criteria', __attr_converter_criteria(criteria))
        _setattr('description', description)
        _setattr('sources', __attr_converter_sources(sources))
        if _config._run_validators is True:
            __attr_validator_criteria(self, __attr_criteria, self.criteria)
            __attr_validator_description(self, __attr_description, self.description)
            __attr_validator_sources(self, __attr_sources, self.sources)

    return locals()


def _Measurement():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(name={self.name!r}, unit={self.unit!r}, description={self.description!r}, kind={self.kind!r}, levels={self.levels!r}, sources={self.sources!r}, scale={self.scale!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.name == other.name and
            self.unit == other.unit and
            self.description == other.description and
            self.kind == other.kind and
            self.levels == other.levels and
            self.sources == other.sources and
            self.scale == other.scale
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.name,
                    self.unit,
                    self.description,
                    self.kind,
                    self.levels,
                    self.sources,
                    self.scale,
                ))
    def __init__(self, *, name, unit=attr_dict['unit'].default, description=attr_dict['description'].default, kind=attr_dict['kind'].default, levels=attr_dict['levels'].default, sources=attr_dict['sources'].default, scale=attr_dict['scale'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('name', name)
        _setattr('unit', __attr_converter_unit(unit))
        _setattr('description', description)
        _setattr('kind', __attr_converter_kind(kind))
        _setattr('levels', __attr_converter_levels(levels))
        _setattr('sources', __attr_converter_sources(sources))
        _setattr('scale', scale)
        if _config._run_validators is True:
            __attr_validator_name(self, __attr_name, self.name)
            __attr_validator_unit(self, __attr_unit, self.unit)
            __attr_validator_description(self, __attr_description, self.description)
            __attr_validator_kind(self, __attr_kind, self.kind)
            __attr_validator_levels(self, __attr_levels, self.levels)
            __attr_validator_sources(self, __attr_sources, self.sources)
        self.__attrs_post_init__()

    return locals()


def _PainGuidance():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(summary={self.summary!r}, limits={self.limits!r}, sources={self.sources!r}, flare_up={self.flare_up!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.summary == other.summary and
            self.limits == other.limits and
            self.sources == other.sources and
            self.flare_up == other.flare_up
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.summary,
                    self.limits,
                    self.sources,
                    self.flare_up,
                ))
    def __init__(self, *, summary, limits=attr_dict['limits'].default, sources=attr_dict['sources'].default, flare_up=attr_dict['flare_up'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('summary', summary)
        _setattr('limits', __attr_converter_limits(limits))
        _setattr('sources', __attr_converter_sources(sources))
        _setattr('flare_up', flare_up)
        if _config._run_validators is True:
            __attr_validator_summary(self, __attr_summary, self.summary)
            __attr_validator_sources(self, __attr_sources, self.sources)

    return locals()


def _ParameterChange():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(parameter={self.parameter!r}, step={self.step!r}, limit={self.limit!r}, unit={self.unit!r}, joint={self.joint!r}, values={self.values!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.parameter == other.parameter and
            self.step == other.step and
            self.limit == other.limit and
            self.unit == other.unit and
            self.joint == other.joint and
            self.values == other.values
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.parameter,
                    self.step,
                    self.limit,
                    self.unit,
                    self.joint,
                    self.values,
                ))
    def __init__(self, *, parameter, step=attr_dict['step'].default, limit=attr_dict['limit'].default, unit=attr_dict['unit'].default, joint=attr_dict['joint'].default, values=attr_dict['values'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('parameter', __attr_converter_parameter(parameter))
        _setattr('step', step)
        _setattr('limit', limit)
        _setattr('unit', __attr_converter_unit(unit))
        _setattr('joint', __attr_converter_joint(joint))
        _setattr('values', __attr_converter_values(values))
        if _config._run_validators is True:
            __attr_validator_parameter(self, __attr_parameter, self.parameter)
            __attr_validator_step(self, __attr_step, self.step)
            __attr_validator_limit(self, __attr_limit, self.limit)
            __attr_validator_unit(self, __attr_unit, self.unit)
            __attr_validator_joint(self, __attr_joint, self.joint)
            __attr_validator_values(self, __attr_values, self.values)
        self.__attrs_post_init__()

    return locals()


def _Phase():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(id={self.id!r}, name={self.name!r}, exercises={self.exercises!r}, entry_criteria={self.entry_criteria!r}, description={self.description!r}, expected_duration={self.expected_duration!r}, continues_previous={self.continues_previous!r}, dosage={self.dosage!r}, exercise_dosage={self.exercise_dosage!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.id == other.id and
            self.name == other.name and
            self.exercises == other.exercises and
            self.entry_criteria == other.entry_criteria and
            self.description == other.description and
            self.expected_duration == other.expected_duration and
            self.continues_previous == other.continues_previous and
            self.dosage == other.dosage and
            self.exercise_dosage == other.exercise_dosage
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.id,
                    self.name,
                    self.exercises,
                    self.entry_criteria,
                    self.description,
                    self.expected_duration,
                    self.continues_previous,
                    self.dosage,
                    self.exercise_dosage,
                ))
    def __init__(self, *, id, name, exercises, entry_criteria=attr_dict['entry_criteria'].default, description=attr_dict['description'].default, expected_duration=attr_dict['expected_duration'].default, continues_previous=attr_dict['continues_previous'].default, dosage=attr_dict['dosage'].default, exercise_dosage=attr_dict['exercise_dosage'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('id', id)
        _setattr('name', name)
        _setattr('exercises', __attr_converter_exercises(exercises))
        _setattr('entry_criteria', __attr_converter_entry_criteria(entry_criteria))
        _setattr('description', description)
        _setattr('expected_duration', expected_duration)
        _setattr('continues_previous', continues_previous)
        _setattr('dosage', dosage)
        _setattr('exercise_dosage', __attr_converter_exercise_dosage(exercise_dosage))
        if _config._run_validators is True:
            __attr_validator_id(self, __attr_id, self.id)
            __attr_validator_name(self, __attr_name, self.name)
            __attr_validator_exercises(self, __attr_exercises, self.exercises)
            __attr_validator_description(self, __attr_description, self.description)
            __attr_validator_expected_duration(self, __attr_expected_duration, self.expected_duration)

    return locals()


def _PhaseDosage():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(exercise={self.exercise!r}, dosage={self.dosage!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.exercise == other.exercise and
            self.dosage == other.dosage
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.exercise,
                    self.dosage,
                ))
    def __init__(self, *, exercise, dosage):
        _setattr = _cached_setattr_get(self)
        _setattr('exercise', exercise)
        _setattr('dosage', dosage)
        if _config._run_validators is True:
            __attr_validator_exercise(self, __attr_exercise, self.exercise)

    return locals()


def _ProgressionRule():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(id={self.id!r}, exercise={self.exercise!r}, direction={self.direction!r}, criteria={self.criteria!r}, match={self.match!r}, description={self.description!r}, to_exercise={self.to_exercise!r}, change={self.change!r}, sources={self.sources!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.id == other.id and
            self.exercise == other.exercise and
            self.direction == other.direction and
            self.criteria == other.criteria and
            self.match == other.match and
            self.description == other.description and
            self.to_exercise == other.to_exercise and
            self.change == other.change and
            self.sources == other.sources
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.id,
                    self.exercise,
                    self.direction,
                    self.criteria,
                    self.match,
                    self.description,
                    self.to_exercise,
                    self.change,
                    self.sources,
                ))
    def __init__(self, *, id, exercise, direction, criteria, match=attr_dict['match'].default, description, to_exercise=attr_dict['to_exercise'].default, change=attr_dict['change'].default, sources=attr_dict['sources'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('id', id)
        _setattr('exercise', exercise)
        _setattr('direction', __attr_converter_direction(direction))
        _setattr('criteria', __attr_converter_criteria(criteria))
        _setattr('match', __attr_converter_match(match))
        _setattr('description', description)
        _setattr('to_exercise', to_exercise)
        _setattr('change', change)
        _setattr('sources', __attr_converter_sources(sources))
        if _config._run_validators is True:
            __attr_validator_id(self, __attr_id, self.id)
            __attr_validator_exercise(self, __attr_exercise, self.exercise)
            __attr_validator_direction(self, __attr_direction, self.direction)
            __attr_validator_match(self, __attr_match, self.match)
            __attr_validator_description(self, __attr_description, self.description)
            __attr_validator_to_exercise(self, __attr_to_exercise, self.to_exercise)
            __attr_validator_sources(self, __attr_sources, self.sources)
        self.__attrs_post_init__()

    return locals()


def _StopCriterion():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(id={self.id!r}, text={self.text!r}, urgency={self.urgency!r}, criteria={self.criteria!r}, match={self.match!r}, sources={self.sources!r}, scope={self.scope!r}, resume={self.resume!r}, effect={self.effect!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.id == other.id and
            self.text == other.text and
            self.urgency == other.urgency and
            self.criteria == other.criteria and
            self.match == other.match and
            self.sources == other.sources and
            self.scope == other.scope and
            self.resume == other.resume and
            self.effect == other.effect
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.id,
                    self.text,
                    self.urgency,
                    self.criteria,
                    self.match,
                    self.sources,
                    self.scope,
                    self.resume,
                    self.effect,
                ))
    def __init__(self, *, id, text, urgency, criteria=attr_dict['criteria'].default, match=attr_dict['match'].default, sources=attr_dict['sources'].default, scope=attr_dict['scope'].default, resume=attr_dict['resume'].default, effect=attr_dict['effect'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('id', id)
        _setattr('text', text)
        _setattr('urgency', __attr_converter_urgency(urgency))
        _setattr('criteria', __attr_converter_criteria(criteria))
        _setattr('match', __attr_converter_match(match))
        _setattr('sources', __attr_converter_sources(sources))
        _setattr('scope', __attr_converter_scope(scope))
        _setattr('resume', __attr_converter_resume(resume))
        _setattr('effect', __attr_converter_effect(effect))
        if _config._run_validators is True:
            __attr_validator_id(self, __attr_id, self.id)
            __attr_validator_text(self, __attr_text, self.text)
            __attr_validator_urgency(self, __attr_urgency, self.urgency)
            __attr_validator_match(self, __attr_match, self.match)
            __attr_validator_sources(self, __attr_sources, self.sources)
            __attr_validator_scope(self, __attr_scope, self.scope)
            __attr_validator_resume(self, __attr_resume, self.resume)
            __attr_validator_effect(self, __attr_effect, self.effect)

    return locals()


def _UrgentHelp():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(region={self.region!r}, text={self.text!r}, sources={self.sources!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.region == other.region and
            self.text == other.text and
            self.sources == other.sources
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.region,
                    self.text,
                    self.sources,
                ))
    def __init__(self, *, region=attr_dict['region'].default, text, sources=attr_dict['sources'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('region', region)
        _setattr('text', text)
        _setattr('sources', __attr_converter_sources(sources))
        if _config._run_validators is True:
            __attr_validator_region(self, __attr_region, self.region)
            __attr_validator_text(self, __attr_text, self.text)
            __attr_validator_sources(self, __attr_sources, self.sources)

    return locals()


METHODS = {
    'Escalation': ('0b363cc5d707c7ed9e5e9fc1c064416874b0d1f8ee0930d27567a86e5a3b9b89', _Escalation),
    'Event': ('6344c334534f49e83b3c7febbeafc13df8b0f4b16580721631ceaccbae0cffe4', _Event),
    'FlareUp': ('7137986e8bef90b1a15aebbbae0cf693fc065ed8ba2b59d5421f572e91ba8549', _FlareUp),
    'Gate': ('f20e9b9e8c8d0e69bd3f0fcd67cf1b85b4af792d11e023d2b2028e5167168f81', _Gate),
    'Measurement': ('2550e3c662913b6de21e83d9a3b15f68a7637c7ba18f8f5f0c4a635d1267f6bd', _Measurement),
    'PainGuidance': ('a4adc50db9360cb34e77a8b1574fa5893d9f3e307d82a16f162bc5f2c8f662ad', _PainGuidance),
    'ParameterChange': ('c78be8a12380993cb1ee9eab859da44a0cb33f44453c26e1e018bde5519703de', _ParameterChange),
    'Phase': ('1fcfd3b4454e8a5390f3e8d914780a60bac0f1ce50df100b18f4bc770c49177a', _Phase),
    'PhaseDosage': ('5e276b4da43d9c8b269a577ad34533d8282762b879472c653aeb7d708cdb8c59', _PhaseDosage),
    'ProgressionRule': ('0e717b39ace1fa9e63c64fb7f0e963e8d4f1ab54838dcf3bcdf595067438fb0e', _ProgressionRule),
    'StopCriterion': ('7970227bf8949ea9fc882454f030ccde870ef3cf1cc25f8edb02c345af506955', _StopCriterion),
    'UrgentHelp': ('19aa0b649eb6b79bce9e54514f244d5a66df319ca69749623acbc90c8f5d40ce', _UrgentHelp),
}
