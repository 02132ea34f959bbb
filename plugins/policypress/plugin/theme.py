"""What PolicyPress adds to mkdocs-material on every page of a site: a stylesheet, search that
loads its index only when opened, and a few fixes to the theme's own HTML.

- The stylesheet (assets/policypress.css) styles the changes pages' redline, lets wide tables
  scroll with a visible cue and fit a phone, underlines links in text, and prints a policy as a
  document. The script (assets/search-on-demand.js) holds the theme's request for the search
  index back until the reader opens search. Both are written into the site under names that
  change with their content (`assets/policypress/policypress.<sha256:8>.css`), so hosts can
  keep them for good (hosting.FINGERPRINTED_ASSET).
- The theme's templates are read through `PatchedLoader`, which changes a few lines of them
  as they are loaded, rather than copies of whole partials that would go stale with the next
  theme release: nav section labels no longer get an empty `tabindex=""`, and the table of
  contents' title is a label for the `__toc` toggle only on pages that have it (pages in the
  nav); elsewhere it is plain text; the drawer and search checkboxes lose an `autocomplete`
  that HTML does not allow on a checkbox. These were the Nu HTML checker's findings on every page.
  The search dialog gets a name (axe's finding on every page).
  A patch that no longer matches the theme's file is reported (a theme upgrade to look at);
  a site's own override of the same template is left as it is.
- Every table of a page's content is given the theme's scrolling frame by the plugin, not only
  by the theme's script, and the frame is a named region that takes keyboard focus
  (`frame_tables`): a table wider than the screen can be scrolled from the keyboard, and
  without JavaScript the page has the same frame.
- The search index is written again without `\\uXXXX` escapes (the theme's is ASCII-only,
  which doubles the size of Chinese text).
- A version's page gets its running head for print: a print stylesheet of its own (one per
  version and language, `assets/policypress/print-head.<sha256:8>.css`) that puts the policy,
  its version and its effective date at the top of every printed page (an `@page` margin box;
  the main stylesheet styles it and numbers the pages). Chromium has no CSS `string-set` to
  take the words from the page, so each version carries its own line.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..render.escape import css_string

log = logging.getLogger("mkdocs.plugins.policypress")

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SEARCH_INDEX = "search/search_index.json"


@dataclass(frozen=True)
class Asset:
    """A file the plugin adds to the site, named by its content."""

    path: str  # site path, e.g. assets/policypress/policypress.0a1b2c3d.css
    content: bytes


def _asset(name: str) -> Asset:
    stem, suffix = name.rsplit(".", 1)
    return _named(stem, suffix, (ASSETS / name).read_bytes())


@cache
def stylesheet() -> Asset:
    return _asset("policypress.css")


@cache
def search_script() -> Asset:
    return _asset("search-on-demand.js")


@dataclass(frozen=True)
class Patch:
    """One change to a theme template: `pattern` must match exactly `count` times."""

    pattern: re.Pattern[str]
    replacement: str | Callable[[re.Match[str]], str]
    count: int = 1

    def apply(self, source: str) -> str | None:
        """The patched source, or None when the pattern does not match as often as expected."""
        found = len(self.pattern.findall(source))
        if found != self.count:
            return None
        return self.pattern.sub(self.replacement, source)


# Section labels of the nav: `tabindex=""` (invalid HTML) when the label is a section heading.
_NAV_TABINDEX = Patch(
    re.compile(r' tabindex="\{\{ tabindex \}\}"'),
    '{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}',
    count=2,
)
# The table of contents' title: a label for the __toc toggle, which only a page in the nav has.
_TOC_LABEL = Patch(
    re.compile(r'<label class="md-nav__title" for="__toc">(?P<inside>.*?)</label>', re.DOTALL),
    lambda match: (
        '{% if page in nav.pages %}<label class="md-nav__title" for="__toc">'
        f"{match['inside']}</label>"
        f'{{% else %}}<div class="md-nav__title">{match["inside"]}</div>{{% endif %}}'
    ),
)


# The drawer and search toggles: HTML allows no `autocomplete` on a checkbox (the theme sets it so
# that Firefox does not restore an open drawer when the reader goes back).
_TOGGLE_AUTOCOMPLETE = Patch(
    re.compile(r'(type="checkbox" id="__(?:drawer|search)") autocomplete="off"'), r"\1", count=2
)


# The search dialog: a dialog needs a name (axe `aria-dialog-name`); the theme gives it none.
_SEARCH_DIALOG_NAME = Patch(
    re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")>'),
    r"""\1 aria-label="{{ lang.t('search') }}">""",
)


def _search_patch(script_path: str) -> Patch:
    """The script that holds back the search index, just before the theme's own scripts."""
    return Patch(
        re.compile(r"(?=\{% block scripts %\})"),
        f"<script src=\"{{{{ '{script_path}' | url }}}}\"></script>\n    ",
    )


