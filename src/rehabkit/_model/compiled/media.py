"""attrs' methods for the classes of ``rehabkit._model.media``, as the text attrs writes for them.

Written by scripts/update-model-methods; do not edit (see ``rehabkit._model.methods``).
"""

# mypy: ignore-errors
# fmt: off

# attrs compiles its text under this future import of its own module: so are these.
from __future__ import annotations


def _Media():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(video={self.video!r}, licence={self.licence!r}, attribution={self.attribution!r}, alt={self.alt!r}, use={self.use!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.image == other.image and
            self.video == other.video and
            self.licence == other.licence and
            self.attribution == other.attribution and
            self.alt == other.alt and
            self.use == other.use
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.image,
                    self.video,
                    self.licence,
                    self.attribution,
                    self.alt,
                    self.use,
                ))
    def __init__(self, *, image=attr_dict['image'].default, video=attr_dict['video'].default, licence, attribution, alt, use=attr_dict['use'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('image', image)
        _setattr('video', video)
        _setattr('licence', licence)
        _setattr('attribution', attribution)
        _setattr('alt', alt)
        _setattr('use', __attr_converter_use(use))
        if _config._run_validators is True:
            __attr_validator_image(self, __attr_image, self.image)
            __attr_validator_video(self, __attr_video, self.video)
            __attr_validator_licence(self, __attr_licence, self.licence)
            __attr_validator_attribution(self, __attr_attribution, self.attribution)
            __attr_validator_alt(self, __attr_alt, self.alt)
            __attr_validator_use(self, __attr_use, self.use)
        self.__attrs_post_init__()

    return locals()


METHODS = {
    'Media': ('f7b198859dba46b9349127da18cba6f647ad8003e4b2cbce502cee8046e29e77', _Media),
}
