"""The site's own docs stay in step with the code."""

from __future__ import annotations

import re
from pathlib import Path

from policypress.diagnostics import Code

ROOT = Path(__file__).resolve().parents[1]


def test_every_error_code_is_documented_once() -> None:
    table = (ROOT / "docs" / "authors" / "validation.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| (PP\d{3}) \|", table, re.MULTILINE)
    assert documented == sorted(c.value for c in Code)


def test_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[: readme.index("\n## ", readme.index("## Quick start") + 1)]
    assert "./dev serve" in head and "./dev test" in head
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("exec ./dev test")
