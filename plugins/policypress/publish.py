"""What a site publishes for a set of validated policies: pages, JSON and feeds, in memory.

No MkDocs here: the plugin hands these to MkDocs; anything else could write them
to disk. Only `published` versions are public (and `draft` ones when a site
previews drafts); `withdrawn` versions keep their pages and manifests, for the
record, but are never in force. Authors' internal notes are dropped before anything is made.

Per policy and language (a timeline, see timeline.py): the edition shown at the
policy's own URL (the version in force, announcing any upcoming one), a history
page and an Atom feed; per version an immutable page and manifest, and a page of
what changed since the version before. Nothing on a version's page or in its
manifest depends on later versions, so adding a version changes neither.

The work per edition (render its pages, build its manifest) is independent of
every other edition, so a `Publisher` can hand it to a process pool and let
MkDocs ask for each page when it needs it, while the pool renders the next ones.
The catalog needs every digest and is assembled last.

URLs inside the JSON are references relative to the file that holds them, so a
site can move to another host or folder without changing a byte of its JSON.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from . import schemas
from .api import schemas as api_schemas
from .api.catalog import (
    CatalogEdition,
    CatalogVersion,
    build_catalog,
    catalog_entry,
    organization_order,
    version_intervals,
)
from .api.jsonfile import dumps, dumps_readable
from .api.manifest import API_VERSION, build_manifest
from .api.notice import build_notice
from .compliance.check import Status
from .compliance.coverage import Row, coverage, section_titles
from .compliance.lists import (
    COVERAGE,
    LISTS,
    PLANNED,
    extra_outputs,
    list_csv,
    lists_document,
    shared_recipients,
    shares_with_no_one,
)
from .delivery import copies_of, encoders
from .diff import PolicyDiff, diff_markdown, diff_policies
from .feeds import FeedEntry, build_feed
from .i18n import catalogs, cldr
from .internal import without_internal
from .render.environment import environment
from .render.escape import SafeMd, anchor, cell, link, site_link
from .render.filters import fill
from .render.history import HistoryEntry, render_changes, render_history
from .render.labels import date_words, labels_for, language_in
from .render.markdown import render_page, render_policy_pages, render_section_parts, tidy
from .render.records import running_head, titled
from .sitepaths import SitePaths, relative
from .timeline import State, Timeline, build_day, timelines, version_key

__all__ = [
    "Edition",
    "OutputFile",
    "Page",
    "PolicyPlan",
    "Publisher",
    "SiteOptions",
    "publish",
    "republish",
    "version_key",
]


class _Key(NamedTuple):
    """An edition by its key, where a SitePaths method wants a Located."""

    policy: str
    version: str
    language: str


class PublishError(RuntimeError):
    """PolicyPress produced JSON that its own published schema refuses: a bug, never the author's fault."""


@dataclass(frozen=True)
class SiteOptions:
    """Where things go on the site, which versions are public, and the day the site is built for."""

    url_prefix: str = "policies"
    api_prefix: str = "api/v1"
    default_language: str = "en"
    templates_dir: Path | None = None
    locales_dir: Path | None = None  # the site's own message catalogs (i18n/catalogs.py)
    drafts: bool = False
    directory_urls: bool = True
    today: dt.date | None = None  # None: SOURCE_DATE_EPOCH's day, else today (UTC)
    site_url: str | None = None  # makes the feeds' links absolute
    site_name: str = "PolicyPress"
    precompress: tuple[str, ...] = ()  # compressed copies of each manifest ("gzip", "br")

    @property
    def paths(self) -> SitePaths:
        return SitePaths(self.url_prefix, self.api_prefix, self.directory_urls)


@dataclass(frozen=True)
class Edition:
    """One validated policy file: one policy version in one language.

    `digest` identifies the file's content (its sha256, say): an edition whose job is the same
    as one an earlier publisher made keeps that output (see `republish`). Without it the output
    is always made afresh.
    """

    data: dict[str, Any]
    source: Path
    digest: str | None = field(default=None, compare=False)

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
    """A page to be generated: where, in which language, from which file (None: no source file).

    `feeds` are the Atom feeds the page links to, nearest first; `alternates` the same content
    in each language as (hreflang, page), itself and `x-default` included, for the sitemap.
    Only `listed` pages (the index) may go in a site's nav: a nav of every policy page makes
    builds quadratic.
    """

    path: str
    language: str
    source: Path | None
    feeds: tuple[str, ...] = ()
    alternates: tuple[tuple[str, str], ...] = ()
    listed: bool = False
    running_head: str = ""  # what every printed page of it repeats at its top (a version's pages)


@dataclass(frozen=True)
class OutputFile:
    """A file that is not a page (JSON, a feed), by its path on the site, with its compressed
    copies by suffix where they were made with it (delivery.copies_of)."""

    path: str
    content: bytes
    copies: Mapping[str, bytes] = field(default_factory=dict)


@dataclass
class Site:
    pages: list[Page] = field(default_factory=list)
    json: list[OutputFile] = field(default_factory=list)
    feeds: list[OutputFile] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)  # the files of `json` that pages link to


@dataclass(frozen=True)
class EditionJob:
    """Everything one edition's output depends on, so that a worker process can make it alone.

    Each nav holds the links among pages that the publisher made (see versions.md.j2).
    """

    edition: Edition
    previous: Edition | None  # the public version before, in the same language
    version_nav: Mapping[str, Any]
    shown_nav: Mapping[str, Any] | None  # set when the edition is shown at the policy's own URL
    changes_nav: Mapping[str, Any] | None  # set when there is a version before


