"""Host configuration written beside a built site: HTTP headers for Netlify and Cloudflare Pages
(`_headers`) and for nginx (`_policypress/nginx.conf`, to be included in a server block).

Both say the same, from one set of rules:
- every response: a Content-Security-Policy that allows only the site itself, and of inline
  scripts and styles exactly those the theme writes (by their sha256, collected from the
  built pages, outside each page's content); `nosniff`, no referrer, no powerful features,
  no framing;
- the JSON for apps: readable from any origin (CORS `*`) with its validators (`ETag`) exposed,
  and a preflight answered, so that a web app may revalidate with `If-None-Match` itself; as
  UTF-8 JSON;
- caching: the theme's fingerprinted assets never change (a year, `immutable`); what lives
  at a version's own URL changes only when the version is withdrawn or corrected, or (a
  page) when the site's theme changes, so it is kept a day and then revalidated while
  served from cache; everything else moves and is revalidated on each use.

Only those paths get a Cache-Control in `_headers`: Netlify and Cloudflare Pages give
every other file `public, max-age=0, must-revalidate`, and a path matching two rules that
set the same header would get both values joined. No MkDocs here: the plugin calls
`write_host_files` once the site is built.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

HEADERS_FILE = "_headers"
NGINX_FILE = "_policypress/nginx.conf"
# What Cloudflare Pages reads of a _headers file; the rules past it only cost cache hits.
CLOUDFLARE_MAX_RULES = 100

IMMUTABLE = "public, max-age=31536000, immutable"
# A version's own URL: a day fresh, then a week more served from cache while it is revalidated.
VERSIONED = "public, max-age=86400, stale-while-revalidate=604800"
MOVING = "public, max-age=0, must-revalidate"
JSON_TYPE = "application/json; charset=utf-8"
# Dotted digits: a version's own folder. `latest` and every other name move.
VERSION = r"[0-9]+(?:\.[0-9]+)*"
# mkdocs-material names its bundles by content: bundle.a5f9d56c.min.js, main.57a0d79d.min.css; and
# PolicyPress its own assets: assets/policypress/policypress.0a1b2c3d.css.
FINGERPRINTED_ASSET = r"^/assets/(?:[^/]+/)*[^/]+\.[0-9a-f]{8}(?:\.min)?\.(?:js|css)(?:\.map)?$"
# CORS for the JSON: any origin may read it, and the ETag with it (Last-Modified is readable
# anyway); a request that sends its own validators is preflighted, and the answer is kept a day.
CORS_HEADERS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", "ETag"),
    ("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS"),
    ("Access-Control-Allow-Headers", "If-None-Match, If-Modified-Since"),
    ("Access-Control-Max-Age", "86400"),
)
_SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})


@dataclass(frozen=True)
class HostRules:
    """What the headers depend on: where the pages and the JSON live, and the inline code to allow."""

    url_prefix: str
    api_prefix: str
    script_hashes: tuple[str, ...] = ()
    style_hashes: tuple[str, ...] = ()

    @property
    def version_page(self) -> str:
        """Regex of the site paths under a version's own page folder."""
        return rf"^/{re.escape(self.url_prefix)}/[^/]+/{VERSION}/"

    @property
    def version_manifest(self) -> str:
        """Regex of a version's manifests."""
        return rf"^/{re.escape(self.api_prefix)}/policies/[^/]+/{VERSION}/[^/]+\.json$"

    def cache_control(self, path: str) -> str:
        """How long the site path may be kept: IMMUTABLE, VERSIONED or MOVING."""
        if re.search(FINGERPRINTED_ASSET, path):
            return IMMUTABLE
        if any(re.search(pattern, path) for pattern in (self.version_page, self.version_manifest)):
            return VERSIONED
        return MOVING

    def content_security_policy(self) -> str:
        sources = {
            "default-src": ["'self'"],
            "script-src": ["'self'", *(f"'{h}'" for h in self.script_hashes)],
            "style-src": ["'self'", *(f"'{h}'" for h in self.style_hashes)],
            "img-src": ["'self'", "data:"],  # the theme's icons are data: URLs in its CSS
            "font-src": ["'self'"],
            "connect-src": ["'self'"],  # the search index
            "worker-src": ["'self'"],  # search runs in a worker
            "manifest-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
        }
        return "; ".join(f"{name} {' '.join(values)}" for name, values in sources.items())

    def common_headers(self) -> list[tuple[str, str]]:
        """Headers of every response."""
        return [
            ("Content-Security-Policy", self.content_security_policy()),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
            ("X-Frame-Options", "DENY"),
        ]

    def api_headers(self) -> list[tuple[str, str]]:
        """Headers of the JSON for apps, besides the common ones: CORS, then the type."""
        return [*CORS_HEADERS, ("Content-Type", JSON_TYPE)]


@dataclass(frozen=True)
class PageCode:
    """The distinct inline scripts and styles of one page, outside its content."""

    scripts: frozenset[str]
    styles: frozenset[str]


