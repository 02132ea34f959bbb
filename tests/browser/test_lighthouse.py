"""Lighthouse (pinned in tests/checkers/package-lock.json) on a policy page as a phone reads it,
served by nginx with the configuration the build ships (compression included), in Debian's
Chromium: accessibility and best practices score 100.

Performance is a timing, and the machines are shared: its score is printed, never asserted
(benchmarks/README.md, "Lighthouse", has the figures measured). What the score rests on and
does not depend on the machine's load is asserted instead, in the same browser on the same
server: the bytes a policy page transfers (compressed, as nginx serves them), no font file, the
few requests that hold back the first paint, and a first layout of what is near the screen
only. Where Lighthouse or nginx is missing the test skips locally and fails in CI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ..nginx import serving
from .conftest import CHROMIUM, ROOT, TIMEOUT_MS, _unavailable

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Request

pytestmark = pytest.mark.browser

LIGHTHOUSE = ROOT / "tests" / "checkers" / "node_modules" / ".bin" / "lighthouse"
PAGES = ["policies/example-telecom/en/", "policies/cmcc-guangdong/zh-CN/"]
PHONE = {"width": 390, "height": 844}
# Everything a policy page loads on a phone, as transferred (gzip): 83 KiB for the English page,
# 88 KiB for the Chinese one (benchmarks/README.md, "Page weight"). The search index (133 KiB),
# a web font or a second script bundle would go past it.
PAGE_BUDGET = 110 * 1024
# The only requests the first paint waits for: the theme's stylesheet and PolicyPress's.
RENDER_BLOCKING = 2
FONT = re.compile(r"\.(?:woff2?|ttf|otf|eot)(?:[?#]|$)", re.IGNORECASE)
# Whether the key points and the page's last block are rendered once the first frames are drawn
# (checkVisibility: false inside a block whose layout `content-visibility: auto` skips).
RENDERED = """async () => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const rendered = element => element.checkVisibility({contentVisibilityAuto: true});
  const inside = [...document.querySelectorAll('.md-content__inner > * > *')];
  return {keyPoints: rendered(document.querySelector('#key-points + ul > li')),
          last: rendered(inside[inside.length - 1])};
}"""
# Every request of the page with how it held back rendering (Chromium's Resource Timing).
BLOCKING = """() => Object.fromEntries(performance.getEntriesByType('resource')
  .map(entry => [entry.name, entry.renderBlockingStatus]))"""


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


@pytest.mark.parametrize("path", PAGES)
def test_a_policy_page_is_light_on_a_phone(browser: Browser, nginx_url: str, path: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    requests: list[Request] = []
    fonts: list[str] = []

    def finished(request: Request) -> None:
        requests.append(request)

    def asked(request: Request) -> None:
        if request.resource_type == "font":
            fonts.append(request.url)

    context.on("requestfinished", finished)
    context.on("request", asked)
    try:
        page = context.new_page()
        page.goto(nginx_url + path, wait_until="load")
        blocking = page.evaluate(BLOCKING)
        rendered = page.evaluate(RENDERED)
        sizes = {request.url.removeprefix(nginx_url): _transferred(request) for request in requests}
    finally:
        context.close()
    print(f"{path}: {sum(sizes.values())} bytes transferred: {sizes}")
    assert sum(sizes.values()) <= PAGE_BUDGET, sizes
    assert fonts == [] and not [url for url in sizes if FONT.search(url)]
    held = sorted(url.removeprefix(nginx_url) for url, status in blocking.items() if status == "blocking")
    assert len(held) <= RENDER_BLOCKING, held
    # Only what is near the screen is laid out at first: the key points, not the end of the text.
    assert rendered == {"keyPoints": True, "last": False}


def _transferred(request: Request) -> int:
    """The body's bytes as sent (compressed); Chromium gives no size for a worker's script, whose
    length nginx states (a static file, compressed in advance)."""
    response = request.response()
    stated = response.header_value("content-length") if response is not None else None
    return max(request.sizes()["responseBodySize"], int(stated or 0))
