"""Where, in a policy, the Markdown fields are: read from the schema's index, once per schema.

The manifests turn each Markdown field into Markdown and HTML; validation reads a Markdown
field's character references (textrules.py). Both ask this plan, which imports nothing but
the schema's index (validating a valid file stays light: tests/test_cold_start.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .schemaindex import SchemaIndex, current

__all__ = ["MarkdownPlan", "markdown_plan"]


@dataclass(eq=False)
class MarkdownPlan:
    """Where, below one schema node, Markdown fields are."""

    markdown: bool = False
    properties: dict[str, MarkdownPlan] = field(default_factory=dict)
    items: MarkdownPlan | None = None


def markdown_plan() -> MarkdownPlan:
    """Where the Markdown fields are, for the schema in use: built once per schema index."""
    return current().derived("manifest.plan", _build_plan)


def _build_plan(index: SchemaIndex) -> MarkdownPlan:
    definitions: dict[str, MarkdownPlan] = {}

    def plan(node: dict[str, Any]) -> MarkdownPlan:
        if index.is_markdown(node):
            return MarkdownPlan(markdown=True)
        name = index.ref_name(node)
        if name is not None:
            if name not in definitions:  # recursive definitions (sections) reuse one plan
                definitions[name] = MarkdownPlan()
                built = plan(index.defs[name])
                definitions[name].__dict__.update(built.__dict__)
            return definitions[name]
        result = MarkdownPlan()
        for key, sub in node.get("properties", {}).items():
            result.properties[key] = plan(sub)
        if isinstance(node.get("items"), dict):
            result.items = plan(node["items"])
        return result

    return plan(index.schema)
