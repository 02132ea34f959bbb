"""The order of keys in a policy, read from the schema (the order of its `properties`), so that
`fmt`, `new` and `import` stay right as the schema grows."""

from __future__ import annotations

from functools import cache
from typing import Any

from .schemas import load_schema

Node = dict[str, Any]


def _resolve(node: Node) -> Node:
    root = load_schema()
    seen = 0
    while "$ref" in node and seen < 32:  # a reference chain, never a loop in our schema
        name = node["$ref"].rsplit("/", 1)[-1]
        node = {**root["$defs"][name], **{k: v for k, v in node.items() if k != "$ref"}}
        seen += 1
    return node


def _alternatives(node: Node) -> list[Node]:
    node = _resolve(node)
    found = [node]
    for keyword in ("allOf", "anyOf", "oneOf"):
        for option in node.get(keyword, ()):
            if isinstance(option, dict):
                found.extend(_alternatives(option))
    for keyword in ("then", "else"):
        if isinstance(node.get(keyword), dict):
            found.extend(_alternatives(node[keyword]))
    return found


def root() -> Node:
    return load_schema()


def keys(node: Node) -> list[str]:
    """The property names a mapping at `node` may have, in the schema's order."""
    order: list[str] = []
    for option in _alternatives(node):
        for name in option.get("properties", {}):
            if name not in order:
                order.append(name)
    return order


def child(node: Node, key: str) -> Node | None:
    """The schema of the value under `key` of a mapping at `node`."""
    for option in _alternatives(node):
        found = option.get("properties", {}).get(key)
        if isinstance(found, dict):
            return found
    return None


def items(node: Node) -> Node | None:
    """The schema of the items of a list at `node`."""
    for option in _alternatives(node):
        found = option.get("items")
        if isinstance(found, dict):
            return found
    return None


@cache
def required(path: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The required keys of the mapping at a path of property names (no list indexes)."""
    node: Node | None = root()
    for key in path:
        node = child(node, key) if node is not None else None
        while node is not None and items(node) is not None and "properties" not in _resolve(node):
            node = items(node)
    if node is None:
        return ()
    return tuple(_resolve(node).get("required", ()))  # not those of conditional alternatives
