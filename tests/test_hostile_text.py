"""Text is data, never code: the last checks on a page's HTML and title, Markdown extensions a
site may enable, and the app JSON keeping each string exactly as written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import markdown
import pytest

from policypress.api.freetext import to_html
from policypress.api.manifest import build_manifest
from policypress.render import render_policy
from policypress.render.pagehtml import (
    PAGE_TAGS,
    TESTED_EXTENSIONS,
    clean_page,
    title_text,
    untested_extensions,
)
from policypress.render.sanitize import markdown_field
from policypress.validate import validate_document
from policypress.yamlload import load_text

from .hostile_site import markdown_arguments, site_extensions
from .xss import FORBIDDEN_TAGS, dangerous_markup, elements, visible_text

ROOT = Path(__file__).resolve().parents[1]

ATTACKS = [
    '<p onclick="alert(1)" style="color:red">a</p>',
    '<a href="javascript:alert(1)">j</a><a href="JaVaScRiPt:alert(1)">J</a>',
    '<a href="vbscript:msgbox(1)">v</a><a href="data:text/html,<script>alert(1)</script>">d</a>',
    '<a href=" javascript:alert(1)">space</a><a href="jav&#x09;ascript:alert(1)">tab</a>',
    "<img src=x onerror=alert(1)><svg onload=alert(1)><circle/></svg>",
    "<script>alert(1)</script><style>*{color:red}</style>",
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe><iframe src="https://evil.example">',
    '<form action="https://evil.example"><input name=x><button>go</button></form>',
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<object data="x.swf"></object><embed src="x.swf"><link rel=stylesheet href="https://evil.example/x.css">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<td style="text-align: left; background: url(https://evil.example/x)">cell</td>',
    '<details open ontoggle="alert(1)"><summary>s</summary></details>',
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_page_allowlist_removes_every_dangerous_thing(attack: str) -> None:
    cleaned = clean_page(f"<h2 id='section-a'>A</h2>{attack}")
    assert dangerous_markup(cleaned) == [], cleaned
    assert 'id="section-a"' in cleaned


def test_the_page_allowlist_keeps_what_pages_are_made_of() -> None:
    page = (
        '<h1 id="policy-title">T<a class="headerlink" href="#policy-title" title="Permanent link">¶</a></h1>'
        '<p><strong>b</strong> <em>i</em> <a href="https://example.com/?a=1&amp;b=2">l</a> '
        '<a href="mailto:a@example.com">m</a> <a href="tel:+8610086">t</a> <a href="../1/en/">r</a></p>'
        '<table><thead><tr><th style="text-align: left;">h</th></tr></thead>'
        "<tbody><tr><td>c</td></tr></tbody></table>"
        '<ol start="4"><li>four</li></ol><div class="admonition note"><p class="admonition-title">N</p></div>'
        '<div class="highlight"><pre><span></span><code><span class="k">x</span></code></pre></div>'
    )
    cleaned = clean_page(page)
    for kept in (
        'id="policy-title"',
        'class="headerlink" href="#policy-title" title="Permanent link"',
        'href="https://example.com/?a=1&amp;b=2"',
        'href="mailto:a@example.com"',
        'href="tel:+8610086"',
        'href="../1/en/"',
        'style="text-align:left"',
        '<ol start="4">',
        'class="admonition note"',
        '<span class="k">x</span>',
    ):
        assert kept in cleaned
    assert "rel=" not in cleaned  # nh3 would add rel="noopener noreferrer" to every link
    assert visible_text(cleaned) == visible_text(page)


def test_the_allowlist_has_no_forbidden_tag() -> None:
    assert not PAGE_TAGS & FORBIDDEN_TAGS


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("&lt;/title&gt;&lt;script&gt;", "&lt;/title&gt;&lt;script&gt;"),
        ("A &amp;lt;b&amp;gt; &#123;&#123; 7*7 }}", "A &amp;lt;b&amp;gt; {{ 7*7 }}"),
        ("<code>x</code> &amp; y", "x &amp; y"),
        ("\"quoted\" 'single'", "&quot;quoted&quot; &#x27;single&#x27;"),
    ],
)
def test_a_page_title_becomes_escaped_text(title: str, shown: str) -> None:
    assert title_text(title) == shown


# ---------------------------------------------------------------- extensions a site may enable

SNIPPETS_AND_BLOCKS = {
    "pymdownx.snippets": {"base_path": ["."], "check_paths": False},
    "pymdownx.blocks.html": {},
    "pymdownx.blocks.admonition": {},
    "attr_list": {},
}


@pytest.mark.parametrize(
    "text",
    [
        '--8<-- "secret.txt"',
        "text\n\n--8<--\nsecret.txt\n--8<--\n",
        '- item\n\n    --8<-- "secret.txt"',
        "> ---8<--- 'secret.txt'",
        "/// html | script\nalert(1)\n///",
        "- /// html | iframe\n      attrs: {srcdoc: x}\n  ///",
        "> //// html | form\n> ////",
    ],
)
def test_snippets_and_blocks_in_a_markdown_field_stay_text(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site may enable pymdownx.snippets (which includes files from the build machine) or
    pymdownx.blocks.html (which writes any element): a policy field must not use them."""
    (tmp_path / "secret.txt").write_text("SECRET-FILE-CONTENT", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    html = _with_snippets_and_blocks(markdown_field(text))
    assert "SECRET-FILE-CONTENT" not in html
    assert dangerous_markup(html) == [], html
    assert "8<" in visible_text(html) or "///" in visible_text(html)


def test_unneutralised_the_attacks_would_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The counterpart of the test above: the attacks are real."""
    (tmp_path / "secret.txt").write_text("SECRET-FILE-CONTENT", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert "SECRET-FILE-CONTENT" in _with_snippets_and_blocks('--8<-- "secret.txt"')
    assert "<script>" in _with_snippets_and_blocks("/// html | script\nx\n///")


def _with_snippets_and_blocks(text: str) -> str:
    return markdown.markdown(
        text, extensions=list(SNIPPETS_AND_BLOCKS), extension_configs=SNIPPETS_AND_BLOCKS
    )


# ---------------------------------------------------------------- the JSON keeps text exactly


VALID = (ROOT / "tests" / "invalid" / "_valid.yaml.txt").read_text(encoding="utf-8")
EXACT = [
    "<script>alert(1)</script>",
    "&lt;b&gt; &amp;amp; &#60;",
    "{{ 7*7 }} {% raw %} {# c #}",
    'quote " backslash \\ slash / </script>',
    "tab\tnewline\nNUL\x00 bidi \u202etxt.exe\u202c zero-width \u200b",
    "日本語 中文 ✓ 🙂",
]


@pytest.mark.parametrize("text", EXACT)
def test_the_manifest_holds_each_string_exactly_as_written(text: str) -> None:
    quoted = json.dumps(text, ensure_ascii=False)  # JSON is YAML: a double-quoted string reads the same
    source = VALID.replace("title: Example Privacy Policy", f"title: {quoted}").replace(
        "    text: Write to privacy@example.com with any question.", f"    text: {quoted}"
    )
    data = load_text(source, "p.yaml").data
    manifest = json.loads(_manifest_bytes(data))
    assert manifest["title"] == text
    assert manifest["sections"][0]["text"]["markdown"] == text
    assert dangerous_markup(manifest["sections"][0]["text"]["html"]) == []


def _manifest_bytes(data: dict[str, Any]) -> bytes:
    from policypress.api.jsonfile import dumps

    return dumps(build_manifest(data, schema_url="s.json", links={"catalog": "../../index.json"}))


def test_the_app_html_encodes_each_character_once() -> None:
    """`&` and `<` written as text become one entity each; Markdown's own entities stay one."""
    assert to_html("Tom & Jerry <3 &amp;") == "<p>Tom &amp; Jerry &lt;3 &amp;</p>"
    assert to_html("{{ 7*7 }} {% x %}") == "<p>{{ 7*7 }} {% x %}</p>"


ADDRESSES = [
    "privacy@example.com",
    "x!#$%&'*+-/=?^_`{|}~@evil.example",
    '"<svg/onload=alert(1)>"@evil.example',
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_an_e_mail_contact_links_to_its_whole_address(address: str) -> None:
    from urllib.parse import unquote, urlsplit

    source = VALID.replace("value: privacy@example.com", f"value: {json.dumps(address)}")
    page = markdown.markdown(
        render_policy(load_text(source, "p.yaml").data), extensions=["attr_list", "tables"]
    )
    hrefs = [v for e in elements(page) for k, v in e.attributes if k == "href" and v.startswith("mailto:")]
    assert hrefs
    for href in hrefs:
        assert unquote(urlsplit(href).path) == address and not urlsplit(href).fragment, href


@pytest.mark.parametrize("space", ["\ufeff", "\u3000", "\xa0", "\u2028", " \t"])
def test_a_text_of_white_space_is_refused_where_it_is(space: str) -> None:
    """Both validators read `\\S` as ECMA-262 does (U+FEFF is white space there, not in Python)."""
    doc = load_text(VALID.replace("title: Example Privacy Policy", f"title: {json.dumps(space)}"), "p.yaml")
    assert [(d.code.value, d.pointer) for d in validate_document(doc)] == [("PP205", "/title")]


def test_a_title_of_a_control_character_still_has_a_heading() -> None:
    """NEL passes the schema's \\S; the page drops it like any control, and the heading keeps its id."""
    data = load_text(VALID.replace("title: Example Privacy Policy", 'title: "\\x85"'), "p.yaml").data
    page = markdown.markdown(render_policy(data), extensions=["attr_list", "tables"])
    assert '<h1 id="policy-title">' in page and "{#" not in visible_text(page)


MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")  # MkDocs adds these to every site


def test_the_xss_site_builds_with_exactly_the_extensions_counted_as_tested() -> None:
    """The XSS suite's site must need no page cleaning, so that it tests the Markdown alone;
    and every extension counted as tested must be in it, with the options it sets there."""
    arguments = markdown_arguments(site_extensions())
    names = [*arguments["extensions"], *MKDOCS_BUILTIN_EXTENSIONS]
    assert untested_extensions(names, arguments["extension_configs"]) == []
    options = {name: frozenset(arguments["extension_configs"].get(name, {})) for name in names}
    assert options == TESTED_EXTENSIONS


@pytest.mark.parametrize(
    ("extensions", "configs", "untested"),
    [
        (["toc", "markdown.extensions.tables", "pymdownx.superfences"], {"toc": {"permalink": True}}, []),
        (["nl2br", "attr_list"], {}, ["nl2br"]),
        (["toc"], {"toc": {"permalink": True, "slugify": str}}, ["toc (slugify)"]),
        (
            ["pymdownx.superfences"],
            {"pymdownx.superfences": {"custom_fences": []}},
            ["pymdownx.superfences (custom_fences)"],
        ),
        ([markdown.extensions.Extension()], {}, ["Extension"]),
    ],
)
def test_a_page_is_cleaned_when_the_site_enables_an_extension_or_option_never_tested(
    extensions: list[Any], configs: dict[str, dict[str, Any]], untested: list[str]
) -> None:
    assert untested_extensions(extensions, configs) == untested
