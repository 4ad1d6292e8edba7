"""attrs' methods for the classes of ``rehabkit._model.units``, as the text attrs writes for them.

Written by scripts/update-model-methods; do not edit (see ``rehabkit._model.methods``).
"""

# mypy: ignore-errors
# fmt: off

# attrs compiles its text under this future import of its own module: so are these.
from __future__ import annotations


def _IntRange():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(low={self.low!r}, high={self.high!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.low == other.low and
            self.high == other.high
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.low,
                    self.high,
                ))
    def __init__(self, low, high):
        _setattr = _cached_setattr_get(self)
        _setattr('low', low)
        _setattr('high', high)
        if _config._run_validators is True:
            __attr_validator_low(self, __attr_low, self.low)
            __attr_validator_high(self, __attr_high, self.high)
        self.__attrs_post_init__()

    return locals()


def _Quantity():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(value={self.value!r}, unit={self.unit!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.value == other.value and
            self.unit == other.unit
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.value,
                    self.unit,
                ))
    def __init__(self, value, unit):
        _setattr = _cached_setattr_get(self)
        _setattr('value', value)
        _setattr('unit', __attr_converter_unit(unit))
        if _config._run_validators is True:
            __attr_validator_value(self, __attr_value, self.value)
            __attr_validator_unit(self, __attr_unit, self.unit)

    return locals()


def _Range():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(low={self.low!r}, high={self.high!r}, unit={self.unit!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.low == other.low and
            self.high == other.high and
            self.unit == other.unit
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.low,
                    self.high,
                    self.unit,
                ))
    def __init__(self, low, high, unit):
        _setattr = _cached_setattr_get(self)
        _setattr('low', low)
        _setattr('high', high)
        _setattr('unit', __attr_converter_unit(unit))
        if _config._run_validators is True:
            __attr_validator_low(self, __attr_low, self.low)
            __attr_validator_high(self, __attr_high, self.high)
            __attr_validator_unit(self, __attr_unit, self.unit)
        self.__attrs_post_init__()

    return locals()


METHODS = {
    'IntRange': ('b6dfa7ad6fce1503c4f2d68ba6aa742df74d00fb3758a3387f8adc5a36bd68de', _IntRange),
    'Quantity': ('f95c5b9f26cf2243bf042893d056390e1ce70ae9b921de07e82b658fb7b24cfb', _Quantity),
    'Range': ('0577512a7c67e236c5c7750c46b5b94b2fe0e8520306a6ddcf92f8cef12542e4', _Range),
}