@dataclass
class PolicyPlan:
    """One policy's share of the site, planned from its editions alone: nothing in it depends on
    another policy, so a site being served keeps it while other policies change (`republish`).

    `jobs` holds each edition's job fingerprint (None: not comparable): an edition whose job is
    unchanged keeps its output.
    """

    policy: str
    timelines: dict[tuple[str, str], Timeline[Edition]] = field(default_factory=dict)
    pages: list[PageSpec] = field(default_factory=list)
    owners: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    generated: dict[str, str] = field(default_factory=dict)
    feeds: list[OutputFile] = field(default_factory=list)
    feed_entries: list[FeedEntry] = field(default_factory=list)
    jobs: dict[tuple[str, str, str], str | None] = field(default_factory=dict)
    # The policy's catalog entry and versions file, once made: a kept plan's outputs, options and
    # build day are those they were made from (see `republish`), so they hold while it is kept.
    catalog_entry: dict[str, Any] | None = None
    versions_file: OutputFile | None = None
    files: list[str] = field(default_factory=list)  # the editions' other files (lists' JSON, CSV)


@dataclass(frozen=True)
class EditionOutput:
    """What one edition contributes: its pages (by path), its manifest, the manifest's compressed
    copies (made here, on a worker for a big site, where a core has time) and its digest."""

    pages: dict[str, str]
    manifest: bytes
    digest: str
    copies: dict[str, bytes] = field(default_factory=dict)
    notice: bytes = b""  # the short notice (api/notice.py)
    notice_copies: dict[str, bytes] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # its other files by path (lists' JSON, CSV)


def publish(editions: Iterable[Edition], options: SiteOptions | None = None) -> Site:
    """Every page, JSON file and feed for `editions` (which must have passed validation), here."""
    publisher = Publisher(editions, options or SiteOptions())
    pages = [Page(s.path, publisher.markdown(s.path), s.language, s.source) for s in publisher.pages]
    return Site(pages, publisher.json_files(), publisher.feeds, publisher.linked_files())


def republish(
    earlier: Publisher, changed: Mapping[str, Sequence[Edition]], executor: Executor | None = None
) -> Publisher:
    """The site `earlier` published, after the policies in `changed` changed (each maps to all
    its editions now; none: it is gone). The same site as a Publisher of every edition would plan,
    for a fraction of the work: every other policy keeps its plan and outputs, and of a changed
    policy only the editions whose job changed are made again (their fingerprint says so: their
    file, the file of the version before, or the links among the policy's pages changed).

    `earlier` must have been made with the same options, templates, schemas and message
    catalogs, on the same build day: what each job is made with besides its own inputs.
    """
    publisher = Publisher([], earlier.options, executor, more_to_come=True, earlier=earlier)
    for policy in sorted(earlier.plans.keys() | changed.keys()):
        if policy in changed:
            publisher.add(changed[policy])
        else:
            publisher.keep(earlier, policy)
    publisher.finish()
    return publisher


