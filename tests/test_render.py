"""The Markdown renderer: golden pages, completeness, escaping, determinism, overrides, HTML.

Goldens live in tests/golden/pages/<policy>/<version>/<language>.md, made from the copies of the seed
policies in tests/fixtures/site/policies/; `POLICYPRESS_UPDATE_GOLDENS=1 pytest
tests/test_render.py` rewrites them (review the diff before committing).
"""

from __future__ import annotations

import copy
import html
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment, Undefined

from policypress.i18n import catalogs, cldr
from policypress.render import UnescapedOutputError, render_policy
from policypress.render.environment import PACKAGE_TEMPLATES, environment, forget
from policypress.render.escape import (
    CONTROL,
    SafeMd,
    anchor,
    cell,
    escape_chars,
    heading,
    link,
    plain,
    safe_url,
)
from policypress.render.filters import fill
from policypress.render.labels import duration_words, labels_for
from policypress.render.sanitize import markdown_field
from policypress.schemaindex import current
from policypress.yamlload import load_file

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
# The goldens are made from copies of the seed policies, so authors may edit policies/ freely.
FIXTURE_POLICIES = ROOT / "tests" / "fixtures" / "site" / "policies"
SCHEMA = json.loads((ROOT / "schema" / "policy.schema.json").read_text(encoding="utf-8"))
POLICY_FILES = sorted((FIXTURE_POLICIES).glob("*/*/*.yaml"))
UPDATE = os.environ.get("POLICYPRESS_UPDATE_GOLDENS") == "1"
# What the site runs (mkdocs.yml), and the minimal set the page relies on.
SITE_EXTENSIONS = ["admonition", "attr_list", "tables", "toc", "pymdownx.highlight", "pymdownx.superfences"]
CORE_EXTENSIONS = ["admonition", "attr_list", "tables", "toc"]
HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
    "{% raw %}{{ x }}{% endraw %}",
    "| a | b |",
    "# heading",
    "{#id .class onclick=x}",
    "title {: #evil onclick=alert(1) }",
    "<img src=x onerror=alert(1)>",
    "<!-- comment -->",
    "&lt;b&gt; &amp; &#60;",
    "*em* _em_ **strong** `code` ~~del~~ ==mark== ^^ins^^ ++ctrl++",
    "1. ordered",
    "2) ordered",
    "- bullet",
    "+ bullet",
    "> quote",
    "!!! note",
    "??? details",
    "~~~ fence",
    "``` fence",
    "---",
    "=== underline",
    ": definition",
    "    indented code",
    "[ref]: javascript:alert(1)",
    "![img](https://evil.example/x.png)",
    "<https://ok.example> <javascript:alert(1)>",
    "back\\slash \\* \\",
    "line one\nline two\n\nparagraph",
    "C# ## trailing ##",
    "[TOC]",
]


def _policy_id(path: Path) -> str:
    """policy/version/language: a golden per policy file."""
    return path.relative_to(FIXTURE_POLICIES).with_suffix("").as_posix()


def _load(path: Path) -> dict[str, Any]:
    return load_file(path).data


def _html(page: str, extensions: list[str] = CORE_EXTENSIONS) -> str:
    return markdown.markdown(page, extensions=extensions)


def _unescape(page: str) -> str:
    """What a reader sees of Markdown source: backslash escapes and entities resolved."""
    return html.unescape(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>])", r"\1", page))


def _norm(text: str) -> str:
    return " ".join(text.split())


