"""The pages as a reader on a phone, a reader who never searches and a reader who cannot tell
colours apart use them: PolicyPress's stylesheet and its search-on-demand script at work."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .conftest import TIMEOUT_MS, _unavailable

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SEARCH_INDEX = "search/search_index.json"
# Pages with tables, among them the widest: the index's dates and China Mobile Guangdong's
# purposes table with its consequence-of-refusing column.
TABLE_PAGES = [
    "policies/",
    "policies/index.zh-CN/",
    "policies/cmcc-guangdong/zh-CN/",
    "policies/cmcc-guangdong/en/",
    "policies/example-telecom/2/en/changes/",
    "policies/example-telecom/4/zh-CN/collected/",  # seven columns: cards on a phone
    "reference/policy/",  # field names in code, which must not be cut: cards on a phone
]
# Every table, and the frame it scrolls in (the plugin's, a region): wider than its frame means a
# column is out of sight.
TABLE_FIT = """() => [...document.querySelectorAll('.md-content table')].map(table => {
  const box = table.closest('.md-typeset__scrollwrap[role=region]') || table.parentElement;
  return {
    head: table.querySelector('th') ? table.querySelector('th').textContent : '',
    table: Math.ceil(table.getBoundingClientRect().right),
    box: Math.floor(box.getBoundingClientRect().right),
    scrolls: box.scrollWidth > box.clientWidth + 1 || table.scrollWidth > table.clientWidth + 1,
    page: document.documentElement.scrollWidth,
  };
})"""


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_on_a_phone_no_table_overflows_its_container(phone: Page, site_url: str, path: str) -> None:
    phone.goto(site_url + path)
    tables = phone.evaluate(TABLE_FIT)
    assert tables, "the page has no table to check"
    overflowing = [t for t in tables if t["scrolls"] or t["table"] > t["box"] or t["page"] > PHONE["width"]]
    assert overflowing == []


def test_the_search_index_loads_only_when_the_reader_opens_search(page: Page, site_url: str) -> None:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(site_url + "policies/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in asked if SEARCH_INDEX in url]
    with page.expect_response(lambda response: SEARCH_INDEX in response.url) as index:
        page.locator("input.md-search__input").click()
    assert index.value.ok
    search = page.locator("input.md-search__input")
    search.fill("ZTE")
    search.press("End")
    page.locator('.md-search-result__item a[href*="zte/"]').first.wait_for(state="attached")


def test_a_link_to_a_search_opens_search_at_once(page: Page, site_url: str) -> None:
    with page.expect_response(lambda response: SEARCH_INDEX in response.url):
        page.goto(site_url + "policies/?q=ZTE")


@pytest.mark.parametrize("path", ["policies/china-telecom/en/", "authors/publishing/"])
def test_links_in_text_are_underlined(page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    decorations = page.evaluate(
        """() => [...document.querySelectorAll('.md-content p a:not(.headerlink), .md-content li a')]
              .map(a => getComputedStyle(a).textDecorationLine)"""
    )
    assert decorations and set(decorations) == {"underline"}


CHANGES = "policies/example-telecom/2/en/changes/"
REDLINE_STYLE = """() => ['ins', 'del'].map(tag => {
  const element = document.querySelector('.md-content ' + tag);
  const style = getComputedStyle(element);
  return {tag, line: style.textDecorationLine, colour: style.color, background: style.backgroundColor,
          shown: element.getBoundingClientRect().width > 0};
})"""


def test_the_redline_marks_insertions_and_deletions_by_more_than_colour(page: Page, site_url: str) -> None:
    page.goto(site_url + "policies/example-telecom/3/en/changes/")
    ins, deleted = page.evaluate(REDLINE_STYLE)
    text = page.evaluate("getComputedStyle(document.querySelector('.md-content p')).color")
    assert ins["line"] == "underline" and deleted["line"] == "line-through"
    assert len({ins["colour"], deleted["colour"], text}) == 3
    assert len({ins["background"], deleted["background"]}) == 2
    # A deletion and the insertion that replaces it do not run together.
    gap = page.evaluate(
        """() => { const ins = document.querySelector('.md-content del + ins');
                   const del = ins.previousElementSibling;
                   return ins.getBoundingClientRect().left - del.getBoundingClientRect().right; }"""
    )
    assert gap >= 3
    legend = page.locator(".pp-legend")
    assert "struck through" in (legend.text_content() or "") and "underlined" in (legend.text_content() or "")
    # In the legend a space of the text stands before "underlined": no gap is added to it.
    assert legend.locator("ins").evaluate("ins => getComputedStyle(ins).marginLeft") == "0px"


def test_show_the_new_text_only_works_without_javascript(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(site_url + "policies/example-telecom/3/en/changes/")
        deleted = page.locator(".md-content del").first
        assert deleted.is_visible()
        page.get_by_text("Show the new text only").click()
        assert not deleted.is_visible()
        ins = page.evaluate(REDLINE_STYLE)[0]
        assert ins["line"] == "none" and ins["shown"]
    finally:
        context.close()


def test_an_added_section_shows_what_it_says(page: Page, site_url: str) -> None:
    page.goto(site_url + CHANGES)
    heading = page.locator("#diff-section-transfers")
    assert heading.is_visible()
    added = page.locator("#diff-section-transfers ~ .admonition.pp-added").first
    # Its text (textContent: a block far from the screen has no innerText until it is laid out as
    # it comes near, content-visibility: auto, one frame after a scroll).
    assert "United States" in (added.text_content() or "")
    assert "standard contractual clauses" in (added.text_content() or "")
    assert (
        page.locator("h1").inner_text().startswith("Example Telecom Privacy Policy: changes from version 1")
    )


def _printed(page: Page, url: str, folder: Path) -> str:
    """The page as Chromium prints it ("Save as PDF"), as the text pdftotext reads from the PDF."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        _unavailable("pdftotext is not installed (apt-get install poppler-utils)")
    page.goto(url)
    pdf = folder / "page.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    return subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_a_policy_prints_as_a_document(page: Page, site_url: str, tmp_path: Path) -> None:
    text = _printed(page, site_url + "policies/zte/en/", tmp_path)
    assert "ZTE" in text and "Version: 1" in text
    # Every printed page says whose policy, which version and since when, and its number.
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) > 3
    for number, printed in enumerate(pages, 1):
        head = " ".join(printed.split())
        assert "ZTE — Privacy Policy · Version: 1 · Effective date: not stated" in head, number
        assert f"{number} / {len(pages)}" in head, number
    assert "AboutCookies.org <https://www.aboutcookies.org/>" in " ".join(text.split())
    # No navigation, search, header or footer of the site.
    for chrome in ("Search", "Validation and error codes", "App developers", "Made with"):
        assert chrome not in text


