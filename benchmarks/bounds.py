"""Bounds benchmark: the largest valid protocol exported to PDF, and the largest invalid
file refused (issue 29; the promise in docs/file-format.md: any file under 2 MB validates
and exports within 10 s and 600 MB, or is refused with a problem).

Run: python benchmarks/bounds.py

Each case runs in a fresh process, so that its peak memory is its own. Machines here are
noisy, so each time is also given as a ratio to a baseline measured in the same run: the
same steps (load, personalise, PDF) for the bundled runners-knee.
"""

from __future__ import annotations

import json
import subprocess
import sys

CASE = """
import copy, json, resource, sys, time
import rehabkit as rk

def largest():
    # 50 exercises (the bound) of 100 steps (the bound), the steps as long as the 2 MB
    # file allows: the most text a valid protocol can ask a handout to set.
    data = rk.to_data(rk.bundled("runners-knee"))
    base = data["exercises"]
    sentence = "Keep the knee over the middle toes and move slowly, without pain. "
    exercises = []
    for i in range(50):
        ex = copy.deepcopy(base[i % len(base)])
        ex["id"], ex["name"] = f"{ex['id']}-{i}", f"{ex['name']} {i}"
        ex["steps"] = [(sentence * 20)[:355] + f" ({j + 1})" for j in range(100)]
        ex["safety"] = [sentence.strip()] * 20
        exercises.append(ex)
    data.update(exercises=exercises, progression_rules=[], phases=[])
    return json.dumps(data)

def codes():
    # Invalid: 600,000 empty objects in condition.codes, about 1.8 MB.
    data = rk.to_data(rk.bundled("runners-knee"))
    data["condition"]["codes"] = [{}] * 600_000
    return json.dumps(data, separators=(",", ":"))

case = sys.argv[1]
text = json.dumps(rk.to_data(rk.bundled("runners-knee"))) if case == "baseline" else (
    largest() if case == "largest" else codes())
started = time.perf_counter()
try:
    protocol, problems = rk.loads(text, rk.Protocol), []
except rk.ValidationError as exc:
    problems = exc.problems
pdf = b""
if not problems:
    plan = rk.personalise(protocol, patient="A", start="2026-12-01")
    try:
        pdf = rk.export(plan, "pdf")
    except rk.ExportError as exc:  # a handout past its bound of text is refused
        problems = [str(exc)]
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"bytes": len(text.encode()), "problems": len(problems),
                  "pdf_bytes": len(pdf), "seconds": seconds, "peak_mb": peak}))
"""


def run(case: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CASE, case], capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"{case} failed:\n{out.stderr}")
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    base = run("baseline")
    print(f"{'case':<34}{'file':>12}{'time':>10}{'ratio':>9}{'peak':>10}")
    for case, label in (
        ("baseline", "runners-knee, to PDF"),
        ("largest", "largest valid protocol, to PDF"),
        ("codes", "600,000 empty codes, refused"),
    ):
        r = base if case == "baseline" else run(case)
        what = (
            f"{int(r['problems'])} problem(s)" if r["problems"] else f"{r['pdf_bytes']:,.0f} B PDF"
        )
        print(
            f"{label:<34}{r['bytes']:>12,.0f}{r['seconds']:>9.2f}s"
            f"{r['seconds'] / base['seconds']:>8.1f}x{r['peak_mb']:>8.0f} MB   {what}"
        )
    print("promise: under 10 s and 600 MB each (docs/file-format.md)")


if __name__ == "__main__":
    main()
