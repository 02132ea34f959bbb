"""Languages as a reader meets them: the switcher leads to the same version in the other language,
every page says its language, a translation says which text prevails, and each language has
its index (on the project's own site: China Mobile Guangdong and ZTE are in two languages).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest

from .conftest import off_origin
from .test_site_in_browser import visit

if TYPE_CHECKING:
    from playwright.sync_api import Page

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or, in CI, fails) before any test body runs
    expect = None  # type: ignore[assignment]

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("start", "language", "other", "link"),
    [
        ("policies/cmcc-guangdong/zh-CN/", "zh-CN", "en", "English"),
        ("policies/zte/en/", "en", "zh-CN", "中文（中国）"),
        ("policies/zte/1/en/", "en", "zh-CN", "中文（中国）"),  # a version's permanent page
    ],
)
def test_the_switcher_leads_to_the_same_version_in_the_other_language(
    page: Page, site_url: str, requests_seen: list[str], start: str, language: str, other: str, link: str
) -> None:
    visit(page, site_url, start)
    assert page.locator("html").get_attribute("lang") == language
    switch = page.locator(f'article a[hreflang="{other}"]', has_text=link).first
    expect(switch).to_have_attribute("lang", other)
    version = page.locator("article").inner_text().split("\n")
    switch.click()
    page.wait_for_load_state()
    assert page.url == site_url + start.replace(f"/{language}/", f"/{other}/")
    assert page.locator("html").get_attribute("lang") == other
    # The same version: the line under the title names the same version number.
    line = next(row for row in version if row.startswith(("Version", "版本")))
    number = line.split("·")[0].split("：" if "：" in line else ":")[1].strip()
    expect(page.locator("article p").filter(has_text=number).first).to_be_visible()
    assert off_origin(requests_seen, site_url) == []


def test_a_translation_names_the_text_that_prevails_and_links_to_it(page: Page, site_url: str) -> None:
    visit(page, site_url, "policies/cmcc-guangdong/en/")
    notice = page.locator(".admonition", has_text="This is a translation")
    expect(notice).to_contain_text("the Chinese text prevails")
    notice.get_by_role("link").click()
    assert page.url == site_url + "policies/cmcc-guangdong/zh-CN/"
    expect(page.locator(".admonition", has_text="本文为译本")).to_have_count(
        0
    )  # the original is no translation


def test_mkdocs_materials_own_words_follow_the_page_language(page: Page, site_url: str) -> None:
    visit(page, site_url, "policies/cmcc-guangdong/zh-CN/")
    expect(page.locator("input.md-search__input")).to_have_attribute("placeholder", "搜索")
    visit(page, site_url, "policies/cmcc-guangdong/en/")
    expect(page.locator("input.md-search__input")).to_have_attribute("placeholder", "Search")


def test_each_language_has_its_index_in_its_own_words(page: Page, site_url: str) -> None:
    visit(page, site_url, "policies/")
    page.locator("article a[hreflang='zh-CN']", has_text="中文（中国）").first.click()
    assert page.url == site_url + "policies/index.zh-CN/"
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    expect(page.locator("h1#policies")).to_contain_text("隐私政策")
    expect(page.locator("article h2", has_text="中国移动广东公司")).to_be_visible()
    expect(page.locator("article a", has_text="隐私协议").first).to_be_visible()
    expect(page.locator("article")).not_to_contain_text("unofficial English translation")


def _nav_link(page: Page, title: str) -> Any:
    return page.locator("nav.md-nav--primary a.md-nav__link", has_text=title).first


@pytest.mark.parametrize(
    ("start", "home", "policies", "key_points"),
    [
        ("policies/cmcc-guangdong/zh-CN/", "首页", "隐私政策", "要点"),
        ("policies/example-telecom/zh-TW/", "首頁", "隱私政策", "要點"),
    ],
)
def test_a_chinese_page_has_the_nav_and_chrome_in_its_script(
    page: Page, site_url: str, start: str, home: str, policies: str, key_points: str
) -> None:
    visit(page, site_url, start)
    expect(page.locator("article h2#key-points")).to_have_text(re.compile(key_points))
    expect(_nav_link(page, home)).to_be_attached()
    expect(page.locator("nav.md-nav--primary")).not_to_contain_text("Home")
    _nav_link(page, policies).click()
    page.wait_for_load_state()
    language = start.split("/")[2]
    assert page.url == site_url + f"policies/index.{language}/"
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1#policies")).to_have_text(re.compile(policies))


def test_a_page_only_in_english_says_so_and_keeps_the_chinese_nav(page: Page, site_url: str) -> None:
    visit(page, site_url, "policies/cmcc-guangdong/zh-CN/")
    expect(page.locator("nav.md-nav--primary label.md-nav__link", has_text="作者指南").first).to_be_visible()
    _nav_link(page, "撰写隐私政策").click()
    page.wait_for_load_state()
    assert page.url == site_url + "authors/writing-policies.zh-CN/"
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    expect(page.locator(".policypress-only-in")).to_have_text("本页只有英语版本。")
    expect(page.locator("article")).to_have_attribute("lang", "en")
    expect(page.locator("article h1")).to_have_text(re.compile("Writing a policy"))
    expect(page.locator("input.md-search__input")).to_have_attribute("placeholder", "搜索")
    # A link in the English text leads to another page's Chinese view.
    page.locator("article a[href*='validation.zh-CN']").first.click()
    page.wait_for_load_state()
    assert "authors/validation.zh-CN/" in page.url
    expect(_nav_link(page, "校验与错误代码")).to_be_attached()


def test_the_english_site_is_as_before(page: Page, site_url: str) -> None:
    visit(page, site_url, "authors/writing-policies/")
    expect(page.locator(".policypress-only-in")).to_have_count(0)
    expect(_nav_link(page, "Home")).to_be_attached()
