"""The JSON Schemas the site publishes for apps, checked as apps use them: with Python's
jsonschema and with Ajv (draft 2020-12, Ajv's default strict mode, in Node), on the seed site's
JSON and on the JSON of a later release that has members this one does not know.

The build itself holds its output to the strict schemas (closed objects); tests/test_publish.py
checks that. Ajv runs from tests/node (`npm ci` there installs it; `./dev test` does).
"""

from __future__ import annotations

import copy
import json
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema_specifications import REGISTRY

from policypress.api import schemas as api_schemas

from .nodejs import NODE_TESTS, ROOT, node, run_node
from .test_publish import seed_site_files

SCHEMA_FOLDER = "api/v1/schema"
VOCABULARIES = [uri for uri in REGISTRY if uri.startswith("https://json-schema.org/draft/2020-12/meta/")]


def published() -> dict[str, dict[str, Any]]:
    files = seed_site_files()
    return {
        posixpath.basename(path): json.loads(content)
        for path, content in files.items()
        if path.startswith(SCHEMA_FOLDER + "/")
    }


def documents() -> dict[str, dict[str, Any]]:
    """Every JSON document of the seed site (not the schemas), by site path."""
    files = seed_site_files()
    return {
        p: json.loads(c) for p, c in files.items() if p.endswith(".json") and not p.startswith(SCHEMA_FOLDER)
    }


def schema_of(path: str, document: dict[str, Any]) -> str:
    return posixpath.basename(
        posixpath.normpath(posixpath.join(posixpath.dirname(path), document["$schema"]))
    )


def later_release(document: dict[str, Any]) -> dict[str, Any]:
    """`document` as a later release might publish it: an unknown member on every object."""

    def grow(node: Any) -> Any:
        if isinstance(node, dict):
            return {**{key: grow(value) for key, value in node.items()}, "added_later": {"any": ["thing"]}}
        if isinstance(node, list):
            return [grow(item) for item in node]
        return node

    grown = grow(copy.deepcopy(document))
    grown["$schema"] = document["$schema"]
    return grown


def test_every_published_schema_has_an_id_and_only_standard_keywords() -> None:
    standard = {keyword for uri in VOCABULARIES for keyword in REGISTRY[uri].contents["properties"]}
    schemas = published()
    assert set(schemas) >= {"catalog.schema.json", "manifest.schema.json"}
    for name, schema in schemas.items():
        assert schema["$id"] == name  # no site_url: its own name, which resolves to where it is
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)
        unknown = {keyword for keyword, _ in _keywords(schema)} - standard
        assert unknown == set(), name


def _keywords(node: Any) -> Iterator[tuple[str, Any]]:
    """Every (keyword, value) of a schema and its subschemas (property names are not keywords)."""
    if not isinstance(node, dict):
        return
    for keyword, value in node.items():
        yield keyword, value
        if keyword in ("properties", "patternProperties", "$defs", "dependentSchemas"):
            for sub in value.values():
                yield from _keywords(sub)
        elif keyword in ("allOf", "anyOf", "oneOf", "prefixItems"):
            for sub in value:
                yield from _keywords(sub)
        elif keyword in _ONE_SCHEMA:
            yield from _keywords(value)


_ONE_SCHEMA = {"items", "contains", "additionalProperties", "propertyNames", "if", "then", "else", "not"} | {
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
}


def test_the_strict_schemas_keep_their_editor_hints_and_closed_objects() -> None:
    """Only the published copies are opened: the build's own checks stay strict."""
    strict = json.dumps(api_schemas.manifest_schema())
    assert '"additionalProperties": false' in strict and "patternErrorMessage" in strict
    assert "additionalProperties" not in json.dumps(published()["manifest.schema.json"])


def test_a_site_url_gives_absolute_ids() -> None:
    ids = {
        name: schema["$id"]
        for name, schema in api_schemas.published_schemas(
            lambda name: f"api/v1/schema/{name}", "https://privacy.example.com/legal/"
        ).items()
    }
    assert ids["catalog.schema.json"] == "https://privacy.example.com/legal/api/v1/schema/catalog.schema.json"


def test_python_validators_accept_today_s_json_and_a_later_release_s() -> None:
    schemas = published()
    checked = 0
    for path, document in documents().items():
        name = schema_of(path, document)
        consumer = jsonschema.Draft202012Validator(schemas[name], format_checker=jsonschema.FormatChecker())
        assert list(consumer.iter_errors(document)) == [], path
        grown = later_release(document)
        assert [e.message for e in consumer.iter_errors(grown)] == [], path
        strict = api_schemas.PUBLISHED[name]()
        assert not jsonschema.Draft202012Validator(strict).is_valid(grown), path  # the build's own
        checked += 1
    assert checked > 20


def test_ajv_in_strict_mode_accepts_today_s_json_and_a_later_release_s(tmp_path: Path) -> None:
    schema_folder = tmp_path / "schema"
    schema_folder.mkdir()
    for name, schema in published().items():
        (schema_folder / name).write_text(json.dumps(schema), encoding="utf-8")
    cases = []
    for index, (path, document) in enumerate(sorted(documents().items())):
        for kind, body in (("today", document), ("later", later_release(document))):
            target = tmp_path / f"{index}-{kind}.json"
            target.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
            cases.append({"document": str(target), "schema": schema_of(path, document), "path": path})
    # The consent record of the docs, as an app would store it.
    page = (ROOT / "docs" / "apps" / "consent-records.md").read_text(encoding="utf-8")
    (record,) = re.findall(r"^```json\n(.*?)^```", page, re.MULTILINE | re.DOTALL)
    (tmp_path / "record.json").write_text(record, encoding="utf-8")
    cases.append(
        {"document": str(tmp_path / "record.json"), "schema": api_schemas.CONSENT_RECORD, "path": "docs"}
    )
    (tmp_path / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    node(packages=True)
    run = run_node([str(NODE_TESTS / "validate.mjs"), str(schema_folder), str(tmp_path / "cases.json")])
    assert run.returncode == 0, run.stderr  # strict mode throws on a schema it refuses
    results = json.loads(run.stdout)
    assert len(results) == len(cases) > 40
    assert [(r["document"], r["errors"]) for r in results if r["errors"]] == []
