from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURE_POLICIES = ROOT / "tests" / "fixtures" / "site" / "policies"


@pytest.fixture
def root() -> Path:
    return ROOT


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """The folder `name`, filled by `build(folder)` once per test run, even when pytest-xdist runs
    the tests in several processes: the first process to need it builds it while the others wait
    for it (a lock on a file beside it), then every process reads the same files. A build that
    fails leaves no mark, so every process that needs the folder fails as the first did."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, of which each worker's is a subfolder
    folder = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / f"{name}.built").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (shared / f"{name}.built").touch()
    return folder


@pytest.fixture(scope="session")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    """The XSS site (tests/hostile_site.py), built once for the static and the browser checks."""
    from .hostile_site import Case, build_xss_site

    def build(folder: Path) -> None:
        _, cases = build_xss_site(folder)
        (folder / "cases.json").write_text(json.dumps([asdict(case) for case in cases]), encoding="utf-8")

    folder = built_once(tmp_path_factory, "xss", build)
    cases = [Case(**case) for case in json.loads((folder / "cases.json").read_text(encoding="utf-8"))]
    return folder / "site", cases


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's site with the copies of the seeds in tests/fixtures/site/policies, built once
    for every test that reads it: the built site folder."""
    from .sites import build_project_site

    def build(folder: Path) -> None:
        build_project_site(folder, FIXTURE_POLICIES)

    return built_once(tmp_path_factory, "fixture-site", build) / "site"
