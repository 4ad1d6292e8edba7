"""Rebuild the worked example: the plans from the bundled protocol, and the console output
quoted in docs/progression.md (a test checks that the quoted output is what the CLI prints).

    python docs/examples/progression/regenerate.py
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
from pathlib import Path

import rehabkit as rk
from rehabkit._app.cli import main

HERE = Path(__file__).parent
DOC = HERE.parents[1] / "progression.md"


def plans() -> None:
    plan = rk.personalise(
        rk.bundled("runners-knee"), patient="Ana Lopez", side="left", start="2026-12-01",
        frequency="daily",
    )  # fmt: skip
    rk.dump(plan, HERE / "plan-start.json", overwrite=True)
    log = rk.load(HERE / "log-steady.json", rk.SessionLog)
    day = plan.start
    while day <= dt.date(2026, 12, 9):
        plan = rk.advance(plan, rk.assess(plan, log, on=day))
        wall = [i for i in plan.exercises if i.exercise == "wall-sit"]
        if wall and wall[0].joint_angles[0].angle == rk.Quantity(60, rk.Unit.DEGREE):
            rk.dump(plan, HERE / "plan-wall-sit-60.json", overwrite=True)
        day += dt.timedelta(days=1)
    rk.dump(plan, HERE / "plan-squat.json", overwrite=True)


def console() -> None:
    def run(match: re.Match[str]) -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main(match.group(1).split()[1:])
        return f"```console\n$ {match.group(1)}\n{out.getvalue()}```"

    os.chdir(HERE)
    text = DOC.read_text()
    block = r"```console\n\$ (rehabkit assess [^\n]+)\n.*?```"
    DOC.write_text(re.sub(block, run, text, flags=re.S))


if __name__ == "__main__":
    plans()
    console()
