"""`mkdocs serve`: an edited policy on screen in about a second, however big the site.

MkDocs rebuilds the whole site on every save. Under `serve` the plugin keeps what the last
build made, and rebuilds only what an edit changed:

- **Policies.** A policy whose files hold the same bytes keeps its validation result, its plan
  and its pages and manifests (publish.republish); an edited one is validated again, alone, and
  of its editions only those whose output depends on what changed are rendered again. The
  site-wide pages and files (the indexes, the site's feed, the catalog, sitemap, `_headers`) are
  made again from what is kept.
- **Pages.** With `mkdocs serve --dirty`, MkDocs writes only the pages whose file says it is
  modified: a generated page or feed is, unless the last build wrote exactly the same one
  (`GeneratedFile`). MkDocs' own pages keep its rule (the page's file is newer than what it
  wrote). Pages MkDocs skips still count: the plugin gives back their title for the nav, their
  entries to the search index and their inline code to the `_headers` CSP, as the last build
  found them, so that the site is byte for byte what a full build makes.
- **Everything else.** A change to anything else a page is made from — `mkdocs.yml`, docs/, the
  theme, the schemas, the templates, the message catalogs, the plugin's options, the day —
  rebuilds everything (the plugin empties the site folder first, as MkDocs would), and so does a
  site with a plugin this mode does not know to be safe with skipped pages, or a build after
  a failed one. MkDocs' warning that a dirty build may be stale does not apply, and is not shown.
- **Errors.** A policy with errors (or, in strict mode, warnings) does not stop the preview: its
  problems are printed as `FILE:LINE:COL: CODE message`, and the site keeps the policy's last
  good pages (a policy that never was valid is left out) until the file is fixed. These lines
  go to MkDocs' console but not to its strict-mode count: `mkdocs build --strict` still fails.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import jinja2
import jinja2.bccache
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, clean_directory

from .. import __version__, schemas
from ..diagnostics import Severity
from ..hosting import InlineCode, PageCode, site_files
from ..incremental import FileDigests, PolicyCheck, changed_policies, policy_digests, split
from ..publish import Publisher, SiteOptions, republish
from ..render.environment import compile_all
from ..timeline import build_day
from ..validate import Result, validate_paths

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .config import PolicyPressConfig

PACKAGE = Path(__file__).resolve().parent.parent
# Plugins that keep nothing of a page MkDocs skips, or whose keeping this mode restores (search).
KNOWN_PLUGINS = frozenset({"search", "material/search", "policypress"})
# A plugin with none of these events cannot mind a page that is not built again.
PAGE_EVENTS = (
    "on_pre_page",
    "on_page_read_source",
    "on_page_markdown",
    "on_page_content",
    "on_page_context",
    "on_post_page",
    "on_env",
    "on_post_build",
)
_DIRTY_WARNING = "A 'dirty' build is being performed"
_IGNORED_FOLDERS = frozenset({"__pycache__", ".git"})
# Python code is imported once per process: an edit to it changes nothing a build makes.
_IGNORED_SUFFIXES = (".py", ".pyc")

log = logging.getLogger("mkdocs.plugins.policypress")
FileType = TypeVar("FileType", bound=File)


class GeneratedFile(File):
    """A generated page or file; one whose content the last build wrote already is `unchanged`,
    and a dirty build skips it (while it is still where that build wrote it).

    An unchanged page may also be `set_aside` (Serving.set_aside): it stays among the site's
    files, where the links of the pages that are built find it, but is no documentation page
    for MkDocs any more, which then makes no Page of it and neither reads nor writes it."""

    unchanged = False
    of_docs = False  # a docs page's view in another language (views.py): it links as the page does
    set_aside = False

    def is_documentation_page(self) -> bool:
        return not self.set_aside and super().is_documentation_page()

    def is_modified(self) -> bool:
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))

    def copy_file(self, dirty: bool = False) -> None:
        if not self.set_aside:
            super().copy_file(dirty)

    def put_aside(self) -> None:
        """Set the page aside, where and at what URL it is as a page (MkDocs derives both from
        whether a file is a page, once)."""
        _ = (self.dest_uri, self.url, self.abs_dest_path)
        self.set_aside = True


@dataclass
class PageRecord:
    """What a build found of a page, for a later build that skips it."""

    title: str | None
    meta: dict[str, Any]
    search: list[Any]
    dest: str  # where the page is written
    code: PageCode | None  # its inline code, when the plugin writes host files


@dataclass
class Build:
    """One build's own record, kept as the last build's once it succeeds."""

    context: str
    full: bool
    checks: dict[str, PolicyCheck] = field(default_factory=dict)
    generated: dict[str, object] = field(default_factory=dict)  # site path -> what was written there
    pages: dict[str, PageRecord] = field(default_factory=dict)  # by src_uri
    json: dict[str, bytes] = field(default_factory=dict)
    search_seen: int = 0
    set_aside: bool = False  # unchanged pages were set aside (GeneratedFile)
    made: list[str] = field(default_factory=list)  # the pages MkDocs made a Page of, by src_uri
    objects: dict[str, tuple[File, object]] = field(default_factory=dict)  # src_uri -> file, made of
    sitemap: str | None = None  # sitemap.xml as written
    order: list[str] = field(default_factory=list)  # the documentation pages, in MkDocs' order
    files: list[str] | None = None  # the site's files, as hosting.site_files lists them


class Serving:
    """What one `mkdocs serve` keeps between its builds. `dirty`: MkDocs skips unmodified pages."""

    def __init__(self, *, dirty: bool) -> None:
        self.dirty = dirty
        self.last: Build | None = None  # the last build that succeeded
        self.publisher: Publisher | None = None  # its publisher
        self.build: Build | None = None  # the build under way
        self.console = _Console()
        self.templates = _TemplateCache()  # the theme's compiled templates, while nothing changes
        self.file_digests = FileDigests()  # of the policies and what PolicyPress reads, by path
        self.theme_listing: dict[Any, list[str]] = {}  # see _list_theme_once
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_without_dirty_warning)

    def shutdown(self) -> None:
        logging.getLogger("mkdocs.commands.build").removeFilter(_without_dirty_warning)

    # ------------------------------------------------------------------ on_pre_build

    def begin(self, config: MkDocsConfig, options: PolicyPressConfig, site: SiteOptions) -> bool:
        """Start a build; whether it builds everything again (see the module docstring). When it
        does not, the schemas and templates compiled for the last build still hold."""
        context = context_digest(config, options, site, self.file_digests)
        last = self.last
        full = (
            last is None
            or self.publisher is None
            or last.context != context
            or not incremental_plugins(config)
        )
        if full:
            self.templates = _TemplateCache()
            self.theme_listing = {}
        self.build = Build(context, full)
        _list_theme_once(config, self.theme_listing)
        return full

    def publish(
        self,
        config: MkDocsConfig,
        options: PolicyPressConfig,
        site: SiteOptions,
        files: list[Path],
        validate_all: Callable[[], tuple[Result, Publisher | None]],
        executor: Callable[[], Any],
    ) -> Publisher:
        """The publisher of this build: kept, with the changed policies made again, or all new.

        `validate_all` validates every file (and plans the site, on workers, when all are
        valid): for a full build; `executor` gives the workers it used (or None).
        """
        build, last = self._builds()
        full = build.full
        root = Path(options.policies_dir)
        digests = policy_digests(files, root, self.file_digests)
        strict = bool(config.strict)
        if full or last is None or self.publisher is None:
            result, planned = validate_all()
            build.checks, editions = split(
                result, digests, sorted(digests), root, strict=strict, drafts=options.drafts
            )
            if planned is not None and len(editions) == len(build.checks):
                planned.finish()  # every policy may be published: the workers' plan is the site
                publisher = planned
            else:
                publisher = Publisher(
                    [e for policy in sorted(editions) for e in editions[policy]], site, executor()
                )
            self._report(build.checks, kept=set())
        else:
            changed = changed_policies(last.checks, digests)
            build.checks = {p: c for p, c in last.checks.items() if p not in changed}
            to_check = [path for policy in changed for path in sorted(digests.get(policy, {}))]
            result = (
                validate_paths(
                    to_check,
                    root=root,
                    max_bytes=options.max_bytes,
                    extra_schemas=[os.path.abspath(options.schema)] if options.schema else [],
                )
                if to_check
                else Result()
            )
            checks, editions = split(result, digests, changed, root, strict=strict, drafts=options.drafts)
            build.checks.update(checks)
            publisher = republish(self.publisher, editions)
            self._report(build.checks, kept=set(self.publisher.plans) - set(editions))
        build.checks = dict(sorted(build.checks.items()))
        if self.dirty and full:
            clean_directory(config.site_dir)  # what MkDocs does before a build that is not dirty
        return publisher

    def _report(self, checks: Mapping[str, PolicyCheck], kept: set[str]) -> None:
        """Every policy's problems, as a full build logs them (not counted by strict mode), and
        what the preview shows of each policy that may not be published."""
        quiet = {file for check in checks.values() for file in check.unpublished}
        for diagnostic in sorted(d for check in checks.values() for d in check.diagnostics):
            if diagnostic.severity is Severity.ERROR:
                level = logging.ERROR
            else:  # a draft the site does not publish: information (as in a full build)
                level = logging.INFO if diagnostic.file in quiet else logging.WARNING
            self.console.log(level, diagnostic.format())
        for policy, check in checks.items():
            if check.publishable:
                continue
            errors = sum(d.severity is Severity.ERROR for d in check.diagnostics)
            found = f"{errors} error(s)" if errors else f"{len(check.diagnostics)} warning(s) (strict mode)"
            shown = (
                "the preview keeps its last good pages until they are fixed"
                if policy in kept
                else "it is left out of the preview until they are fixed"
            )
            self.console.log(logging.WARNING, f"policypress: {found} in policy {policy}: {shown}")

    # ------------------------------------------------------------------ on_files

    def reuse(self, src_uri: str, content: object, make: Callable[[], FileType]) -> FileType:
        """The generated file at `src_uri` made of `content`: the last build's object, if it made
        one of the same (MkDocs derives a file's paths and URL once per object, and a big site has
        thousands of files), else `make()`. A file taken again is no one's page yet."""
        build, last = self._builds()
        old = last.objects.get(src_uri) if last is not None and not build.full else None
        file: FileType
        if old is not None and old[1] == content:
            file = old[0]  # type: ignore[assignment]  # what make() made for this path last time
            file.page = None
            if isinstance(file, GeneratedFile):
                file.set_aside = False
        else:
            file = make()
        build.objects[src_uri] = (file, content)
        return file

    def generated(self, file: File, content: object) -> File:
        """Record what this build writes for `file`; mark it unchanged if the last build wrote the same."""
        build, last = self._builds()
        build.generated[file.dest_uri] = content
        if isinstance(file, GeneratedFile) and not build.full and last is not None:
            before = last.generated.get(file.dest_uri)
            file.unchanged = before is not None and before == content
        return file

    def prune(self, config: MkDocsConfig, files: Files) -> None:
        """Delete what the last build generated and this one does not (a dirty build keeps every
        file); if the generated pages are not the same set, MkDocs' own pages are built again, so
        that their links to generated pages are checked again."""
        build, last = self._builds()
        if build.full or last is None or not self.dirty:
            return
        site = Path(config.site_dir)
        gone = sorted(last.generated.keys() - build.generated.keys())
        for path in gone:
            _remove(site, path)
        if gone or (build.generated.keys() - last.generated.keys()):
            for file in files.documentation_pages():
                if file.generated_by is None or (isinstance(file, GeneratedFile) and file.of_docs):
                    _remove(site, file.dest_uri)

    def set_aside(self, files: Files, needed: Collection[str]) -> None:
        """Set aside the unchanged generated pages out of the nav (but those in `needed`), when
        this build makes the same pages as the last: MkDocs then does nothing per page but for
        the pages an edit changed, however big the site. Their records (search entries, inline
        code) come back from the last build; sitemap.xml is the last build's."""
        build, last = self._builds()
        if build.full or last is None or not self.dirty or build.generated.keys() != last.generated.keys():
            return
        build.set_aside = True
        for file in files:
            if (
                isinstance(file, GeneratedFile)
                and not file.of_docs
                and file.src_uri not in needed
                and file.inclusion.is_not_in_nav()  # type: ignore[no-untyped-call]
                and file.is_documentation_page()
                and not file.is_modified()
            ):
                file.put_aside()

    def sitemap(self, make: Callable[[], str]) -> str:
        """sitemap.xml: the last build's, when this one set pages aside (it makes the same pages,
        at the same addresses, on the same day), else `make()`."""
        build, last = self._builds()
        if build.set_aside and last is not None and last.sitemap is not None:
            build.sitemap = last.sitemap
        else:
            build.sitemap = make()
        return build.sitemap

    # ------------------------------------------------------------------ on_env: pages are read

    def theme(self, env: jinja2.Environment) -> jinja2.Environment:
        """MkDocs makes the theme's Jinja environment afresh for every build, and compiles every
        template again (a second or more): while nothing changes, it keeps them compiled. The
        cache compares each template's source, so an edited template is compiled again."""
        env.bytecode_cache = self.templates
        return env

    def restore_pages(self, files: Files) -> None:
        """Give each page MkDocs did not read again its title and metadata from the last build:
        the nav of the pages it builds shows them."""
        build, last = self._builds()
        pages = [
            file
            for file in files
            if (isinstance(file, GeneratedFile) and file.set_aside)
            or (file.is_documentation_page() and file.inclusion.is_in_serve())  # type: ignore[no-untyped-call]
        ]
        build.order = [file.src_uri for file in pages]
        build.made = [file.src_uri for file in pages if file.page is not None]
        if last is None:
            return
        for file in pages:
            page = file.page
            record = last.pages.get(file.src_uri) if page is not None else None
            if page is not None and page.markdown is None and record is not None:
                page.title = record.title
                page.meta = dict(record.meta)

    # ------------------------------------------------------------------ on_post_page

    def page_built(self, page: Page, config: MkDocsConfig, code: PageCode | None) -> None:
        build, _ = self._builds()
        entries = _search_entries(config)
        found = entries[build.search_seen :] if entries is not None else []
        build.search_seen = len(entries) if entries is not None else 0
        build.pages[page.file.src_uri] = PageRecord(
            page.title, dict(page.meta), list(found), page.file.abs_dest_path, code
        )

    # ------------------------------------------------------------------ on_post_build

    def restore_skipped(self, config: MkDocsConfig, inline_code: InlineCode) -> None:
        """Give the search index and the CSP the pages this build skipped, as the last build found
        them, in MkDocs' page order (the search index is then what a full build writes)."""
        build, last = self._builds()
        built = set(build.pages)
        if last is not None:
            for uri in build.order:
                if uri not in build.pages and uri in last.pages:
                    build.pages[uri] = last.pages[uri]
        for plugin in _search_plugins(config):
            entries = _entries_of(plugin)
            if entries is not None:
                entries[:] = [e for uri in build.order if uri in build.pages for e in build.pages[uri].search]
            if hasattr(plugin, "search_index_prev"):
                plugin.search_index_prev = None  # mkdocs-material's own dirty-build merge: not needed
        for uri in build.order:
            record = build.pages.get(uri)
            if record is not None and record.code is not None and uri not in built:
                inline_code.add_found(record.dest, record.code)

    def json_to_write(self, config: MkDocsConfig, documents: Iterable[Any]) -> Iterator[Any]:
        """The JSON files to write: those whose bytes the last build did not write (all, in a full
        build); the files the last build wrote and this one does not are deleted."""
        build, last = self._builds()
        site = Path(config.site_dir)
        before = {} if build.full or last is None or not self.dirty else last.json
        folder = os.fspath(site)
        for document in documents:
            build.json[document.path] = document.content
            old = before.get(document.path)
            written = old is not None and os.path.isfile(os.path.join(folder, document.path))
            if not written or old != document.content:
                yield document
        for path in sorted(before.keys() - build.json.keys()):
            _remove(site, path)

    def site_files(self, site: Path) -> list[str]:
        """The built site's files (hosting.site_files): the last build's, unless this one may have
        added or removed some (it is a full one, or generated pages or JSON files came or went);
        walking a big site's folder takes longer than the rest of a rebuild's work on it."""
        build, last = self._builds()
        kept = last.files if last is not None and not build.full else None
        same = (
            last is not None
            and build.generated.keys() == last.generated.keys()
            and build.json.keys() == last.json.keys()
        )
        files = kept if kept is not None and same else site_files(site)
        build.files = files
        return files

    def succeeded(self, publisher: Publisher) -> None:
        """The build is done: it is the one the next build starts from. After a full one, the
        policy templates are compiled here, for the next save (workers rendered this build)."""
        build, _ = self._builds()
        self.last, self.publisher, self.build = build, publisher, None
        if build.full:
            compile_all(publisher.options.templates_dir)

    def failed(self) -> None:
        """The build stopped half-way (the site folder may be half-written): the next one is full."""
        self.last = self.build = None
        self.publisher = None

    def _builds(self) -> tuple[Build, Build | None]:
        assert self.build is not None, "no build under way"
        return self.build, self.last


