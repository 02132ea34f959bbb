"""What the policy schema says about the model, read once: the index every stage works from.

The schema is the one source of truth about a policy. Besides JSON Schema's own keywords, a
part or field may carry an `x-policypress` annotation that says what the rest of PolicyPress
must know about it:

- `area`: the part, or list of items, is compared as a whole in the semantic diff, under this
  name (`facts: last` compares a part's own facts after its lists);
- `change`: the kind of change (the schema's change_kind) that a change of the field implies,
  `editorial` for wording; on a list of items, the kind of adding or removing one;
  `change_by_value` maps an enum field's values to kinds (what a negation negates decides
  whether it is about sharing or collection); `change_from` names the sibling field whose
  value decides a field's kind; `compare: false` leaves a field out of the structured diff
  (metadata, the sections);
- `report_as`: the diff area a field's change is reported under (a purpose's legal bases);
- `marks_item`: adding or removing an item that states the field also implies its kind;
- `ordered`: the order of a list of values says something (otherwise it is a set);
- `words`: the catalog group that holds the words for an enum's values;
- `show`: how a value of a type is put in words (country, duration, law, language);
- `refers`: the collection whose ids a reference names; `collection` names a list of items
  other fields refer to; `noun`: what one item of a list is called in messages;
- `translation`: `text` (a translation has its own words), `own` (the file's own: which
  file it is and where it comes from); anything else is a fact every translation repeats;
- `markdown`: the type is Markdown; `atomic`: an object compared and shown as one value;
- `material`: on change_kind, the kinds that are material by default;
- `vocabulary`: a list of terms of a published vocabulary (`dpv/data`: the vocabulary's file,
  then its list), checked against the list PolicyPress ships (policypress.vocabularies);
- `interprets`: the field states what the text means (a period's bound, a flag, a link
  between parts): it has no default, and leaving it out means the text does not state it.

`current()` is the index of the schema in use. It is rebuilt whenever the schema is read
again (`schemas.forget()`, which `mkdocs serve` calls before every build), so no stage keeps
a table of an older schema; what a stage derives from the index it keeps with `derived`,
so it is dropped with the index.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeVar, cast

from .internal import FIELD as INTERNAL_FIELD
from .schemas import load_schema

ANNOTATION = "x-policypress"
DEFS = "#/$defs/"
ITEM = "*"  # a pattern's step into each item of a list

Schema = dict[str, Any]
Pattern = tuple[str, ...]
T = TypeVar("T")


class SchemaIndexError(ValueError):
    """The schema's annotations contradict each other or the schema: a contributor's mistake."""


@dataclass(frozen=True)
class Collection:
    """A list of items with ids that other fields refer to (data categories, contacts, …)."""

    name: str
    path: Pattern
    noun: str


@dataclass(frozen=True)
class Reference:
    """Fields matching `pattern` hold ids of items of `collection`."""

    pattern: Pattern
    collection: Collection


@dataclass(frozen=True)
class FieldInfo:
    """One field of the schema where no recursion is needed to reach it (sections are not walked)."""

    pattern: Pattern  # ("sharing", "recipients", "*", "data")
    schema: Schema  # the property as written
    resolved: Schema  # after following `$ref`
    notes: Mapping[str, Any]  # the annotation: the definition's, then the property's own
    item_notes: Mapping[str, Any]  # for a list: the annotation of its items' definition
    defs: frozenset[str]  # definitions the value may be (through `$ref` and `oneOf`)
    item_defs: frozenset[str]  # for a list: the definitions its items may be


class SchemaIndex:
    """Everything PolicyPress reads from one policy schema, computed once."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.defs: Schema = schema.get("$defs", {})
        _check_annotations(schema, "#")
        self.fields: tuple[FieldInfo, ...] = tuple(self._walk(schema, (), frozenset()))
        self.parts: tuple[str, ...] = tuple(self.defs["part"]["enum"])
        for part in self.parts:
            if part not in schema.get("properties", {}):
                raise SchemaIndexError(f"the part '{part}' of $defs/part is not a field of the policy")
        # Parts that are lists of items: a section may show one item of them on its own.
        self.list_parts: frozenset[str] = frozenset(
            part for part in self.parts if self.resolve(schema["properties"][part]).get("type") == "array"
        )
        self.change_kinds: tuple[str, ...] = tuple(self.defs["change_kind"]["enum"])
        self.material_kinds: frozenset[str] = frozenset(
            self.notes(self.defs["change_kind"]).get("material", ())
        )
        self.collections: Mapping[str, Collection] = MappingProxyType(self._collections())
        self.references: tuple[Reference, ...] = tuple(self._references())
        self.dates = self._typed("date")
        self.languages = self._typed("language")
        self.countries = self._typed("country")
        # Where terms of a vocabulary are: each item of such a list, with its `vocabulary/list`.
        self.vocabularies: tuple[tuple[Pattern, str], ...] = tuple(
            ((*f.pattern, ITEM), f.notes["vocabulary"]) for f in self.fields if "vocabulary" in f.notes
        )
        self.word_groups: Mapping[str, tuple[str, ...]] = MappingProxyType(self._word_groups())
        self.markdown_keys: frozenset[str] = frozenset(
            f.pattern[-1] for f in self.fields if self.is_markdown(f.schema)
        ) | frozenset(self._markdown_keys_in_defs())
        self._derived: dict[str, Any] = {}
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- reading the schema

    def resolve(self, node: Schema) -> Schema:
        """`node` with its `$ref` chain followed to the definition it names."""
        seen = 0
        while isinstance(node.get("$ref"), str) and node["$ref"].startswith(DEFS):
            node = self.defs[node["$ref"].removeprefix(DEFS)]
            seen += 1
            if seen > 32:
                raise SchemaIndexError("a $ref chain of the schema loops")
        return node

    def ref_name(self, node: Schema) -> str | None:
        """The definition `node` refers to directly, if any."""
        ref = node.get("$ref")
        return ref.removeprefix(DEFS) if isinstance(ref, str) and ref.startswith(DEFS) else None

    def notes(self, node: Schema) -> Mapping[str, Any]:
        """The annotation of `node`: its definitions' (outermost last), then its own."""
        merged: dict[str, Any] = {}
        chain = []
        while True:
            chain.append(node)
            name = self.ref_name(node)
            if name is None:
                break
            node = self.defs[name]
        for step in reversed(chain):
            own = step.get(ANNOTATION)
            if isinstance(own, dict):
                merged.update(own)
        return merged

    def is_markdown(self, node: Schema) -> bool:
        return bool(self.notes(node).get("markdown"))

    def is_text(self, node: Schema) -> bool:
        """Words in the file's language (plain text, Markdown, a list of texts)."""
        return self.notes(node).get("translation") == "text"

    def derived(self, key: str, build: Callable[[SchemaIndex], T]) -> T:
        """What a stage derives from this index (a plan, a table), built once and kept with it."""
        with self._lock:
            if key not in self._derived:
                self._derived[key] = build(self)
            return cast(T, self._derived[key])

    # ---------------------------------------------------------------- the walk

    def _walk(self, node: Schema, pattern: Pattern, expanding: frozenset[str]) -> Iterator[FieldInfo]:
        """Every field below an object, depth first in the schema's order; a definition that
        contains itself (a section's sub-sections) is not expanded again."""
        for key, prop in node.get("properties", {}).items():
            if key == INTERNAL_FIELD:
                continue
            here = (*pattern, key)
            resolved = self.resolve(prop)
            items = resolved.get("items") if isinstance(resolved.get("items"), dict) else None
            yield FieldInfo(
                here,
                prop,
                resolved,
                MappingProxyType(self.notes(prop)),
                MappingProxyType(self.notes(items) if items is not None else {}),
                frozenset(self._def_names(prop)),
                frozenset(self._def_names(items)) if items is not None else frozenset(),
            )
            name = self.ref_name(prop)
            if name in expanding:
                continue
            inner = expanding | {name} if name else expanding
            if resolved.get("type") == "object":
                yield from self._walk(resolved, here, inner)
            elif items is not None:
                item_name = self.ref_name(items)
                if item_name in inner:
                    continue
                item_schema = self.resolve(items)
                if item_schema.get("type") == "object":
                    yield from self._walk(
                        item_schema, (*here, ITEM), inner | {item_name} if item_name else inner
                    )

    def _def_names(self, node: Schema) -> Iterator[str]:
        name = self.ref_name(node)
        while name is not None:
            yield name
            name = self.ref_name(self.defs[name])
        for branch in node.get("oneOf", ()):
            if isinstance(branch, dict):
                yield from self._def_names(branch)

    def _typed(self, definition: str) -> tuple[Pattern, ...]:
        """Where values of a definition are: the field itself, or each item of a list."""
        found: list[Pattern] = []
        for info in self.fields:
            if definition in info.defs:
                found.append(info.pattern)
            elif definition in info.item_defs:
                found.append((*info.pattern, ITEM))
        return tuple(found)

    def _collections(self) -> dict[str, Collection]:
        found: dict[str, Collection] = {}
        for info in self.fields:
            name = info.notes.get("collection")
            if name is None:
                continue
            if name in found:
                raise SchemaIndexError(f"two lists of the schema are the collection '{name}'")
            noun = info.notes.get("noun")
            if not isinstance(noun, str):
                raise SchemaIndexError(f"{'.'.join(info.pattern)}: a collection needs a noun")
            found[name] = Collection(name, info.pattern, noun)
        return found

    def _references(self) -> Iterator[Reference]:
        for info in self.fields:
            target = info.notes.get("refers")
            if target is None:
                continue
            if target not in self.collections:
                raise SchemaIndexError(
                    f"{'.'.join(info.pattern)} refers to '{target}', which is no collection"
                )
            is_list = info.resolved.get("type") == "array"
            yield Reference((*info.pattern, ITEM) if is_list else info.pattern, self.collections[target])

    def _word_groups(self) -> dict[str, tuple[str, ...]]:
        groups: dict[str, tuple[str, ...]] = {}
        for info in self.fields:
            group = info.notes.get("words")
            if group is None:
                continue
            enum = info.resolved.get("enum")
            if enum is None and isinstance(info.resolved.get("items"), dict):
                enum = self.resolve(info.resolved["items"]).get("enum")
            if not isinstance(enum, list):
                raise SchemaIndexError(f"{'.'.join(info.pattern)} has words but no enum")
            if groups.get(group, tuple(enum)) != tuple(enum):
                raise SchemaIndexError(f"the word group '{group}' is used for two different enums")
            groups[group] = tuple(enum)
        return groups

    def _markdown_keys_in_defs(self) -> Iterator[str]:
        """Markdown fields of definitions the walk does not enter (a section's text and after)."""
        for definition in self.defs.values():
            for key, prop in definition.get("properties", {}).items():
                if isinstance(prop, dict) and self.is_markdown(prop):
                    yield key

    # ---------------------------------------------------------------- questions

    def field(self, pattern: Pattern) -> FieldInfo:
        for info in self.fields:
            if info.pattern == pattern:
                return info
        raise KeyError(pattern)


