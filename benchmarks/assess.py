"""Assessment benchmark: a one-year daily log for the runner's-knee plan.

Run: python benchmarks/assess.py [--repeat 21]

Reports the median time of ``rehabkit.assess`` over the whole log, and, as a baseline in
the same run, the time to sort the log's entries by date (the least any evaluation must
do), so the ratio is comparable between noisy machines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random

from timing import median_ms

import rehabkit as rk

START = dt.date(2026, 1, 1)


def year_log(plan: rk.Plan, seed: int = 1) -> rk.SessionLog:
    rnd = random.Random(seed)
    entries = []
    for n in range(365):
        day = START + dt.timedelta(days=n)
        for item in plan.exercises:
            entries.append(
                rk.SessionEntry(
                    date=day,
                    exercise=item.exercise,
                    sets=3,
                    repetitions=rnd.choice([10, 12, 12, 12]),
                    hold=item.dosage.hold,
                    pain_during=rnd.choice([0, 1, 1, 2, 2, 3, 4]),
                    pain_after=rnd.choice([0, 0, 1, 2]),
                    pain_settled_after=rk.Quantity(rnd.choice([0, 10, 30, 45]), rk.Unit.MINUTE),
                    next_morning=rnd.choice(list(rk.NextMorning)),
                )
            )
    rnd.shuffle(entries)
    return rk.SessionLog(protocol="runners-knee", entries=entries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21, help="runs per timing")
    args = parser.parse_args()
    plan = rk.personalise(rk.bundled("runners-knee"), start=START, frequency="daily", weeks=52)
    log = year_log(plan)
    on = START + dt.timedelta(days=365)
    base = median_ms(lambda: sorted(log.entries, key=lambda e: e.date), args.repeat)
    ms = median_ms(lambda: rk.assess(plan, log, on=on), args.repeat)
    print(f"log: {len(log.entries)} entries (365 days x {len(plan.exercises)} exercises)")
    print(f"{'baseline: sort entries by date':<36}{base:8.2f} ms   1.0x")
    print(f"{'rehabkit.assess(plan, log, on=...)':<36}{ms:8.2f} ms {ms / base:6.1f}x")


if __name__ == "__main__":
    main()