class InlineCode:
    """The distinct inline scripts and styles the built pages hold outside their content
    (`<article>`): the theme's, never one that a page's text might carry.

    A build hands over each page as it is written (`add_page`), so the pages need not be read
    back from disk; `add_site` then reads only the HTML files no page handed over (a 404 page,
    an HTML file copied from docs/).
    """

    def __init__(self) -> None:
        # Each distinct code, once: the pages' sets (PageCode) share these strings.
        self._scripts: dict[str, str] = {}
        self._styles: dict[str, str] = {}
        self._pages: set[str] = set()
        self._start_tags: dict[str, bool] = {}

    def add_page(self, path: str | Path, html: str) -> PageCode:
        """Take the inline code of the page written to `path`; returns it, for `add_found` in a
        later build that does not write the page again (`mkdocs serve`)."""
        scripts: set[str] = set()
        styles: set[str] = set()
        start, end = html.find("<article"), html.rfind("</article>")
        outside = [(0, len(html))] if start < 0 or end < start else [(0, start), (end, len(html))]
        for begin, stop in outside:  # scanned in place: a page is big, its copy would cost more
            for match in _INLINE_CODE.finditer(html, begin, stop):
                tag, code = match["tag"].lower(), match["code"]
                if tag == "style":
                    styles.add(self._styles.setdefault(code, code))
                elif self._is_code(match["start"]):
                    scripts.add(self._scripts.setdefault(code, code))
        found = PageCode(frozenset(scripts), frozenset(styles))
        self.add_found(path, found)
        return found

    def add_found(self, path: str | Path, found: PageCode) -> None:
        """Take the inline code an earlier build found in the page at `path`, which is unchanged."""
        self._pages.add(os.path.normpath(path))
        for code in found.scripts:
            self._scripts.setdefault(code, code)
        for code in found.styles:
            self._styles.setdefault(code, code)

    def _is_code(self, start_tag: str) -> bool:
        """Whether a <script> start tag holds code: not a file (src), nor a data block
        (type="application/json"). The same few tags are on every page: parsed once each."""
        if start_tag not in self._start_tags:
            attributes = _attributes(start_tag)
            self._start_tags[start_tag] = (
                "src" not in attributes and (attributes.get("type") or "") in _SCRIPT_TYPES
            )
        return self._start_tags[start_tag]

    def add_site(self, site: Path, files: Iterable[str] | None = None) -> None:
        """Read the HTML files of `site` (or of `files`, its files as site_files gives them) that
        no page handed over."""
        for name in sorted(site_files(site) if files is None else files):
            if not name.endswith(".html"):
                continue
            page = os.path.normpath(os.path.join(site, name))
            if page not in self._pages:
                with open(page, encoding="utf-8", errors="replace") as file:
                    self.add_page(page, file.read())

    def hashes(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The CSP sources (`sha256-…`) of the scripts and of the styles, sorted."""
        return tuple(sorted(map(_sha256, self._scripts))), tuple(sorted(map(_sha256, self._styles)))


def inline_code_hashes(site: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The sha256 sources of every distinct inline script and style of the built `site`'s pages."""
    code = InlineCode()
    code.add_site(site)
    return code.hashes()


# An element's text ends at the first `</script` (or `</style`): HTML allows no escape there.
_INLINE_CODE = re.compile(
    r"(?P<start><(?P<tag>script|style)\b[^>]*>)(?P<code>.*?)</(?P=tag)\s*>", re.IGNORECASE | re.DOTALL
)


def _attributes(start_tag: str) -> dict[str, str | None]:
    parser = _StartTag()
    parser.feed(start_tag)
    parser.close()
    return parser.attributes


class _StartTag(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attributes: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes = dict(attrs)


def _sha256(code: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")


def cached_rules(site: Path, rules: HostRules, files: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """The `_headers` paths of the built site's long-kept files with their Cache-Control: one
    per version folder (`/policies/x/1/*`) and one per fingerprinted asset, sorted. `files`:
    the site's files, if already listed (site_files)."""
    found: dict[str, str] = {}
    for name in site_files(site) if files is None else files:
        found.update(_cache_rules(name, rules.version_page, rules.version_manifest))
    return sorted(found.items())


@functools.lru_cache(maxsize=1 << 16)  # `mkdocs serve` asks again for the same files after each save
def _cache_rules(name: str, version_page: str, version_manifest: str) -> tuple[tuple[str, str], ...]:
    """The `_headers` paths, with their Cache-Control, that the site file `name` falls under."""
    path = "/" + name
    if re.search(FINGERPRINTED_ASSET, path):
        return ((path, IMMUTABLE),)
    rules = []
    for pattern in (version_page, version_manifest):
        match = re.search(pattern, path)
        if match:
            page = pattern == version_page
            rules.append(((path[: match.end()] if page else path.rsplit("/", 1)[0] + "/") + "*", VERSIONED))
    return tuple(rules)


def site_files(site: Path) -> list[str]:
    """Every file of the built site, as a POSIX path relative to it. Strings, not Paths, and no
    stat per file (the folder listings say which entries are folders): a site has thousands."""
    found: list[str] = []
    for folder, _, names in os.walk(site):
        relative = os.path.relpath(folder, site).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        found.extend(prefix + name for name in names)
    return found


def headers_file(rules: HostRules, cached: Iterable[tuple[str, str]]) -> str:
    """`_headers` for Netlify and Cloudflare Pages: rules whose headers never overlap."""
    blocks = [("/*", rules.common_headers()), (f"/{rules.api_prefix}/*", rules.api_headers())]
    blocks += [(path, [("Cache-Control", cache)]) for path, cache in cached]
    lines = [
        "# Written by PolicyPress with every build (Netlify, Cloudflare Pages): see the docs,",
        "# 'Hosting'. Files without a Cache-Control below get the host's default,",
        f"# '{MOVING}'.",
    ]
    for path, headers in blocks:
        lines += ["", path, *(f"  {name}: {value}" for name, value in headers)]
    return "\n".join(lines) + "\n"


def nginx_snippet(rules: HostRules) -> str:
    """An nginx snippet for the server block that serves the site at the root of its host."""
    common = rules.common_headers()
    api = common + list(CORS_HEADERS)  # nginx sets the type itself (see charset_types)

    def location(match: str, headers: list[tuple[str, str]], cache: str, *body: str) -> list[str]:
        lines = [f"location {match} {{"]
        lines += [f'    add_header {name} "{value}" always;' for name, value in headers]
        lines += [f'    add_header Cache-Control "{cache}" always;', *(f"    {line}" for line in body), "}"]
        return lines

    # An app asking for JSON that is not there gets a 404 it can read (CORS), in JSON; a CORS
    # preflight (OPTIONS, which nginx's static files refuse with 405) gets an empty 204.
    missing_json = "error_page 404 @policypress-missing-json;"
    preflight = "if ($request_method = OPTIONS) { return 204; }"

    lines = [
        "# Written by PolicyPress with every build: include it in the nginx server block whose",
        "# root is this site, served at the root of its host (see the docs, 'Hosting'):",
        "#     server { ... root /srv/privacy-site; include /srv/privacy-site/_policypress/nginx.conf; }",
        "# nginx repeats no add_header of an outer level in a location that has its own, so every",
        "# location lists them all.",
        "charset utf-8;",
        "charset_types text/css text/plain text/xml application/javascript application/json "
        "application/xml image/svg+xml;",
        "index index.html;",
        "error_page 404 /404.html;",
        "# Compressed copies written beside the files (see the docs, 'Hosting'): served to clients",
        "# that accept them, through caches too (Vary: Accept-Encoding). With nginx's brotli module",
        "# loaded, add 'brotli_static on;' to the server block for the .br copies.",
        "gzip_static on;",
        "gzip_vary on;",
        "gzip_proxied any;",
        "# File times are set from the content, so Last-Modified must match exactly (nginx's default).",
        "if_modified_since exact;",
        "",
        # Regex locations are tried in order and win over prefix ones (but not over ^~ and =).
        *location(f'~ "{rules.version_manifest}"', api, VERSIONED, preflight, missing_json),
        *location(f'~ "{rules.version_page}"', common, VERSIONED),
        *location(f'~ "{FINGERPRINTED_ASSET}"', common, IMMUTABLE),
        *location(f"/{rules.api_prefix}/", api, MOVING, preflight, missing_json),
        *location("/", common, MOVING),
        *location(
            "@policypress-missing-json",
            api,
            MOVING,
            "default_type application/json;",
            """return 404 '{"error": "not found"}\\n';""",
        ),
        "# The host configuration itself is not part of the site.",
        f"location = /{HEADERS_FILE} {{ return 404; }}",
        f"location ^~ /{NGINX_FILE.split('/')[0]}/ {{ return 404; }}",
    ]
    return "\n".join(lines) + "\n"


def write_host_files(
    site: Path,
    url_prefix: str,
    api_prefix: str,
    pages: InlineCode | None = None,
    files: list[str] | None = None,
) -> list[str]:
    """Write `_headers` and the nginx snippet into the built `site`; return warnings for the log.

    `pages`: the inline code of the pages the build has already handed over, if any; `files`:
    the site's files (site_files), if known.
    """
    files = site_files(site) if files is None else files  # one walk of the built site for both
    code = pages if pages is not None else InlineCode()
    code.add_site(site, files)
    scripts, styles = code.hashes()
    rules = HostRules(url_prefix.strip("/"), api_prefix.strip("/"), scripts, styles)
    cached = cached_rules(site, rules, files)
    (site / HEADERS_FILE).write_text(headers_file(rules, cached), encoding="utf-8")
    nginx = site / NGINX_FILE
    nginx.parent.mkdir(parents=True, exist_ok=True)
    nginx.write_text(nginx_snippet(rules), encoding="utf-8")
    count = 2 + len(cached)
    if count > CLOUDFLARE_MAX_RULES:
        return [
            f"{HEADERS_FILE} has {count} rules; Cloudflare Pages reads {CLOUDFLARE_MAX_RULES}, so the "
            "last versions' files will be revalidated on each use instead of kept a day"
        ]
    return []
