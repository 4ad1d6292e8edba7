"""A translation of a protocol's patient-facing text into another language, as a document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from attrs import field, frozen

from rehabkit._core.errors import FieldError
from rehabkit._core.public import present_as_public
from rehabkit._model.fields import LANGUAGE_TAG, _text
from rehabkit._model.protocol import TranslationNote
from rehabkit._model.provenance import Person

__all__ = ["Translation"]


def _language(_: object, a: attrs.Attribute[Any], value: str) -> None:
    _text(_, a, value)
    if not LANGUAGE_TAG.fullmatch(value):
        raise FieldError(
            a.name, f"{a.name} must be a BCP 47 language tag such as es, not {value!r}"
        )


def _texts(value: Mapping[str, str]) -> dict[str, str]:
    return dict(value)


@frozen(kw_only=True)
class Translation:
    """The patient-facing text of one protocol version in another language.

    Keys are the fields' paths in the protocol, with the ids the protocol gives its
    items: ``title``, ``exercises[wall-sit].steps[0]``, ``stop_criteria[swelling].text``
    (``source_texts`` lists every key a protocol has, with its text).

    :param protocol: The id of the protocol translated.
    :param version: The version translated: a translation serves that version only.
    :param language: BCP 47 tag of the translation, e.g. ``es``.
    :param translator: Who translated it.
    :param reviewed: Whether a clinician has reviewed it; the handout says so either way.
    :param reviewer: The clinician who reviewed it (required when ``reviewed``).
    :param text: The translated text by key.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    protocol: str = field(validator=_text)
    version: str = field(validator=_text)
    language: str = field(validator=_language)
    translator: Person
    reviewed: bool = False
    reviewer: Person | None = None
    text: dict[str, str] = field(factory=dict, converter=_texts, hash=False)

    def __repr__(self) -> str:
        # One line at the prompt: which protocol, into what, how much, and whether checked.
        checked = "reviewed" if self.reviewed else "not reviewed"
        return (
            f"<Translation {self.language} of {self.protocol} {self.version}:"
            f" {len(self.text)} texts, {checked}>"
        )

    __str__ = __repr__

    def describe(self) -> str:
        """A few lines for a person: the protocol, the language, who translated it and
        whether a clinician has reviewed it."""
        who = self.translator.name + (f" ({self.translator.role})" if self.translator.role else "")
        review = (
            f"reviewed by {self.reviewer.name}"
            if self.reviewed and self.reviewer is not None
            else "not reviewed by a clinician"
        )
        return "\n".join(
            [
                f"{self.language} translation of {self.protocol} {self.version}",
                f"  {len(self.text)} texts, translated by {who}",
                f"  {review}",
            ]
        )

    def note(self, from_language: str) -> TranslationNote:
        """What the translated protocol records of this translation."""
        return TranslationNote(
            from_language=from_language,
            translator=self.translator,
            reviewed=self.reviewed,
            reviewer=self.reviewer,
        )


present_as_public(globals())
