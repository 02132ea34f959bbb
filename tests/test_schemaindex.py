"""The schema index (policypress.schemaindex): one reading of the schema that every stage works from."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from policypress import schemas
from policypress.api import schemas as api_schemas
from policypress.diagnostics import Code
from policypress.publish import forget_schemas
from policypress.schemaindex import (
    ANNOTATION,
    SchemaIndex,
    SchemaIndexError,
    current,
    without_annotations,
)
from policypress.semantics import check

ROOT = Path(__file__).resolve().parents[1]


def _annotations(node: Any) -> list[Any]:
    if isinstance(node, dict):
        own = [node[ANNOTATION]] if ANNOTATION in node else []
        return own + [a for v in node.values() for a in _annotations(v)]
    if isinstance(node, list):
        return [a for v in node for a in _annotations(v)]
    return []


def test_the_published_schemas_carry_no_annotations() -> None:
    """Strict validators (Ajv's strict mode) refuse unknown keywords: annotations stay PolicyPress's."""
    assert _annotations(schemas.load_schema())  # the source has them…
    for name, schema in api_schemas.PUBLISHED.items():
        assert not _annotations(schema()), name  # …what apps fetch has none
        assert ANNOTATION not in json.dumps(schema()), name


def test_without_annotations_keeps_fields_and_data_of_that_name() -> None:
    schema = {
        "x-policypress": {"area": "a"},
        "properties": {"x-policypress": {"type": "string", "x-policypress": {"change": "other"}}},
        "enum": [{"x-policypress": 1}],
    }
    assert without_annotations(schema) == {
        "properties": {"x-policypress": {"type": "string"}},
        "enum": [{"x-policypress": 1}],
    }


def test_the_index_is_built_once_and_again_after_the_schema_is_read_again() -> None:
    first = current()
    assert current() is first
    forget_schemas()  # what the plugin does before every build of `mkdocs serve`
    second = current()
    assert second is not first and second.parts == first.parts


def test_a_misspelt_annotation_stops_the_index() -> None:
    schema = copy.deepcopy(schemas.load_schema())
    schema["properties"]["purposes"]["x-policypress"]["chnage"] = "purposes"
    with pytest.raises(SchemaIndexError, match="unknown x-policypress key 'chnage'"):
        SchemaIndex(schema)
    schema = copy.deepcopy(schemas.load_schema())
    schema["properties"]["purposes"]["x-policypress"]["ordered"] = "yes"
    with pytest.raises(SchemaIndexError, match="'ordered' has a value of the wrong type"):
        SchemaIndex(schema)


def test_a_reference_to_no_collection_stops_the_index() -> None:
    schema = copy.deepcopy(schemas.load_schema())
    purposes = schema["properties"]["purposes"]["items"]["properties"]
    purposes["data"]["x-policypress"]["refers"] = "data-categories"
    with pytest.raises(SchemaIndexError, match="refers to 'data-categories', which is no collection"):
        SchemaIndex(schema)


def test_the_tables_come_from_the_schema() -> None:
    index = current()
    assert ("storage", "retention", "*", "data", "*") in {r.pattern for r in index.references}
    assert index.collections["contacts"].path == ("controller", "contacts")
    assert ("published",) in index.dates and ("translation", "from") in index.languages
    assert index.parts == tuple(schemas.load_schema()["$defs"]["part"]["enum"])
    assert index.word_groups["legal_basis"][0] == "consent"
    assert "how_to_refuse" in index.markdown_keys and "label" not in index.markdown_keys


def test_every_country_field_is_checked_a_law_s_jurisdiction_too() -> None:
    """Country fields are found in the schema, so none is forgotten (a law's jurisdiction once was)."""
    policy = {
        "storage": {
            "retention": [
                {"id": "r", "description": "Kept.", "law": {"title": "A law", "jurisdiction": "XX"}}
            ]
        }
    }
    found = [f for f in check(policy) if f.code is Code.INVALID_COUNTRY]
    assert [f.path for f in found] == [("storage", "retention", 0, "law", "jurisdiction")]
