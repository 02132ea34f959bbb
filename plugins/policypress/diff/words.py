"""A change in words of the page's language, for Markdown or a terminal alike.

The words around the policy's values come from render/labels.py; the values are the
policy's own text, made safe by the Style's `escape` (Markdown escaping for a page,
control characters made visible for a terminal) before the Style's `mark` wraps them
as deleted or inserted. Markdown and text output differ only in their Style.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..i18n import cldr
from ..render.filters import duration
from ..render.labels import labels_for, language_in
from .areas import Field, table
from .model import Change, Segment, SegmentOp
from .redline import redline

_AUTO = Field("other")
BRIEF = 60  # characters of a value in a one-line description
# What ends a sentence in Chinese and Japanese: no separator follows it, in any page language.
_SENTENCE_ENDS = ("。", "！", "？")


def field_specs() -> Mapping[tuple[str, str], Field]:
    """Each (area as reported, field) → how it is shown (areas sharing a name share their fields)."""
    return table().specs


@dataclass(frozen=True)
class Style:
    """How policy text is made safe (`escape`, one line) and how a deleted or inserted piece is marked."""

    escape: Callable[[str], str]
    mark: Callable[[SegmentOp, str], str]


class Words:
    """Changes in the words of one language, in one Style."""

    def __init__(self, language: str, names: Mapping[str, str], style: Style) -> None:
        self.language = language
        self.t = labels_for(language)
        self.names = names
        self.style = style
        self._context: Any = {"t": self.t}  # what the page filters read of a template's context

    # ---- labels

    def area(self, area: str) -> str:
        return str(self.t.d_area.get(area) or self.style.escape(area))

    def field(self, name: str) -> str:
        return str(self.t.d_field.get(name) or self.style.escape(name))

    def op(self, op: str) -> str:
        return str(self.t.d_op[op])

    def item(self, item_id: str | None, *, brief: bool = False) -> str:
        """An item by its name in the policy (its id when it has none); "—" for a part's own facts."""
        if item_id is None:
            return "—"
        name = self.names.get(item_id) or item_id
        return self.style.escape(_cut(name) if brief else name)

    # ---- values

    def details(self, change: Change) -> str:
        """What changed, marked: the fields of an added or removed item, or the old and new value."""
        spec = field_specs().get((change.area, change.field or ""), _AUTO)
        if change.field is None:
            item = change.new if change.op == "added" else change.old
            return self.summary(change.area, item)
        old, new = change.old, change.new
        lists = isinstance(old, (list, type(None))) and isinstance(new, (list, type(None)))
        if lists and not spec.ordered:
            return self._list_delta(spec, old or [], new or [])
        if isinstance(old, str) and isinstance(new, str) and spec.show == "auto":
            return "".join(self.segment(op, text) for op, text in redline(old, new))
        pieces = []
        if old is not None:
            pieces.append(self.style.mark("delete", self.value(spec, old)))
        if new is not None:
            pieces.append(self.style.mark("insert", self.value(spec, new)))
        return str(self.t.d_arrow).join(pieces)

    def sides(self, change: Change) -> tuple[str, str]:
        """(before, after) of a changed fact, each side whole with its own marks: what left it
        struck out before, what came in marked after; 'not stated' for a side without the fact."""
        spec = field_specs().get((change.area, change.field or ""), _AUTO)
        old, new = change.old, change.new
        if isinstance(old, list) and isinstance(new, list) and not spec.ordered:
            before = [
                self.value(spec, v) if _count(new, v) else self.style.mark("delete", self.value(spec, v))
                for v in old
            ]
            after = [
                self.value(spec, v) if _count(old, v) else self.style.mark("insert", self.value(spec, v))
                for v in new
            ]
            return self._join(before), self._join(after)
        if isinstance(old, str) and isinstance(new, str) and spec.show == "auto":
            tokens = redline(old, new)
            return (
                "".join(self.segment(op, text) for op, text in tokens if op != "insert"),
                "".join(self.segment(op, text) for op, text in tokens if op != "delete"),
            )

        def side(op: SegmentOp, value: Any) -> str:
            return str(self.t.not_stated) if value is None else self.style.mark(op, self.value(spec, value))

        return side("delete", old), side("insert", new)

    def item_facts(self, area: str, item: Any) -> list[tuple[str, str]]:
        """(field, value) for every fact of an added or removed item, its id left out."""
        if not isinstance(item, Mapping):
            return [("", self.value(_AUTO, item))]
        specs = field_specs()
        return [
            (self.field(key), self.value(specs.get((area, key), _AUTO), value))
            for key, value in item.items()
            if key != "id"
        ]

    def summary(self, area: str, item: Any) -> str:
        """Every fact of an item, 'Field: value; Field: value', its id left out."""
        if not isinstance(item, Mapping):
            return self.value(_AUTO, item)
        specs = field_specs()
        parts = [
            f"{self.field(key)}{self.t.colon}{self.value(specs.get((area, key), _AUTO), value)}"
            for key, value in item.items()
            if key != "id"
        ]
        return self.join_items(parts)

    def join_items(self, parts: Sequence[str]) -> str:
        """'A; B; C', without the separator after a part that ends a Chinese or Japanese sentence (a
        full stop and then a semicolon reads as a typo; an English '.' may end 'Inc.', so it stays)."""
        joined = ""
        for index, part in enumerate(parts):
            if index and not joined.rstrip().endswith(_SENTENCE_ENDS):
                joined += str(self.t.item_sep)
            joined += part
        return joined

    def segment(self, op: SegmentOp, text: str) -> str:
        escaped = self.style.escape(text)
        return escaped if op == "equal" else self.style.mark(op, escaped)

    def value(self, spec: Field, value: Any) -> str:
        if isinstance(value, list):
            return self._join(self.value(spec, v) for v in value)
        if isinstance(value, bool):
            return str(self.t.yes if value else self.t.no)
        if isinstance(value, Mapping):
            return self._mapping(spec, value)
        if not isinstance(value, str):
            return self.style.escape(str(value))
        if spec.show == "enum":
            words = self.t.enum.get(spec.group, {}).get(value)
            return str(words) if words else self.style.escape(value)
        if spec.show == "refs":
            return self.item(value)
        if spec.show == "country":
            return self.style.escape(cldr.country_name(value, self.t.page_language) or value)
        if spec.show == "language":
            return self.style.escape(language_in(value, self.language))
        return self.style.escape(value)

    def _mapping(self, spec: Field, value: Mapping[str, Any]) -> str:
        if spec.show == "duration":
            return self.style.escape(str(duration(self._context, value)))
        if spec.show == "law" and isinstance(value.get("title"), str):
            article = value.get("article")
            cited = self.t.law.format(
                title=self.style.escape(value["title"]),
                article=self.style.escape(article) if isinstance(article, str) else "",
            )
            return str(cited).strip()
        return self.join_items(
            [f"{self.field(str(k))}{self.t.colon}{self.value(_AUTO, v)}" for k, v in value.items()]
        )

    def _list_delta(self, spec: Field, old: list[Any], new: list[Any]) -> str:
        """The new list with what left it struck out: 'contract, ~~consent~~, _legitimate interests_'."""
        pieces = []
        for value in new:
            words = self.value(spec, value)
            pieces.append(words if _count(old, value) else self.style.mark("insert", words))
        gone = [value for value in old if not _count(new, value)]
        pieces += [self.style.mark("delete", self.value(spec, value)) for value in gone]
        return self._join(pieces)

    def _join(self, pieces: Iterable[str]) -> str:
        return str(self.t.list_sep).join(pieces)

    # ---- one line per change (a terminal, a diagnostic)

    def line(self, change: Change, *, area: bool = True, brief: bool = False) -> str:
        """'Data we collect · Location (location): Added — Wording: Location; Sensitive: yes'.

        `brief` leaves out what an added or removed item says (a diagnostic names it only).
        """
        what = self.op(change.op) if change.field is None else self.field(change.field)
        item = (
            ""
            if change.id is None
            else f"{self.item(change.id, brief=brief)} ({self.style.escape(change.id)})"
        )
        head = self.t.sep.join(part for part in (self.area(change.area) if area else "", item) if part)
        head = f"{head}{self.t.colon}" if head else ""
        if brief and change.field is None:
            return f"{head}{what}"
        if brief:
            return f"{head}{what}{self.t.colon}{self._before_after(change)}"
        return f"{head}{what}{self.t.dash}{self.details(change)}"

    def _before_after(self, change: Change) -> str:
        """'not stated → consent, contract': both values whole, unmarked, each cut to a readable length."""
        spec = field_specs().get((change.area, change.field or ""), _AUTO)

        def shown(value: Any) -> str:
            return self.t.not_stated if value is None else _cut(self.value(spec, value))

        return f"{shown(change.old)}{self.t.d_arrow}{shown(change.new)}"


def _cut(words: str) -> str:
    return words if len(words) <= BRIEF else words[: BRIEF - 1].rstrip() + "…"


def _count(values: list[Any], value: Any) -> int:
    return sum(1 for v in values if type(v) is type(value) and v == value)


def redline_lines(tokens: Iterable[Segment]) -> list[list[Segment]]:
    """The segments of a redline cut at line breaks: one list of (op, text) per line, no newlines left."""
    lines: list[list[Segment]] = [[]]
    for op, text in tokens:
        for index, part in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append((op, part))
    return lines
