"""How many layout passes Typst takes for each handout: every bundled protocol's plan in A4,
Letter and large print and its blank log, and runner's knee in Spanish and Arabic.

Run: python benchmarks/typst_passes.py [--src FOLDER] [--protocol ID ...]

Typst lays a document out again while what it asked of the last layout (a mark's place,
the page count) has changed, up to five times. Each pass ends by building the document's
introspector, so the passes are counted with a gdb breakpoint on
``typst_layout::introspect::PagedIntrospector::new`` in the typst module (its symbol found
with ``nm``; needs gdb and binutils). The handouts are the exporter's own input to Typst
(plans as tests/handout_helpers.patient_plan makes them); ``--src`` names the rehabkit
source whose template and exporter are counted (this checkout's by default).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from typst_input import typst_input

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, os, sys, typst
template, data_file, options = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
options["sys_inputs"] = {"data": open(data_file, encoding="utf-8").read()}
typst.query(template, "<log-start>", root=os.path.dirname(template), **options)
"""


def introspector_symbol(module: Path) -> str:
    """The mangled name of ``PagedIntrospector::new`` in Typst's compiled module."""
    listed = subprocess.run(
        ["nm", "--defined-only", str(module)], capture_output=True, text=True, check=True
    ).stdout
    for line in listed.splitlines():
        name = line.split()[-1]
        if "PagedIntrospector" in name and name.endswith("3new"):
            return name
    raise SystemExit(f"no PagedIntrospector::new in {module}")


def handouts(protocols: list[str]) -> dict[str, tuple[Any, dict[str, Any]]]:
    """Each handout by name: its document and the exporter's options."""
    import rehabkit as rk

    sys.path.insert(0, str(ROOT))
    from tests.handout_helpers import patient_plan

    start = dt.date(2026, 12, 1)
    made: dict[str, tuple[Any, dict[str, Any]]] = {}
    for name in protocols:
        plan = patient_plan(name, start)
        made[f"{name} A4"] = (plan, {})
        made[f"{name} Letter"] = (plan, {"paper": "letter"})
        made[f"{name} large print"] = (plan, {"large_print": True})
        made[f"{name} blank log"] = (rk.bundled(name), {})
    if "runners-knee" in protocols:
        for language in ("es", "ar"):
            made[f"runners-knee {language}"] = (
                patient_plan("runners-knee", start, language=language),
                {},
            )
    return made


def passes(symbol: str, template: Path, data: Path, options: dict[str, Any]) -> int:
    """The layout passes of one compile, counted in gdb."""
    script = data.with_suffix(".gdb")
    script.write_text(
        "set pagination off\nset breakpoint pending on\n"
        f'break {symbol}\ncommands 1\nsilent\nprintf "PASS\\n"\ncontinue\nend\nrun\n',
        encoding="utf-8",
    )
    argv = ["gdb", "-q", "-batch", "-x", str(script), "--args", sys.executable, "-c", _CHILD]
    argv += [str(template), str(data), json.dumps(options)]
    out = subprocess.run(argv, capture_output=True, text=True).stdout
    return sum(line == "PASS" for line in out.splitlines())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", default=str(ROOT / "src"), help="the rehabkit source to count")
    parser.add_argument("--protocol", nargs="*", help="bundled protocols (all by default)")
    args = parser.parse_args()
    if shutil.which("gdb") is None or shutil.which("nm") is None:
        raise SystemExit("needs gdb and nm (binutils)")
    sys.path.insert(0, args.src)
    import typst

    import rehabkit as rk
    from rehabkit._formats.handout import pdf

    module = next(Path(typst.__file__).parent.glob("_typst*.so"))
    symbol = introspector_symbol(module)
    template = Path(pdf.__file__).parent / "templates" / "handout.typ"
    with tempfile.TemporaryDirectory() as tmp:
        for name, (document, options) in handouts(args.protocol or rk.bundled_ids()).items():
            asked = typst_input(document, options)
            data = Path(tmp) / "data.json"
            data.write_text(asked.pop("sys_inputs")["data"], encoding="utf-8")
            # The layout alone (a query): the PDF's standards are not its options.
            fonts = {"font_paths": list(pdf._font_dirs()), "ignore_system_fonts": True}
            print(f"{name:<40}{passes(symbol, template, data, fonts):>3} passes")


if __name__ == "__main__":
    main()
