"""The paper log's words: the symptom boxes, and what the log asks of pain and effort."""

from __future__ import annotations

from rehabkit._core.i18n import N_, gettext
from rehabkit._model.terms import Symptom

__all__: list[str] = []

# Most urgent first: the box is read from the top.
SYMPTOM_LABELS = {
    Symptom.SWELLING: N_("Swelling, new or worse"),
    Symptom.LOCKING: N_("Locking"),
    Symptom.GIVING_WAY: N_("Giving way"),
    Symptom.HEAT: N_("Heat"),
    Symptom.REDNESS: N_("Redness"),
    Symptom.FEVER: N_("Fever (high temperature)"),
    Symptom.UNABLE_TO_BEAR_WEIGHT: N_("Cannot put weight on it"),
    Symptom.NIGHT_PAIN: N_("Pain at night"),
    Symptom.CONTINUOUS_PAIN: N_("Pain all the time"),
    Symptom.UNWELL: N_("Feeling unwell"),
    Symptom.WEIGHT_LOSS: N_("Weight loss without trying"),
    Symptom.WOUND_DISCHARGE: N_("Fluid or pus from the wound"),
    Symptom.CALF_PAIN: N_("Calf pain or swelling"),
    Symptom.CHEST_PAIN: N_("Chest pain"),
    Symptom.BREATHLESSNESS: N_("Short of breath"),
    Symptom.DIZZINESS: N_("Dizziness"),
    Symptom.FALL: N_("A fall"),
    Symptom.NUMBNESS: N_("Numbness or tingling"),
    Symptom.SNAP: N_("A snap or a sudden blow"),
    Symptom.LIMP: N_("A limp"),
    Symptom.GROIN_PAIN: N_("Groin or hip pain"),
    Symptom.BONE_TENDERNESS: N_("Bone tender to press"),
    Symptom.SADDLE_NUMBNESS: N_("Numbness around the genitals or bottom"),
    Symptom.BLADDER_BOWEL_CHANGE: N_("New bladder or bowel problems"),
    Symptom.LEGS_WEAK: N_("Both legs weak or numb"),
}

#: What the paper log asks of effort, when a rule reads it (format 1.2), by the log field
#: the metric reads (the metric table's ``log_field``).
EFFORT_ASKS = {
    "effort": N_(
        "Then write how hard it felt: 0 means no effort at all, 10 the hardest you could"
        " possibly work."
    ),
    "reps_in_reserve": N_(
        "Then write how many more repetitions you could have done at the end of the"
        " hardest set: 0 means none."
    ),
}


#: Said after what to write, only where the log prints a dash.
DASH_MEANS = N_("A dash means that exercise is not due that day.")


def log_intro(asks: list[str]) -> str:
    """What to write after each session. The words name "each exercise's box", neither a
    column nor a row: the halves run the exercises across, large print's blocks down, the
    HTML log a fieldset a day."""
    if "pain_before" in asks:
        words = (
            gettext(
                "After each session, tick each exercise's box if you did every set and"
                " repetition, and write your pain just before it, your worst pain during it"
                " and your pain just after it: 0 means no pain, 10 the worst pain you can"
                " imagine."
            )
            if "pain_after" in asks
            else gettext(
                "After each session, tick each exercise's box if you did every set and"
                " repetition, and write your pain just before it and your worst pain during"
                " it: 0 means no pain, 10 the worst pain you can imagine."
            )
        )
    elif "pain_after" in asks:
        words = gettext(
            "After each session, tick each exercise's box if you did every set and"
            " repetition, and write your worst pain during it and just after it: 0 means no"
            " pain, 10 the worst pain you can imagine."
        )
    else:
        words = gettext(
            "After each session, tick each exercise's box if you did every set and"
            " repetition, and write your worst pain during it: 0 means no pain, 10 the worst"
            " pain you can imagine."
        )
    return words
