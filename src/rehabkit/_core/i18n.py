"""The language rehabkit's own words are written in: gettext catalogs (compiled from
``locale/*/LC_MESSAGES/rehabkit.po`` by Babel, read by the standard library) and Babel's
dates and numbers, for one language at a time, set per call by ``speaking``.

English is the source language and needs no catalog. The language is a context variable,
so that threads and asyncio tasks each keep their own: a batch's workers may write
handouts in several languages at once.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rehabkit._core.errors import RehabkitError
from rehabkit._core.extras import needs_extra
from rehabkit._core.resources import package_file

if TYPE_CHECKING:  # gettext loads with the first catalog: English and a cached protocol need none
    import gettext as _gettext

DOMAIN = "rehabkit"
SOURCE_LANGUAGE = "en"

_language: contextvars.ContextVar[str] = contextvars.ContextVar(
    "rehabkit_language", default=SOURCE_LANGUAGE
)


def _locale_dir() -> str:
    return str(package_file("locale"))


@functools.cache
def interface_languages() -> tuple[str, ...]:
    """The languages rehabkit's own words are available in: English and each catalog."""
    folder = package_file("locale")
    found = [
        entry.name
        for entry in folder.iterdir()
        if (entry / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
    ]
    return (SOURCE_LANGUAGE, *sorted(found))


def primary(tag: str) -> str:
    """The language of a BCP 47 tag, lower case: ``es`` of ``es-MX``."""
    return tag.partition("-")[0].lower()


@functools.cache
def _catalog(language: str) -> _gettext.NullTranslations:
    import gettext as _gettext

    if language == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=_locale_dir(), languages=[language])


# Languages written right to left (their primary subtags): the page mirrors for them.
_RIGHT_TO_LEFT = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"}
)


def is_right_to_left(tag: str) -> bool:
    """Whether the language of ``tag`` is written right to left (Arabic, Urdu, Hebrew...)."""
    return primary(tag) in _RIGHT_TO_LEFT


def check_language(tag: str) -> str:
    """The interface language for a document in ``tag``, or a RehabkitError saying which
    languages there are."""
    language = primary(tag)
    if language not in interface_languages():
        have = ", ".join(interface_languages())
        raise RehabkitError(
            f"rehabkit's own words are not translated into {tag!r} (there are: {have});"
            " docs/languages.md says how to add a language"
        )
    return language


@contextlib.contextmanager
def speaking(tag: str) -> Iterator[str]:
    """Within the block, rehabkit's words are in the language of ``tag`` where it has a
    catalog, else in English (a protocol written in a language rehabkit's own words are
    not translated into prints as it always did); yields the language used."""
    language = primary(tag)
    if language not in interface_languages():
        language = SOURCE_LANGUAGE
    token = _language.set(language)
    try:
        yield language
    finally:
        _language.reset(token)


def current_language() -> str:
    """The language rehabkit's words are in now (within ``speaking``)."""
    return _language.get()


def gettext(message: str) -> str:
    """``message`` in the current language."""
    return _catalog(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for ``count`` in the current language (Arabic has six)."""
    return _catalog(_language.get()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks ``message`` for translation where it is defined; translate it where it is
    used, with ``gettext``."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular and plural pair for translation where it is defined; pass it to
    ``ngettext`` where it is used."""
    return singular, plural


# --------------------------------------------------------------------------- dates, numbers


# Babel is in both the html and the pdf extra; a PDF export has already needed the pdf
# extra's other modules, so the one left to name is html.
_BABEL_PURPOSE = "writing dates and numbers in another language than English (Babel)"


def _babel_locale() -> str | None:
    """Babel's locale for the current language; None for English, whose formats are
    rehabkit's own (the same with or without Babel installed)."""
    language = _language.get()
    return None if language == SOURCE_LANGUAGE else language


def format_long_date(day: dt.date) -> str:
    """A date in full: "1 December 2026", "1 de diciembre de 2026"."""
    locale = _babel_locale()
    if locale is None:
        return f"{day.day} {day:%B %Y}"
    with needs_extra("html", _BABEL_PURPOSE):
        from babel.dates import format_date

    return str(format_date(day, "long", locale=locale))


def format_short_date(day: dt.date) -> str:
    """A date in a log's first column: "Tue 1 Dec", "mar 1 dic"."""
    locale = _babel_locale()
    if locale is None:
        return f"{day:%a} {day.day} {day:%b}"
    with needs_extra("html", _BABEL_PURPOSE):
        from babel.dates import format_skeleton

    return str(format_skeleton("MMMEd", day, locale=locale))


def format_number(value: float) -> str:
    """A number as the language writes it: 2.5, "2,5"."""
    locale = _babel_locale()
    if locale is None:
        return f"{value:g}"
    with needs_extra("html", _BABEL_PURPOSE):
        from babel.numbers import format_decimal

    return str(format_decimal(value, locale=locale))


def _by_skeleton(day: dt.date, skeleton: str, plain: str) -> str:
    """``day`` as Babel writes the date ``skeleton`` in the current language, or ``plain``
    (strftime's English) where no locale is set."""
    locale = _babel_locale()
    if locale is None:
        return f"{day:{plain}}"
    with needs_extra("html", _BABEL_PURPOSE):
        from babel.dates import format_skeleton

    return str(format_skeleton(skeleton, day, locale=locale))


def format_day_of_month(day: dt.date) -> str:
    """A log row's day where its month is said in a heading above: "Tue 1", "mar 1"."""
    return _by_skeleton(day, "Ed", f"%a {day.day}")


def format_month(day: dt.date) -> str:
    """A month and its year, as a heading: "December 2026", "Diciembre de 2026"."""
    words = _by_skeleton(day, "yMMMM", "%B %Y")
    # Babel writes a month in the middle of a sentence ("diciembre"); a heading starts
    # with a capital, as a Spanish calendar's does.
    return words[:1].upper() + words[1:]


def format_weekday(day: dt.date) -> str:
    """A day's weekday, short, as a log's column heads it above the day's number: "Tue",
    "mar"."""
    return _by_skeleton(day, "E", "%a")


def format_day_and_month(day: dt.date) -> str:
    """A date within its year, where the year is said after it: "29 December", "29 de
    diciembre"."""
    return _by_skeleton(day, "dMMMM", f"{day.day} %B")