def test_a_chinese_policy_prints_its_version_and_date_on_every_page(
    page: Page, site_url: str, tmp_path: Path
) -> None:
    text = _printed(page, site_url + "policies/cmcc-guangdong/zh-CN/", tmp_path)
    pages = ["".join(p.split()) for p in text.split("\f") if p.strip()]
    assert len(pages) > 2
    for printed in pages:
        assert "中国移动广东公司" in printed and "版本：1" in printed and "生效日期：2023年9月5日" in printed


@pytest.mark.parametrize(
    "path", ["policies/example-telecom/en/", "policies/zte/zh-CN/", "policies/cmcc-guangdong/en/"]
)
def test_on_a_phone_the_key_points_fit_one_screen(phone: Page, site_url: str, path: str) -> None:
    """The layered notice's first layer: the key points, heading included, fit one screen below the
    site's header bar."""
    phone.goto(site_url + path)
    height = phone.evaluate(KEY_POINTS_HEIGHT)
    header = phone.evaluate("() => document.querySelector('.md-header').getBoundingClientRect().height")
    assert 0 < height <= PHONE["height"] - header


KEY_POINTS_HEIGHT = """() => {
  const heading = document.getElementById('key-points');
  return heading.nextElementSibling.getBoundingClientRect().bottom - heading.getBoundingClientRect().top;
}"""


@pytest.mark.parametrize("path", ["reference/policy/", "policies/"])
def test_on_a_phone_no_word_in_a_table_is_cut(phone: Page, site_url: str, path: str) -> None:
    """A field name (`version`) or a date is not broken mid-word to make a column narrower."""
    phone.goto(site_url + path)
    cut = phone.evaluate(CUT_WORDS)
    assert cut == []


# Every word of every table cell that is laid out on more than one line although it would fit
# on one line of its cell (a break at a hyphen or a space is a line break, not a cut word; a
# word wider than the whole cell, such as Apple's 49-letter purpose keys on a phone, can only
# be broken or overflow, and overflowing is what the test above forbids).
CUT_WORDS = r"""() => {
  const cut = [];
  for (const cell of document.querySelectorAll('.md-content td')) {
    const style = getComputedStyle(cell);
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('a[href^="http"], a[href^="mailto:"]')) continue;
      for (const match of node.data.matchAll(/[A-Za-z0-9_.]{2,}/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const rects = [...range.getClientRects()];
        const tops = new Set(rects.map(r => Math.round(r.top)));
        const width = rects.reduce((sum, r) => sum + r.width, 0);
        if (tops.size > 1 && width <= room) cut.push(match[0]);
      }
    }
  }
  return cut;
}"""


