"""Translations of a protocol as data: which texts a patient reads (keyed by the protocol's
own ids), what a translation leaves out or names wrongly, and the protocol it makes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
from cattrs.errors import BaseValidationError

from rehabkit._core import resources as _resources
from rehabkit._core.errors import Problem, RehabkitError, ValidationError, format_path
from rehabkit._core.i18n import primary
from rehabkit._core.public import present_as_public
from rehabkit._documents.converter import converter, problems_from
from rehabkit._documents.schema import schema_problems
from rehabkit._model.protocol import Protocol
from rehabkit._model.translation import Translation

__all__ = ["source_texts", "translate", "translation_problems"]

# --------------------------------------------------------------------------- the keys

_TOP = ("title", "summary", "supervision", "disclaimer")
_EXERCISE_ONE = ("name", "starting_position", "feel")
_EXERCISE_MANY = ("steps", "easier", "harder", "safety")
_Path = tuple[str | int, ...]


def _one(key: str, path: _Path, value: Any) -> Iterator[tuple[str, _Path, str]]:
    if isinstance(value, str):
        yield key, path, value


def _many(key: str, path: _Path, values: Any) -> Iterator[tuple[str, _Path, str]]:
    for i, value in enumerate(values or ()):
        yield from _one(f"{key}[{i}]", (*path, i), value)


def _by_id(data: Mapping[str, Any], name: str) -> Iterator[tuple[str, _Path, Mapping[str, Any]]]:
    for i, item in enumerate(data.get(name) or ()):
        yield f"{name}[{item['id']}]", (name, i), item


def _exercise(key: str, path: _Path, ex: Mapping[str, Any]) -> Iterator[tuple[str, _Path, str]]:
    for name in _EXERCISE_ONE:
        yield from _one(f"{key}.{name}", (*path, name), ex.get(name))
    for name in _EXERCISE_MANY:
        yield from _many(f"{key}.{name}", (*path, name), ex.get(name))
    for i, item in enumerate(ex.get("equipment") or ()):
        where = (*path, "equipment", i)
        yield from _one(f"{key}.equipment[{i}].name", (*where, "name"), item.get("name"))
        yield from _many(
            f"{key}.equipment[{i}].alternatives", (*where, "alternatives"), item.get("alternatives")
        )
    for i, angle in enumerate(ex.get("joint_angles") or ()):
        where = (*path, "joint_angles", i, "note")
        yield from _one(f"{key}.joint_angles[{i}].note", where, angle.get("note"))
    for i, item in enumerate(ex.get("media") or ()):  # format 1.2
        yield from _one(f"{key}.media[{i}].alt", (*path, "media", i, "alt"), item.get("alt"))


def _guidance(guidance: Mapping[str, Any]) -> Iterator[tuple[str, _Path, str]]:
    yield from _one("pain_guidance.summary", ("pain_guidance", "summary"), guidance.get("summary"))
    for i, limit in enumerate(guidance.get("limits") or ()):
        where: _Path = ("pain_guidance", "limits", i, "description")
        yield from _one(f"pain_guidance.limits[{i}].description", where, limit.get("description"))
    flare = guidance.get("flare_up") or {}
    for name in ("advice", "restart", "contact"):
        at: _Path = ("pain_guidance", "flare_up", name)
        yield from _one(f"pain_guidance.flare_up.{name}", at, flare.get(name))


def _top(data: Mapping[str, Any]) -> Iterator[tuple[str, _Path, str]]:
    for name in _TOP:
        yield from _one(name, (name,), data.get(name))


def _condition(data: Mapping[str, Any]) -> Iterator[tuple[str, _Path, str]]:
    condition = data["condition"]
    yield from _one("condition.name", ("condition", "name"), condition.get("name"))
    yield from _many("condition.aliases", ("condition", "aliases"), condition.get("aliases"))


def _pain_guidance(data: Mapping[str, Any]) -> Iterator[tuple[str, _Path, str]]:
    yield from _guidance(data["pain_guidance"])


def _stop_criteria(data: Mapping[str, Any]) -> Iterator[tuple[str, _Path, str]]:
    for key, path, item in _by_id(data, "stop_criteria"):
        yield from _one(f"{key}.text", (*path, "text"), item.get("text"))


def _exercises(data: Mapping[str, Any]) -> Iterator[tuple[str, _Path, str]]:
    for key, path, ex in _by_id(data, "exercises"):
        yield from _exercise(key, path, ex)


def _phases(data: Mapping[str, Any]) -> Iterator[tuple[str, _Path, str]]:
    for key, path, phase in _by_id(data, "phases"):
        yield from _one(f"{key}.name", (*path, "name"), phase.get("name"))
        for i, c in enumerate(phase.get("entry_criteria") or ()):
            where = (*path, "entry_criteria", i, "description")
            yield from _one(f"{key}.entry_criteria[{i}].description", where, c.get("description"))


def _gates(data: Mapping[str, Any]) -> Iterator[tuple[str, _Path, str]]:
    """The start gate's and the outcome's words (format 1.2)."""
    for name in ("start", "outcome"):
        gate = data.get(name) or {}
        yield from _one(f"{name}.description", (name, "description"), gate.get("description"))
        for i, c in enumerate(gate.get("criteria") or ()):
            where = (name, "criteria", i, "description")
            yield from _one(f"{name}.criteria[{i}].description", where, c.get("description"))


def _progression_rules(data: Mapping[str, Any]) -> Iterator[tuple[str, _Path, str]]:
    for key, path, rule in _by_id(data, "progression_rules"):
        yield from _one(f"{key}.description", (*path, "description"), rule.get("description"))


def _events(data: Mapping[str, Any]) -> Iterator[tuple[str, _Path, str]]:
    for key, path, event in _by_id(data, "events"):
        yield from _one(f"{key}.name", (*path, "name"), event.get("name"))


def _escalation(data: Mapping[str, Any]) -> Iterator[tuple[str, _Path, str]]:
    escalation = data.get("escalation") or {}
    yield from _one("escalation.text", ("escalation", "text"), escalation.get("text"))


def _urgent_help(data: Mapping[str, Any]) -> Iterator[tuple[str, _Path, str]]:
    # Keyed by region, not by position; "*" for an entry that names no region.
    for i, entry in enumerate(data.get("urgent_help") or ()):
        key = f"urgent_help[{entry.get('region') or '*'}].text"
        yield from _one(key, ("urgent_help", i, "text"), entry.get("text"))


def _authors(data: Mapping[str, Any]) -> Iterator[tuple[str, _Path, str]]:
    """The authors' names (a group's name, such as "rehabkit editors", reads in the
    handout's language): optional, since a person's name stays as it is."""
    for i, author in enumerate(data.get("authors") or ()):
        yield from _one(f"authors[{i}].name", ("authors", i, "name"), author.get("name"))


# Texts a translation may translate and may leave as they are.
_OPTIONAL = (_authors,)


def _optional(data: Mapping[str, Any]) -> Iterator[tuple[str, _Path, str]]:
    for section in _OPTIONAL:
        yield from section(data)


# The protocol's parts that hold patient-facing texts, in document order.
_SECTIONS = (
    _top,
    _condition,
    _pain_guidance,
    _stop_criteria,
    _exercises,
    _phases,
    _gates,
    _progression_rules,
    _events,
    _escalation,
    _urgent_help,
)


def _entries(data: Mapping[str, Any]) -> Iterator[tuple[str, _Path, str]]:
    """(key, path in the data, text) of every patient-facing text, in document order."""
    for section in _SECTIONS:
        yield from section(data)


def _data(protocol: Protocol) -> dict[str, Any]:
    data: dict[str, Any] = converter.unstructure(protocol)
    return data


def source_texts(protocol: Protocol) -> dict[str, str]:
    """Every text of ``protocol`` a patient reads, by translation key, in document order.

    :param protocol: the protocol to translate.
    :returns: ``{key: text}``, e.g. ``{"exercises[wall-sit].name": "Wall sit", ...}``.
    """
    return {key: text for key, _, text in _entries(_data(protocol))}


# --------------------------------------------------------------------------- checking


# Every {...} of a text, not only the ones the model knows today: a translation that adds
# one ({x}) or loses one changes what the handout says, and an unknown one cannot be filled.
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def _identity_problems(translation: Translation, protocol: Protocol) -> list[Problem]:
    """Whether ``translation`` is of this protocol, and of this version of it."""
    problems = []
    if translation.protocol != protocol.id:
        problems.append(
            Problem("protocol", f"translates {translation.protocol!r}, not {protocol.id!r}")
        )
    if translation.version != protocol.version:
        problems.append(
            Problem(
                "version",
                f"translates version {translation.version!r}; the protocol is"
                f" {protocol.version!r}: update the translation for the changes",
                translation.version,
            )
        )
    return problems


def _text_problem(key: str, path: _Path, text: str, given: str | None) -> Problem | None:
    """What is wrong with the translation ``given`` of one original ``text``, if anything."""
    if given is None:
        return Problem(f"text.{key}", f"not translated ({format_path(path)}: {text!r})")
    if _placeholders(given) != _placeholders(text):
        keep = ", ".join(sorted(_placeholders(text))) or "none"
        return Problem(f"text.{key}", f"must keep the placeholders of the original ({keep})")
    return None


# The editors' choice: a translation whose texts are, for more than half of them, the
# original text unchanged is a copy of the original, not a translation. Some texts may stay
# as they are (a name, a number, "{leg}"), so one equal text is no problem.
UNTRANSLATED_SHARE = 0.5


def _same(given: str, text: str) -> bool:
    return " ".join(given.split()).casefold() == " ".join(text.split()).casefold()


def _untranslated_problems(translation: Translation, originals: Mapping[str, str]) -> list[Problem]:
    """A translation into another language that leaves most texts as they were."""
    if primary(translation.language) == "en":
        return []  # the originals are English: an English version may keep them
    given = {k: t for k, t in translation.text.items() if k in originals}
    same = sum(_same(t, originals[k]) for k, t in given.items())
    if not given or same <= UNTRANSLATED_SHARE * len(given):
        return []
    message = (
        f"translation untranslated: {same} of {len(given)} texts are the original unchanged"
        f" (more than {UNTRANSLATED_SHARE:.0%} may not be)"
    )
    return [Problem("text", message, same)]


def _key_problems(
    translation: Translation,
    found: Mapping[str, tuple[_Path, str]],
    optional: Mapping[str, tuple[_Path, str]],
    protocol_id: str,
) -> list[Problem]:
    """Each text missing or wrong (an optional one only when given), and each key that
    matches nothing."""
    given = {**found, **{k: v for k, v in optional.items() if k in translation.text}}
    problems = [
        problem
        for key, (path, text) in given.items()
        if (problem := _text_problem(key, path, text, translation.text.get(key))) is not None
    ]
    return problems + [
        Problem(f"text.{key}", f"matches no patient-facing text of {protocol_id}", key)
        for key in translation.text
        if key not in found and key not in optional
    ]


def translation_problems(translation: Translation, protocol: Protocol) -> list[Problem]:
    """Every way ``translation`` fails ``protocol``: another protocol or version, a text left
    untranslated, a key that matches nothing, a ``{leg}`` placeholder lost or added.

    :param translation: the translation to check.
    :param protocol: the protocol it translates.
    :returns: every problem, with its path (``text.exercises[wall-sit].steps[0]``).
    """
    found = {key: (path, text) for key, path, text in _entries(_data(protocol))}
    optional = {key: (path, text) for key, path, text in _optional(_data(protocol))}
    problems = _identity_problems(translation, protocol) + _key_problems(
        translation, found, optional, protocol.id
    )
    problems += _untranslated_problems(translation, {k: t for k, (_, t) in found.items()})
    # Only a translation with every text in place can make a protocol to check.
    return problems or _translated_problems(translation, protocol)


def _translated_data(protocol: Protocol, translation: Translation) -> dict[str, Any]:
    data = _data(protocol)
    for key, path, _ in list(_entries(data)):
        _put(data, path, translation.text[key])
    for key, path, _ in list(_optional(data)):
        if key in translation.text:
            _put(data, path, translation.text[key])
    return data


def _translated_problems(translation: Translation, protocol: Protocol) -> list[Problem]:
    """The problems of the protocol the translation makes, each at the translated text it
    comes from: a text the model refuses (a control character, an unknown placeholder)
    or the schema does (too long) makes a translation that validates but cannot export."""
    data = _translated_data(protocol, translation)
    found = schema_problems(data, "protocol")
    if not found:
        try:
            converter.structure(data, Protocol)
        except ValidationError as exc:
            found = exc.problems
        except (BaseValidationError, ValueError, TypeError) as exc:
            found = problems_from(exc)
    keys = {format_path(path): key for key, path, _ in [*_entries(data), *_optional(data)]}
    return [_at_key(problem, keys) for problem in found]


def _at_key(problem: Problem, keys: Mapping[str, str]) -> Problem:
    """``problem`` of the translated protocol, moved to the text key it is found at (or the
    list of texts, ``exercises[wall-sit].steps``, when the model names the whole list)."""
    key = keys.get(problem.path) or _list_key(problem.path, keys)
    where = f"text.{key}" if key is not None else "text"
    said = problem.message if key is not None else f"{problem.path}: {problem.message}"
    return Problem(where, f"the translated text is refused: {said}", problem.value)


def _list_key(path: str, keys: Mapping[str, str]) -> str | None:
    # "exercises[0].steps" holds "exercises[0].steps[0]", keyed "exercises[wall-sit].steps[0]".
    for data_path, key in keys.items():
        if data_path.startswith(f"{path}[") and key.endswith("]"):
            return key[: key.rindex("[")]
    return None


# --------------------------------------------------------------------------- applying


def _put(data: Any, path: _Path, value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def translate(protocol: Protocol, translation: Translation) -> Protocol:
    """``protocol`` in the translation's language: every patient-facing text replaced, the
    ``language`` set, and a note of who translated it and whether a clinician reviewed it.

    :param protocol: the protocol, in its own language.
    :param translation: a translation of exactly this protocol version.
    :returns: the translated protocol (ids, numbers and rules unchanged).
    :raises ValidationError: listing every problem ``translation_problems`` finds.
    """
    problems = translation_problems(translation, protocol)
    if problems:
        raise ValidationError(problems, f"{translation.language} translation of {protocol.id}")
    translated = converter.structure(_translated_data(protocol, translation), Protocol)
    return attrs.evolve(
        translated,
        language=translation.language,
        translation=translation.note(protocol.language),
    )


# --------------------------------------------------------------------------- bundled


def bundled_languages(protocol_id: str) -> tuple[str, ...]:
    """The languages rehabkit ships a translation of ``protocol_id`` in."""
    return tuple(lang for pid, lang in _resources.bundled_translations() if pid == protocol_id)


def bundled_translation(protocol: Protocol, language: str) -> Translation:
    """The translation rehabkit ships of ``protocol`` into ``language``.

    :param protocol: the protocol to translate.
    :param language: a BCP 47 tag; its language (``es`` of ``es-MX``) picks the file.
    :returns: the translation, checked against its schema.
    :raises RehabkitError: naming the languages there are, if there is none for it.
    """
    wanted = primary(language)
    entry = _resources.bundled_translations().get((protocol.id, wanted))
    if entry is None:
        have = ", ".join(bundled_languages(protocol.id)) or "none"
        raise RehabkitError(
            f"no {wanted!r} translation of {protocol.id} is bundled (bundled: {have}):"
            " give a translation of it (translation=, or --translation FILE; docs/languages.md)"
        )
    data = json.loads(entry.read_text(encoding="utf-8"))
    problems = schema_problems(data, "translation")
    if problems:
        raise ValidationError(problems, entry.name)
    return _structure(data)


def _structure(data: Mapping[str, Any]) -> Translation:
    body = {k: v for k, v in data.items() if k != "$schema"}
    return converter.structure(body, Translation)


present_as_public(globals())