class Publisher:
    """Plans the site, produces each edition's output on `executor` (None: here and now).

    Given every edition at once, it is ready when made. With `more_to_come`, `add` takes the
    editions of some policies at a time (each policy's all at once: its pages link each
    other) and `finish` plans what spans policies (the indexes, the site's feed), so that a
    big site is planned while the rest of it is still being validated. `keep` takes a policy's
    plan and outputs from an `earlier` publisher of the same site instead (see `republish`).
    """

    def __init__(
        self,
        editions: Iterable[Edition],
        options: SiteOptions,
        executor: Executor | None = None,
        *,
        more_to_come: bool = False,
        earlier: Publisher | None = None,
    ) -> None:
        self.options = options
        self.paths = options.paths
        catalogs.use_site_locales(options.locales_dir)
        self.day = build_day(options.today)
        self._executor = executor
        self._in_force = frozenset({"published", "draft"} if options.drafts else {"published"})
        self.timelines: dict[tuple[str, str], Timeline[Edition]] = {}
        self.pages: list[PageSpec] = []
        self.feeds: list[OutputFile] = []
        self._feed_entries: list[FeedEntry] = []
        self._page_owner: dict[str, tuple[str, str, str]] = {}
        self._generated: dict[str, str] = {}
        self._files: list[str] = []
        # Each version in every language it exists in, for language switchers and hreflang.
        self._languages: dict[tuple[str, str], dict[str, Edition]] = defaultdict(dict)
        # Each policy's languages, in timeline order: its history pages link each other.
        self._timeline_languages: dict[str, list[str]] = defaultdict(list)
        self._outputs: dict[tuple[str, str, str], Future[EditionOutput]] = {}
        self.plans: dict[str, PolicyPlan] = {}
        self._earlier = earlier
        self.rendered = 0  # editions whose output this publisher made (the others it kept)
        # What the site-wide pages were made from, for a later publisher (see `republish`).
        self._indexes: dict[str, tuple[Any, str]] = {}
        self._site_feed_made: tuple[list[FeedEntry], OutputFile] | None = None
        self.add(editions)
        if not more_to_come:
            self.finish()

    def add(self, editions: Iterable[Edition]) -> None:
        """Plan the pages of some policies, every edition of each, and start making their output."""
        recorded = [e for e in editions if e.status in self._in_force | {"withdrawn"}]
        added = timelines(recorded, self.day, self._in_force)
        again = sorted({policy for policy, _ in added} & set(self.plans))
        if again:
            raise ValueError(f"Publisher.add: every edition of a policy comes at once ({', '.join(again)})")
        self.timelines.update(added)
        plans: dict[str, PolicyPlan] = {}
        for (policy, language), timeline in added.items():
            plans.setdefault(policy, PolicyPlan(policy)).timelines[(policy, language)] = timeline
            for edition in timeline.editions:
                self._languages[(edition.policy, edition.version)][edition.language] = edition
            self._timeline_languages[policy].append(language)
        jobs = [
            (plan, job)
            for plan in plans.values()
            for timeline in plan.timelines.values()
            for job in self._plan(timeline, plan)
        ]
        self._languages.clear()  # it holds the full data, which the jobs now own
        # Editions shown at a policy's own URL first: MkDocs reads those pages first.
        jobs.sort(key=lambda planned: planned[1].shown_nav is None)
        for plan, job in jobs:
            key, fingerprint = job.edition.key, _fingerprint(job, self.options)
            plan.jobs[key] = fingerprint
            kept = self._earlier._kept_output(key, fingerprint) if self._earlier is not None else None
            if kept is not None:
                self._outputs[key] = kept
                continue
            args = (
                job,
                self.paths,
                self.options.templates_dir,
                self.options.precompress,
                self.options.locales_dir,
            )
            self._outputs[key] = (
                self._executor.submit(edition_output, *args)
                if self._executor
                else _done(edition_output, *args)
            )
            self.rendered += 1
        # The rest needs only a few fields; the jobs hold the full data until they have run.
        for timeline in added.values():
            timeline.slim(lambda e: Edition(catalog_fields(e.data), e.source, e.digest))
        for plan in plans.values():
            for (policy, language), timeline in plan.timelines.items():
                plan.generated[self.paths.history(policy, language)] = self._history_page(timeline)
                plan.feeds.append(self._feed(timeline, plan))
            self._take(plan)

    def keep(self, earlier: Publisher, policy: str) -> None:
        """Take `policy`'s plan and outputs from `earlier`, a publisher of the same site with the
        same options: the policy's files have not changed since."""
        if policy in self.plans:
            raise ValueError(f"Publisher.keep: {policy} is planned already")
        plan = earlier.plans[policy]
        self.timelines.update(plan.timelines)
        self._timeline_languages[policy].extend(language for _, language in plan.timelines)
        for key in plan.jobs:
            self._outputs[key] = earlier._outputs[key]
        self._take(plan)

    def _take(self, plan: PolicyPlan) -> None:
        """Make `plan` part of the site."""
        self.plans[plan.policy] = plan
        self.pages.extend(plan.pages)
        self._page_owner.update(plan.owners)
        self._generated.update(plan.generated)
        self._files.extend(plan.files)
        self.feeds.extend(plan.feeds)
        self._feed_entries.extend(plan.feed_entries)

    def _kept_output(
        self, key: tuple[str, str, str], fingerprint: str | None
    ) -> Future[EditionOutput] | None:
        """This publisher's output of edition `key`, if it was made from the job `fingerprint` names
        and has been made without error."""
        plan = self.plans.get(key[0])
        if fingerprint is None or plan is None or plan.jobs.get(key) != fingerprint:
            return None
        future = self._outputs[key]
        return future if future.done() and future.exception() is None else None

    def finish(self) -> None:
        """Plan what spans policies: the indexes and the site's feed."""
        self.timelines = dict(sorted(self.timelines.items()))
        self._plan_indexes()
        self.feeds.append(self._site_feed())
        self._earlier = None  # its outputs are taken: a site served for hours must not keep every build

    # ------------------------------------------------------------------ planning

    def _shown(self) -> list[Edition]:
        return [t.shown for t in self.timelines.values() if t.shown is not None]

    def _plan(self, timeline: Timeline[Edition], plan: PolicyPlan) -> Iterator[EditionJob]:
        """The pages of one policy in one language (into `plan`), and the job of each of its editions."""
        paths, first = self.paths, timeline.editions[0]
        policy, language = first.policy, first.language
        feeds = (paths.feed(policy, language), paths.site_feed)
        if timeline.shown is not None:
            self._add_page(
                plan, paths.page(timeline.shown), timeline.shown, feeds, self._alternates(timeline.shown)
            )
        histories = tuple((other, paths.history(policy, other)) for other in self._timeline_languages[policy])
        history_alternates = (*histories, *_default(histories, first.data.get("controlling_language")))
        history = PageSpec(paths.history(policy, language), language, None, feeds, history_alternates)
        plan.pages.append(history)
        for edition in timeline.editions:
            previous = timeline.previous(edition)
            self._add_page(
                plan, paths.version_page(edition), edition, feeds, self._alternates(edition, permanent=True)
            )
            if previous is not None:
                self._add_page(plan, paths.changes_page(edition), edition, feeds)
            kinds = extra_outputs(edition.data)
            for kind in kinds:
                self._add_page(plan, paths.extra_page(edition, kind), edition, feeds)
            lists = [kind for kind in kinds if kind in LISTS]
            plan.files.extend(paths.list_csv(edition, kind) for kind in lists)
            if lists:
                plan.files.append(paths.lists_json(edition))
            yield EditionJob(
                edition,
                previous,
                self._version_nav(timeline, edition, previous),
                self._shown_nav(timeline, edition, previous) if edition is timeline.shown else None,
                self._changes_nav(edition, previous) if previous is not None else None,
            )

    @staticmethod
    def _add_page(
        plan: PolicyPlan,
        path: str,
        edition: Edition,
        feeds: tuple[str, ...],
        alternates: tuple[tuple[str, str], ...] = (),
    ) -> None:
        head = running_head(edition.data, labels_for(edition.language))
        plan.pages.append(
            PageSpec(path, edition.language, edition.source, feeds, alternates, running_head=head)
        )
        plan.owners[path] = edition.key

    def _in_languages(self, edition: Edition, *, permanent: bool) -> list[tuple[str, str]]:
        """(language, page) of this version in each language it exists in, itself included.

        From a version's permanent page, the others' permanent pages; from the policy's own
        page, the others' own pages where they show this version too.
        """
        found = []
        for language, other in sorted(self._languages[(edition.policy, edition.version)].items()):
            line = self.timelines[(edition.policy, language)]
            shown = not permanent and other is line.shown
            found.append((language, self.paths.page(other) if shown else self.paths.version_page(other)))
        return found

    def _alternates(self, edition: Edition, *, permanent: bool = False) -> tuple[tuple[str, str], ...]:
        """hreflang alternates of a policy page: every language, and x-default the controlling one."""
        pages = tuple(self._in_languages(edition, permanent=permanent))
        if len(pages) < 2:
            return ()
        return (*pages, *_default(pages, edition.data.get("controlling_language")))

    def _language_nav(self, edition: Edition, here: str, *, permanent: bool) -> dict[str, Any]:
        """The language switcher and, in a translation, the notice that the controlling text prevails."""
        t = labels_for(edition.language)
        pages = dict(self._in_languages(edition, permanent=permanent))
        switcher = [
            site_link(
                cell(language_name(language)),
                relative(here, page),
                hreflang=language,
                lang=language,
            )
            for language, page in pages.items()
            if language != edition.language
        ]
        nav: dict[str, Any] = {"languages": switcher} if switcher else {}
        controlling = edition.data.get("controlling_language")
        if controlling and controlling != edition.language:
            name = cell(language_in(controlling, edition.language))
            nav["translation"] = {
                "notice": fill(t.v_translation, language=name),
                "link": site_link(
                    fill(t.v_read_controlling, language=name), relative(here, pages[controlling])
                )
                if controlling in pages
                else None,
            }
        return nav

    def _links(self, start: str, edition: Edition, *targets: tuple[str, str | None]) -> list[SafeMd]:
        """Links from the page `start` to each (label key, page) whose page is not None."""
        t = labels_for(edition.language)
        return [site_link(getattr(t, key), relative(start, target)) for key, target in targets if target]

    def _version_nav(
        self, timeline: Timeline[Edition], edition: Edition, previous: Edition | None
    ) -> dict[str, Any]:
        """The immutable page's links: none of them depends on a later version."""
        paths, t = self.paths, labels_for(edition.language)
        here = paths.version_page(edition)
        return {
            **self._language_nav(edition, here, permanent=True),
            "note": fill(t.v_this, version=edition.version),
            "links": self._links(
                here,
                edition,
                ("v_current", paths.page(edition) if timeline.shown is not None else None),
                ("v_history", paths.history(edition.policy, edition.language)),
                ("v_changes", paths.changes_page(edition) if previous is not None else None),
                *self._list_links(edition),
                ("v_feed", paths.feed(edition.policy, edition.language)),
            ),
        }

    def _list_links(self, edition: Edition) -> list[tuple[str, str | None]]:
        """The links to a version's other pages (China's two lists, what it covers), where it has them."""
        return [(f"v_{kind}", self.paths.extra_page(edition, kind)) for kind in extra_outputs(edition.data)]

    def _shown_nav(
        self, timeline: Timeline[Edition], edition: Edition, previous: Edition | None
    ) -> dict[str, Any]:
        """The policy's own page: announces upcoming versions and links to the permanent copy."""
        paths, t = self.paths, labels_for(edition.language)
        here = paths.page(edition)
        later = [e for e in timeline.upcoming if version_key(e.version) > version_key(edition.version)]
        return {
            **self._language_nav(edition, here, permanent=False),
            "upcoming": [
                {
                    "notice": fill(
                        t.v_upcoming,
                        version=e.version,
                        date=date_words(t, e.data["effective"]) if e.data.get("effective") else t.not_stated,
                    ),
                    "link": site_link(t.v_read, relative(here, paths.version_page(e))),
                }
                for e in later
            ],
            "links": self._links(
                here,
                edition,
                ("v_permanent", paths.version_page(edition)),
                ("v_history", paths.history(edition.policy, edition.language)),
                ("v_changes", paths.changes_page(edition) if previous is not None else None),
                *self._list_links(edition),
                ("v_feed", paths.feed(edition.policy, edition.language)),
            ),
        }

    def _changes_nav(self, edition: Edition, previous: Edition) -> dict[str, Any]:
        paths = self.paths
        here = paths.changes_page(edition)
        t = labels_for(edition.language)
        versions = [
            site_link(fill(t.v_version_link, version=e.version), relative(here, paths.version_page(e)))
            for e in (edition, previous)
        ]
        history = self._links(here, edition, ("v_history", paths.history(edition.policy, edition.language)))
        return {"links": versions + history}

    def _plan_indexes(self) -> None:
        """The policies index, and one per language when the site has several."""
        paths, options = self.paths, self.options
        shown = self._shown()
        languages = sorted({e.language for e in shown})
        per_language = [(language, paths.language_index(language)) for language in languages]
        if languages in ([], [options.default_language]):  # one language, the site's own: one index
            per_language = []
        self._generated[paths.index] = self._index_page(shown, paths.index, per_language)
        self.pages.append(
            PageSpec(paths.index, options.default_language, None, (paths.site_feed,), listed=True)
        )
        for language, path in per_language:
            listed = [e for e in shown if e.language == language]
            self._generated[path] = self._index_page(listed, path, per_language, language)
            self.pages.append(PageSpec(path, language, None, (paths.site_feed,), tuple(per_language)))

    def _index_page(
        self,
        shown: list[Edition],
        here: str,
        per_language: list[tuple[str, str]],
        language: str | None = None,
    ) -> str:
        """_index_page's Markdown, or the earlier publisher's where it was made from the same
        editions (the same objects, for the policies it kept: the comparison is quick)."""
        made = (shown, per_language, language)
        earlier = self._earlier._indexes.get(here) if self._earlier is not None else None
        if earlier is not None and earlier[0] == made:
            markdown = earlier[1]
        else:
            markdown = _index_page(shown, self.paths, self.options, here, per_language, language)
        self._indexes[here] = (made, markdown)
        return markdown

    def _history_page(self, timeline: Timeline[Edition]) -> str:
        paths, first = self.paths, timeline.editions[0]
        here = paths.history(first.policy, first.language)
        entries = [
            HistoryEntry(
                e.data,
                timeline.state(e).value,
                self._links(
                    here,
                    e,
                    ("v_read_version", paths.version_page(e)),
                    ("v_changes", paths.changes_page(e) if timeline.previous(e) is not None else None),
                ),
            )
            for e in reversed(timeline.editions)
        ]
        lead = timeline.shown or timeline.editions[-1]
        links = self._links(
            here,
            lead,
            ("v_current", paths.page(lead) if timeline.shown is not None else None),
            ("v_feed", paths.feed(first.policy, first.language)),
        )
        title = titled(lead.data, labels_for(first.language))
        return render_history(title, first.language, entries, links, templates_dir=self.options.templates_dir)

    # ------------------------------------------------------------------ outputs

    def markdown(self, path: str) -> str:
        """The Markdown of the generated page at `path` (waits for it if it is being rendered)."""
        if path in self._generated:
            return self._generated[path]
        return self._outputs[self._page_owner[path]].result().pages[path]

    def json_paths(self) -> list[str]:
        """Where the JSON files will be, known before any is made."""
        paths = self.paths
        manifests = [paths.manifest_of(*key) for key in sorted(self._outputs)]
        notices = [paths.notice(_Key(*key)) for key in sorted(self._outputs)]
        latest = [paths.latest_manifest(*key) for key, t in self.timelines.items() if t.shown is not None]
        policies = sorted({policy for policy, _ in self.timelines})
        return [
            *manifests,
            *notices,
            *latest,
            *(paths.versions(policy) for policy in policies),
            *self._files,
            paths.catalog,
            *(paths.schema(name) for name in api_schemas.PUBLISHED),
        ]

    def linked_files(self) -> list[str]:
        """The files of json_paths that pages link to (the lists' CSV and JSON)."""
        return list(self._files)

    def json_files(self) -> list[OutputFile]:
        """Every manifest, the `latest` copies, the catalog and the published schemas (waits for all)."""
        paths = self.paths
        outputs = {key: future.result() for key, future in self._outputs.items()}
        files = [
            OutputFile(paths.manifest_of(*k), out.manifest, out.copies) for k, out in sorted(outputs.items())
        ]
        shown = {key: outputs[t.shown.key] for key, t in self.timelines.items() if t.shown is not None}
        files.extend(
            OutputFile(paths.latest_manifest(*k), out.manifest, out.copies) for k, out in shown.items()
        )
        files.extend(
            OutputFile(paths.notice(_Key(*k)), out.notice, out.notice_copies)
            for k, out in sorted(outputs.items())
        )
        files.extend(
            OutputFile(path, content)
            for _, out in sorted(outputs.items())
            for path, content in out.files.items()
        )
        by_policy: dict[str, list[Timeline[Edition]]] = defaultdict(list)
        for (policy, _language), timeline in self.timelines.items():
            by_policy[policy].append(timeline)
        listed = {
            policy: lines for policy, lines in by_policy.items() if any(t.shown is not None for t in lines)
        }
        entries = []
        for policy, lines in listed.items():
            plan = self.plans[policy]
            if plan.catalog_entry is None or plan.versions_file is None:
                plan.catalog_entry = self._catalog_entry(lines, outputs, paths.catalog)
                here = paths.versions(policy)
                document = {
                    "$schema": relative(here, paths.schema(api_schemas.VERSIONS)),
                    "api_version": API_VERSION,
                    "build_date": self.day.isoformat(),
                    "policy": policy,
                    "versions": self._catalog_entry(lines, outputs, here)["versions"],
                }
                plan.versions_file = _json(here, document, api_schemas.VERSIONS)
            entries.append(plan.catalog_entry)
            files.append(plan.versions_file)
        schema_url = paths.from_catalog(paths.schema(api_schemas.CATALOG))
        catalog = build_catalog(entries, schema_url=schema_url, build_date=self.day)
        files.append(_json(paths.catalog, catalog, api_schemas.CATALOG))
        published = api_schemas.published_schemas(paths.schema, self.options.site_url)
        files.extend(OutputFile(paths.schema(name), dumps_readable(body)) for name, body in published.items())
        return files

    def _catalog_entry(
        self,
        lines: Sequence[Timeline[Edition]],
        outputs: Mapping[tuple[str, str, str], EditionOutput],
        base: str,
    ) -> dict[str, Any]:
        """One policy's catalog entry: its shown edition per language and every version, with
        URLs relative to the site file `base` (the catalog, or the policy's versions file)."""
        paths = self.paths

        def link(target: str) -> str:
            return paths.reference(base, target)

        def listed(timeline: Timeline[Edition], edition: Edition, page: str) -> CatalogEdition:
            shown = edition is timeline.shown
            latest = paths.latest_manifest(edition.policy, edition.language)
            return CatalogEdition(
                edition.data,
                timeline.state(edition).value,
                outputs[edition.key].digest,
                link(paths.manifest(edition)),
                link(page),
                link(paths.history(edition.policy, edition.language)),
                link(latest) if shown else None,
                link(paths.changes_page(edition)) if timeline.previous(edition) else None,
                link(paths.notice(edition)),
            )

        shown = [listed(t, t.shown, paths.page(t.shown)) for t in lines if t.shown is not None]
        in_force = [t.current.version for t in lines if t.current is not None]
        current = max(in_force, key=version_key) if in_force else None
        by_version: dict[str, list[CatalogEdition]] = defaultdict(list)
        states: dict[str, State] = {}
        for timeline in lines:  # sorted by language already
            for edition in timeline.editions:
                by_version[edition.version].append(listed(timeline, edition, paths.version_page(edition)))
                states.setdefault(edition.version, _version_state(timeline.state(edition), edition, current))
        until = version_intervals(
            [(v, states[v].value, editions[0].data.get("effective")) for v, editions in by_version.items()]
        )
        versions = [
            CatalogVersion(version, states[version].value, by_version[version], until[version])
            for version in sorted(by_version, key=version_key)
        ]
        return catalog_entry(shown, versions, current, self.options.default_language)

    def _feed(self, timeline: Timeline[Edition], plan: PolicyPlan) -> OutputFile:
        """A policy's feed in one language: one entry per public version (kept in `plan` for the
        site's feed too, which finish makes)."""
        paths, first = self.paths, timeline.editions[0]
        policy, language = first.policy, first.language
        feed_path = paths.feed(policy, language)
        entries = [self._feed_entry(timeline, e) for e in timeline.editions if e.status != "withdrawn"]
        plan.feed_entries.extend(entries)
        lead = timeline.shown or timeline.editions[-1]
        t = labels_for(language)
        title = f"{titled(lead.data, t)}{t.dash}{t.v_feed_title}"
        history = paths.url(paths.history(policy, language))
        return OutputFile(
            feed_path,
            build_feed(feed_path, title, language, history, entries, self.options.site_url, self.day),
        )

    def _site_feed(self) -> OutputFile:
        """The site's feed: every policy's entries, in the order of the policies' feeds (the
        earlier publisher's feed, if made of the same entries)."""
        paths, options = self.paths, self.options
        entries = list(self._feed_entries)
        earlier = self._earlier._site_feed_made if self._earlier is not None else None
        if earlier is not None and earlier[0] == entries:
            self._site_feed_made = earlier
            return earlier[1]
        title = f"{options.site_name}: {labels_for(options.default_language).v_feed_title}"
        feed = OutputFile(
            paths.site_feed,
            build_feed(
                paths.site_feed,
                title,
                options.default_language,
                paths.url(paths.index),
                entries,
                options.site_url,
                self.day,
            ),
        )
        self._site_feed_made = (entries, feed)
        return feed

    def _feed_entry(self, timeline: Timeline[Edition], edition: Edition) -> FeedEntry:
        paths = self.paths
        previous = timeline.previous(edition)
        target = paths.changes_page(edition) if previous is not None else paths.version_page(edition)
        return FeedEntry(edition.data, paths.url(target))


