"""The catalog at api/v1/index.json: every published policy, its current editions and their digests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .manifest import API_VERSION


@dataclass(frozen=True)
class CatalogEdition:
    """One current policy edition as the catalog lists it (URLs relative to the catalog)."""

    data: dict[str, Any]
    digest: str
    manifest: str
    page: str


def default_language(languages: Sequence[str], controlling: str | None, site_default: str) -> str:
    """The language to show when the reader's is missing: controlling, then the site's, then the first."""
    for candidate in (controlling, site_default):
        if candidate in languages:
            return str(candidate)
    return languages[0]


def catalog_entry(
    editions: Sequence[CatalogEdition], current_version: str, site_default: str
) -> dict[str, Any]:
    """The catalog's entry for one policy; `editions` hold one per language, sorted by language."""
    languages = [e.data["language"] for e in editions]
    controlling = next(
        (e.data.get("controlling_language") for e in editions if e.data["version"] == current_version), None
    )
    chosen = default_language(languages, controlling, site_default)
    lead = next(e.data for e in editions if e.data["language"] == chosen)
    return {
        "policy": lead["policy"],
        "title": lead["title"],
        "organization": {"id": lead["controller"]["id"], "name": lead["controller"]["name"]},
        "current_version": current_version,
        "default_language": chosen,
        "languages": languages,
        "editions": [
            {
                "language": e.data["language"],
                "version": e.data["version"],
                "title": e.data["title"],
                "effective": e.data.get("effective"),
                "digest": e.digest,
                "manifest": e.manifest,
                "page": e.page,
            }
            for e in editions
        ],
    }


def organization_order(organization: dict[str, Any]) -> tuple[str, str]:
    """Organizations sort by name (case-blind), then id: the order of the catalog and the index."""
    return str(organization["name"]).casefold(), str(organization["id"])


def build_catalog(entries: Sequence[dict[str, Any]], *, schema_url: str) -> dict[str, Any]:
    """The catalog document; entries ordered by organization, then policy id."""
    ordered = sorted(entries, key=lambda p: (organization_order(p["organization"]), p["policy"]))
    return {"$schema": schema_url, "api_version": API_VERSION, "policies": ordered}
