"""rehabkit: structured rehabilitation protocols as typed, validated, computable data.

Everything public is importable from here; every other module is private. Each private
module lists its public names in its own ``__all__``; the face below is written from them
(scripts/update-public-face) and loads nothing until a name is first used (PEP 562):
``import rehabkit`` costs almost nothing, and a script that only validates never loads an
exporter. Each public name reports ``rehabkit`` as its module from the moment its own
module is imported (rehabkit._core.public), however it was reached.
"""

from __future__ import annotations

from rehabkit._version import __version__

# Not typing.TYPE_CHECKING: importing typing would cost more than the rest of this file.
TYPE_CHECKING = False
# --- the face: written by scripts/update-public-face from each module's __all__ ---
if TYPE_CHECKING:
    from typing import Any

    from rehabkit._core.errors import (
        ExportError as ExportError,
        FieldError as FieldError,
        MismatchError as MismatchError,
        MissingExtraError as MissingExtraError,
        OptionError as OptionError,
        Problem as Problem,
        RehabkitError as RehabkitError,
        UnknownIdError as UnknownIdError,
        ValidationError as ValidationError,
    )
    from rehabkit._core.output import (
        write_file as write_file,
    )
    from rehabkit._documents.api import (
        dump as dump,
        dumps as dumps,
        from_data as from_data,
        load as load,
        load_document as load_document,
        loads as loads,
        to_data as to_data,
        validate as validate,
    )
    from rehabkit._documents.bundled import (
        bundled as bundled,
        bundled_ids as bundled_ids,
        schema as schema,
        schema_names as schema_names,
    )
    from rehabkit._documents.positions import (
        problem_positions as problem_positions,
    )
    from rehabkit._documents.translation import (
        source_texts as source_texts,
        translate as translate,
        translation_problems as translation_problems,
    )
    from rehabkit._formats.batch import (
        BatchResult as BatchResult,
        PatientRow as PatientRow,
        export_many as export_many,
        read_patients as read_patients,
        read_patients_file as read_patients_file,
    )
    from rehabkit._formats.fhir.api import (
        fhir_package as fhir_package,
        log_from_fhir as log_from_fhir,
    )
    from rehabkit._formats.registry import (
        Exporter as Exporter,
        ExporterInfo as ExporterInfo,
        available_exporters as available_exporters,
        export as export,
        get_exporter as get_exporter,
    )
    from rehabkit._model.criteria import (
        Criterion as Criterion,
        Versus as Versus,
    )
    from rehabkit._model.document import (
        Document as Document,
    )
    from rehabkit._model.dosage import (
        Dosage as Dosage,
        Frequency as Frequency,
        Intensity as Intensity,
        Load as Load,
        Tempo as Tempo,
    )
    from rehabkit._model.exercise import (
        Equipment as Equipment,
        Exercise as Exercise,
        JointAngle as JointAngle,
    )
    from rehabkit._model.media import (
        Media as Media,
        MediaUse as MediaUse,
    )
    from rehabkit._model.plan import (
        Clinician as Clinician,
        Plan as Plan,
        PlanEvent as PlanEvent,
        PlanExercise as PlanExercise,
        PlanMeasure as PlanMeasure,
    )
    from rehabkit._model.pose import (
        BodyPosition as BodyPosition,
        Constraint as Constraint,
        Joints as Joints,
        Pose as Pose,
        PoseFrame as PoseFrame,
        Prop as Prop,
        PropKind as PropKind,
        PropPlace as PropPlace,
        View as View,
    )
    from rehabkit._model.protocol import (
        Protocol as Protocol,
        TranslationNote as TranslationNote,
    )
    from rehabkit._model.provenance import (
        Code as Code,
        Condition as Condition,
        Person as Person,
        Reference as Reference,
    )
    from rehabkit._model.reporting import (
        Reporting as Reporting,
        Statement as Statement,
    )
    from rehabkit._model.rules import (
        Escalation as Escalation,
        Event as Event,
        FlareUp as FlareUp,
        Gate as Gate,
        Measurement as Measurement,
        PainGuidance as PainGuidance,
        ParameterChange as ParameterChange,
        Phase as Phase,
        PhaseDosage as PhaseDosage,
        ProgressionRule as ProgressionRule,
        StopCriterion as StopCriterion,
        UrgentHelp as UrgentHelp,
    )
    from rehabkit._model.session_log import (
        MeasurementEntry as MeasurementEntry,
        Review as Review,
        SessionEntry as SessionEntry,
        SessionLog as SessionLog,
    )
    from rehabkit._model.terms import (
        Comparator as Comparator,
        Contraction as Contraction,
        Direction as Direction,
        Effect as Effect,
        Joint as Joint,
        Laterality as Laterality,
        Limb as Limb,
        Match as Match,
        MeasurementKind as MeasurementKind,
        Metric as Metric,
        Motion as Motion,
        Muscle as Muscle,
        NameOrigin as NameOrigin,
        NextMorning as NextMorning,
        Parameter as Parameter,
        PeriodUnit as PeriodUnit,
        Resume as Resume,
        ReturnWith as ReturnWith,
        Scope as Scope,
        Side as Side,
        Symptom as Symptom,
        Urgency as Urgency,
    )
    from rehabkit._model.translation import (
        Translation as Translation,
    )
    from rehabkit._model.units import (
        Amount as Amount,
        Count as Count,
        IntRange as IntRange,
        Quantity as Quantity,
        Range as Range,
        Unit as Unit,
    )
    from rehabkit._plan.personalise import (
        parse_frequency as parse_frequency,
        personalise as personalise,
    )
    from rehabkit._progression.advance import (
        advance as advance,
    )
    from rehabkit._progression.assess import (
        assess as assess,
    )
    from rehabkit._progression.assessment import (
        Assessment as Assessment,
        CriterionCheck as CriterionCheck,
        Decision as Decision,
        GateCheck as GateCheck,
        PhaseCheck as PhaseCheck,
        RuleCheck as RuleCheck,
        Verdict as Verdict,
    )
    from rehabkit._view.describe import (
        describe as describe,
    )
    from rehabkit._view.illustrate.illustration import (
        Illustration as Illustration,
        illustrate as illustrate,
    )
    from rehabkit._view.report_parts import (
        ItemPart as ItemPart,
        Provenance as Provenance,
    )
    from rehabkit._view.reporting import (
        ItemStatus as ItemStatus,
        Report as Report,
        ReportItem as ReportItem,
        report as report,
    )

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
    "Effect",
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
    "Gate",
    "GateCheck",
    "Illustration",
    "IntRange",
    "Intensity",
    "ItemPart",
    "ItemStatus",
    "Joint",
    "JointAngle",
    "Joints",
    "Laterality",
    "Limb",
    "Load",
    "Match",
    "Measurement",
    "MeasurementEntry",
    "MeasurementKind",
    "Media",
    "MediaUse",
    "Metric",
    "MismatchError",
    "MissingExtraError",
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
    "PhaseDosage",
    "Plan",
    "PlanEvent",
    "PlanExercise",
    "PlanMeasure",
    "Pose",
    "PoseFrame",
    "Problem",
    "ProgressionRule",
    "Prop",
    "PropKind",
    "PropPlace",
    "Protocol",
    "Provenance",
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
    "UnknownIdError",
    "Urgency",
    "UrgentHelp",
    "ValidationError",
    "Verdict",
    "Versus",
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
    "problem_positions",
    "read_patients",
    "read_patients_file",
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

