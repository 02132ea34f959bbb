"""A built site as hosts deliver it (policypress.delivery): validators that survive a rebuild,
compressed copies, and the CORS preflight, proved with two real builds served by real nginx.

Chromium's side of CORS (a page on another origin revalidating the catalog itself) is in
tests/browser/test_hosting.py.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import brotli
import pytest

from policypress.delivery import (
    MIN_COMPRESSED_BYTES,
    STAMP_EPOCH,
    STAMP_SPAN,
    Compressor,
    content_time,
    encoders,
    prepare_site,
)
from policypress.hosting import site_files

from .nginx import brotli_module, fetch, serving
from .sites import POLICY_EN, build, write_site

BIG_TEXT = ("<p>Privacy matters. 隐私很重要。</p>\n" * 200).encode()


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)


# ---------------------------------------------------------------- stamps and copies


def test_a_file_s_time_follows_its_content_alone() -> None:
    assert content_time(b"same") == content_time(b"same")
    times = {content_time(b"version %d" % n) for n in range(2000)}
    assert len(times) == 2000  # no two of these contents share a time
    assert all(STAMP_EPOCH <= t < STAMP_EPOCH + STAMP_SPAN for t in times)
    assert STAMP_EPOCH + STAMP_SPAN < 1_500_000_000  # 2017: never a time in the future


def test_every_file_is_stamped_and_text_gets_copies_that_unpack_to_it(tmp_path: Path) -> None:
    files = {
        "page/index.html": BIG_TEXT,
        "api/index.json": b'{"a":"' + b"x" * 4000 + b'"}\n',
        "small.html": b"<p>short</p>",
        "image.png": b"\x89PNG" + bytes(range(256)) * 20,
    }
    _write(tmp_path, files)
    delivery = prepare_site(tmp_path, site_files(tmp_path), encoders(["gzip", "br"]))
    assert delivery.stamped == 4 and delivery.written == {".gz": 2, ".br": 2}
    for name, content in files.items():
        stamp = content_time(content)
        assert os.stat(tmp_path / name).st_mtime == stamp
        if name in ("page/index.html", "api/index.json"):
            assert gzip.decompress((tmp_path / f"{name}.gz").read_bytes()) == content
            assert brotli.decompress((tmp_path / f"{name}.br").read_bytes()) == content
            assert (
                os.stat(tmp_path / f"{name}.gz").st_mtime
                == os.stat(tmp_path / f"{name}.br").st_mtime
                == stamp
            )
        else:  # too small to gain, or not text
            assert not (tmp_path / f"{name}.gz").exists() and not (tmp_path / f"{name}.br").exists()


def test_gzip_copies_are_the_same_bytes_every_time(tmp_path: Path) -> None:
    """No file name and no time in the gzip header: the copy is a function of the file."""
    _write(tmp_path, {"a.html": BIG_TEXT})
    prepare_site(tmp_path, site_files(tmp_path), encoders(["gzip"]))
    first = (tmp_path / "a.html.gz").read_bytes()
    assert first[4:8] == b"\0\0\0\0"  # MTIME
    assert not first[3] & 0x08  # FLG.FNAME
    (tmp_path / "a.html.gz").unlink()
    prepare_site(tmp_path, site_files(tmp_path), encoders(["gzip"]))
    assert (tmp_path / "a.html.gz").read_bytes() == first


def test_copies_an_earlier_build_left_are_replaced_or_removed(tmp_path: Path) -> None:
    """A `--dirty` build keeps old files: nginx would serve a stale copy in place of the file."""
    _write(
        tmp_path,
        {
            "changed.html": BIG_TEXT,
            "changed.html.gz": gzip.compress(b"the old text"),
            "shrunk.html": b"<p>now small</p>",
            "shrunk.html.gz": gzip.compress(BIG_TEXT),
            "unwanted.html": BIG_TEXT,
            "unwanted.html.br": b"old brotli",
            "orphan.json.gz": gzip.compress(b"{}"),  # no file beside it: just another file
            "sitemap.xml": b"<urlset/>",  # too small for a copy of ours, but MkDocs writes one
            "sitemap.xml.gz": gzip.compress(b"<urlset/>"),
            "small.json": b"{}",
            "small.json.br": brotli.compress(b"{}"),  # right, and kept (nginx may serve it)
        },
    )
    prepare_site(tmp_path, site_files(tmp_path), encoders(["gzip"]))
    assert gzip.decompress((tmp_path / "changed.html.gz").read_bytes()) == BIG_TEXT
    assert not (tmp_path / "shrunk.html.gz").exists()
    assert not (tmp_path / "unwanted.html.br").exists() and (tmp_path / "unwanted.html.gz").exists()
    orphan = tmp_path / "orphan.json.gz"
    assert os.stat(orphan).st_mtime == content_time(orphan.read_bytes())
    for kept in ("sitemap.xml.gz", "small.json.br"):
        assert os.stat(tmp_path / kept).st_mtime == os.stat(tmp_path / kept.rsplit(".", 1)[0]).st_mtime


def test_copies_written_during_the_build_are_kept_and_stamped(tmp_path: Path) -> None:
    """Pages are compressed on a thread while MkDocs builds; the last step only stamps them."""
    compressor = Compressor(tmp_path, encoders(["gzip"]))
    compressor.add("deep/page/index.html", BIG_TEXT)  # its folder does not exist yet
    compressor.add("tiny.html", b"<p>x</p>")
    fresh = compressor.finish()
    assert fresh == {"deep/page/index.html.gz"}
    _write(tmp_path, {"deep/page/index.html": BIG_TEXT, "tiny.html": b"<p>x</p>"})
    made = (tmp_path / "deep/page/index.html.gz").read_bytes()
    delivery = prepare_site(tmp_path, site_files(tmp_path), encoders(["gzip"]), fresh)
    assert delivery.written == {".gz": 1}
    assert (tmp_path / "deep/page/index.html.gz").read_bytes() == made
    assert os.stat(tmp_path / "deep/page/index.html.gz").st_mtime == content_time(BIG_TEXT)


def test_the_threshold_is_a_kilobyte_of_text() -> None:
    assert MIN_COMPRESSED_BYTES == 1024
    with pytest.raises(ValueError, match="unknown encoding"):
        encoders(["zstd"])
    assert zlib.decompress(encoders(["gzip"])[".gz"](b"x" * 2000), wbits=31) == b"x" * 2000


# ---------------------------------------------------------------- two real builds, real nginx

# The second build changes one letter of this policy's title: its manifest keeps its size, so
# only a validator that follows the content can tell the two apart (nginx's ETag is time-size).
OTHER = POLICY_EN.replace("policy: example", "policy: other").replace(
    "title: Example Privacy Policy", "title: Other Privacy Policy"
)
OTHER_CHANGED = OTHER.replace("title: Other Privacy Policy", "title: Otter Privacy Policy")
UNCHANGED = "api/v1/policies/example/1/en.json"
CHANGED = "api/v1/policies/other/1/en.json"


@dataclass(frozen=True)
class Deployment:
    """Two builds of one site, and nginx serving whichever `current` points to."""

    url: str
    current: Path
    first: Path
    second: Path

    def deploy(self, build: Path) -> None:
        """Point the served folder at `build`, as a deployment that swaps a link does."""
        swap = self.current.with_name("next")
        swap.unlink(missing_ok=True)
        swap.symlink_to(build)
        swap.replace(self.current)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    root = tmp_path_factory.mktemp("delivery")
    plugin = {"precompress": ["gzip", "br"]}
    source = write_site(
        root / "src", {"example/1/en.yaml": POLICY_EN, "other/1/en.yaml": OTHER}, plugin=plugin
    )
    first = build(source, root / "first")
    assert first.returncode == 0, first.stderr
    (source / "policies/other/1/en.yaml").write_text(OTHER_CHANGED, encoding="utf-8")
    second = build(source, root / "second")
    assert second.returncode == 0, second.stderr
    current = root / "current"
    current.symlink_to(root / "first")
    # The snippet is the same in both builds (the theme's inline scripts did not change).
    snippet = root / "first/_policypress/nginx.conf"
    assert snippet.read_bytes() == (root / "second/_policypress/nginx.conf").read_bytes()
    (root / "nginx").mkdir()
    with serving(current, root / "nginx", snippet=snippet, brotli=brotli_module()) as url:
        yield Deployment(url, current, root / "first", root / "second")


def _validators(url: str, encoding: str = "identity") -> tuple[str, str]:
    status, headers, _ = fetch(url, {"Accept-Encoding": encoding})
    assert status == 200, url
    return headers["ETag"], headers["Last-Modified"]


@pytest.mark.parametrize("encoding", ["identity", "gzip", "br"])
def test_a_rebuilt_site_keeps_the_validators_of_what_did_not_change(
    deployment: Deployment, encoding: str
) -> None:
    """Revalidation across a rebuild: 304 for the same bytes, 200 and new validators for new
    bytes, even when the new file has the old one's size (the trap of time-size ETags)."""
    assert (deployment.first / CHANGED).stat().st_size == (deployment.second / CHANGED).stat().st_size
    assert (deployment.first / CHANGED).read_bytes() != (deployment.second / CHANGED).read_bytes()
    paths = [UNCHANGED, CHANGED, "api/v1/index.json", "policies/example/en/", "policies/other/en/"]
    deployment.deploy(deployment.first)
    before = {path: _validators(deployment.url + path, encoding) for path in paths}
    deployment.deploy(deployment.second)
    try:
        for path, (etag, modified) in before.items():
            conditional = {"Accept-Encoding": encoding, "If-None-Match": etag, "If-Modified-Since": modified}
            status, headers, body = fetch(deployment.url + path, conditional)
            kept = path in (UNCHANGED, "policies/example/en/")
            assert status == (304 if kept else 200), path
            assert (headers["ETag"] == etag) is kept, path
            if encoding != "identity" and not kept:
                assert headers["Content-Encoding"] == encoding and headers["Vary"] == "Accept-Encoding"
                unpack = gzip.decompress if encoding == "gzip" else brotli.decompress
                assert unpack(body).lstrip().startswith((b"{", b"<!doctype html>"))
    finally:
        deployment.deploy(deployment.first)


