"""Versions as a reader meets them: the notice of an upcoming version, the history, the page of
what changed, the permanent page of each version and the Atom feed, on the project's own site
(Example Telecom has four versions).

Which version is in force depends on the day the site is built, so the expectations are read
from the same timeline the site was built with.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from policypress.timeline import Timeline, build_day, timelines
from policypress.yamlload import load_file

from .conftest import FIXTURE_POLICIES, off_origin
from .test_site_in_browser import visit

if TYPE_CHECKING:
    from playwright.sync_api import Page

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or, in CI, fails) before any test body runs
    expect = None  # type: ignore[assignment]

pytestmark = pytest.mark.browser

POLICY = "example-telecom"


class _Edition:
    def __init__(self, path: Path) -> None:
        self.data = load_file(path).data
        self.policy, self.version = self.data["policy"], self.data["version"]
        self.language, self.status = self.data["language"], self.data["status"]


def _timeline() -> Timeline[Any]:
    editions = [_Edition(p) for p in sorted((FIXTURE_POLICIES / POLICY).glob("*/en.yaml"))]
    (line,) = timelines(editions, build_day()).values()  # the day the site fixture was built for
    return line


def test_the_policy_page_leads_to_the_history_and_every_version(
    page: Page, site_url: str, requests_seen: list[str]
) -> None:
    line = _timeline()
    visit(page, site_url, f"policies/{POLICY}/en/")
    expect(page.locator("article")).to_contain_text(f"Version: {line.shown.version}")
    for upcoming in line.upcoming:
        notice = page.locator(".admonition", has_text=f"A new version ({upcoming.version}) takes effect")
        expect(notice).to_be_visible()
    page.get_by_role("link", name="Version history").click()
    expect(page.locator("h1#history")).to_contain_text("Version history")
    headings = page.locator("article h2")
    expect(headings).to_have_count(len(line.editions))
    for edition, heading in zip(reversed(line.editions), range(len(line.editions)), strict=True):
        expect(headings.nth(heading)).to_contain_text(f"Version {edition.version}")
    expect(page.locator("#v-2")).to_contain_text("superseded" if line.shown.version != "2" else "in force")
    # The permanent page of version 1 says what it is and never moves.
    page.locator("#v-1 ~ p a", has_text="Read this version").first.click()
    assert page.url == f"{site_url}policies/{POLICY}/1/en/"
    expect(page.locator("article")).to_contain_text("This page keeps version 1 as published")
    assert off_origin(requests_seen, site_url) == []


def test_the_page_of_what_changed_shows_the_change_record(page: Page, site_url: str) -> None:
    visit(page, site_url, f"policies/{POLICY}/2/en/changes/")
    expect(page.locator("h1#changes")).to_contain_text("changes from version 1 to version 2")
    summary = page.locator("article")
    expect(summary).to_contain_text("material change")
    expect(summary).to_contain_text("personalised offers")
    # Semantic changes first (a table per part), then the text, redlined.
    structured = page.locator("h2#structured")
    text = page.locator("h2#text")
    expect(structured).to_be_visible()
    purposes = page.locator("h3#diff-purposes").locator("xpath=following::table[1]")
    expect(purposes).to_contain_text("Sending you personalised offers")
    expect(purposes).to_contain_text("Added")
    inserted = page.locator("#diff-section-data ~ .pp-inline p ins").first
    expect(inserted).to_contain_text("if you agree")
    assert structured.evaluate("h => h.getBoundingClientRect().top") < text.evaluate(
        "h => h.getBoundingClientRect().top"
    )
    page.get_by_role("link", name="Version 1", exact=True).click()
    assert page.url == f"{site_url}policies/{POLICY}/1/en/"


def test_the_atom_feed_is_linked_and_served(page: Page, site_url: str, requests_seen: list[str]) -> None:
    visit(page, site_url, f"policies/{POLICY}/en/")
    page.wait_for_load_state("networkidle")
    # No <link rel="alternate"> in the head: mkdocs-material fetches a sitemap beside each one.
    assert page.locator('head link[rel="alternate"]').count() == 0
    assert not [url for url in requests_seen if url.endswith("sitemap.xml")]
    href = page.get_by_role("link", name="Changes feed (Atom)").first.evaluate("a => a.href")
    response = page.request.get(href)
    assert response.ok, href
    assert b"<feed" in response.body() and b"http://www.w3.org/2005/Atom" in response.body()
