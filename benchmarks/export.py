"""Export benchmark: time per format, import cost, and a 500-handout batch on every core.

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
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
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


def one_handout(n: int, folder: str) -> int:
    pdf = rk.export(plan_for(n), "pdf")
    rk.write_file(Path(folder) / f"handout-{n:04d}.pdf", pdf)
    return len(pdf)


def batch(count: int, workers: int, folder: str, label: str) -> float:
    t = time.perf_counter()
    done = 0
    # spawn, not fork: forking after Typst's worker threads have run can deadlock a child.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(one_handout, n, folder) for n in range(count)]
        for future in as_completed(futures):
            future.result()
            done += 1
            if done % 10 == 0 or done == count:
                rate = done / (time.perf_counter() - t)
                print(
                    f"\r  {label}: {done}/{count} handouts, {rate:.1f}/s", end="", file=sys.stderr
                )
    print(file=sys.stderr)
    return count / (time.perf_counter() - t)


def import_ms(statement: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


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
         " + sorted(m for m in sys.modules if m.startswith('rehabkit._exporters.')"
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