def _shown(fragment: str) -> str:
    """The text a browser shows for an HTML fragment (tags dropped, entities resolved)."""
    return _norm(html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


# ---------------------------------------------------------------- schema walk


def _resolve(node: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    name = None
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = SCHEMA["$defs"][name]
    return name, node


_SKIP_DEFS = {"id", "idref", "idrefs", "country", "countries", "language", "shown"}


def _classify(node: dict[str, Any], value: Any) -> str:
    """text | markdown | url | date | enum | code — what kind of string the schema says `value` is."""
    name, node = _resolve(node)
    if "oneOf" in node:
        for branch in node["oneOf"]:
            if _resolve(branch)[1].get("type") != "null":
                return _classify(branch, value)
    if name in _SKIP_DEFS:
        return "code"
    if "enum" in node or "const" in node:
        return "enum"
    if name == "markdown":
        return "markdown"
    if name == "url":
        return "url"
    if name == "date":
        return "date"
    return "text"


def _strings(value: Any, node: dict[str, Any] = SCHEMA, path: tuple[Any, ...] = ()) -> Iterator[tuple]:
    """(path, kind, string) for every string in a policy, its kind read from the schema."""
    _, resolved = _resolve(node)
    if "oneOf" in resolved and value is not None:
        resolved = next(_resolve(b)[1] for b in resolved["oneOf"] if _resolve(b)[1].get("type") != "null")
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, resolved.get("properties", {}).get(key, {}), (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, resolved.get("items", {}), (*path, index))
    elif isinstance(value, str):
        yield path, _classify(node, value), value


def _replace(data: Any, path: tuple[Any, ...], new: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = new


def _hostile_variant(data: dict[str, Any], kinds: set[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """A copy of `data` with every string of `kinds` replaced by an attack carrying a marker."""
    hostile = copy.deepcopy(data)
    markers: dict[str, str] = {}
    for n, (path, kind, _) in enumerate(list(_strings(data))):
        if kind not in kinds:
            continue
        marker = f"Q{n}Z"
        if kind == "markdown":
            payload = (
                f"<script>alert({n})</script> {marker} [x](javascript:alert({n})) {{#evil onclick=x}}\n\n"
                f"# {marker}\n\n<img src=x onerror=alert({n})> {{{{ 7*7 }}}} [r]: javascript:alert({n})"
            )
        elif kind == "url":
            payload = f"javascript:alert({n})//{marker}"
        else:
            payload = (
                f"<i>{marker}</i> _e_ `c` [x](javascript:alert({n})) {{#evil .c onclick=alert({n})}} "
                f"| # {{{{ 7*7 }}}} {{% raw %}}\n- {marker}"
            )
        markers[marker] = kind
        _replace(hostile, path, payload)
    return hostile, markers


# ---------------------------------------------------------------- goldens and completeness


def test_each_policy_has_one_golden_name() -> None:
    ids = [_policy_id(p) for p in POLICY_FILES]
    assert len(ids) >= 5 and len(set(ids)) == len(ids), "goldens are named <policy>/<version>/<language>.md"


@pytest.mark.parametrize("path", POLICY_FILES, ids=_policy_id)
def test_golden_page(path: Path) -> None:
    page = render_policy(_load(path))
    golden = GOLDEN / "pages" / f"{_policy_id(path)}.md"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(page.encode("utf-8"))
    assert golden.exists(), f"no golden for {path}; run with POLICYPRESS_UPDATE_GOLDENS=1"
    assert page.encode("utf-8") == golden.read_bytes(), (
        f"{golden.name} differs; if the change is intended, rerun with POLICYPRESS_UPDATE_GOLDENS=1"
    )


@pytest.mark.parametrize("path", POLICY_FILES, ids=_policy_id)
def test_every_string_of_the_policy_is_on_the_page(path: Path) -> None:
    data = _load(path)
    seen = _norm(_unescape(render_policy(data)))
    missing = [
        (p, value)
        for p, kind, value in _strings(data)
        if kind in ("text", "markdown", "url") and _norm(_unescape(value)) not in seen
    ]
    assert missing == []
    dates = [value for _p, kind, value in _strings(data) if kind == "date"]
    assert all(cldr.date(value, data["language"]) in seen for value in dates)


@pytest.mark.parametrize("path", POLICY_FILES, ids=_policy_id)
def test_every_section_has_its_heading_and_level(path: Path) -> None:
    data = _load(path)
    page = render_policy(data)

    def walk(sections: list[dict[str, Any]], level: int) -> Iterator[tuple[int, str]]:
        """Titled sections, each a level below its titled parent: an untitled one takes no level."""
        for section in sections:
            if "title" in section:
                yield level, section["id"]
            yield from walk(section.get("sections", []), level + 1 if "title" in section else level)

    def untitled(sections: list[dict[str, Any]]) -> Iterator[str]:
        for section in sections:
            if "title" not in section:
                yield section["id"]
            yield from untitled(section.get("sections", []))

    found = re.findall(r"^(#{2,6}) .* \{#section-([a-z0-9-]+)\}$", page, re.MULTILINE)
    assert [(len(h), i) for h, i in found] == list(walk(data["sections"], 2))
    anchors = re.findall(r'^<div id="section-([a-z0-9-]+)"></div>$', page, re.MULTILINE)
    assert anchors == list(untitled(data["sections"]))  # no heading invented, the anchor kept


def test_an_untitled_section_gets_no_heading_and_its_sub_sections_keep_their_level() -> None:
    data = _load(FIXTURE_POLICIES / "ntt-com-china" / "1" / "en.yaml")
    page = render_policy(data)
    assert '<div id="section-security-of-data"></div>\n\nNTT Com China is concerned with the security' in page
    data["sections"][0]["sections"] = [{"id": "inner", "title": "Inner", "text": "x"}]
    del data["sections"][0]["title"]
    assert "\n## Inner {#section-inner}\n" in render_policy(data)


def test_the_zh_page_uses_the_chinese_catalog() -> None:
    page = render_policy(_load(FIXTURE_POLICIES / "cmcc-guangdong" / "1" / "zh-CN.yaml"))
    assert "## 要点 {#key-points}" in page
    assert "不少于6个月 — 《网络安全法》第三章第二十一条" in page
    assert "| 15个工作日 |" in page
    assert "## 一、我们如何收集和使用您的个人信息 {#section-collection-and-use}" in page


def test_a_translation_says_who_made_it_and_names_languages_in_the_page_language() -> None:
    chinese = render_policy(_load(FIXTURE_POLICIES / "zte" / "1" / "zh-CN.yaml"))
    # Names of languages and dates are CLDR's, in the page's language.
    assert "**译文**：由 PolicyPress 项目译自英语（2026年12月1日） · 本文是 PolicyPress 项目" in chinese
    assert "各语言版本不一致时，以英语版本为准。" in chinese
    english = _load(FIXTURE_POLICIES / "cmcc-guangdong" / "1" / "en.yaml")
    assert "translated from Chinese by The PolicyPress project" in render_policy(english)
    english["translation"]["from"] = "pt-BR"  # CLDR's name for the variety where it has one
    assert "translated from Brazilian Portuguese by" in render_policy(english)
    english["translation"]["from"] = "not a tag!"  # an unvalidated file still renders, as written
    assert "translated from not a tag! by" in render_policy(english)


def test_the_english_page_has_units_laws_and_sensitive_marks() -> None:
    page = render_policy(_load(FIXTURE_POLICIES / "zte" / "1" / "en.yaml"))
    assert "| 3\\) Location information |  |\n" in page  # no sensitive flag the source does not state
    assert "| email | [Privacy@zte.com.cn](mailto:Privacy@zte.com.cn) | 30 days |" in page  # the contact's
    assert "[Cyberspace Administration of China](http://www.cac.gov.cn)" in page
    assert "Shenzhen, 518057, China" in page
    assert "**Effective date**: not stated in the source; archived on May 7, 2019" in page


def test_parts_no_section_shows_go_under_more_details() -> None:
    data = _load(FIXTURE_POLICIES / "zte" / "1" / "en.yaml")
    for section in data["sections"]:
        if "complaints" in section.get("shows", []):
            section["shows"].remove("complaints")
    page = render_policy(data)
    more = page.index("## More details {#more-details}")
    assert page.index("### Complaints {#more-complaints}") > more
    assert page.index("[Cyberspace Administration of China]") > more
    assert "(#more-complaints)" not in page  # complaints are not a key point


def test_unnamed_controller_and_missing_archive_date() -> None:
    data = _load(FIXTURE_POLICIES / "china-telecom" / "1" / "en.yaml")
    del data["source"]
    page = render_policy(data)
    assert "**Effective date**: not stated in the source ·" in page
    assert "**Controller**: The source does not state the legal name" in page
    assert "the text does not name the company (listed here as “China Telecom”)" in page
    assert "## About this text" not in page


@pytest.mark.parametrize("path", POLICY_FILES, ids=_policy_id)
def test_the_html_has_every_explicit_heading_id_and_nothing_unsafe(path: Path) -> None:
    data = _load(path)
    page_html = _html(render_policy(data), CORE_EXTENSIONS)

    def section_ids(sections: list[dict[str, Any]]) -> Iterator[str]:
        for section in sections:
            if "title" in section:  # an untitled section has an anchor, and no heading
                yield f"section-{section['id']}"
            yield from section_ids(section.get("sections", []))

    headings = re.findall(r"<h[1-6]([^>]*)>", page_html)
    ids = [re.fullmatch(r' id="([a-z0-9-]+)"', h).group(1) for h in headings]  # type: ignore[union-attr]
    expected = ["policy-title", "key-points", *section_ids(data["sections"])]
    assert ids[: len(expected)] == expected
    assert set(ids[len(expected) :]) <= {"more-details", "about"} | {f"more-{p}" for p in ids}
    lowered = page_html.lower()
    assert "<script" not in lowered and "onclick" not in lowered and "javascript:" not in lowered
    _assert_safe_html(page_html, data)


# ---------------------------------------------------------------- hostile data


@pytest.mark.parametrize("path", POLICY_FILES, ids=_policy_id)
def test_every_text_field_is_escaped_wherever_it_lands(path: Path) -> None:
    hostile, markers = _hostile_variant(_load(path), {"text", "markdown", "url", "date"})
    page = render_policy(hostile)
    assert "<" not in _UNTITLED_ANCHOR.sub("", page), "raw HTML from the data reached the page"
    braces = re.findall(r"\{[^}\n]*\}?", page)
    assert all(re.fullmatch(r"\{#[a-z0-9-]+\}", b) for b in braces), braces
    seen = _unescape(page)
    assert [m for m in markers if m not in seen] == [], "a field is missing from the page"
    templated = [m for m, kind in markers.items() if kind != "url"]
    assert seen.count("{{ 7*7 }}") >= len(templated) and seen.count("{% raw %}") >= len(templated) - 1
    for extensions in (CORE_EXTENSIONS, SITE_EXTENSIONS):
        _assert_safe_html(_html(page, extensions), hostile)


@pytest.mark.parametrize("path", POLICY_FILES, ids=_policy_id)
def test_hostile_ids_enums_and_codes_do_not_break_out(path: Path) -> None:
    hostile, _ = _hostile_variant(_load(path), {"text", "markdown", "url", "date", "enum", "code"})
    page = render_policy(hostile)
    assert "<" not in _UNTITLED_ANCHOR.sub("", page)  # only the anchors of untitled sections are HTML
    _assert_safe_html(_html(page, SITE_EXTENSIONS), None)


def _assert_safe_html(page_html: str, data: dict[str, Any] | None, extra: set[str] = frozenset()) -> None:
    """Only the page's own tags, only ids on headings and http(s)/mailto/tel/# links."""
    for name, attributes in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>", page_html):
        if name == "div" and "div" not in extra:  # a notice (admonition) or an untitled section's anchor
            assert re.fullmatch(r' class="admonition (note|info)"| id="section-[a-z0-9-]+"', attributes), (
                f"<{name}{attributes}>"
            )
            continue
        assert name in _PAGE_TAGS | extra, f"<{name}{attributes}>"
        names = re.findall(r"\s([^\s=]+)=\"[^\"]*\"", attributes)
        if name == "a":
            assert names == ["href"] and re.fullmatch(r' href="(https?:|mailto:|tel:|#)[^"]*"', attributes)
        elif name in _HEADINGS:
            assert names == ["id"] and 'id="evil"' not in attributes
        elif name == "p" and attributes:  # the title of a notice (admonition) PolicyPress writes
            assert attributes == ' class="admonition-title"', f"<{name}{attributes}>"
        elif name not in ("div", "span", "code", "pre"):  # highlight's classes on code blocks
            assert names == [], f"<{name}{attributes}>"
    assert "<!--" not in page_html
    if data is not None:
        ids = re.findall(r"<h[1-6] id=\"([^\"]+)\"", page_html)
        assert len(ids) == len(re.findall(r"<h[1-6]", page_html))
        assert len(ids) == len(set(ids))


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCK_TAGS = {"p", "ul", "ol", "li", "hr", "table", "thead", "tbody", "tr", "th", "td"}
_PAGE_TAGS = _HEADINGS | _BLOCK_TAGS | {"strong", "a"}
_UNTITLED_ANCHOR = re.compile(r'^<div id="section-[a-z0-9-]+"></div>$', re.MULTILINE)


# ---------------------------------------------------------------- escaping filters


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_text_shows_exactly_as_written(text: str) -> None:
    for extensions in (CORE_EXTENSIONS, SITE_EXTENSIONS):
        out = _html(f"{plain(text)}\n\n- {plain(text)}\n", extensions)
        assert out.count("<p>") == 1 and out.count("<li>") == 1, out
        for piece in re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", out, re.DOTALL):
            assert _shown(piece) == _norm(text), out
        assert not re.search(r"<(?!/?(?:p|ul|li)>)", out), out


@pytest.mark.parametrize("text", HOSTILE)
def test_table_cells_keep_their_column(text: str) -> None:
    out = _html(f"| a | b |\n|---|---|\n| {cell(text)} | {cell('x')} |\n")
    cells = re.findall(r"<td>(.*?)</td>", out, re.DOTALL)
    assert len(cells) == 2 and _shown(cells[0]) == _norm(text) and cells[1] == "x", out


@pytest.mark.parametrize("text", HOSTILE)
def test_headings_keep_their_own_id(text: str) -> None:
    out = _html(f"{heading(text, 2, 'section-intro')}\n", SITE_EXTENSIONS)
    match = re.fullmatch(r'<h2 id="section-intro">(.*)</h2>', out, re.DOTALL)
    assert match and _shown(match.group(1)) == _norm(text), out


@pytest.mark.parametrize("text", [*HOSTILE, "{x} ~~d~~ ^^e^^ ==f== ++g++ &#123; C# ##"])
def test_the_table_of_contents_shows_headings_as_written(text: str) -> None:
    """The toc's names feed the sidebar and the page's <title>: an entity must not show as `&#123;`."""
    converter = markdown.Markdown(extensions=SITE_EXTENSIONS)
    converter.convert(f"{heading(text, 2, 'section-intro')}\n")
    (token,) = converter.toc_tokens  # type: ignore[attr-defined]
    assert _shown(token["name"]) == _norm(text), token["name"]


@pytest.mark.parametrize("text", HOSTILE)
def test_link_text_is_escaped(text: str) -> None:
    out = _html(link("https://example.com/a_b(c)", text))
    match = re.fullmatch(r'<p><a href="https://example.com/a_b%28c%29">(.*)</a></p>', out, re.DOTALL)
    assert match and _shown(match.group(1)) == _norm(text), out


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " https://x",
        "data:text/html,x",
        "//evil.example",
        "/a",
        None,
    ],
)
def test_unsafe_urls_are_not_linked(url: str | None) -> None:
    assert safe_url(url) is None
    out = _html(link(url, "x"))
    assert "<a" not in out


def test_safe_urls_are_linked_and_encoded() -> None:
    assert safe_url("https://ec.europa.eu/x#dpa") == "https://ec.europa.eu/x#dpa"
    assert safe_url('https://x/a b)<"') == "https://x/a%20b%29%3C%22"
    assert link("mailto:Privacy@zte.com.cn", "Privacy@zte.com.cn") == (
        "[Privacy@zte.com.cn](mailto:Privacy@zte.com.cn)"
    )
    assert link("tel:02010086", "020-10086") == "[020-10086](tel:02010086)"


URLISH = st.text(
    alphabet=st.sampled_from(
        [*"abzAZ09:/?#@!$&*+,;=%-._~ <>()[]{}\"'\\`|^\t\n\x00\x7f", "é", "中", "\u2028"]
    ),
    max_size=30,
)


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["https://", "http://", "mailto:", "tel:"]), URLISH)
def test_a_url_is_left_as_is_only_when_encoding_would_not_change_it(scheme: str, rest: str) -> None:
    """safe_url's shortcut for plain ASCII URLs gives what percent-encoding each character gives."""
    url = scheme + rest
    if safe_url(url) is None:
        return
    encoded = "".join(
        "".join(f"%{b:02X}" for b in ch.encode("utf-8"))
        if ch in "<>()[]{}\"'\\`| ^" or ch.isspace() or not ch.isprintable()
        else ch
        for ch in url
    )
    assert safe_url(url) == encoded


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab *_|&<{\t\n\r\f\v\x00\x01\x0b\x1f\x7f", "\u3000"]), max_size=20))
def test_inline_text_is_tidied_as_before_its_shortcut(text: str) -> None:
    """A value is tidied (controls dropped, whitespace runs made one space) whether or not it needs it."""
    tidied = re.sub(r"[ \t\r\n\f\v]+", " ", re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)).strip(" ")
    assert cell(text) == escape_chars(tidied)


def test_anchors_are_slugs() -> None:
    assert anchor("Section-1") == "section-1"
    assert anchor('x" onclick="y') == "x-onclick-y"
    assert anchor("{#}") == "x"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_any_plain_text_shows_as_written(text: str) -> None:
    shown = _norm(CONTROL.sub("", text))
    out = _html(f"- {plain(text)}\n", SITE_EXTENSIONS)
    assert not re.search(r"<(?!/?(?:ul|li|p)>)", out), out
    assert _shown(re.sub(r"</?(?:ul|li|p)>", "", out)) == shown


# ---------------------------------------------------------------- Markdown fields


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "[x]( JavaScript:alert(1) )",
        "[x](<javascript:alert(1)>)",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "> [r]: javascript:alert(1)\n\n[x][r]",
        "[x][a\nb]\n\n[a\nb]:\n  javascript:alert(1)",
        "[^1]: javascript:alert(1)\n\n[x][^1]",
        "![img](https://evil.example/x.png)",
        "text {#id .class onclick=alert(1)}",
        "[x](https://ok.example){onclick=alert(1)}",
        "para\n{: onclick=alert(1) }",
        "<img src=x onerror=alert(1)>",
        "<!-- hidden -->",
        "<javascript:alert(1)>",
        "`<b>` and ``{{ 7*7 }}``",
    ],
)
def test_markdown_fields_cannot_run_code_or_load_anything(text: str) -> None:
    for extensions in (CORE_EXTENSIONS, SITE_EXTENSIONS):
        _assert_safe_html(_html(markdown_field(text), extensions), None, _MARKDOWN_TAGS)


