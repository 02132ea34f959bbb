"""The project's site served by real nginx with the snippet the build ships (_policypress/nginx.conf).

nginx (Debian's package) runs as a child of the test on a free 127.0.0.1 port, with its pid,
logs and temporary files in a temporary folder. The headers are read with urllib for each
kind of URL; then headless Chromium proves that the pages work under the Content-Security-
Policy (no violation, search still finds policies), that the policy is really enforced, and
that a page on another origin can fetch the catalog, but not a page.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from policypress.hosting import IMMUTABLE, MOVING, NGINX_FILE, VERSIONED

from ..nginx import fetch, serving
from .conftest import TIMEOUT_MS, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

POLICY = "zte"
# Until the site has versioned pages, a stand-in at a version's page URL checks that rule.
VERSION_PAGE = f"policies/{POLICY}/1/en/index.html"
VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""
PAGES = [
    "",
    "policies/",
    f"policies/{POLICY}/en/",
    "policies/cmcc-guangdong/zh-CN/",
    "reference/policy/",
    "404.html",
]
CROSS_ORIGIN_PAGE = "<!doctype html><title>another app</title><p>An app on another origin.</p>\n"


@pytest.fixture(scope="module")
def nginx_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site, served by nginx with the shipped snippet, for this module."""
    folder = tmp_path_factory.mktemp("nginx")
    site = folder / "site"
    shutil.copytree(built_site, site)
    stand_in = site / VERSION_PAGE
    if not stand_in.exists():
        stand_in.parent.mkdir(parents=True)
        shutil.copyfile(site / f"policies/{POLICY}/en/index.html", stand_in)
    with serving(site, folder) as url:
        yield url


# --- headers, by kind of URL


@pytest.mark.parametrize(
    ("path", "status", "cache", "json"),
    [
        ("", 200, MOVING, False),
        ("policies/", 200, MOVING, False),
        (f"policies/{POLICY}/en/", 200, MOVING, False),
        (VERSION_PAGE.removesuffix("index.html"), 200, VERSIONED, False),
        ("sitemap.xml", 200, MOVING, False),
        ("search/search_index.json", 200, MOVING, False),
        ("api/v1/index.json", 200, MOVING, True),
        (f"api/v1/policies/{POLICY}/1/en.json", 200, VERSIONED, True),
        (f"api/v1/policies/{POLICY}/latest/en.json", None, MOVING, True),
        ("api/v1/schema/catalog.schema.json", 200, MOVING, True),
        # Not there (yet): a 404 at a version's URL must not be kept.
        ("api/v1/policies/no-such-policy/1/en.json", 404, MOVING, True),
        ("no-such-page/", 404, MOVING, False),
    ],
)
def test_headers(nginx_url: str, path: str, status: int | None, cache: str, json: bool) -> None:
    code, headers, body = fetch(nginx_url + path)
    if status is not None:  # `latest` is not published yet: its rule is checked either way
        assert code == status, path
    assert headers["Cache-Control"] == cache
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    csp = headers["Content-Security-Policy"]
    assert csp.startswith("default-src 'self'; script-src 'self' 'sha256-")
    assert "frame-ancestors 'none'" in csp
    if json:
        assert headers["Access-Control-Allow-Origin"] == "*"
        assert headers["Content-Type"] == "application/json; charset=utf-8"
        assert body.lstrip().startswith(b"{")
    else:
        assert headers["Access-Control-Allow-Origin"] is None
        if path.endswith("/") or not path:
            assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_fingerprinted_assets_are_immutable_and_others_are_not(nginx_url: str, built_site: Path) -> None:
    bundle = next(built_site.glob("assets/javascripts/bundle.*.min.js")).relative_to(built_site)
    lunr = next(built_site.glob("assets/javascripts/lunr/min/*.js")).relative_to(built_site)
    _, headers, _ = fetch(nginx_url + bundle.as_posix())
    assert headers["Cache-Control"] == IMMUTABLE
    assert headers["Content-Type"] == "application/javascript; charset=utf-8"
    assert fetch(nginx_url + lunr.as_posix())[1]["Cache-Control"] == MOVING


@pytest.mark.parametrize("path", ["_headers", NGINX_FILE])
def test_the_host_configuration_is_not_served(nginx_url: str, built_site: Path, path: str) -> None:
    assert (built_site / path).is_file()
    code, _, body = fetch(nginx_url + path)
    assert code == 404
    assert b"Content-Security-Policy" not in body and b"add_header" not in body


# --- in Chromium


