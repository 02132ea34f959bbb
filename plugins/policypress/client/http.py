"""A client of a PolicyPress site's JSON, with the standard library's HTTP: fetch with caching and
revalidation, verify manifests, and decide what to do about a stored consent.

Every document is kept with its validators (`ETag`, `Last-Modified`) in a cache, any mutable
mapping (a dict, or `JsonFileCache` to keep it across runs), and asked for again with
`If-None-Match` and `If-Modified-Since`: a `304 Not Modified` costs no body. Responses may be
gzip-compressed (the site keeps `.gz` copies). Manifests are checked against their digest
(RFC 8785 canonical JSON, SHA-256) and against the digest the catalog lists for them.

The JavaScript client (`clients/js`) has the same API in camelCase.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from ..api.manifest import manifest_digest
from .decisions import Decision, decide, edition_for
from .languages import negotiate_language

__all__ = ["DigestMismatch", "JsonFileCache", "PolicyClient", "manifest_digest", "verify_manifest"]

CATALOG = "api/v1/index.json"


class DigestMismatch(ValueError):
    """A manifest whose content is not what its digest, or the catalog, says: do not show it."""


def verify_manifest(manifest: Mapping[str, Any], expected: str | None = None) -> Mapping[str, Any]:
    """`manifest`, once its content matches its own `digest` and `expected` (the catalog's)."""
    actual = manifest_digest(dict(manifest))
    if actual != manifest.get("digest"):
        raise DigestMismatch(
            f"the manifest's content gives {actual}, not the {manifest.get('digest')} it states"
        )
    if expected is not None and actual != expected:
        raise DigestMismatch(f"the manifest is {actual}; the catalog lists {expected}")
    return manifest


class JsonFileCache(MutableMapping[str, dict[str, Any]]):
    """A cache kept in one JSON file, written again (atomically) on each change."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._entries: dict[str, dict[str, Any]] = (
            json.loads(self.path.read_text(encoding="utf-8")) if self.path.exists() else {}
        )

    def __getitem__(self, key: str) -> dict[str, Any]:
        return self._entries[key]

    def __setitem__(self, key: str, value: dict[str, Any]) -> None:
        self._entries[key] = value
        self._save()

    def __delitem__(self, key: str) -> None:
        del self._entries[key]
        self._save()

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=self.path.parent, delete=False, encoding="utf-8") as file:
            json.dump(self._entries, file, ensure_ascii=False)
        os.replace(file.name, self.path)


class PolicyClient:
    """The JSON of the PolicyPress site at `site` (its root URL, e.g. `https://privacy.example.com/`).

    `cache` keeps each document with its validators (default: a dict, for this object's life);
    `timeout` is in seconds. `requests` counts the requests made and `not_modified` the 304s.
    """

    def __init__(
        self,
        site: str,
        *,
        cache: MutableMapping[str, dict[str, Any]] | None = None,
        timeout: float = 10,
        catalog_path: str = CATALOG,
    ) -> None:
        self.catalog_url = urljoin(site if site.endswith("/") else site + "/", catalog_path)
        self.cache: MutableMapping[str, dict[str, Any]] = {} if cache is None else cache
        self.timeout = timeout
        self.requests = 0
        self.not_modified = 0

    def get_json(self, url: str) -> Any:
        """The document at `url`, from the cache if the server says it did not change."""
        cached = self.cache.get(url)
        headers = {"Accept": "application/json", "Accept-Encoding": "gzip"}
        if cached is not None:
            if cached.get("etag"):
                headers["If-None-Match"] = cached["etag"]
            if cached.get("last_modified"):
                headers["If-Modified-Since"] = cached["last_modified"]
        self.requests += 1
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                if response.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
        except urllib.error.HTTPError as error:
            error.close()
            if error.code == 304 and cached is not None:
                self.not_modified += 1
                return json.loads(cached["body"])
            raise
        text = body.decode("utf-8")
        document = json.loads(text)
        if etag or modified:
            self.cache[url] = {"etag": etag, "last_modified": modified, "body": text}
        return document

    def catalog(self) -> dict[str, Any]:
        return dict(self.get_json(self.catalog_url))

    def policy(self, policy_id: str, catalog: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """A policy's catalog entry; LookupError if the site does not publish it."""
        for entry in (catalog or self.catalog())["policies"]:
            if entry["policy"] == policy_id:
                return dict(entry)
        raise LookupError(f"the site publishes no policy {policy_id!r}")

    def language(self, policy: Mapping[str, Any], preferred: Sequence[str]) -> str:
        return negotiate_language(policy["languages"], preferred, policy["default_language"])

    def edition(
        self, policy_id: str, preferred: Sequence[str] = (), day: dt.date | str | None = None
    ) -> dict[str, Any]:
        """What a reader whose languages are `preferred` is shown of a policy on `day` (today)."""
        policy = self.policy(policy_id)
        found = edition_for(policy, self.language(policy, preferred), day)
        if found is None:
            raise LookupError(f"{policy_id!r} has nothing to show")
        return found

    def resolve(self, reference: str) -> str:
        """A URL of the catalog (relative to it) as an absolute URL."""
        return urljoin(self.catalog_url, reference)

    def manifest(self, edition: Mapping[str, Any]) -> dict[str, Any]:
        """The manifest of an edition (from `edition`, the catalog or a Decision), verified
        against its own digest and the catalog's; DigestMismatch if either differs."""
        manifest = self.get_json(self.resolve(edition["manifest"]))
        return dict(verify_manifest(manifest, edition.get("digest")))

    def notice(self, edition: Mapping[str, Any]) -> dict[str, Any]:
        """The short notice of an edition (labels in its language, for a consent dialog); its
        `digest` is the full manifest's, so it must be the catalog's too."""
        notice = dict(self.get_json(self.resolve(edition["notice"])))
        if edition.get("digest") not in (None, notice["digest"]):
            raise DigestMismatch(
                f"the notice is for {notice['digest']}; the catalog lists {edition['digest']}"
            )
        return notice

    def versions(self, policy_id: str) -> dict[str, Any]:
        """The policy's versions with their intervals (`api/v1/policies/<policy>/versions.json`),
        for audits: which version was in force on a day."""
        return dict(self.get_json(self.resolve(f"policies/{policy_id}/versions.json")))

    def decide(
        self,
        policy_id: str,
        record: Mapping[str, Any] | None,
        preferred: Sequence[str] = (),
        day: dt.date | str | None = None,
    ) -> Decision:
        """decisions.decide on the policy's entry in the (revalidated) catalog."""
        return decide(self.policy(policy_id), record, preferred, day)
