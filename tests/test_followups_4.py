"""Follow-ups of the issues 25-27 closing notes: ranges of counts in each language's plural
forms, one Protocol.sided, names in the batch CSV, the docs tools' shared class walk, one
measure of a point's movement in picture descriptions, and a smaller patient-log form."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel import Locale

import rehabkit as rk
from rehabkit._core import i18n

LOCALE = Path(rk.__file__).parent / "locale"

# --------------------------------------------------------------------------- 1. ranges of counts

COUNTS = (1, 2, 3, 10, 11, 100)


def _catalog(language: str) -> gettext.GNUTranslations:
    with (LOCALE / language / "LC_MESSAGES" / "rehabkit.mo").open("rb") as f:
        return gettext.GNUTranslations(f)


@pytest.mark.parametrize("language", ["ar", "es"])
def test_the_catalogs_plural_forms_split_counts_as_cldr_does(language: str) -> None:
    """Two counts share a gettext form exactly when CLDR gives them the same category."""
    rule = Locale(language).plural_form
    plural = _catalog(language).plural  # type: ignore[attr-defined]
    form_of: dict[str, int] = {}
    for n in range(1000):
        assert form_of.setdefault(rule(n), plural(n)) == plural(n), (language, n)
    assert len(set(form_of.values())) == len(form_of)


def _range_words(language: str, low: int, high: int) -> str:
    with i18n.speaking(language):
        return rk.Frequency(times=low, times_max=high).describe()


@pytest.mark.parametrize("language", ["ar", "es"])
def test_a_range_of_times_takes_the_form_of_its_higher_number(language: str) -> None:
    """The noun follows the last number: each CLDR category of the higher number gets its
    own form (Arabic: dual for 2, plural for 3-10, singular for 11 and up and 100)."""
    rule = Locale(language).plural_form
    by_category: dict[str, set[str]] = {}
    for high in (2, 3, 10, 11, 24):  # 24 is the most times a period allows
        text = _range_words(language, 1, high).replace(str(high), "N")
        by_category.setdefault(rule(high), set()).add(text)
    assert all(len(texts) == 1 for texts in by_category.values()), by_category
    forms = [next(iter(t)) for t in by_category.values()]
    assert len(set(forms)) == len(forms), by_category  # a different category, a different text


ARABIC_RANGES = {
    (1, 2): "مرتين",  # the dual
    (1, 3): "مرات",
    (2, 10): "مرات",
    (3, 11): "مرة",
    (10, 24): "مرة",
}


@pytest.mark.parametrize(("low", "high"), sorted(ARABIC_RANGES))
def test_arabic_counts_a_range_of_times_by_its_higher_number(low: int, high: int) -> None:
    words = _range_words("ar", low, high).split()
    assert ARABIC_RANGES[low, high] in words, words
    if high >= 11:
        assert "مرات" not in words


RANGE = ("{low} to {high} time", "{low} to {high} times")


NOUNS = {
    "ar": dict(zip(COUNTS, ("مرة", "مرتين", "مرات", "مرات", "مرة", "مرة"), strict=True)),
    "es": dict(zip(COUNTS, ("vez", "veces", "veces", "veces", "veces", "veces"), strict=True)),
}


@pytest.mark.parametrize("language", ["ar", "es"])
@pytest.mark.parametrize("count", COUNTS)
def test_the_range_message_has_the_noun_each_count_takes(language: str, count: int) -> None:
    """Counts beyond what a frequency allows (100) read right too: the catalog, not the
    caller, chooses the noun; 11 and 100 share Arabic's singular but not its category."""
    text = _catalog(language).ngettext(*RANGE, count)
    assert text.split()[-1] == NOUNS[language][count], text


def test_spanish_counts_a_range_of_times_in_the_plural() -> None:
    assert "de 2 a 3 veces" in _range_words("es", 2, 3)
    assert "de 10 a 11 veces" in _range_words("es", 10, 11)


# --------------------------------------------------------------------------- 2. Protocol.sided

START = "2026-12-01"