@pytest.fixture(scope="module")
def other_origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A page on another origin (another port), as a web app would be."""
    folder = tmp_path_factory.mktemp("other-origin")
    (folder / "index.html").write_text(CROSS_ORIGIN_PAGE, encoding="utf-8")
    with serve(folder) as url:
        yield url


@pytest.fixture
def chromium_page(browser: Browser) -> Iterator[Page]:
    """A fresh page that records Content-Security-Policy violations and console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    PAGES,
)
def test_pages_raise_no_csp_violation(chromium_page: Page, nginx_url: str, path: str) -> None:
    response = chromium_page.goto(nginx_url + path)
    assert response is not None and response.ok
    chromium_page.wait_for_load_state("networkidle")
    # The theme's inline scripts ran: the scope script defines __md_scope, the palette one reads it.
    assert chromium_page.evaluate("typeof __md_scope") == "object"
    assert chromium_page.evaluate("window.__violations") == []
    assert chromium_page.console_errors == []  # type: ignore[attr-defined]


def test_the_policy_is_enforced(chromium_page: Page, nginx_url: str) -> None:
    """A script that is not the theme's (an injected one) is blocked and reported."""
    chromium_page.goto(nginx_url)
    chromium_page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__injected = true"; document.body.append(s); }"""
    )
    chromium_page.wait_for_function("window.__violations.length > 0")
    assert chromium_page.evaluate("window.__injected === undefined")
    assert chromium_page.evaluate("window.__violations")[0].startswith("script-src")


def test_search_works_under_the_policy(chromium_page: Page, nginx_url: str) -> None:
    from playwright.sync_api import expect

    chromium_page.goto(nginx_url)
    search = chromium_page.locator("input.md-search__input")
    search.click()
    search.fill("ZTE")
    search.press("End")
    expect(chromium_page.locator(f'.md-search-result__item a[href*="{POLICY}/en/"]').first).to_be_attached(
        timeout=TIMEOUT_MS
    )
    assert chromium_page.evaluate("window.__violations") == []


def _cross_origin_fetch(page: Page, url: str) -> dict[str, Any]:
    return page.evaluate(
        """async url => {
            try {
              const response = await fetch(url);
              const body = await response.text();
              return {ok: response.ok, status: response.status, type: response.type, body};
            } catch (error) {
              return {error: String(error)};
            }
        }""",
        url,
    )


def test_an_app_on_another_origin_fetches_the_catalog(
    chromium_page: Page, nginx_url: str, other_origin: str
) -> None:
    chromium_page.goto(other_origin)
    assert chromium_page.evaluate("location.origin") != nginx_url.rstrip("/")
    result = _cross_origin_fetch(chromium_page, nginx_url + "api/v1/index.json")
    assert result.get("ok") and result["type"] == "cors", result
    catalog = chromium_page.evaluate("text => JSON.parse(text)", result["body"])
    assert POLICY in {entry["policy"] for entry in catalog["policies"]}
    manifest = _cross_origin_fetch(chromium_page, nginx_url + f"api/v1/policies/{POLICY}/1/en.json")
    assert manifest.get("ok"), manifest
    missing = _cross_origin_fetch(chromium_page, nginx_url + "api/v1/policies/none/1/en.json")
    assert missing.get("status") == 404 and "not found" in missing["body"], missing


def test_an_app_on_another_origin_revalidates_the_json_itself(
    chromium_page: Page, nginx_url: str, other_origin: str
) -> None:
    """It reads the ETag (exposed to it), then asks "changed?" with If-None-Match: the browser
    sends a preflight first, which nginx answers, and the app gets 304 Not Modified."""
    chromium_page.goto(other_origin)
    for path in ("api/v1/index.json", f"api/v1/policies/{POLICY}/1/en.json"):
        result = chromium_page.evaluate(
            """async url => {
                const first = await fetch(url);
                const etag = first.headers.get("ETag");
                await first.text();
                try {
                  const again = await fetch(url, {headers: {"If-None-Match": etag}});
                  return {etag, status: again.status, sameEtag: again.headers.get("ETag") === etag};
                } catch (error) {
                  return {etag, error: String(error)};
                }
            }""",
            nginx_url + path,
        )
        assert result.get("etag"), result  # null: the ETag was not exposed to the app
        assert result.get("status") == 304 and result["sameEtag"], result
    assert chromium_page.console_errors == []  # type: ignore[attr-defined]


def test_pages_are_not_readable_from_another_origin(
    chromium_page: Page, nginx_url: str, other_origin: str
) -> None:
    """CORS is on the JSON only: the same fetch of a page is refused by the browser."""
    chromium_page.goto(other_origin)
    result = _cross_origin_fetch(chromium_page, nginx_url + "policies/")
    assert "error" in result, result
