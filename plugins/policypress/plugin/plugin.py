"""The `policypress` MkDocs plugin: a thin adapter that hands MkDocs what the core publishes.

Order of work, and why:
- on_config checks the options and switches on the Markdown extensions the pages need;
- on_pre_build validates every policy *before* MkDocs cleans the site folder: an
  invalid policy stops the build and leaves the last good site as it was. It plans the
  site and starts rendering pages and manifests: for a big site on worker processes, which
  keep each policy's data where they loaded it (see parallel.py), planning each batch of
  policies while the next are validated and rendering once all are;
- on_files adds the generated pages, the policies' out of the nav so the build stays linear,
  the Atom feeds (so that links to them are checked like any other), and the field
  reference pages (option field_reference) for the site's nav to list;
- on_page_read_source hands MkDocs each page's Markdown when MkDocs reaches it;
- on_page_content passes each generated page's HTML through an allowlist and gives it its
  title as escaped text (render.pagehtml says why the theme needs that);
- on_files also adds, for each language whose words are not the default language's, a view of
  every page of the nav in that language (views.py), and on_nav makes each such language's nav;
- on_page_context switches mkdocs-material's own words (search, table of contents, …) and the
  nav to the page's language for the one page, and on_post_page switches them back; on_post_page
  also gives each generated page and view its own `<html lang>`;
- on_page_content, on a page in a nav language, sends links to pages with a view in that
  language to the view, and teaches jieba the words of a Traditional Chinese page before the
  search plugin segments it (i18n/segment.py);
- on_post_template adds each page's translations (hreflang) to sitemap.xml;
- on_post_build writes the JSON, which needs every manifest's digest, and the host
  configuration (`_headers`, an nginx snippet), which needs every page's inline scripts; then,
  after every other plugin's on_post_build, it stamps each file of the site with a time taken
  from its content and writes compressed copies (delivery.py), except under `mkdocs serve`;
- on_config adds PolicyPress's stylesheet, on_files its assets, and on_env has mkdocs-material's
  templates read through a loader that patches a few of them (plugin/theme.py); after the search
  plugin's on_post_build, PolicyPress writes the search index again without escapes;
- on_serve watches the policies, schemas, templates and catalogs folders. Under `mkdocs serve`
  the plugin keeps what each build made, and the next builds only what an edit changed (serve.py).

A build is all or nothing (sitestage.py): MkDocs writes the site into a staging folder beside
site_dir, which replaces site_dir only when the whole build succeeded (on_post_build, last
of all plugins); on a failure it is removed, and the site folder stays as it was (`mkdocs
serve` keeps serving the last good site). A dirty build (`--dirty`, as under `./dev serve`)
writes in place, as MkDocs does: its pages are the last build's plus what changed, so a
policy with errors keeps its last good pages (serve.py), and a build that stops half-way makes
the next one a full one. No traceback either: an exception that is not MkDocs' own kind of
build error becomes one message, naming the policy file whose page was being built
(on_build_error; the traceback is logged at debug level, `--verbose`). Under `mkdocs serve`,
whatever stops a rebuild, even outside the build (an mkdocs.yml that does not parse), is one
message too, and the browsers are shown the last good site (serve_builder).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import langcodes
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from .. import schemas
from ..compliance import required_codes
from ..delivery import Compressor, brotli_missing, encoders, prepare_site, usable_cores
from ..diagnostics import Citation, Severity
from ..hosting import HEADERS_FILE, NGINX_FILE, InlineCode, site_files, write_host_files
from ..i18n import catalogs, segment
from ..incremental import unpublished_drafts
from ..layout import discover, links_outside
from ..names import SiteFolder, UnsafePathError, site_path
from ..parallel import Workers, worker_count
from ..publish import (
    PLANNING_FIELDS,
    Edition,
    Publisher,
    PublishError,
    SiteOptions,
    catalog_fields,
    forget_schemas,
)
from ..reference import reference_pages
from ..render.environment import forget as forget_templates
from ..render.mdlinks import NAME as POLICY_LINKS
from ..render.pagehtml import clean_page, title_text, untested_extensions
from ..sitemap import with_alternates
from ..validate import Result, validate_folder, validate_paths
from ..yamlload import Document
from . import theme as site_theme
from . import views
from .config import PolicyPressConfig
from .serve import GeneratedFile, Serving
from .sitestage import Stage

log = logging.getLogger("mkdocs.plugins.policypress")


class _WrittenLater(File):
    """A file the plugin writes after the pages (a list's CSV, its JSON), known to MkDocs so that
    a page's link to it is checked like any other; MkDocs itself writes nothing for it."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


# Extensions the generated Markdown relies on: heading ids ({#…}), tables, numbered lists that
# keep their first number ("4." stays 4), the table of contents, notices (admonitions), and links
# read in time linear in a paragraph (render/mdlinks.py).
REQUIRED_EXTENSIONS = ("attr_list", "tables", "sane_lists", "toc", "admonition", POLICY_LINKS)
# Site paths found safe (names.site_path), in this process: `mkdocs serve` claims them on every build.
_SAFE_PATHS: set[str] = set()
_HTML_LANG = re.compile(r'<html lang="[^"]*"')
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')


class PolicyPressPlugin(BasePlugin[PolicyPressConfig]):  # type: ignore[no-untyped-call]  # mkdocs' __init_subclass__
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.publisher: Publisher | None = None
        self.pool: Workers | None = None
        self.languages: dict[str, str] = {}
        self.running_heads: dict[
            str, str
        ] = {}  # a version's page -> the stylesheet of its printed pages' head
        self.theme_languages: dict[str, str] = {}  # page language -> the theme's nearest language
        self.site_theme_language: str | None = None
        self.inline_code = InlineCode()  # of the pages written, for the _headers CSP
        self.clean_pages = True
        self.serving: Serving | None = None  # under `mkdocs serve`: what the builds keep
        self.material = False
        self.compressor: Compressor | None = None
        self.fresh_copies: set[str] = set()  # compressed copies this build has written
        self.views: views.Views | None = None
        self.navs: dict[str, Navigation] = {}  # each nav language's nav
        self.view_urls: dict[str, dict[str, str]] = {}  # nav language -> page URL -> its view's URL
        self.originals: dict[str, Page] = {}  # an untranslated view -> the page it shows
        self.dirty = False  # `--dirty`: MkDocs writes over the site in place, so no staging
        self.written_in_part = False  # a dirty build stopped: the site may be partly written
        self.stage: Stage | None = None
        self.sources: dict[str, Path] = {}  # generated page -> the policy file it shows
        self.page: str | None = None  # the page MkDocs is building, for a message if it fails
        self.refused_for: dict[str, str] | None = None  # site paths _refuse_files_in_folders passed
        self.edit_uris: dict[tuple[Path, Path], str] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this hook also keeps this one plugin object for every build of a `serve`.
        self.dirty = dirty
        self.serving = Serving(dirty=dirty) if command == "serve" else None
        if command == "serve" and not dirty:
            log.info(
                "policypress: `mkdocs serve --dirty` writes only the pages an edit changes; "
                "without it MkDocs writes every page on each change"
            )

    def on_shutdown(self) -> None:
        self._release()
        if self.serving is not None:
            self.serving.shutdown()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        if "br" in self.config.precompress and brotli_missing():
            raise PluginError(
                "policypress: option 'precompress' asks for br, which needs the brotli package: "
                "pip install 'policypress[brotli]', or leave br out"
            )
        if self.config.schema:
            problem = schemas.schema_file_problem(Path(self.config.schema))
            if problem:
                raise PluginError(f"policypress: option 'schema': {problem}")
        for option in ("templates_dir", "locales_dir"):  # before any is read; a policy's link is PP108
            folder = getattr(self.config, option)
            if folder:
                _refuse_links_outside(Path(folder), option)
        locales = Path(self.config.locales_dir) if self.config.locales_dir else None
        catalogs.use_site_locales(locales)
        for tag in catalogs.catalog_files(locales) if locales else ():
            try:
                catalogs.translations(tag)
            except catalogs.CatalogError as exc:
                raise PluginError(f"policypress: option 'locales_dir': {exc}") from None
        if self.config.url_prefix == self.config.api_prefix:
            raise PluginError("policypress: 'url_prefix' and 'api_prefix' must be different folders")
        missing = [p for p in self.config.only_policies if not (Path(self.config.policies_dir) / p).is_dir()]
        if missing:
            raise PluginError(
                f"policypress: option 'only_policies': no policy folder {', '.join(missing)} "
                f"in {self.config.policies_dir}"
            )
        theme = config.theme
        self.site_theme_language = str(theme.get("language")) if theme.name == "material" else None
        self.material = theme.name == "material"
        if self.material:
            config.extra_css.append(site_theme.stylesheet().path)
        if not config.site_url:
            log.info(
                "policypress: no 'site_url' in mkdocs.yml, so sitemap.xml lists no page and the feeds "
                "link relatively; set it to the address the site is published at"
            )
        if theme.name == "material" and theme.get("font") is not False:
            log.warning(
                "policypress: mkdocs-material loads Google Fonts unless 'theme: font: false' is set; "
                "a privacy policy site should not send its readers to a third party"
            )
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.inline_code = InlineCode()
        self.clean_pages = self._clean_pages(config)
        self.fresh_copies = set()
        policies = Path(self.config.policies_dir)
        self._release()
        self._discard_stage()
        self.page = None
        files = discover([policies / p for p in self.config.only_policies] or [policies])
        options = SiteOptions(
            url_prefix=self.config.url_prefix,
            api_prefix=self.config.api_prefix,
            default_language=self.config.default_language,
            templates_dir=Path(self.config.templates_dir) if self.config.templates_dir else None,
            locales_dir=Path(self.config.locales_dir) if self.config.locales_dir else None,
            drafts=self.config.drafts,
            directory_urls=config.use_directory_urls,
            today=self.config.build_date,
            site_url=config.site_url or None,
            site_name=config.site_name,
            precompress=self._precompress(),
        )
        # `mkdocs serve` must see edited schemas and templates in the next build (unless nothing
        # but policies changed since the last one, see serve.py).
        if self.serving is None or self.serving.begin(config, self.config, options):
            forget_schemas()
            forget_templates()
            catalogs.forget()
        if self.serving is not None:
            self.publisher = self.serving.publish(
                config,
                self.config,
                options,
                files,
                lambda: self._validate_and_plan(files, policies, options),
                lambda: self.pool,
            )
        else:
            self.publisher = self._publish(config, files, policies, options)
        if not self.dirty:
            self.stage = Stage.begin(config)
        # Pages are compressed as MkDocs writes them (into the staging folder), on a thread beside
        # it (delivery.py).
        compressors = encoders(self._precompress())
        threads = max(1, usable_cores() - 1)
        self.compressor = (
            None if self.serving is not None else Compressor(Path(config.site_dir), compressors, threads)
        )
        # What stays alive for the whole build (without workers: the policies' data, until its
        # pages are rendered); left to the collector, every full collection during MkDocs' build
        # would scan it again. Frozen objects are still freed by reference counting.
        gc.freeze()

    def _publish(
        self, config: MkDocsConfig, files: list[Path], policies: Path, options: SiteOptions
    ) -> Publisher:
        """Validate every policy and plan the site; any error (a warning, in strict mode) stops the
        build before anything is written, with the report of `policypress validate`."""
        result, publisher = self._validate_and_plan(files, policies, options)
        # A draft the site does not publish cannot hold the build up by its warnings (such as the
        # TODOs `policypress import` leaves): they are logged as information, never counted.
        unpublished = unpublished_drafts(result.documents, drafts=self.config.drafts)
        # What a requirement pack finds counts only for the packs the site requires (required_packs);
        # the packs a policy declares itself are for its authors (`policypress check`).
        required = required_codes(self.config.required_packs)
        quiet = [
            d
            for d in result.warnings
            if d.file in unpublished or (isinstance(d.code, Citation) and d.code not in required)
        ]
        warnings = [d for d in result.warnings if d not in quiet]
        for diagnostic in result.diagnostics:
            if diagnostic.severity is Severity.ERROR:
                log.error(diagnostic.format())
            else:
                (log.info if diagnostic in quiet else log.warning)(diagnostic.format())
        if result.errors or (warnings and config.strict):
            self._release()
            found = f"{len(result.errors)} error(s)" if result.errors else f"{len(warnings)} warning(s)"
            raise PluginError(
                f"policypress: {found} in the policies{'' if result.errors else ' and strict mode is on'}; "
                "nothing was built (`policypress validate` gives the same report)"
            )
        if not result.documents:
            log.warning(f"policypress: no policy files in {self.config.policies_dir}")
        if publisher is None:
            return Publisher(_editions(result.documents), options)
        publisher.finish()
        return publisher

    def _validate_and_plan(
        self, files: list[Path], policies: Path, options: SiteOptions
    ) -> tuple[Result, Publisher | None]:
        """Validate every policy file. A big site's goes to worker processes (`self.pool`), and
        is planned while the rest is validated, as long as no file has an error: that publisher
        is returned, to be finished (None without workers, or with an error)."""
        workers = worker_count(self.config.workers, len(files))
        self.pool = Workers(workers) if workers else None
        # With workers, the site is planned batch by batch while the rest is still validated.
        publisher = Publisher([], options, self.pool, more_to_come=True) if self.pool is not None else None
        result = self._validate(files, policies, publisher)
        return result, (publisher if not result.errors else None)

    def _validate(self, files: list[Path], policies: Path, publisher: Publisher | None) -> Result:
        """Every policy file's problems. On workers, each policy's data stays on the worker that
        loaded and checked it (its checks across files too), for its pages and manifests: jobs
        name it by reference, and MkDocs' process gets only the fields it plans the site with,
        handing each valid batch to `publisher` as it comes."""
        extra_schemas = [os.path.abspath(self.config.schema)] if self.config.schema else []
        if self.pool is None or publisher is None:
            return validate_paths(
                files,
                root=policies,
                max_bytes=self.config.max_bytes,
                extra_schemas=extra_schemas,
                packs=self.config.required_packs,
            )
        with self.pool.deferring():  # the pages can wait: every core validates first
            return validate_folder(
                files,
                root=policies,
                max_bytes=self.config.max_bytes,
                extra_schemas=extra_schemas,
                packs=self.config.required_packs,
                runner=self.pool.runner(catalog_fields, PLANNING_FIELDS),
                on_valid=lambda documents: publisher.add(_editions(documents)),
            )

    # Run early, so that other plugins' on_files (blog, tags, i18n) see the generated pages.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.publisher is not None
        self.languages, self.running_heads, self.sources = {}, {}, {}
        docs_dir = Path(config.docs_dir).resolve()
        # Every site path already written by a docs file, to refuse a generated file in its way.
        taken = {file.dest_uri: f"docs/{file.src_uri}" for file in files}
        for page in self.publisher.pages:
            inclusion = InclusionLevel.UNDEFINED if page.listed else InclusionLevel.NOT_IN_NAV
            # The Markdown arrives in on_page_read_source, when MkDocs reaches the page.
            if page.source is not None:
                self.sources[page.path] = page.source
            self.page = page.path  # its Markdown is made now: a failure names the policy
            markdown = self.publisher.markdown(page.path)
            generated = self._generated(config, page.path, "", (markdown, page), inclusion)
            if page.source is not None:
                generated.edit_uri = self._edit_uri(page.source, docs_dir)
            _claim(taken, generated.dest_uri, page.path, "url_prefix")
            files.append(generated)
            self.languages[page.path] = page.language
            if page.running_head and self.material:
                self.running_heads[page.path] = site_theme.running_head(page.running_head).path
        self.page = None
        for feed in self.publisher.feeds:
            generated = self._generated(config, feed.path, feed.content, feed.content)
            _claim(taken, generated.dest_uri, feed.path, "url_prefix")
            files.append(generated)
        linked = set(self.publisher.linked_files())
        for path in self.publisher.json_paths():
            _claim(taken, path, path, "api_prefix")
            if path in linked:  # a page links to it: MkDocs checks the link against its files
                files.append(self._written_later(config, path))
        for path in (HEADERS_FILE, NGINX_FILE) if self.config.host_files else ():
            _claim(taken, path, path, "host_files")
        if self.config.field_reference:
            for name, markdown in reference_pages(api_prefix=self.config.api_prefix).items():
                path = f"{self.config.field_reference}/{name}"
                generated = self._generated(config, path, markdown, markdown)
                _claim(taken, generated.dest_uri, generated.src_uri, "field_reference")
                files.append(generated)
        self._add_views(files, config, taken)
        if self.material:
            assets = [site_theme.stylesheet()]
            if _has_search(config):
                assets.append(site_theme.search_script())
            heads = dict.fromkeys(page.running_head for page in self.publisher.pages if page.running_head)
            assets += [site_theme.running_head(head) for head in heads]
            for asset in assets:
                generated = self._generated(config, asset.path, asset.content, asset.content)
                _claim(taken, generated.dest_uri, asset.path, "theme assets")
                files.append(generated)
        if taken != self.refused_for:  # under `serve`, the same paths as the last build's: checked
            _refuse_files_in_folders(taken)
            self.refused_for = taken
        if self.serving is not None:
            self.serving.prune(config, files)
            views_made = self.views
            needed = {*views_made.of_page, *views_made.language_of} if views_made is not None else set()
            self.serving.set_aside(files, needed)
        return files

    def _add_views(self, files: Files, config: MkDocsConfig, taken: dict[str, str]) -> None:
        """Each nav page's view in each nav language: the site's own translation where it wrote one
        (`<page>.<language>.md`), else the page's Markdown under a notice that it is only in English."""
        assert self.publisher is not None
        default = self.publisher.options.default_language
        languages = views.nav_languages(set(self.languages.values()), default)
        self.views = plan = views.Views(languages, default)
        if not languages:
            return
        named = dict(views.nav_sources(config.nav)) if config.nav is not None else None
        sources = [
            f.src_uri
            for f in files.documentation_pages()
            if (f.src_uri in named if named is not None else f.inclusion.is_in_nav())  # type: ignore[no-untyped-call]
            and not views.is_view(f.src_uri, languages)
        ]
        plan.titles = {source: title for source, title in (named or {}).items() if title}
        for source in sources:
            for language in languages:
                view = views.view_path(source, language)
                existing = files.get_file_from_path(view)
                if existing is not None:  # the site's translation, or the publisher's index of the language
                    existing.inclusion = InclusionLevel.NOT_IN_NAV
                    plan.add(source, language, view, untranslated=False)
                    continue
                if source in self.languages:  # a generated policy page has no view: it has its language
                    continue
                original = files.get_file_from_path(source)
                assert original is not None
                title = plan.titles.get(source)
                markdown = views.untranslated_view(
                    original.content_string,
                    language,
                    default,
                    (catalogs.nav_title(title, language) or title) if title else None,
                )
                generated = self._generated(config, view, markdown, markdown, InclusionLevel.NOT_IN_NAV)
                generated.of_docs = True
                _claim(taken, generated.dest_uri, view, "locales_dir")
                files.append(generated)
                plan.add(source, language, view, untranslated=True)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.navs, self.view_urls, self.originals = {}, {}, {}
        if self.views is None or not self.views.languages:
            return nav
        for view, source in self.views.untranslated.items():
            original = _page(files, source)
            if original is not None:
                self.originals[view] = original
        home = nav.homepage.file.src_uri if nav.homepage is not None else None
        for language in self.views.languages:
            homepage = self.views.of_page.get(home, {}).get(language) if home else None
            self.navs[language] = views.translated_nav(nav, language, self.views, files, homepage)
            self.view_urls[language] = {
                page.url: view_file.page.url
                for source, by_language in self.views.of_page.items()
                if (page := _page(files, source)) is not None
                and (view_file := files.get_file_from_path(by_language.get(language, ""))) is not None
                and view_file.page is not None
            }
        return nav

    def _nav_language(self, source: str) -> str | None:
        """The nav language a page is shown in (its own, or the nav language of its catalog)."""
        if self.views is None or not self.views.languages:
            return None
        language = self.views.language_of.get(source) or self.languages.get(source)
        if language is None:
            return None
        if language in self.navs:
            return language
        tag = catalogs.catalog_tag(language)
        return next((nav for nav in self.navs if catalogs.catalog_tag(nav) == tag), None)

    def _generated(
        self,
        config: MkDocsConfig,
        path: str,
        content: str | bytes,
        kept: object,
        inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
    ) -> GeneratedFile:
        """The generated file at `path` with `content` for MkDocs; under `serve`, the last build's
        when it made the same (`kept`: what the page or file is made of), and marked unchanged when
        the last build wrote the same there."""

        def make() -> GeneratedFile:
            file = GeneratedFile.generated(config, path, content=content, inclusion=inclusion)
            assert isinstance(file, GeneratedFile)  # File.generated is typed as making a File
            return file

        if self.serving is None:
            return make()
        # A file's object holds its place in the site folder: one staged build's is not the next's.
        file = self.serving.reuse(path, (kept, config.site_dir), make)
        self.serving.generated(file, kept)
        return file

    def _written_later(self, config: MkDocsConfig, path: str) -> File:
        def make() -> File:
            return _WrittenLater.generated(config, path, content=b"")

        return self.serving.reuse(path, config.site_dir, make) if self.serving is not None else make()

    def _edit_uri(self, source: Path, docs_dir: Path) -> str:
        """A policy file's path from the docs folder (kept: a served site asks for thousands each build)."""
        key = (source, docs_dir)
        if key not in self.edit_uris:
            self.edit_uris[key] = Path(os.path.relpath(source, docs_dir)).as_posix()
        return self.edit_uris[key]

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.material:
            site_theme.patch_environment(env, search=_has_search(config))
        if self.serving is not None:
            self.serving.restore_pages(files)
            env = self.serving.theme(env)
        return env

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        self.page = page.file.src_uri
        if self.publisher is None or page.file.src_uri not in self.languages:
            return None
        try:
            return self.publisher.markdown(page.file.src_uri)
        except PublishError as exc:
            raise PluginError(f"policypress: internal error, please report it: {exc}") from exc

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        source = page.file.src_uri
        nav_language = self._nav_language(source)
        if nav_language is not None and self.view_urls.get(nav_language):
            html = views.follow_views(html, page.url, self.view_urls[nav_language])
        language = self.languages.get(source) or (self.views.language_of.get(source) if self.views else None)
        untranslated = self.views is not None and source in self.views.untranslated
        if language is not None and not untranslated and segment.is_traditional(language):
            segment.teach_jieba(segment.traditional_words(html))  # before search segments the page
        if page.file.src_uri in self.languages:
            if page.title:
                page.meta["title"] = title_text(page.title)
            if self.clean_pages:
                html = clean_page(html)
        return site_theme.frame_tables(html, page.title or "") if self.material else html

    def _clean_pages(self, config: MkDocsConfig) -> bool:
        """Whether policy pages need the nh3 pass (render.pagehtml says when); asked once every
        plugin has configured the site, since one may add a Markdown extension."""
        if self.config.clean_pages == "always":
            return True
        untested = untested_extensions(config.markdown_extensions, config.mdx_configs)
        if untested:
            log.info(
                "policypress: cleaning every policy page's HTML, for Markdown extensions PolicyPress's "
                f"XSS tests do not build with: {', '.join(untested)}"
            )
        return bool(untested)

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        source = page.file.src_uri
        language = self.languages.get(source) or (self.views.language_of.get(source) if self.views else None)
        if language is not None and self.site_theme_language is not None:
            config.theme["language"] = self._theme_language(language, config)
        nav_language = self._nav_language(source)
        if nav_language is not None:
            context["nav"] = self.navs[nav_language]
        original = self.originals.get(source)
        if original is not None and original.canonical_url:
            page.canonical_url = original.canonical_url  # the English page is the one to index
        return context

    def _theme_language(self, language: str, config: MkDocsConfig) -> str:
        """mkdocs-material's language nearest to `language` (zh-CN → zh), else the site's own."""
        if language not in self.theme_languages:
            available = sorted(
                path.stem
                for folder in config.theme.dirs
                for path in (Path(folder) / "partials" / "languages").glob("*.html")
            )
            match = langcodes.closest_supported_match(language, available, max_distance=9)
            self.theme_languages[language] = match or str(self.site_theme_language)
        return self.theme_languages[language]

    @event_priority(100)  # first: the page MkDocs now renders, for a message if that fails
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> None:
        self.page = page.file.src_uri

    @event_priority(-100)  # last: the page as it will be written
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.page = None
        source = page.file.src_uri
        language = self.languages.get(source) or (self.views.language_of.get(source) if self.views else None)
        if language is not None:
            if self.site_theme_language is not None:
                config.theme["language"] = self.site_theme_language
            output = _HTML_LANG.sub(f'<html lang="{language}"', output, count=1)
        if self.views is not None and source in self.views.untranslated:  # the content is the original's
            output = _ARTICLE.sub(f'\\g<0> lang="{self.views.default}"', output, count=1)
        if source in self.running_heads:
            href = get_relative_url(self.running_heads[source], page.url)
            output = site_theme.with_stylesheet(output, href, "print")
        code = self.inline_code.add_page(page.file.abs_dest_path, output) if self.config.host_files else None
        if self.serving is not None:
            self.serving.page_built(page, config, code)
        if self.compressor is not None and output.strip():  # MkDocs writes no empty page
            # The bytes MkDocs writes (mkdocs.commands.build._build_page), compressed meanwhile.
            self.compressor.add(page.file.dest_uri, output.encode("utf-8", errors="xmlcharrefreplace"))
        return output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if template_name != "sitemap.xml" or self.publisher is None:
            return output_content
        publisher = self.publisher

        def sitemap() -> str:
            pages = [(page.path, page.alternates) for page in publisher.pages]
            return with_alternates(output_content, pages, publisher.paths, config.site_url)

        return self.serving.sitemap(sitemap) if self.serving is not None else sitemap()

    # Before the search plugin's: under `serve`, pages a build skipped go back into its index.
    @event_priority(50)
    def _restore_skipped(self, *, config: MkDocsConfig) -> None:
        if self.serving is not None:
            self.serving.restore_skipped(config, self.inline_code)

    @event_priority(0)
    def _write_json(self, *, config: MkDocsConfig) -> None:
        assert self.publisher is not None
        try:
            documents = self.publisher.json_files()
        except PublishError as exc:
            raise PluginError(f"policypress: internal error, please report it: {exc}") from exc
        finally:
            self._release()
        site = Path(config.site_dir)
        folder = SiteFolder(site)
        if self.serving is not None:
            documents = list(self.serving.json_to_write(config, documents))
        for document in documents:
            try:
                folder.write(document.path, document.content)
                for suffix, copy in document.copies.items():
                    folder.write(document.path + suffix, copy)
                    self.fresh_copies.add(document.path + suffix)
            except UnsafePathError as exc:
                raise PluginError(f"policypress: refusing to write {document.path}: {exc}") from exc
            except OSError as exc:  # e.g. a file copied from docs/ where a folder of the API goes
                raise PluginError(f"policypress: cannot write {document.path}: {exc}") from exc
        if self.config.host_files:
            known = self.serving.site_files(site) if self.serving is not None else None
            notes = write_host_files(
                site, self.config.url_prefix, self.config.api_prefix, self.inline_code, known
            )
            for note in notes:
                log.info(f"policypress: {note}")
        if self.serving is not None:
            self.serving.succeeded(self.publisher)

    @event_priority(-50)  # after the search plugin has written its index
    def _compact_search_index(self, *, config: MkDocsConfig) -> None:
        # Not under `mkdocs serve`: like the compressed copies, fewer bytes for a preview are not
        # worth reading and writing a big site's whole index again after every edit.
        if self.material and self.serving is None:
            site_theme.compact_search_index(Path(config.site_dir))

    @event_priority(-100)  # last: every file of the site is written
    def _prepare_delivery(self, *, config: MkDocsConfig) -> None:
        if self.compressor is None:  # `mkdocs serve`
            return
        fresh = self.fresh_copies | self.compressor.finish()
        self.compressor = None
        site = Path(config.site_dir)
        delivery = prepare_site(site, site_files(site), encoders(self._precompress()), fresh)
        copies = ", ".join(f"{count} {suffix}" for suffix, count in delivery.written.items())
        log.debug(
            f"policypress: {delivery.stamped} files stamped with their content's time, copies: {copies}"
        )

    @event_priority(-1000)  # after everything: the site is complete when it replaces the last one
    def _replace_site(self, *, config: MkDocsConfig) -> None:
        if self.stage is not None:
            stage, self.stage = self.stage, None
            stage.finish()
        self.written_in_part = False

    on_post_build = CombinedEvent(
        _restore_skipped, _write_json, _compact_search_index, _prepare_delivery, _replace_site
    )

    def _precompress(self) -> tuple[str, ...]:
        """The encodings of the compressed copies: none under `mkdocs serve` (a preview: nothing
        caches it, and the copies would cost every rebuild)."""
        return () if self.serving is not None else tuple(self.config.precompress)

    def on_build_error(self, *, error: Exception) -> None:
        compressor, self.compressor = self.compressor, None
        if compressor is not None:
            with contextlib.suppress(OSError):  # the build's own error is the one to report
                compressor.finish()
        self._release()
        self._discard_stage()
        if self.serving is not None:
            self.serving.failed()
        page, self.page = self.page, None
        self.written_in_part = self.dirty
        if isinstance(error, (BuildError, Abort)):
            return  # MkDocs says these in one line itself
        log.debug("policypress: the build stopped on this error", exc_info=error)
        source = self.sources.get(page) if page is not None else None
        where = f" while building the page of {_shown(source)}" if source is not None else ""
        where = where or (f" while building {page}" if page is not None else "")
        raise Abort(
            f"policypress: the build stopped{where}: {type(error).__name__}: {error}. Nothing was "
            "published: the site folder is as it was. If the policies validate, please report this "
            "(`mkdocs build --verbose` shows where it happened)."
        ) from error

    def _rebuild_failed(self) -> bool:
        """A rebuild under `mkdocs serve` stopped: the next one is a full build. Whether the site
        folder still holds the last good site (not after a dirty build stopped half-way)."""
        if self.serving is not None:
            self.serving.failed()
        return not self.written_in_part

    def _discard_stage(self) -> None:
        if self.stage is not None:
            stage, self.stage = self.stage, None
            stage.discard()

    def _release(self) -> None:
        """End a build's extras: the collector scans everything again, and the workers stop."""
        gc.unfreeze()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    @event_priority(-1000)  # last: a plugin may still hand MkDocs' own builder to server.watch
    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.builder = serve_builder(server.builder, self._rebuild_failed)
        watched = [
            self.config.policies_dir,
            self.config.locales_dir,
            str(schemas.schema_dir()),
            self.config.schema,
            self.config.templates_dir,
        ]
        for path in watched:
            if path:
                server.watch(path)
        return server


def serve_builder(builder: Callable[[], None], kept: Callable[[], bool]) -> Callable[[], None]:
    """The rebuild of `mkdocs serve`: whatever stops it is one message, and the last good site
    stays served.

    MkDocs' serve loop prints anything a rebuild raises but a SystemExit (its Abort, which every
    failed build of this plugin ends in: on_build_error) with a traceback: an mkdocs.yml that
    does not parse (MkDocs reads it again before each build), a fault outside the build proper.
    And after any failed rebuild it holds every request back until a build succeeds. So the
    failure is logged here, and the rebuild returns: the browsers reload the last good site,
    which the staging folder kept whole. `kept()`, called once a rebuild failed, says whether it
    did: a dirty build that stopped inside MkDocs' build may have written part of the site in
    place, and then MkDocs holds the pages back, as it always did (one line, no traceback).
    """

    def rebuild() -> None:
        try:
            builder()
        except Exception as error:
            reason = str(error) if isinstance(error, SystemExit) else _stop_reason(error)
            log.debug("policypress: the rebuild stopped on this error", exc_info=error)
            if not kept():
                if isinstance(error, SystemExit):
                    raise
                raise Abort(reason) from None
            log.error(reason)
            log.info("policypress: the preview shows the last good site until a build succeeds again")

    return rebuild


def _stop_reason(error: Exception) -> str:
    """Why a rebuild stopped, in a line; a YAML error located as FILE:LINE:COL (MkDocs gives its
    ConfigurationError the parser's error as its cause or context, placed by a `problem_mark`)."""
    cause = error.__cause__ or error.__context__
    mark = getattr(cause, "problem_mark", None)
    name, line, column = (getattr(mark, key, None) for key in ("name", "line", "column"))
    if isinstance(name, str) and isinstance(line, int) and isinstance(column, int):
        problem = getattr(cause, "problem", None) or "not valid YAML"
        return f"{_shown(Path(name))}:{line + 1}:{column + 1}: {Path(name).name} does not parse: {problem}"
    if isinstance(error, ConfigurationError):
        return " ".join(str(error).split())
    return (
        f"policypress: the rebuild stopped: {type(error).__name__}: {' '.join(str(error).split())} "
        "(`mkdocs serve --verbose` shows where it happened)"
    )


def _page(files: Files, source: str) -> Page | None:
    found = files.get_file_from_path(source)
    return found.page if found is not None else None


def _has_search(config: MkDocsConfig) -> bool:
    """Whether the site has a search plugin (mkdocs-material's is `material/search`)."""
    return any(name.split("/")[-1] == "search" for name in config.plugins)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _refuse_links_outside(folder: Path, option: str) -> None:
    """Refuse a site folder the plugin reads that links to files outside it (layout.links_outside)."""
    found = links_outside(folder)
    if found:
        listed = "; ".join(f"{link} -> {target}" for link, target in found)
        raise PluginError(
            f"policypress: {option}: a symbolic link to a place outside {folder}: {listed}; "
            "a site reads only files inside its folders: copy the files in instead"
        )


def _editions(documents: list[Document]) -> list[Edition]:
    return [Edition(doc.data, Path(doc.path).resolve()) for doc in documents]


def _refuse_files_in_folders(taken: dict[str, str]) -> None:
    """Refuse a file whose site path another file needs as a folder (`docs/api/v1` where
    `api/v1/index.json` goes), when either is generated: one of them could not be written,
    and the build would stop half-way through writing the site. `taken` is as in _claim."""
    folders: dict[str, str] = {}
    for path, holder in taken.items():
        parts = path.split("/")
        for end in range(1, len(parts)):
            folders.setdefault("/".join(parts[:end]), holder)
    for path, holder in sorted(taken.items()):
        inner = folders.get(path)
        if inner is not None and any(h.startswith("generated ") for h in (holder, inner)):
            raise PluginError(
                f"policypress: {holder} is written to {path}, which must be a folder for {inner}; "
                "rename or move the file in docs/, or change the plugin's url_prefix or api_prefix"
            )


def _claim(taken: dict[str, str], destination: str, source: str, option: str) -> None:
    """Refuse a generated file whose site path a docs file (or another generated file) already has,
    or that could leave the site folder (names.site_path).

    `taken` maps each site path to what writes it: `docs/<file>` or `generated <file>`.
    """
    if destination not in _SAFE_PATHS:
        try:
            site_path(destination)
        except UnsafePathError as exc:
            raise PluginError(f"policypress: refusing to generate {source}: {exc}") from exc
        _SAFE_PATHS.add(destination)
    holder = taken.get(destination)
    if holder is not None:
        raise PluginError(
            f"policypress: {holder} is written to {destination}, where PolicyPress generates {source}; "
            f"move or remove {holder.removeprefix('generated ')}, or change the plugin's {option}"
        )
    taken[destination] = f"generated {source}"
