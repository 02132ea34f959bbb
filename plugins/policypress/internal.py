"""Authors' internal notes: validated with the file, never published.

A policy file may carry notes for its authors and reviewers in two ways:

- YAML comments (`# …`), which the loader never reads at all;
- an `internal` field — on the policy, on the controller, on every section and on every
  list item (anything with an `id`): one text or a list of texts. The schema checks it
  like any other field (`#/$defs/internal`).

Every edition's pages and manifest are made from `without_internal(data)`, and the rest of
the site (catalog, index, histories, feeds) from a few named fields that hold no note, so no
page, manifest, catalog entry, search index, feed or template ever sees one; and the manifest
JSON Schema published for apps is derived with `schema_without_internal`, so it does not
even name the field.
"""

from __future__ import annotations

from typing import Any

FIELD = "internal"
DEFINITION = "internal"


def without_internal(value: Any) -> Any:
    """`value` without any `internal` field at any depth; parts without one are shared, not copied."""
    if isinstance(value, dict):
        kept = {key: without_internal(item) for key, item in value.items() if key != FIELD}
        unchanged = len(kept) == len(value) and all(kept[key] is value[key] for key in kept)
        return value if unchanged else kept
    if isinstance(value, list):
        items = [without_internal(item) for item in value]
        return value if all(new is old for new, old in zip(items, value, strict=True)) else items
    return value


def schema_without_internal(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of a policy schema in which no object has the `internal` property or its definition."""
    reference = f"#/$defs/{DEFINITION}"

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                key: strip(item)
                for key, item in node.items()
                if not (isinstance(item, dict) and item.get("$ref") == reference)
            }
        if isinstance(node, list):
            return [strip(item) for item in node]
        return node

    stripped: dict[str, Any] = strip(schema)
    stripped.get("$defs", {}).pop(DEFINITION, None)
    return stripped
