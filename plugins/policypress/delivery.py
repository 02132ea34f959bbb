"""A built site made ready for delivery: file times that follow the content, and compressed copies.

Validators that survive rebuilds. nginx (and GitHub Pages, which answers like it) makes a file's
ETag from its modification time and size, and its Last-Modified from the time alone. A rebuilt
site has new file times, so every byte-identical file got a new ETag and clients that
revalidate downloaded it again. Each file's time is therefore set from its own content: a
time that only the same bytes give. A time from the content's dates (or SOURCE_DATE_EPOCH)
would not do: a correction of a file that keeps its size and date would keep its ETag too,
and a client asking "changed?" would be told "not modified" and keep the old text. The time
is `STAMP_EPOCH` plus the first 8 bytes of the content's SHA-256 modulo `STAMP_SPAN` seconds
(29 bits): unchanged files keep their validators, and a changed file keeps its ETag only if
its size and 29 bits of hash both stay, a chance of one in half a billion. The times all lie
between 2000 and 2017, so none is in the future; Last-Modified is then a fingerprint in the
form of a date, not the time the file changed, and nginx must compare it exactly
(`if_modified_since exact`, its default, which the shipped snippet sets).

Compressed copies. Each text file of at least `MIN_COMPRESSED_BYTES` gets a gzip copy
(`index.html.gz`, deterministic: zlib's header has no name and time 0) and, on request, a
brotli one (`.br`, with the `brotli` package) beside it, when the copy is smaller; a copy has
its file's time. nginx serves them with `gzip_static` (and `brotli_static` with its brotli
module); Netlify, Cloudflare Pages and GitHub Pages compress on their own and ignore them.
A copy is always made from the file beside it, so one that an earlier build (or docs/) left
there is replaced; a copy of a file that gets none (too small) is kept only if it holds the
file's very bytes (MkDocs' own `sitemap.xml.gz`), and removed otherwise.

Compressing a big site's 300 MB takes a core some ten seconds, so it is done where a core is
idle: manifests on the worker processes that make them (`copies_of`), pages on a background
thread as MkDocs writes them (`Compressor`), and the rest (the search index, the theme's
files) at the end, in `prepare_site`, which also stamps every file.

No MkDocs here: the plugin hands over pages as they are written and calls `prepare_site` last.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

# 2000-01-01T00:00:00Z, and 2**29 seconds (17 years) after it: every stamp is in the past.
STAMP_EPOCH = 946_684_800
STAMP_SPAN = 2**29
MIN_COMPRESSED_BYTES = 1024
# Text that compresses; images, fonts and archives do not (they are compressed already).
COMPRESSIBLE = frozenset(
    {".html", ".htm", ".json", ".xml", ".js", ".mjs", ".css", ".svg", ".txt", ".map", ".webmanifest"}
)
# zlib's default level: 9 gains 0.5% on these files at three times the time; brotli's 5 is 8%
# smaller than gzip for about 1.5 times its time (4 is no smaller than gzip, 11 is 100 times slower).
GZIP_LEVEL = 6
BROTLI_QUALITY = 5
COPY_SUFFIXES = (".gz", ".br")
Encoder = Callable[[bytes], bytes]


@dataclass
class Delivery:
    """What `prepare_site` did: how many files it stamped and the compressed copies it wrote."""

    stamped: int = 0
    written: dict[str, int] = field(default_factory=dict)  # encoding -> copies written


def content_time(content: bytes) -> int:
    """The modification time (seconds since the epoch) that `content`, and only it, gets."""
    digest = hashlib.sha256(content).digest()
    return STAMP_EPOCH + int.from_bytes(digest[:8], "big") % STAMP_SPAN


def _gzip(content: bytes) -> bytes:
    # wbits 31: a gzip stream; zlib writes no name and time 0 in its header, so the bytes are stable.
    # (compressobj, not compress(wbits=), which Python 3.10 lacks)
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
    return compressor.compress(content) + compressor.flush()


def _brotli() -> Encoder:
    import brotli  # the extra `policypress[brotli]`; the plugin checks it is there (brotli_missing)

    return lambda content: bytes(brotli.compress(content, quality=BROTLI_QUALITY))


def encoders(names: Sequence[str]) -> dict[str, Encoder]:
    """The compressors for the encodings named ("gzip", "br"), by the suffix of their copies."""
    found: dict[str, Encoder] = {}
    for name in names:
        if name == "gzip":
            found[".gz"] = _gzip
        elif name == "br":
            found[".br"] = _brotli()
        else:
            raise ValueError(f"unknown encoding {name!r} (gzip, br)")
    return found


def brotli_missing() -> bool:
    """Whether the brotli package (the extra `policypress[brotli]`) is missing."""
    try:
        import brotli  # noqa: F401
    except ImportError:
        return True
    return False


def compressible(name: str, size: int) -> bool:
    """Whether a site file gets compressed copies: text, and big enough to gain from it."""
    return size >= MIN_COMPRESSED_BYTES and os.path.splitext(name)[1].lower() in COMPRESSIBLE


def copies_of(name: str, content: bytes, compressors: Mapping[str, Encoder]) -> dict[str, bytes]:
    """The compressed copies of the site file `name` by suffix: none for a file that does not
    gain from them, and none that is not smaller than the file."""
    if not compressors or not compressible(name, len(content)):
        return {}
    packed = {suffix: compress(content) for suffix, compress in compressors.items()}
    return {suffix: copy for suffix, copy in packed.items() if len(copy) < len(content)}


class Compressor:
    """Writes compressed copies on a background thread while the build goes on (zlib and brotli
    let other threads run while they compress), so that the pages MkDocs writes one by one cost
    the build almost nothing; `finish` waits for them and says which copies were written."""

    def __init__(self, site: Path, compressors: Mapping[str, Encoder], threads: int = 1) -> None:
        self.site = site
        self.compressors = dict(compressors)
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="policypress-compress")
        self._pending: list[Future[list[str]]] = []

    def add(self, name: str, content: bytes) -> None:
        """Compress the site file `name`, whose bytes will be `content`, in the background."""
        if self.compressors and compressible(name, len(content)):
            self._pending.append(self._pool.submit(self._write, name, content))

    def _write(self, name: str, content: bytes) -> list[str]:
        copies = copies_of(name, content, self.compressors)
        if copies:
            os.makedirs(os.path.dirname(os.path.join(self.site, name)), exist_ok=True)
        for suffix, copy in copies.items():
            with open(os.path.join(self.site, name + suffix), "wb") as file:
                file.write(copy)
        return [name + suffix for suffix in copies]

    def finish(self) -> set[str]:
        """Wait for every copy; the names of those written (an error in one is raised here)."""
        try:
            return {copy for future in self._pending for copy in future.result()}
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pending = []


def prepare_site(
    site: Path,
    files: Iterable[str],
    compressors: Mapping[str, Encoder],
    fresh: Collection[str] = (),
    threads: int | None = None,
) -> Delivery:
    """Stamp every file of `site` (its `files`, POSIX paths relative to it) with its content's
    time, and give it its compressed copies: `fresh` are copies this build has already written,
    any other copy beside a file is replaced or removed (one that an earlier, `--dirty` build
    left would be served in place of the file). Files are handled on `threads` threads
    (default: one per usable core)."""
    present = set(files)
    # A copy beside its original is the original's business; an orphan is stamped like any file.
    originals = sorted(name for name in present if not _is_copy_of_present(name, present))
    delivery = Delivery(written=dict.fromkeys(compressors, 0))

    def prepare(name: str) -> list[str]:
        path = os.path.join(site, name)
        with open(path, "rb") as file:
            content = file.read()
        stamp = content_time(content)
        made = [name + suffix for suffix in COPY_SUFFIXES if name + suffix in fresh]
        if not made:
            for suffix, copy in copies_of(name, content, compressors).items():
                with open(path + suffix, "wb") as file:
                    file.write(copy)
                made.append(name + suffix)
        for suffix in COPY_SUFFIXES:
            if name + suffix in made or (name + suffix in present and _unpacks_to(path + suffix, content)):
                os.utime(path + suffix, (stamp, stamp))  # ours, or another's that is right (sitemap.xml.gz)
            elif name + suffix in present:  # stale: nginx would serve it in place of the file
                os.remove(path + suffix)
        os.utime(path, (stamp, stamp))
        return made

    with ThreadPoolExecutor(threads or usable_cores(), thread_name_prefix="policypress-delivery") as pool:
        for made in pool.map(prepare, originals):
            for copy in made:
                delivery.written[os.path.splitext(copy)[1]] += 1
    delivery.stamped = len(originals)
    return delivery


def _unpacks_to(copy: str, content: bytes) -> bool:
    """Whether the compressed copy at `copy` holds exactly `content` (False if it cannot tell)."""
    try:
        with open(copy, "rb") as file:
            packed = file.read()
        if copy.endswith(".gz"):
            return zlib.decompress(packed, wbits=47) == content  # 47: a gzip or zlib stream
        import brotli

        return bytes(brotli.decompress(packed)) == content
    except Exception:  # unreadable, broken, or brotli is not installed: not a copy to keep
        return False


def _is_copy_of_present(name: str, present: set[str]) -> bool:
    return any(name.endswith(suffix) and name[: -len(suffix)] in present for suffix in COPY_SUFFIXES)


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