def _version_state(state: State, edition: Edition, current: str | None) -> State:
    """A version's state across languages: in force is the highest version in force in any language."""
    if state not in (State.CURRENT, State.SUPERSEDED):
        return state
    return State.CURRENT if edition.version == current else State.SUPERSEDED


# A version's own page repeats the policy's page (or an older text): search finds the one in force.
_NOT_SEARCHED = "---\nsearch:\n  exclude: true\n---\n\n"


def _added_parts(diff: PolicyDiff, edition: Edition, templates_dir: Path | None) -> dict[str, str]:
    """What each section the new version adds shows of its structured parts, as its page shows it."""
    return {
        section.id: render_section_parts(edition.data, section.id, templates_dir=templates_dir)
        for section in diff.sections
        if section.op == "added"
    }


def edition_output(
    job: EditionJob,
    paths: SitePaths,
    templates_dir: Path | None,
    precompress: tuple[str, ...] = (),
    locales_dir: Path | None = None,
) -> EditionOutput:
    """Render one edition's pages and build its manifest: independent of every other edition.

    Authors' internal notes are dropped here, where the full data is (on a worker, for a big
    site); the rest of the site is made from catalog_fields, which hold none (internal.py).
    """
    catalogs.use_site_locales(locales_dir)  # on a worker, the site's catalogs as in MkDocs' process
    edition = Edition(without_internal(job.edition.data), job.edition.source)
    previous = Edition(without_internal(job.previous.data), job.previous.source) if job.previous else None
    navs = [job.version_nav] + ([job.shown_nav] if job.shown_nav is not None else [])
    rendered = render_policy_pages(edition.data, navs, templates_dir=templates_dir)
    pages = {paths.version_page(edition): _NOT_SEARCHED + rendered[0]}
    if job.shown_nav is not None:
        pages[paths.page(edition)] = rendered[1]
    if previous is not None and job.changes_nav is not None:
        changes = diff_policies(previous.data, edition.data)
        pages[paths.changes_page(edition)] = render_changes(
            previous.data,
            edition.data,
            links=job.changes_nav["links"],
            templates_dir=templates_dir,
            blocks=diff_markdown(
                changes, edition.language, _added_parts(changes, edition, templates_dir), side_by_side=True
            ),
        )
    here = paths.manifest(edition)
    links = {
        "catalog": relative(here, paths.catalog),
        "page": relative(here, paths.url(paths.version_page(edition))),
        "history": relative(here, paths.url(paths.history(edition.policy, edition.language))),
    }
    if previous is not None:
        links["previous"] = relative(here, paths.manifest(previous))
    manifest = build_manifest(
        edition.data, schema_url=relative(here, paths.schema(api_schemas.MANIFEST)), links=links
    )
    content = _json(here, manifest, api_schemas.MANIFEST).content
    compressors = encoders(precompress)
    notice_path = paths.notice(edition)
    notice = build_notice(
        edition.data,
        schema_url=relative(notice_path, paths.schema(api_schemas.NOTICE)),
        digest=manifest["digest"],
        manifest=relative(notice_path, here),
        page=relative(notice_path, paths.url(paths.version_page(edition))),
    )
    notice_content = _json(notice_path, notice, api_schemas.NOTICE).content
    files = _lists(edition, paths, templates_dir, pages)
    if COVERAGE in extra_outputs(edition.data):
        page = paths.extra_page(edition, COVERAGE)
        pages[page] = _coverage_page(edition, page, paths.version_page(edition), templates_dir)
    return EditionOutput(
        pages,
        content,
        manifest["digest"],
        copies_of(here, content, compressors),
        notice_content,
        copies_of(notice_path, notice_content, compressors),
        files,
    )