@pytest.mark.parametrize("protocol_id", rk.bundled_ids())
def test_a_protocol_is_sided_when_an_exercise_works_a_limb(protocol_id: str) -> None:
    protocol = rk.bundled(protocol_id)
    assert protocol.sided is any(ex.limb is not rk.Limb.NONE for ex in protocol.exercises)
    assert protocol.sided is (protocol_id != "low-back-pain")


def test_a_trunk_only_plan_records_no_side() -> None:
    """A side means nothing for a programme of the trunk or neck alone: personalise records
    it as not stated, so no export (the FHIR condition's laterality, the plan's identity)
    carries a side the programme does not have."""
    back = rk.bundled("low-back-pain")
    for side in ("left", "right", "both", rk.Laterality.LEFT):
        plan = rk.personalise(back, start=START, side=side)
        assert plan.side is rk.Laterality.UNSPECIFIED
        fhir = rk.export(plan, "fhir").decode()
        assert '"valueCode": "left"' not in fhir and '"valueCode": "right"' not in fhir
    knee = rk.personalise(rk.bundled("runners-knee"), start=START, side="left")
    assert knee.side is rk.Laterality.LEFT


def test_a_bad_side_is_refused_even_for_a_trunk_only_protocol() -> None:
    with pytest.raises(rk.RehabkitError, match="side must be"):
        rk.personalise(rk.bundled("low-back-pain"), start=START, side="lfet")


def test_the_cli_records_no_side_for_a_trunk_only_protocol(tmp_path: Path) -> None:
    from rehabkit._app.cli import main

    out = tmp_path / "plan.json"
    args = ["export", "low-back-pain", "--format", "json", "--side", "left", "--start", START,
            "-o", str(out)]  # fmt: skip
    assert main(args) == 0
    assert rk.load(out, rk.Plan).side is rk.Laterality.UNSPECIFIED
    with pytest.raises(SystemExit) as refused:  # argparse's choices: a usage error
        main([*args[:5], "lfet", *args[6:], "--force"])
    assert refused.value.code == 2


# --------------------------------------------------------------------------- 3. names in a batch


def _fhir_patient(path: Path) -> dict[str, object]:
    import json

    bundle = json.loads(path.read_text(encoding="utf-8"))
    (patient,) = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    return dict(patient)


