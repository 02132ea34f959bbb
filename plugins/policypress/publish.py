"""What a site publishes for a set of validated policies: Markdown pages and JSON, in memory.

No MkDocs here: the plugin hands these files to MkDocs; anything else could write
them to disk. Only `published` versions are public (and `draft` ones when a site
previews drafts); `withdrawn` versions keep their manifests, for the record, but
no longer count as current.

URLs inside the JSON are references relative to the file that holds them, so a
site can move to another host or folder without changing a byte of its JSON.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import langcodes

from . import schemas
from .api import schemas as api_schemas
from .api.catalog import CatalogEdition, build_catalog, catalog_entry
from .api.jsonfile import dumps
from .api.manifest import build_manifest
from .render import render_policy
from .render.environment import environment
from .render.escape import SafeMd, cell
from .render.labels import labels_for
from .render.markdown import tidy


class PublishError(RuntimeError):
    """PolicyPress produced JSON that its own published schema refuses: a bug, never the author's fault."""


@dataclass(frozen=True)
class SiteOptions:
    """Where things go on the site, and which versions are public."""

    url_prefix: str = "policies"
    api_prefix: str = "api/v1"
    default_language: str = "en"
    templates_dir: Path | None = None
    drafts: bool = False
    directory_urls: bool = True


@dataclass(frozen=True)
class Edition:
    """One validated policy file: one policy version in one language."""

    data: dict[str, Any]
    source: Path

    @property
    def policy(self) -> str:
        return str(self.data["policy"])

    @property
    def version(self) -> str:
        return str(self.data["version"])

    @property
    def language(self) -> str:
        return str(self.data["language"])

    @property
    def status(self) -> str:
        return str(self.data["status"])


@dataclass(frozen=True)
class Page:
    """A generated Markdown page and what the site needs to know about it."""

    path: str
    markdown: str
    language: str
    source: Path | None = None


@dataclass(frozen=True)
class JsonFile:
    path: str
    content: bytes


@dataclass
class Site:
    pages: list[Page] = field(default_factory=list)
    json: list[JsonFile] = field(default_factory=list)


def version_key(version: str) -> tuple[int, ...]:
    """'1.10' sorts after '1.9': versions compare as numbers, part by part."""
    return tuple(int(part) for part in version.split("."))


def publish(editions: Iterable[Edition], options: SiteOptions | None = None) -> Site:
    """Every page and JSON file for `editions` (which must have passed validation)."""
    options = options or SiteOptions()
    public = {"published", "draft"} if options.drafts else {"published"}
    recorded = public | {"withdrawn"}
    paths = _Paths(options)
    site = Site()

    by_policy: dict[str, list[Edition]] = defaultdict(list)
    for edition in editions:
        if edition.status in recorded:
            by_policy[edition.policy].append(edition)

    entries: list[dict[str, Any]] = []
    for policy in sorted(by_policy):
        current = _current_by_language(e for e in by_policy[policy] if e.status in public)
        digests: dict[tuple[str, str], str] = {}
        for edition in sorted(by_policy[policy], key=lambda e: (version_key(e.version), e.language)):
            has_page = current.get(edition.language) is edition
            manifest = _manifest(edition, paths, has_page)
            digests[(edition.version, edition.language)] = manifest["digest"]
            site.json.append(_json(paths.manifest(edition), manifest, api_schemas.MANIFEST))
        for edition in current.values():
            markdown = render_policy(edition.data, templates_dir=options.templates_dir)
            site.pages.append(Page(paths.page(edition), markdown, edition.language, edition.source))
        if current:
            catalog_editions = [
                CatalogEdition(
                    e.data,
                    digests[(e.version, e.language)],
                    paths.relative(paths.catalog, paths.manifest(e)),
                    paths.relative(paths.catalog, paths.page_url(e)),
                )
                for _, e in sorted(current.items())
            ]
            newest = max((e.version for e in current.values()), key=version_key)
            entries.append(catalog_entry(catalog_editions, newest, options.default_language))

    catalog = build_catalog(entries, schema_url=paths.relative(paths.catalog, paths.schema(api_schemas.CATALOG)))
    site.json.append(_json(paths.catalog, catalog, api_schemas.CATALOG))
    for name, schema in api_schemas.PUBLISHED.items():
        site.json.append(JsonFile(paths.schema(name), dumps(schema())))
    site.pages.append(Page(paths.index, _index_page(catalog["policies"], paths, options), options.default_language))
    return site


