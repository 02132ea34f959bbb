"""The XSS site read as files (issue 6, part 6): every attack of tests/xss_payloads.yaml in every
kind of text field, built with `mkdocs build --strict`. The browser suite
(tests/browser/test_xss.py) opens the same pages in Chromium; these checks run without one.

For each generated page: the article holds no forbidden element, handler or URL; the rest of
the page holds nothing the control page lacks; `<title>` is the title as written; every
attack is visible as text. The search index (Material renders it as HTML) is as clean, and
the JSON holds each attack exactly as written.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest

from .hostile_site import CONTROL, PAYLOADS, SITE_NAME, Case, normalized, policy_pages
from .xss import FORBIDDEN_TAGS, dangerous_markup, depthless, element_problems, elements, visible_text

Built = tuple[Path, list[Case]]


def article(html: str) -> str:
    """The page's content (what MkDocs rendered from the Markdown), without the theme around it."""
    return html[html.index("<article") : html.rindex("</article>")]


def outside_article(html: str) -> str:
    return html[: html.index("<article")] + html[html.rindex("</article>") :]


# Links between pages (rel=prev/next…) load nothing; form controls need a handler, checked apart.
_NAVIGATION = {"prev", "next", "canonical", "alternate", "search"}
_CONTROLS = {"input", "button", "textarea", "select", "template", "svg"}


def theme_signatures(html: str) -> set[str]:
    """What, around the content, can load or run something (links made independent of the depth)."""
    return {
        depthless(str(e))
        for e in elements(outside_article(html))
        if e.tag in FORBIDDEN_TAGS - _CONTROLS
        and not (e.tag == "link" and dict(e.attributes).get("rel") in _NAVIGATION)
    }


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def pages(xss_site: Built) -> list[str]:
    return policy_pages(xss_site[0])


def test_every_attack_has_its_policy_page(xss_site: Built) -> None:
    site, cases = xss_site
    assert len(cases) == len(PAYLOADS) + 1 >= 40
    for case in cases:
        assert (site / case.page / "index.html").is_file(), case.page


def test_no_article_holds_a_forbidden_element_handler_or_url(xss_site: Built) -> None:
    site, _ = xss_site
    found = {page: dangerous_markup(article(read(site, page))) for page in pages(xss_site)}
    assert {page: problems for page, problems in found.items() if problems} == {}


def test_the_page_around_the_article_has_only_what_the_control_page_has(xss_site: Built) -> None:
    site, _ = xss_site
    control = theme_signatures(read(site, f"policies/{CONTROL}/en/index.html"))
    assert control, "the theme's own scripts and forms are there to compare with"
    extra = {page: theme_signatures(read(site, page)) - control for page in pages(xss_site)}
    assert {page: found for page, found in extra.items() if found} == {}
    handlers = [
        (page, problem)
        for page in pages(xss_site)
        for element in elements(outside_article(read(site, page)))
        for problem in element_problems(element)
    ]
    assert handlers == []


def test_the_browser_title_is_the_policy_title_as_written(xss_site: Built) -> None:
    site, cases = xss_site
    for case in cases:
        html = read(site, f"{case.page}index.html")
        (title,) = re.findall(r"<title>(.*?)</title>", html, re.DOTALL)
        assert visible_text(f"<p>{title}</p>") == f"{normalized(case.title)} - {SITE_NAME}", case.policy
        assert [e.tag for e in elements(html[: html.index("</head>")]).__iter__() if e.tag == "title"] == [
            "title"
        ]


def test_every_attack_stays_visible_as_text(xss_site: Built) -> None:
    site, cases = xss_site
    missing = {}
    for case in cases:
        shown = visible_text(article(read(site, f"{case.page}index.html")))
        lost = [text for text in case.shown if text not in shown]
        if lost:
            missing[case.policy] = lost
    assert missing == {}


def test_attacks_fill_every_kind_of_field(xss_site: Built) -> None:
    """Guards the generator: the attack is on the page dozens of times (titles, cells, lists, text)."""
    site, cases = xss_site
    case = next(c for c in cases if c.payload == "<script>alert(1)</script>")
    html = article(read(site, f"{case.page}index.html"))
    counts = Counter(tag for tag in re.findall(r"<(h[1-6]|td|li|p)\b", html))
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 40
    assert all(counts[tag] for tag in ("h1", "h2", "h3", "h4", "td", "li", "p"))


def test_the_search_index_is_safe_to_render(xss_site: Built) -> None:
    """Material shows search results' titles and text as HTML."""
    site, _ = xss_site
    index = json.loads((site / "search" / "search_index.json").read_bytes())
    problems = [
        (doc["location"], problem)
        for doc in index["docs"]
        for problem in dangerous_markup(doc["title"]) + dangerous_markup(doc["text"])
    ]
    assert len(index["docs"]) > 500 and problems == []


def test_no_snippet_was_included(xss_site: Built) -> None:
    site, _ = xss_site
    assert not [p for p in pages(xss_site) if "markdown_extensions" in read(site, p)]


@pytest.mark.parametrize(("name", "payload"), PAYLOADS[::7])
def test_the_json_holds_each_attack_exactly_as_written(xss_site: Built, name: str, payload: str) -> None:
    site, cases = xss_site
    case = next(c for c in cases if c.payload == payload)
    manifest = json.loads((site / f"api/v1/policies/{case.policy}/1/en.json").read_bytes())
    assert manifest["title"] == manifest["controller"]["name"] == payload
    section = manifest["sections"][0]
    assert section["title"] == payload and section["text"]["markdown"] == payload
    assert dangerous_markup(section["text"]["html"]) == []
    catalog = json.loads((site / "api/v1/index.json").read_bytes())
    (entry,) = [p for p in catalog["policies"] if p["policy"] == case.policy]
    assert entry["title"] == entry["organization"]["name"] == payload


def test_the_feeds_carry_every_attack_as_inert_text(xss_site: Built) -> None:
    """A feed reader renders an entry's content as HTML: it holds only the sanitized summary."""
    site, cases = xss_site
    atom = "{http://www.w3.org/2005/Atom}"
    checked = 0
    for case in cases[1:]:
        feed = ElementTree.fromstring((site / "policies" / case.policy / "en" / "feed.xml").read_bytes())
        entries = feed.findall(f"{atom}entry")
        assert len(entries) == 2  # version 2 (upcoming, dated far ahead) and version 1
        for entry in entries:
            content = entry.findtext(f"{atom}content") or ""
            assert dangerous_markup(content) == [], (case.policy, content)
            assert (entry.findtext(f"{atom}title") or "").startswith(case.payload.strip()[:20].strip())
            checked += 1
    assert checked == 2 * (len(cases) - 1)