def test_a_batch_row_names_the_patient_as_the_single_plan_cli_does(tmp_path: Path) -> None:
    from rehabkit._app.cli import main

    single = tmp_path / "one.fhir.json"
    assert main(["export", "runners-knee", "--format", "fhir", "--patient", "Ana María López",
                 "--patient-family", "López García", "--patient-given", "Ana",
                 "--patient-given", "María", "--patient-id", "MRN-1", "--side", "left",
                 "--start", START, "-o", str(single)]) == 0  # fmt: skip
    csv = tmp_path / "patients.csv"
    csv.write_text(
        "name,id,side,start,patient_family,patient_given\n"
        f"Ana María López,MRN-1,left,{START},López García,Ana;María\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["batch", "runners-knee", str(csv), "--format", "fhir", "-o", str(out)]) == 0
    (written,) = out.iterdir()
    name = _fhir_patient(written)["name"]
    assert name == _fhir_patient(single)["name"]
    assert name == [
        {"text": "Ana María López", "family": "López García", "given": ["Ana", "María"]}
    ]


def test_a_rows_names_are_optional_and_a_blank_cell_is_no_name() -> None:
    knee = rk.bundled("runners-knee")
    text = f"name,start,patient_family,patient_given\nAna,{START}, , \nBen,{START},,\n"
    rows, problems = rk.read_patients(text, knee)
    assert problems == []
    assert [(r.plan.patient_family, r.plan.patient_given) for r in rows] == [(None, ())] * 2


def test_every_bad_name_of_a_row_is_a_problem_with_its_column() -> None:
    knee = rk.bundled("runners-knee")
    text = (
        "name,start,patient_family,patient_given\n"
        f"Ana,2026-13-01,L\x07pez,Ana;;María\n"
        f"Ben,{START},Okafor,Ben;\x01\n"
    )
    rows, problems = rk.read_patients(text, knee)
    assert rows == []
    paths = [p.path for p in problems]
    assert paths == [
        "row 2, column start",
        "row 2, column patient_family",
        "row 2, column patient_given",
        "row 3, column patient_given",
    ]
    assert "U+0007" in problems[1].message and "empty" in problems[2].message


# --------------------------------------------------------------------------- 4. one class walk

TOOLS = Path(__file__).resolve().parents[1] / "docs" / "tools"


def _tool(name: str) -> object:
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # as Griffe loads an extension: by its path
    spec.loader.exec_module(module)
    return module


def test_the_griffe_extensions_share_one_walk_of_the_packages_classes() -> None:
    griffe = pytest.importorskip("griffe")
    shared = _tool("griffe_classes")
    for extension in ("griffe_attrs", "griffe_enums"):
        module = _tool(extension)
        assert getattr(module, "classes", None) is not None, extension
        assert not hasattr(module, "_walk"), extension  # no walk of its own
    pkg = griffe.load("rehabkit", search_paths=[str(Path(rk.__file__).parents[1])])
    found = {cls.name: runtime for cls, runtime in shared.classes(pkg)}  # type: ignore[attr-defined]
    assert found["Protocol"] is rk.Protocol and found["Laterality"] is rk.Laterality
    assert all(isinstance(runtime, type) for runtime in found.values())


# --------------------------------------------------------------------------- 5. one movement measure


def test_a_part_is_still_when_neither_side_has_visibly_moved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """_still asks _moved, the one measure of a point's movement, and uses the same
    threshold (VISIBLY) the rest of the picture's description does."""
    from rehabkit._view.illustrate import alt_text

    asked: list[str] = []
    moved = {"left_ankle": alt_text.VISIBLY / 2, "right_ankle": alt_text.VISIBLY}

    def fake(start: object, end: object, name: str) -> float:
        asked.append(name)
        return moved[name]

    monkeypatch.setattr(alt_text, "_moved", fake)
    assert alt_text._still(None, None, "ankle") is False  # type: ignore[arg-type]
    assert asked == ["left_ankle", "right_ankle"]
    moved["right_ankle"] = alt_text.VISIBLY * 0.99
    assert alt_text._still(None, None, "ankle") is True  # type: ignore[arg-type]


# --------------------------------------------------------------------------- 6. the log form's size


def _log_form_markup(weeks: int = 12) -> tuple[str, int]:
    """The HTML handout's log form of a runners-knee plan, and how many inputs it has."""
    plan = rk.personalise(rk.bundled("runners-knee"), patient="Ana Lopez", side="left",
                          start=START, weeks=weeks)  # fmt: skip
    page = rk.export(plan, "html").decode()
    form = page[page.index('<div class="log-form"') : page.index("<script>")]
    return form, form.count("<input") + form.count("<select")


def test_the_log_form_says_each_inputs_context_once_per_input_and_no_more() -> None:
    """What every input repeats is only what is its own: its id, its label (the day and
    exercise included, for a screen reader) and what it writes. The 12-week form was 396
    bytes an input (632 KB for 1,596 inputs); JSON in double-quoted attributes (each quote
    5 bytes), a class on every wrapper and context span, empty attributes and the same
    inputmode on every number made a third of that."""
    form, inputs = _log_form_markup()
    assert inputs > 1500
    assert len(form.encode()) / inputs < 300, len(form.encode()) / inputs
    for repeated in ("&#34;", 'data-path=""', 'inputmode="decimal"', '<div class="log-field">',
                     '<span class="visually-hidden">'):  # fmt: skip
        assert repeated not in form, repeated


def test_the_form_still_writes_what_each_input_says() -> None:
    """The JSON a tick and an answer write reads back from the single-quoted attributes."""
    from .handout_helpers import html_handout

    plan = rk.personalise(rk.bundled("runners-knee"), side="left", start=START, weeks=1)
    form = html_handout(plan).find("div", class_="log-form")
    import json

    day = form.find("fieldset", class_="log-day")
    assert json.loads(day.attrs["data-day"] or "") == {"date": START}
    entry = day.find("fieldset", class_="log-entry")
    assert json.loads(entry.attrs["data-entry"] or "") == {"exercise": "inner-range-quads"}
    head = json.loads(form.attrs["data-head"] or "")
    assert head["protocol"] == "runners-knee"