_MARKDOWN_TAGS = {"em", "code", "pre", "blockquote", "br", "div", "span", "sup"}


def test_markdown_fields_keep_their_markdown() -> None:
    source = (
        "Some *emphasis* and **bold**, a [link](https://example.com/p?a=1&b=2) and <https://ok.example>.\n\n"
        "1. one\n2. two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "Mail [us](mailto:a@b.example) or call [us](tel:+8610086)."
    )
    out = _html(markdown_field(source))
    assert "<em>emphasis</em>" in out and "<strong>bold</strong>" in out
    assert '<a href="https://example.com/p?a=1&amp;b=2">link</a>' in out
    assert '<a href="https://ok.example">https://ok.example</a>' in out
    assert "<ol>" in out and "<table>" in out
    assert 'href="mailto:a@b.example"' in out and 'href="tel:+8610086"' in out


def test_markdown_fields_show_template_syntax_as_written() -> None:
    out = _html(markdown_field("{{ 7*7 }} {% raw %} {# c #}"))
    assert _shown(out) == "{{ 7*7 }} {% raw %} {# c #}"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("#{7*7}", "{7*7}"),  # was *{77}: the ** around the heading paired with its own *
        ("# a * b", "a * b"),
        ("## x**", "x**"),
        ("# ends with a backslash \\", "ends with a backslash \\"),
        ("# a `b", "a `b"),
    ],
)
def test_a_heading_made_bold_reads_as_written(text: str, shown: str) -> None:
    out = _html(markdown_field(text), SITE_EXTENSIONS)
    assert out.startswith("<p><strong>") and out.endswith("</strong></p>")
    assert _shown(out) == shown


