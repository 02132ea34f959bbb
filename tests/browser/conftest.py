"""Fixtures for the browser tests: the project's own site, built once, served and opened in Chromium.

The site is served from 127.0.0.1 and every request to any other origin is recorded and
aborted, so a test can prove the site makes no third-party requests without anything
leaving the machine.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Request, Route

ROOT = Path(__file__).resolve().parents[2]
# The copies of the seeds the site the browser tests open is built from (see built_site).
FIXTURE_POLICIES = ROOT / "tests" / "fixtures" / "site" / "policies"
CHROMIUM = "/usr/bin/chromium"
# Without these Chromium hangs or is refused on a closed network (QUIC, component
# updates, sync and first-run requests all try to reach Google).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # A key press scrolls at once: a smooth scroll's animation in headless Chromium with the
    # page's scripts off may not advance until the next input event (the keyboard-scroll test
    # then waits forever), and a test must not depend on animation timing.
    "--disable-smooth-scrolling",
    # Nothing leaves the machine, even from a page without Playwright's routing (local_page):
    # every request to another host goes to a proxy on a closed port of 127.0.0.1 and fails at
    # once (IP addresses too), and no host name but 127.0.0.1 resolves.
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
# Generous: the first page of a session pays for Chromium's start and the search index.
TIMEOUT_MS = 15_000
NOT_NETWORK = frozenset({"data", "blob", "about"})


def origin(url: str) -> str:
    """scheme://host:port of a URL, the unit the same-origin checks compare."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def off_origin(urls: list[str], site_url: str) -> list[str]:
    """The URLs that would have gone anywhere but the site itself."""
    home = origin(site_url)
    return [u for u in urls if urlsplit(u).scheme not in NOT_NETWORK and origin(u) != home]


def _unavailable(reason: str) -> NoReturn:
    """Skip locally, but fail where CI demands the browser tests (they must never skip silently there)."""
    if os.environ.get("POLICYPRESS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (POLICYPRESS_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def built_site(fixture_site: Path) -> Path:
    """The project's site with copies of the seed policies, so that an author's edits to policies/
    never break these tests (tests/conftest.py builds it once for the whole session)."""
    return fixture_site


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without printing a line per request into the test output."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path, handler_class: type[SimpleHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """Serve `folder` on a free port of 127.0.0.1 while the block runs; gives the site's URL."""
    handler = functools.partial(handler_class, directory=str(folder))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}/"
        finally:
            server.shutdown()
            thread.join()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Serve the built site on a free local port for the whole session."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the session, driven by Playwright without its own browsers."""
    executable = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    if executable is None:
        _unavailable("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def requests_seen() -> list[str]:
    """Every URL the page asked for, in order, including the ones that were aborted."""
    return []


@pytest.fixture
def page(browser: Browser, site_url: str, requests_seen: list[str]) -> Iterator[Page]:
    """A fresh desktop-sized page whose requests are recorded and kept on the site's own origin."""
    with local_page(browser, site_url, requests_seen) as fresh:
        yield fresh


@contextmanager
def local_page(
    browser: Browser, site_url: str, requests_seen: list[str], *, routed: bool = True
) -> Iterator[Page]:
    """A page in a fresh context that records every request into `requests_seen` and aborts
    any that would leave the origin of `site_url`.

    Unless `routed` is false, Playwright's routing records and aborts them. Routing sends every
    request through this process and turns the browser's cache off; without it the request
    event records them and the browser's own settings (CHROMIUM_ARGS) make those leaving the
    machine fail: a page that opens many pages (the XSS sweep) needs a third less CPU."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    home = origin(site_url)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    recorded: dict[int, Request] = {}  # keeps each Request alive, so ids stay unique

    def record(request: Request) -> None:
        # Both the request event and the route handler see a request; record it once.
        if id(request) not in recorded:
            recorded[id(request)] = request
            requests_seen.append(request.url)

    def keep_local(route: Route) -> None:
        record(route.request)
        if origin(route.request.url) == home:
            route.continue_()
        else:
            route.abort()

    context.on("request", record)
    if routed:
        context.route("**/*", keep_local)
    try:
        yield context.new_page()
    finally:
        context.close()
