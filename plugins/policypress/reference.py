"""A JSON Schema's fields as a readable Markdown page, written from the schema's own descriptions.

The reference pages of the site come from the schemas the validator and the apps use,
so the docs cannot drift from them. Each object is a table (Field | Type | Required |
Description); an object inside a field gets its own section, headed by its path
(`controller.contacts[]`). Every `$defs` entry that something refers to is described
once, under Types, and linked wherever it is used: a type that contains itself (a
section's sub-sections) is then only a link, so rendering never follows a `$ref`.

Schema text is data: it is escaped for a table cell (`|`, line breaks, `<`, `{`), and
only a `code` span in a description is kept as Markdown. The output depends on the
schema alone (its key order included), never on the run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from . import schemas
from .api import schemas as api_schemas
from .render.escape import CONTROL, SafeMd, anchor, cell, escape_chars, heading, plain
from .schemaindex import ANNOTATION

__all__ = ["PAGES", "field_reference", "reference_pages"]

Schema = dict[str, Any]
# Where an object is described: ("field", "controller.contacts[]") or ("type", "section").
_Where = tuple[str, str]

_DEFS = "#/$defs/"
# Plain words for the policy schema's shared values; any other type is called by its name.
_WORDS = {
    "id": "id",
    "idref": "id reference",
    "idrefs": "id references",
    "text": "text",
    "texts": "texts",
    "markdown": "Markdown text",
    "date": "date (YYYY-MM-DD)",
    "url": "URL",
    "email": "e-mail address",
    "country": "country code",
    "language": "language tag",
}
_TYPES = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "boolean": "true or false",
    "null": "null",
    "object": "object",
    "array": "list",
}
_FORMATS = {
    "date": "date (YYYY-MM-DD)",
    "date-time": "date and time",
    "uri": "URL",
    "email": "e-mail address",
}
# A `code` span of a description stays code; one with a `|` or a line break is shown as text.
_CODE_SPAN = re.compile(r"`([^`|\n]+)`")
_TABLE_HEAD = ["| Field | Type | Required | Description |", "| --- | --- | --- | --- |"]


# The pages the plugin's `field_reference` option adds, by file name, each with its schema.
PAGES = {
    "policy.md": ("Policy file fields", schemas.load_schema),
    "catalog.md": ("Catalog fields", api_schemas.catalog_schema),
    "manifest.md": ("Manifest fields", api_schemas.manifest_schema),
    "notice.md": ("Short notice fields", api_schemas.notice_schema),
    "consent-record.md": ("Consent record fields", api_schemas.consent_record_schema),
}


def field_reference(schema: Schema, *, title: str, intro: str) -> str:
    """The reference page of `schema`. `title` is plain text; `intro` is Markdown, put in as is."""
    return _Page(schema).render(title, intro)


def reference_pages(*, api_prefix: str) -> dict[str, str]:
    """The pages of `PAGES` by file name, their intros naming where a site at `api_prefix` serves the JSON."""
    api = api_prefix.strip("/")
    intros = {
        "policy.md": (
            "A policy file holds one privacy policy in one version and one language, in YAML, at "
            "`policies/<policy>/<version>/<language>.yaml`. This page is generated from the descriptions "
            "in the policy JSON Schema, the one `policypress validate` checks every file against."
        ),
        "catalog.md": (
            f"The catalog lists every published policy of the site, at `{api}/index.json`: an app reads it "
            "first. This page is generated from the descriptions in the catalog's JSON Schema, which the "
            f"site publishes at `{api}/schema/catalog.schema.json`."
        ),
        "manifest.md": (
            "A manifest holds one policy version in one language for apps, at "
            f"`{api}/policies/<policy>/<version>/<language>.json`; its fields are those of the "
            "[policy file](policy.md), plus a few of its own. This page is generated from the descriptions "
            f"in the manifest's JSON Schema, which the site publishes at `{api}/schema/manifest.schema.json`."
        ),
        "notice.md": (
            "A short notice holds the key points of one policy version in one language, for an app's "
            f"consent dialog, at `{api}/policies/<policy>/<version>/<language>.notice.json`. This page is "
            "generated from the descriptions in its JSON Schema, which the site publishes at "
            f"`{api}/schema/notice.schema.json`."
        ),
        "consent-record.md": (
            "A consent record is what an app keeps when it shows a policy and the user decides; the site "
            "writes none. This page is generated from the descriptions in its JSON Schema, which the site "
            f"publishes at `{api}/schema/consent-record.schema.json`."
        ),
    }
    return {
        name: field_reference(schema(), title=title, intro=intros[name])
        for name, (title, schema) in PAGES.items()
    }


# ---------------------------------------------------------------- escaping


def _prose(text: object, *, line_start: bool = False) -> str:
    """Schema text on one line, shown as written except for its `code` spans.

    `line_start`: the text begins a paragraph, where `-`, `#` or `1.` would start a block.
    """
    pieces = _CODE_SPAN.split(CONTROL.sub("", str(text)))
    out = [f"`{piece}`" if odd else escape_chars(piece) for odd, piece in _alternate(pieces)]
    if line_start and pieces[0].strip():
        out[0] = plain(pieces[0]) + (" " if pieces[0][-1].isspace() else "")
    return " ".join("".join(out).split())


def _alternate(pieces: list[str]) -> Iterator[tuple[bool, str]]:
    return ((index % 2 == 1, piece) for index, piece in enumerate(pieces))


def _code_safe(text: str) -> bool:
    return bool(text) and text == text.strip() and not set(text) & set("`|\n\r")


def _code(text: str) -> str:
    """`text` as a code span where that is safe in a table cell, else as escaped text."""
    if _code_safe(text):
        return f"`{text}`"
    return str(cell(text)) if text.strip() else "(empty)"


def _value(value: object) -> str:
    """A value the schema allows (enum, const, example), as the author would write it."""
    return _code(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))


def _sentence(text: object) -> str:
    """Schema text as a sentence: capitalized, ending with a full stop, safe to start a paragraph."""
    prose = _prose(text, line_start=True)
    if prose[:1].islower():
        prose = prose[0].upper() + prose[1:]
    return prose if prose.endswith((".", "!", "?")) or not prose else prose + "."


def _or_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


# ---------------------------------------------------------------- the page


class _Page:
    """One schema's reference page; knows every heading id, so links and headings agree."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.defs: Schema = schema.get("$defs", {})
        self.ids: dict[tuple[str, ...], str] = {}
        self.types = _referenced_defs(schema)
        for part in ("fields", "types"):  # the page's own sections keep their ids, whatever the title
            self.id_for(part)

    def id_for(self, *key: str) -> str:
        """A stable, unique ASCII heading id for a part of the page (the same key, the same id)."""
        if key not in self.ids:
            base = anchor("-".join(key))
            taken = set(self.ids.values())
            candidate, n = base, 1
            while candidate in taken:
                n += 1
                candidate = f"{base}-{n}"
            self.ids[key] = candidate
        return self.ids[key]

    def render(self, title: str, intro: str) -> str:
        lines = [str(heading(title, 1, self.id_for("", title))), "", intro.strip(), ""]
        if "description" in self.schema:
            lines += [_prose(self.schema["description"], line_start=True), ""]
        lines += [f"## Fields {{#{self.id_for('fields')}}}", ""]
        lines += self.object_section(self.schema, ("field", ""), headed=False)
        if self.types:
            lines += [f"## Types {{#{self.id_for('types')}}}", ""]
            lines += ["The kinds of value that fields above link to, each described once.", ""]
            for name in self.types:
                lines += self.type_section(name)
        return "\n".join(lines).rstrip("\n") + "\n"

    # ------------------------------------------------------------ sections

    def object_section(self, schema: Schema, where: _Where, *, headed: bool = True) -> list[str]:
        """An object's table, then a section for each object nested in its fields (depth first)."""
        scope, path = where
        lines: list[str] = []
        if headed:
            level = 3 if scope == "field" else 4
            label = SafeMd(_code(path)) if _code_safe(path) else path  # heading() escapes a plain path
            lines += [str(heading(label, level, self.id_for(*where))), ""]
            if "description" in schema:
                lines += [_prose(schema["description"], line_start=True), ""]
        notes = [*_alternatives_notes(schema), *_rules(schema)]
        if notes:
            lines += [" ".join(notes), ""]
        properties: Schema = schema.get("properties", {})
        if properties:
            lines += [*_TABLE_HEAD, *self.rows(schema, where), ""]
        for name, prop in properties.items():
            for child_path, child in _nested_objects(prop, _join(path, name)):
                lines += self.object_section(child, (scope, child_path))
        return lines

    def type_section(self, name: str) -> list[str]:
        """One `$defs` entry: what it is, and its fields or its rules."""
        definition: Schema = self.defs[name]
        lines = [str(heading(self.label(name), 3, self.id_for("type", name))), ""]
        if "description" in definition:
            lines += [_prose(definition["description"], line_start=True), ""]
        if definition.get("properties"):
            return lines + self.object_section(definition, ("type", name), headed=False)
        notes = [f"Type: {self.words(definition)}.", *_rules(definition), *self.item_notes(definition)]
        return [*lines, " ".join(notes), ""]

    # ------------------------------------------------------------ table rows

    def rows(self, schema: Schema, where: _Where) -> list[str]:
        scope, path = where
        required = set(schema.get("required", []))
        required_if, then_notes = self.conditions(schema)
        rows = []
        for name, prop in schema["properties"].items():
            needed = "yes" if name in required else required_if.get(name, "no")
            described = [*self.description(prop), *then_notes.get(name, [])]
            kind = self.words(prop, (scope, _join(path, name)))
            rows.append(f"| {_code(name)} | {kind} | {needed} | {' '.join(described)} |")
        return rows

    def description(self, prop: Schema) -> list[str]:
        """A field's description cell: its description, its rules, what each list item is, and
        what PolicyPress's annotations say of it (the policy schema's; published schemas have none)."""
        parts = [_prose(prop["description"])] if "description" in prop else []
        return [*parts, *_rules(prop), *self.item_notes(prop), *_annotation_notes(prop)]

    def item_notes(self, schema: Schema) -> list[str]:
        """For a list of plain values: what each item is and its rules (objects have their section)."""
        items = schema.get("items")
        if not isinstance(items, dict) or "$ref" in items or items.get("properties"):
            return []
        said = [_sentence(items["description"])] if "description" in items else []
        said += _rules(items)
        return [f"Each item: {' '.join(said)}"] if said else []

    def conditions(self, schema: Schema) -> tuple[dict[str, str], dict[str, list[str]]]:
        """`if`/`then` rules of an object: when a field becomes required, and what it must then be."""
        required: dict[str, dict[str, list[str]]] = {}
        notes: dict[str, list[str]] = {}
        for rule in _if_then(schema):
            condition = _condition(rule["if"])
            if condition is None:
                continue
            key, values = condition
            then: Schema = rule["then"]
            for name in then.get("required", []):
                required.setdefault(name, {}).setdefault(key, []).extend(values)
            for name, sub in then.get("properties", {}).items():
                notes.setdefault(name, []).append(self.then_note(key, values, sub))
        required_if = {
            name: "if " + " or if ".join(f"{_code(key)} is {_or_list(vals)}" for key, vals in by_key.items())
            for name, by_key in required.items()
        }
        return required_if, notes

    def then_note(self, key: str, values: list[str], sub: Schema) -> str:
        parts = [f"If {_code(key)} is {_or_list(values)}: {self.words(sub)}."]
        if "description" in sub and "$ref" not in sub:
            parts.append(_sentence(sub["description"]))
        return " ".join([*parts, *_rules(sub)])

    # ------------------------------------------------------------ types in words

    def label(self, name: str) -> str:
        """A type's name in words: "Markdown text" for a shared value, the def's name for an object."""
        definition = self.defs.get(name, {})
        if definition.get("type") != "object" and name in _WORDS:
            return _WORDS[name]
        return name.replace("_", " ")

    def words(self, schema: Schema, where: _Where | None = None) -> str:
        """The Type column: what the value is, linked to its own section or to Types.

        `where` is the field's place on the page, for a nested object's section; None
        where no section exists (inside `oneOf`, `then`, a type's rules).
        """
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return self.ref_words(ref)
        if "const" in schema:
            return f"always {_value(schema['const'])}"
        if isinstance(schema.get("enum"), list):
            return "one of: " + ", ".join(_value(v) for v in schema["enum"])
        for keyword in ("oneOf", "anyOf"):
            options = schema.get(keyword)
            if isinstance(options, list) and not all(_only_required(o) for o in options):
                return " or ".join(self.words(o) for o in options if isinstance(o, dict))
        kinds = schema.get("type")
        if isinstance(kinds, str):
            kinds = [kinds]
        if not isinstance(kinds, list) or not kinds:
            return "any value"
        return " or ".join(self.type_word(kind, schema, where) for kind in kinds)

    def type_word(self, kind: str, schema: Schema, where: _Where | None) -> str:
        if kind == "string":
            return _FORMATS.get(schema.get("format", ""), "text")
        if kind == "object" and schema.get("properties") and where is not None:
            return f"[object](#{self.id_for(*where)})"
        items = schema.get("items")
        if kind != "array" or not isinstance(items, dict):
            return _TYPES.get(kind, kind)
        item_where = None if where is None else (where[0], where[1] + "[]")
        if isinstance(items.get("enum"), list):
            return "list of any of: " + ", ".join(_value(v) for v in items["enum"])
        if items.get("properties") and "$ref" not in items and item_where is not None:
            return f"list of [objects](#{self.id_for(*item_where)})"
        return "list of " + self.words(items, item_where)

    def ref_words(self, ref: str) -> str:
        name = ref.removeprefix(_DEFS)
        if not ref.startswith(_DEFS) or name not in self.defs:
            return f"see {_code(ref)}"
        return f"[{escape_chars(self.label(name))}](#{self.id_for('type', name)})"