# ---------------------------------------------------------------------- what pages are made with


def context_digest(
    config: MkDocsConfig, options: PolicyPressConfig, site: SiteOptions, known: FileDigests | None = None
) -> str:
    """One digest of everything the site is made of but the policies: when it changes, everything
    is built again. Files that PolicyPress reads are hashed (mkdocs.yml, the schemas, the site's
    templates and message catalogs (locales_dir), the package's templates and catalogs; not its
    Python code, which a running server does not load again); the site's own folders that
    MkDocs reads (docs, the theme's custom_dir, watched paths) are compared by name, size and
    time. `known`: file digests kept from the last build (files are read again when changed)."""
    known = known if known is not None else FileDigests()
    digest = hashlib.sha256()
    digest.update(f"policypress {__version__}\n".encode())
    digest.update(repr(sorted((k, repr(v)) for k, v in options.items())).encode())
    digest.update(repr((site, build_day(site.today))).encode())
    read = [PACKAGE, schemas.schema_dir()]
    read += [
        Path(p)
        for p in (config.config_file_path, options.schema, options.templates_dir, options.locales_dir)
        if p
    ]
    for path in read:
        _hash_tree(digest, path, known)
    policies = Path(options.policies_dir).resolve()
    # The theme's own folders are installed files: only a site's custom_dir changes while it is served.
    custom: str | None = config.theme.custom_dir
    digest.update(repr((config.theme.name, config.theme.dirs)).encode())
    for folder in [config.docs_dir, *([custom] if custom else []), *config.watch]:
        _hash_tree(digest, Path(folder), None, skip=policies)
    return digest.hexdigest()


