"""Policies generated from the schema: every text and Markdown field it has, reached and filled.

The schema is walked for every field whose type is `text` or `markdown` (or a list of them),
as a pattern of keys (`sharing.recipients.*.description`); sub-sections are walked two levels
deep. A valid policy rich in fields (the XSS site's base, tests/hostile_site.py) is then given,
one pattern at a time, the smallest part that holds each field it lacks, made from the schema
alone: required fields, ids, references to items the policy has, dates, enums' first values,
and words in every text field. A graft that validation refuses is taken back, and named by
`maximal_policy()` as not reached. A field added to the schema is reached the same way, with
no change here (tests/test_schema_property.py fails when a field is not reached).

`fill` then writes a string into every text field reached; the property test draws them from
the project's hostile strings.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from policypress.diagnostics import Severity
from policypress.schemaindex import current
from policypress.schemas import load_schema
from policypress.validate import validate_document
from policypress.yamlload import load_text

from .hostile_site import _base

Pattern = tuple[str, ...]
TEXT_TYPES = frozenset({"text", "markdown"})
ITEM = "*"
WORDS = "Words"
# A value for each string type the schema names, valid where the type is asked for.
SAMPLES = {
    "date": "2024-01-01",
    "url": "https://example.com/",
    "email": "privacy@example.com",
    "country": "CN",
    "language": "en",
    "marker": "1",
}
# Strings tried, in order, for a string with a pattern of its own (the first that matches).
CANDIDATES = ("1", "a", "P1Y", "en", "CN", "2024-01-01", "https://example.com/", "+86 10 1234 5678")
_SECTIONS_DEPTH = 2
# Kinds of contact whose value validation checks for its form (tests/hostile_site.py gives them
# hostile values that keep it).
FORMED_CONTACTS = frozenset({"email", "phone", "website", "web-form"})


def _resolve(node: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The definitions `node` names through `$ref`, and the schema it resolves to."""
    names: list[str] = []
    defs = load_schema()["$defs"]
    while isinstance(node.get("$ref"), str):
        name = node["$ref"].rsplit("/", 1)[-1]
        names.append(name)
        node = defs[name]
    return names, node


def _branches(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for key in ("oneOf", "anyOf") for b in node.get(key, ()) if isinstance(b, dict)]


def _is_text(node: dict[str, Any]) -> bool:
    names, resolved = _resolve(node)
    if TEXT_TYPES & set(names):
        return True
    items = resolved.get("items")
    return resolved.get("type") == "array" and isinstance(items, dict) and _is_text(items)


@cache
def text_patterns() -> tuple[Pattern, ...]:
    """Every text and Markdown field of the schema (a list of texts: its items), in schema order."""
    found: dict[Pattern, None] = {}

    def walk(node: dict[str, Any], pattern: Pattern) -> None:
        names, resolved = _resolve(node)
        if TEXT_TYPES & set(names):
            found[pattern] = None
            return
        if pattern.count("sections") > _SECTIONS_DEPTH:
            return
        for branch in _branches(resolved):
            walk(branch, pattern)
        for key, prop in resolved.get("properties", {}).items():
            walk(prop, (*pattern, key))
        if isinstance(resolved.get("items"), dict):
            walk(resolved["items"], (*pattern, ITEM))

    walk(load_schema(), ())
    # A text field that may also be a list of texts (`internal`) is one field, in either form.
    return tuple(p for p in found if not (p[-1] == ITEM and p[:-1] in found))


def present(data: Any, pattern: Pattern) -> bool:
    if not pattern:
        return data is not None
    key, rest = pattern[0], pattern[1:]
    if key == ITEM:
        return isinstance(data, list) and any(present(item, rest) for item in data)
    return isinstance(data, dict) and key in data and present(data[key], rest)


def _reference(pattern: Pattern, data: dict[str, Any]) -> str | None:
    """The first id of the collection that a reference field at `pattern` names, if it is one."""
    for reference in current().references:
        if _matches(reference.pattern, pattern):
            items = _at(data, reference.collection.path)
            ids = [item["id"] for item in items or () if isinstance(item, dict) and "id" in item]
            return ids[0] if ids else None
    return None


def _matches(schema_pattern: Pattern, pattern: Pattern) -> bool:
    """Whether a pattern of the index (sections unwalked) names the field at `pattern`."""
    return schema_pattern == pattern


def _at(data: Any, path: Pattern) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


