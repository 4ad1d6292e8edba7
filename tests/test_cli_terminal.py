"""The clinic's terminal (issue 27): output that fits the terminal, colour only when it is
asked for, plain words and plurals, ``show --language``, ``advance`` saying when nothing
changed, and ``rehabkit log`` to keep a session log from the terminal."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import rehabkit as rk
from rehabkit._app.cli import main

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "docs" / "examples" / "progression"
ESC = "\x1b["
# Each plan with a log and the dates the docs assess it on.
CASES = [
    ("plan-wall-sit-60.json", "log-steady.json", "2026-12-08"),
    ("plan-wall-sit-60.json", "log-steady.json", "2026-12-10"),
    ("plan-squat.json", "log-flare-up.json", "2026-12-13"),
    ("plan-start.json", "log-swelling.json", "2026-12-03"),
    ("plan-start.json", "log-sparse.json", "2026-12-03"),
]


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever the shell running the tests sets, each test sets what it needs.
    for name in ("COLUMNS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    said = capsys.readouterr()
    return code, said.out, said.err


class _Terminal(io.StringIO):
    """A stream that says it is a terminal, as sys.stdout is in a clinic's shell."""

    def isatty(self) -> bool:
        return True


def _on_terminal(monkeypatch: pytest.MonkeyPatch, columns: int, *argv: str) -> str:
    """What the command prints to a terminal ``columns`` wide (COLUMNS set, as a shell
    sets it when the window is resized)."""
    monkeypatch.setenv("COLUMNS", str(columns))
    screen = _Terminal()
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", screen)
        assert main([*argv, "--color", "never"]) == 0
    return screen.getvalue()


def _assess(capsys: pytest.CaptureFixture[str], case: tuple[str, str, str], *more: str) -> str:
    plan, log, on = case
    code, out, err = _run(
        capsys, "assess", str(EXAMPLES / plan), str(EXAMPLES / log), "--on", on, *more
    )
    assert code == 0, err
    return out


def _words(text: str) -> list[str]:
    return text.split()


# --------------------------------------------------------------------------- 1. fit


@pytest.mark.parametrize("columns", [40, 60, 80, 100])
@pytest.mark.parametrize("case", CASES)
def test_assess_fits_the_width_columns_asks_for(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    case: tuple[str, str, str],
    columns: int,
) -> None:
    """On main, assess printed lines of up to 284 characters whatever the width; now each
    line fits COLUMNS, and wrapping only moves words: none is lost or changed."""
    whole = _assess(capsys, case)
    plan, log, on = case
    argv = ("assess", str(EXAMPLES / plan), str(EXAMPLES / log), "--on", on)
    wrapped = _on_terminal(monkeypatch, columns, *argv)
    assert max(len(line) for line in wrapped.splitlines()) <= columns
    assert _words(wrapped) == _words(whole)


def test_piped_output_keeps_each_item_on_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documented choice: piped, nothing is wrapped (grep and diff see one line per
    criterion) whatever COLUMNS says, and the text is describe()'s with no width."""
    plan, log, on = CASES[0]
    monkeypatch.setenv("COLUMNS", "60")
    out = _assess(capsys, CASES[0])
    result = rk.assess(rk.load(EXAMPLES / plan), rk.load(EXAMPLES / log), on=on)
    protocol = rk.load(EXAMPLES / plan).protocol
    assert out.rstrip("\n") == rk.describe(result, protocol=protocol, width=None)
    assert any(len(line) > 100 for line in out.splitlines())


@pytest.mark.parametrize("ident", rk.bundled_ids())
def test_show_fits_the_width(monkeypatch: pytest.MonkeyPatch, ident: str) -> None:
    out = _on_terminal(monkeypatch, 50, "show", ident)
    # A word longer than the line (a web address) is the only thing that may stick out.
    too_long = [line for line in out.splitlines() if len(line) > 50 and " " in line.strip()]
    assert too_long == []


def test_library_describe_wraps_every_line_to_its_width() -> None:
    plan, log, on = CASES[4]
    result = rk.assess(rk.load(EXAMPLES / plan), rk.load(EXAMPLES / log), on=on)
    for width in (60, 88):
        text = rk.describe(result, width=width)
        assert max(map(len, text.splitlines())) <= width


