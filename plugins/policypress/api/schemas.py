"""The JSON Schemas published for apps: the catalog's (as written) and the manifest's (derived).

The manifest schema is the policy schema with the envelope of
`schema/api/manifest.envelope.json` laid over it, so the two cannot drift: a new
policy field appears in the manifest schema, with its description, by itself.
Authors' internal notes are never published, so the manifest schema leaves them out;
nor does it carry PolicyPress's own `x-policypress` annotations, which are for
PolicyPress and would make strict validators (Ajv's strict mode) refuse the schema.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jsonschema_rs

from .. import schemas
from ..internal import schema_without_internal
from ..schemaindex import without_annotations

CATALOG = "catalog.schema.json"
MANIFEST = "manifest.schema.json"
_ENVELOPE = "api/manifest.envelope.json"


@cache
def catalog_schema() -> dict[str, Any]:
    catalog: dict[str, Any] = without_annotations(schemas.load_schema(f"api/{CATALOG}"))
    return catalog


@cache
def manifest_schema() -> dict[str, Any]:
    # A copy that never names internal notes, nor carries PolicyPress's annotations.
    derived: dict[str, Any] = without_annotations(schema_without_internal(schemas.load_schema()))
    envelope = schemas.load_schema(_ENVELOPE)
    derived.pop("$id", None)  # published beside the site's JSON; its URL is where it is served
    derived.pop("defaultSnippets", None)  # editors' starters for authors, not for apps
    derived["title"] = envelope["title"]
    derived["description"] = envelope["description"]
    derived["required"] = [*envelope["required"], *derived["required"]]
    derived["properties"] = {**envelope["properties"], **derived["properties"]}
    derived["$defs"].update(envelope["$defs"])
    return derived


PUBLISHED: dict[str, Any] = {CATALOG: catalog_schema, MANIFEST: manifest_schema}


@cache
def validator(name: str) -> Any:
    """A validator for one of the published schemas, formats included (they are our own output)."""
    return jsonschema_rs.validator_for(PUBLISHED[name](), validate_formats=True)


def problems(name: str, instance: Any) -> list[str]:
    """What is wrong with `instance` under the published schema `name` (empty: valid)."""
    return [
        f"{'/'.join(map(str, e.instance_path)) or '(root)'}: {e.message}"
        for e in validator(name).iter_errors(instance)
    ]
