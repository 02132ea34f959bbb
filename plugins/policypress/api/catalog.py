"""The catalog at api/v1/index.json: every published policy, its versions and their digests.

An app that stored a version and its digest learns from this one file whether the
policy changed since, which versions came after, whether any of them was material
and whether it must ask for consent again. URLs are relative to the catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class CatalogVersion:
    """One version of a policy, in every language it exists in (sorted by language)."""

    version: str
    state: str
    editions: Sequence[CatalogEdition]


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
                "page": e.page,
                **({"changes": e.changes} if e.changes is not None else {}),
            }
            for e in version.editions
        ],
    }


def organization_order(organization: dict[str, Any]) -> tuple[str, str]:
    """Organizations sort by name (case-blind), then id: the order of the catalog and the index."""
    return str(organization["name"]).casefold(), str(organization["id"])


def build_catalog(entries: Sequence[dict[str, Any]], *, schema_url: str) -> dict[str, Any]:
    """The catalog document; entries ordered by organization, then policy id."""
    ordered = sorted(entries, key=lambda p: (organization_order(p["organization"]), p["policy"]))
    return {"$schema": schema_url, "api_version": API_VERSION, "policies": ordered}
