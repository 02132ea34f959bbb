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
"""

from __future__ import annotations

import html

import nh3
from markupsafe import Markup

__all__ = ["PAGE_TAGS", "URL_SCHEMES", "clean_page", "title_text"]

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


def title_text(title_html: str) -> str:
    """A title MkDocs found (HTML) as escaped text: what a reader sees, never markup."""
    return html.escape(Markup(title_html).striptags())