# The cards a table of four columns or more becomes on a phone: each shown cell, its label.
CARDS = """() => [...document.querySelectorAll('.md-content .pp-cards td')]
  .filter(td => getComputedStyle(td).display !== 'none')
  .map(td => ({label: getComputedStyle(td, '::before').content, first: !td.previousElementSibling,
               row: td.closest('tr').getBoundingClientRect().width}))"""


@pytest.mark.parametrize("path", ["reference/policy/", "policies/example-telecom/4/zh-CN/collected/"])
def test_on_a_phone_a_wide_table_reads_as_cards_every_value_under_its_name(
    phone: Page, site_url: str, path: str
) -> None:
    phone.goto(site_url + path)
    cells = phone.evaluate(CARDS)
    assert cells
    assert all(cell["row"] <= PHONE["width"] for cell in cells)
    labels = [cell["label"] for cell in cells if not cell["first"]]
    assert labels and all(label not in ("none", "normal", '""') for label in labels), labels
    hidden = phone.evaluate(  # the column names are read out, not shown
        "() => document.querySelector('.md-content .pp-cards thead').getBoundingClientRect().height"
    )
    assert hidden <= 1


# Seven columns: at 45em (720 px), the narrowest width before a phone's cards, wider than the page
# (on a desktop the page gives it its whole width: it fits).
WIDE_TABLE = "policies/example-telecom/4/zh-CN/collected/"
TABLET = {"width": 720, "height": 800}


@pytest.mark.parametrize("script", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_a_table_wider_than_the_page_scrolls_from_the_keyboard(
    browser: Browser, site_url: str, script: bool
) -> None:
    """Its frame takes the focus (Tab), says what it holds, and the arrow keys scroll it; without
    the theme's script the page has the same frame."""
    context = browser.new_context(viewport=TABLET, java_script_enabled=script)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(site_url + WIDE_TABLE)
        frame = page.locator(".md-content .md-typeset__scrollwrap[tabindex='0']").first
        assert frame.get_attribute("role") == "region"
        title = page.locator(".md-content h1").inner_text().replace("¶", "").strip()
        assert frame.get_attribute("aria-label") == title  # the heading above it
        assert frame.evaluate("f => f.scrollWidth > f.clientWidth"), "the table fits: nothing to scroll"
        for _ in range(60):
            page.keyboard.press("Tab")
            if frame.evaluate("f => document.activeElement === f"):
                break
        else:
            pytest.fail("Tab never reached the table's frame")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("f => f.scrollLeft > 0", arg=frame.element_handle())
    finally:
        context.close()


# The first changed paragraph's two sides, and the first paragraph of the redline.
SIDES = """() => {
  const [before, after] = document.querySelectorAll('.md-content .pp-sides tbody tr:first-child td');
  const box = element => {
    const r = element.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width};
  };
  const inline = document.querySelector('.md-content .pp-inline');
  const page = document.documentElement.scrollWidth;
  return {before: box(before), after: box(after), inline: box(inline), page};
}"""


@pytest.mark.parametrize(
    ("width", "path", "toggle"),
    [
        (1280, "policies/example-telecom/3/en/changes/", "Show before and after side by side"),
        (390, "policies/example-telecom/3/zh-CN/changes/", "并排显示变更前后"),
    ],
    ids=["desktop-en", "phone-zh"],
)
def test_side_by_side_sets_before_beside_after_and_stacks_on_a_phone(
    browser: Browser, site_url: str, width: int, path: str, toggle: str
) -> None:
    """Without JavaScript: the toggle is a details element the stylesheet reads."""
    context = browser.new_context(viewport={"width": width, "height": 844}, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(site_url + path)
        assert page.locator(".md-content .pp-sides").first.is_hidden()  # the redline comes first
        page.get_by_text(toggle).click()
        sides = page.evaluate(SIDES)
        before, after = sides["before"], sides["after"]
        assert sides["inline"]["width"] == 0  # the redline is set aside meanwhile
        if width > 1000:  # two columns of one row, side by side
            assert after["left"] >= before["right"] - 1 and abs(after["top"] - before["top"]) < 1
            assert before["width"] > 250 and after["width"] > 250
        else:  # stacked: before above after, each the width of the page
            assert after["top"] >= before["bottom"] - 1 and abs(after["left"] - before["left"]) < 1
            assert after["right"] <= width and sides["page"] <= width
        assert "<ins>" not in page.locator(".md-content .pp-sides td").first.inner_html()
    finally:
        context.close()