# Every annotation key and what it must be: a misspelt key would silently mean nothing.
KEYS: Mapping[str, type | tuple[type, ...]] = MappingProxyType(
    {
        "area": str,
        "facts": str,
        "change": str,
        "change_by_value": dict,
        "change_from": str,
        "compare": bool,
        "interprets": bool,
        "report_as": str,
        "marks_item": bool,
        "ordered": bool,
        "words": str,
        "show": str,
        "refers": str,
        "collection": str,
        "noun": str,
        "translation": str,
        "markdown": bool,
        "atomic": bool,
        "material": list,
        "vocabulary": str,
    }
)


def _check_annotations(node: Any, where: str) -> None:
    if isinstance(node, list):
        for index, item in enumerate(node):
            _check_annotations(item, f"{where}/{index}")
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == ANNOTATION:
            if not isinstance(value, dict):
                raise SchemaIndexError(f"{where}: {ANNOTATION} must be an object")
            for name, given in value.items():
                wanted = KEYS.get(name)
                if wanted is None:
                    raise SchemaIndexError(f"{where}: unknown {ANNOTATION} key '{name}'")
                if not isinstance(given, wanted):
                    raise SchemaIndexError(f"{where}: {ANNOTATION} '{name}' has a value of the wrong type")
        elif key not in _DATA_KEYWORDS:
            _check_annotations(value, f"{where}/{key}")


