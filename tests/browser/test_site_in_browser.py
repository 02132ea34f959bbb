"""The built site, as a reader's browser sees it: every seed policy renders, in its own
language, search finds policies in English and Chinese, and no page asks any other
host for anything.

The expectations are read from the copies of the seed policies in tests/fixtures/site/policies/
(which the site is built from), so the tests follow the
data rather than repeating it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from policypress.yamlload import load_file

from .conftest import FIXTURE_POLICIES, off_origin, origin

if TYPE_CHECKING:
    from playwright.sync_api import Page, Response

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or, in CI, fails) before any test body runs
    expect = None  # type: ignore[assignment]

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Seed:
    """One policy page of the current version: where it is published and what it must show."""

    policy: str
    language: str
    data: dict[str, Any]

    @property
    def path(self) -> str:
        return f"policies/{self.policy}/{self.language}/"

    @property
    def title(self) -> str:
        return str(self.data["title"])

    @property
    def controller(self) -> str:
        return str(self.data["controller"]["name"])

    def section_ids(self) -> list[str]:
        """Every section's id, sub-sections included, in page order."""
        ids: list[str] = []
        pending = list(self.data.get("sections", []))
        while pending:
            section = pending.pop(0)
            ids.append(str(section["id"]))
            pending[:0] = section.get("sections", [])
        return ids


def _version_key(folder: Path) -> tuple[int, str]:
    return (int(folder.name), "") if folder.name.isdigit() else (-1, folder.name)


def _current_seeds() -> list[Seed]:
    """Each policy's newest version, one Seed per language file in it."""
    seeds = []
    for policy in sorted(p for p in FIXTURE_POLICIES.iterdir() if p.is_dir()):
        current = max((v for v in policy.iterdir() if v.is_dir()), key=_version_key)
        for file in sorted(current.glob("*.yaml")):
            data = load_file(file).data
            seeds.append(Seed(str(data["policy"]), str(data["language"]), data))
    return seeds


SEEDS = _current_seeds()
BY_PATH = {seed.path: seed for seed in SEEDS}


def seed_params() -> list[Any]:
    return [pytest.param(seed, id=f"{seed.policy}/{seed.language}") for seed in SEEDS]


def visit(page: Page, site_url: str, path: str) -> Response:
    """Open a page of the site and insist that it exists."""
    response = page.goto(site_url + path)
    assert response is not None, path
    assert response.ok, f"{path}: HTTP {response.status}"
    return response


def test_the_seeds_are_the_expected_pages() -> None:
    """Guards the parametrisation: a broken seed reader must not silently test nothing."""
    assert {
        "policies/china-telecom/en/",
        "policies/unnamed-operator/en/",
        "policies/ntt-com-china/en/",
        "policies/zte/en/",
        "policies/cmcc-guangdong/zh-CN/",
    } <= set(BY_PATH)


def test_the_home_page_renders(page: Page, site_url: str) -> None:
    visit(page, site_url, "")
    expect(page.locator("article h1")).to_contain_text("PolicyPress")
    expect(page.locator("input.md-search__input")).to_be_visible()


def test_the_policies_index_lists_every_seed_by_organization(page: Page, site_url: str) -> None:
    visit(page, site_url, "policies/")
    article = page.locator("article")
    headings = article.locator("h2, h3, h4")
    # The index is in English: an organization is named as its English edition names it, if any.
    english = {seed.policy: seed.controller for seed in SEEDS if seed.language == "en"}
    for seed in SEEDS:
        expect(headings.filter(has_text=english.get(seed.policy, seed.controller)).first).to_be_visible()
        link = article.locator(f'a[href$="{seed.policy}/{seed.language}/"]').first
        expect(link).to_be_visible()
        assert link.evaluate("a => a.href") == site_url + seed.path


@pytest.mark.parametrize("seed", seed_params())
def test_every_seed_page_renders(page: Page, site_url: str, seed: Seed) -> None:
    visit(page, site_url, seed.path)
    expect(page.locator("h1#policy-title")).to_contain_text(seed.title)
    key_points = page.locator("#key-points")
    expect(key_points).to_be_visible()
    if seed.language.startswith("zh"):
        expect(key_points).to_contain_text(CJK)
    else:
        expect(key_points).to_contain_text("Key points")
    expect(page.locator("article")).to_contain_text(seed.controller)
    for section_id in seed.section_ids():
        expect(page.locator(f"#section-{section_id}")).to_be_attached()


@pytest.mark.parametrize("seed", seed_params())
def test_every_seed_page_declares_its_language(page: Page, site_url: str, seed: Seed) -> None:
    visit(page, site_url, seed.path)
    lang = page.locator("html").get_attribute("lang") or ""
    assert lang.lower().split("-")[0] == seed.language.lower().split("-")[0], lang
    if seed.language.startswith("zh"):
        assert CJK.search(seed.title), "a Chinese seed with a title to look for"
        expect(page.locator("h1#policy-title")).to_be_visible()
        expect(page.locator("h1#policy-title")).to_contain_text(seed.title)


def _search_cases() -> list[Any]:
    ntt = BY_PATH["policies/ntt-com-china/en/"]
    zte = BY_PATH["policies/zte/en/"]
    cmcc = BY_PATH["policies/cmcc-guangdong/zh-CN/"]
    return [
        # The English titles are all "Privacy Policy"; the controllers' names tell them apart.
        pytest.param(ntt.controller.split()[0], ntt.path, id="english-ntt"),
        pytest.param(zte.controller, zte.path, id="english-zte"),
        pytest.param(cmcc.title, cmcc.path, id="chinese-title"),
        pytest.param("广东", cmcc.path, id="chinese-guangdong"),
        # Both scripts: jieba knows 个人信息 but not 個人資料 (i18n/segment.py teaches it).
        pytest.param("个人信息", cmcc.path, id="simplified-words"),
        pytest.param("個人資料", "policies/example-telecom/zh-TW/", id="traditional-words"),
        pytest.param("隱私團隊", "policies/example-telecom/zh-TW/", id="traditional-team"),
        pytest.param("行動通訊", "policies/example-telecom/zh-TW/", id="traditional-mobile"),
    ]


@pytest.mark.parametrize(("query", "expected"), _search_cases())
def test_search_finds_a_policy(
    page: Page, site_url: str, requests_seen: list[str], query: str, expected: str
) -> None:
    visit(page, site_url, "")
    search = page.locator("input.md-search__input")
    search.click()
    search.fill(query)
    # Material reads the query on keyup (fill() only fires input) or once its worker is ready.
    search.press("End")
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible()
    expect(page.locator(f'.md-search-result__item a[href*="{expected}"]').first).to_be_attached()
    assert off_origin(requests_seen, site_url) == []


@pytest.mark.parametrize("path", ["", "policies/", *BY_PATH])
def test_no_page_requests_anything_from_another_host(
    page: Page, site_url: str, requests_seen: list[str], path: str
) -> None:
    visit(page, site_url, path)
    page.wait_for_load_state("networkidle")
    assert off_origin(requests_seen, site_url) == []
    home = origin(site_url)
    assets = [u for u in requests_seen if origin(u) == home and re.search(r"\.(css|js)(\?|$)", u)]
    assert assets, f"no stylesheet or script was requested: {requests_seen}"