def _coverage_page(edition: Edition, here: str, version_page: str, templates_dir: Path | None) -> str:
    """The page of what a version covers of the packs it declares, each requirement linked to the
    sections of the version's page that state it."""
    t = labels_for(edition.language)
    to_page = relative(here, version_page)
    titles = section_titles(edition.data.get("sections") or [])

    def where(row: Row) -> SafeMd:
        if row.status in (Status.MET, Status.NOT_APPLICABLE):
            links = [
                site_link(
                    cell(titles.get(section) or t.cv_untitled) if section else t.cv_more,
                    f"{to_page}#{anchor(f'section-{section}' if section else f'more-{part}')}",
                )
                for section, part in row.sections
            ]
            label = t.cv_stated if row.status is Status.MET else t.cv_not_applicable
            return SafeMd(f"{label}{t.colon}{t.list_sep.join(links)}")
        words: dict[Status, SafeMd] = {
            Status.NOT_REQUIRED: t.cv_not_required,
            Status.MISSING: SafeMd(f"**{t.cv_missing}**"),
            Status.UNCHECKED: t.cv_unchecked,
        }
        return words[row.status]

    blocks = [
        {
            "heading": cell(block.title),
            "anchor": f"pack-{block.name}",
            "source": link(block.source_url, block.source_title),
            "rows": [
                {
                    "code": SafeMd(f"{cell(row.code)}<br>{cell(row.citation)}"),
                    "statement": cell(row.statement),
                    "where": where(row),
                }
                for row in block.rows
            ],
        }
        for block in coverage(edition.data)
    ]
    return render_page(
        edition.data,
        "coverage.md.j2",
        templates_dir=templates_dir,
        title=SafeMd(f"{t.v_coverage}{t.colon}{cell(edition.data['title'])}"),
        links=[site_link(fill(t.v_version_link, version=edition.version), to_page)],
        blocks=blocks,
    )


