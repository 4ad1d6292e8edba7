"""Small helpers several test modules share."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import settings

import rehabkit as rk


def at(data: Any, path: tuple[Any, ...]) -> Any:
    """The value at ``path`` (keys and indexes) inside plain data."""
    for part in path:
        data = data[part]
    return data


def fake_distribution(root: Path, name: str, entry_points: str) -> None:
    """A real ``*.dist-info`` in ``root`` registering ``entry_points`` as exporters."""
    info = root / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[rehabkit.exporters]\n{entry_points}")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``rehabkit ARGS`` as a person or a CI pipeline runs it: its own process (``python -m
    rehabkit``, in ``cwd``), with its exit code and its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "rehabkit", *args], cwd=cwd, capture_output=True, text=True
    )


def protocol_data(name: str = "runners-knee") -> dict[str, Any]:
    """A bundled protocol as plain data of the test's own, to change and read back."""
    return copy.deepcopy(rk.to_data(rk.bundled(name)))


def exercise_data(data: dict[str, Any], exercise_id: str) -> dict[str, Any]:
    """The exercise ``exercise_id`` inside a protocol's plain data."""
    return next(e for e in data["exercises"] if e["id"] == exercise_id)


def problem_pairs(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Every problem of protocol data, as (path, message)."""
    return [(p.path, p.message) for p in rk.validate(data, rk.Protocol)]


_Test = TypeVar("_Test", bound=Callable[..., Any])


def fewer_examples_locally(count: int) -> Callable[[_Test], _Test]:
    """Hypothesis's settings for a slow property: ``count`` examples in the local run (the
    ``dev`` profile), the profile's own number in CI's thorough run (conftest.py)."""
    if os.environ.get("HYPOTHESIS_PROFILE", "dev") != "dev":
        return lambda test: test
    return settings(max_examples=count)


def thorough_after_first(values: list[Any]) -> list[Any]:
    """``values`` for a parametrize: the first in every run, the others in the thorough run
    (CI; see conftest.py): the same check over every bundled protocol."""
    return [values[0], *(pytest.param(v, marks=pytest.mark.thorough) for v in values[1:])]
