"""A policy (validated plain data) → its manifest: the whole content, free text as Markdown and HTML.

The manifest is the policy file's own structure, so the field reference of the
policy schema is also the manifest's, with three changes: each Markdown field
becomes `{"markdown": …, "html": …}` (the Markdown exactly as the author wrote
it, never HTML-escaped or double-encoded; the HTML sanitized), and the envelope
adds `$schema`, `digest` and `links`. Which fields are Markdown is read from the
policy schema's index (every field whose type the schema annotates as `markdown`),
so a new Markdown field needs no change here.
"""

from __future__ import annotations

from typing import Any

from ..markdownplan import MarkdownPlan, markdown_plan
from .freetext import to_html_many
from .jsonfile import digest

API_VERSION = 1
# Envelope members that say where things are, not what the policy says: outside the digest,
# so moving a site to another host changes no digest.
UNDIGESTED = ("$schema", "digest", "links")


def _transform(value: Any, plan: MarkdownPlan, fields: list[dict[str, str]]) -> Any:
    """`value` with each Markdown field as {"markdown": …, "html": ""}; `fields` collects those."""
    if plan.markdown and isinstance(value, str):
        member = {"markdown": value, "html": ""}  # the author's words, untouched
        fields.append(member)
        return member
    if isinstance(value, dict):
        return {
            key: _transform(item, plan.properties[key], fields) if key in plan.properties else item
            for key, item in value.items()
        }
    if isinstance(value, list) and plan.items is not None:
        return [_transform(item, plan.items, fields) for item in value]
    return value


def _with_html(data: dict[str, Any]) -> dict[str, Any]:
    """The policy's data with every Markdown field as Markdown and HTML (converted in one pass)."""
    fields: list[dict[str, str]] = []
    transformed: dict[str, Any] = _transform(data, markdown_plan(), fields)
    for member, html in zip(fields, to_html_many([f["markdown"] for f in fields]), strict=True):
        member["html"] = html
    return transformed


def manifest_digest(manifest: dict[str, Any]) -> str:
    """The digest a manifest carries: of everything but its envelope's locations and the digest."""
    return digest({key: value for key, value in manifest.items() if key not in UNDIGESTED})


def build_manifest(data: dict[str, Any], *, schema_url: str, links: dict[str, str]) -> dict[str, Any]:
    """The manifest for one policy version in one language, with its digest."""
    manifest: dict[str, Any] = {
        "$schema": schema_url,
        "api_version": API_VERSION,
        **_with_html(data),
    }
    manifest["links"] = dict(links)
    manifest["digest"] = manifest_digest(manifest)
    return manifest
