"""The goldens and browser tests use copies of the seeds, so authors may change policies/ freely."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_POLICIES = ROOT / "tests" / "fixtures" / "site" / "policies"
# The tests that are about the project's own content read policies/; nothing else may.
CONTENT_CHECKS = {
    "test_seeds.py",
    "test_seed_translations.py",
    "test_site.py",
    "test_reference.py",
    "test_compliance.py",  # the requirement packs' results on the seeds
    "test_platforms.py",  # Example Telecom's vocabulary mapping, through the app-store exports
}
_READS_POLICIES = re.compile(r"""ROOT\s*/\s*["']policies["']|["']policies["']\s*,\s*["']schema["']""")


def test_only_the_content_checks_read_the_projects_own_policies() -> None:
    readers = sorted(
        path.relative_to(ROOT / "tests").as_posix()
        for path in (ROOT / "tests").rglob("*.py")
        if _READS_POLICIES.search(path.read_text(encoding="utf-8"))
    )
    assert readers and set(readers) <= CONTENT_CHECKS, readers


def test_the_fixture_policies_are_a_whole_seed_site() -> None:
    files = sorted(path.relative_to(FIXTURE_POLICIES).as_posix() for path in FIXTURE_POLICIES.rglob("*.yaml"))
    assert "example-telecom/4/en.yaml" in files and "zte/1/zh-CN.yaml" in files
    assert len(files) >= 15
