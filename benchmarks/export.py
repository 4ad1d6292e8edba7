"""Export benchmark: time per format, import cost, a whole command, the largest plan, and a
batch on every core (rehabkit.export_many).

Run: python benchmarks/export.py [--batch 500] [--repeat 15]

Machines here are noisy, so each figure comes with a baseline measured in the same run and
is reported as a ratio to it:
- each export against ``rehabkit.dumps`` of the same plan (pure serialisation);
- the PDF also against Typst compiling a one-line document (the engine's floor);
- ``import rehabkit`` against starting Python with nothing imported;
- the batch on all cores against the same work on one core.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import median_ms

import rehabkit as rk

START = dt.date(2026, 12, 1)


def plan_for(n: int) -> rk.Plan:
    return rk.personalise(
        rk.bundled("runners-knee"),
        patient=f"Patient {n:04d}",
        side=("left", "right", "both")[n % 3],
        start=START + dt.timedelta(days=n % 28),
        frequency=("daily", "alternate-days")[n % 2],
        weeks=6,
    )


def batch(count: int, workers: int, folder: str, label: str) -> float:
    """Handouts per second of rehabkit.export_many on ``workers`` processes."""
    items = [(Path(folder) / f"handout-{n:04d}.pdf", plan_for(n)) for n in range(count)]

    def progress(done: int, total: int) -> None:
        print(f"\r  {label}: {done}/{total} handouts", end="", file=sys.stderr)

    t = time.perf_counter()
    result = rk.export_many(items, "pdf", workers=workers, progress=progress)
    elapsed = time.perf_counter() - t
    print(file=sys.stderr)
    assert result.ok, result.failed
    return count / elapsed


def import_ms(statement: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def bare_typst_compile(plan: rk.Plan) -> bytes:
    """What the PDF exporter asks of Typst, done the plain way: a fresh typst.compile with
    the same template, fonts and inputs (what every handout cost before a kept compiler)."""
    import json

    import typst

    from rehabkit._formats.handout import pdf
    from rehabkit._view.handout import view_model

    data = view_model(plan, large_print=False, illustrations=True)
    data["paper"] = pdf.PAPERS["a4"]
    data["fonts"] = pdf._fonts(pdf._characters(data))
    data["ccmp"] = pdf._complex_script(pdf._characters(data))
    result: bytes = typst.compile(
        pdf._template(),
        font_paths=pdf._font_dirs(),
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(pdf._for_typst(data), ensure_ascii=False)},
        pdf_standards=pdf.STANDARDS["ua-1"],
    )
    return result


def whole_process(repeat: int) -> None:
    command = "rehabkit export runners-knee --format pdf -o - --patient A --start 2026-12-01"
    export = [sys.executable, "-m", "rehabkit", *command.split()[1:]]
    # As an installed package runs: with its bytecode written (pip compiles it on install;
    # PYTHONDONTWRITEBYTECODE, set on some machines, would compile every module every run).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(export, check=True, stdout=subprocess.DEVNULL, env=env)  # writes it
    times = []
    for _ in range(max(repeat // 2, 5)):
        t = time.perf_counter()
        subprocess.run(export, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - t)
    bare = import_ms("pass", max(repeat // 2, 5))
    ms = statistics.median(times) * 1000
    print(f"{'python -c pass':<34}{bare:8.2f} ms")
    print(f"{command[:34]:<34}{ms:8.2f} ms   (whole process, {ms / bare:.1f}x bare Python)")


LARGEST = """
import copy, resource, sys, time, rehabkit as rk
data = rk.to_data(rk.bundled("runners-knee"))
exercises = []
for i in range(int(sys.argv[1])):
    ex = copy.deepcopy(data["exercises"][i % len(data["exercises"])])
    ex["id"], ex["name"] = f"{ex['id']}-{i}", f"{ex['name']} {i}"
    exercises.append(ex)
