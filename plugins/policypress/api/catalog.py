"""The catalog at api/v1/index.json: every published policy, its versions and their digests.

An app that stored a version and its digest learns from this one file whether the
policy changed since, which versions came after, whether any of them was material,
what each changed (its summary, in each language) and whether it must ask for consent
again. URLs are relative to the catalog.

Each version's `state` is where it stood on the build date, which the catalog states: a
catalog that is not rebuilt goes on saying "upcoming" after the date has come. So each
version also carries the interval it is in force (`effective` until `until`), from which an
app decides the state with its own clock (`state_on`; the reference clients do the same).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..timeline import version_key
from .freetext import to_plain_text
from .manifest import API_VERSION


@dataclass(frozen=True)
class CatalogEdition:
    """One policy version in one language, with where its files are (relative to the catalog)."""

    data: dict[str, Any]  # the catalog fields of the policy file (see publish.catalog_fields)
    state: str  # a timeline.State value
    digest: str
    manifest: str
    page: str
    history: str
    latest: str | None  # the moving `latest` manifest, for the edition shown at the policy's own URL
    changes: str | None  # the page of what changed since the version before, if there is one
    notice: str  # the short notice (notice.py)


@dataclass(frozen=True)
class CatalogVersion:
    """One version of a policy, in every language it exists in (sorted by language)."""

    version: str
    state: str
    editions: Sequence[CatalogEdition]
    until: str | None = None  # the day the next version takes effect (see version_intervals)


def default_language(languages: Sequence[str], controlling: str | None, site_default: str) -> str:
    """The language to show when the reader's is missing: controlling, then the site's, then the first."""
    for candidate in (controlling, site_default):
        if candidate in languages:
            return str(candidate)
    return languages[0]


def catalog_entry(
    shown: Sequence[CatalogEdition],
    versions: Sequence[CatalogVersion],
    current_version: str | None,
    site_default: str,
) -> dict[str, Any]:
    """The catalog's entry for one policy.

    `shown` holds, per language (sorted), the edition at the policy's own URL: the version
    in force, or the first upcoming one where none is in force yet. `versions` are every
    public version, oldest first.
    """
    languages = [e.data["language"] for e in shown]
    controlling = next((e.data.get("controlling_language") for e in shown if e.state == "current"), None)
    chosen = default_language(languages, controlling, site_default)
    lead = next(e.data for e in shown if e.data["language"] == chosen)
    return {
        "policy": lead["policy"],
        "title": lead["title"],
        "organization": {"id": lead["controller"]["id"], "name": lead["controller"]["name"]},
        "current_version": current_version,
        "default_language": chosen,
        "languages": languages,
        "editions": [_edition(e) for e in shown],
        "versions": [_version(v) for v in versions],
    }


def _edition(edition: CatalogEdition) -> dict[str, Any]:
    data = edition.data
    entry = {
        "language": data["language"],
        "version": data["version"],
        "state": edition.state,
        "title": data["title"],
        "effective": data.get("effective"),
        "digest": edition.digest,
        "manifest": edition.manifest,
        "notice": edition.notice,
        "page": edition.page,
        "history": edition.history,
    }
    if edition.latest is not None:
        entry["latest"] = edition.latest
    return entry


def _version(version: CatalogVersion) -> dict[str, Any]:
    """A version's facts, from its first language's file (translations agree on them)."""
    data = version.editions[0].data
    record = data.get("changes") or {}
    return {
        "version": version.version,
        "state": version.state,
        "effective": data.get("effective"),
        "until": version.until,
        "published": data.get("published"),
        "supersedes": data.get("supersedes"),
        "material": record.get("material"),
        "reconsent": record.get("reconsent"),
        "kinds": list(record.get("kinds", ())),
        "languages": [
            {
                "language": e.data["language"],
                "digest": e.digest,
                "manifest": e.manifest,
                "notice": e.notice,
                "page": e.page,
                **({"changes": e.changes} if e.changes is not None else {}),
                **_change_summary(e.data),
            }
            for e in version.editions
        ],
    }


def _change_summary(data: dict[str, Any]) -> dict[str, str]:
    """The version's change summary in this edition's language, as plain text (none: no record)."""
    summary = (data.get("changes") or {}).get("summary")
    return {"summary": to_plain_text(summary)} if isinstance(summary, str) else {}


def version_intervals(versions: Sequence[tuple[str, str, str | None]]) -> dict[str, str | None]:
    """When each version stops being in force: `until` by version, from (version, state, effective).

    A version is in force from its `effective` date (from always, if it states none) until the
    first later version that can be in force (any state but withdrawn) takes effect: the highest
    version whose date has come is the one in force (timeline.py). `until` is that later date,
    or None while no later version states one.
    """
    until: dict[str, str | None] = {}
    later: list[str] = []  # dates of the later versions that can be in force
    for version, state, effective in sorted(versions, key=lambda v: version_key(v[0]), reverse=True):
        until[version] = min(later) if later else None
        if state != "withdrawn" and effective is not None:
            later.append(effective)
    return until


def state_on(version: Mapping[str, Any], day: dt.date) -> str:
    """A catalog version's state on `day`, from its interval: what an app works out with its own
    clock (the catalog's `state` is as of its `build_date`)."""
    if version["state"] == "withdrawn":
        return "withdrawn"
    effective, until = version.get("effective"), version.get("until")
    if effective is not None and day < dt.date.fromisoformat(effective):
        return "upcoming"
    if until is not None and day >= dt.date.fromisoformat(until):
        return "superseded"
    return "current"


def organization_order(organization: dict[str, Any]) -> tuple[str, str]:
    """Organizations sort by name (case-blind), then id: the order of the catalog and the index."""
    return str(organization["name"]).casefold(), str(organization["id"])


def build_catalog(
    entries: Sequence[dict[str, Any]], *, schema_url: str, build_date: dt.date
) -> dict[str, Any]:
    """The catalog document; entries ordered by organization, then policy id."""
    ordered = sorted(entries, key=lambda p: (organization_order(p["organization"]), p["policy"]))
    return {
        "$schema": schema_url,
        "api_version": API_VERSION,
        "build_date": build_date.isoformat(),
        "policies": ordered,
    }
