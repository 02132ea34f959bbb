"""Atom feeds of policy changes: one entry per public version, newest first (written with feedgen).

A feed is a list of dated events, so a version that states neither a publication nor
an effective date (nor the date its source was archived) has no entry. Entry ids are
`urn:uuid:`s derived from the policy, version and language: they never change, even
when the site moves. Links are absolute when the site sets `site_url`, otherwise
relative to the feed's own URL (which Atom readers resolve). Nothing in a feed comes
from the clock, so feeds are byte-identical across builds of the same sources.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from . import __version__
from .api.freetext import to_html
from .i18n import cldr
from .render.labels import labels_for
from .render.records import titled
from .sitepaths import relative

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://policypress.invalid/feeds")


@dataclass(frozen=True)
class FeedEntry:
    """One version as a feed lists it: its (slim) data and the site path of the page to read."""

    data: Mapping[str, Any]
    url: str

    @property
    def date(self) -> str | None:
        """The day the version became news: published, else effective, else archived."""
        data = self.data
        return data.get("published") or data.get("effective") or (data.get("source") or {}).get("archived_on")


def entry_id(policy: str, version: str, language: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{policy}/{version}/{language}')}"


def build_feed(
    path: str,
    title: str,
    language: str,
    home: str,
    entries: Sequence[FeedEntry],
    site_url: str | None,
    fallback_day: dt.date,
) -> bytes:
    """The Atom document at site path `path`; `home` is the site path of the page it is about.

    `fallback_day` dates a feed that has no dated entry (Atom requires a date).
    """

    def href(target: str) -> str:
        return urljoin(site_url, target) if site_url else relative(path, target)

    dated = sorted(
        (e for e in entries if e.date),
        key=lambda e: (str(e.date), e.data["policy"], e.data["language"], e.data["version"]),
        reverse=True,
    )
    feed = FeedGenerator()
    feed.id(f"urn:uuid:{uuid.uuid5(_NAMESPACE, path)}")
    feed.title(title)
    feed.language(language)
    feed.generator("PolicyPress", __version__)
    feed.link(href=href(path), rel="self", type="application/atom+xml")
    feed.link(href=href(home), rel="alternate", type="text/html")
    feed.updated(_moment(str(dated[0].date)) if dated else _moment(fallback_day.isoformat()))
    for entry in dated:
        _add(feed, entry, href(entry.url))
    return bytes(feed.atom_str(pretty=True))


def _add(feed: FeedGenerator, entry: FeedEntry, link: str) -> None:
    data = entry.data
    t = labels_for(str(data["language"]))
    record = data.get("changes") or {}
    item = feed.add_entry(order="append")
    item.id(entry_id(str(data["policy"]), str(data["version"]), str(data["language"])))
    kind = t.v_material if record.get("material") else t.v_minor if record else t.v_first
    version = t.v_version_link.format(version=data["version"])
    item.title(f"{titled(data, t)}{t.dash}{version}{t.paren_open}{kind}{t.paren_close}")
    item.link(href=link, rel="alternate", type="text/html")
    moment = _moment(str(entry.date))
    item.updated(moment)
    item.published(moment)
    item.content(_content(data, t), type="html")


def _content(data: Mapping[str, Any], t: Any) -> str:
    """The entry as sanitized HTML: its dates and flags, then the change summary."""
    record = data.get("changes") or {}
    effective = data.get("effective")
    shown = (cldr.date(effective, t.page_language) or effective) if effective else t.not_stated
    facts = [f"{t.effective}{t.colon}{shown}"]
    if record:
        facts.append(str(t.v_material if record.get("material") else t.v_minor))
        if record.get("reconsent"):
            facts.append(str(t.v_reconsent))
        kinds = [str(t.enum["change_kind"].get(kind, kind)) for kind in record.get("kinds", ())]
        if kinds:
            facts.append(f"{t.c_kinds}{t.colon}{t.list_sep.join(kinds)}")
    else:
        facts.append(str(t.v_first))
    summary = to_html(record["summary"]) if record.get("summary") else ""
    return f"<p>{escape(str(t.sep).join(facts))}</p>{summary}"


def _moment(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), dt.timezone.utc)
