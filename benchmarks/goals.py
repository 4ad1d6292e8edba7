"""Issue 28's goals, each figure beside its baseline measured in the same run.

Run: python benchmarks/goals.py [--repeat 15] [--files 100] [--src FOLDER]

- first use (``import rehabkit; rehabkit.bundled("runners-knee")``, a whole process) against
  bare ``python -c pass``; goal: at most 60 ms over it;
- the CLI PDF export of runners-knee, a whole process; goal: at most 200 ms;
- ``rehabkit.load`` with full validation against ``json.loads`` of the same file, both in
  CPU time in one process of the code timed; goal: at most 10x (on the way to 5x);
- ``rehabkit validate`` of 100 protocol files given as arguments to one process; goal: at
  most 2 s.

Processes run with bytecode caching on (as an installed package runs) and with a bundled
protocol cache in a temporary folder, warmed by one run before timing; the cold figure
(the first run, which validates and writes the cache) is printed too. Machines here are
shared, so each figure is a median and comes with its baseline from the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROTOCOL = ROOT / "protocols" / "runners-knee.json"
CPU_MS: dict[str, float] = {}
FIRST_USE = 'import rehabkit; rehabkit.bundled("runners-knee")'


def environment(cache: str, src: str) -> dict[str, str]:
    env = dict(os.environ, REHABKIT_CACHE_DIR=cache, PYTHONPATH=src)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc files
    return env


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def process_ms(argv: list[str], env: dict[str, str], repeat: int) -> float:
    """Median wall time of a whole process, after one warm-up run. Its median CPU time
    (user + system) goes into CPU_MS: on a shared machine it varies less than wall time."""
    subprocess.run(argv, env=env, check=True, capture_output=True)
    times, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), _children_cpu()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
        cpu.append(_children_cpu() - c)
    CPU_MS[" ".join(Path(a).name if "/" in a else a for a in argv[:8])] = (
        statistics.median(cpu) * 1000
    )
    return statistics.median(times) * 1000


def row(label: str, figure: float, baseline: str, goal: str) -> None:
    print(f"{label:<46}{figure:9.1f} ms   {baseline:<34}{goal}")


def protocol_folder(folder: Path, count: int) -> list[str]:
    """``count`` distinct valid protocol files: runners-knee under other ids."""
    data = json.loads(PROTOCOL.read_text(encoding="utf-8"))
    paths = []
    for n in range(count):
        data["id"] = f"runners-knee-{n:03d}"
        path = folder / f"{data['id']}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        paths.append(str(path))
    return paths


# In a process of its own, so that --src times that code's load too; CPU time of the
# process, which the machine's other work moves less than wall time.
_LOAD = """
import json, statistics, sys, time
import rehabkit as rk
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
def median(fn):
    fn()
    times = []
    for _ in range(200):
        t = time.process_time()
        for _ in range(5):
            fn()
        times.append((time.process_time() - t) / 5)
    return statistics.median(times) * 1000
print(json.dumps([median(lambda: json.loads(text)), median(lambda: rk.load(path))]))
"""


def _load_and_floor(python: str, env: dict[str, str]) -> tuple[float, float]:
    """Median CPU ms of ``json.loads`` and of ``rehabkit.load`` of runners-knee."""
    done = subprocess.run(
        [python, "-c", _LOAD, str(PROTOCOL)], env=env, check=True, capture_output=True
    )
    floor, load = json.loads(done.stdout)
    return float(floor), float(load)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="processes per timing")
    parser.add_argument("--files", type=int, default=100, help="files to validate")
    parser.add_argument(
        "--src", default=str(ROOT / "src"), help="the rehabkit source to time (e.g. an older one)"
    )
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        env = environment(str(cache), args.src)
        bare = process_ms([python, "-c", "pass"], env, args.repeat)
        t = time.perf_counter()
        subprocess.run([python, "-c", FIRST_USE], env=env, check=True, capture_output=True)
        cold = (time.perf_counter() - t) * 1000
        first = process_ms([python, "-c", FIRST_USE], env, args.repeat)
        imported = process_ms([python, "-c", "import rehabkit"], env, args.repeat)
        pdf = Path(tmp) / "out.pdf"
        export = [python, "-m", "rehabkit", "export", "runners-knee", "--format", "pdf"]
        export += ["-o", str(pdf), "--force", "--patient", "A Person", "--side", "left"]
        cli = process_ms(export, env, args.repeat)
        folder = Path(tmp) / "protocols"
        folder.mkdir()
        files = protocol_folder(folder, args.files)
        validate = [python, "-m", "rehabkit", "validate", *files]
        many = process_ms(validate, env, max(args.repeat // 3, 3))
        shutil.rmtree(cache, ignore_errors=True)

    floor, load = _load_and_floor(python, environment("", args.src))

    print(f"{'figure':<46}{'median':>12}   {'baseline (same run)':<34}goal")
    row("python -c pass", bare, "", "")
    row("import rehabkit", imported, f"{imported - bare:+.1f} ms over bare", "")
    row("first use, cache warm", first, f"{first - bare:+.1f} ms over bare", "<= 60 ms over")
    row("first use, cache cold (one run)", cold, f"{cold - bare:+.1f} ms over bare", "")
    row("CLI export runners-knee --format pdf", cli, f"{cli - bare:+.1f} ms over bare", "<= 200 ms")
    row(f"validate {args.files} files, one process", many, f"{many - bare:+.1f} ms over bare",
        "<= 2000 ms")  # fmt: skip
    print("CPU time (user + system) per process, median:")
    for argv, ms in CPU_MS.items():
        print(f"  {ms:8.1f} ms  {argv}")
    print("CPU time per call, median, in one process:")
    print(f"{'json.loads of runners-knee':<46}{floor:9.3f} ms   {'1.0x':<34}")
    print(f"{'rehabkit.load (full validation)':<46}{load:9.3f} ms   {load / floor:<34.1f}<= 10x")


if __name__ == "__main__":
    main()
