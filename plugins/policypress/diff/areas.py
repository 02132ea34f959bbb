"""What the structured diff compares, and what kind of change each difference is: read from
the schema's annotations (see schemaindex).

Every part of a policy that says something about personal information is an area (its
`area` annotation): a list of items with stable ids (data categories, recipients, retention
rules…) or a mapping of facts (the controller, cookies, children…). Each field is classified
the way a privacy lawyer reads it, by its `change` annotation:

- facts get the change_kind of what they are about: a category's `sensitive` flag is
  sensitive-data, a purpose's `legal_basis` legal-basis, a recipient's `location`
  cross-border, a retention rule's `period` and `law` retention, a right's channels rights;
- a text field counts as a fact when it is the only place the schema holds that fact:
  a recipient's or the controller's name, a cookie's duration, a fee, what happens after
  retention, the exceptions to a right, a data category's examples, a transfer's destination;
- labels, descriptions and the policy's own words about a fact are wording (`editorial`):
  they are reported too, but imply only `editorial`. PolicyPress cannot tell a reworded
  purpose from a new one, which is why a new purpose must get a new id.

Metadata (policy, version, language, status, dates, supersedes, changes, source,
translation) is not content and is never compared (`compare: false`); nor is the layout of
sections (`topic`, `shows`), nor authors' internal notes (`internal`, never published).
A field of an area without a `change` annotation stops the build of the table: a new field
must be classified, or it would silently never count as a change.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..schemaindex import SchemaIndex, SchemaIndexError, current

EDITORIAL = "editorial"

# Authors' notes, allowed on the policy and on most items: never published, never compared.
NOTES = "internal"


@dataclass(frozen=True)
class Field:
    """How one field of an area is compared and shown.

    `show` tells the presentation how to put a value in words: auto (by its type),
    enum (words from the catalog group `group`), refs (ids of other items), country,
    duration, law, language. Lists are compared as sets unless `ordered`. With
    `on_item`, adding or removing an item that has this fact (a sensitive category, a
    recipient abroad) also implies the field's kind.
    """

    kind: str
    area: str | None = None  # report under another area (a purpose's legal bases: legal_bases)
    show: str = "auto"
    group: str | None = None
    ordered: bool = False
    on_item: bool = False
    by_value: Mapping[str, str] | None = None  # an enum's values → their kinds (a negation's practice)
    kind_from: str | None = None  # the sibling field whose value decides the kind

    def kinds_of(self, value: Any) -> frozenset[str]:
        """The kinds a value of this field implies: by its value where the schema maps values (none
        for a value that is not stated, so that only the stated side of a change counts)."""
        if self.by_value is not None:
            values = value if isinstance(value, list) else [value]
            return frozenset(self.by_value.get(v, self.kind) for v in values if isinstance(v, str))
        return frozenset({self.kind})


@dataclass(frozen=True)
class Area:
    """A part of the policy compared as a whole: a list of items by id (`kind` set) or a mapping."""

    name: str
    path: tuple[str, ...]
    fields: MappingProxyType[str, Field] = field(default_factory=lambda: MappingProxyType({}))
    kind: str | None = None  # for lists: the kind of adding or removing an item (or its fields' own)
    keyed: bool = False  # a list of items matched by id

    def field_kinds(self, spec: Field, item: Any, value: Any) -> frozenset[str]:
        """The kinds a change of `value` (a field of `item`) implies."""
        if spec.kind_from is not None:
            source = self.fields.get(spec.kind_from)
            if source is not None and isinstance(item, Mapping):
                return source.kinds_of(item.get(spec.kind_from))
        return spec.kinds_of(value)


@dataclass(frozen=True)
class Areas:
    """The areas of one schema, in page order, and what the presentation needs from them."""

    areas: tuple[Area, ...]
    names: tuple[str, ...]  # every area name a change can carry, in page order
    specs: Mapping[tuple[str, str], Field]  # (area as reported, field) → how it is shown


def table(index: SchemaIndex | None = None) -> Areas:
    """The areas of the schema in use (or of `index`), built once per index."""
    return (index or current()).derived("diff.areas", _build)


def _build(index: SchemaIndex) -> Areas:
    found = tuple(_areas(index, index.schema, (), index.notes(index.schema), keyed=False))
    names = tuple(
        dict.fromkeys(
            name
            for area in found
            for name in (area.name, *(spec.area for spec in area.fields.values() if spec.area))
        )
    )
    specs: dict[tuple[str, str], Field] = {}
    for area in found:
        for name, spec in area.fields.items():
            specs.setdefault((spec.area or area.name, name), spec)
            specs.setdefault((area.name, name), spec)
    return Areas(found, names, MappingProxyType(specs))


def _areas(
    index: SchemaIndex, node: dict[str, Any], path: tuple[str, ...], notes: Mapping[str, Any], *, keyed: bool
) -> Iterator[Area]:
    """The area of an object (a part, or a list's items) and then, or first, the areas inside it."""
    fields: dict[str, Field] = {}
    inner: list[Area] = []
    _collect(index, node, path, "", fields, inner, keyed=keyed)
    kind = notes.get("change") if keyed else None
    if (
        keyed
        and not isinstance(kind, str)
        and not any(spec.on_item and spec.by_value for spec in fields.values())
    ):
        raise SchemaIndexError(f"{'.'.join(path)}: a list area needs a change kind for adding an item")
    own = [Area(notes["area"], path, MappingProxyType(fields), kind, keyed)] if fields or keyed else []
    yield from [*inner, *own] if notes.get("facts") == "last" else [*own, *inner]


def _collect(
    index: SchemaIndex,
    node: dict[str, Any],
    path: tuple[str, ...],
    prefix: str,
    fields: dict[str, Field],
    inner: list[Area],
    *,
    keyed: bool = False,
) -> None:
    for key, prop in node.get("properties", {}).items():
        notes = index.notes(prop)
        if key == NOTES or notes.get("compare") is False or (keyed and not prefix and key == "id"):
            continue
        resolved = index.resolve(prop)
        where = ".".join((*path, prefix + key))
        if "area" in notes:
            if prefix:
                raise SchemaIndexError(f"{where}: an area cannot be inside a nested object")
            if resolved.get("type") == "array":
                items = index.resolve(resolved["items"])
                inner.extend(_areas(index, items, (*path, key), notes, keyed=True))
            else:
                inner.extend(_areas(index, resolved, (*path, key), notes, keyed=False))
        elif "$ref" not in prop and resolved.get("type") == "object" and resolved.get("properties"):
            _collect(index, resolved, path, f"{prefix}{key}.", fields, inner)  # do_not_track.honoured
        elif isinstance(notes.get("change"), str) or isinstance(notes.get("change_from"), str):
            fields[prefix + key] = _field(index, prop, resolved, notes)
        else:
            raise SchemaIndexError(f"{where}: say in x-policypress which kind of change a change of it is")


def _field(
    index: SchemaIndex, prop: dict[str, Any], resolved: dict[str, Any], notes: Mapping[str, Any]
) -> Field:
    items = resolved.get("items")
    item_notes = index.notes(items) if isinstance(items, dict) else {}
    show = notes.get("show") or item_notes.get("show")
    group = notes.get("words")
    if group:
        show = "enum"
    elif notes.get("refers"):
        show = "refs"
    by_value = notes.get("change_by_value")
    return Field(
        notes.get("change", "other"),
        area=notes.get("report_as"),
        show=show or "auto",
        group=group,
        ordered=bool(notes.get("ordered")),
        on_item=bool(notes.get("marks_item")),
        by_value=MappingProxyType(dict(by_value)) if isinstance(by_value, dict) else None,
        kind_from=notes.get("change_from"),
    )


# Fields that hold an item's name, in order of preference, for showing an id in words.
NAME_FIELDS: tuple[str, ...] = ("label", "name", "title", "value", "subject", "text", "description")
