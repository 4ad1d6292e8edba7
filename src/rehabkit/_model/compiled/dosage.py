"""attrs' methods for the classes of ``rehabkit._model.dosage``, as the text attrs writes for them.

Written by scripts/update-model-methods; do not edit (see ``rehabkit._model.methods``).
"""

# mypy: ignore-errors
# fmt: off

# attrs compiles its text under this future import of its own module: so are these.
from __future__ import annotations


def _Dosage():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(sets={self.sets!r}, repetitions={self.repetitions!r}, hold={self.hold!r}, rest={self.rest!r}, load={self.load!r}, intensity={self.intensity!r}, frequency={self.frequency!r}, duration={self.duration!r}, contraction={self.contraction!r}, tempo={self.tempo!r}, return_with={self.return_with!r}, distance={self.distance!r}, speed={self.speed!r}, range={self.range!r}, unset={self.unset!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.sets == other.sets and
            self.repetitions == other.repetitions and
            self.hold == other.hold and
            self.rest == other.rest and
            self.load == other.load and
            self.intensity == other.intensity and
            self.frequency == other.frequency and
            self.duration == other.duration and
            self.contraction == other.contraction and
            self.tempo == other.tempo and
            self.return_with == other.return_with and
            self.distance == other.distance and
            self.speed == other.speed and
            self.range == other.range and
            self.unset == other.unset
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.sets,
                    self.repetitions,
                    self.hold,
                    self.rest,
                    self.load,
                    self.intensity,
                    self.frequency,
                    self.duration,
                    self.contraction,
                    self.tempo,
                    self.return_with,
                    self.distance,
                    self.speed,
                    self.range,
                    self.unset,
                ))
    def __init__(self, *, sets=attr_dict['sets'].default, repetitions=attr_dict['repetitions'].default, hold=attr_dict['hold'].default, rest=attr_dict['rest'].default, load=attr_dict['load'].default, intensity=attr_dict['intensity'].default, frequency=attr_dict['frequency'].default, duration=attr_dict['duration'].default, contraction=attr_dict['contraction'].default, tempo=attr_dict['tempo'].default, return_with=attr_dict['return_with'].default, distance=attr_dict['distance'].default, speed=attr_dict['speed'].default, range=attr_dict['range'].default, unset=attr_dict['unset'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('sets', sets)
        _setattr('repetitions', repetitions)
        _setattr('hold', hold)
        _setattr('rest', rest)
        _setattr('load', load)
        _setattr('intensity', intensity)
        _setattr('frequency', frequency)
        _setattr('duration', duration)
        _setattr('contraction', __attr_converter_contraction(contraction))
        _setattr('tempo', tempo)
        _setattr('return_with', __attr_converter_return_with(return_with))
        _setattr('distance', distance)
        _setattr('speed', speed)
        _setattr('range', range)
        _setattr('unset', __attr_converter_unset(unset))
        if _config._run_validators is True:
            __attr_validator_sets(self, __attr_sets, self.sets)
            __attr_validator_repetitions(self, __attr_repetitions, self.repetitions)
            __attr_validator_hold(self, __attr_hold, self.hold)
            __attr_validator_rest(self, __attr_rest, self.rest)
            __attr_validator_duration(self, __attr_duration, self.duration)
            __attr_validator_contraction(self, __attr_contraction, self.contraction)
            __attr_validator_return_with(self, __attr_return_with, self.return_with)
            __attr_validator_distance(self, __attr_distance, self.distance)
            __attr_validator_speed(self, __attr_speed, self.speed)
            __attr_validator_range(self, __attr_range, self.range)
            __attr_validator_unset(self, __attr_unset, self.unset)

    return locals()


def _Frequency():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(times={self.times!r}, period={self.period!r}, period_max={self.period_max!r}, period_unit={self.period_unit!r}, times_max={self.times_max!r}, as_needed={self.as_needed!r}, days_per_week={self.days_per_week!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.times == other.times and
            self.period == other.period and
            self.period_max == other.period_max and
            self.period_unit == other.period_unit and
            self.times_max == other.times_max and
            self.as_needed == other.as_needed and
            self.days_per_week == other.days_per_week
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.times,
                    self.period,
                    self.period_max,
                    self.period_unit,
                    self.times_max,
                    self.as_needed,
                    self.days_per_week,
                ))
    def __init__(self, times=attr_dict['times'].default, period=attr_dict['period'].default, period_max=attr_dict['period_max'].default, period_unit=attr_dict['period_unit'].default, times_max=attr_dict['times_max'].default, as_needed=attr_dict['as_needed'].default, days_per_week=attr_dict['days_per_week'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('times', times)
        _setattr('period', period)
        _setattr('period_max', period_max)
        _setattr('period_unit', __attr_converter_period_unit(period_unit))
        _setattr('times_max', times_max)
        _setattr('as_needed', as_needed)
        _setattr('days_per_week', days_per_week)
        if _config._run_validators is True:
            __attr_validator_times(self, __attr_times, self.times)
            __attr_validator_period(self, __attr_period, self.period)
            __attr_validator_period_max(self, __attr_period_max, self.period_max)
            __attr_validator_period_unit(self, __attr_period_unit, self.period_unit)
            __attr_validator_times_max(self, __attr_times_max, self.times_max)
            __attr_validator_as_needed(self, __attr_as_needed, self.as_needed)
            __attr_validator_days_per_week(self, __attr_days_per_week, self.days_per_week)
        self.__attrs_post_init__()

    return locals()


def _Intensity():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(pain_max={self.pain_max!r}, rpe={self.rpe!r}, percent_max_effort={self.percent_max_effort!r}, reps_in_reserve={self.reps_in_reserve!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.pain_max == other.pain_max and
            self.rpe == other.rpe and
            self.percent_max_effort == other.percent_max_effort and
            self.reps_in_reserve == other.reps_in_reserve
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.pain_max,
                    self.rpe,
                    self.percent_max_effort,
                    self.reps_in_reserve,
                ))
    def __init__(self, *, pain_max=attr_dict['pain_max'].default, rpe=attr_dict['rpe'].default, percent_max_effort=attr_dict['percent_max_effort'].default, reps_in_reserve=attr_dict['reps_in_reserve'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('pain_max', pain_max)
        _setattr('rpe', rpe)
        _setattr('percent_max_effort', percent_max_effort)
        _setattr('reps_in_reserve', reps_in_reserve)
        if _config._run_validators is True:
            __attr_validator_pain_max(self, __attr_pain_max, self.pain_max)
            __attr_validator_rpe(self, __attr_rpe, self.rpe)
            __attr_validator_percent_max_effort(self, __attr_percent_max_effort, self.percent_max_effort)
            __attr_validator_reps_in_reserve(self, __attr_reps_in_reserve, self.reps_in_reserve)

    return locals()


def _Load():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(description={self.description!r}, amount={self.amount!r}, increment={self.increment!r}, maximum={self.maximum!r}, level={self.level!r}, levels={self.levels!r}, percent_of={self.percent_of!r}, rm={self.rm!r}, measured={self.measured!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.description == other.description and
            self.amount == other.amount and
            self.increment == other.increment and
            self.maximum == other.maximum and
            self.level == other.level and
            self.levels == other.levels and
            self.percent_of == other.percent_of and
            self.rm == other.rm and
            self.measured == other.measured
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.description,
                    self.amount,
                    self.increment,
                    self.maximum,
                    self.level,
                    self.levels,
                    self.percent_of,
                    self.rm,
                    self.measured,
                ))
    def __init__(self, *, description=attr_dict['description'].default, amount=attr_dict['amount'].default, increment=attr_dict['increment'].default, maximum=attr_dict['maximum'].default, level=attr_dict['level'].default, levels=attr_dict['levels'].default, percent_of=attr_dict['percent_of'].default, rm=attr_dict['rm'].default, measured=attr_dict['measured'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('description', description)
        _setattr('amount', amount)
        _setattr('increment', increment)
        _setattr('maximum', maximum)
        _setattr('level', level)
        _setattr('levels', __attr_converter_levels(levels))
        _setattr('percent_of', percent_of)
        _setattr('rm', rm)
        _setattr('measured', measured)
        if _config._run_validators is True:
            __attr_validator_description(self, __attr_description, self.description)
            __attr_validator_amount(self, __attr_amount, self.amount)
            __attr_validator_increment(self, __attr_increment, self.increment)
            __attr_validator_maximum(self, __attr_maximum, self.maximum)
            __attr_validator_level(self, __attr_level, self.level)
            __attr_validator_levels(self, __attr_levels, self.levels)
            __attr_validator_percent_of(self, __attr_percent_of, self.percent_of)
            __attr_validator_rm(self, __attr_rm, self.rm)
        self.__attrs_post_init__()

    return locals()


def _Tempo():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(eccentric={self.eccentric!r}, pause={self.pause!r}, concentric={self.concentric!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.eccentric == other.eccentric and
            self.pause == other.pause and
            self.concentric == other.concentric
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.eccentric,
                    self.pause,
                    self.concentric,
                ))
    def __init__(self, *, eccentric, pause=attr_dict['pause'].default, concentric):
        _setattr = _cached_setattr_get(self)
        _setattr('eccentric', eccentric)
        _setattr('pause', pause)
        _setattr('concentric', concentric)
        if _config._run_validators is True:
            __attr_validator_eccentric(self, __attr_eccentric, self.eccentric)
            __attr_validator_pause(self, __attr_pause, self.pause)
            __attr_validator_concentric(self, __attr_concentric, self.concentric)

    return locals()


METHODS = {
    'Dosage': ('555fdf1ae6240c8f248714a65e7ef52b0992feeddc619603c37cd98233a39a43', _Dosage),
    'Frequency': ('cc09455c03c4df1819a7de8b058f5bd64d6197868928b3a32c8cfb9f0f000c76', _Frequency),
    'Intensity': ('0fd070399fb4d093d379c56c5a75f756228e9635870fa98160467c4da0aa6d32', _Intensity),
    'Load': ('eb515f10cfd8046474590c41cd9ac4095d010a4620e8d145d08ce3d00660c103', _Load),
    'Tempo': ('8f07765bdb667662d75737b145de275beb0a960c4abd90ee284d5640763c320f', _Tempo),
}