def _lists(
    edition: Edition, paths: SitePaths, templates_dir: Path | None, pages: dict[str, str]
) -> dict[str, bytes]:
    """China's two lists of an edition: a page each (into `pages`), a CSV each and their JSON."""
    kinds = [kind for kind in extra_outputs(edition.data) if kind in LISTS]
    if not kinds:
        return {}
    t = labels_for(edition.language)
    here = paths.lists_json(edition)
    files: dict[str, bytes] = {}
    links: dict[str, dict[str, str]] = {}
    for kind in kinds:
        page, csv_path = paths.extra_page(edition, kind), paths.list_csv(edition, kind)
        files[csv_path] = list_csv(edition.data, kind)
        links[kind] = {
            "page": relative(here, paths.url(page)),
            "csv": relative(here, csv_path),
        }
        nav = [
            site_link(
                fill(t.v_version_link, version=edition.version), relative(page, paths.version_page(edition))
            ),
            site_link(t.l_csv, relative(page, csv_path)),
            site_link(t.l_json, relative(page, here)),
        ]
        pages[page] = render_page(
            edition.data,
            "lists.md.j2",
            templates_dir=templates_dir,
            kind=kind,
            title=SafeMd(f"{getattr(t, f'v_{kind}')}{t.colon}{cell(edition.data['title'])}"),
            links=nav,
            recipients=shared_recipients(edition.data),
            no_one=shares_with_no_one(edition.data),
        )
    document = {
        "$schema": relative(here, paths.schema(api_schemas.LISTS)),
        "api_version": API_VERSION,
        "policy": edition.policy,
        "version": edition.version,
        "language": edition.language,
        "title": edition.data["title"],
        "manifest": relative(here, paths.manifest(edition)),
        "page": relative(here, paths.url(paths.version_page(edition))),
        **lists_document(edition.data, links),
    }
    files[here] = _json(here, document, api_schemas.LISTS).content
    return files


