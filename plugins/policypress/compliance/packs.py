"""Reading requirement packs: `packs/<name>.yaml`, checked against the policy schema's index.

A requirement names the model paths that state it (`needs`: every group, each met by any of
its paths), the negations that state it does not apply (`not_applicable`: practices of the
model's `negations`), when it applies at all (`when`), and for requirements about each item of
a list (`each`: every recipient, every sensitive category), which items (`where`). A path is
the schema's dotted path, `*` stepping into the items of a list, `=value` asking for a value
(or a list holding it), `>` following a reference to the item it names (`recipient>contact`).
Every path is looked up in the schema index when the pack is read: a pack cannot name a field,
a value or a reference the model does not have.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .. import schemaindex
from ..schemaindex import ITEM, Pattern, SchemaIndex

FOLDER = Path(__file__).with_name("packs")  # in the package (a wheel too); no importlib.resources at start
NEGATION_PRACTICE: Pattern = ("negations", ITEM, "practice")
LANGUAGES = ("en", "zh-Hans")  # the languages every statement is written in
_ID = re.compile(r"[A-Z][A-Z0-9]*(-[A-Za-z0-9.]+)*")
_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class PackError(ValueError):
    """A pack file that is malformed or names what the model does not have: a contributor's mistake."""


@dataclass(frozen=True)
class Spec:
    """One path of the model: the field `pattern` holds a value (`value`, if given), or, with
    `then`, the field holds references whose items must meet `then`."""

    text: str
    pattern: Pattern
    value: str | bool | None = None
    collection: Pattern | None = None  # where the items a reference names are
    then: Spec | None = None


@dataclass(frozen=True)
class Citation:
    article: str
    paragraph: str | None = None
    point: str | None = None

    def text(self, law: str, style: str = "article") -> str:
        """`GDPR Art. 13(2)(a)`; a standard's `GB/T 44588-2024, clause 8`."""
        tail = "".join(f"({part})" for part in (self.paragraph, self.point) if part)
        if style == "clause":
            return f"{law}, clause {'.'.join(p for p in (self.article, self.paragraph, self.point) if p)}"
        return f"{law} Art. {self.article}{tail}"


@dataclass(frozen=True)
class Requirement:
    id: str
    cite: Citation
    statement: Mapping[str, str]  # by language: what the notice must state, as a noun phrase
    quote: Mapping[str, str]  # by language: the provision's own words (see the pack's source)
    needs: tuple[tuple[Spec, ...], ...]  # all groups; any path of a group
    not_applicable: tuple[str, ...] = ()  # negated practices that state it does not apply
    when: tuple[Spec, ...] = ()  # it applies when any of these is stated (always, if none)
    each: Pattern | None = None  # a list: every item (that meets `where`) must meet `needs`
    where: tuple[Spec, ...] = ()
    checked: bool = True  # false: the model cannot say it; shown, never reported
    note: str = ""


@dataclass(frozen=True)
class Pack:
    name: str
    law: str  # short name in citations: GDPR, PIPL
    title: Mapping[str, str]
    source: Mapping[str, str]  # title, url, and what could be read of it
    note: str
    requirements: tuple[Requirement, ...]
    style: str = "article"  # how a citation is written: "article" (a law's), "clause" (a standard's)

    def cite(self, requirement: Requirement) -> str:
        return requirement.cite.text(self.law, self.style)


def available() -> tuple[str, ...]:
    """The names of the packs PolicyPress ships."""
    return tuple(sorted(path.stem for path in FOLDER.glob("*.yaml")))


def load(name: str) -> Pack:
    """The pack `name`, read once per schema index (so it is checked against the schema in use)."""
    index = schemaindex.current()
    return index.derived(f"compliance-pack:{name}", lambda idx: _read(name, idx))


def _read(name: str, index: SchemaIndex) -> Pack:
    if name not in available():
        raise PackError(f"no requirement pack '{name}' (there are: {', '.join(available())})")
    text = (FOLDER / f"{name}.yaml").read_text(encoding="utf-8")
    return parse(name, text, index)


def parse(name: str, text: str, index: SchemaIndex) -> Pack:
    """The pack `name` from its file's text, checked against `index`."""
    try:
        data = YAML(typ="safe", pure=True).load(text)
    except YAMLError as exc:
        raise PackError(f"{name}.yaml: {exc}") from None
    reader = _Reader(name, index)
    return reader.pack(data)


