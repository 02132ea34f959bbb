"""The JSON Schemas of the JSON for apps: strict ones the build checks its output with, and the
open ones it publishes.

The manifest schema is the policy schema with the envelope of
`schema/api/manifest.envelope.json` laid over it, so the two cannot drift: a new
policy field appears in the manifest schema, with its description, by itself.
Authors' internal notes are never published, so the manifest schema leaves them out;
nor does it carry PolicyPress's own `x-policypress` annotations, which are for
PolicyPress and would make strict validators (Ajv's strict mode) refuse the schema.

The build holds its own output to the strict schemas, whose objects are closed (a misspelt
member is a bug). Apps get consumer schemas (`consumer_schema`): every object open, because a
later release may add optional members (an app that bundled the schema must not reject it),
an `$id` each, and only the keywords of JSON Schema 2020-12 (editor hints such as
`patternErrorMessage` and any `x-` annotation are dropped: Ajv's strict mode refuses unknown
keywords).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import urljoin

import jsonschema_rs

from .. import schemas
from ..internal import schema_without_internal
from ..schemaindex import without_annotations

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
CATALOG = "catalog.schema.json"
MANIFEST = "manifest.schema.json"
NOTICE = "notice.schema.json"
VERSIONS = "versions.schema.json"
CONSENT_RECORD = "consent-record.schema.json"
LISTS = "lists.schema.json"
_ENVELOPE = "api/manifest.envelope.json"
_VERSIONS_ENVELOPE = "api/versions.envelope.json"


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


@cache
def notice_schema() -> dict[str, Any]:
    return schemas.load_schema(f"api/{NOTICE}")


@cache
def versions_schema() -> dict[str, Any]:
    """The versions file's: its envelope, with the catalog's definitions of a version."""
    derived = copy.deepcopy(schemas.load_schema(_VERSIONS_ENVELOPE))
    definitions = catalog_schema()["$defs"]
    derived["$defs"] = {name: copy.deepcopy(definitions[name]) for name in ("version", "version_language")}
    return derived


@cache
def consent_record_schema() -> dict[str, Any]:
    """The records apps keep (the site writes none): open already, published as written."""
    return schemas.load_schema(f"api/{CONSENT_RECORD}")


@cache
def lists_schema() -> dict[str, Any]:
    """China's two lists of an edition (compliance/lists.py)."""
    return schemas.load_schema(f"api/{LISTS}")


PUBLISHED: dict[str, Callable[[], dict[str, Any]]] = {
    CATALOG: catalog_schema,
    MANIFEST: manifest_schema,
    NOTICE: notice_schema,
    VERSIONS: versions_schema,
    CONSENT_RECORD: consent_record_schema,
    LISTS: lists_schema,
}

# The keywords of JSON Schema 2020-12's vocabularies (core, applicator, unevaluated, validation,
# meta-data, format-annotation, content): all that a published schema may hold.
STANDARD_KEYWORDS = frozenset(
    {"$schema", "$id", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary", "$comment"}
    | {"$defs", "prefixItems", "items", "contains", "additionalProperties", "properties"}
    | {"patternProperties", "dependentSchemas", "propertyNames", "if", "then", "else"}
    | {"allOf", "anyOf", "oneOf", "not", "unevaluatedItems", "unevaluatedProperties"}
    | {"type", "const", "enum", "multipleOf", "maximum", "exclusiveMaximum", "minimum"}
    | {"exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems"}
    | {"maxContains", "minContains", "maxProperties", "minProperties", "required", "dependentRequired"}
    | {"title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples"}
    | {"format", "contentEncoding", "contentMediaType", "contentSchema"}
)
# Where a keyword's value holds schemas: one schema, a map of them, or a list of them.
_ONE_SCHEMA = frozenset(
    {"items", "contains", "additionalProperties", "propertyNames", "if", "then", "else", "not"}
    | {"unevaluatedItems", "unevaluatedProperties", "contentSchema"}
)
_SCHEMA_MAP = frozenset({"$defs", "properties", "patternProperties", "dependentSchemas"})
_SCHEMA_LIST = frozenset({"prefixItems", "allOf", "anyOf", "oneOf"})
# Keywords that close an object, left out of the consumer schemas when they forbid (false).
_CLOSING = frozenset({"additionalProperties", "unevaluatedProperties"})


def consumer_schema(schema: dict[str, Any], schema_id: str) -> dict[str, Any]:
    """The schema apps get: open objects, standard keywords only, `schema_id` as its `$id`."""
    opened = _open(schema)
    dialect = opened.pop("$schema", DRAFT_2020_12)
    opened.pop("$id", None)
    return {"$schema": dialect, "$id": schema_id, **opened}


def _open(node: Any) -> Any:
    if not isinstance(node, dict):  # a boolean schema
        return node
    opened: dict[str, Any] = {}
    for keyword, value in node.items():
        if keyword not in STANDARD_KEYWORDS or (keyword in _CLOSING and value is False):
            continue
        if keyword in _ONE_SCHEMA:
            value = _open(value)
        elif keyword in _SCHEMA_MAP:
            value = {name: _open(sub) for name, sub in value.items()}
        elif keyword in _SCHEMA_LIST:
            value = [_open(sub) for sub in value]
        opened[keyword] = value
    return opened


def schema_id(name: str, schema_path: str, site_url: str | None) -> str:
    """A published schema's `$id`: its absolute URL when the site's is known, else its own file
    name, a reference that resolves to where the schema was fetched from."""
    return urljoin(site_url.rstrip("/") + "/", schema_path) if site_url else name


def published_schemas(schema_path: Callable[[str], str], site_url: str | None) -> dict[str, dict[str, Any]]:
    """Every consumer schema by file name; `schema_path(name)` is its path on the site."""
    return {
        name: consumer_schema(strict(), schema_id(name, schema_path(name), site_url))
        for name, strict in PUBLISHED.items()
    }


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
