"""The HTML of a generated page, checked once more after Markdown, and its title as text.

The Markdown PolicyPress writes is already safe (render.escape, render.sanitize), but a
site may enable Markdown extensions we never tried, and MkDocs turns the page title
into theme HTML by rules of its own. So, for every generated page:

- `clean_page`: the converted HTML passes an nh3 allowlist — text structure, tables,
  headings with their ids, links to http, https, mailto, tel or a relative address, and
  the classes and ids extensions give them. No script, style, iframe, form, object,
  embed, base, meta or image survives, no event-handler attribute, no other URL scheme.
- `title_text`: the title MkDocs found for the page is HTML (entities, maybe tags).
  mkdocs-material prints it as HTML in the header and through `striptags`, which also
  *unescapes* it, inside `<title>` — so a title `</title><script>…` would run. The page's
  `meta.title` wins over it everywhere the theme uses a title, so the plugin sets it to
  the title's visible text, escaped.

The app JSON's HTML (api.freetext) follows the same URL rule (`URL_SCHEMES`).

`clean_page` costs about a millisecond a page, 4% of a big site's build, for a second line of
defence. So it runs where it can matter: on every page when the site enables a Markdown
extension, or an option of one, outside `TESTED_EXTENSIONS` — the ones the XSS suite builds
its site with, where tests show the Markdown alone is safe (`untested_extensions`).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

import nh3
from markupsafe import Markup

__all__ = ["PAGE_TAGS", "TESTED_EXTENSIONS", "URL_SCHEMES", "clean_page", "title_text", "untested_extensions"]

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
PAGE_TAGS = frozenset(
    {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "div", "span"}
    | {"ul", "ol", "li", "dl", "dt", "dd", "details", "summary"}
    | {"table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"}
    | {"a", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup"}
    | {"code", "kbd", "samp", "var", "abbr", "cite", "q", "time"}
)
_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href", "hreflang"},  # a language switcher says which language each link leads to
    "ol": {"start", "type"},
    "th": {"align", "colspan", "rowspan", "style"},
    "td": {"align", "colspan", "rowspan", "style"},
    "details": {"open"},
    "time": {"datetime"},
}
# Python-Markdown aligns table columns with a style attribute: keep that, and nothing else of CSS.
_STYLE = frozenset({"text-align"})


def clean_page(page_html: str) -> str:
    """The page's HTML with everything outside the allowlist removed (content of script/style too)."""
    return nh3.clean(
        page_html,
        tags=set(PAGE_TAGS),
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        filter_style_properties=set(_STYLE),
    )


# Each Markdown extension the XSS suite's site enables, with the options it sets there
# (tests/hostile_site.py builds with exactly these; a test keeps the two the same).
TESTED_EXTENSIONS: dict[str, frozenset[str]] = {
    "abbr": frozenset(),
    "admonition": frozenset(),
    "attr_list": frozenset(),
    "def_list": frozenset(),
    "fenced_code": frozenset(),  # MkDocs adds it, with toc and tables, to every site
    "footnotes": frozenset(),
    "md_in_html": frozenset(),
    "policypress.render.mdlinks": frozenset(),  # the plugin adds it to every site
    "sane_lists": frozenset(),
    "tables": frozenset(),
    "toc": frozenset({"permalink"}),
    "pymdownx.blocks.admonition": frozenset(),
    "pymdownx.blocks.html": frozenset(),
    "pymdownx.details": frozenset(),
    "pymdownx.highlight": frozenset(),
    "pymdownx.magiclink": frozenset(),
    "pymdownx.snippets": frozenset({"base_path", "check_paths"}),
    "pymdownx.superfences": frozenset(),  # no custom_fences: a site's own fence formatter may write HTML
    "pymdownx.tasklist": frozenset(),
}


def untested_extensions(extensions: Iterable[object], configs: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The site's Markdown extensions, or options of one, that `TESTED_EXTENSIONS` does not cover.

    `extensions` and `configs` are MkDocs' `markdown_extensions` and `mdx_configs`. An extension
    given as an object rather than a name is never covered.
    """
    untested = []
    for extension in extensions:
        if not isinstance(extension, str):
            untested.append(type(extension).__qualname__)
            continue
        name = extension.removeprefix("markdown.extensions.")
        options = set(configs.get(extension) or ())
        tested = TESTED_EXTENSIONS.get(name)
        if tested is None:
            untested.append(name)
        elif options - tested:
            untested.append(f"{name} ({', '.join(sorted(options - tested))})")
    return untested


def title_text(title_html: str) -> str:
    """A title MkDocs found (HTML) as escaped text: what a reader sees, never markup."""
    return html.escape(Markup(title_html).striptags())
