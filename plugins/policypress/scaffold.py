"""Scaffolds: a new policy (`policypress new`) and the next version of one (`new-version`).

What a new file holds and the comments that explain each part come from the schema (its
`required` lists, its key order and its descriptions), so a scaffold stays right as it grows.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from . import schemaorder
from .importer.draft import TODO
from .yamlwrite import dump, reader

COMMENT_WIDTH = 96


def describe(node: dict[str, Any] | None) -> str:
    """A schema node's description (following its $ref)."""
    if node is None:
        return ""
    text = node.get("description")
    if text:
        return str(text)
    reference = node.get("$ref")
    if isinstance(reference, str):
        return str(schemaorder.root()["$defs"][reference.rsplit("/", 1)[-1]].get("description", ""))
    return ""


def _explain(mapping: CommentedMap, key: str, node: dict[str, Any] | None, indent: int) -> None:
    words = describe(node)
    if words:
        lines = textwrap.wrap(words, COMMENT_WIDTH - indent)
        mapping.yaml_set_comment_before_after_key(key, before="\n".join(lines), indent=indent)


def new_policy(policy: str, language: str, *, org: str | None = None, version: str = "1") -> str:
    """A minimal draft that validates: the schema's required fields, each explained, TODOs to fill,
    and the optional parts listed (commented out) in the schema's order."""
    schema = schemaorder.root()
    data = CommentedMap()
    data["policy"] = policy
    data["version"] = DoubleQuotedScalarString(version)
    data["language"] = language
    data["title"] = f"{TODO}: the policy's title as published"
    data["status"] = "draft"
    data["effective"] = None
    data["controlling_language"] = language
    controller = CommentedMap()
    controller["id"] = re.sub(r"[^a-z0-9]+", "-", (org or policy).lower()).strip("-") or policy
    controller["name"] = org or f"{TODO}: the name readers know the organization by"
    controller["legal_name"] = f"{TODO}: the legal name as the policy states it; or null, with unnamed_note"
    data["controller"] = controller
    section = CommentedMap(id="introduction", title=f"{TODO}: the first heading, as written")
    section["text"] = f"{TODO}: the text under it, in Markdown, word for word."
    section["shows"] = ["controller"]
    data["sections"] = CommentedSeq([section])
    missing = [key for key in schemaorder.required() if key not in data]
    assert not missing, f"the schema requires {missing}: teach policypress new to write them"
    for key in data:
        _explain(data, key, schemaorder.child(schema, key), 0)
    controller_schema = schemaorder.child(schema, "controller")
    for key in controller:
        _explain(controller, key, schemaorder.child(controller_schema, key) if controller_schema else None, 2)
    optional = [key for key in schemaorder.keys(schema) if key not in data and key != "internal"]
    listed = [
        f"  {key}: "
        + textwrap.shorten(describe(schemaorder.child(schema, key)), COMMENT_WIDTH - len(key) - 6)
        for key in optional
    ]
    data.yaml_set_start_comment(
        "yaml-language-server: $schema=../../../schema/policy.schema.json\n"
        "A new policy, written by `policypress new`: replace every TODO, then run\n"
        "`policypress validate` (field reference: docs/authors/writing-policies.md).\n"
        "Structured parts you may add, in this order (each shown by a section's `shows`):\n"
        + "\n".join(listed)
    )
    return dump(data)


def next_version(version: str) -> str:
    """The version after `version`: its last number plus one ("1" → "2", "2.1" → "2.2")."""
    parts = version.split(".")
    parts[-1] = str(int(parts[-1]) + 1)
    return ".".join(parts)


def new_version(text: str, *, today: dt.date | None = None) -> tuple[str, str]:
    """The next version of a policy file's text: (its version, its YAML). `supersedes` names the
    old version, status and dates are reset, and a `changes` record waits to be filled."""
    data = reader().load(text)
    if not isinstance(data, CommentedMap) or not isinstance(data.get("version"), str):
        raise ValueError('the file has no version to follow (version must be text, e.g. "1")')
    old = str(data["version"])
    if not re.fullmatch(r"[0-9]+(?:\.[0-9]+)*", old):
        raise ValueError(f"the version {old!r} is not dotted numbers")
    version = next_version(old)
    data["version"] = DoubleQuotedScalarString(version)
    data["status"] = "draft"
    for key in ("published", "supersedes", "changes"):
        if key in data:
            del data[key]
    source = data.get("source")
    if isinstance(source, CommentedMap):  # the snapshot and its note describe the old text
        for key in ("archived_url", "archived_on", "note"):
            source.pop(key, None)
        if not source:
            del data["source"]
    data["effective"] = None
    data.yaml_add_eol_comment(f"{TODO}: the day version {version} takes effect (YYYY-MM-DD)", "effective")
    position = list(data).index("status") + 1
    data.insert(position, "supersedes", DoubleQuotedScalarString(old))
    record = CommentedMap()
    record["summary"] = f"{TODO}: what changed and why, for readers"
    record["material"] = False
    record["kinds"] = ["editorial"]
    record["reconsent"] = False
    record_schema = schemaorder.child(schemaorder.root(), "changes")
    for key in record:
        node = schemaorder.child(record_schema, key) if record_schema else None
        _explain(record, key, node, 2)
    data.insert(position + 1, "changes", record)
    data.yaml_add_eol_comment("PolicyPress checks this record against what really changed", "changes")
    from .fmt import _order

    _order(data, schemaorder.root())
    return version, dump(data)


def version_path(path: Path, version: str) -> Path:
    """Where the next version of `path` (…/<policy>/<version>/<language>.yaml) belongs."""
    return path.parent.parent / version / path.name
