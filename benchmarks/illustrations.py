"""Illustration benchmark: what drawing the exercises adds to a handout.

Run: python benchmarks/illustrations.py [--repeat 15]

Each figure is a ratio measured in the same run (these machines are noisy): the
runner's-knee handout with its six drawings against the same handout without them, for the
PDF and the HTML exporters, and drawing the six figures alone against serialising the plan.
"""

from __future__ import annotations

import argparse
import datetime as dt

from timing import median_ms

import rehabkit as rk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    plan = rk.personalise(
        rk.bundled("runners-knee"), patient="Ana Lopez", side="left", start=dt.date(2026, 12, 1)
    )
    base = median_ms(lambda: rk.dumps(plan), args.repeat)
    drawing = median_ms(lambda: rk.illustrate(plan), args.repeat)
    print(f"draw 6 figures: {drawing:.1f} ms, {drawing / base:.1f}x rehabkit.dumps ({base:.2f} ms)")
    for fmt in ("pdf", "html"):
        without = median_ms(lambda f=fmt: rk.export(plan, f, illustrations=False), args.repeat)
        with_ = median_ms(lambda f=fmt: rk.export(plan, f), args.repeat)
        print(
            f"{fmt}: illustrated {with_:.1f} ms, without {without:.1f} ms:"
            f" {with_ / without:.2f}x (target under 1.3x)"
        )


if __name__ == "__main__":
    main()