def test_two_builds_of_the_same_sources_give_the_same_files_and_times(deployment: Deployment) -> None:
    touched = ("api/v1/index.json", "search/", "sitemap.xml", "policies/", "assets/policypress/print-head.")
    for name in site_files(deployment.first):
        if "/other/" in name or name.startswith(touched) or name == "_headers":
            continue  # what the changed policy touches (its print head, which _headers lists, has its title)
        first, second = deployment.first / name, deployment.second / name
        assert first.read_bytes() == second.read_bytes(), name
        assert os.stat(first).st_mtime == os.stat(second).st_mtime, name


def test_compressed_copies_are_served_to_clients_that_accept_them(deployment: Deployment) -> None:
    for path in ("api/v1/index.json", UNCHANGED, "policies/example/en/", "search/search_index.json"):
        plain = fetch(deployment.url + path)[2]
        for encoding, unpack in (("gzip", gzip.decompress), ("br", brotli.decompress)):
            status, headers, body = fetch(deployment.url + path, {"Accept-Encoding": encoding})
            assert status == 200 and headers["Content-Encoding"] == encoding, (path, encoding)
            assert unpack(body) == plain and len(body) < len(plain)
            assert headers["Vary"] == "Accept-Encoding"
        status, headers, body = fetch(deployment.url + path, {"Accept-Encoding": "identity"})
        assert headers["Content-Encoding"] is None and body == plain


