"""rehabkit: structured rehabilitation protocols as typed, validated, computable data.

Everything public is importable from here; every other module is private.
"""

from rehabkit._assessment import (
    Assessment,
    CriterionCheck,
    Decision,
    PhaseCheck,
    RuleCheck,
    Verdict,
)
from rehabkit._describe import describe
from rehabkit._errors import (
    ExportError,
    FieldError,
    MismatchError,
    OptionError,
    Problem,
    RehabkitError,
    ValidationError,
)
from rehabkit._exporters.registry import (
    Document,
    Exporter,
    ExporterInfo,
    available_exporters,
    export,
    get_exporter,
)
from rehabkit._fhir_api import fhir_package, log_from_fhir
from rehabkit._illustration import Illustration, illustrate
from rehabkit._io import (
    bundled,
    bundled_ids,
    dump,
    dumps,
    from_data,
    load,
    load_document,
    loads,
    schema,
    schema_names,
    to_data,
    validate,
)
from rehabkit._log import MeasurementEntry, NextMorning, Review, SessionEntry, SessionLog
from rehabkit._model import (
    Amount,
    BodyPosition,
    Code,
    Comparator,
    Condition,
    Constraint,
    Contraction,
    Count,
    Criterion,
    Direction,
    Dosage,
    Equipment,
    Escalation,
    Event,
    Exercise,
    FlareUp,
    Frequency,
    Intensity,
    IntRange,
    Joint,
    JointAngle,
    Joints,
    Laterality,
    Load,
    Match,
    Measurement,
    MeasurementKind,
    Metric,
    Motion,
    Muscle,
    NameOrigin,
    PainGuidance,
    Parameter,
    ParameterChange,
    PeriodUnit,
    Person,
    Phase,
    Pose,
    PoseFrame,
    ProgressionRule,
    Prop,
    PropKind,
    PropPlace,
    Protocol,
    Quantity,
    Range,
    Reference,
    Resume,
    ReturnWith,
    Scope,
    Side,
    StopCriterion,
    Symptom,
    Tempo,
    Unit,
    Urgency,
    UrgentHelp,
    View,
)
from rehabkit._output import write_file
from rehabkit._plan import Clinician, Plan, PlanEvent, PlanExercise, parse_frequency, personalise
from rehabkit._progression import advance, assess

__version__ = "0.1.0"

__all__ = [
    "Amount",
    "Assessment",
    "BodyPosition",
    "Clinician",
    "Code",
    "Comparator",
    "Condition",
    "Constraint",
    "Contraction",
    "Count",
    "Criterion",
    "CriterionCheck",
    "Decision",
    "Direction",
    "Document",
    "Dosage",
    "Equipment",
    "Escalation",
    "Event",
    "Exercise",
    "ExportError",
    "Exporter",
    "ExporterInfo",
    "FieldError",
    "FlareUp",
    "Frequency",
    "Illustration",
    "IntRange",
    "Intensity",
    "Joint",
    "JointAngle",
    "Joints",
    "Laterality",
    "Load",
    "Match",
    "Measurement",
    "MeasurementEntry",
    "MeasurementKind",
    "Metric",
    "MismatchError",
    "Motion",
    "Muscle",
    "NameOrigin",
    "NextMorning",
    "OptionError",
    "PainGuidance",
    "Parameter",
    "ParameterChange",
    "PeriodUnit",
    "Person",
    "Phase",
    "PhaseCheck",
    "Plan",
    "PlanEvent",
    "PlanExercise",
    "Pose",
    "PoseFrame",
    "Problem",
    "ProgressionRule",
    "Prop",
    "PropKind",
    "PropPlace",
    "Protocol",
    "Quantity",
    "Range",
    "Reference",
    "RehabkitError",
    "Resume",
    "ReturnWith",
    "Review",
    "RuleCheck",
    "Scope",
    "SessionEntry",
    "SessionLog",
    "Side",
    "StopCriterion",
    "Symptom",
    "Tempo",
    "Unit",
    "Urgency",
    "UrgentHelp",
    "ValidationError",
    "Verdict",
    "View",
    "__version__",
    "advance",
    "assess",
    "available_exporters",
    "bundled",
    "bundled_ids",
    "describe",
    "dump",
    "dumps",
    "export",
    "fhir_package",
    "from_data",
    "get_exporter",
    "illustrate",
    "load",
    "load_document",
    "loads",
    "log_from_fhir",
    "parse_frequency",
    "personalise",
    "schema",
    "schema_names",
    "to_data",
    "validate",
    "write_file",
]


def _present_as_public() -> None:
    # Public names report the package as their module, as httpx's do: tracebacks, reprs
    # and pickles name rehabkit.Plan, never the private module it happens to live in.
    # Annotations are resolved first, while their own module can still be found for them.
    import contextlib

    import attrs

    for name in __all__:
        obj = globals()[name]
        if isinstance(obj, type) and attrs.has(obj):
            attrs.resolve_types(obj)
    for name in __all__:
        obj = globals()[name]
        if getattr(obj, "__module__", "").startswith("rehabkit._"):
            with contextlib.suppress(AttributeError, TypeError):  # typing aliases refuse
                obj.__module__ = "rehabkit"


_present_as_public()
