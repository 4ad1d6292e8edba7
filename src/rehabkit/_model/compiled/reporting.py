"""attrs' methods for the classes of ``rehabkit._model.reporting``, as the text attrs writes for them.

Written by scripts/update-model-methods; do not edit (see ``rehabkit._model.methods``).
"""

# mypy: ignore-errors
# fmt: off

# attrs compiles its text under this future import of its own module: so are these.
from __future__ import annotations


def _Reporting():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(provider={self.provider!r}, format={self.format!r}, supervision={self.supervision!r}, delivery={self.delivery!r}, adherence={self.adherence!r}, motivation={self.motivation!r}, home_programme={self.home_programme!r}, non_exercise={self.non_exercise!r}, adverse_events={self.adverse_events!r}, setting={self.setting!r}, tailoring={self.tailoring!r}, starting_level={self.starting_level!r}, fidelity={self.fidelity!r}, rationale={self.rationale!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.provider == other.provider and
            self.format == other.format and
            self.supervision == other.supervision and
            self.delivery == other.delivery and
            self.adherence == other.adherence and
            self.motivation == other.motivation and
            self.home_programme == other.home_programme and
            self.non_exercise == other.non_exercise and
            self.adverse_events == other.adverse_events and
            self.setting == other.setting and
            self.tailoring == other.tailoring and
            self.starting_level == other.starting_level and
            self.fidelity == other.fidelity and
            self.rationale == other.rationale
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.provider,
                    self.format,
                    self.supervision,
                    self.delivery,
                    self.adherence,
                    self.motivation,
                    self.home_programme,
                    self.non_exercise,
                    self.adverse_events,
                    self.setting,
                    self.tailoring,
                    self.starting_level,
                    self.fidelity,
                    self.rationale,
                ))
    def __init__(self, *, provider=attr_dict['provider'].default, format=attr_dict['format'].default, supervision=attr_dict['supervision'].default, delivery=attr_dict['delivery'].default, adherence=attr_dict['adherence'].default, motivation=attr_dict['motivation'].default, home_programme=attr_dict['home_programme'].default, non_exercise=attr_dict['non_exercise'].default, adverse_events=attr_dict['adverse_events'].default, setting=attr_dict['setting'].default, tailoring=attr_dict['tailoring'].default, starting_level=attr_dict['starting_level'].default, fidelity=attr_dict['fidelity'].default, rationale=attr_dict['rationale'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('provider', provider)
        _setattr('format', format)
        _setattr('supervision', supervision)
        _setattr('delivery', delivery)
        _setattr('adherence', adherence)
        _setattr('motivation', motivation)
        _setattr('home_programme', home_programme)
        _setattr('non_exercise', non_exercise)
        _setattr('adverse_events', adverse_events)
        _setattr('setting', setting)
        _setattr('tailoring', tailoring)
        _setattr('starting_level', starting_level)
        _setattr('fidelity', fidelity)
        _setattr('rationale', rationale)
        self.__attrs_post_init__()

    return locals()


def _Statement():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(kinds={self.kinds!r}, text={self.text!r}, not_reported={self.not_reported!r}, sources={self.sources!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.kinds == other.kinds and
            self.text == other.text and
            self.not_reported == other.not_reported and
            self.sources == other.sources
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.kinds,
                    self.text,
                    self.not_reported,
                    self.sources,
                ))
    def __init__(self, *, kinds=attr_dict['kinds'].default, text=attr_dict['text'].default, not_reported=attr_dict['not_reported'].default, sources=attr_dict['sources'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('kinds', __attr_converter_kinds(kinds))
        _setattr('text', text)
        _setattr('not_reported', not_reported)
        _setattr('sources', __attr_converter_sources(sources))
        if _config._run_validators is True:
            __attr_validator_text(self, __attr_text, self.text)
            __attr_validator_not_reported(self, __attr_not_reported, self.not_reported)
            __attr_validator_sources(self, __attr_sources, self.sources)
        self.__attrs_post_init__()

    return locals()


METHODS = {
    'Reporting': ('3d8f2c938d220d1724865176691ef3912643783cc0b2465101f1eaa356f58793', _Reporting),
    'Statement': ('41dadefefaaa282cbbd19e1295134ca8ad656ada051a690dadfaf924ed010e11', _Statement),
}
