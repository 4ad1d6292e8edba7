"""Where a protocol comes from: codes, the condition, people and references."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs
from attrs import field, frozen

from rehabkit._core.errors import FieldError
from rehabkit._core.public import present_as_public
from rehabkit._model.fields import (
    MAX_NAME,
    _optional_date,
    _optional_member,
    _optional_text,
    _optional_text_within,
    _text,
    _text_within,
    _texts,
    _to_date,
    _to_laterality,
    _tuple,
)
from rehabkit._model.terms import Laterality

__all__ = ["Code", "Condition", "Person", "Reference"]

# --------------------------------------------------------------------------- provenance


# FHIR's code type, and a uri: what a receiving system accepts (issue 11).
_FHIR_CODE = re.compile(r"[^\s]+( [^\s]+)*")
_URI = re.compile(r"\S+")


def _shaped(pattern: re.Pattern[str], what: str) -> Any:
    def check(_: object, a: attrs.Attribute[Any], value: str) -> None:
        if isinstance(value, str) and not pattern.fullmatch(value):
            raise FieldError(a.name, f"{a.name} {value!r} is not {what}")

    return check


@frozen(kw_only=True)
class Code:
    """A code from a terminology (ICD-10-CM, SNOMED CT, ...), possibly for one side.
    ``code`` and ``system`` follow FHIR's code and uri types: no stray whitespace.

    :param system: The code system URI, e.g. http://hl7.org/fhir/sid/icd-10-cm; no spaces.
    :param code: The code: no leading, trailing or doubled spaces (FHIR's code type).
    :param display: Its display text.
    :param laterality: The side the code is for, if it depends on the side.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    system: str = field(validator=[_text, _shaped(_URI, "a URI (it has whitespace)")])
    code: str = field(
        validator=[_text, _shaped(_FHIR_CODE, "a code: no leading, trailing or doubled spaces")]
    )
    display: str = field(validator=_text)
    laterality: Laterality | None = field(
        default=None,
        converter=attrs.converters.optional(_to_laterality),
        validator=_optional_member(Laterality),
    )


@frozen(kw_only=True)
class Condition:
    """The condition a protocol treats. ``body_site`` (1.1) is where, as a SNOMED CT body
    structure without a side: a plan adds the side it treats.

    :param name: Its name.
    :param description: What it is, in plain words.
    :param aliases: Other names.
    :param codes: Codes in standard terminologies.
    :param body_site: Where the condition is, as a SNOMED CT body structure without a side (format
        1.1): a plan adds the side it treats.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    name: str = field(validator=_text)
    description: str = field(validator=_text)
    aliases: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    codes: tuple[Code, ...] = field(default=(), converter=_tuple)
    body_site: Code | None = None

    def code_for(self, system: str, laterality: Laterality) -> Code | None:
        """The code in ``system`` for ``laterality``, falling back to an unspecified side."""
        exact = [c for c in self.codes if c.system == system and c.laterality is laterality]
        loose = [
            c
            for c in self.codes
            if c.system == system and c.laterality in (None, Laterality.UNSPECIFIED)
        ]
        found = exact or loose
        return found[0] if found else None


@frozen(kw_only=True)
class Person:
    """An author or reviewer.

    :param name: Full name.
    :param role: Role or qualification.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    name: str = field(validator=_text_within(MAX_NAME))
    role: str | None = field(default=None, validator=_optional_text_within(MAX_NAME))


@frozen(kw_only=True)
class Reference:
    """A source the protocol cites. ``secondary`` marks facts seen only in a summary.

    :param id: A stable identifier: lower-case letters, digits and hyphens.
    :param title: Title.
    :param authors: Authors, as cited.
    :param publisher: Publisher or journal.
    :param date: Publication or last-updated date.
    :param url: Where to read it.
    :param doi: Its DOI, without the https://doi.org/ prefix.
    :param note: What the protocol takes from it.
    :param secondary: True if its facts were seen only in a secondary summary.
    :param editorial: True for the entry that stands for the protocol's editors' own choices,
        taken from no source (format 1.2); reports call what cites only it the editors'.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    id: str = field(validator=_text)
    title: str = field(validator=_text)
    authors: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    publisher: str | None = field(default=None, validator=_optional_text)
    date: dt.date | None = field(
        default=None, converter=attrs.converters.optional(_to_date), validator=_optional_date
    )
    url: str | None = field(default=None, validator=_optional_text)
    doi: str | None = field(default=None, validator=_optional_text)
    note: str | None = field(default=None, validator=_optional_text)
    secondary: bool = False
    editorial: bool = False

    def citation(self) -> str:
        """A one-line citation: authors. Title. Publisher; date. doi/url."""
        parts = []
        if self.authors:
            parts.append(", ".join(self.authors) + ".")
        parts.append(self.title + ".")
        tail = "; ".join(
            x for x in (self.publisher, self.date.isoformat() if self.date else None) if x
        )
        if tail:
            parts.append(tail + ".")
        if self.doi:
            parts.append(f"doi:{self.doi}")
        elif self.url:
            parts.append(self.url)
        return " ".join(parts)


present_as_public(globals())
