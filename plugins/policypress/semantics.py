"""Checks the schema cannot express: ids and references, real dates and their
order, language and country codes, vocabulary terms, structured parts shown exactly once, and
prose that mentions contacts the structured data lacks.

Where references, dates, language tags and country codes are, and which parts a section
may show, is read from the schema's index (schemaindex), never from tables of our own."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import names, placement, vocabularies
from .diagnostics import SEE_LINE, Code, Finding, Severity
from .internal import FIELD as INTERNAL_FIELD
from .langtags import is_region, language_problem
from .pointers import Path, walk
from .schemaindex import ITEM, SchemaIndex, current

# Ranges ISO 3166 leaves to private use: never a real country.
_PRIVATE_REGIONS = re.compile(r"AA|Q[M-Z]|X[A-Z]|ZZ")
# Codes the language-tag registry still knows but ISO 3166-1 has withdrawn or only reserved,
# with what to write instead. EU stays allowed: regulators there act for the Union.
_WITHDRAWN_REGIONS = {
    "UK": "GB",
    "SU": "RU",
    "YU": "RS",
    "DD": "DE",
    "ZR": "CD",
    "TP": "TL",
    "BU": "MM",
    "CS": "RS",
    "NT": "SA",
    "FX": "FR",
    "YD": "YE",
    "AN": "CW",
    "QU": "EU",
}
# An address starts where a run of address characters starts: tried from inside a run too,
# every start would scan to the run's end again (a 100,000-letter word took minutes).
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def check(data: dict[str, Any]) -> list[Finding]:
    """Every semantic problem in a policy (written to survive data the schema refused)."""
    schema = current()
    index = _index(data, schema.markdown_keys)
    return [
        *_ids_and_references(data, index, schema),
        *_dates(data, schema),
        *_languages(data, schema),
        *_translation_mark(data),
        *_countries(data, schema),
        *vocabularies.check(data, schema),
        *_parts_shown(data, schema),
        *_prose_drift(index),
        *names.check(data),
    ]


@dataclass
class _Index:
    """What the id and prose checks need, gathered in one pass over the document."""

    items: list[tuple[Path, dict[str, Any]]]  # every mapping inside a list, in document order
    emails_held: set[str]  # casefolded non-Markdown strings that contain '@'
    mentions: list[tuple[Path, str]]  # Markdown strings that contain '@'


def _index(data: Any, markdown_keys: frozenset[str]) -> _Index:
    index = _Index([], set(), [])
    stack: list[tuple[Any, Path, bool]] = [(data, (), False)]
    while stack:  # iterative and in document order: children are pushed in reverse
        value, path, in_list = stack.pop()
        if isinstance(value, dict):
            if in_list:
                index.items.append((path, value))
            children = list(value.items())
        elif isinstance(value, list):
            children = list(enumerate(value))
        else:
            continue
        for key, child in reversed(children):
            if key == INTERNAL_FIELD:
                continue  # authors' notes: never published, so they neither hold nor mention facts
            if isinstance(child, str):
                if "@" not in child:
                    continue
                if key in markdown_keys:
                    index.mentions.append(((*path, key), child))
                else:
                    index.emails_held.add(child.casefold())
            elif isinstance(child, (dict, list)):
                stack.append((child, (*path, key), isinstance(value, list)))
    return index


def _ids_and_references(data: dict[str, Any], index: _Index, schema: SchemaIndex) -> Iterator[Finding]:
    first: dict[str, tuple[Path, dict[str, Any]]] = {}
    # by names.id_key: ids a reader or an anchor cannot tell apart
    alike: dict[str, tuple[str, Path, dict[str, Any]]] = {}
    for path, item in index.items:
        item_id = item.get("id")
        if not isinstance(item_id, str):
            continue
        if item_id in first:
            where, holder = first[item_id]
            yield Finding(
                (*path, "id"),
                Code.DUPLICATE_ID,
                f"the id '{item_id}' is already used by {_named(where, holder, schema, with_id=False)} "
                f"on line {SEE_LINE}; ids must be unique in the whole file",
                see=(*where, "id"),
            )
            continue
        first[item_id] = (path, item)
        other, where, holder = alike.setdefault(names.id_key(item_id), (item_id, path, item))
        if other != item_id:
            yield Finding(
                (*path, "id"),
                Code.ID_CLASH,
                f"the id '{item_id}' differs from {_named(where, holder, schema)} on line {SEE_LINE} only "
                "by case, form or punctuation; they would share one anchor on the page: make them "
                "really different",
                see=(*where, "id"),
            )
    known_in: dict[tuple[str, ...], set[str]] = {}
    for reference in schema.references:
        pattern, target, noun = reference.pattern, reference.collection.path, reference.collection.noun
        if target not in known_in:
            known_in[target] = {
                item["id"]
                for _, items in walk(data, target)
                if isinstance(items, list)
                for item in items
                if isinstance(item, dict) and isinstance(item.get("id"), str)
            }
        known = known_in[target]
        for path, value in walk(data, pattern):
            if isinstance(value, str) and value not in known:
                choices = ", ".join(sorted(known)) or "none"
                nearest = difflib.get_close_matches(value, sorted(known), n=1)
                tip = f"; did you mean '{nearest[0]}'?" if nearest else ""
                yield Finding(
                    path,
                    Code.UNRESOLVED_REF,
                    f"'{value}' is not the id of any {noun} in {'.'.join(target)}{tip} "
                    f"(ids there: {choices})",
                )


def _named(path: Path, item: dict[str, Any], schema: SchemaIndex, *, with_id: bool = True) -> str:
    """The item at `path` as its author knows it: `the purpose 'support' ("Answering you")`."""
    return placement.named(item_noun(path, schema), item, with_id=with_id)


def item_noun(path: Path, schema: SchemaIndex | None = None) -> str:
    """What the list item at `path` is called ("purpose", "data category"), from the schema."""
    nouns = (schema or current()).derived("semantics.nouns", _nouns)
    pattern = tuple(ITEM if isinstance(part, int) else part for part in path[:-1])
    # A list inside items of its own kind (sections in sections) is in the index once, at the
    # depth the schema's walk stops: the longest tail of the pattern that is a list names it.
    tails = (pattern[start:] for start in range(len(pattern)) if pattern[start] != ITEM)
    return next((nouns[tail] for tail in tails if tail in nouns), "item")


def _nouns(index: SchemaIndex) -> dict[tuple[str, ...], str]:
    """What an item of each list is called (the schema's `noun` of lists of items with ids)."""
    return {f.pattern: f.notes["noun"] for f in index.fields if isinstance(f.notes.get("noun"), str)}


def _dates(data: dict[str, Any], schema: SchemaIndex) -> Iterator[Finding]:
    parsed: dict[tuple[str, ...], dt.date] = {}
    for pattern in schema.dates:
        for path, value in walk(data, pattern):
            if not isinstance(value, str):
                continue
            try:
                parsed[pattern] = dt.date.fromisoformat(value)
            except ValueError:
                yield Finding(path, Code.INVALID_DATE, f"'{value}' is not a real calendar date (YYYY-MM-DD)")
    published, effective = parsed.get(("published",)), parsed.get(("effective",))
    archived = parsed.get(("source", "archived_on"))
    if published and effective and effective < published:
        yield Finding(
            ("effective",),
            Code.DATE_ORDER,
            f"the policy takes effect ({effective}) before it is published ({published})",
        )
    if published and archived and archived < published:
        yield Finding(
            ("source", "archived_on"),
            Code.DATE_ORDER,
            f"the snapshot ({archived}) is older than the publication date ({published})",
        )


def _languages(data: dict[str, Any], schema: SchemaIndex) -> Iterator[Finding]:
    for pattern in schema.languages:
        for path, value in walk(data, pattern):
            if isinstance(value, str):
                problem = language_problem(value)
                if problem:
                    yield Finding(path, Code.INVALID_LANGUAGE, problem)


def _translation_mark(data: dict[str, Any]) -> Iterator[Finding]:
    """A translation names another language as controlling and came from another language; a file
    in another language than the controlling one is a translation and says so (the others are
    checked across files, in translations.py)."""
    language, controlling = data.get("language"), data.get("controlling_language")
    mark = data.get("translation")
    if not isinstance(language, str) or not isinstance(controlling, str):
        return
    if language_problem(language) or language_problem(controlling):
        return  # PP305 says what is wrong; the two cannot be compared yet
    if isinstance(mark, dict):
        source = mark.get("from")
        if source == language:
            yield Finding(
                ("translation", "from"),
                Code.TRANSLATION_MARK,
                f"this file is in {language}, so it cannot be translated from {language}; "
                "name the language of the text you translated",
            )
        if controlling == language:
            original = f" ({source})" if isinstance(source, str) and source != language else ""
            yield Finding(
                ("controlling_language",),
                Code.TRANSLATION_MARK,
                f"this file is marked as a translation, so its own language ({language}) cannot be the "
                f"controlling one: a translation never prevails; name the original's language{original}",
            )
    elif controlling != language and mark is None:
        yield Finding(
            ("controlling_language",),
            Code.UNMARKED_TRANSLATION,
            f"this file is in {language} but names {controlling} as the controlling language, so it is "
            "a translation: say so with `translation` (from, by, date) so that readers are told",
            Severity.WARNING,
        )


def _countries(data: dict[str, Any], schema: SchemaIndex) -> Iterator[Finding]:
    for pattern in schema.countries:
        for path, value in walk(data, pattern):
            if isinstance(value, str) and not is_country(value):
                instead = _WITHDRAWN_REGIONS.get(value)
                tip = f"; write {instead}" if instead else ""
                yield Finding(
                    path, Code.INVALID_COUNTRY, f"'{value}' is not an ISO 3166-1 country or region code{tip}"
                )


@cache
def is_country(code: str) -> bool:
    return (
        len(code) == 2
        and not _PRIVATE_REGIONS.fullmatch(code)
        and code not in _WITHDRAWN_REGIONS
        and is_region(code)
    )


def _parts_shown(data: dict[str, Any], schema: SchemaIndex) -> Iterator[Finding]:
    yield from placement.plan(data, schema.parts, schema.list_parts).problems


def _prose_drift(index: _Index) -> Iterator[Finding]:
    """E-mail addresses in prose must also be structured facts (a contact), so apps see them.

    Links are not checked: prose may point anywhere (a browser's help page, a law).
    """
    for path, text in index.mentions:
        for mention in sorted(set(_EMAIL.findall(text))):
            if mention.casefold() not in index.emails_held:
                yield Finding(
                    path,
                    Code.PROSE_DRIFT,
                    f"the text mentions '{mention}', which no structured field holds; add it as a "
                    "contact so apps and the summary see it too",
                    Severity.WARNING,
                )
