"""Where each generated page and file lives on the site: one place that knows the URL scheme.

Pages are named by their Markdown source path (what MkDocs calls `src_uri`); links
between generated pages are relative `.md` paths, which MkDocs turns into URLs and
checks (a broken one fails a strict build). JSON and feeds are site paths.

    {prefix}/index.md                                 the policies index
    {prefix}/index.{language}.md                      the index of one language (sites with several)
    {prefix}/feed.xml                                 Atom feed of every policy's changes
    {prefix}/{policy}/{language}.md                   the version in force (moves)
    {prefix}/{policy}/{language}/history.md           every version, newest first (moves)
    {prefix}/{policy}/{language}/feed.xml             Atom feed of this policy's changes
    {prefix}/{policy}/{version}/{language}.md         one version, immutable
    {prefix}/{policy}/{version}/{language}/changes.md what changed since the version before
    {prefix}/{policy}/{version}/{language}/collected.md  China's two lists: personal information
    {prefix}/{policy}/{version}/{language}/shared.md     collected, and shared with third parties
    {prefix}/{policy}/{version}/{language}/coverage.md   what the version covers of its packs
    {api}/index.json                                  the catalog (moves)
    {api}/policies/{policy}/{version}/{language}.json a manifest, immutable
    {api}/policies/{policy}/latest/{language}.json    a copy of the manifest in force (moves)
    {api}/policies/{policy}/{version}/{language}.notice.json  the short notice of an edition
    {api}/policies/{policy}/versions.json             every version with its interval (moves)
    {api}/policies/{policy}/{version}/{language}.lists.json   the two lists of an edition
    {api}/policies/{policy}/{version}/{language}.{list}.csv   each list as CSV
    {api}/schema/{name}                               the published JSON Schemas

Versions are dotted numbers and language tags start with letters, so the folders of a
policy never clash; "history", "changes" and "feed" are longer than any language subtag.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Protocol

LATEST = "latest"


class Located(Protocol):
    @property
    def policy(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def language(self) -> str: ...


@dataclass(frozen=True)
class SitePaths:
    """The site's URL scheme for a url_prefix, an api_prefix and MkDocs' use_directory_urls."""

    url_prefix: str = "policies"
    api_prefix: str = "api/v1"
    directory_urls: bool = True

    @property
    def prefix(self) -> str:
        return self.url_prefix.strip("/")

    @property
    def api(self) -> str:
        return self.api_prefix.strip("/")

    @property
    def index(self) -> str:
        return f"{self.prefix}/index.md"

    def language_index(self, language: str) -> str:
        """The policies index of one language (a language tag has capitals or is short, never a page)."""
        return f"{self.prefix}/index.{language}.md"

    @property
    def catalog(self) -> str:
        return f"{self.api}/index.json"

    @property
    def site_feed(self) -> str:
        return f"{self.prefix}/feed.xml"

    def page(self, edition: Located) -> str:
        """The page of the version in force, at the policy's own URL."""
        return f"{self.prefix}/{edition.policy}/{edition.language}.md"

    def version_page(self, edition: Located) -> str:
        """The page of one version, which never changes once the version is published."""
        return f"{self.prefix}/{edition.policy}/{edition.version}/{edition.language}.md"

    def changes_page(self, edition: Located) -> str:
        """What changed in this version since the one before it, in the same language."""
        return f"{self.prefix}/{edition.policy}/{edition.version}/{edition.language}/changes.md"

    def extra_page(self, edition: Located, kind: str) -> str:
        """Another page of a version, in the same language: one of China's two lists
        (collected, shared), or what the version covers (coverage)."""
        return f"{self.prefix}/{edition.policy}/{edition.version}/{edition.language}/{kind}.md"

    def lists_json(self, edition: Located) -> str:
        return f"{self.api}/policies/{edition.policy}/{edition.version}/{edition.language}.lists.json"

    def list_csv(self, edition: Located, kind: str) -> str:
        return f"{self.api}/policies/{edition.policy}/{edition.version}/{edition.language}.{kind}.csv"

    def history(self, policy: str, language: str) -> str:
        return f"{self.prefix}/{policy}/{language}/history.md"

    def feed(self, policy: str, language: str) -> str:
        return f"{self.prefix}/{policy}/{language}/feed.xml"

    def manifest(self, edition: Located) -> str:
        return self.manifest_of(edition.policy, edition.version, edition.language)

    def latest_manifest(self, policy: str, language: str) -> str:
        """A copy of the manifest in force, at the same depth so its relative links still hold."""
        return self.manifest_of(policy, LATEST, language)

    def manifest_of(self, policy: str, version: str, language: str) -> str:
        return f"{self.api}/policies/{policy}/{version}/{language}.json"

    def notice(self, edition: Located) -> str:
        """The short notice of an edition, beside its manifest (a language tag has no dot)."""
        return f"{self.api}/policies/{edition.policy}/{edition.version}/{edition.language}.notice.json"

    def versions(self, policy: str) -> str:
        """Every version of a policy with its interval: a file beside the version folders."""
        return f"{self.api}/policies/{policy}/versions.json"

    def schema(self, name: str) -> str:
        return f"{self.api}/schema/{name}"

    def url(self, source: str) -> str:
        """The URL path of the page MkDocs builds from the Markdown source `source`."""
        if not source.endswith(".md"):
            return source
        stem = source.removesuffix(".md")
        if not self.directory_urls:
            return f"{stem}.html"
        if stem == "index" or stem.endswith("/index"):
            return stem.removesuffix("index")
        return f"{stem}/"

    def from_catalog(self, target: str) -> str:
        """A page (by source) or file as a URL reference from the catalog."""
        return self.reference(self.catalog, target)

    def reference(self, start_file: str, target: str) -> str:
        """A page (by source) or file as a URL reference from the site file `start_file`."""
        return relative(start_file, self.url(target))


def relative(start_file: str, target: str) -> str:
    """`target` as a URL reference from the file `start_file` (keeps a directory's trailing slash).

    Both are paths inside the site. A build makes tens of thousands of these references, so
    they are worked out on the strings; `posixpath.relpath`, which asks the OS for the current
    directory each time, gives the same answer (a property test compares them).
    """
    start = [part for part in start_file.split("/")[:-1] if part not in _SAME_DIRECTORY]
    parts = [part for part in target.split("/") if part not in _SAME_DIRECTORY]
    if ".." in start or ".." in parts or target.startswith("/") or start_file.startswith("/"):
        reference = posixpath.relpath(target, posixpath.dirname(start_file) or ".")
    else:
        common = 0
        for here, there in zip(start, parts, strict=False):
            if here != there:
                break
            common += 1
        reference = "/".join([".."] * (len(start) - common) + parts[common:]) or "."
    return reference + "/" if target.endswith("/") and not reference.endswith("/") else reference


_SAME_DIRECTORY = frozenset({"", "."})
