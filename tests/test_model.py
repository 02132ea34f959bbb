"""The typed model (policypress.model) mirrors the policy schema: every class has exactly the
fields of its place in the schema, the same required ones, and the same enum values."""

from __future__ import annotations

from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import pytest

from policypress import model
from policypress.schemas import load_schema
from policypress.yamlload import load_file

from .test_seeds import ROOT

SCHEMA = load_schema()


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].removeprefix("#/$defs/")]
    return node


def _at(path: tuple[str, ...]) -> dict[str, Any]:
    if path[:1] == ("$defs",):
        return _resolve(SCHEMA["$defs"][path[1]])
    node = SCHEMA
    for key in path:
        node = _resolve(node)
        node = node["items"] if key == "*" else node["properties"][key]
    return _resolve(node)


def _literal(hint: Any) -> tuple[Any, ...] | None:
    """The values of a Literal, of a list of Literals, or None."""
    if get_origin(hint) is Literal:
        return get_args(hint)
    if get_origin(hint) is list:
        return _literal(get_args(hint)[0])
    if get_origin(hint) is Union:
        found = [_literal(arg) for arg in get_args(hint)]
        return next((f for f in found if f), None)
    return None


def _enum(node: dict[str, Any]) -> list[Any] | None:
    node = _resolve(node)
    if "enum" in node:
        return list(node["enum"])
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        return _enum(node["items"])
    return None


def _objects(node: dict[str, Any], path: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Every inline object with fields below `node` (a definition counts once, by its name)."""
    found = {path}
    for key, prop in node.get("properties", {}).items():
        if "$ref" in prop:
            name = prop["$ref"].removeprefix("#/$defs/")
            if _resolve(prop).get("properties"):
                found.add(("$defs", name))
            continue
        items = prop.get("items") if prop.get("type") == "array" else None
        if prop.get("properties"):
            found |= _objects(prop, (*path, key))
        elif isinstance(items, dict) and items.get("properties"):
            found |= _objects(items, (*path, key, "*"))
        elif isinstance(items, dict) and "$ref" in items and _resolve(items).get("properties"):
            found.add(("$defs", items["$ref"].removeprefix("#/$defs/")))
    return found


def test_every_object_of_the_schema_has_a_class() -> None:
    objects = _objects(SCHEMA, ())
    for name in ("section", "change_record"):
        objects |= _objects(SCHEMA["$defs"][name], ("$defs", name)) - {("$defs", name)} | {("$defs", name)}
    assert objects == set(model.SCHEMA_PATHS.values())


@pytest.mark.parametrize("name", sorted(model.SCHEMA_PATHS))
def test_each_class_mirrors_its_place_in_the_schema(name: str) -> None:
    cls = getattr(model, name)
    node = _at(model.SCHEMA_PATHS[name])
    assert set(cls.__annotations__) == set(node["properties"]), name
    assert cls.__required_keys__ == set(node.get("required", [])), name
    hints = get_type_hints(cls)
    for key, prop in node["properties"].items():
        assert _literal(hints[key]) == (tuple(_enum(prop)) if _enum(prop) else None), f"{name}.{key}"


def test_a_policy_is_read_through_the_model() -> None:
    zte = ROOT / "tests" / "fixtures" / "site" / "policies" / "zte" / "1" / "en.yaml"
    data = model.policy(load_file(zte).data)
    rule = data["storage"]["retention"][0]
    assert rule["description"].startswith("To the extent permitted by law")
    assert "bound" not in rule  # not stated