class _Reader:
    def __init__(self, name: str, index: SchemaIndex) -> None:
        self.name = name
        self.index = index

    def fail(self, where: str, problem: str) -> PackError:
        return PackError(f"{self.name}.yaml: {where}: {problem}")

    def pack(self, data: Any) -> Pack:
        if not isinstance(data, dict) or data.get("pack") != self.name:
            raise self.fail("top", f"the file must be a mapping whose `pack` is '{self.name}'")
        requirements = tuple(
            self.requirement(item, n) for n, item in enumerate(data.get("requirements") or [])
        )
        ids = [r.id for r in requirements]
        if len(set(ids)) != len(ids):
            raise self.fail("requirements", "two requirements have one id")
        if not requirements:
            raise self.fail("requirements", "a pack needs requirements")
        return Pack(
            self.name,
            self.text(data, "law", "top"),
            self.words(data.get("title"), "title"),
            self.strings(data.get("source"), "source"),
            str(data.get("note") or ""),
            requirements,
            self.style(data),
        )

    def style(self, data: dict[str, Any]) -> str:
        style = data.get("citation_style", "article")
        if style not in ("article", "clause"):
            raise self.fail("top", "citation_style is article or clause")
        return str(style)

    def requirement(self, item: Any, number: int) -> Requirement:
        where = f"requirement {number + 1}"
        if not isinstance(item, dict):
            raise self.fail(where, "a requirement is a mapping")
        known = {
            "id",
            "cite",
            "statement",
            "quote",
            "needs",
            "not_applicable",
            "when",
            "each",
            "where",
            "checked",
            "note",
        }
        unknown = set(item) - known
        if unknown:
            raise self.fail(where, f"unknown keys {sorted(unknown)}")
        rid = self.text(item, "id", where)
        if not _ID.fullmatch(rid):
            raise self.fail(where, f"the id '{rid}' is not of the form GDPR13-1-a")
        where = rid
        cite = item.get("cite")
        if not isinstance(cite, dict) or "article" not in cite:
            raise self.fail(where, "cite needs an article (and paragraph, point where the law has them)")
        citation = Citation(
            str(cite["article"]),
            str(cite["paragraph"]) if cite.get("paragraph") is not None else None,
            str(cite["point"]) if cite.get("point") is not None else None,
        )
        base: Pattern = ()
        each = None
        if item.get("each") is not None:
            each = self.pattern(str(item["each"]), (), where)
            if self.index.field(each).resolved.get("type") != "array":
                raise self.fail(where, f"each: {item['each']} is not a list")
            base = (*each, ITEM)
        checked = item.get("checked", True)
        if not isinstance(checked, bool):
            raise self.fail(where, "checked is true or false")
        needs = tuple(
            tuple(self.spec(text, base, where) for text in self.listed(group, where))
            for group in item.get("needs") or []
        )
        if checked and not needs:
            raise self.fail(where, "a checked requirement needs paths (or `checked: false` and a note)")
        if not checked and not item.get("note"):
            raise self.fail(where, "say in a note why the model cannot state it")
        practices = self.index.field(NEGATION_PRACTICE).resolved.get("enum", [])
        negated = tuple(str(p) for p in item.get("not_applicable") or [])
        for practice in negated:
            if practice not in practices:
                raise self.fail(where, f"not_applicable: '{practice}' is no practice a negation can state")
        return Requirement(
            rid,
            citation,
            self.words(item.get("statement"), f"{where}: statement"),
            self.strings(item.get("quote") or {}, f"{where}: quote"),
            needs,
            negated,
            tuple(self.spec(text, (), where) for text in item.get("when") or []),
            each,
            tuple(self.spec(text, base, where) for text in item.get("where") or []),
            checked,
            str(item.get("note") or ""),
        )

    def listed(self, group: Any, where: str) -> list[str]:
        if isinstance(group, str):
            return [group]
        if isinstance(group, list) and group and all(isinstance(text, str) for text in group):
            return group
        raise self.fail(where, "each group of needs is a path or a list of paths")

    def spec(self, text: str, base: Pattern, where: str) -> Spec:
        """A path of the model (relative to `base`), looked up in the schema index."""
        head, arrow, rest = text.partition(">")
        path, equals, wanted = head.partition("=")
        pattern = self.pattern(path, base, where)
        info = self.index.field(pattern)
        if arrow:
            if equals:
                raise self.fail(where, f"{text}: a reference is followed, not compared")
            collection = next(
                (
                    ref.collection.path
                    for ref in self.index.references
                    if ref.pattern[: len(pattern)] == pattern
                ),
                None,
            )
            if collection is None:
                raise self.fail(where, f"{text}: {path} is no reference")
            return Spec(text, pattern, None, collection, self.spec(rest, (*collection, ITEM), where))
        value: str | bool | None = None
        if equals:
            value = {"true": True, "false": False}.get(wanted, wanted)
            allowed = info.resolved.get("enum")
            items = info.resolved.get("items")
            if allowed is None and isinstance(items, dict):
                allowed = self.index.resolve(items).get("enum")
            kind = info.resolved.get("type")
            if isinstance(value, bool) and kind != "boolean":
                raise self.fail(where, f"{text}: {path} is not true or false")
            if isinstance(value, str) and (allowed is None or value not in allowed):
                raise self.fail(where, f"{text}: '{value}' is not a value of {path}")
        return Spec(text, pattern, value)

    def pattern(self, path: str, base: Pattern, where: str) -> Pattern:
        pattern = (*base, *path.strip().split("."))
        try:
            self.index.field(pattern)
        except KeyError:
            raise self.fail(where, f"'{path}' is no field of the policy schema") from None
        return pattern

    def text(self, data: dict[str, Any], key: str, where: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"`{key}` must be text")
        return value

    def words(self, value: Any, where: str) -> Mapping[str, str]:
        words = self.strings(value, where)
        missing = [language for language in LANGUAGES if not words.get(language)]
        if missing:
            raise self.fail(where, f"missing the {', '.join(missing)} words")
        return words

    def strings(self, value: Any, where: str) -> Mapping[str, str]:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise self.fail(where, "expected a mapping of texts")
        return {str(k): v for k, v in value.items()}
