"""load/loads/dump/dumps: stable, atomic, and never lose a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import rehabkit as rk


def test_dumps_is_stable() -> None:
    p = rk.bundled("runners-knee")
    assert rk.dumps(p) == rk.dumps(rk.loads(rk.dumps(p)))


def test_dumps_carries_schema_id() -> None:
    data = json.loads(rk.dumps(rk.bundled("runners-knee")))
    assert data["$schema"].startswith("https://rehabkit.dev/schemas/protocol/")


def test_bundled_file_equals_loaded_object(data_dir: Path) -> None:
    root = data_dir.parents[1]
    assert rk.load(root / "protocols" / "runners-knee.json") == rk.bundled("runners-knee")


def test_dump_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "p.json"
    target.write_text("precious")
    with pytest.raises(rk.RehabkitError, match="already exists"):
        rk.dump(rk.bundled("runners-knee"), target)
    assert target.read_text() == "precious"
    rk.dump(rk.bundled("runners-knee"), target, overwrite=True)
    assert rk.load(target) == rk.bundled("runners-knee")
    assert [f.name for f in tmp_path.iterdir()] == ["p.json"]  # no temporary left behind


def test_yaml_input_equals_json(tmp_path: Path) -> None:
    yaml = pytest.importorskip("yaml")
    data = rk.to_data(rk.bundled("runners-knee"))
    target = tmp_path / "p.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True))
    assert rk.load(target) == rk.bundled("runners-knee")


def test_load_raises_with_every_problem(data_dir: Path) -> None:
    with pytest.raises(rk.ValidationError) as info:
        rk.load(data_dir / "invalid" / "bad-id.json")
    assert len(info.value.problems) == 2
    assert "bad-id.json" in str(info.value)


def test_loads_accepts_bytes_with_bom() -> None:
    text = rk.dumps(rk.bundled("runners-knee"))
    assert rk.loads(b"\xef\xbb\xbf" + text.encode()) == rk.bundled("runners-knee")


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text('{"id": "' + "x" * 2_100_000 + '"}')
    [problem] = rk.validate(big)
    assert problem.path == ""
    assert "limit" in problem.message


def test_missing_file() -> None:
    [problem] = rk.validate("/no/such/protocol.json")
    assert "no such file" in problem.message


def test_pathologically_deep_json_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    [problem] = rk.validate(deep)
    assert "deeper" in problem.message


def test_bundled_unknown_id() -> None:
    with pytest.raises(rk.RehabkitError, match="runners-knee"):
        rk.bundled("tennis-elbow-x")


@pytest.mark.parametrize("protocol", [{"id": "runners-knee"}, ["runners-knee"], 3])
def test_a_translation_naming_its_protocol_with_no_text_is_a_problem_not_a_crash(
    protocol: object,
) -> None:
    """validate promises never to raise for bad input: a translation whose protocol is an
    object raised TypeError (unhashable dict) while looking for a bundled protocol."""
    data = {"protocol": protocol, "version": "1.0.0", "language": "es",
            "translator": {"name": "A"}, "reviewed": False, "text": {}}  # fmt: skip
    problems = rk.validate(data, rk.Translation)
    assert [p.path for p in problems] == ["protocol"]