def theme_patches(*, search: bool) -> dict[str, tuple[Patch, ...]]:
    """The patches by template name; the search one only when the site has search."""
    base = (_TOGGLE_AUTOCOMPLETE, _search_patch(search_script().path)) if search else (_TOGGLE_AUTOCOMPLETE,)
    return {
        "base.html": base,
        "partials/nav-item.html": (_NAV_TABINDEX,),
        "partials/toc.html": (_TOC_LABEL,),
        "partials/search.html": (_SEARCH_DIALOG_NAME,),
    }


class PatchedLoader(jinja2.BaseLoader):
    """A loader that patches some templates of the loader it wraps as it reads them."""

    def __init__(
        self, inner: jinja2.BaseLoader, patches: Mapping[str, tuple[Patch, ...]], theme_dir: Path
    ) -> None:
        self.inner = inner
        self.patches = patches
        self.theme_dir = theme_dir
        self.unpatched: list[str] = []

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        for patch in self.patches.get(template, ()):
            patched = patch.apply(source)
            if patched is not None:
                source = patched
                continue
            ours = filename is not None and Path(filename).resolve().is_relative_to(self.theme_dir)
            if template not in self.unpatched:
                self.unpatched.append(template)
                message = f"policypress: the theme's {template} is not as expected, so it is not patched"
                if ours:
                    log.warning(f"{message}; please report it with the version of mkdocs-material")
                else:
                    log.info(f"{message} (the site overrides it: {filename})")
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


def material_dir() -> Path:
    """Where mkdocs-material's own templates are installed (found, not imported: it has no types)."""
    spec = find_spec("material")
    if spec is None or spec.origin is None:
        raise RuntimeError("mkdocs-material is not installed")
    return Path(spec.origin).resolve().parent


def patch_environment(env: jinja2.Environment, *, search: bool) -> PatchedLoader:
    """Read the theme's templates through a PatchedLoader from now on."""
    assert env.loader is not None
    loader = PatchedLoader(env.loader, theme_patches(search=search), material_dir())
    env.loader = loader
    return loader


def compact_search_index(site_dir: Path) -> tuple[int, int] | None:
    """Write the search index again as UTF-8 without escapes; (bytes before, bytes after), or None
    when the site has no index. The content is unchanged: the same JSON value, fewer bytes."""
    path = site_dir / SEARCH_INDEX
    try:
        before = path.read_bytes()
    except FileNotFoundError:
        return None
    data: Any = json.loads(before)
    after = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if after != before:
        path.write_bytes(after)
    return len(before), len(after)


def _named(stem: str, suffix: str, content: bytes) -> Asset:
    digest = hashlib.sha256(content).hexdigest()[:8]
    return Asset(f"assets/policypress/{stem}.{digest}.{suffix}", content)


@cache
def running_head(head: str) -> Asset:
    """The print stylesheet that puts `head` (plain text) at the top of every printed page: one
    per distinct head (a version in a language), named by its content so hosts keep it for good,
    and a file rather than an inline style, so the site's CSP needs no hash per version."""
    return _named("print-head", "css", f"@page{{@top-left{{content:{css_string(head)}}}}}\n".encode())


_HEAD_END = re.compile(r"</head>", re.IGNORECASE)


