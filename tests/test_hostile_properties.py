"""Property-based tests (hypothesis): hostile strings through load → validate → render → JSON.

Random strings built from HTML, entities, Markdown, template syntax, extension syntax,
control characters, bidi controls and NUL go into a policy file (as YAML double-quoted
strings) in plain-text fields (title, controller name, labels, a section title) and in a
Markdown field (a section's text). Whatever the string:

- the loader gives it back exactly;
- validation either accepts the file or refuses it for an empty text, never crashing;
- the page's Markdown, converted by the site's Python-Markdown extensions (and more a site
  may add), holds no forbidden element, event handler or URL scheme (parsed, not searched),
  and shows a plain-text value as written — `{{ 7*7 }}` stays `{{ 7*7 }}`;
- the manifest JSON holds the string exactly, satisfies its published schema, and its HTML
  member is as clean as the page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import markdown
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from policypress import textrules
from policypress.api import schemas as api_schemas
from policypress.api.jsonfile import dumps
from policypress.api.manifest import build_manifest
from policypress.diagnostics import Code, Severity
from policypress.render import render_policy
from policypress.render.escape import CONTROL
from policypress.validate import validate_document
from policypress.yamlload import load_text

from .hostile_site import markdown_arguments
from .xss import dangerous_markup, visible_text

ROOT = Path(__file__).resolve().parents[1]
VALID = (ROOT / "tests" / "invalid" / "_valid.yaml.txt").read_text(encoding="utf-8")
_CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
EXTENSIONS: list[Any] = [
    *_CONFIG["markdown_extensions"],
    "pymdownx.blocks.html",
    "pymdownx.details",
    "md_in_html",
    "footnotes",
    "def_list",
    "abbr",
]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PIECES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<a href='javascript:alert(1)'>a</a>",
    "<iframe srcdoc='<script>alert(1)</script>'>",
    "<base href=//evil.example>",
    "<meta http-equiv=refresh content=0>",
    "<form action=//evil.example>",
    "</title>",
    "<!--",
    "-->",
    "<",
    ">",
    "&",
    "&lt;",
    "&#60;",
    "&#x3C;",
    "&amp;",
    "&#106;avascript:",
    '"',
    "'",
    "`",
    "``",
    "[x](javascript:alert(1))",
    "[x](https://ok.example)",
    "[x][r]\n\n[r]: javascript:alert(1)\n",
    "![i](https://evil.example/i.png)",
    "<javascript:alert(1)>",
    "<https://ok.example>",
    "](",
    "{{ 7*7 }}",
    "{% raw %}",
    "{#",
    "{: onclick=alert(1)}",
    "{#id onclick=alert(1)}",
    "# ",
    "#",
    "\n",
    "\n\n",
    "    ",
    "- ",
    "1. ",
    "> ",
    "|",
    "---",
    "```",
    "~~~",
    '--8<-- "mkdocs.yml"',
    "/// html | script\n",
    "///",
    "!!! note",
    "*",
    "_",
    "\\",
    "javascript:",
    "vbscript:",
    "data:text/html,",
    "onerror=",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\t",
    "\r",
    "\r\n",
    "é",
    "中文",
    "🙂",
]
CHARACTERS = st.characters(exclude_categories=("Cs",))
HOSTILE = st.lists(st.one_of(st.sampled_from(PIECES), st.text(CHARACTERS, max_size=4)), max_size=10).map(
    "".join
)
PLAIN_FIELDS = {
    "title": "title: Example Privacy Policy",
    "controller.name": "  name: Example",
    "data_categories.label": "    label: Contact information",
    "purposes.label": "    label: Answering questions",
    "sections.title": "    title: Introduction",
}
MARKDOWN_FIELD = "    text: Write to privacy@example.com with any question."


def yaml_string(text: str) -> str:
    """`text` as a YAML double-quoted scalar that reads back exactly (escapes for all but the printable)."""

    def escape(char: str) -> str:
        code = ord(char)
        if char in '"\\':
            return "\\" + char
        if code < 0x20 or 0x7F <= code <= 0x9F or char in "\u2028\u2029\ufeff\ufffe\uffff":
            return f"\\U{code:08x}"
        return char

    return '"' + "".join(escape(char) for char in text) + '"'


def policy_text(plain: str, markdown_text: str) -> str:
    text = VALID
    for line in PLAIN_FIELDS.values():
        key = line.split(":")[0]
        text = text.replace(line + "\n", f"{key}: {yaml_string(plain)}\n", 1)
    return text.replace(MARKDOWN_FIELD, f"    text: {yaml_string(markdown_text)}", 1)


def page_html(data: dict[str, Any]) -> str:
    return markdown.markdown(render_policy(data), **markdown_arguments(EXTENSIONS))


def shown(text: str) -> str:
    """How a plain-text value reads on the page: controls dropped, white space collapsed."""
    return " ".join(CONTROL.sub("", text).split())


@SETTINGS
@example(plain="{{ 7*7 }}", markdown_text="{{ 7*7 }} {% raw %}")
@example(plain="</title><script>alert(1)</script>", markdown_text='--8<-- "mkdocs.yml"\n/// html | script\n')
@example(plain="\u202eevil\x00", markdown_text="[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>")
@given(plain=HOSTILE, markdown_text=HOSTILE)
def test_hostile_strings_stay_text_from_yaml_to_page_and_json(plain: str, markdown_text: str) -> None:
    doc = load_text(policy_text(plain, markdown_text), "p.yaml")
    data = doc.data
    assert data["title"] == data["controller"]["name"] == data["sections"][0]["title"] == plain
    assert data["sections"][0]["text"] == markdown_text

    errors = [d for d in validate_document(doc) if d.severity is Severity.ERROR]
    event("refused" if errors else "published")
    if errors:  # only an empty text (by ECMA-262's \S), or a character or length textrules refuses
        codes = {d.code for d in errors}
        assert codes <= {Code.BAD_FORMAT, Code.FORBIDDEN_CHARACTER, Code.TOO_LONG}, [
            d.format() for d in errors
        ]
        if Code.BAD_FORMAT in codes:
            assert not plain.strip() or not markdown_text.strip() or "\ufeff" in plain + markdown_text
        if Code.FORBIDDEN_CHARACTER in codes:
            assert textrules.check(data), [d.format() for d in errors]
        return

    html = page_html(data)
    assert dangerous_markup(html) == []
    (title,) = re.findall(r'<h1 id="policy-title">(.*?)</h1>', html, re.DOTALL)
    assert visible_text(title.split('<a class="headerlink"')[0]) == shown(plain)
    if "{{ 7*7 }}" in plain:
        assert "{{ 7*7 }}" in visible_text(html)

    manifest = build_manifest(data, schema_url="s.json", links={"catalog": "../../index.json"})
    assert api_schemas.problems(api_schemas.MANIFEST, manifest) == []
    written = json.loads(dumps(manifest))
    assert written["title"] == written["controller"]["name"] == plain
    assert written["purposes"][0]["label"] == plain
    assert written["sections"][0]["text"]["markdown"] == markdown_text
    assert dangerous_markup(written["sections"][0]["text"]["html"]) == []


@SETTINGS
@given(HOSTILE)
def test_the_yaml_encoding_of_the_tests_reads_back_exactly(text: str) -> None:
    """Guards the property above: what the policy file says is exactly the string drawn."""
    assert load_text(f"key: {yaml_string(text)}\n", "p.yaml").data["key"] == text
