"""The typed documents: frozen attrs classes, validated on construction, split by concept.

Each module owns its ``__all__``; this package gathers them. Modules of the model import one
another, never this package, so no import here can loop.
"""

from __future__ import annotations

from rehabkit._model.criteria import Criterion
from rehabkit._model.dosage import Dosage, Frequency, Intensity, Load, Tempo
from rehabkit._model.exercise import Equipment, Exercise, JointAngle
from rehabkit._model.pose import (
    BodyPosition,
    Constraint,
    Joints,
    Pose,
    PoseFrame,
    Prop,
    PropKind,
    PropPlace,
    View,
)
from rehabkit._model.protocol import Protocol, TranslationNote
from rehabkit._model.provenance import Code, Condition, Person, Reference
from rehabkit._model.reporting import Reporting, Statement
from rehabkit._model.rules import (
    Escalation,
    Event,
    FlareUp,
    Measurement,
    PainGuidance,
    ParameterChange,
    Phase,
    ProgressionRule,
    StopCriterion,
    UrgentHelp,
)
from rehabkit._model.terms import (
    Comparator,
    Contraction,
    Direction,
    Joint,
    Laterality,
    Match,
    MeasurementKind,
    Metric,
    Motion,
    Muscle,
    NameOrigin,
    Parameter,
    PeriodUnit,
    Resume,
    ReturnWith,
    Scope,
    Side,
    Symptom,
    Urgency,
)
from rehabkit._model.units import Amount, Count, IntRange, Quantity, Range, Unit

__all__ = [
    "Amount",
    "BodyPosition",
    "Code",
    "Comparator",
    "Condition",
    "Constraint",
    "Contraction",
    "Count",
    "Criterion",
    "Direction",
    "Dosage",
    "Equipment",
    "Escalation",
    "Event",
    "Exercise",
    "FlareUp",
    "Frequency",
    "IntRange",
    "Intensity",
    "Joint",
    "JointAngle",
    "Joints",
    "Laterality",
    "Load",
    "Match",
    "Measurement",
    "MeasurementKind",
    "Metric",
    "Motion",
    "Muscle",
    "NameOrigin",
    "PainGuidance",
    "Parameter",
    "ParameterChange",
    "PeriodUnit",
    "Person",
    "Phase",
    "Pose",
    "PoseFrame",
    "ProgressionRule",
    "Prop",
    "PropKind",
    "PropPlace",
    "Protocol",
    "Quantity",
    "Range",
    "Reference",
    "Reporting",
    "Resume",
    "ReturnWith",
    "Scope",
    "Side",
    "Statement",
    "StopCriterion",
    "Symptom",
    "Tempo",
    "TranslationNote",
    "Unit",
    "Urgency",
    "UrgentHelp",
    "View",
]