def with_stylesheet(html: str, href: str, media: str) -> str:
    """`html` with a stylesheet linked at the end of its head (`href` is a URL made by PolicyPress)."""
    link = f'<link rel="stylesheet" href="{href}" media="{media}">'
    return _HEAD_END.sub(lambda _: link + "</head>", html, count=1)


# A table as Python-Markdown writes it (no attribute: the theme frames exactly these), a caption
# of one, and a heading (the headerlink the toc extension puts in it is no part of its name).
_TABLE = re.compile(r"<table>(?P<inside>.*?)</table>", re.DOTALL)
_CAPTION = re.compile(r"\A\s*<caption[^>]*>(?P<text>.*?)</caption>", re.DOTALL)
_HEADING = re.compile(r"<h[1-6][^>]*>(?P<inside>.*?)</h[1-6]>", re.DOTALL)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_HEAD = re.compile(r"<thead>(?P<inside>.*?)</thead>", re.DOTALL)
_HEAD_CELL = re.compile(r"<th(?:\s[^>]*)?>(?P<inside>.*?)</th>", re.DOTALL)
_ROW = re.compile(r"<tr>(?P<inside>.*?)</tr>", re.DOTALL)
_CELL = re.compile(r"<td(?=[\s>])")
# From this many columns a table reads as cards on a phone, each cell under its column's name.
CARD_COLUMNS = 4


def _text(fragment: str) -> str:
    return " ".join(Markup(fragment).striptags().split())


def frame_tables(content_html: str, page_title: str) -> str:
    """`content_html` with each table in the frame mkdocs-material's script gives it
    (`md-typeset__scrollwrap`, the box that scrolls a wide table sideways), written into the page
    so that it is there without JavaScript too, and made a region that takes keyboard focus,
    named by the table's caption, else by the heading above it, else by the page's title: axe's
    `scrollable-region-focusable`, the pattern of focusable, labelled scrolling regions. The
    theme's script frames the table once more inside it; the stylesheet flattens that inner frame.

    Each cell carries its column's name (`data-label`), and a table of `CARD_COLUMNS` columns or
    more is marked `pp-cards`: on a phone the stylesheet shows each of its rows as a card, every
    value under its name, instead of columns too narrow to read or out of sight (and the changes
    page's before | after columns stack, each under its name).
    """
    found = _HEADING.finditer(content_html)
    headings = [(match.start(), _text(_HEADERLINK.sub("", match["inside"]))) for match in found]
    starts = [start for start, _ in headings]
    named: dict[str, int] = {}

    def framed(match: re.Match[str]) -> str:
        caption = _CAPTION.match(match["inside"])
        above = bisect.bisect_left(starts, match.start())
        name = _text(caption["text"]) if caption else headings[above - 1][1] if above else _text(page_title)
        named[name] = named.get(name, 0) + 1
        if named[name] > 1:  # regions of one page have names of their own (axe `landmark-unique`)
            name = f"{name} ({named[name]})"
        region = str(Markup(' role="region" tabindex="0" aria-label="{}"').format(name)) if name else ""
        table, cards = _labelled(match.group())
        frame = "md-typeset__scrollwrap pp-cards" if cards else "md-typeset__scrollwrap"
        return f'<div class="{frame}"{region}><div class="md-typeset__table">{table}</div></div>'

    return _TABLE.sub(framed, content_html)


def _labelled(table: str) -> tuple[str, bool]:
    """`table` with each body cell labelled by its column's heading, and whether it has enough
    columns to read as cards."""
    head = _HEAD.search(table)
    if head is None:
        return table, False
    names = [_text(cell["inside"]) for cell in _HEAD_CELL.finditer(head["inside"])]
    labels = [str(Markup(' data-label="{}"').format(name)) if name else "" for name in names]

    def row(match: re.Match[str]) -> str:
        cells = iter(labels)
        return _CELL.sub(lambda cell: cell.group() + next(cells, ""), match.group())

    return table[: head.end()] + _ROW.sub(row, table[head.end() :]), len(names) >= CARD_COLUMNS