def test_a_heading_made_bold_keeps_code_and_holds_nothing_past_its_end() -> None:
    out = _html(markdown_field("# Some _key_ `a*b` here *not em*"))
    assert out == "<p><strong>Some <em>key</em> <code>a*b</code> here *not em*</strong></p>"
    # An unclosed backtick would open a code span swallowing the closing ** up to the next line's.
    out = _html(markdown_field("# a `b\nc` d"))
    assert "<code>" not in out and out.count("<strong>") == out.count("</strong>") == 1


def test_markdown_fields_do_not_add_headings() -> None:
    out = _html(markdown_field("# Big\n\nText\n\n- ## Nested\n\nTitle\n=====\n\nOther\n---"), SITE_EXTENSIONS)
    assert "<h" not in out.replace("<hr", "")
    assert "<strong>Big</strong>" in out and "<strong>Nested</strong>" in out


# ---------------------------------------------------------------- environment and templates


def test_rendering_is_deterministic() -> None:
    for path in POLICY_FILES:
        data = _load(path)
        first = render_policy(data)
        assert render_policy(copy.deepcopy(data)) == first
        assert render_policy(_load(path)) == first


def test_the_environment_is_built_once_per_templates_dir(tmp_path: Path) -> None:
    assert environment() is environment()
    assert environment(tmp_path) is environment(tmp_path)
    assert environment(tmp_path) is not environment()
    env = environment()
    assert env.autoescape is False and env.keep_trailing_newline is True
    assert env.undefined.__name__ == "StrictUndefined"