def _current_by_language(editions: Iterable[Edition]) -> dict[str, Edition]:
    """For each language, its highest public version."""
    current: dict[str, Edition] = {}
    for edition in editions:
        held = current.get(edition.language)
        if held is None or version_key(edition.version) > version_key(held.version):
            current[edition.language] = edition
    return current


def _manifest(edition: Edition, paths: _Paths, has_page: bool) -> dict[str, Any]:
    here = paths.manifest(edition)
    links = {"catalog": paths.relative(here, paths.catalog)}
    if has_page:
        links["page"] = paths.relative(here, paths.page_url(edition))
    return build_manifest(
        edition.data, schema_url=paths.relative(here, paths.schema(api_schemas.MANIFEST)), links=links
    )


def _json(path: str, document: dict[str, Any], schema: str) -> JsonFile:
    problems = api_schemas.problems(schema, document)
    if problems:
        raise PublishError(f"{path} does not satisfy {schema}: " + "; ".join(problems[:5]))
    return JsonFile(path, dumps(document))


def _index_page(entries: Sequence[dict[str, Any]], paths: _Paths, options: SiteOptions) -> str:
    t = labels_for(options.default_language)
    groups: dict[str, dict[str, Any]] = {}
    for entry in entries:  # in catalog order: by organization, then policy
        organization = entry["organization"]
        group = groups.setdefault(
            organization["id"], {"name": organization["name"], "anchor": f"org-{organization['id']}", "rows": []}
        )
        for edition in entry["editions"]:
            group["rows"].append(
                {
                    "title": cell(edition["title"]),
                    "href": SafeMd(paths.relative(paths.index, paths.page(_Key(entry["policy"], edition["language"])))),
                    "language": cell(language_name(edition["language"])),
                    "version": cell(edition["version"]),
                    "effective": cell(edition["effective"]) if edition["effective"] else t.not_stated,
                }
            )
    template = environment(options.templates_dir).get_template("index.md.j2")
    return tidy(template.render(t=t, groups=list(groups.values())))


def language_name(tag: str) -> str:
    """The language's name in itself ("English", "中文（中国）"), as language pickers show it."""
    return str(langcodes.Language.get(tag).autonym())


@dataclass(frozen=True)
class _Key:
    policy: str
    language: str


class _Paths:
    """Where each output lives on the site (POSIX paths relative to the site root)."""

    def __init__(self, options: SiteOptions) -> None:
        self.options = options
        self.prefix = options.url_prefix.strip("/")
        self.api = options.api_prefix.strip("/")
        self.catalog = f"{self.api}/index.json"
        self.index = f"{self.prefix}/index.md"

    def page(self, edition: Edition | _Key) -> str:
        """The page's Markdown source path (what MkDocs calls src_uri)."""
        return f"{self.prefix}/{edition.policy}/{edition.language}.md"

    def page_url(self, edition: Edition | _Key) -> str:
        stem = f"{self.prefix}/{edition.policy}/{edition.language}"
        return f"{stem}/" if self.options.directory_urls else f"{stem}.html"

    def manifest(self, edition: Edition) -> str:
        return f"{self.api}/policies/{edition.policy}/{edition.version}/{edition.language}.json"

    def schema(self, name: str) -> str:
        return f"{self.api}/schema/{name}"

    @staticmethod
    def relative(start_file: str, target: str) -> str:
        """`target` as a URL reference from the file `start_file` (keeps a directory's trailing slash)."""
        reference = posixpath.relpath(target, posixpath.dirname(start_file) or ".")
        return reference + "/" if target.endswith("/") and not reference.endswith("/") else reference


def forget_schemas() -> None:
    """Drop every schema and what was derived from it, so that schema edits show in the next build."""
    from .api import manifest

    schemas.forget()
    for cached in (api_schemas.catalog_schema, api_schemas.manifest_schema, api_schemas.validator):
        cached.cache_clear()
    manifest._policy_plan.cache_clear()
