"""What a site publishes for a set of validated policies: Markdown pages and JSON, in memory.

No MkDocs here: the plugin hands these to MkDocs; anything else could write them
to disk. Only `published` versions are public (and `draft` ones when a site
previews drafts); `withdrawn` versions keep their manifests, for the record, but
no longer count as current.

The work per edition (render its page, build its manifest) is independent of
every other edition, so a `Publisher` can hand it to a process pool and let
MkDocs ask for each page when it needs it, while the pool renders the next ones.
The catalog needs every digest and is assembled last.

URLs inside the JSON are references relative to the file that holds them, so a
site can move to another host or folder without changing a byte of its JSON.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import langcodes

from . import schemas
from .api import schemas as api_schemas
from .api.catalog import CatalogEdition, build_catalog, catalog_entry, organization_order
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

    @property
    def key(self) -> tuple[str, str, str]:
        return self.policy, self.version, self.language


@dataclass(frozen=True)
class Page:
    """A generated Markdown page and what the site needs to know about it."""

    path: str
    markdown: str
    language: str
    source: Path | None = None


@dataclass(frozen=True)
class PageSpec:
    """A page to be generated: where, in which language, from which file (None: the index)."""

    path: str
    language: str
    source: Path | None


@dataclass(frozen=True)
class JsonFile:
    path: str
    content: bytes


@dataclass
class Site:
    pages: list[Page] = field(default_factory=list)
    json: list[JsonFile] = field(default_factory=list)


@dataclass(frozen=True)
class EditionOutput:
    """What one edition contributes: its page (if current), its manifest and the manifest's digest."""

    markdown: str | None
    manifest: bytes
    digest: str


def version_key(version: str) -> tuple[int, ...]:
    """'1.10' sorts after '1.9': versions compare as numbers, part by part."""
    return tuple(int(part) for part in version.split("."))


def publish(editions: Iterable[Edition], options: SiteOptions | None = None) -> Site:
    """Every page and JSON file for `editions` (which must have passed validation), in this process."""
    publisher = Publisher(editions, options or SiteOptions())
    pages = [Page(s.path, publisher.markdown(s.path), s.language, s.source) for s in publisher.pages]
    return Site(pages, publisher.json_files())


class Publisher:
    """Plans the site at once, produces each edition's output on `executor` (None: here and now)."""

    def __init__(
        self, editions: Iterable[Edition], options: SiteOptions, executor: Executor | None = None
    ) -> None:
        self.options = options
        self.paths = SitePaths(options)
        public = {"published", "draft"} if options.drafts else {"published"}
        recorded = [e for e in editions if e.status in public | {"withdrawn"}]
        recorded.sort(key=lambda e: (e.policy, version_key(e.version), e.language))
        self.current = _current(e for e in recorded if e.status in public)
        with_page = {e.key for e in self.current}
        self.pages = [PageSpec(self.paths.page(e), e.language, e.source) for e in self.current]
        self.pages.append(PageSpec(self.paths.index, options.default_language, None))
        # Pages first, in the order MkDocs asks for them; then the editions that only have manifests.
        ordered = self.current + [e for e in recorded if e.key not in with_page]
        self._outputs: dict[tuple[str, str, str], Future[EditionOutput]] = {}
        for edition in ordered:
            job = (edition_output, edition, self.paths, edition.key in with_page)
            self._outputs[edition.key] = executor.submit(*job) if executor else _done(*job)
        self._by_page = {self.paths.page(e): e.key for e in self.current}
        # The catalog needs only a few fields; the jobs hold the rest until they have run.
        self.current = [Edition(catalog_fields(e.data), e.source) for e in self.current]
        # The index needs only those too; it is a job of its own, and MkDocs reads it last.
        index = (_index_page, self.current, self.paths, options)
        self._index: Future[str] = executor.submit(*index) if executor else _done(*index)

    def markdown(self, path: str) -> str:
        """The Markdown of the generated page at `path` (waits for it if it is being rendered)."""
        if path == self.paths.index:
            return self._index.result()
        markdown = self._outputs[self._by_page[path]].result().markdown
        assert markdown is not None
        return markdown

    def json_paths(self) -> list[str]:
        """Where the JSON files will be, known before any is made."""
        manifests = [self.paths.manifest_of(*key) for key in sorted(self._outputs)]
        return [*manifests, self.paths.catalog, *(self.paths.schema(name) for name in api_schemas.PUBLISHED)]

    def json_files(self) -> list[JsonFile]:
        """Every manifest, the catalog and the published schemas (waits for every edition)."""
        outputs = {key: future.result() for key, future in self._outputs.items()}
        files = [JsonFile(self.paths.manifest_of(*key), out.manifest) for key, out in sorted(outputs.items())]
        by_policy: dict[str, list[Edition]] = defaultdict(list)
        for edition in self.current:
            by_policy[edition.policy].append(edition)
        entries = []
        for editions in by_policy.values():
            catalog_editions = [
                CatalogEdition(
                    e.data,
                    outputs[e.key].digest,
                    self.paths.from_catalog(self.paths.manifest(e)),
                    self.paths.from_catalog(self.paths.page_url(e)),
                )
                for e in sorted(editions, key=lambda e: e.language)
            ]
            newest = max((e.version for e in editions), key=version_key)
            entries.append(catalog_entry(catalog_editions, newest, self.options.default_language))
        schema_url = self.paths.from_catalog(self.paths.schema(api_schemas.CATALOG))
        files.append(
            _json(self.paths.catalog, build_catalog(entries, schema_url=schema_url), api_schemas.CATALOG)
        )
        files.extend(
            JsonFile(self.paths.schema(name), dumps(schema()))
            for name, schema in api_schemas.PUBLISHED.items()
        )
        return files


