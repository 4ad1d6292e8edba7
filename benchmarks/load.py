"""Load benchmark: reading and fully validating a protocol, against baselines in the same run.

Run: python benchmarks/load.py [--repeat 200]

- ``rehabkit.load`` of runners-knee (read, schema, cross checks, model) against
  ``json.loads`` of the same file (the floor: parsing alone);
- the same against fhir.resources parsing our own R5 Bundle of the protocol (how long a
  well-kept library of the field takes to validate the same content);
- with and without the ``fast`` extra (jsonschema-rs), to show what it buys.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from timing import median_ms

import rehabkit as rk
from rehabkit._documents import schema as _schema

PROTOCOL = Path(__file__).parents[1] / "protocols" / "runners-knee.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="runs per timing")
    args = parser.parse_args()
    text = PROTOCOL.read_text(encoding="utf-8")

    floor = median_ms(lambda: json.loads(text), args.repeat)
    load = median_ms(lambda: rk.load(PROTOCOL), args.repeat)
    print(f"{'json.loads of the file':<44}{floor:8.3f} ms   1.0x")
    print(f"{'rehabkit.load (full validation)':<44}{load:8.3f} ms {load / floor:6.1f}x")

    fast = _schema._fast_check("protocol")
    original = _schema._fast_check
    _schema._fast_check = lambda name: None  # type: ignore[assignment]  # as if not installed
    try:
        slow = median_ms(lambda: rk.load(PROTOCOL), max(args.repeat // 4, 10))
    finally:
        _schema._fast_check = original
    label = "rehabkit.load without the fast extra"
    print(f"{label:<44}{slow:8.3f} ms {slow / floor:6.1f}x"
          f"   (fast extra {'installed' if fast else 'NOT installed'})")  # fmt: skip

    try:
        from fhir.resources.bundle import Bundle
    except ImportError:
        print("fhir.resources is not installed: no comparison with it")
        return
    bundle = rk.export(rk.bundled("runners-knee"), "fhir", fhir_version="R5").decode()
    fhir = median_ms(lambda: Bundle.model_validate_json(bundle), args.repeat)
    print(f"{'fhir.resources parsing our R5 bundle':<44}{fhir:8.3f} ms {fhir / floor:6.1f}x")
    print(f"rehabkit.load is {fhir / load:.1f}x as fast as fhir.resources on the same protocol")


if __name__ == "__main__":
    main()
