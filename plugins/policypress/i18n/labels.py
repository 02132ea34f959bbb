"""Localized labels for apps: what a native notice shows for a value of a policy, in a language.

The same words the pages use, as plain text (no Markdown): enum values from the message
catalogs ("erasure" → "删除"), countries, languages, dates and durations from CLDR. An app (or
a file made for apps) takes its labels from here and keeps no table of its own.

    enum_label("right", "erasure", "zh-CN")             → "删除"
    country_label("HK", "en")                           → "Hong Kong SAR China"
    duration_label({"value": 15, "unit": "day"}, "zh")  → "15天"
    notice_labels(policy_data)                          → every label one edition needs
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from .. import schemas
from . import catalogs, cldr

ENUM_PREFIX = "enum."


def label_groups() -> list[str]:
    """The groups of enum values that have labels (`right`, `legal_basis`, `cookie_kind`, …)."""
    return list(dict.fromkeys(key.split(".")[1] for key in catalogs.keys(ENUM_PREFIX)))


def enum_label(group: str, value: str, language: str) -> str | None:
    """The label of enum value `value` of `group` in `language`, or None when it has none."""
    key = f"{ENUM_PREFIX}{group}.{value}"
    return catalogs.text(key, language) if key in catalogs.template() else None


def enum_labels(group: str, language: str) -> dict[str, str]:
    """Every value of `group` with its label in `language`, in the catalog's order."""
    prefix = f"{ENUM_PREFIX}{group}."
    return {key.removeprefix(prefix): catalogs.text(key, language) for key in catalogs.keys(prefix)}


def country_label(code: str, language: str) -> str | None:
    """A country's or region's name (ISO 3166-1 alpha-2, or EU) in `language`, from CLDR."""
    return cldr.country_name(code, language)


def language_label(tag: str, language: str) -> str | None:
    """A language's name in `language` as prose says it ("Chinese", "英语"), from CLDR."""
    return cldr.language_name(tag, language)


def date_label(value: str, language: str) -> str | None:
    """A date (YYYY-MM-DD) as `language` writes it ("2023年9月5日", "September 5, 2023")."""
    return cldr.date(value, language)


def duration_label(period: Mapping[str, Any], language: str, *, minimum: bool = False) -> str | None:
    """A duration ({"value": 15, "unit": "working-day"}) in words; with `minimum`, "at least …"."""
    value, unit = period.get("value"), period.get("unit")
    if not isinstance(value, int) or isinstance(value, bool) or not isinstance(unit, str):
        return None
    words = cldr.duration(value, unit, language)
    if words is None:
        key = f"unit.{unit}"
        if key not in catalogs.template():
            return None
        words = catalogs.plural(key, value, language).format(n=value)
    return catalogs.text("at_least", language).format(period=words) if minimum else words


def part_label(part: str, language: str) -> str | None:
    """The heading of a structured part ("rights" → "Your rights") in `language`."""
    key = f"part.{part}"
    return catalogs.text(key, language) if key in catalogs.template() else None


def notice_labels(data: Mapping[str, Any], language: str | None = None) -> dict[str, Any]:
    """Every label a native notice of this policy edition needs, in `language` (default: the
    edition's own): the labels of the enum values it uses by group, the names of the countries
    and languages it names, its durations by "<value> <unit>", and the headings of its parts.
    Deterministic: keys in the order the policy first uses them."""
    language = language or str(data.get("language", catalogs.SOURCE_LANGUAGE))
    enums: dict[str, dict[str, str]] = {}
    countries: dict[str, str] = {}
    languages: dict[str, str] = {}
    durations: dict[str, str] = {}
    for kind, value in _values(data, schemas.load_schema(), schemas.load_schema()):
        if kind == "country" and isinstance(value, str):
            name = country_label(value, language)
            if name:
                countries.setdefault(value, name)
        elif kind == "language" and isinstance(value, str):
            name = language_label(value, language)
            if name:
                languages.setdefault(value, name)
        elif kind == "duration" and isinstance(value, Mapping):
            words = duration_label(value, language)
            if words:
                durations.setdefault(f"{value.get('value')} {value.get('unit')}", words)
        elif kind.startswith(ENUM_PREFIX) and isinstance(value, str):
            label = enum_label(kind.removeprefix(ENUM_PREFIX), value, language)
            if label:
                enums.setdefault(kind.removeprefix(ENUM_PREFIX), {}).setdefault(value, label)
    parts = {part: part_label(part, language) for part in _parts(data)}
    return {
        "language": language,
        "enums": enums,
        "countries": countries,
        "languages": languages,
        "durations": durations,
        "parts": {part: label for part, label in parts.items() if label},
    }


def _parts(data: Mapping[str, Any]) -> list[str]:
    from ..placement import part_has_content
    from ..schemaindex import current

    return [part for part in current().parts if part_has_content(data, part)]


_NAMED_DEFS = {"#/$defs/country": "country", "#/$defs/language": "language", "#/$defs/duration": "duration"}


def _values(value: Any, node: Mapping[str, Any], root: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """(kind, value) for each labelled value of a policy: a country, a language, a duration, or
    `enum.<group>` for an enum whose values are exactly a label group's."""
    ref = node.get("$ref")
    if isinstance(ref, str):
        if ref in _NAMED_DEFS:
            yield _NAMED_DEFS[ref], value
            return
        yield from _values(value, _resolve(ref, root), root)
        return
    if "enum" in node:
        group = _enum_group(tuple(map(str, node["enum"])))
        if group is not None:
            yield f"{ENUM_PREFIX}{group}", value
        return
    for branch in node.get("oneOf", ()) or node.get("anyOf", ()):
        yield from _values(value, branch, root)
    if isinstance(value, Mapping):
        properties = node.get("properties", {})
        for key, item in value.items():
            if key in properties:
                yield from _values(item, properties[key], root)
    elif isinstance(value, list) and isinstance(node.get("items"), Mapping):
        for item in value:
            yield from _values(item, node["items"], root)


def _resolve(ref: str, root: Mapping[str, Any]) -> Mapping[str, Any]:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node  # type: ignore[no-any-return]


@cache
def _enum_group(values: tuple[str, ...]) -> str | None:
    wanted = set(values)
    for group in label_groups():
        if set(enum_labels(group, catalogs.SOURCE_LANGUAGE)) == wanted:
            return group
    return None


catalogs.on_forget(_enum_group.cache_clear)