def _hash_tree(digest: Any, top: Path, contents: FileDigests | None, skip: Path | None = None) -> None:
    """Feed `digest` every file under `top` (or `top` itself): its name and the digest of its bytes
    (from `contents`), or without `contents` its size and modification time."""
    if top.is_file():
        listing: Iterable[Path] = [top]
    elif top.is_dir():
        listing = sorted(_files_under(top, skip))
    else:
        digest.update(f"missing {top}\n".encode())
        return
    for path in listing:
        if contents is not None:
            digest.update(f"{path} {contents.digest(path)}\n".encode("utf-8", "surrogateescape"))
        else:
            stat = path.stat()
            digest.update(f"{path} {stat.st_size} {stat.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))


def _files_under(top: Path, skip: Path | None) -> Iterator[Path]:
    for folder, folders, names in os.walk(top):
        folders[:] = [f for f in folders if f not in _IGNORED_FOLDERS and Path(folder, f).resolve() != skip]
        yield from (Path(folder, name) for name in names if not name.endswith(_IGNORED_SUFFIXES))


def incremental_plugins(config: MkDocsConfig) -> bool:
    """Whether every plugin of the site copes with pages a dirty build skips: it is one this mode
    knows, or it has no event that sees pages or the built site."""
    unknown = [
        name
        for name, plugin in config.plugins.items()
        if name.split(" #")[0] not in KNOWN_PLUGINS and any(hasattr(plugin, e) for e in PAGE_EVENTS)
    ]
    if unknown:
        log.info(
            "policypress: every page is built again on each change, as the site's plugins "
            f"{', '.join(unknown)} may need them"
        )
    return not unknown


# ---------------------------------------------------------------------- helpers


def _search_plugins(config: MkDocsConfig) -> list[Any]:
    return [plugin for plugin in config.plugins.values() if hasattr(plugin, "search_index")]


def _entries_of(plugin: Any) -> list[Any] | None:
    """The search index's entries: mkdocs-material's `entries`, MkDocs' own `_entries`."""
    index = getattr(plugin, "search_index", None)
    for name in ("entries", "_entries"):
        entries = getattr(index, name, None)
        if isinstance(entries, list):
            return entries
    return None


def _search_entries(config: MkDocsConfig) -> list[Any] | None:
    plugins = _search_plugins(config)
    return _entries_of(plugins[0]) if plugins else None


def _remove(site: Path, path: str) -> None:
    """Delete the site file `path`, and the folders it leaves empty."""
    target = site / path
    try:
        target.unlink()
    except FileNotFoundError:
        return
    folder = target.parent
    while folder != site and folder.is_relative_to(site):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _without_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build may leave stale navigation and links; under the plugin's
    serve mode it does not (see the module docstring), and strict mode would fail on the warning."""
    return not str(record.msg).startswith(_DIRTY_WARNING)


def _list_theme_once(config: MkDocsConfig, listing: dict[Any, list[str]]) -> None:
    """Have the theme's Jinja environment list its files from `listing`, filled once.

    MkDocs lists every file of the theme's folders on every build, through a filter, to find its
    static files (mkdocs-material's folders hold 14,000, icons mostly: a quarter of a second and
    more each build). The list depends on the theme's folders and its static templates, which a
    build that is not a full one has as the last had (a new custom_dir file makes a full build,
    which starts with an empty `listing`); MkDocs' filter is a function of the name and these.
    """
    theme = config.theme
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        list_templates = env.list_templates

        def listed(
            extensions: Collection[str] | None = None, filter_func: Callable[[str], bool] | None = None
        ) -> list[str]:
            key = (
                tuple(theme.dirs),
                tuple(sorted(theme.static_templates)),
                tuple(extensions or ()),
                filter_func is None,
            )
            if key not in listing:
                listing[key] = list_templates(extensions, filter_func)
            return list(listing[key])

        env.list_templates = listed  # type: ignore[method-assign]
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled templates in memory, by name and source checksum (Jinja checks the checksum)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class _Console:
    """Lines for MkDocs' console that its strict mode does not count (see the module docstring)."""

    def __init__(self) -> None:
        self.logger = logging.getLogger("policypress.serve")

    def log(self, level: int, message: str) -> None:
        mkdocs = logging.getLogger("mkdocs")
        self.logger.handlers = [h for h in mkdocs.handlers if not isinstance(h, CountHandler)]
        self.logger.propagate = mkdocs.propagate  # tests capture from the root logger
        self.logger.setLevel(logging.DEBUG)
        self.logger.log(level, message)