CATALOG_FIELDS = (
    "policy",
    "version",
    "language",
    "status",
    "title",
    "published",
    "effective",
    "controlling_language",
    "supersedes",
    "changes",
)


def catalog_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """The few fields the catalog, the index, histories and feeds need of a policy file (no notes)."""
    slim = {key: data[key] for key in CATALOG_FIELDS if key in data}
    slim["controller"] = {"id": data["controller"]["id"], "name": data["controller"]["name"]}
    archived = (data.get("source") or {}).get("archived_on")
    if archived:
        slim["source"] = {"archived_on": archived}
    slim[PLANNED] = list(extra_outputs(data))
    return slim


# The fields catalog_fields gives: all MkDocs' process plans the site with, and all it gets of a
# policy a worker loaded (parallel.Workers.load); the worker keeps the rest.
PLANNING_FIELDS = (*CATALOG_FIELDS, "controller", "source", PLANNED)


def _fingerprint(job: EditionJob, options: SiteOptions) -> str | None:
    """Everything `edition_output` makes an edition's output from, as one digest (files by their
    digest); None when a file's digest is unknown."""
    edition, previous = job.edition, job.previous
    if edition.digest is None or (previous is not None and previous.digest is None):
        return None
    files = [(str(e.source), e.digest) for e in (edition, previous) if e is not None]
    inputs = (files, job.version_nav, job.shown_nav, job.changes_nav, options)
    return hashlib.sha256(repr(inputs).encode("utf-8", "surrogatepass")).hexdigest()