def test_list_is_a_table_whose_titles_line_up(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = _run(capsys, "list")
    assert code == 0
    ids = rk.bundled_ids()
    starts = {
        line.index(rk.bundled(i).title) for i, line in zip(ids, out.splitlines(), strict=True)
    }
    assert starts == {max(map(len, ids)) + 2}
    lines = _on_terminal(monkeypatch, 50, "list").splitlines()
    assert max(map(len, lines)) <= 50
    column = starts.pop()
    # A title too long for the line goes on under the title column, not under the id.
    assert all(line[:column].strip() in ("", *ids) for line in lines)
    assert any(line[:column].strip() == "" for line in lines)


def test_exporters_is_a_table_whose_columns_line_up(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = _on_terminal(monkeypatch, 60, "exporters").splitlines()
    assert max(map(len, lines)) <= 60
    rows = [line for line in lines if not line.startswith(" ")]
    media = {line.index(m) for line in rows for m in re.findall(r"\b\w+/[\w+.-]+", line)}
    assert len(media) == 1  # every media type starts in the same column


# --------------------------------------------------------------------------- 1. colour


def test_colour_only_when_asked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Piped: no colour; --color always, or FORCE_COLOR, colours each verdict (hold
    yellow, progress green, regress and stop red); NO_COLOR wins over FORCE_COLOR; --color
    never wins over both."""
    assert ESC not in _assess(capsys, CASES[0])
    coloured = _assess(capsys, CASES[0], "--color", "always")
    assert "Wall Sit: \x1b[33mHOLD\x1b[0m" in coloured
    assert re.sub(r"\x1b\[\d+m", "", coloured) == _assess(capsys, CASES[0])
    assert "\x1b[32mPROGRESS\x1b[0m" in _assess(capsys, CASES[1], "--color", "always")
    assert "\x1b[31mREGRESS\x1b[0m" in _assess(capsys, CASES[2], "--color", "always")
    assert "\x1b[31mSTOP\x1b[0m" in _assess(capsys, CASES[3], "--color", "always")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert ESC in _assess(capsys, CASES[0])
    assert ESC not in _assess(capsys, CASES[0], "--color", "never")
    monkeypatch.setenv("NO_COLOR", "1")
    assert ESC not in _assess(capsys, CASES[0])
    assert ESC in _assess(capsys, CASES[0], "--color", "always")


def test_problems_are_red_when_coloured(capsys: pytest.CaptureFixture[str]) -> None:
    bad = str(ROOT / "tests" / "data" / "invalid" / "zero-sets.json")
    code, _, err = _run(capsys, "show", bad, "--color", "always")
    assert code == 1
    assert err.startswith("\x1b[31m") and err.rstrip("\n").endswith("\x1b[0m")
    code, _, err = _run(capsys, "show", bad)
    assert ESC not in err
    # validate's text report too: each problem red, "valid" left plain.
    code, out, _ = _run(capsys, "validate", "runners-knee", bad, "--color", "always")
    assert code == 1
    assert "runners-knee: valid\n" in out
    assert all(line.startswith("\x1b[31m") for line in out.splitlines() if "zero-sets" in line)
    assert ESC not in _run(capsys, "validate", bad)[1]


def test_a_value_cannot_smuggle_colour_in(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Colour is added after a file's control characters are escaped: a value holding an
    escape sequence still shows it as text, and the only escapes printed are rehabkit's."""
    path = tmp_path / "log\x1b[32m.json"  # a file's name is a value too
    path.write_text('{"entries": 3}', encoding="utf-8")
    code, _, err = _run(capsys, "show", str(path), "--color", "always")
    assert code == 1 and "\\x1b[32m" in err
    assert set(re.findall(r"\x1b\[\d*m", err)) == {"\x1b[31m", "\x1b[0m"}


def _in_a_terminal(argv: list[str], columns: int, env: dict[str, str]) -> str:
    """What the command prints to a real terminal ``columns`` wide."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    environment.update({"TERM": "xterm", "PYTHONPATH": str(ROOT / "src"), **env})
    done = subprocess.Popen(
        [sys.executable, "-m", "rehabkit", *argv], stdout=follower, stderr=follower,
        env=environment,
    )  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert done.wait(timeout=120) == 0
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_a_real_terminal_gets_its_width_and_colour() -> None:
    plan, log, on = CASES[0]
    argv = ["assess", str(EXAMPLES / plan), str(EXAMPLES / log), "--on", on]
    shown = _in_a_terminal(argv, 72, {})
    assert "\x1b[33mHOLD\x1b[0m" in shown
    plain = re.sub(r"\x1b\[\d+m", "", shown)
    assert max(map(len, plain.splitlines())) <= 72
    assert ESC not in _in_a_terminal(argv, 72, {"NO_COLOR": "1"})


# --------------------------------------------------------------------------- 2. words


def _decision_blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    for line in text.splitlines():
        if re.match(r"^\S.*: (PROGRESS|HOLD|REGRESS|STOP)\b", line):
            blocks.append([])
        elif blocks:
            blocks[-1].append(line)
    return blocks


@pytest.mark.parametrize("case", CASES)
def test_each_criterion_is_printed_once_per_rule(
    capsys: pytest.CaptureFixture[str], case: tuple[str, str, str]
) -> None:
    """On main an unknown criterion was printed in its rule and again as "missing:"; now
    each decision prints each criterion exactly as often as the rules shown check it."""
    plan, log, on = case
    result = rk.assess(rk.load(EXAMPLES / plan), rk.load(EXAMPLES / log), on=on)
    blocks = _decision_blocks(_assess(capsys, case))
    assert len(blocks) == len(result.decisions)
    for decision, block in zip(result.decisions, blocks, strict=True):
        shown = [r for r in decision.rules if r.kind != "stop" or r.fired]  # as --verbose
        for rule in shown:
            for check in rule.checks:
                text = check.criterion.describe()
                expected = sum(c.criterion.describe() == text for r in shown for c in r.checks)
                assert sum(text in line for line in block) == expected, text
        assert not any(line.strip().startswith("missing:") for line in block)


@pytest.mark.parametrize("case", CASES)
def test_no_internal_names_in_assess(capsys: pytest.CaptureFixture[str], case: tuple) -> None:
    out = _assess(capsys, case)
    assert not re.search(r"\b(joint_angle|reps_in_reserve|load_level|deg)\b", out), out
    assert "_" not in re.sub(r"rule [\w-]+|\([\w-]+\)", "", out)


def test_no_internal_names_in_a_plan_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "show", str(EXAMPLES / "plan-wall-sit-60.json"))
    assert code == 0
    assert "knee bend 60 degrees" in out and not re.search(r"\bdeg\b", out)


def test_change_notes_name_the_joint_and_spell_degrees() -> None:
    plan = rk.load(EXAMPLES / "plan-start.json")
    result = rk.assess(plan, rk.load(EXAMPLES / "log-sparse.json"), on="2026-12-03")
    notes = [r.note for d in result.decisions for r in d.rules if r.note]
    assert "knee angle already at the limit (30 degrees)" in notes


def _bundled_languages() -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = [(i, None) for i in rk.bundled_ids()]
    for path in sorted((ROOT / "protocols" / "translations").glob("*.json")):
        ident, language = path.stem.rsplit(".", 1)
        found.append((ident, language))
    return found


@pytest.mark.parametrize(("ident", "language"), _bundled_languages())
def test_show_fills_every_placeholder(
    capsys: pytest.CaptureFixture[str], ident: str, language: str | None
) -> None:
    """On main, show printed "{leg}" and "{other leg}" raw; now a protocol says the words
    a handout made of it says ("treated leg"), in every bundled language too, which show
    now takes with --language as export does."""
    argv = ["show", ident] + (["--language", language] if language else [])
    code, out, err = _run(capsys, *argv)
    assert code == 0, err
    assert not re.search(r"\{[a-z ]+\}", out)


def test_show_language_speaks_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "show", "runners-knee", "--language", "es")
    assert code == 0
    assert "su pierna tratada" in out and "3 series de 12 repeticiones" in out
    # The summary's own words too, not English labels around Spanish text.
    assert "Dosis: 3 series" in out and "Debería notar:" in out and "Fuentes" in out
    assert not re.search(r"^\s*(Dosage|Start|You should feel|Condition|Programme):", out, re.M)


def test_show_language_refusals(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "show", "runners-knee", "--language", "fr")
    assert code == 2 and "'fr'" in err
    plan = str(EXAMPLES / "plan-start.json")
    code, _, err = _run(capsys, "show", plan, "--language", "es")
    assert code == 2 and "rehabkit export --language" in err


def test_advance_says_when_nothing_changed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """On main, advance printed only "wrote NEXT" when every exercise held: now it says
    plainly that nothing changed, and still writes the next plan (the same plan)."""
    plan = EXAMPLES / "plan-wall-sit-60.json"
    log = str(EXAMPLES / "log-steady.json")
    nxt = tmp_path / "next.json"
    code, _, err = _run(capsys, "advance", str(plan), log, "--on", "2026-12-08", "-o", str(nxt))
    assert code == 0
    assert err.startswith("rehabkit: No change: ")
    assert "(the plan stays as it is)" in err and f"wrote {nxt}, the same plan" in err
    assert rk.load(nxt) == rk.load(plan)
    code, _, err = _run(
        capsys, "advance", str(plan), log, "--on", "2026-12-10", "-o", str(nxt), "--force"
    )
    assert code == 0 and "No change" not in err and f"wrote {nxt}" in err


def test_counts_agree_with_their_nouns(tmp_path: Path) -> None:
    """On main: "1 sessions of 1 exercises on 1 days", "1 measurements", "(1 weeks)"."""
    log = rk.SessionLog(protocol="runners-knee", patient="Ana")
    log = log.log_session("wall-sit", "2026-12-01", pain_during=1)
    log = log.with_measurement("effusion", "2026-12-01", level="trace")
    log = log.with_review("2026-12-02", clinician="Dr Rivera")
    text = rk.describe(log)
    assert "1 session of 1 exercise on 1 day," in text
    assert "1 measurement (effusion)" in text and "1 clinician review," in text
    assert "1 session," in repr(log) and "1 review>" in repr(log)
    plan = rk.personalise(rk.bundled("runners-knee"), start="2026-12-01", weeks=1)
    assert "(1 week)" in rk.describe(plan)


# A count in an f-string followed by a plural noun: "{len(rows)} rows", "{n} sessions".
_COUNT_THEN_PLURAL = re.compile(r"\{(len\([^}]*\)|n|count|total)(:,)?\} [a-z]+s\b")


def test_no_count_is_glued_to_a_plural() -> None:
    """Every count the CLI and the model's summaries print goes through counted()."""
    sources = [*sorted((ROOT / "src" / "rehabkit" / "_app").glob("*.py"))]
    sources += [ROOT / "src" / "rehabkit" / "_model" / f for f in ("plan.py", "session_log.py")]
    found = [
        f"{path.name}: {line.strip()}"
        for path in sources
        for line in path.read_text(encoding="utf-8").splitlines()
        if _COUNT_THEN_PLURAL.search(line)
    ]
    assert found == []


# --------------------------------------------------------------------------- 3. log


def _plan(tmp_path: Path) -> Path:
    plan = rk.personalise(
        rk.bundled("runners-knee"), patient="Ana Lopez", side="left", start="2026-12-01",
        frequency="daily",
    )  # fmt: skip
    path = tmp_path / "plan.json"
    path.write_text(rk.dumps(plan), encoding="utf-8")
    return path


# One week, as Ana writes it on the paper log: (day, exercise, pain during, pain after).
_PAIN = {0: (2, 1), 1: (1, 1), 2: (1, 0), 3: (3, 2), 4: (1, 0), 5: (0, 0), 6: (1, 0)}
_MORNINGS = ("same", "better", "same", "worse", "same", "better", "same")


def test_a_week_typed_in_equals_the_week_built_in_python(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plan_path = _plan(tmp_path)
    plan = rk.load(plan_path, rk.Plan)
    log_path = tmp_path / "log.json"
    code, _, err = _run(capsys, "log", "start", str(plan_path), "-o", str(log_path))
    assert code == 0, err
    expected = rk.SessionLog(protocol="runners-knee", patient="Ana Lopez")
    for offset, (during, after) in _PAIN.items():
        day = (dt.date(2026, 12, 1) + dt.timedelta(days=offset)).isoformat()
        for item in plan.exercises:
            argv = ["log", "add", str(log_path), "--date", day, "--exercise", item.exercise,
                    "--pain-during", str(during), "--pain-after", str(after),
                    "--pain-settled-after", "30min", "--as-prescribed", str(plan_path)]  # fmt: skip
            code, _, err = _run(capsys, *argv)
            assert code == 0, err
            expected = expected.log_session(
                item.exercise, day, pain_during=during, pain_after=after, as_prescribed=plan,
                pain_settled_after=rk.Quantity(30, "min"),
            )  # fmt: skip
        code, _, err = _run(
            capsys, "log", "next-morning", str(log_path), "--date", day, _MORNINGS[offset]
        )
        assert code == 0, err
        expected = expected.with_next_morning(day, _MORNINGS[offset])
    more = [
        (["log", "measure", str(log_path), "--date", "2026-12-07", "knee flexion",
          "--value", "95deg"], lambda x: x.with_measurement("knee flexion", "2026-12-07",
                                                            value=95, unit="deg")),
        (["log", "measure", str(log_path), "--date", "2026-12-07", "effusion", "--level",
          "trace"], lambda x: x.with_measurement("effusion", "2026-12-07", level="trace")),
        (["log", "review", str(log_path), "--date", "2026-12-07", "--clinician", "Dr Rivera",
          "--note", "carry on"], lambda x: x.with_review("2026-12-07", clinician="Dr Rivera",
                                                         note="carry on")),
    ]  # fmt: skip
    for argv, build in more:
        code, _, err = _run(capsys, *argv)
        assert code == 0, err
        expected = build(expected)
    typed = rk.load(log_path, rk.SessionLog)
    assert typed == expected
    assert log_path.read_text(encoding="utf-8") == rk.dumps(expected)
    on = "2026-12-08"
    assert rk.assess(plan, typed, on=on).to_data() == rk.assess(plan, expected, on=on).to_data()
    code, _out, _ = _run(capsys, "assess", str(plan_path), str(log_path), "--format", "json")
    assert code == 0


def _started(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[Path, Path]:
    plan_path = _plan(tmp_path)
    log_path = tmp_path / "log.json"
    assert _run(capsys, "log", "start", str(plan_path), "-o", str(log_path))[0] == 0
    argv = ["log", "add", str(log_path), "--date", "2026-12-01", "--exercise", "wall-sit",
            "--pain-during", "2"]  # fmt: skip
    assert _run(capsys, *argv)[0] == 0
    return plan_path, log_path


@pytest.mark.parametrize(
    ("argv", "path"),
    [
        (["add", "--date", "2026-12-02", "--exercise", "wall-sit", "--pain-during", "11"],
         "entries[1].pain_during"),
        (["add", "--date", "2026-02-30", "--exercise", "wall-sit", "--pain-during", "1"],
         "entries[1].date"),
        (["add", "--date", "2026-12-02", "--exercise", "wall-sit", "--pain-during", "1",
          "--hold", "10kg"], "entries[1].hold"),
        (["add", "--date", "2026-12-02", "--exercise", "wall-sit", "--pain-during", "1",
          "--hold", "ten seconds"], "entries[1].hold"),
        (["add", "--date", "2026-12-02", "--exercise", "wall-sit", "--pain-during", "1",
          "--symptom", "sneezing"], "entries[1].symptoms"),
        (["add", "--date", "2026-12-02", "--exercise", "no-such-exercise", "--pain-during",
          "1", "--as-prescribed", "PLAN"], "entries[1].exercise"),
        (["next-morning", "--date", "2026-12-05", "same"], "entries"),
        (["measure", "--date", "2026-12-02", "knee flexion", "--value", "95"],
         "measurements[0].value"),
        (["measure", "--date", "2026-12-02", "knee flexion", "--value", "95parsecs"],
         "measurements[0].unit"),
        (["review", "--date", "yesterday"], "reviews[0].date"),
    ],
)  # fmt: skip
def test_a_bad_value_names_its_path_and_leaves_the_log_as_it_was(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], path: str
) -> None:
    plan_path, log_path = _started(capsys, tmp_path)
    before = log_path.read_bytes()
    argv = [str(plan_path) if a == "PLAN" else a for a in argv]
    code, _out, err = _run(capsys, "log", argv[0], str(log_path), *argv[1:])
    assert code == 2, err
    assert err.startswith(f"rehabkit: log {argv[0]}: {log_path}: {path}: ")
    assert err.rstrip().endswith("(the log is unchanged)") and err.count("\n") == 1
    assert log_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.json", "plan.json"]


def test_log_start_refuses_to_overwrite_and_needs_a_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plan_path, log_path = _started(capsys, tmp_path)
    before = log_path.read_bytes()
    code, _, err = _run(capsys, "log", "start", str(plan_path), "-o", str(log_path))
    assert code == 1 and "exists" in err and log_path.read_bytes() == before
    code, _, err = _run(capsys, "log", "start", "runners-knee", "-o", str(tmp_path / "x.json"))
    assert code == 2 and "a log starts from a plan" in err
    assert not (tmp_path / "x.json").exists()


def test_log_add_to_a_file_that_is_not_a_log(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plan_path = _plan(tmp_path)
    before = plan_path.read_bytes()
    argv = ["log", "add", str(plan_path), "--date", "2026-12-01", "--exercise", "wall-sit",
            "--pain-during", "1"]  # fmt: skip
    code, _, err = _run(capsys, *argv)
    assert code == 1 and str(plan_path) in err
    assert plan_path.read_bytes() == before


# --------------------------------------------------------------------------- docs


@pytest.mark.parametrize("page", ["docs/cli.md", "docs/session-log.md"])
def test_the_terminal_pages_run_as_written(page: str, tmp_path: Path) -> None:
    """Every console block of the pages this part documents runs, in order, in a fresh
    folder, exits as the page says and prints what it shows (docs_helpers' runner)."""
    from .docs_helpers import blocks, run_console

    for name in ("protocols", "docs"):
        (tmp_path / name).symlink_to(ROOT / name)
    consoles = blocks(ROOT / page, ("console",))
    assert consoles
    for _, code, line in consoles:
        run_console(code, tmp_path, f"{page}, line {line}")
