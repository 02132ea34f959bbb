"""The host configuration written with a site (policypress.hosting): `_headers` and the nginx snippet.

The files are checked here against a real build of a small site; tests/browser/test_hosting.py
serves the project's own site with real nginx and the shipped snippet, and opens it in Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from policypress.hosting import (
    HEADERS_FILE,
    IMMUTABLE,
    MOVING,
    NGINX_FILE,
    VERSIONED,
    HostRules,
    InlineCode,
    cached_rules,
    headers_file,
    inline_code_hashes,
)

from .sites import POLICY_EN, build, logged, write_site

RULES = HostRules("policies", "api/v1")


@dataclass(frozen=True)
class HeaderRule:
    path: str
    headers: list[tuple[str, str]]

    def matches(self, url_path: str) -> bool:
        """Netlify / Cloudflare Pages matching of the forms we write: exact, or a trailing splat."""
        if self.path.endswith("*"):
            return url_path.startswith(self.path[:-1])
        return url_path == self.path


def parse_headers_file(text: str) -> list[HeaderRule]:
    rules: list[HeaderRule] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith(" "):
            name, value = line.strip().split(": ", 1)
            rules[-1].headers.append((name, value))
        else:
            rules.append(HeaderRule(line, []))
    return rules


def headers_for(rules: list[HeaderRule], url_path: str) -> list[tuple[str, str]]:
    return [header for rule in rules if rule.matches(url_path) for header in rule.headers]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hosting")
    source = write_site(root / "src", {"example/1/en.yaml": POLICY_EN})
    run = build(source, root / "site")
    assert run.returncode == 0, run.stderr
    return root / "site"


def site_paths(site: Path) -> list[str]:
    """The site's URL paths; not its compressed copies, which nginx serves in place of their files
    (with the files' headers) and no link leads to."""
    files = [p for p in sorted(site.rglob("*")) if p.is_file() and p.suffix not in (".gz", ".br")]
    return ["/" + p.relative_to(site).as_posix() for p in files]


def test_a_build_writes_both_files(site: Path) -> None:
    assert (site / HEADERS_FILE).is_file() and (site / NGINX_FILE).is_file()
    nginx = (site / NGINX_FILE).read_text(encoding="utf-8")
    csp = HostRules("policies", "api/v1", *inline_code_hashes(site)).content_security_policy()
    assert f'"{csp}"' in nginx
    assert f"Content-Security-Policy: {csp}" in (site / HEADERS_FILE).read_text(encoding="utf-8")


def test_the_csp_allows_exactly_the_theme_s_inline_scripts(site: Path) -> None:
    """Hashed independently of the module: every inline script outside <article>, in every page."""
    expected = set()
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        html = re.sub(r"<article.*?</article>", "", html, flags=re.S)
        for code in re.findall(r"<script>(.*?)</script>", html, flags=re.S):
            expected.add("sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode())
    scripts, styles = inline_code_hashes(site)
    assert set(scripts) == expected and len(expected) >= 3  # the scope script differs by page depth
    assert styles == ()
    csp = (site / HEADERS_FILE).read_text(encoding="utf-8")
    assert all(f"'{h}'" in csp for h in expected)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_inline_code_in_a_page_s_content_is_never_allowed(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        "<html><head><script>theme()</script><style>p{}</style>"
        '<script type="application/json">{"data": 1}</script><script src="x.js"></script></head>'
        "<body><article><p>text</p><script>alert(1)</script><style>q{}</style></article>"
        '<script type="module">later()</script></body></html>',
        encoding="utf-8",
    )
    scripts, styles = inline_code_hashes(tmp_path)

    def sha(code: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()

    assert set(scripts) == {sha("theme()"), sha("later()")}
    assert styles == (sha("p{}"),)


def test_pages_handed_over_by_the_build_are_not_read_again(tmp_path: Path) -> None:
    """The build hands each page over as written; only the other HTML files are read from disk."""
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text("<script>on_disk()</script>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<script>not_found()</script>", encoding="utf-8")
    code = InlineCode()
    code.add_page(str(tmp_path / "page" / "." / "index.html"), "<script>as_written()</script>")
    code.add_site(tmp_path)
    scripts, _ = code.hashes()
    expected = ("as_written()", "not_found()")
    assert scripts == tuple(
        sorted("sha256-" + base64.b64encode(hashlib.sha256(c.encode()).digest()).decode() for c in expected)
    )


def test_no_two_rules_give_one_file_the_same_header(site: Path) -> None:
    """Cloudflare Pages joins the values of a header set by two matching rules; Netlify keeps one."""
    rules = parse_headers_file((site / HEADERS_FILE).read_text(encoding="utf-8"))
    extra = ["/api/v1/policies/example/latest/en.json", "/policies/example/1.2/en/", "/api/v1/index.json"]
    for path in [*site_paths(site), *extra]:
        names = [name for name, _ in headers_for(rules, path)]
        assert len(names) == len(set(names)), path


def test_long_caching_exactly_where_the_url_keeps_its_content(site: Path) -> None:
    rules = parse_headers_file((site / HEADERS_FILE).read_text(encoding="utf-8"))
    paths = site_paths(site)
    kept = {p: value for p in paths for name, value in headers_for(rules, p) if name == "Cache-Control"}
    assert kept == {p: RULES.cache_control(p) for p in paths if RULES.cache_control(p) != MOVING}
    assert kept["/api/v1/policies/example/1/en.json"] == VERSIONED
    assert any(re.fullmatch(r"/assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js", p) for p in kept)
    assert {kept[p] for p in kept if p.startswith("/assets/")} == {IMMUTABLE}
    moving = ["/api/v1/index.json", "/policies/example/en/index.html", "/index.html", "/sitemap.xml"]
    assert [p for p in moving if p in kept] == []
    assert any("/lunr/" in p for p in paths) and not any("/lunr/" in p for p in kept)


@pytest.mark.parametrize(
    ("path", "cache"),
    [
        ("/policies/zte/1/en/", VERSIONED),
        ("/policies/zte/1.10.2/zh-CN/index.html", VERSIONED),
        ("/policies/zte/en/", MOVING),
        ("/policies/zte/latest/en/", MOVING),
        ("/policies/index.html", MOVING),
        ("/api/v1/policies/zte/2.1/en.json", VERSIONED),
        ("/api/v1/policies/zte/latest/en.json", MOVING),
        ("/api/v1/index.json", MOVING),
        ("/api/v1/schema/catalog.schema.json", MOVING),
        ("/api/v1/feed.xml", MOVING),
        ("/assets/javascripts/bundle.a5f9d56c.min.js", IMMUTABLE),
        ("/assets/stylesheets/main.57a0d79d.min.css.map", IMMUTABLE),
        ("/assets/javascripts/lunr/min/lunr.zh.min.js", MOVING),
        ("/assets/images/favicon.png", MOVING),
    ],
)
def test_how_long_each_url_is_kept(path: str, cache: str) -> None:
    assert RULES.cache_control(path) == cache


def test_every_version_folder_is_one_rule(tmp_path: Path) -> None:
    for path in ["policies/a/1/en/index.html", "policies/a/1/de/index.html", "api/v1/policies/a/1/en.json"]:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x", encoding="utf-8")
    (tmp_path / "api/v1/policies/a/latest").mkdir(parents=True)
    (tmp_path / "api/v1/policies/a/latest/en.json").write_text("{}", encoding="utf-8")
    assert cached_rules(tmp_path, RULES) == [
        ("/api/v1/policies/a/1/*", VERSIONED),
        ("/policies/a/1/*", VERSIONED),
    ]
    text = headers_file(RULES, cached_rules(tmp_path, RULES))
    assert "latest" not in text


def test_the_json_is_readable_from_any_origin(site: Path) -> None:
    rules = parse_headers_file((site / HEADERS_FILE).read_text(encoding="utf-8"))
    for path in ["/api/v1/index.json", "/api/v1/policies/example/1/en.json", "/api/v1/schema/x.json"]:
        headers = dict(headers_for(rules, path))
        assert headers["Access-Control-Allow-Origin"] == "*"
        assert headers["Content-Type"] == "application/json; charset=utf-8"
        assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Access-Control-Allow-Origin" not in dict(headers_for(rules, "/index.html"))


def test_host_files_can_be_switched_off(tmp_path: Path) -> None:
    source = write_site(tmp_path / "src", {"example/1/en.yaml": POLICY_EN}, plugin={"host_files": False})
    run = build(source, tmp_path / "site")
    assert run.returncode == 0, run.stderr
    assert not (tmp_path / "site" / HEADERS_FILE).exists()
    assert not (tmp_path / "site" / NGINX_FILE).exists()


def test_a_site_s_own_headers_file_is_not_overwritten(tmp_path: Path) -> None:
    source = write_site(
        tmp_path / "src", {"example/1/en.yaml": POLICY_EN}, files={"docs/_headers": "/*\n  X-Mine: 1\n"}
    )
    run = build(source, tmp_path / "site")
    assert run.returncode != 0
    refusal = "docs/_headers is written to _headers"
    assert any(refusal in line and "host_files" in line for line in logged(run.stderr)), run.stderr
