"""Lighthouse (pinned in tests/checkers/package-lock.json) on a policy page as a phone reads it,
served by nginx with the configuration the build ships (compression included), in Debian's
Chromium: accessibility and best practices score 100.

Performance is a timing, and the machines are shared: its score is printed, never asserted
(benchmarks/README.md, "Lighthouse", has the figures measured). Where Lighthouse or nginx is
missing the test skips locally and fails in CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..nginx import serving
from .conftest import CHROMIUM, ROOT, _unavailable

pytestmark = pytest.mark.browser

LIGHTHOUSE = ROOT / "tests" / "checkers" / "node_modules" / ".bin" / "lighthouse"
PAGES = ["policies/example-telecom/en/", "policies/cmcc-guangdong/zh-CN/"]


@pytest.fixture(scope="module")
def nginx_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(built_site, tmp_path_factory.mktemp("nginx-lighthouse")) as url:
        yield url


def _lighthouse(url: str, report: Path) -> dict[str, object]:
    if not LIGHTHOUSE.is_file():
        _unavailable("Lighthouse is not installed (cd tests/checkers && npm ci)")
    node = shutil.which("node")
    if node is None:
        _unavailable("Node.js is not installed")
    chromium = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    if chromium is None:
        _unavailable("Chromium is not installed (apt-get install chromium)")
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--only-categories=accessibility,best-practices,performance",
        "--chrome-flags=--headless=new --no-sandbox",  # the mobile preset: a phone, throttled
    ]
    subprocess.run(command, env={**os.environ, "CHROME_PATH": chromium}, check=True, timeout=300)
    result: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return result


@pytest.mark.parametrize("path", PAGES)
def test_a_policy_page_scores_100_for_accessibility_on_a_phone(
    nginx_url: str, path: str, tmp_path: Path
) -> None:
    result = _lighthouse(nginx_url + path, tmp_path / "report.json")
    categories = result["categories"]
    assert isinstance(categories, dict)
    scores = {name: category["score"] for name, category in categories.items()}
    audits = result["audits"]
    assert isinstance(audits, dict)
    failing = sorted(
        name
        for name, audit in audits.items()
        if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0
    )
    print(f"Lighthouse {path}: {scores}")  # performance: a figure, not a verdict
    assert scores["accessibility"] == 1, failing
    assert scores["best-practices"] == 1, failing
