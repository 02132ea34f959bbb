"""The XSS suite in headless Chromium (issue 6, part 6).

The XSS site (tests/hostile_site.py: every attack of tests/xss_payloads.yaml in every kind of
text field of a policy, built with `mkdocs build --strict`) is served on 127.0.0.1, and the
generated pages under policies/ are opened (every attack on the pages that hold all its fields,
see `pages_to_open`) with every request to another origin recorded and aborted. A page fails
on any dialog (alert, confirm, prompt, print), any request that would leave the site, any
element carrying an on* handler, a javascript:/vbscript:/data: URL,
srcdoc, formaction or http-equiv, any script, style, iframe, object, embed, base, form, meta,
link or image the control page (same theme, harmless words) does not have, and any attack
that is not visible as text, or a browser title that is not the policy's title as written.
Search results, which Material renders from the index as HTML, are checked the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ..hostile_site import CONTROL, SITE_NAME, Case, normalized, policy_pages
from ..xss import ALWAYS_FORBIDDEN_ATTRIBUTES, BAD_SCHEMES, FORBIDDEN_TAGS, URL_ATTRIBUTES, depthless
from .conftest import QuietHandler, local_page, off_origin, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

# Run in the page: what could run script or load something, anywhere in the live DOM (after the
# theme's own scripts have run), and the text a reader sees.
_INSPECT = """([forbidden, urlAttributes, alwaysForbidden, badSchemes]) => {
  const problems = [];
  const signatures = [];
  const loads = new Set(forbidden);
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      const value = a.value.replace(/[\\u0000-\\u0020\\u007f]+/g, "").toLowerCase();
      if (name.startsWith("on")) problems.push(`${tag} has the handler ${name}`);
      else if (alwaysForbidden.includes(name)) problems.push(`${tag} has ${name}`);
      else if (urlAttributes.includes(name) && badSchemes.some(s => value.startsWith(s)))
        problems.push(`${tag} ${name}=${a.value.slice(0, 60)}`);
    }
    if (loads.has(tag) && !(tag === "link" && ["prev", "next", "canonical", "alternate"].includes(el.rel))) {
      const attributes = [...el.attributes].map(a => `${a.name}=${a.value.replace(/^(\\.\\.\\/)+/, "")}`);
      const body = ["script", "style"].includes(tag) ? ` {${el.textContent}}` : "";
      signatures.push(`<${tag} ${attributes.sort().join(" ")}>${body}`);
    }
  }
  const article = document.querySelector("article");
  return {
    problems,
    signatures: [...new Set(signatures)],
    text: (article ? article.textContent : "").split(/\\s+/).join(" "),
    title: document.title,
  };
}"""
# Form controls hold no script without a handler (checked above); the theme has many.
_LOADING_TAGS = sorted(FORBIDDEN_TAGS - {"input", "button", "textarea", "select", "template", "svg"})
_INSPECT_ARGUMENTS = [
    _LOADING_TAGS,
    sorted(URL_ATTRIBUTES),
    sorted(ALWAYS_FORBIDDEN_ATTRIBUTES),
    list(BAD_SCHEMES),
]


@dataclass
class Visit:
    problems: list[str]
    signatures: set[str]
    text: str
    title: str
    dialogs: list[str]
    off_site: list[str]


class _SearchIndexGate(QuietHandler):
    """Serves the site, but its search index only while `index_served` is set (see Visitor.visit)."""

    index_served = threading.Event()

    def do_GET(self) -> None:
        if self.path.split("?")[0].endswith("/search/search_index.json") and not self.index_served.is_set():
            self.send_error(404)
        else:
            super().do_GET()


class Visitor:
    """One Chromium page for the whole module: it records dialogs (and dismisses them) and
    requests (those that leave the site fail: CHROMIUM_ARGS); each visit reports only its own.
    Its pages share the browser's cache, as a reader's do: the theme's scripts are fetched and
    compiled once, not for each of the hundred pages (Playwright's routing would turn the cache off)."""

    def __init__(self, page: Page, site_url: str, requests: list[str]) -> None:
        self.page, self.site_url, self.requests = page, site_url, requests
        self.dialogs: list[str] = []
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def visit(self, path: str, *, then: Any = None, idle: bool = False, search: bool = False) -> Visit:
        """Open one page (and run `then(page)`), then inspect its live DOM.

        Unless `search`, the page's search worker is kept from fetching the index: building
        a 1 MB index for every page would triple the suite's time, and the index is the
        search test's subject (it is same-origin data, not part of the page).
        """
        self.requests.clear()
        self.dialogs.clear()
        if search:
            _SearchIndexGate.index_served.set()
        else:
            _SearchIndexGate.index_served.clear()
        response = self.page.goto(self.site_url + path, wait_until="networkidle" if idle else "load")
        assert response is not None and response.ok, path
        if then is not None:
            then(self.page)
        found = self.page.evaluate(_INSPECT, _INSPECT_ARGUMENTS)
        return Visit(
            found["problems"],
            {depthless(s) for s in found["signatures"]},
            found["text"],
            found["title"],
            list(self.dialogs),
            off_origin(self.requests, self.site_url),
        )


@pytest.fixture(scope="module")
def visitor(browser: Browser, xss_site: tuple[Path, list[Case]]) -> Iterator[Visitor]:
    requests: list[str] = []
    with serve(xss_site[0], _SearchIndexGate) as url:  # noqa: SIM117 - the page needs the URL
        with local_page(browser, url, requests, routed=False) as page:
            yield Visitor(page, url, requests)


@pytest.fixture(scope="module")
def control(visitor: Visitor) -> set[str]:
    """What the theme itself has on a policy page and on a page of the nav."""
    pages = [visitor.visit(f"policies/{CONTROL}/en/", idle=True), visitor.visit("", idle=True)]
    for page in pages:
        assert page.problems == [] and page.dialogs == [] and page.off_site == []
    signatures = set().union(*(page.signatures for page in pages))
    assert any(s.startswith("<script") for s in signatures), "the theme's scripts are there to compare with"
    return signatures


# Every attack is opened on the two pages that hold all its places: the policy's own page (every
# field of version 1) and version 2's page of what changed (the change record, the diff's tables and
# the redline). Its other pages repeat those fields in the same templates (the versions' own pages,
# the history): they are opened for every seventh attack and the control, and read as files for
# all (tests/test_xss_site.py). Pages of no one attack (the indexes) are always opened.
_EVERY_PAGE = 7


def pages_to_open(paths: list[str], cases: list[Case]) -> list[str]:
    """The pages of the XSS site that the browser opens (see above)."""
    every_page = {case.policy for case in cases[::_EVERY_PAGE]}
    kept = []
    for path in paths:
        parts = path.split("/")  # policies/<policy>/...
        policy = parts[1] if len(parts) > 2 else None
        if (
            policy is None
            or policy in every_page
            or path
            in {
                f"policies/{policy}/en/index.html",
                f"policies/{policy}/2/en/changes/index.html",
            }
        ):
            kept.append(path)
    return kept


def test_the_sweep_opens_every_attack_where_all_its_fields_are(
    xss_site: tuple[Path, list[Case]],
) -> None:
    """Coverage of the sweep below: every attack on its own page and its page of changes, every
    kind of page with some attack, and the control's every page."""
    site, cases = xss_site
    opened = pages_to_open(policy_pages(site), cases)
    for case in cases:
        assert f"{case.page}index.html" in opened
        assert f"policies/{case.policy}/2/en/changes/index.html" in opened
    kinds = {path.split("/", 2)[2] for path in opened if path.count("/") > 2}  # past policies/<policy>/
    assert kinds == {
        "en/index.html",
        "en/history/index.html",
        "1/en/index.html",
        "2/en/index.html",
        "2/en/changes/index.html",
    }
    assert all(path in opened for path in policy_pages(site) if f"/{CONTROL}/" in path)
    assert len(opened) < len(policy_pages(site)) / 2


def test_every_generated_page_is_inert(
    visitor: Visitor, xss_site: tuple[Path, list[Case]], control: set[str]
) -> None:
    site, cases = xss_site
    by_page = {f"{case.page}index.html": case for case in cases}
    failures: dict[str, list[str]] = {}
    paths = pages_to_open(policy_pages(site), cases)
    for path in paths:
        seen = visitor.visit(path.removesuffix("index.html"))
        wrong = [*seen.problems, *(f"dialog {d}" for d in seen.dialogs)]
        wrong += [f"request {r}" for r in seen.off_site]
        wrong += [f"not in the control page: {s}" for s in sorted(seen.signatures - control)]
        case = by_page.get(path)
        if case is not None:
            wrong += [f"not visible: {text!r}" for text in case.shown if text not in seen.text]
            if seen.title != f"{normalized(case.title)} - {SITE_NAME}":
                wrong.append(f"browser title {seen.title!r}")
        if wrong:
            failures[path] = wrong
    assert len(paths) >= 2 * len(cases) + 1 and set(by_page) <= set(paths)
    assert failures == {}


@pytest.mark.parametrize("query", ["alert", "javascript", "pixel", "me"])
def test_search_results_are_inert(visitor: Visitor, control: set[str], query: str) -> None:
    """Material renders results from the search index as HTML: the attacks' titles and text."""

    def search(page: Page) -> None:
        from playwright.sync_api import expect

        field = page.locator("input.md-search__input")
        field.click()
        field.fill(query)
        field.press("End")  # Material reads the query on keyup
        results = page.locator(".md-search-result__item")
        expect(results.first).to_be_visible()
        for index in range(min(results.count(), 10)):
            results.nth(index).hover()

    seen = visitor.visit("", then=search, idle=True, search=True)
    assert seen.problems == [] and seen.dialogs == [] and seen.off_site == []
    assert sorted(seen.signatures - control) == []
