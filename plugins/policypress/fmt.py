"""`policypress fmt`: one canonical layout for policy files.

Keys in the schema's order, 2-space indentation with list dashes indented, quotes on values a
YAML 1.1 reader would misread, comments kept. The data never changes: a file whose formatted
form would load to other data is refused rather than written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from . import schemaorder
from .diagnostics import Code, Diagnostic
from .yamlload import DEFAULT_MAX_BYTES, LoadError, load_file, load_text
from .yamlwrite import dump, reader


class FormatError(Exception):
    """The file cannot be formatted safely; `diagnostics` say why and where."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


def format_text(text: str, display: str = "<text>") -> str:
    """`text` (a policy file that loads) in the canonical layout."""
    try:
        before = load_text(text, display).data
    except LoadError as exc:
        raise FormatError(exc.diagnostics) from None
    try:
        data = reader().load(text)
    except YAMLError as exc:  # pragma: no cover - our loader refused it first
        raise FormatError([Diagnostic(display, 1, 1, Code.YAML_SYNTAX, str(exc))]) from None
    _order(data, schemaorder.root())
    formatted = dump(data)
    if load_text(formatted, display).data != before:  # pragma: no cover - a guard, never seen
        message = "fmt would change what this file says; it was left as it is (please report this)"
        raise FormatError([Diagnostic(display, 1, 1, Code.SCHEMA, message)])
    return formatted


def _order(node: Any, schema: dict[str, Any] | None) -> None:
    """Put every mapping's keys in the schema's order (unknown keys after, as they were)."""
    if isinstance(node, CommentedMap):
        order = schemaorder.keys(schema) if schema is not None else []
        present = list(node.keys())
        rank = {key: index for index, key in enumerate(order)}
        wanted = sorted(present, key=lambda key: (rank.get(key, len(order)), present.index(key)))
        if wanted != present:
            comments = {key: node.ca.items.pop(key) for key in present if key in node.ca.items}
            values = [(key, node[key]) for key in wanted]
            for key in present:
                del node[key]
            for key, value in values:
                node[key] = value
                if key in comments:
                    node.ca.items[key] = comments[key]
        for key in node:
            _order(node[key], schemaorder.child(schema, key) if schema is not None else None)
    elif isinstance(node, CommentedSeq):
        item_schema = schemaorder.items(schema) if schema is not None else None
        for item in node:
            _order(item, item_schema)


@dataclass
class Outcome:
    path: Path
    changed: bool
    problems: list[Diagnostic]


def format_file(path: Path, display: str, *, write: bool, max_bytes: int = DEFAULT_MAX_BYTES) -> Outcome:
    """Format one file; write it back when `write` and it changed."""
    try:
        original = load_file(path, display, max_bytes).text
        formatted = format_text(original, display)
    except (LoadError, FormatError) as exc:
        return Outcome(path, False, exc.diagnostics)
    raw = path.read_bytes()
    changed = formatted.encode("utf-8") != raw
    if changed and write:
        path.write_text(formatted, encoding="utf-8", newline="\n")
    return Outcome(path, changed, [])
