"""Hypothesis strategies that build valid rehabkit objects."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import strategies as st

import rehabkit as rk

# No "{": braces in exercise text are {leg} placeholders, tested on their own. No U+FEFF
# and no noncharacter (unassigned, Cn): the model refuses them, tested in
# test_bad_input_and_safe_output and test_hardening_export.
text = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc", "Cn"), exclude_characters="{\ufeff"
    ),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() != "")

# Text written to break an exporter: markup of every output (HTML, Markdown, Typst, XML),
# a tab and line breaks, bidirectional and zero-width controls, combining marks, a word too
# long for a line, and letters of each script the bundled fonts cover (Latin, Greek,
# Cyrillic, Arabic). No CJK: a handout in it needs font_paths, a refusal that says so.
HOSTILE_PIECES = [
    "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "<script>", "]]>", "&amp;",
    "</div>", "# ", "* ", "`", "\\", '"', "'", "\n", "\t", "\n\n- ", "\u202e", "\u200b",
    "\u200d", "\u2028", "\u2029", "e\u0301", "\u0639\u0631\u0628\u064a", "\u03a9",
    "\u0416", "\u00df", "%", "$x^2$", "@ref", "<label>", "#set page(width: 1pt)", "}", "//",
    "/*", "\u00a0", "x" * 45, "1.", "|", "~~", "==", ":", "!",
]  # fmt: skip
_latin = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x24F, exclude_categories=("Cc",)),
    min_size=1,
    max_size=8,
).map(lambda s: s.replace("{", "("))
hostile_text = (
    st.lists(st.sampled_from(HOSTILE_PIECES) | _latin, min_size=1, max_size=4)
    .map("".join)
    .filter(lambda s: s.strip() != "")
)
# FHIR's code type and a uri, which Code requires (no stray whitespace).
fhir_code = st.from_regex(r"[!-~]{1,6}( [!-~]{1,4}){0,2}", fullmatch=True)
uri = st.from_regex(r"[a-z]{1,5}:[!-~]{1,12}", fullmatch=True)
ident = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4})?", fullmatch=True)
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
small = st.integers(min_value=0, max_value=50)


@st.composite
def quantity(
    draw: st.DrawFn, units: list[rk.Unit], low: float = 0, high: float = 1e4
) -> rk.Quantity:
    return rk.Quantity(draw(st.floats(min_value=low, max_value=high)), draw(st.sampled_from(units)))


@st.composite
def value_range(
    draw: st.DrawFn, units: list[rk.Unit], low: float = 0, high: float = 1e4
) -> rk.Range:
    a = draw(st.floats(min_value=low, max_value=high))
    b = draw(st.floats(min_value=a, max_value=high))
    return rk.Range(a, b, draw(st.sampled_from(units)))


def amount(units: list[rk.Unit], low: float = 0, high: float = 1e4) -> st.SearchStrategy[rk.Amount]:
    return st.one_of(quantity(units, low, high), value_range(units, low, high))


def _load(unit: rk.Unit, words: st.SearchStrategy[str]) -> st.SearchStrategy[rk.Load]:
    # 1.2: a load's increment and maximum are in the load's own unit.
    return st.builds(
        rk.Load,
        description=st.none() | words,
        amount=st.none() | amount([unit]),
        increment=st.none() | quantity([unit]),
        maximum=st.none() | quantity([unit]),
    )


@st.composite
def count(draw: st.DrawFn, minimum: int = 1, maximum: int = 50) -> rk.Count:
    if draw(st.booleans()):
        return draw(st.integers(min_value=minimum, max_value=maximum))
    a = draw(st.integers(min_value=minimum, max_value=maximum))
    return rk.IntRange(a, draw(st.integers(min_value=a, max_value=maximum)))


TIME = [rk.Unit.SECOND, rk.Unit.MINUTE]
LOAD = [rk.Unit.KILOGRAM, rk.Unit.POUND, rk.Unit.PERCENT]


@st.composite
def frequency(draw: st.DrawFn) -> rk.Frequency:
    period = draw(st.integers(1, 7))
    top = draw(st.none() | st.integers(period + 1, 14))
    unit = draw(st.sampled_from(list(rk.PeriodUnit)))
    times = draw(st.integers(1, 5))
    daily = period == 1 and top is None and unit is rk.PeriodUnit.DAY
    return rk.Frequency(
        times,
        period,
        top,
        unit,
        times_max=draw(st.none() | st.integers(times + 1, 8)),
        as_needed=draw(st.booleans()),
        days_per_week=draw(st.none() | st.integers(1, 7)) if daily else None,
    )


def dosage(words: st.SearchStrategy[str] = text) -> st.SearchStrategy[rk.Dosage]:
    return st.builds(
        rk.Dosage,
        sets=st.none() | count(),
        repetitions=st.none() | count(),
        hold=st.none() | amount(TIME),
        rest=st.none() | amount(TIME),
        load=st.none() | st.sampled_from(LOAD).flatmap(lambda unit: _load(unit, words)),
        intensity=st.none()
        | st.builds(
            rk.Intensity,
            pain_max=st.none() | st.integers(0, 10),
            rpe=st.none() | count(0, 10),
            percent_max_effort=st.none() | count(0, 100),
        ),
        frequency=st.none() | frequency(),
        duration=st.none() | amount(TIME),
        contraction=st.none() | st.sampled_from(list(rk.Contraction)),
        tempo=st.none()
        | st.builds(
            rk.Tempo,
            eccentric=st.floats(0, 600),
            pause=st.floats(0, 600),
            concentric=st.floats(0, 600),
        ),
        return_with=st.none() | st.sampled_from(list(rk.ReturnWith)),
    )


@st.composite
def criterion(
    draw: st.DrawFn,
    sources: list[str],
    measurements: list[rk.Measurement],
    events: tuple[str, ...] = (),
    words: st.SearchStrategy[str] = text,
) -> rk.Criterion:
    choices = [m for m in rk.Metric if m is not rk.Metric.MEASUREMENT or measurements]
    metric = draw(st.sampled_from(choices))
    unit: rk.Unit | None = None
    measurement = None
    symptom = None
    level = since = max_age = None
    value: float | None
    if metric in (rk.Metric.PAIN_DURING, rk.Metric.PAIN_AFTER, rk.Metric.EFFORT,
                  rk.Metric.REPS_IN_RESERVE, rk.Metric.PAIN_BEFORE):  # fmt: skip
        value: float = draw(st.integers(0, 10))
    elif metric in (rk.Metric.NEXT_MORNING_WORSE, rk.Metric.FULL_DOSAGE, rk.Metric.SYMPTOM):
        value = draw(st.integers(0, 1))
        if metric is rk.Metric.SYMPTOM:
            symptom = draw(st.sampled_from(list(rk.Symptom)))
    elif metric in (rk.Metric.PAIN_SETTLE_TIME, rk.Metric.TIME_ELAPSED, rk.Metric.TIME_AT_LEVEL):
        value = draw(st.floats(0, 1e4))
        unit = draw(st.sampled_from([rk.Unit.MINUTE, rk.Unit.HOUR, rk.Unit.DAY, rk.Unit.WEEK]))
        if metric is rk.Metric.TIME_ELAPSED and events:
            since = draw(st.none() | st.sampled_from(events))
    elif metric is rk.Metric.SESSIONS_COMPLETED:
        value = draw(small)
    else:
        chosen = draw(st.sampled_from(measurements))
        measurement, unit = chosen.name, chosen.unit
        max_age = draw(st.none() | quantity([rk.Unit.DAY, rk.Unit.WEEK], 0, 100))
        if chosen.kind is rk.MeasurementKind.ORDINAL:
            value, level = None, draw(st.sampled_from(chosen.levels))
        elif chosen.kind is rk.MeasurementKind.PRESENCE:
            value = draw(st.integers(0, 1))
        elif chosen.scale is not None:  # a score (1.2): a value on its scale
            value = draw(st.integers(chosen.scale.low, chosen.scale.high))
        else:
            value = draw(finite)
    return rk.Criterion(
        metric=metric,
        op=draw(st.sampled_from(list(rk.Comparator))),
        value=value,
        unit=unit,
        sessions=draw(st.integers(1, 5)),
        measurement=measurement,
        symptom=symptom,
        description=draw(st.none() | words),
        sources=draw(st.lists(st.sampled_from(sources), max_size=2)) if sources else (),
        level=level,
        since=since,
        max_age=max_age,
    )


@st.composite
def measurement(draw: st.DrawFn, words: st.SearchStrategy[str] = text) -> rk.Measurement:
    kind = draw(st.sampled_from(list(rk.MeasurementKind)))
    unit = draw(st.sampled_from(list(rk.Unit))) if kind is rk.MeasurementKind.QUANTITY else None
    return rk.Measurement(
        name=draw(words),
        unit=unit,
        scale=rk.IntRange(0, draw(st.integers(1, 100))) if unit is rk.Unit.SCORE else None,
        description=draw(st.none() | words),
        kind=kind,
        levels=draw(st.lists(words, min_size=1, max_size=4, unique=True))
        if kind is rk.MeasurementKind.ORDINAL
        else (),
    )


def _joints(kind: type[rk.Joints], **more: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    from rehabkit._model.pose import JOINT_LIMITS

    angles = {name: st.none() | st.floats(*JOINT_LIMITS[name]) for name in JOINT_LIMITS}
    angles["trunk"] = st.none() | st.floats(-30, 90)  # below -30 only sitting
    return st.builds(kind, **angles, **more)


@st.composite
def pose(draw: st.DrawFn) -> rk.Pose:
    """A pose (formats 1.1 and 1.2): any position, a view it is drawn from, any angles
    within their limits, a working side that differs, props anywhere."""
    from rehabkit._model.pose import SUPPORTED_VIEWS

    position = draw(st.sampled_from(list(rk.BodyPosition)))
    frame = _joints(
        rk.PoseFrame,
        working=st.none() | _joints(rk.Joints),
        constraint=st.none() | st.sampled_from(list(rk.Constraint)),
    )
    return rk.Pose(
        position=position,
        view=draw(st.sampled_from(sorted(SUPPORTED_VIEWS[position]))),
        start=draw(frame),
        end=draw(st.none() | frame),
        props=draw(
            st.lists(
                st.builds(
                    rk.Prop,
                    kind=st.sampled_from(list(rk.PropKind)),
                    at=st.none() | st.sampled_from(list(rk.PropPlace)),
                ),
                max_size=3,
            )
        ),
        origin=draw(st.sampled_from(list(rk.NameOrigin))),
    )


@st.composite
def reporting(draw: st.DrawFn, sources: list[str], words: st.SearchStrategy[str]) -> rk.Reporting:
    """Statements for the reporting items (1.1, 1.2): words from each item's list, text,
    or not reported."""
    from rehabkit._model.reporting import REPORTING_WORDS

    statements = {}
    for name, (allowed, most) in REPORTING_WORDS.items():
        if not draw(st.booleans()):
            continue
        kinds = draw(st.lists(st.sampled_from(sorted(allowed)), max_size=3 if most is None else most, unique=True)
                     if allowed and most != 0 else st.just([]))  # fmt: skip
        said = draw(st.none() | words) if kinds else draw(words)
        statements[name] = rk.Statement(
            kinds=kinds,
            text=said,
            not_reported=draw(st.booleans()),
            sources=draw(st.lists(st.sampled_from(sources), max_size=2, unique=True)),
        )
    return rk.Reporting(**statements)


@st.composite
def exercise(
    draw: st.DrawFn,
    ex_id: str,
    sources: list[str],
    words: st.SearchStrategy[str] = text,
    full: bool = False,
) -> rk.Exercise:
    cite = st.lists(st.sampled_from(sources), max_size=2) if sources else st.just([])
    return rk.Exercise(
        id=ex_id,
        name=draw(words),
        name_origin=draw(st.sampled_from(list(rk.NameOrigin))),
        aliases=draw(st.lists(words, max_size=2)),
        side=draw(st.sampled_from(list(rk.Side))),
        # Format 1.1 and 1.2 fields, when asked for (the exporters' property test).
        limb=draw(st.sampled_from(list(rk.Limb))) if full else rk.Limb.LEG,
        pose=draw(st.none() | pose()) if full else None,
        starting_position=draw(st.none() | words),
        steps=draw(st.lists(words, min_size=1, max_size=4)),
        feel=draw(words),
        target_muscles=draw(st.lists(st.sampled_from(list(rk.Muscle)), max_size=3)),
        equipment=draw(
            st.lists(
                st.builds(
                    rk.Equipment, name=words, alternatives=st.lists(words, max_size=2), sources=cite
                ),
                max_size=2,
            )
        ),
        joint_angles=draw(
            st.lists(
                st.builds(
                    rk.JointAngle,
                    joint=st.sampled_from(list(rk.Joint)),
                    motion=st.sampled_from(list(rk.Motion)),
                    angle=amount([rk.Unit.DEGREE], 0, 180),
                    note=st.none() | words,
                ),
                max_size=2,
            )
        ),
        dosage=draw(dosage(words)),
        easier=draw(st.lists(words, max_size=2)),
        harder=draw(st.lists(words, max_size=2)),
        safety=draw(st.lists(words, max_size=2)),
        sources=draw(cite),
    )


@st.composite
def protocol(
    draw: st.DrawFn, words: st.SearchStrategy[str] = text, full: bool = False
) -> rk.Protocol:
    """A valid protocol; ``words`` for its text; ``full`` adds the format 1.1 and 1.2
    fields the exporters draw (limb, pose, reporting statements)."""
    source_ids = draw(st.lists(ident, min_size=1, max_size=3, unique=True))
    ex_ids = draw(st.lists(ident, min_size=1, max_size=4, unique=True))
    measurements = draw(st.lists(measurement(words), max_size=2, unique_by=lambda m: m.name))
    event_ids = draw(st.lists(ident, max_size=2, unique=True))
    crit = criterion(source_ids, measurements, tuple(event_ids), words)
    exercises = [draw(exercise(i, source_ids, words, full)) for i in ex_ids]
    rules = []
    # Progressions only go forward in list order, so they can never form a cycle.
    for n, (a, b) in enumerate(itertools.pairwise(ex_ids)):
        if draw(st.booleans()):
            rules.append(
                rk.ProgressionRule(
                    id=f"rule-{n}",
                    exercise=a,
                    direction=rk.Direction.PROGRESS,
                    to_exercise=b,
                    criteria=draw(st.lists(crit, min_size=1, max_size=3)),
                    match=draw(st.sampled_from(list(rk.Match))),
                    description=draw(words),
                )
            )
    return rk.Protocol(
        id=draw(ident),
        version=draw(words),
        title=draw(words),
        summary=draw(st.none() | words),
        language=draw(
            st.sampled_from(["en", "en-GB", "el", "es-419", "zh-Hant", "ar", "de-CH-1996"])
        ),
        condition=rk.Condition(
            name=draw(words),
            description=draw(words),
            aliases=draw(st.lists(words, max_size=2)),
            codes=draw(
                st.lists(
                    st.builds(
                        rk.Code,
                        system=uri,
                        code=fhir_code,
                        display=words,
                        laterality=st.none() | st.sampled_from(list(rk.Laterality)),
                    ),
                    max_size=2,
                )
            ),
        ),
        authors=draw(
            st.lists(
                st.builds(rk.Person, name=words, role=st.none() | words), min_size=1, max_size=2
            )
        ),
        last_reviewed=draw(st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1))),
        sources=[
            rk.Reference(
                id=s,
                title=draw(words),
                authors=draw(st.lists(words, max_size=2)),
                date=draw(st.none() | st.dates()),
                doi=draw(st.none() | words),
                secondary=draw(st.booleans()),
            )
            for s in source_ids
        ],
        supervision=draw(words),
        disclaimer=draw(words),
        duration=draw(st.none() | amount([rk.Unit.WEEK, rk.Unit.DAY], 0, 100)),
        default_dosage=draw(dosage(words)),
        pain_guidance=rk.PainGuidance(
            summary=draw(words),
            limits=draw(st.lists(crit, max_size=2)),
            sources=source_ids[:1],
            flare_up=draw(
                st.none() | st.builds(rk.FlareUp, advice=words, restart=words, contact=words)
            ),
        ),
        stop_criteria=[
            rk.StopCriterion(
                id=f"stop-{n}",
                text=draw(words),
                urgency=draw(st.sampled_from(list(rk.Urgency))),
                criteria=draw(st.lists(crit, max_size=2)),
                scope=draw(st.sampled_from(list(rk.Scope))),
                resume=draw(st.none() | st.sampled_from(list(rk.Resume))),
            )
            for n in range(draw(st.integers(0, 2)))
        ],
        measurements=measurements,
        phases=[
            rk.Phase(
                id=f"phase-{n}",
                name=draw(words),
                # The first phase starts with the first exercise, which no progression
                # reaches: a protocol has something in play at the start.
                exercises=list(
                    dict.fromkeys(
                        ([ex_ids[0]] if n == 0 else [])
                        + draw(st.lists(st.sampled_from(ex_ids), min_size=1, max_size=2))
                    )
                ),
                entry_criteria=draw(st.lists(crit, max_size=2)),
                expected_duration=draw(st.none() | amount([rk.Unit.WEEK, rk.Unit.DAY], 0, 100)),
                continues_previous=draw(st.booleans()),
            )
            for n in range(draw(st.integers(0, 2)))
        ],
        exercises=exercises,
        progression_rules=rules,
        based_on=draw(st.none() | st.sampled_from(source_ids)),
        events=[rk.Event(id=e, name=draw(words)) for e in event_ids],
        reporting=draw(st.none() | reporting(source_ids, words)) if full else None,
        escalation=draw(
            st.none()
            | st.builds(
                rk.Escalation,
                no_progress_after=st.none() | quantity([rk.Unit.DAY, rk.Unit.WEEK], 1, 100),
                stale_after=st.none() | quantity([rk.Unit.DAY, rk.Unit.WEEK], 1, 100),
                text=words,
            )
        ),
    )
