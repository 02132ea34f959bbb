"""Translations in the sitemap: `<xhtml:link rel="alternate" hreflang>` under each page's `<url>`.

Search engines read a page's language versions from its `<head>` or from the sitemap. The
sitemap is the one place here: mkdocs-material fetches `sitemap.xml` relative to the URL of
every `<link rel="alternate">` in a page's head (to switch between sites in several
languages), so head links to pages in other folders would cost every reader a request
for a sitemap that does not exist there. A sitemap lists absolute URLs, so this needs the
site's `site_url`; without it MkDocs writes an empty sitemap, and so does this.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from urllib.parse import urljoin

from .sitepaths import SitePaths

XHTML = "http://www.w3.org/1999/xhtml"
_LOC = re.compile(r"<loc>([^<]*)</loc>")


def with_alternates(
    sitemap: str,
    pages: Iterable[tuple[str, Sequence[tuple[str, str]]]],
    paths: SitePaths,
    site_url: str | None,
) -> str:
    """`sitemap` with each page's (hreflang, page) alternates added; unchanged without a site URL."""
    if not site_url:
        return sitemap
    base = site_url if site_url.endswith("/") else site_url + "/"
    urls: dict[str, str] = {}

    def url(page: str) -> str:  # each page's once: a page is also its alternates' alternate
        found = urls.get(page)
        if found is None:
            found = urls[page] = escape(urljoin(base, paths.url(page)))
        return found

    links = {
        url(page): "".join(
            f'<xhtml:link rel="alternate" hreflang="{escape(tag)}" href="{url(target)}"/>'
            for tag, target in alternates
        )
        for page, alternates in pages
        if alternates
    }
    if not links:
        return sitemap
    added = _LOC.sub(lambda m: m.group(0) + links.get(m.group(1), ""), sitemap)
    return added.replace("<urlset ", f'<urlset xmlns:xhtml="{XHTML}" ', 1)