# Where each public name lives: nothing loads until it is first used.
_HOME = {
    "Amount": "rehabkit._model.units",
    "Assessment": "rehabkit._progression.assessment",
    "BatchResult": "rehabkit._formats.batch",
    "BodyPosition": "rehabkit._model.pose",
    "Clinician": "rehabkit._model.plan",
    "Code": "rehabkit._model.provenance",
    "Comparator": "rehabkit._model.terms",
    "Condition": "rehabkit._model.provenance",
    "Constraint": "rehabkit._model.pose",
    "Contraction": "rehabkit._model.terms",
    "Count": "rehabkit._model.units",
    "Criterion": "rehabkit._model.criteria",
    "CriterionCheck": "rehabkit._progression.assessment",
    "Decision": "rehabkit._progression.assessment",
    "Direction": "rehabkit._model.terms",
    "Document": "rehabkit._model.document",
    "Dosage": "rehabkit._model.dosage",
    "Effect": "rehabkit._model.terms",
    "Equipment": "rehabkit._model.exercise",
    "Escalation": "rehabkit._model.rules",
    "Event": "rehabkit._model.rules",
    "Exercise": "rehabkit._model.exercise",
    "ExportError": "rehabkit._core.errors",
    "Exporter": "rehabkit._formats.registry",
    "ExporterInfo": "rehabkit._formats.registry",
    "FieldError": "rehabkit._core.errors",
    "FlareUp": "rehabkit._model.rules",
    "Frequency": "rehabkit._model.dosage",
    "Gate": "rehabkit._model.rules",
    "GateCheck": "rehabkit._progression.assessment",
    "Illustration": "rehabkit._view.illustrate.illustration",
    "IntRange": "rehabkit._model.units",
    "Intensity": "rehabkit._model.dosage",
    "ItemPart": "rehabkit._view.report_parts",
    "ItemStatus": "rehabkit._view.reporting",
    "Joint": "rehabkit._model.terms",
    "JointAngle": "rehabkit._model.exercise",
    "Joints": "rehabkit._model.pose",
    "Laterality": "rehabkit._model.terms",
    "Limb": "rehabkit._model.terms",
    "Load": "rehabkit._model.dosage",
    "Match": "rehabkit._model.terms",
    "Measurement": "rehabkit._model.rules",
    "MeasurementEntry": "rehabkit._model.session_log",
    "MeasurementKind": "rehabkit._model.terms",
    "Media": "rehabkit._model.media",
    "MediaUse": "rehabkit._model.media",
    "Metric": "rehabkit._model.terms",
    "MismatchError": "rehabkit._core.errors",
    "MissingExtraError": "rehabkit._core.errors",
    "Motion": "rehabkit._model.terms",
    "Muscle": "rehabkit._model.terms",
    "NameOrigin": "rehabkit._model.terms",
    "NextMorning": "rehabkit._model.terms",
    "OptionError": "rehabkit._core.errors",
    "PainGuidance": "rehabkit._model.rules",
    "Parameter": "rehabkit._model.terms",
    "ParameterChange": "rehabkit._model.rules",
    "PatientRow": "rehabkit._formats.batch",
    "PeriodUnit": "rehabkit._model.terms",
    "Person": "rehabkit._model.provenance",
    "Phase": "rehabkit._model.rules",
    "PhaseCheck": "rehabkit._progression.assessment",
    "PhaseDosage": "rehabkit._model.rules",
    "Plan": "rehabkit._model.plan",
    "PlanEvent": "rehabkit._model.plan",
    "PlanExercise": "rehabkit._model.plan",
    "PlanMeasure": "rehabkit._model.plan",
    "Pose": "rehabkit._model.pose",
    "PoseFrame": "rehabkit._model.pose",
    "Problem": "rehabkit._core.errors",
    "ProgressionRule": "rehabkit._model.rules",
    "Prop": "rehabkit._model.pose",
    "PropKind": "rehabkit._model.pose",
    "PropPlace": "rehabkit._model.pose",
    "Protocol": "rehabkit._model.protocol",
    "Provenance": "rehabkit._view.report_parts",
    "Quantity": "rehabkit._model.units",
    "Range": "rehabkit._model.units",
    "Reference": "rehabkit._model.provenance",
    "RehabkitError": "rehabkit._core.errors",
    "Report": "rehabkit._view.reporting",
    "ReportItem": "rehabkit._view.reporting",
    "Reporting": "rehabkit._model.reporting",
    "Resume": "rehabkit._model.terms",
    "ReturnWith": "rehabkit._model.terms",
    "Review": "rehabkit._model.session_log",
    "RuleCheck": "rehabkit._progression.assessment",
    "Scope": "rehabkit._model.terms",
    "SessionEntry": "rehabkit._model.session_log",
    "SessionLog": "rehabkit._model.session_log",
    "Side": "rehabkit._model.terms",
    "Statement": "rehabkit._model.reporting",
    "StopCriterion": "rehabkit._model.rules",
    "Symptom": "rehabkit._model.terms",
    "Tempo": "rehabkit._model.dosage",
    "Translation": "rehabkit._model.translation",
    "TranslationNote": "rehabkit._model.protocol",
    "Unit": "rehabkit._model.units",
    "UnknownIdError": "rehabkit._core.errors",
    "Urgency": "rehabkit._model.terms",
    "UrgentHelp": "rehabkit._model.rules",
    "ValidationError": "rehabkit._core.errors",
    "Verdict": "rehabkit._progression.assessment",
    "Versus": "rehabkit._model.criteria",
    "View": "rehabkit._model.pose",
    "advance": "rehabkit._progression.advance",
    "assess": "rehabkit._progression.assess",
    "available_exporters": "rehabkit._formats.registry",
    "bundled": "rehabkit._documents.bundled",
    "bundled_ids": "rehabkit._documents.bundled",
    "describe": "rehabkit._view.describe",
    "dump": "rehabkit._documents.api",
    "dumps": "rehabkit._documents.api",
    "export": "rehabkit._formats.registry",
    "export_many": "rehabkit._formats.batch",
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
    "problem_positions": "rehabkit._documents.positions",
    "read_patients": "rehabkit._formats.batch",
    "read_patients_file": "rehabkit._formats.batch",
    "report": "rehabkit._view.reporting",
    "schema": "rehabkit._documents.bundled",
    "schema_names": "rehabkit._documents.bundled",
    "source_texts": "rehabkit._documents.translation",
    "to_data": "rehabkit._documents.api",
    "translate": "rehabkit._documents.translation",
    "translation_problems": "rehabkit._documents.translation",
    "validate": "rehabkit._documents.api",
    "write_file": "rehabkit._core.output",
}
# --- end of the face ---


def __getattr__(name: str) -> Any:
    import importlib

    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'rehabkit' has no attribute {name!r}")
    obj = getattr(importlib.import_module(home), name)
    globals()[name] = obj  # the next use is a plain attribute
    return obj


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