def test_a_site_template_overrides_the_page(tmp_path: Path) -> None:
    (tmp_path / "policy.md.j2").write_text("# {{ doc.title | md }}\n\nOurs.\n", encoding="utf-8")
    data = _load(FIXTURE_POLICIES / "zte" / "1" / "en.yaml")
    assert render_policy(data, templates_dir=tmp_path) == "# Privacy Policy\n\nOurs.\n"


def test_a_site_partial_overrides_one_part(tmp_path: Path) -> None:
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "purposes.md.j2").write_text(
        "{% for p in doc.purposes %}\n* {{ p.label | md }}\n{% endfor %}\n", encoding="utf-8"
    )
    data = _load(FIXTURE_POLICIES / "zte" / "1" / "en.yaml")
    page = render_policy(data, templates_dir=tmp_path)
    assert "* Fulfill a purchase order.\n* Create and manage your account.\n" in page
    assert "| Purpose | Data used |" not in page
    assert "| Data we collect |" in page  # other parts still come from the package


def test_a_site_template_can_extend_the_package_page(tmp_path: Path) -> None:
    (tmp_path / "policy.md.j2").write_text(
        '{% extends "policypress/policy.md.j2" %}{% block summary %}{% endblock %}', encoding="utf-8"
    )
    page = render_policy(_load(FIXTURE_POLICIES / "zte" / "1" / "en.yaml"), templates_dir=tmp_path)
    assert "## Key points" not in page and "## Introduction {#section-introduction}" in page


