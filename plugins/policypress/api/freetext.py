"""A policy's Markdown fields as sanitized HTML, for apps that have no Markdown library.

The Markdown is first neutralised exactly as on the site (render.sanitize), then
converted with Python-Markdown (the same engine and list/table rules the site
uses) and finally passed through nh3 with a small allowlist: whatever the
Markdown said, the HTML can only hold text structure and http(s)/mailto/tel links.
"""

from __future__ import annotations

from functools import cache

import markdown
import nh3

from ..render.pagehtml import URL_SCHEMES
from ..render.sanitize import markdown_field

# Extensions the site also enables, so app and page agree (sane_lists keeps "4." starting at 4).
EXTENSIONS = ("tables", "sane_lists")
_TAGS = frozenset(
    {"p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a"}
    | {"table", "thead", "tbody", "tr", "th", "td"}
)
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


@cache
def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=list(EXTENSIONS), extension_configs={"tables": {"use_align_attribute": True}}
    )


def neutral_markdown(text: str) -> str:
    """The field's Markdown with raw HTML, unsafe links and template syntax neutralised."""
    return str(markdown_field(text))


def to_html(text: str) -> str:
    """Sanitized HTML for a Markdown field (the raw field, as the author wrote it)."""
    converter = _converter()
    converter.reset()
    html = converter.convert(neutral_markdown(text))
    return nh3.clean(html, tags=set(_TAGS), attributes=_ATTRIBUTES, url_schemes=set(URL_SCHEMES))
