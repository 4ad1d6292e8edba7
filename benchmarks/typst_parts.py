"""Where Typst spends its time on a handout: the page layout and the PDF writing, of the
whole handout and of the handout with one part left out.

Run: python benchmarks/typst_parts.py [--repeat 7] [--protocol runners-knee] [--generic]
[--src FOLDER]

The handout is the CLI's (``--patient "A Person" --side left``; ``--generic``: the
protocol's own handout), given to Typst as the exporter gives it. Each variant of the
template is compiled in fresh processes: first ``typst.query`` (evaluation and layout, no
PDF), then ``typst.compile`` in the same process, whose layout is then cached, so that its
time is the PDF's writing (with its tags). CPU medians over ``--repeat`` processes, each
variant in turn, so that the machine's other work falls on all alike. A part's cost is the
whole's time less the time without it. A variant whose part the template no longer has in
the words below is left out (the parts are found by their text). ``--src`` names the
rehabkit source whose template and exporter are timed (this checkout's by default).
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
from typing import Any

from typst_input import typst_input

ROOT = Path(__file__).resolve().parents[1]

# Each part: the template's text that makes it, and what stands in its place.
PARTS = {
    "the log's tables": [
        ("#if d.log.halves { context {", "#if false { context {"),
        ("} } else { log-table(d.log.rows) }", "} } else { }"),
    ],
    "the exercises' cards": [("#for ex in d.exercises { card(ex) }", "")],
    "the cards' drawings": [
        (
            "#for ex in d.exercises { card(ex) }",
            "#for ex in d.exercises { card(ex + (figure: none)) }",
        )
    ],
    "the page footer's page count": [("#counter(page).final().first()", "1")],
}

_CHILD = """
import json, os, sys, time, typst
template, data_file, fonts = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
data = open(data_file, encoding="utf-8").read()
options = dict(root=os.path.dirname(template), font_paths=fonts, ignore_system_fonts=True,
               sys_inputs={"data": data})
start = time.process_time()
typst.query(template, "<log-start>", **options)
laid = time.process_time()
typst.compile(template, pdf_standards=["ua-1"], **options)
done = time.process_time()
print(json.dumps([(laid - start) * 1000, (done - laid) * 1000]))
"""


def handout_input(protocol_id: str, generic: bool) -> str:
    """The JSON the exporter hands Typst for the CLI's handout."""
    import rehabkit as rk

    document: Any = rk.bundled(protocol_id)
    if not generic:
        document = rk.personalise(document, patient="A Person", side="left", start="2026-12-01")
    data: str = typst_input(document, {})["sys_inputs"]["data"]
    return data


def variants(folder: Path, template: Path) -> dict[str, Path]:
    """The whole template, and one without each part it still has."""
    text = template.read_text(encoding="utf-8")
    made = {"the whole handout": folder / "whole.typ"}
    made["the whole handout"].write_text(text, encoding="utf-8")
    for n, (name, edits) in enumerate(PARTS.items()):
        if not all(old in text for old, _ in edits):
            print(f"(left out: the template no longer has {name} in the words looked for)")
            continue
        changed = text
        for old, new in edits:
            changed = changed.replace(old, new)
        made[f"without {name}"] = folder / f"part{n}.typ"
        made[f"without {name}"].write_text(changed, encoding="utf-8")
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="processes per variant")
    parser.add_argument("--protocol", default="runners-knee")
    parser.add_argument("--generic", action="store_true", help="the protocol's own handout")
    parser.add_argument("--src", default=str(ROOT / "src"), help="the rehabkit source to time")
    args = parser.parse_args()
    sys.path.insert(0, args.src)
    from rehabkit._formats.handout import pdf

    fonts = json.dumps(list(pdf._font_dirs()))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = folder / "data.json"
        data.write_text(handout_input(args.protocol, args.generic), encoding="utf-8")
        made = variants(folder, Path(pdf.__file__).parent / "templates" / "handout.typ")
        times: dict[str, list[list[float]]] = {name: [] for name in made}
        env = dict(os.environ)
        for _ in range(args.repeat):
            for name, path in made.items():
                argv = [sys.executable, "-c", _CHILD, str(path), str(data), fonts]
                done = subprocess.run(argv, env=env, check=True, capture_output=True, text=True)
                times[name].append(json.loads(done.stdout))
    median = {n: [statistics.median(t[i] for t in ts) for i in (0, 1)] for n, ts in times.items()}
    whole = median["the whole handout"]
    print(f"{'CPU ms, median of ' + str(args.repeat) + ' processes':<44}{'layout':>9}{'PDF':>9}"
          f"{'part: layout':>15}{'PDF':>8}")  # fmt: skip
    for name, (layout, written) in median.items():
        part = "" if name == "the whole handout" else (
            f"{whole[0] - layout:15.1f}{whole[1] - written:8.1f}")  # fmt: skip
        print(f"{name:<44}{layout:9.1f}{written:9.1f}{part}")


if __name__ == "__main__":
    main()