def test_a_template_that_forgets_to_escape_fails(tmp_path: Path) -> None:
    (tmp_path / "policy.md.j2").write_text("# {{ doc.title }}\n", encoding="utf-8")
    with pytest.raises(UnescapedOutputError):
        render_policy({"title": "<b>x</b>"}, templates_dir=tmp_path)


def test_join_refuses_unescaped_pieces(tmp_path: Path) -> None:
    (tmp_path / "policy.md.j2").write_text("{{ doc.examples | join(', ') }}\n", encoding="utf-8")
    with pytest.raises(TypeError, match="not escaped"):
        render_policy({"examples": ["<b>"]}, templates_dir=tmp_path)


def test_policy_text_is_never_a_format_string(tmp_path: Path) -> None:
    (tmp_path / "policy.md.j2").write_text("{{ doc.title | fill(x=doc.title) }}\n", encoding="utf-8")
    with pytest.raises(TypeError, match="catalog phrase"):
        render_policy({"title": "{x.__class__}"}, templates_dir=tmp_path)


def test_edit_url_is_linked_only_when_safe() -> None:
    data = _load(FIXTURE_POLICIES / "ntt-com-china" / "1" / "en.yaml")
    assert "[Edit this policy](https://example.com/edit)" in render_policy(
        data, edit_url="https://example.com/edit"
    )
    assert "Edit this policy" not in render_policy(data, edit_url="javascript:alert(1)")