class _Maker:
    """Smallest valid-looking values for schema nodes, in one policy (ids unique in it)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.made = 0

    def value(self, node: dict[str, Any], pattern: Pattern) -> Any:
        names, resolved = _resolve(node)
        if TEXT_TYPES & set(names):
            return WORDS
        if "id" in names:
            self.made += 1
            return f"made-{self.made}"
        if "idref" in names:
            return _reference(pattern, self.data) or "missing"
        for name in names:
            if name in SAMPLES:
                return SAMPLES[name]
        if "const" in resolved:
            return resolved["const"]
        if "enum" in resolved:
            return resolved["enum"][0]
        branches = [b for b in _branches(resolved) if _resolve(b)[1].get("type") != "null"]
        if branches and "type" not in resolved and "properties" not in resolved:
            return self.value(branches[0], pattern)
        kind = resolved.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), None)
        if kind == "object" or "properties" in resolved:
            return self._object(resolved, pattern)
        if kind == "array":
            items = resolved.get("items", {})
            reference = _reference((*pattern, ITEM), self.data)
            if reference is not None:
                return [reference]
            return [self.value(items, (*pattern, ITEM)) for _ in range(max(1, resolved.get("minItems", 1)))]
        if kind == "string":
            regex = resolved.get("pattern")
            if regex is None:
                return WORDS
            return next((c for c in CANDIDATES if re.search(regex, c)), WORDS)
        if kind in ("integer", "number"):
            return resolved.get("minimum", 1)
        if kind == "boolean":
            return False
        return WORDS

    def _object(self, node: dict[str, Any], pattern: Pattern) -> dict[str, Any]:
        """Its required fields, and every text field it may have (so that they are reached)."""
        properties = node.get("properties", {})
        made: dict[str, Any] = {}
        for key in node.get("required", ()):
            if key in properties:
                made[key] = self.value(properties[key], (*pattern, key))
        for key, prop in properties.items():
            if key not in made and _is_text(prop):
                made[key] = self.value(prop, (*pattern, key))
        return made


def _graft(data: dict[str, Any], pattern: Pattern) -> bool:
    """Give `data` the parts it needs to hold a field at `pattern` (in its first items)."""
    maker = _Maker(data)
    maker.made = sum(1 for _ in _ids(data))
    node: Any = data
    schema: dict[str, Any] = load_schema()
    for depth, key in enumerate(pattern):
        here = pattern[: depth + 1]
        _, resolved = _resolve(schema)
        if key == ITEM:
            if not isinstance(node, list) or not isinstance(resolved.get("items"), dict):
                return False
            schema = resolved["items"]
            if not node:
                node.append(maker.value(schema, here))
            node = node[0]
            continue
        properties = _properties(resolved)
        if not isinstance(node, dict) or key not in properties:
            return False
        schema = properties[key]
        if key not in node:
            node[key] = maker.value(schema, here)
        node = node[key]
    return present(data, pattern)


def _properties(node: dict[str, Any]) -> dict[str, Any]:
    found = dict(node.get("properties", {}))
    for branch in _branches(node):
        for key, prop in _properties(_resolve(branch)[1]).items():
            found.setdefault(key, prop)
    return found


def _ids(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            yield data["id"]
        for value in data.values():
            yield from _ids(value)
    elif isinstance(data, list):
        for item in data:
            yield from _ids(item)


# Characters the loader refuses raw (PP100, PP106): written as YAML escapes, so that what
# validation says of them is what it says of the text (PP207), wherever they are.
_NONCHARACTERS = "".join(chr(p + low) for p in range(0, 0x110000, 0x10000) for low in (0xFFFE, 0xFFFF))
_RAW_REFUSED = re.compile(f"[\x7f-\x9f\u2028\u2029\ufdd0-\ufdef{_NONCHARACTERS}]")


def policy_file(data: dict[str, Any]) -> str:
    """A policy file holding `data`: JSON (which is YAML), with every character the loader would
    refuse raw written as an escape of YAML's double-quoted strings."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return _RAW_REFUSED.sub(lambda match: f"\\U{ord(match[0]):08x}", text)


def refused(data: dict[str, Any]) -> list[str]:
    """Validation's errors for a policy file holding `data` (as `policypress validate` reads it)."""
    doc = load_text(policy_file(data), "generated.yaml")
    return [d.format() for d in validate_document(doc) if d.severity is Severity.ERROR]


@cache
def maximal_policy() -> tuple[dict[str, Any], tuple[Pattern, ...]]:
    """The XSS site's base policy with every text field of the schema grafted on that validation
    accepts; and the patterns it could not reach."""
    data = _base()
    assert refused(data) == [], refused(data)
    for pattern in text_patterns():
        if present(data, pattern):
            continue
        trial = copy.deepcopy(data)
        if _graft(trial, pattern) and not refused(trial):
            data = trial
    return data, tuple(p for p in text_patterns() if not present(data, p))


def fill(data: Any, text: Callable[[Pattern], str], pattern: Pattern = ()) -> Any:
    """`data` with the string at each text field replaced by `text(its pattern)`; a contact's
    value that must have a form (an e-mail address, a phone number, a URL) keeps its own."""
    if isinstance(data, dict):
        formed = data.get("kind") in FORMED_CONTACTS
        return {
            key: value if formed and key == "value" else fill(value, text, (*pattern, key))
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [fill(item, text, (*pattern, ITEM)) for item in data]
    if isinstance(data, str) and _text_at(pattern):
        return text(pattern)
    return data


def _text_at(pattern: Pattern) -> bool:
    return _without_deep_sections(pattern) in _text_set()


def _without_deep_sections(pattern: Pattern) -> Pattern:
    """Sub-sections deeper than the walk are the same fields as the deepest walked."""
    while pattern.count("sections") > _SECTIONS_DEPTH and pattern[:2] == ("sections", ITEM):
        pattern = pattern[2:]
    return pattern


@cache
def _text_set() -> frozenset[Pattern]:
    return frozenset(text_patterns())