# ---------------------------------------------------------------- schema walking


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _nested_objects(schema: Schema, path: str) -> Iterator[tuple[str, Schema]]:
    """The inline objects with fields in a field: the field itself, or its list's items (`path[]`)."""
    if "$ref" in schema:
        return
    if schema.get("properties"):
        yield path, schema
    elif isinstance(schema.get("items"), dict):
        yield from _nested_objects(schema["items"], path + "[]")


def _referenced_defs(schema: Schema) -> list[str]:
    """The `$defs` something on the page refers to, in the schema's order (`if` clauses only test)."""
    defs: Schema = schema.get("$defs", {})
    found: set[str] = set()
    pending = [{k: v for k, v in schema.items() if k != "$defs"}]
    while pending:
        for ref in _refs(pending.pop()):
            name = ref.removeprefix(_DEFS)
            if ref.startswith(_DEFS) and name in defs and name not in found:
                found.add(name)
                pending.append(defs[name])
    return [name for name in defs if name in found]


def _refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            elif key != "if":
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _if_then(schema: Schema) -> Iterator[Schema]:
    for rule in [schema, *schema.get("allOf", [])]:
        if isinstance(rule, dict) and isinstance(rule.get("if"), dict) and isinstance(rule.get("then"), dict):
            yield rule