def _done(function: Any, *args: Any) -> Future[Any]:
    future: Future[Any] = Future()
    try:
        future.set_result(function(*args))
    except BaseException as exc:  # kept for .result(), exactly as a pool would
        future.set_exception(exc)
    return future


def _json(path: str, document: dict[str, Any], schema: str) -> OutputFile:
    problems = api_schemas.problems(schema, document)
    if problems:
        raise PublishError(f"{path} does not satisfy {schema}: " + "; ".join(problems[:5]))
    return OutputFile(path, dumps(document))


def _index_page(
    shown: Sequence[Edition],
    paths: SitePaths,
    options: SiteOptions,
    here: str,
    per_language: Sequence[tuple[str, str]],
    language: str | None = None,
) -> str:
    """A policies index: editions grouped by organization, in the catalog's order.

    Without `language`, every language in the site's default language; with it, that
    language's editions in its own words. `per_language` are the indexes by language.
    """
    reader = language or options.default_language
    t = labels_for(reader)
    names = _organization_names(shown, reader)
    groups: dict[str, dict[str, Any]] = {}
    order = sorted(
        shown, key=lambda e: (organization_order(names[e.data["controller"]["id"]]), e.policy, e.language)
    )
    for edition in order:
        controller = names[edition.data["controller"]["id"]]
        group = groups.setdefault(
            controller["id"], {"name": controller["name"], "anchor": f"org-{controller['id']}", "rows": []}
        )
        effective = edition.data.get("effective")
        group["rows"].append(
            {
                "title": cell(edition.data["title"]),
                "href": SafeMd(relative(here, paths.page(edition))),
                "language": cell(language_name(edition.language)),
                "version": cell(edition.version),
                "effective": date_words(t, effective) if effective else t.not_stated,
            }
        )
    languages = [
        site_link(cell(language_name(tag)), relative(here, path), hreflang=tag, lang=tag)
        for tag, path in per_language
        if tag != language
    ]
    if language is not None:
        languages.insert(0, site_link(t.index_all, relative(here, paths.index)))
    template = environment(options.templates_dir).get_template("index.md.j2")
    return tidy(template.render(t=t, groups=list(groups.values()), languages=languages))


def _organization_names(shown: Sequence[Edition], reader: str) -> dict[str, dict[str, Any]]:
    """Each organization as the index names it: in the reader's language where an edition is in
    it, else as its controlling text does, else as its first edition by language does."""

    def preference(edition: Edition) -> tuple[bool, bool, str]:
        controlling = edition.data.get("controlling_language") == edition.language
        return (edition.language != reader, not controlling, edition.language)

    names: dict[str, dict[str, Any]] = {}
    for edition in sorted(shown, key=preference):
        controller = edition.data["controller"]
        names.setdefault(controller["id"], {"id": controller["id"], "name": controller["name"]})
    return names


@cache
def language_name(tag: str) -> str:
    """The language's name in itself ("English", "Deutsch (Österreich)"), as language pickers show it."""
    return cldr.locale_name(tag, tag)


catalogs.on_forget(language_name.cache_clear)


def _default(pages: Sequence[tuple[str, str]], controlling: object) -> tuple[tuple[str, str], ...]:
    """The x-default alternate: the page in the controlling language, which prevails."""
    chosen = dict(pages).get(controlling) if isinstance(controlling, str) else None
    return (("x-default", chosen),) if chosen else ()


def forget_schemas() -> None:
    """Drop every schema and what was derived from it, so that schema edits show in the next build.

    What the stages derive from the policy schema hangs off its index (schemaindex), which is
    built again from the schema read next; only the published schemas are cached here.
    """
    schemas.forget()
    for cached in (
        api_schemas.catalog_schema,
        api_schemas.manifest_schema,
        api_schemas.notice_schema,
        api_schemas.versions_schema,
        api_schemas.consent_record_schema,
        api_schemas.validator,
    ):
        cached.cache_clear()