def test_every_package_template_exists_for_every_part() -> None:
    parts = current().parts
    assert {p.stem.removesuffix(".md") for p in (PACKAGE_TEMPLATES / "parts").glob("*.md.j2")} == set(parts)


def test_the_renderer_imports_no_mkdocs() -> None:
    sources = (ROOT / "plugins" / "policypress" / "render").glob("*.py")
    assert not [s.name for s in sources if re.search(r"^\s*(from|import)\s+mkdocs", s.read_text(), re.M)]
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, policypress.render; print(sorted(m for m in sys.modules if 'mkdocs' in m))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.strip() == "[]"


# ---------------------------------------------------------------- catalogs


def test_the_catalog_is_chosen_by_likely_subtags() -> None:
    tag = catalogs.catalog_tag
    assert tag("zh-CN") == tag("zh-Hans-CN") == tag("zh") == tag("zh-SG") == "zh-Hans"
    assert tag("zh-TW") == tag("zh-HK") == tag("zh-MO") == tag("zh-Hant") == tag("zh-Hant-CN") == "zh-Hant"
    assert tag("en") == tag("en-GB") == tag("de") == tag("ja") == tag("") == tag("not a tag") == "en"


def test_every_enum_value_has_words_in_every_catalog() -> None:
    """Every enum the schema gives words to (`words` in x-policypress) has them in every catalog."""
    groups = current().word_groups
    assert len(groups) >= 14
    for group, values in groups.items():
        assert set(labels_for("en").enum[group]) == set(values), group  # every catalog: test_locales.py


def test_every_unit_and_part_has_words() -> None:
    units = SCHEMA["$defs"]["duration"]["properties"]["unit"]["enum"]
    for language in ("en", "zh-CN", "zh-TW"):
        assert all(duration_words(labels_for(language), 2, unit) for unit in units)
    # The catalog has words only for units CLDR does not know (working days): no second table.
    assert set(labels_for("en").unit) == {u for u in units if cldr.duration(2, u, "en") is None}
    assert set(labels_for("en").part) == set(current().parts)


def test_safe_markdown_is_a_string() -> None:
    assert isinstance(plain("x"), SafeMd) and isinstance(plain("x"), str)


def test_forget_makes_edited_templates_show(tmp_path: Path) -> None:
    """Templates are read once per environment; `forget` (each build) makes edits show."""
    data = _load(FIXTURE_POLICIES / "zte" / "1" / "en.yaml")
    (tmp_path / "policy.md.j2").write_text("First.\n", encoding="utf-8")
    assert render_policy(data, templates_dir=tmp_path) == "First.\n"
    (tmp_path / "policy.md.j2").write_text("Second.\n", encoding="utf-8")
    forget()
    assert render_policy(data, templates_dir=tmp_path) == "Second.\n"


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["title", "items", "get", "keys", "__class__", "x"]), st.integers()),
    st.sampled_from(["title", "items", "get", "keys", "__class__", "__len__", "x", "missing"]),
)
def test_policy_dicts_are_read_as_jinja_reads_them(data: dict[str, int], name: str) -> None:
    """The shortcut for `doc.name` gives Jinja's own answer: dict methods win, then items, else Undefined."""
    env = environment()
    ours, jinjas = env.getattr(data, name), Environment.getattr(env, data, name)
    if isinstance(jinjas, Undefined):
        assert isinstance(ours, Undefined) and ours._undefined_name == jinjas._undefined_name
    else:
        assert ours == jinjas