def edition_output(edition: Edition, paths: SitePaths, has_page: bool) -> EditionOutput:
    """Render one edition's page and build its manifest: independent of every other edition."""
    markdown = render_policy(edition.data, templates_dir=paths.options.templates_dir) if has_page else None
    here = paths.manifest(edition)
    links = {"catalog": paths.relative(here, paths.catalog)}
    if has_page:
        links["page"] = paths.relative(here, paths.page_url(edition))
    manifest = build_manifest(
        edition.data, schema_url=paths.relative(here, paths.schema(api_schemas.MANIFEST)), links=links
    )
    return EditionOutput(markdown, _json(here, manifest, api_schemas.MANIFEST).content, manifest["digest"])


# What the catalog and the index need of a policy file (with the controller's id and name). With
# worker processes, it is all that MkDocs' process holds of a policy (parallel.KeptData), so
# KEPT_FIELDS must name every top-level key that catalog_fields may return.
CATALOG_FIELDS = ("policy", "version", "language", "status", "title", "effective", "controlling_language")
KEPT_FIELDS = (*CATALOG_FIELDS, "controller")


def catalog_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """The few fields the catalog and the index need of a policy file."""
    slim = {key: data[key] for key in CATALOG_FIELDS if key in data}
    slim["controller"] = {"id": data["controller"]["id"], "name": data["controller"]["name"]}
    return slim


def _done(function: Any, *args: Any) -> Future[Any]:
    future: Future[Any] = Future()
    try:
        future.set_result(function(*args))
    except BaseException as exc:  # kept for .result(), exactly as a pool would
        future.set_exception(exc)
    return future


def _current(editions: Iterable[Edition]) -> list[Edition]:
    """For each policy and language, its highest public version, by policy and then language."""
    current: dict[tuple[str, str], Edition] = {}
    for edition in editions:
        held = current.get((edition.policy, edition.language))
        if held is None or version_key(edition.version) > version_key(held.version):
            current[(edition.policy, edition.language)] = edition
    return [current[key] for key in sorted(current)]


def _json(path: str, document: dict[str, Any], schema: str) -> JsonFile:
    problems = api_schemas.problems(schema, document)
    if problems:
        raise PublishError(f"{path} does not satisfy {schema}: " + "; ".join(problems[:5]))
    return JsonFile(path, dumps(document))


def _index_page(current: Sequence[Edition], paths: SitePaths, options: SiteOptions) -> str:
    """The policies index: current editions grouped by organization, in the catalog's order."""
    t = labels_for(options.default_language)
    groups: dict[str, dict[str, Any]] = {}
    for edition in sorted(current, key=lambda e: (organization_order(e.data["controller"]), e.policy)):
        controller = edition.data["controller"]
        group = groups.setdefault(
            controller["id"], {"name": controller["name"], "anchor": f"org-{controller['id']}", "rows": []}
        )
        effective = edition.data.get("effective")
        group["rows"].append(
            {
                "title": cell(edition.data["title"]),
                "href": SafeMd(paths.relative(paths.index, paths.page(edition))),
                "language": cell(language_name(edition.language)),
                "version": cell(edition.version),
                "effective": cell(effective) if effective else t.not_stated,
            }
        )
    template = environment(options.templates_dir).get_template("index.md.j2")
    return tidy(template.render(t=t, groups=list(groups.values())))


@cache
def language_name(tag: str) -> str:
    """The language's name in itself (English, 中文), as language pickers show it."""
    return str(langcodes.Language.get(tag).autonym())


@dataclass(frozen=True)
class SitePaths:
    """Where each output lives on the site (POSIX paths relative to the site root)."""

    options: SiteOptions

    @property
    def prefix(self) -> str:
        return self.options.url_prefix.strip("/")

    @property
    def catalog(self) -> str:
        return f"{self.options.api_prefix.strip('/')}/index.json"

    @property
    def index(self) -> str:
        return f"{self.prefix}/index.md"

    def page(self, edition: Edition) -> str:
        """The page's Markdown source path (what MkDocs calls src_uri)."""
        return f"{self.prefix}/{edition.policy}/{edition.language}.md"

    def page_url(self, edition: Edition) -> str:
        stem = f"{self.prefix}/{edition.policy}/{edition.language}"
        return f"{stem}/" if self.options.directory_urls else f"{stem}.html"

    def manifest(self, edition: Edition) -> str:
        return self.manifest_of(edition.policy, edition.version, edition.language)

    def manifest_of(self, policy: str, version: str, language: str) -> str:
        return f"{self.options.api_prefix.strip('/')}/policies/{policy}/{version}/{language}.json"

    def schema(self, name: str) -> str:
        return f"{self.options.api_prefix.strip('/')}/schema/{name}"

    def from_catalog(self, target: str) -> str:
        return self.relative(self.catalog, target)

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
