"""attrs' methods for the classes of ``rehabkit._model.translation``, as the text attrs writes for them.

Written by scripts/update-model-methods; do not edit (see ``rehabkit._model.methods``).
"""

# mypy: ignore-errors
# fmt: off

# attrs compiles its text under this future import of its own module: so are these.
from __future__ import annotations


def _Translation():
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.protocol == other.protocol and
            self.version == other.version and
            self.language == other.language and
            self.translator == other.translator and
            self.reviewed == other.reviewed and
            self.reviewer == other.reviewer and
            self.text == other.text
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.protocol,
                    self.version,
                    self.language,
                    self.translator,
                    self.reviewed,
                    self.reviewer,
                ))
    def __init__(self, *, protocol, version, language, translator, reviewed=attr_dict['reviewed'].default, reviewer=attr_dict['reviewer'].default, text=NOTHING):
        _setattr = _cached_setattr_get(self)
        _setattr('protocol', protocol)
        _setattr('version', version)
        _setattr('language', language)
        _setattr('translator', translator)
        _setattr('reviewed', reviewed)
        _setattr('reviewer', reviewer)
        if text is not NOTHING:
            _setattr('text', __attr_converter_text(text))
        else:
            _setattr('text', __attr_converter_text(__attr_factory_text()))
        if _config._run_validators is True:
            __attr_validator_protocol(self, __attr_protocol, self.protocol)
            __attr_validator_version(self, __attr_version, self.version)
            __attr_validator_language(self, __attr_language, self.language)

    return locals()


METHODS = {
    'Translation': ('6393d4a97af74f84097f66d446e33c1f722a4d20dbec12afbe434a97c9cc72c8', _Translation),
}