_current: SchemaIndex | None = None
_current_lock = threading.Lock()


def current() -> SchemaIndex:
    """The index of the policy schema in use, built again when the schema was read again."""
    global _current
    schema = load_schema()
    with _current_lock:
        if _current is None or _current.schema is not schema:
            _current = SchemaIndex(schema)
        return _current


def without_annotations(node: Any) -> Any:
    """A copy of a schema without PolicyPress's annotations: what is published for other tools.

    Only schema keywords are dropped; a field that happened to be called `x-policypress`
    (a key of `properties`) would be kept, and so would data (`enum`, `const`, `examples`).
    """
    if isinstance(node, list):
        return [without_annotations(item) for item in node]
    if not isinstance(node, dict):
        return node
    copy: dict[str, Any] = {}
    for key, value in node.items():
        if key == ANNOTATION:
            continue
        if key in _DATA_KEYWORDS:
            copy[key] = value
        elif key in _NAMED_SCHEMAS and isinstance(value, dict):
            copy[key] = {name: without_annotations(sub) for name, sub in value.items()}
        else:
            copy[key] = without_annotations(value)
    return copy


_DATA_KEYWORDS = frozenset({"enum", "const", "examples", "default", "required", "dependentRequired"})
_NAMED_SCHEMAS = frozenset({"properties", "$defs", "patternProperties", "dependentSchemas"})
