"""The site in the reader's language: its nav, and views of the pages that are only in English.

A site whose policies are in languages whose words differ from the default language's (zh-CN
and zh-TW on an English site) speaks each of them on that language's pages: a Chinese policy
page has a Chinese nav, mkdocs-material's Chinese words, and links to the Chinese policies
index. Every page of the nav gets a *view* in each such language, a page beside it named
`<page>.<language>.md` (`authors/hosting.zh-CN.md`; the policies index's is the publisher's
`policies/index.zh-CN.md`):

- a site translates a page by writing that file itself; PolicyPress then uses it as it is;
- otherwise PolicyPress generates it: the page's own Markdown under a notice, in the reader's
  language, that the page exists only in English, kept out of search (the English page is
  searched), with the English page as its canonical URL.

A view sits in the folder of its page, so the page's relative links mean the same from it;
in the built HTML, links to a page that has a view in the same language go to that view, so
a reader who follows them keeps the nav in their language. The nav of a language is the
site's nav with its titles translated by the site's catalog (msgctxt "nav") and each page
replaced by its view.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from ..i18n import catalogs
from ..render.labels import labels_for, language_in


def nav_languages(languages: Iterable[str], default: str) -> list[str]:
    """The languages (of the site's pages) that get a nav of their own: those whose words come
    from another catalog than the default language's (zh-CN beside en; not en-GB)."""
    home = catalogs.catalog_tag(default)
    return sorted({tag for tag in languages if tag != default and catalogs.catalog_tag(tag) != home})


def view_path(source: str, language: str) -> str:
    """Where a page's view in `language` is: beside it, `<name>.<language>.md`."""
    stem = source.removesuffix(".md")
    return f"{stem}.{language}.md"


def is_view(source: str, languages: Iterable[str]) -> bool:
    """Whether `source` is a page's view (`<name>.<language>.md`) in one of `languages`."""
    return any(source.endswith(f".{language}.md") for language in languages)


def nav_sources(nav: Any) -> Iterator[tuple[str, str | None]]:
    """(source path, title or None) of every page that the nav config (mkdocs.yml) names."""
    if isinstance(nav, list):
        for item in nav:
            yield from nav_sources(item)
    elif isinstance(nav, dict):
        for title, value in nav.items():
            if isinstance(value, str):
                if _is_page(value):
                    yield value, str(title)
            else:
                yield from nav_sources(value)
    elif isinstance(nav, str) and _is_page(nav):
        yield nav, None


def _is_page(target: str) -> bool:
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and parts.path.endswith(".md")


@dataclass
class Views:
    """Which pages have which views, and what made each view."""

    languages: list[str]
    default: str
    of_page: dict[str, dict[str, str]] = field(default_factory=dict)  # page -> {language: view}
    language_of: dict[str, str] = field(default_factory=dict)  # view -> its nav language
    untranslated: dict[str, str] = field(default_factory=dict)  # generated view -> its page
    titles: dict[str, str] = field(default_factory=dict)  # page -> its title in the nav config

    def add(self, page: str, language: str, view: str, *, untranslated: bool) -> None:
        self.of_page.setdefault(page, {})[language] = view
        self.language_of[view] = language
        if untranslated:
            self.untranslated[view] = page


def untranslated_view(markdown: str, language: str, default: str, title: str | None) -> str:
    """A page's Markdown as its view in `language`: a notice that it is only in `default`, its own
    front matter kept, the view kept out of search and titled in the nav's words."""
    body, front = meta.get_data(markdown)
    front = {**front, "search": {**(front.get("search") or {}), "exclude": True}}
    if title is not None:
        front["title"] = title
    t = labels_for(language)
    notice = t.only_in_language.format(language=language_in(default, language))
    head = json.dumps(front, ensure_ascii=False, sort_keys=True) + "\n"  # JSON is YAML
    block = f'<div class="admonition info policypress-only-in" lang="{html.escape(language)}">'
    block += f'<p class="admonition-title">{html.escape(notice)}</p></div>'
    return f"---\n{head}---\n\n{block}\n\n{body}"


def translated_nav(
    nav: Navigation, language: str, views: Views, files: Files, homepage: str | None
) -> Navigation:
    """The site's nav for readers of `language`: titles translated, pages replaced by their views."""
    pages: list[Page] = []

    def copy(item: Any, parent: Section | None) -> Any:
        if isinstance(item, Section):
            section = Section(_title(item.title, language), [])
            section.parent = parent
            section.children = [copy(child, section) for child in item.children]
            return section
        if isinstance(item, Page):
            view_source = views.of_page.get(item.file.src_uri, {}).get(language)
            found = files.get_file_from_path(view_source) if view_source else None
            if found is None or found.page is None:
                return item  # a page in its own language (a policy), or one with no view
            page = found.page
            title = catalogs.nav_title(str(item.title), language) if item.title else None
            if title is not None:
                page.title = title
            page.parent = parent
            pages.append(page)
            return page
        if isinstance(item, Link):
            link = Link(_title(item.title, language), item.url)
            link.parent = parent
            return link
        return item

    items = [copy(item, None) for item in nav.items]
    translated = Navigation(items, pages)
    for before, page, after in zip([None, *pages[:-1]], pages, [*pages[1:], None], strict=True):
        page.previous_page, page.next_page = before, after
    home = files.get_file_from_path(homepage) if homepage else None
    translated.homepage = home.page if home is not None else None
    return translated


def _title(title: str, language: str) -> str:
    return catalogs.nav_title(title, language) or title


_HREF = re.compile(r'(<a\s[^>]*?href=")([^"]*)(")')


def follow_views(content: str, page_url: str, views_by_url: Mapping[str, str]) -> str:
    """The HTML of a page in a nav language, its links to pages with a view in that language going
    to the view (`views_by_url`: a page's URL → its view's URL, as MkDocs' `page.url`)."""
    base = _folder(page_url)

    def swap(match: re.Match[str]) -> str:
        href = html.unescape(match.group(2))
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return match.group(0)
        target = posixpath.normpath(base + parts.path).lstrip("/")
        if parts.path.endswith("/") and target and target != ".":
            target += "/"
        view = views_by_url.get("" if target in (".", "") else target)
        if view is None:
            return match.group(0)
        moved = urlunsplit(("", "", _relative_url(base, view), parts.query, parts.fragment))
        return match.group(1) + html.escape(moved) + match.group(3)

    return _HREF.sub(swap, content)


def _folder(page_url: str) -> str:
    """The folder a browser resolves a page's relative links against, from the site root."""
    if page_url == "" or page_url.endswith("/"):
        return "/" + page_url
    return "/" + posixpath.dirname(page_url) + "/" if "/" in page_url else "/"


def _relative_url(base: str, to_url: str) -> str:
    relative = posixpath.relpath("/" + to_url, base)
    if to_url == "" or to_url.endswith("/"):
        relative = relative.rstrip("/") + "/"
    return relative
