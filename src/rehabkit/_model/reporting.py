"""How a programme is delivered, for CERT and TIDieR reports (format 1.1)."""

from __future__ import annotations

from attrs import field, frozen

from rehabkit._core.errors import FieldError
from rehabkit._core.public import present_as_public
from rehabkit._model.fields import _flag, _optional_text, _texts, _tuple

__all__ = ["Reporting", "Statement"]

# --------------------------------------------------------------------------- reporting

#: The words each reporting item takes (format 1.1), after what CERT (Slade SC et al.,
#: Br J Sports Med 2016;50(23):1428-1437) and TIDieR (Hoffmann TC et al., BMJ
#: 2014;348:g1687) ask a report to say; the lists are the editors' own.
REPORTING_WORDS: dict[str, tuple[frozenset[str], int | None]] = {
    # item: (the words it takes, how many at most; None: any number)
    "provider": (
        frozenset({"physiotherapist", "doctor", "nurse", "exercise_physiologist",
                   "trainer", "surgeon", "self"}),
        None,
    ),
    "format": (frozenset({"individual", "group", "either"}), 1),
    "supervision": (frozenset({"supervised", "unsupervised", "mixed"}), 1),
    "delivery": (
        frozenset({"face_to_face", "written", "video", "telephone", "internet", "app"}), None
    ),
    "adherence": (
        frozenset({"exercise_log", "attendance", "diary", "app", "questionnaire"}), None
    ),
    "motivation": (
        frozenset({"goal_setting", "feedback", "self_monitoring", "reminders", "education",
                   "rewards"}),
        None,
    ),
    "home_programme": (frozenset({"whole", "part", "none"}), 1),
    "non_exercise": (
        frozenset({"education", "advice", "manual_therapy", "taping", "bracing", "orthoses",
                   "medication", "none"}),
        None,
    ),
    "adverse_events": (
        frozenset({"session_log", "clinician_review", "questionnaire"}), None
    ),
    "setting": (
        frozenset({"home", "clinic", "hospital", "gym", "community", "outdoors"}), None
    ),
    "tailoring": (frozenset({"generic", "tailored"}), 1),
    "starting_level": (frozenset(), 0),
    "fidelity": (
        frozenset({"exercise_log", "attendance", "clinician_review", "observation"}), None
    ),
    "rationale": (frozenset(), 0),
}  # fmt: skip


@frozen(kw_only=True)
class Statement:
    """What a protocol says about one reporting item (format 1.1): words from the item's
    list, free text beside them, or that its source does not report it.

    :param kinds: Words from the item's list (``REPORTING_WORDS``), e.g. ``["home"]``.
    :param text: The item in plain English, as the source gives it.
    :param not_reported: True when the source does not report this item; ``text`` may say
        what it does say. With ``kinds`` (format 1.2): the source reports what the words
        say and not the rest of the item, which ``text`` names.
    :param sources: Ids of the protocol's sources the answer comes from (format 1.2): the
        source it is based on, another cited source, or the editors' entry. A report says
        which.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    kinds: tuple[str, ...] = field(default=(), converter=_tuple)
    text: str | None = field(default=None, validator=_optional_text)
    not_reported: bool = field(default=False, validator=_flag)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)

    def __attrs_post_init__(self) -> None:
        if not (self.kinds or self.text or self.not_reported):
            raise FieldError("", "a statement needs kinds, text or not_reported")


@frozen(kw_only=True)
class Reporting:
    """How the programme is delivered, as an exercise report must say (format 1.1): the
    items of CERT and TIDieR the rest of the format does not answer. Each is optional;
    ``rehabkit report`` says which are given.

    :param provider: Who delivers or guides the programme, and their qualifications (CERT 2,
        TIDieR 5).
    :param format: Individual or group (CERT 3, TIDieR 6).
    :param supervision: Supervised or unsupervised, and how (CERT 4).
    :param delivery: How it reaches the patient: face to face, written, video... (TIDieR 6).
    :param adherence: How adherence is measured (CERT 5).
    :param motivation: Motivation strategies (CERT 6).
    :param home_programme: Whether the programme, or part of it, is done at home (CERT 9).
    :param non_exercise: Components beyond exercise, such as education (CERT 10).
    :param adverse_events: How adverse events are recorded (CERT 11).
    :param setting: Where the exercises are done (CERT 12, TIDieR 7).
    :param tailoring: Generic or tailored, and how it is tailored (CERT 14a, 14b, TIDieR 9).
    :param starting_level: The rule for the level each exercise starts at (CERT 15).
    :param fidelity: How adherence and fidelity are assessed (CERT 16a, TIDieR 11).
    :param rationale: Why the programme works: its rationale, theory or goal (TIDieR 2).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    provider: Statement | None = None
    format: Statement | None = None
    supervision: Statement | None = None
    delivery: Statement | None = None
    adherence: Statement | None = None
    motivation: Statement | None = None
    home_programme: Statement | None = None
    non_exercise: Statement | None = None
    adverse_events: Statement | None = None
    setting: Statement | None = None
    tailoring: Statement | None = None
    starting_level: Statement | None = None
    fidelity: Statement | None = None
    rationale: Statement | None = None

    def __attrs_post_init__(self) -> None:
        for name, (words, most) in REPORTING_WORDS.items():
            statement: Statement | None = getattr(self, name)
            if statement is None:
                continue
            unknown = sorted(set(statement.kinds) - words)
            if unknown:
                allowed = ", ".join(sorted(words)) or "none (text only)"
                raise FieldError(f"{name}.kinds", f"{name} takes {allowed}, not {unknown[0]!r}")
            if most is not None and len(statement.kinds) > most:
                raise FieldError(f"{name}.kinds", f"{name} takes at most {most} of its words")


present_as_public(globals())
