from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

DATA = Path(__file__).parent / "data"

# CI's run is derandomized: the same 300 examples for the same code, so that CI passes or
# fails on the change alone, never on the draw (a property that fails on one draw in ten
# is a defect to find with ``explore``, not a coin CI tosses on every landing).
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# ``explore``: fresh random draws and many of them, to look for new failures (CONTRIBUTING.md).
settings.register_profile(
    "explore", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=15, deadline=None)  # the 2-minute local run
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


# The thorough run (CI: HYPOTHESIS_PROFILE=ci) also runs the tests marked ``thorough``: the
# same check repeated over every bundled protocol where one protocol already runs it in
# the local run (an axe audit of each handout, FHIRPath agreement for each protocol), so
# that the local run stays near two minutes. REHABKIT_THOROUGH=1 runs them locally too.
THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") in ("ci", "explore") or bool(
    os.environ.get("REHABKIT_THOROUGH")
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "thorough: the same check over more inputs; run in CI (HYPOTHESIS_PROFILE=ci)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if THOROUGH:
        return
    kept = [item for item in items if item.get_closest_marker("thorough") is None]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


@pytest.fixture
def data_dir() -> Path:
    return DATA
