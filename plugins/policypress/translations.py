"""Translations of one policy version must agree with its controlling text on every structured fact.

The files of a version (one per language) are grouped by (policy, version). The file in the
controlling language is the reference; each other file is compared with it by stable ids:
the ids of every list of items (data categories, purposes, …, sections and sub-sections), and
every language-independent value (dates, booleans, numbers, kinds and other enums, references
between items, countries, durations, contact addresses and numbers, URLs). Words in the
file's own language (labels, descriptions, titles, notes) are never compared.

Which fields are facts is read from the policy schema's index (schemaindex), so a new field
is compared (or, if it is text, left alone) without a change here: text is what the schema
annotates as `translation: text` (plain text, Markdown, lists of texts); the file's own
fields (`translation: own`: which file it is, its title, status and provenance) are never
compared; a field that is text or null is compared only for being null; a field the schema
requires in some cases only (a contact's `value` for e-mail, phone and web kinds) is compared
in those cases only; an `atomic` type (a duration) is compared as one value; a list of values
is a set unless it is `ordered`; items are named in messages by their list's `noun`.

Each file is projected once to its facts (ids instead of positions); two projections that are
equal, the common case, need no further work, so the check costs one pass over each file.
Only a difference is walked in detail and located in the file's text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Code, Diagnostic, Severity
from .pointers import Path, to_pointer
from .schemaindex import SchemaIndex, SchemaIndexError, current
from .yamlload import Document

__all__ = ["check_translations", "facts"]

_SECTION = "section"
_SHOWN_IDS = 8  # ids listed in an order message before "…"
_IDENTITY = ("policy", "version", "language")
_IDENTITY_POINTERS = frozenset(to_pointer((key,)) for key in _IDENTITY)


# ---------------------------------------------------------------------------- the plan


@dataclass(eq=False)
class _Node:
    """What is compared at one place of the schema.

    kind: "value" (compared as is), "set" (a list whose order does not matter), "given"
    (text or null: only whether it is null), "object" (its `fields`), "items" (a list of
    items matched by id, each an `item` object).
    """

    kind: str
    fields: dict[str, _Node] = field(default_factory=dict)
    item: _Node | None = None
    noun: str = ""
    when: tuple[str, frozenset[Any]] | None = None  # compared only if the item's field has one of these


def _plan() -> _Node:
    """What is compared, for the schema in use: built once per schema index."""
    return current().derived("translations.plan", _build_plan)


def _build_plan(index: SchemaIndex) -> _Node:
    definitions: dict[str, _Node | None] = {}

    def not_compared(node: dict[str, Any]) -> bool:
        return index.notes(node).get("translation") in ("text", "own")

    def plan(node: dict[str, Any], key: str = "") -> _Node | None:
        if not_compared(node):
            return None
        notes = index.notes(node)
        if notes.get("atomic"):
            return _Node("value")
        ref = index.ref_name(node)
        if ref is not None and index.resolve(node).get("type") == "object":
            if ref not in definitions:  # a section holds sections: one plan, reused
                definitions[ref] = placeholder = _Node("object")
                built = plan(index.resolve(node), key)
                if built is not None:
                    placeholder.__dict__.update(built.__dict__)
                definitions[ref] = built and placeholder
            return definitions[ref]
        if ref is not None:
            return plan(index.resolve(node), key)
        if "oneOf" in node:
            branches = [b for b in node["oneOf"] if isinstance(b, dict)]
            return _Node("given") if any(index.is_text(b) for b in branches) else _Node("value")
        if node.get("type") == "object":
            return object_plan(node)
        if node.get("type") == "array":
            items = node.get("items", {})
            if not_compared(items):
                return None
            resolved = index.resolve(items)
            if resolved.get("type") == "object" and "id" in resolved.get("properties", {}):
                item = plan(items) or _Node("object")
                item.fields.pop("id", None)  # an item's id is the key it is matched by
                noun = notes.get("noun")
                if not isinstance(noun, str):
                    raise SchemaIndexError(f"the list '{key}' of items needs a noun for messages")
                return _Node("items", item=item, noun=noun)
            if resolved.get("type") == "object":
                return _Node("value")  # a list of items without ids: compared as a whole
            return _Node("value" if notes.get("ordered") else "set")
        return _Node("value")

    def object_plan(node: dict[str, Any]) -> _Node | None:
        fields: dict[str, _Node] = {}
        for key, sub in node.get("properties", {}).items():
            built = plan(sub, key)
            if built is not None:
                fields[key] = built
        for rule in node.get("allOf", []):  # {"if": {kind: …}, "then": {value: …}}
            condition = rule.get("if", {}).get("properties", {})
            if len(condition) != 1:
                continue
            ((tested, test),) = condition.items()
            values = frozenset([test["const"]] if "const" in test else test.get("enum", []))
            for key, sub in rule.get("then", {}).get("properties", {}).items():
                built = plan(sub, key)
                if built is None or (key in fields and fields[key].when is None):
                    continue
                earlier = fields[key].when if key in fields else None
                previous = earlier[1] if earlier else frozenset()
                built.when = (tested, previous | values)
                fields[key] = built
        return _Node("object", fields) if fields else None

    root = object_plan(index.schema)
    assert root is not None
    return root


# ---------------------------------------------------------------------------- projection


def facts(data: Any) -> Any:
    """The structured facts of a policy: what every translation of it must have alike.

    Lists of items become {id: (position, facts)}, lists of values whose order does not
    matter become sets, text becomes nothing (or, where it may be null, whether it is).
    """
    return _project(data, _plan())


def _project(value: Any, node: _Node) -> Any:
    kind = node.kind
    if kind == "object":
        return _project_object(value, node) if isinstance(value, dict) else value
    if kind == "items":
        return _project_items(value, node) if isinstance(value, list) else value
    if kind == "set":
        return _as_set(value)
    if kind == "given":
        return value is not None
    return value


def _project_object(value: dict[str, Any], node: _Node) -> dict[str, Any]:
    projected = {}
    fields = node.fields
    for key, child in value.items():
        sub = fields.get(key)
        if sub is None or (sub.when is not None and not _applies(value.get(sub.when[0]), sub.when[1])):
            continue
        kind = sub.kind  # the leaves inline: most fields are plain values (a third of the time)
        if kind == "value":
            projected[key] = child
        elif kind == "set":
            projected[key] = _as_set(child)
        else:
            projected[key] = _project(child, sub)
    return projected


def _project_items(value: list[Any], node: _Node) -> _Items:
    items = _Items()
    item_node = node.item
    assert item_node is not None
    for index, item in enumerate(value):
        key = item.get("id") if isinstance(item, dict) else None
        if not isinstance(key, str):
            key = ("#", index)  # no id (the schema reports it): matched by position
        if key not in items:  # a repeated id is reported by PP301; the first one counts
            items[key] = (index, _project(item, item_node))
    return items


def _as_set(value: Any) -> Any:
    if isinstance(value, list):
        try:
            return frozenset(value)
        except TypeError:  # not a list of values (the schema reports it): compared as written
            return value
    return value


class _Items(dict):  # type: ignore[type-arg]
    """A list of items as {id: (position, facts)}: told apart from a mapping the author wrote."""


def _applies(tested: Any, values: frozenset[Any]) -> bool:
    return isinstance(tested, str) and tested in values


# ---------------------------------------------------------------------------- the check


def check_translations(documents: Sequence[Document], known: Iterable[Diagnostic] = ()) -> list[Diagnostic]:
    """Every disagreement between the files of one policy version, over all `documents`.

    `known` are the problems already found in these files. A file whose policy, version or
    language is missing or faulted takes no part (of two files with the same identity only the
    first does: the second is PP310); a file with an error of its own is not compared, since
    its facts are in doubt; and nothing is reported where an error already is.
    """
    faulted: dict[str, set[str]] = defaultdict(set)
    for diagnostic in known:
        if diagnostic.severity is Severity.ERROR:
            faulted[diagnostic.file].add(diagnostic.pointer)
    versions: dict[tuple[str, str], dict[str, Document]] = {}
    for doc in documents:
        policy, version, language = (doc.data.get(k) for k in _IDENTITY)
        if (
            isinstance(policy, str)
            and isinstance(version, str)
            and isinstance(language, str)
            and not faulted[doc.path] & _IDENTITY_POINTERS
        ):
            versions.setdefault((policy, version), {}).setdefault(language, doc)
    found: list[Diagnostic] = []
    for (policy, version), files in versions.items():
        found.extend(_check_version(policy, version, files, faulted))
    return sorted(d for d in found if d.pointer not in faulted[d.file])


def _check_version(
    policy: str, version: str, files: dict[str, Document], faulted: dict[str, set[str]]
) -> list[Diagnostic]:
    controlling = _controlling_language(files)
    if controlling is None:  # no file names one: the schema says so
        return []
    if len(files) == 1 and controlling in files:
        return []  # the usual case: an original on its own
    found: list[Diagnostic] = []
    named_by = next(d for _, d in sorted(files.items()) if d.data.get("controlling_language") == controlling)
    for _, doc in sorted(files.items()):
        named = doc.data.get("controlling_language")
        if isinstance(named, str) and named != controlling:
            found.append(
                _at(
                    doc,
                    ("controlling_language",),
                    Code.CONTROLLING_LANGUAGES_DIFFER,
                    f"this file names {named} as the controlling language of policy {policy} version "
                    f"{version}, but {named_by.path} names {controlling}; every file of a version names "
                    "the same one",
                )
            )
    reference = files.get(controlling)
    if reference is None:
        reference = min(files.values(), key=lambda d: (isinstance(d.data.get("translation"), dict), d.path))
        compared = f"; its files are compared with {reference.path} instead" if len(files) > 1 else ""
        for _, doc in sorted(files.items()):
            found.append(
                _at(
                    doc,
                    ("controlling_language",),
                    Code.NO_CONTROLLING_FILE,
                    f"no file holds policy {policy} version {version} in its controlling language "
                    f"{controlling}, so a translation's notice has no original to point to{compared}",
                    Severity.WARNING,
                )
            )
    for language, doc in sorted(files.items()):
        mark = doc.data.get("translation")
        source = mark.get("from") if isinstance(mark, dict) else None
        if isinstance(source, str) and source not in files and source not in (language, controlling):
            found.append(
                _at(
                    doc,
                    ("translation", "from"),
                    Code.NO_TRANSLATION_SOURCE,
                    f"this file is translated from {source}, but no file holds policy {policy} "
                    f"version {version} in {source}",
                    Severity.WARNING,
                )
            )
    if faulted[reference.path]:
        return found
    expected = facts(reference.data)
    for _, doc in sorted(files.items()):
        if doc is not reference and not faulted[doc.path]:
            translated = facts(doc.data)
            if translated != expected:
                found.extend(_Comparison(reference, doc, controlling).run(expected, translated))
    return found


def _controlling_language(files: dict[str, Document]) -> str | None:
    """The version's controlling language: an original's (a file naming its own language, the
    first by tag), else the one most files name (ties: the first by tag)."""
    named = {lang: doc.data.get("controlling_language") for lang, doc in files.items()}
    originals = sorted(lang for lang, value in named.items() if value == lang)
    if originals:
        return originals[0]
    counts = Counter(value for value in named.values() if isinstance(value, str))
    return min(counts, key=lambda lang: (-counts[lang], lang)) if counts else None


def _at(
    doc: Document, path: Path, code: Code, message: str, severity: Severity = Severity.ERROR
) -> Diagnostic:
    line, column = doc.locate(path)
    return Diagnostic(doc.path, line, column, code, message, to_pointer(path), severity)


@dataclass
class _Item:
    """Where the comparison is: the innermost item (its noun and id) and the keys below it."""

    noun: str = ""
    id: Any = None
    keys: tuple[str, ...] = ()

    def below(self, key: str) -> _Item:
        return _Item(self.noun, self.id, (*self.keys, key))

    def subject(self) -> str:
        name = ".".join(self.keys)
        if not self.noun:
            return name
        item = f"{self.noun} '{self.id}'" if isinstance(self.id, str) else f"{self.noun} {self.id[1] + 1}"
        return f"{item}: {name}" if name else item


@dataclass
class _Section:
    """A section found on one side only: reported as missing or extra, or as moved if on both."""

    id: Any
    facts: Any
    here: Path  # in the translation: the section (extra), or the list it should be in (missing)
    there: Path  # in the reference: the section (missing), or the list it would be in (extra)
    parent: str  # "section 'x'" or "the top level"


class _Comparison:
    """The differences between the reference and one translation, as located diagnostics."""

    def __init__(self, reference: Document, translation: Document, controlling: str) -> None:
        self.reference, self.translation = reference, translation
        language = reference.data.get("language")
        self.role = f"the controlling {language} text" if language == controlling else f"the {language} text"
        self.found: list[Diagnostic] = []
        self.missing_sections: list[_Section] = []
        self.extra_sections: list[_Section] = []

    def run(self, expected: Any, translated: Any) -> list[Diagnostic]:
        self.compare(expected, translated, _plan(), (), (), _Item())
        self.sections()
        return self.found

    def ref(self, path: Path) -> str:
        """The reference, and where in it: 'the controlling en text (policies/x/1/en.yaml:12)'."""
        line, _ = self.reference.locate(path)
        return f"{self.role} ({self.reference.path}:{line})"

    def report(self, path: Path, code: Code, message: str, severity: Severity = Severity.ERROR) -> None:
        self.found.append(_at(self.translation, path, code, message, severity))

    # -- objects and values

    def compare(self, ref: Any, tr: Any, node: _Node, rpath: Path, tpath: Path, where: _Item) -> None:
        if node.kind == "object" and isinstance(ref, dict) and isinstance(tr, dict):
            for key, sub in node.fields.items():
                if key in ref or key in tr:
                    self.field(ref, tr, key, sub, (*rpath, key), (*tpath, key), where.below(key))
        elif node.kind == "items" and isinstance(ref, _Items) and isinstance(tr, _Items):
            self.items(ref, tr, node, rpath, tpath, where)
        elif ref != tr:
            self.report(
                tpath,
                Code.FACT_DIFFERS,
                f"{where.subject()} is {_show(ref, node)} in {self.ref(rpath)}, but {_show(tr, node)} here",
            )

    def field(
        self,
        ref: dict[str, Any],
        tr: dict[str, Any],
        key: str,
        node: _Node,
        rpath: Path,
        tpath: Path,
        where: _Item,
    ) -> None:
        if node.kind == "items":  # a list that is not there has no items
            self.compare(ref.get(key, _Items()), tr.get(key, _Items()), node, rpath, tpath, where)
        elif key in ref and key in tr:
            if ref[key] != tr[key]:
                self.compare(ref[key], tr[key], node, rpath, tpath, where)
        elif node.kind == "object":
            if key in ref:
                self.report(
                    tpath,
                    Code.ITEM_MISSING,
                    f"{where.subject()} is in {self.ref(rpath)}, but not here; translate it too",
                )
            else:
                self.report(
                    tpath,
                    Code.ITEM_EXTRA,
                    f"{where.subject()} is here, but not in {self.ref(rpath)}; a translation has "
                    "only what the text it translates has",
                )
        elif key in ref:
            self.report(
                tpath,
                Code.FACT_DIFFERS,
                f"{where.subject()} is {_show(ref[key], node)} in {self.ref(rpath)}, but not given here",
            )
        else:
            self.report(
                tpath,
                Code.FACT_DIFFERS,
                f"{where.subject()} is not given in {self.ref(rpath)}, but is {_show(tr[key], node)} here",
            )

    # -- lists of items

    def items(self, ref: _Items, tr: _Items, node: _Node, rpath: Path, tpath: Path, where: _Item) -> None:
        assert node.item is not None
        section = node.noun == _SECTION
        parent = f"{where.noun} '{where.id}'" if where.noun == _SECTION else "the top level"
        for key, (index, expected) in ref.items():
            if key not in tr:
                if section:
                    self.missing_sections.append(_Section(key, expected, tpath, (*rpath, index), parent))
                else:
                    self.report(
                        tpath,
                        Code.ITEM_MISSING,
                        f"{_name(node, key)} of {self.ref((*rpath, index))} is missing here; a translation "
                        "has every item of the text it translates, with the same id",
                    )
                continue
            position, translated = tr[key]
            if translated != expected:
                self.compare(
                    expected,
                    translated,
                    node.item,
                    (*rpath, index),
                    (*tpath, position),
                    _Item(node.noun, key),
                )
        for key, (position, translated) in tr.items():
            if key in ref:
                continue
            if section:
                self.extra_sections.append(_Section(key, translated, (*tpath, position), rpath, parent))
            else:
                self.report(
                    (*tpath, position),
                    Code.ITEM_EXTRA,
                    f"{_name(node, key)} is not in {self.ref(rpath)}; a translation has only the items "
                    "of the text it translates, with the same ids",
                )
        in_ref = [key for key in ref if key in tr]
        in_tr = [key for key in tr if key in ref]
        if in_ref != in_tr:
            first = next(i for i, (a, b) in enumerate(zip(in_ref, in_tr, strict=True)) if a != b)
            order = ", ".join(str(k) for k in in_ref[:_SHOWN_IDS]) + (
                ", …" if len(in_ref) > _SHOWN_IDS else ""
            )
            self.report(
                (*tpath, tr[in_tr[first]][0]),
                Code.ORDER_DIFFERS,
                f"{_name(node, in_tr[first])} is out of order: {self.ref(rpath)} has them in the order "
                f"{order}; keep the order of the text you translate",
                Severity.WARNING,
            )

    def sections(self) -> None:
        """Report sections on one side only, once each: moved (on both sides), missing or extra."""
        extra = {s.id: s for s in self.extra_sections}
        for missing in self.missing_sections:
            moved = extra.pop(missing.id, None)
            if moved is not None:
                self.report(
                    moved.here,
                    Code.ORDER_DIFFERS,
                    f"section '{missing.id}' is under {moved.parent} here, but under {missing.parent} in "
                    f"{self.ref(missing.there)}; keep the structure of the text you translate",
                    Severity.WARNING,
                )
                if moved.facts != missing.facts:
                    node = _plan().fields["sections"].item
                    assert node is not None
                    item = _Item(_SECTION, missing.id)
                    self.compare(missing.facts, moved.facts, node, missing.there, moved.here, item)
                continue
            inner = _count_sections(missing.facts)
            with_inner = f" (with {inner} sub-section{'s' * (inner != 1)})" if inner else ""
            self.report(
                missing.here,
                Code.SECTION_MISSING,
                f"section '{missing.id}'{with_inner} of {self.ref(missing.there)} is missing here, under "
                f"{missing.parent}: this translation lags behind; translate it with the same id",
                Severity.WARNING,
            )
        for section in extra.values():
            self.report(
                section.here,
                Code.ITEM_EXTRA,
                f"section '{section.id}' is not in {self.ref(section.there)}; a translation has only the "
                "sections of the text it translates, with the same ids",
            )


def _count_sections(projected: Any) -> int:
    inner = projected.get("sections") if isinstance(projected, dict) else None
    if not isinstance(inner, _Items):
        return 0
    return sum(1 + _count_sections(facts) for _, facts in inner.values())


def _name(node: _Node, key: Any) -> str:
    return f"{node.noun} '{key}'" if isinstance(key, str) else f"{node.noun} {key[1] + 1}"


def _show(value: Any, node: _Node) -> str:
    """A value as an author writes it: true, [consent, contract], {value: 6, unit: month}."""
    if node.kind == "given" and isinstance(value, bool):
        return "given" if value else "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (set, frozenset)):
        return "[" + ", ".join(sorted(map(str, value))) + "]"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v, _Node("value")) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v, _Node('value'))}" for k, v in value.items()) + "}"
    return str(value)
