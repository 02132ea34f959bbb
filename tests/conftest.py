from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURE_POLICIES = ROOT / "tests" / "fixtures" / "site" / "policies"


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    """The XSS site (tests/hostile_site.py), built once for the static and the browser checks."""
    from .hostile_site import build_xss_site

    return build_xss_site(tmp_path_factory.mktemp("xss"))


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's site with the copies of the seeds in tests/fixtures/site/policies, built once
    for every test that reads it: the built site folder."""
    from .sites import build_project_site

    return build_project_site(tmp_path_factory.mktemp("fixture-site"), FIXTURE_POLICIES)