def test_the_json_answers_a_cors_preflight(deployment: Deployment) -> None:
    """A web app that sends If-None-Match itself makes the browser ask first (OPTIONS)."""
    preflight = {
        "Origin": "https://app.example",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match",
    }
    for path in ("api/v1/index.json", UNCHANGED, "api/v1/policies/example/latest/en.json"):
        status, headers, body = fetch(deployment.url + path, preflight, method="OPTIONS")
        assert status == 204 and body == b"", path
        assert headers["Access-Control-Allow-Origin"] == "*"
        allowed = {h.strip().lower() for h in headers["Access-Control-Allow-Headers"].split(",")}
        assert {"if-none-match", "if-modified-since"} <= allowed
        assert "GET" in headers["Access-Control-Allow-Methods"]
        assert int(headers["Access-Control-Max-Age"]) >= 600
        status, headers, _ = fetch(deployment.url + path, {"Origin": "https://app.example"})
        assert status == 200 and headers["Access-Control-Expose-Headers"] == "ETag"
    status, headers, _ = fetch(deployment.url + "policies/example/en/", preflight, method="OPTIONS")
    assert status == 405 and headers["Access-Control-Allow-Origin"] is None  # pages are not for apps


def test_no_copies_when_precompress_is_empty(tmp_path: Path) -> None:
    source = write_site(tmp_path / "src", {"example/1/en.yaml": POLICY_EN}, plugin={"precompress": []})
    run = build(source, tmp_path / "site")
    assert run.returncode == 0, run.stderr
    names = site_files(tmp_path / "site")
    assert [n for n in names if n.endswith((".gz", ".br"))] == ["sitemap.xml.gz"]  # MkDocs' own
    assert all(os.stat(tmp_path / "site" / n).st_mtime < STAMP_EPOCH + STAMP_SPAN for n in names)


@pytest.mark.parametrize(
    ("command", "copies"), [("build", ("gzip",)), ("gh-deploy", ("gzip",)), ("serve", ())]
)
def test_mkdocs_serve_writes_no_copies(command: str, copies: tuple[str, ...], tmp_path: Path) -> None:
    """A preview is rebuilt on every edit and cached by nobody: neither copies nor stamps."""
    from policypress.plugin.plugin import PolicyPressPlugin

    plugin = PolicyPressPlugin()
    (tmp_path / "policies").mkdir()
    errors, warnings = plugin.load_config({"policies_dir": str(tmp_path / "policies")})
    assert errors == [] and warnings == []
    plugin.on_startup(command=command, dirty=False)
    assert plugin._precompress() == copies
