"""Where the CLI's PDF export spends its time: each step of ``rehabkit export runners-knee
--format pdf --patient ... --side left``, timed in a fresh process as the command takes it.

Run: python benchmarks/cli_pdf.py [--repeat 9] [--src FOLDER] [--generic]

Each step's CPU time (user + system), median over ``--repeat`` processes, beside a bare
``python -c pass`` of the same run. The last line compiles the same handout again in the
same process with another patient's name: Typst's caches are warm and only the layout is
left, so it is the floor of the first compile (the rest of that one is Typst's setup).
Bundled protocols, and the handout's drawings, come from a warm cache in a temporary folder, as
in benchmarks/goals.py.
``--generic`` times ``rehabkit export runners-knee --format pdf`` as it is, with no
``--patient``: the protocol's own handout, with no plan made (and no last line: its text
has no name to change).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The command's steps, each ended by mark(); the names are printed in this order.
_STEPS = """
import json, time
clock = time.process_time
times, last = {}, [clock()]
def mark(name):
    now = clock(); times[name] = (now - last[0]) * 1000; last[0] = now
from rehabkit._app import cli
try:
    parser = cli.build_parser(ARGV)
except TypeError:  # older code (--src): every command's parser
    parser = cli.build_parser()
args = parser.parse_args(ARGV)
mark("the CLI: imports and its parser")
from rehabkit._formats import registry
exporter = registry.get_exporter("pdf")
mark("the model, the view and the PDF exporter: imports")
import rehabkit as rk
protocol = rk.bundled("runners-knee")
mark("the bundled protocol (cache warm)")
plan = protocol if GENERIC else rk.personalise(
    protocol, patient="A Person", side="left", start="2026-12-01")
mark("personalise")
from rehabkit._formats.handout import pdf
from rehabkit._view.handout import view_model
data = view_model(plan)
mark("the view model, its figures drawn (or kept: cache warm)")
inputs = {}
real = pdf._compiler
class Keeping:
    def __init__(self, compiler): self.compiler = compiler
    def compile(self, **options):
        inputs.update(options); return self.compiler.compile(**options)
pdf._compiler = lambda fonts: Keeping(real(fonts))
exporter.export(plan)
mark("the PDF exporter (view model again, Typst's setup and first compile)")
if GENERIC:
    print(json.dumps(times)); raise SystemExit
renamed = inputs["sys_inputs"]["data"].replace("A Person", "B Person")
again = dict(inputs, sys_inputs={"data": renamed})
real(tuple(pdf._font_dirs())).compile(**again)
mark("Typst again, another name (its layout alone)")
print(json.dumps(times))
"""


def _environment(cache: str, src: str) -> dict[str, str]:
    env = dict(os.environ, REHABKIT_CACHE_DIR=cache, PYTHONPATH=src)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc files
    return env


def _cpu_ms(argv: list[str], env: dict[str, str]) -> float:
    before = os.times()
    subprocess.run(argv, env=env, check=True, capture_output=True)
    after = os.times()
    return (after.children_user + after.children_system - before.children_user
            - before.children_system) * 1000  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="processes per figure")
    parser.add_argument("--src", default=str(ROOT / "src"), help="the rehabkit source to time")
    parser.add_argument("--generic", action="store_true", help="no --patient: no plan made")
    args = parser.parse_args()
    argv = ["export", "runners-knee", "--format", "pdf", "-o", "x.pdf"]
    if not args.generic:
        argv += ["--patient", "A Person", "--side", "left"]
    code = _STEPS.replace("ARGV", repr(argv)).replace("GENERIC", repr(args.generic))
    with tempfile.TemporaryDirectory() as tmp:
        env = _environment(str(Path(tmp) / "cache"), args.src)
        python = sys.executable
        subprocess.run([python, "-c", code], env=env, check=True, capture_output=True)
        bare, steps = [], []
        for _ in range(args.repeat):
            bare.append(_cpu_ms([python, "-c", "pass"], env))
            done = subprocess.run([python, "-c", code], env=env, check=True, capture_output=True)
            steps.append(json.loads(done.stdout))
    print(f"{'step (CPU ms, median of ' + str(args.repeat) + ' processes)':<72}{'ms':>8}")
    print(f"{'python -c pass (baseline, same run)':<72}{statistics.median(bare):8.1f}")
    for name in steps[0]:
        print(f"{name:<72}{statistics.median(s[name] for s in steps):8.1f}")


if __name__ == "__main__":
    main()