data.update(exercises=exercises, progression_rules=[], phases=[])
try:
    protocol = rk.from_data(data, rk.Protocol)
except rk.ValidationError as exc:
    print("refused:", exc.problems[0]); sys.exit()
plan = rk.personalise(protocol, start="2026-12-01", weeks=104, side="left", patient="X")
t = time.perf_counter()
try:
    pdf = rk.export(plan, "pdf")
except rk.ExportError as exc:
    print("refused:", exc); sys.exit()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{len(pdf) / 1e6:.1f} MB PDF in {time.perf_counter() - t:.1f} s, peak {peak:.0f} MB")
"""


def largest_plan() -> None:
    for count in (500, 50, 27):  # refused by the format; by the handout's log; the largest
        done = subprocess.run(
            [sys.executable, "-c", LARGEST, str(count)], capture_output=True, text=True, check=True
        )
        print(f"{count}-exercise, 104-week plan handout: {done.stdout.strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=500, help="handouts in the batch")
    parser.add_argument("--repeat", type=int, default=15, help="runs per timing")
    args = parser.parse_args()

    plan = plan_for(0)
    print(
        f"runner's-knee plan: {len(plan.session_dates())} sessions, {len(plan.exercises)} exercises"
    )
    base = median_ms(lambda: rk.dumps(plan), args.repeat)
    print(f"{'baseline rk.dumps(plan)':<34}{base:8.2f} ms   1.0x")
    for fmt, options in (
        ("json", {}),
        ("fhir", {"fhir_version": "R4"}),
        ("fhir", {"fhir_version": "R5"}),
        ("pdf", {}),
    ):
        ms = median_ms(lambda f=fmt, o=options: rk.export(plan, f, **o), args.repeat)
        label = f"export {fmt} {' '.join(str(v) for v in options.values())}".strip()
        print(f"{label:<34}{ms:8.2f} ms {ms / base:6.1f}x")

    import typst

    floor = median_ms(lambda: typst.compile(b"Hello"), args.repeat)
    pdf_ms = median_ms(lambda: rk.export(plan, "pdf"), args.repeat)
    print(f"{'typst one-line document':<34}{floor:8.2f} ms   (pdf handout = {pdf_ms / floor:.1f}x)")
    bare_typst = median_ms(lambda: bare_typst_compile(plan), max(args.repeat // 3, 5))
    print(
        f"{'typst.compile, the same inputs':<34}{bare_typst:8.2f} ms"
        f"   (pdf handout = {pdf_ms / bare_typst:.2f}x: a kept compiler and its fonts)"
    )
    whole_process(args.repeat)
    largest_plan()

    bare = import_ms("pass", args.repeat)
    imp = import_ms("import rehabkit", args.repeat)
    print(f"{'python -c pass':<34}{bare:8.2f} ms")
    print(
        f"{'python -c import rehabkit':<34}{imp:8.2f} ms"
        f"   (+{imp - bare:.1f} ms, {imp / bare:.2f}x)"
    )
    heavy = subprocess.run(
        [sys.executable, "-c",
         "import sys, rehabkit; print(sorted({m.split('.')[0] for m in sys.modules}"
         " & {'typst', 'jsonschema', 'fhir', 'pypdf', 'yaml'})"
         " + sorted(m for m in sys.modules if m.startswith('rehabkit._formats.')"
         " and not m.endswith('registry')))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    print(f"heavy modules imported by 'import rehabkit': {heavy}")

    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        sample = max(cores * 10, args.batch // 10)
        one = batch(sample, 1, folder, "1 core ")
    with tempfile.TemporaryDirectory() as folder:
        many = batch(args.batch, cores, folder, f"{cores} cores")
    print(f"batch of {sample} on 1 core: {one:.1f} handouts/s")
    print(
        f"batch of {args.batch} on {cores} cores: {many:.1f} handouts/s"
        f" ({many / one:.2f}x one core)"
    )


if __name__ == "__main__":
    main()