def _filtered(language: str, source: str, **values: Any) -> str:
    """A template fragment rendered with the page words of `language`, as the page templates are."""
    return environment().from_string(source).render(t=labels_for(language), **values)


CMCC_OFFICE = {
    "lines": ["广东省广州市天河区珠江西路11号"],
    "city": "广州市",
    "region": "广东省",
    "country": "CN",
}
ZTE_OFFICE = {"lines": ["科技南路55号"], "city": "深圳", "postcode": "518057", "country": "CN"}
BERLIN_OFFICE = {"lines": ["Beispielstraße 1"], "city": "柏林", "postcode": "10115", "country": "DE"}


@pytest.mark.parametrize(
    ("language", "place", "shown"),
    [
        # Chinese writes an address in China largest part first, and says a city the street line names once.
        ("zh-CN", CMCC_OFFICE, "中国广东省广州市天河区珠江西路11号"),
        ("zh-CN", ZTE_OFFICE, "中国深圳科技南路55号，邮编：518057"),
        # Traditional Chinese too (its catalog's order and words, CLDR's name of the country).
        ("zh-TW", ZTE_OFFICE, "中國深圳科技南路55号，郵遞區號：518057"),
        ("zh-HK", CMCC_OFFICE, "中國广东省广州市天河区珠江西路11号"),
        # An address abroad keeps its own order; English writes every address smallest part first.
        ("zh-CN", BERLIN_OFFICE, "Beispielstraße 1，柏林，10115，德国"),
        ("en", ZTE_OFFICE, "科技南路55号, 深圳, 518057, China"),
        ("en", CMCC_OFFICE, "广东省广州市天河区珠江西路11号, 广州市, 广东省, China"),
    ],
)
def test_an_address_is_written_in_the_order_of_the_page_language(
    language: str, place: dict[str, Any], shown: str
) -> None:
    assert _filtered(language, "{{ place | address }}", place=place) == shown


@pytest.mark.parametrize(
    ("language", "controller", "shown"),
    [
        ("en", {"legal_name": "ZTE Corporation", "name": "ZTE"}, "ZTE Corporation (“ZTE”)"),
        (
            "zh-CN",
            {"legal_name": "中兴通讯股份有限公司", "name": "中兴通讯"},
            "中兴通讯股份有限公司（以下简称“中兴通讯”）",
        ),
        (
            "zh-TW",
            {"legal_name": "中興通訊股份有限公司", "name": "中興通訊"},
            "中興通訊股份有限公司（以下簡稱「中興通訊」）",
        ),
        ("en", {"legal_name": "ZTE Corporation", "name": "ZTE Corporation"}, "ZTE Corporation"),
        ("en", {"legal_name": "A <b> & Co", "name": "*A*"}, r"A &lt;b&gt; &amp; Co (“\*A\*”)"),
    ],
)
def test_a_short_name_follows_the_legal_name_as_a_defined_term(
    language: str, controller: dict[str, str], shown: str
) -> None:
    assert _filtered(language, "{{ c | legal_name }}", c=controller) == shown


@pytest.mark.parametrize(
    ("by", "language", "shown"),
    [
        ("PolicyPress 项目", "英文", "由 PolicyPress 项目译自英文（2026-12-01）"),
        ("张三", "English", "由张三译自 English（2026-12-01）"),
        ("2 位译者", "英文", "由2 位译者译自英文（2026-12-01）"),  # digits are not spaced from Han
    ],
)
def test_a_chinese_phrase_is_spaced_from_a_latin_word_put_into_it(by: str, language: str, shown: str) -> None:
    assert fill(labels_for("zh-CN").translated, by=by, language=language, date="2026-12-01") == shown
    assert fill(labels_for("en").translated, by="X", language="Y", date="D") == "translated from Y by X (D)"


def test_a_title_that_does_not_say_whose_policy_it_is_gets_the_organization() -> None:
    from policypress.render.labels import labels_for
    from policypress.render.records import titled

    t = labels_for("en")
    china_telecom = {
        "title": "Privacy Policy of Our Site - About Us",
        "controller": {"name": "China Telecom"},
    }
    assert titled(china_telecom, t) == "China Telecom — Privacy Policy of Our Site - About Us"
    example = {"title": "Example Telecom Privacy Policy", "controller": {"name": "Example Telecom"}}
    assert titled(example, t) == "Example Telecom Privacy Policy"
    assert titled({"title": "Privacy Policy"}, t) == "Privacy Policy"