def _condition(test: Schema) -> tuple[str, list[str]] | None:
    """An `if` that tests one field's value (const, enum or null), as (field, values in words)."""
    properties = test.get("properties")
    if not isinstance(properties, dict) or len(properties) != 1:
        return None
    ((key, sub),) = properties.items()
    if "const" in sub:
        return key, [_value(sub["const"])]
    if isinstance(sub.get("enum"), list):
        return key, [_value(v) for v in sub["enum"]]
    if sub.get("type") == "null":
        return key, [_value(None)]
    return None


def _only_required(option: object) -> bool:
    return isinstance(option, dict) and set(option) == {"required"}


def _alternatives_notes(schema: Schema) -> Iterator[str]:
    """`anyOf`/`oneOf` alternatives that only require fields: "needs at least one of …"."""
    for keyword, amount in (("anyOf", "at least one"), ("oneOf", "exactly one")):
        options = schema.get(keyword)
        if isinstance(options, list) and options and all(_only_required(o) for o in options):
            groups = [" and ".join(_code(name) for name in o["required"]) for o in options]
            yield f"Needs {amount} of: {_or_list(groups)}."


def _annotation_notes(schema: Schema) -> Iterator[str]:
    """An interpretive field's rule (no default: left out, it means the text does not say), and
    the kind of change a change of the field is, for the change record's `kinds`."""
    notes = schema.get(ANNOTATION)
    if not isinstance(notes, dict):
        return
    if notes.get("interprets"):
        yield "Not stated when left out: it has no default, and is never inferred."
    if isinstance(notes.get("change"), str) and "change_by_value" not in notes:
        yield f"Kind of change: {_code(notes['change'])}."
    elif isinstance(notes.get("change_by_value"), dict):
        yield (
            "Kind of change: by its value ("
            + ", ".join(f"{_code(value)}: {_code(kind)}" for value, kind in notes["change_by_value"].items())
            + ")."
        )


def _rules(schema: Schema) -> Iterator[str]:
    if "pattern" in schema:
        message = schema.get("patternErrorMessage")
        yield _sentence(message) if message else f"Matches the pattern {_code(schema['pattern'])}."
    if schema.get("minLength") == 1:
        yield "Not empty."
    elif "minLength" in schema:
        yield f"At least {schema['minLength']} characters."
    if "maxLength" in schema:
        yield f"At most {schema['maxLength']} characters."
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        yield f"From {low} to {high}."
    elif low is not None or high is not None:
        yield f"At least {low}." if low is not None else f"At most {high}."
    if "minItems" in schema:
        yield f"At least {schema['minItems']} item{'' if schema['minItems'] == 1 else 's'}."
    if "maxItems" in schema:
        yield f"At most {schema['maxItems']} item{'' if schema['maxItems'] == 1 else 's'}."
    if schema.get("uniqueItems"):
        yield "No item twice."
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        yield ("Example: " if len(examples) == 1 else "Examples: ") + ", ".join(map(_value, examples)) + "."
