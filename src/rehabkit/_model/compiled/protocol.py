"""attrs' methods for the classes of ``rehabkit._model.protocol``, as the text attrs writes for them.

Written by scripts/update-model-methods; do not edit (see ``rehabkit._model.methods``).
"""

# mypy: ignore-errors
# fmt: off

# attrs compiles its text under this future import of its own module: so are these.
from __future__ import annotations


def _Protocol():
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.id == other.id and
            self.version == other.version and
            self.title == other.title and
            self.summary == other.summary and
            self.language == other.language and
            self.condition == other.condition and
            self.authors == other.authors and
            self.last_reviewed == other.last_reviewed and
            self.sources == other.sources and
            self.supervision == other.supervision and
            self.disclaimer == other.disclaimer and
            self.duration == other.duration and
            self.default_dosage == other.default_dosage and
            self.pain_guidance == other.pain_guidance and
            self.stop_criteria == other.stop_criteria and
            self.measurements == other.measurements and
            self.phases == other.phases and
            self.exercises == other.exercises and
            self.progression_rules == other.progression_rules and
            self.based_on == other.based_on and
            self.events == other.events and
            self.escalation == other.escalation and
            self.urgent_help == other.urgent_help and
            self.translation == other.translation and
            self.reporting == other.reporting and
            self.example == other.example and
            self.start == other.start and
            self.outcome == other.outcome
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.id,
                    self.version,
                    self.title,
                    self.summary,
                    self.language,
                    self.condition,
                    self.authors,
                    self.last_reviewed,
                    self.sources,
                    self.supervision,
                    self.disclaimer,
                    self.duration,
                    self.default_dosage,
                    self.pain_guidance,
                    self.stop_criteria,
                    self.measurements,
                    self.phases,
                    self.exercises,
                    self.progression_rules,
                    self.based_on,
                    self.events,
                    self.escalation,
                    self.urgent_help,
                    self.translation,
                    self.reporting,
                    self.example,
                    self.start,
                    self.outcome,
                ))
    def __init__(self, *, id, version, title, summary=attr_dict['summary'].default, language=attr_dict['language'].default, condition, authors, last_reviewed, sources, supervision, disclaimer, duration=attr_dict['duration'].default, default_dosage=attr_dict['default_dosage'].default, pain_guidance, stop_criteria=attr_dict['stop_criteria'].default, measurements=attr_dict['measurements'].default, phases=attr_dict['phases'].default, exercises, progression_rules=attr_dict['progression_rules'].default, based_on=attr_dict['based_on'].default, events=attr_dict['events'].default, escalation=attr_dict['escalation'].default, urgent_help=attr_dict['urgent_help'].default, translation=attr_dict['translation'].default, reporting=attr_dict['reporting'].default, example=attr_dict['example'].default, start=attr_dict['start'].default, outcome=attr_dict['outcome'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('id', id)
        _setattr('version', version)
        _setattr('title', title)
        _setattr('summary', summary)
        _setattr('language', language)
        _setattr('condition', condition)
        _setattr('authors', __attr_converter_authors(authors))
        _setattr('last_reviewed', __attr_converter_last_reviewed(last_reviewed))
        _setattr('sources', __attr_converter_sources(sources))
        _setattr('supervision', supervision)
        _setattr('disclaimer', disclaimer)
        _setattr('duration', duration)
        _setattr('default_dosage', default_dosage)
        _setattr('pain_guidance', pain_guidance)
        _setattr('stop_criteria', __attr_converter_stop_criteria(stop_criteria))
        _setattr('measurements', __attr_converter_measurements(measurements))
        _setattr('phases', __attr_converter_phases(phases))
        _setattr('exercises', __attr_converter_exercises(exercises))
        _setattr('progression_rules', __attr_converter_progression_rules(progression_rules))
        _setattr('based_on', based_on)
        _setattr('events', __attr_converter_events(events))
        _setattr('escalation', escalation)
        _setattr('urgent_help', __attr_converter_urgent_help(urgent_help))
        _setattr('translation', translation)
        _setattr('reporting', reporting)
        _setattr('example', example)
        _setattr('start', start)
        _setattr('outcome', outcome)
        if _config._run_validators is True:
            __attr_validator_id(self, __attr_id, self.id)
            __attr_validator_version(self, __attr_version, self.version)
            __attr_validator_title(self, __attr_title, self.title)
            __attr_validator_summary(self, __attr_summary, self.summary)
            __attr_validator_language(self, __attr_language, self.language)
            __attr_validator_last_reviewed(self, __attr_last_reviewed, self.last_reviewed)
            __attr_validator_supervision(self, __attr_supervision, self.supervision)
            __attr_validator_disclaimer(self, __attr_disclaimer, self.disclaimer)
            __attr_validator_duration(self, __attr_duration, self.duration)
            __attr_validator_based_on(self, __attr_based_on, self.based_on)
            __attr_validator_example(self, __attr_example, self.example)
        self.__attrs_post_init__()

    return locals()


def _TranslationNote():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(from_language={self.from_language!r}, translator={self.translator!r}, reviewed={self.reviewed!r}, reviewer={self.reviewer!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.from_language == other.from_language and
            self.translator == other.translator and
            self.reviewed == other.reviewed and
            self.reviewer == other.reviewer
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.from_language,
                    self.translator,
                    self.reviewed,
                    self.reviewer,
                ))
    def __init__(self, *, from_language, translator, reviewed=attr_dict['reviewed'].default, reviewer=attr_dict['reviewer'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('from_language', from_language)
        _setattr('translator', translator)
        _setattr('reviewed', reviewed)
        _setattr('reviewer', reviewer)
        if _config._run_validators is True:
            __attr_validator_from_language(self, __attr_from_language, self.from_language)
            __attr_validator_reviewed(self, __attr_reviewed, self.reviewed)

    return locals()


METHODS = {
    'Protocol': ('825f93d5693d0fdf0036c1f116103d6e23c0d5075c16964dd64c5cb33238ef72', _Protocol),
    'TranslationNote': ('f148f90f7c0951d55bb1ff6637124c90a20ba1140526cfcbd540cb4b218e06a5', _TranslationNote),
}
