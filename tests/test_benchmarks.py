"""The benchmark's generated policies are what it claims: valid, varied, realistic in size."""

from __future__ import annotations

import sys
from pathlib import Path

from policypress.validate import validate_paths

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate


def test_generated_policies_are_valid_without_warnings_and_deterministic(tmp_path: Path) -> None:
    files = generate(tmp_path / "a", 4, seed=3)
    again = generate(tmp_path / "b", 4, seed=3)
    assert [f.read_bytes() for f in files] == [f.read_bytes() for f in again]
    result = validate_paths([tmp_path / "a"], root=tmp_path / "a")
    assert result.files == 4 and result.diagnostics == []
    assert {f.stem for f in files} == {"en", "zh-CN"}
    assert all(15_000 <= f.stat().st_size <= 26_000 for f in files)
