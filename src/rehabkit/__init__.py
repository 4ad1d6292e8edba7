"""rehabkit: structured rehabilitation protocols as typed, validated, computable data.

Everything public is importable from here; every other module is private.
"""

from __future__ import annotations

from rehabkit._version import __version__

# Not typing.TYPE_CHECKING: importing typing would cost more than the rest of this file.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from rehabkit._core.errors import (
        ExportError,
        FieldError,
        MismatchError,
        OptionError,
        Problem,
        RehabkitError,
        ValidationError,
    )
    from rehabkit._core.output import write_file
    from rehabkit._documents.api import (
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
    from rehabkit._documents.translation import source_texts, translate, translation_problems
    from rehabkit._formats.batch import BatchResult, PatientRow, export_many, read_patients
    from rehabkit._formats.fhir.api import fhir_package, log_from_fhir
    from rehabkit._formats.registry import (
        Exporter,
        ExporterInfo,
        available_exporters,
        export,
        get_exporter,
    )
    from rehabkit._model.criteria import Criterion
    from rehabkit._model.document import Document
    from rehabkit._model.dosage import Dosage, Frequency, Intensity, Load, Tempo
    from rehabkit._model.exercise import Equipment, Exercise, JointAngle
    from rehabkit._model.plan import Clinician, Plan, PlanEvent, PlanExercise
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
    from rehabkit._model.session_log import (
        MeasurementEntry,
        NextMorning,
        Review,
        SessionEntry,
        SessionLog,
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
    from rehabkit._model.translation import Translation
    from rehabkit._model.units import Amount, Count, IntRange, Quantity, Range, Unit
    from rehabkit._plan.personalise import parse_frequency, personalise
    from rehabkit._progression.assess import advance, assess
    from rehabkit._progression.assessment import (
        Assessment,
        CriterionCheck,
        Decision,
        PhaseCheck,
        RuleCheck,
        Verdict,
    )
    from rehabkit._view.describe import describe
    from rehabkit._view.illustrate.illustration import Illustration, illustrate
    from rehabkit._view.reporting import ItemStatus, Report, ReportItem, report


__all__ = [
    "Amount",
    "Assessment",
    "BatchResult",
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
    "ItemStatus",
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
    "PatientRow",
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
    "Report",
    "ReportItem",
    "Reporting",
    "Resume",
    "ReturnWith",
    "Review",
    "RuleCheck",
    "Scope",
    "SessionEntry",
    "SessionLog",
    "Side",
    "Statement",
    "StopCriterion",
    "Symptom",
    "Tempo",
    "Translation",
    "TranslationNote",
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
    "export_many",
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
    "read_patients",
    "report",
    "schema",
    "schema_names",
    "source_texts",
    "to_data",
    "translate",
    "translation_problems",
    "validate",
    "write_file",
]

# Where each public name lives. Nothing loads until a name is first used (PEP 562): `import
# rehabkit` costs almost nothing, and a script that only validates never loads an exporter.
_HOME: dict[str, str] = {
    "BatchResult": "rehabkit._formats.batch",
    "export_many": "rehabkit._formats.batch",
    "PatientRow": "rehabkit._formats.batch",
    "read_patients": "rehabkit._formats.batch",
    "Amount": "rehabkit._model",
    "Assessment": "rehabkit._progression.assessment",
    "BodyPosition": "rehabkit._model",
    "Clinician": "rehabkit._model.plan",
    "Code": "rehabkit._model",
    "Comparator": "rehabkit._model",
    "Condition": "rehabkit._model",
    "Constraint": "rehabkit._model",
    "Contraction": "rehabkit._model",
    "Count": "rehabkit._model",
    "Criterion": "rehabkit._model",
    "CriterionCheck": "rehabkit._progression.assessment",
    "Decision": "rehabkit._progression.assessment",
    "Direction": "rehabkit._model",
    "Document": "rehabkit._model.document",
    "Dosage": "rehabkit._model",
    "Equipment": "rehabkit._model",
    "Escalation": "rehabkit._model",
    "Event": "rehabkit._model",
    "Exercise": "rehabkit._model",
    "ExportError": "rehabkit._core.errors",
    "Exporter": "rehabkit._formats.registry",
    "ExporterInfo": "rehabkit._formats.registry",
    "FieldError": "rehabkit._core.errors",
    "FlareUp": "rehabkit._model",
    "Frequency": "rehabkit._model",
    "Illustration": "rehabkit._view.illustrate.illustration",
    "ItemStatus": "rehabkit._view.reporting",
    "IntRange": "rehabkit._model",
    "Intensity": "rehabkit._model",
    "Joint": "rehabkit._model",
    "JointAngle": "rehabkit._model",
    "Joints": "rehabkit._model",
    "Laterality": "rehabkit._model",
    "Load": "rehabkit._model",
    "Match": "rehabkit._model",
    "Measurement": "rehabkit._model",
    "MeasurementEntry": "rehabkit._model.session_log",
    "MeasurementKind": "rehabkit._model",
    "Metric": "rehabkit._model",
    "MismatchError": "rehabkit._core.errors",
    "Motion": "rehabkit._model",
    "Muscle": "rehabkit._model",
    "NameOrigin": "rehabkit._model",
    "NextMorning": "rehabkit._model.session_log",
    "OptionError": "rehabkit._core.errors",
    "PainGuidance": "rehabkit._model",
    "Parameter": "rehabkit._model",
    "ParameterChange": "rehabkit._model",
    "PeriodUnit": "rehabkit._model",
    "Person": "rehabkit._model",
    "Phase": "rehabkit._model",
    "PhaseCheck": "rehabkit._progression.assessment",
    "Plan": "rehabkit._model.plan",
    "PlanEvent": "rehabkit._model.plan",
    "PlanExercise": "rehabkit._model.plan",
    "Pose": "rehabkit._model",
    "PoseFrame": "rehabkit._model",
    "Problem": "rehabkit._core.errors",
    "ProgressionRule": "rehabkit._model",
    "Prop": "rehabkit._model",
    "PropKind": "rehabkit._model",
    "PropPlace": "rehabkit._model",
    "Protocol": "rehabkit._model",
    "Quantity": "rehabkit._model",
    "Range": "rehabkit._model",
    "Reference": "rehabkit._model",
    "RehabkitError": "rehabkit._core.errors",
    "Resume": "rehabkit._model",
    "ReturnWith": "rehabkit._model",
    "Report": "rehabkit._view.reporting",
    "ReportItem": "rehabkit._view.reporting",
    "Reporting": "rehabkit._model",
    "Review": "rehabkit._model.session_log",
    "RuleCheck": "rehabkit._progression.assessment",
    "Scope": "rehabkit._model",
    "SessionEntry": "rehabkit._model.session_log",
    "SessionLog": "rehabkit._model.session_log",
    "Side": "rehabkit._model",
    "Statement": "rehabkit._model",
    "StopCriterion": "rehabkit._model",
    "Symptom": "rehabkit._model",
    "Tempo": "rehabkit._model",
    "Translation": "rehabkit._model.translation",
    "TranslationNote": "rehabkit._model",
    "Unit": "rehabkit._model",
    "Urgency": "rehabkit._model",
    "UrgentHelp": "rehabkit._model",
    "ValidationError": "rehabkit._core.errors",
    "Verdict": "rehabkit._progression.assessment",
    "View": "rehabkit._model",
    "advance": "rehabkit._progression.assess",
    "assess": "rehabkit._progression.assess",
    "available_exporters": "rehabkit._formats.registry",
    "bundled": "rehabkit._documents.api",
    "bundled_ids": "rehabkit._documents.api",
    "describe": "rehabkit._view.describe",
    "dump": "rehabkit._documents.api",
    "dumps": "rehabkit._documents.api",
    "export": "rehabkit._formats.registry",
    "fhir_package": "rehabkit._formats.fhir.api",
    "from_data": "rehabkit._documents.api",
    "get_exporter": "rehabkit._formats.registry",
    "illustrate": "rehabkit._view.illustrate.illustration",
    "load": "rehabkit._documents.api",
    "load_document": "rehabkit._documents.api",
    "loads": "rehabkit._documents.api",
    "log_from_fhir": "rehabkit._formats.fhir.api",
    "parse_frequency": "rehabkit._plan.personalise",
    "personalise": "rehabkit._plan.personalise",
    "report": "rehabkit._view.reporting",
    "schema": "rehabkit._documents.api",
    "schema_names": "rehabkit._documents.api",
    "source_texts": "rehabkit._documents.translation",
    "to_data": "rehabkit._documents.api",
    "translate": "rehabkit._documents.translation",
    "translation_problems": "rehabkit._documents.translation",
    "validate": "rehabkit._documents.api",
    "write_file": "rehabkit._core.output",
}


def __getattr__(name: str) -> Any:
    import importlib

    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'rehabkit' has no attribute {name!r}")
    obj = getattr(importlib.import_module(home), name)
    _present_as_public(obj)
    globals()[name] = obj  # the next use is a plain attribute
    return obj


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def _present_as_public(obj: Any) -> None:
    # Public names report the package as their module, as httpx's do: tracebacks, reprs
    # and pickles name rehabkit.Plan, never the private module it happens to live in.
    # Annotations are resolved first, while their own module can still be found for them.
    import contextlib

    import attrs

    if isinstance(obj, type) and attrs.has(obj):
        attrs.resolve_types(obj)
    if getattr(obj, "__module__", "").startswith("rehabkit._"):
        with contextlib.suppress(AttributeError, TypeError):  # typing aliases refuse
            obj.__module__ = "rehabkit"
