"""attrs' methods for the classes of ``rehabkit._model.provenance``, as the text attrs writes for them.

Written by scripts/update-model-methods; do not edit (see ``rehabkit._model.methods``).
"""

# mypy: ignore-errors
# fmt: off

# attrs compiles its text under this future import of its own module: so are these.
from __future__ import annotations


def _Code():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(system={self.system!r}, code={self.code!r}, display={self.display!r}, laterality={self.laterality!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.system == other.system and
            self.code == other.code and
            self.display == other.display and
            self.laterality == other.laterality
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.system,
                    self.code,
                    self.display,
                    self.laterality,
                ))
    def __init__(self, *, system, code, display, laterality=attr_dict['laterality'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('system', system)
        _setattr('code', code)
        _setattr('display', display)
        _setattr('laterality', __attr_converter_laterality(laterality))
        if _config._run_validators is True:
            __attr_validator_system(self, __attr_system, self.system)
            __attr_validator_code(self, __attr_code, self.code)
            __attr_validator_display(self, __attr_display, self.display)
            __attr_validator_laterality(self, __attr_laterality, self.laterality)

    return locals()


def _Condition():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(name={self.name!r}, description={self.description!r}, aliases={self.aliases!r}, codes={self.codes!r}, body_site={self.body_site!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.name == other.name and
            self.description == other.description and
            self.aliases == other.aliases and
            self.codes == other.codes and
            self.body_site == other.body_site
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.name,
                    self.description,
                    self.aliases,
                    self.codes,
                    self.body_site,
                ))
    def __init__(self, *, name, description, aliases=attr_dict['aliases'].default, codes=attr_dict['codes'].default, body_site=attr_dict['body_site'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('name', name)
        _setattr('description', description)
        _setattr('aliases', __attr_converter_aliases(aliases))
        _setattr('codes', __attr_converter_codes(codes))
        _setattr('body_site', body_site)
        if _config._run_validators is True:
            __attr_validator_name(self, __attr_name, self.name)
            __attr_validator_description(self, __attr_description, self.description)
            __attr_validator_aliases(self, __attr_aliases, self.aliases)

    return locals()


def _Person():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(name={self.name!r}, role={self.role!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.name == other.name and
            self.role == other.role
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.name,
                    self.role,
                ))
    def __init__(self, *, name, role=attr_dict['role'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('name', name)
        _setattr('role', role)
        if _config._run_validators is True:
            __attr_validator_name(self, __attr_name, self.name)
            __attr_validator_role(self, __attr_role, self.role)

    return locals()


def _Reference():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(id={self.id!r}, title={self.title!r}, authors={self.authors!r}, publisher={self.publisher!r}, date={self.date!r}, url={self.url!r}, doi={self.doi!r}, note={self.note!r}, secondary={self.secondary!r}, editorial={self.editorial!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.id == other.id and
            self.title == other.title and
            self.authors == other.authors and
            self.publisher == other.publisher and
            self.date == other.date and
            self.url == other.url and
            self.doi == other.doi and
            self.note == other.note and
            self.secondary == other.secondary and
            self.editorial == other.editorial
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.id,
                    self.title,
                    self.authors,
                    self.publisher,
                    self.date,
                    self.url,
                    self.doi,
                    self.note,
                    self.secondary,
                    self.editorial,
                ))
    def __init__(self, *, id, title, authors=attr_dict['authors'].default, publisher=attr_dict['publisher'].default, date=attr_dict['date'].default, url=attr_dict['url'].default, doi=attr_dict['doi'].default, note=attr_dict['note'].default, secondary=attr_dict['secondary'].default, editorial=attr_dict['editorial'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('id', id)
        _setattr('title', title)
        _setattr('authors', __attr_converter_authors(authors))
        _setattr('publisher', publisher)
        _setattr('date', __attr_converter_date(date))
        _setattr('url', url)
        _setattr('doi', doi)
        _setattr('note', note)
        _setattr('secondary', secondary)
        _setattr('editorial', editorial)
        if _config._run_validators is True:
            __attr_validator_id(self, __attr_id, self.id)
            __attr_validator_title(self, __attr_title, self.title)
            __attr_validator_authors(self, __attr_authors, self.authors)
            __attr_validator_publisher(self, __attr_publisher, self.publisher)
            __attr_validator_date(self, __attr_date, self.date)
            __attr_validator_url(self, __attr_url, self.url)
            __attr_validator_doi(self, __attr_doi, self.doi)
            __attr_validator_note(self, __attr_note, self.note)

    return locals()


METHODS = {
    'Code': ('d124aa78f76a6571323876a3f419c8fdbb011e39a017273e6e2fa114a32d9d66', _Code),
    'Condition': ('7d29dc13f84327f057ffce86728ecda24a276ee741a6df69b569a636890617d5', _Condition),
    'Person': ('118ba5a848a48cfa0d3b0d163b4250ed07472b9afdffbc50c827d7c111a097a7', _Person),
    'Reference': ('1f19f68ff8b39d8da244800d2518fccabae8275fd27fcb02f8a6ff719c3bc60b', _Reference),
}
