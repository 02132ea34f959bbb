"""What a diff between two versions of a policy is made of: plain, frozen, deterministic values.

A PolicyDiff holds structured changes (facts compared by stable id) and section
redlines (free text compared by section id). Nothing here refers to the documents
it came from, so a diff can be kept, compared and written out as JSON on its own;
`names` only helps to show ids in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

Op = Literal["added", "removed", "changed"]
SegmentOp = Literal["equal", "delete", "insert"]
# A piece of a redline: its text is in both versions (equal), only the old (delete) or only the new (insert).
Segment = tuple[SegmentOp, str]


@dataclass(frozen=True)
class Change:
    """One change to the structured content.

    An item of a list (a data category, a recipient…) is `added` or `removed` whole
    (`field` is None, `old`/`new` the item); a fact of an item, or of a part such as
    `controller` or `children` (`id` None), is `changed` (`field` names it, dotted when
    nested, e.g. `do_not_track.honoured`; `old`/`new` are None when the fact is not stated).
    Pointers are RFC 6901 JSON pointers into the old and new documents, None where the
    value is absent. `kinds` are the change record's change_kind values this change implies.
    """

    area: str
    op: Op
    id: str | None
    field: str | None
    kinds: tuple[str, ...]
    old_pointer: str | None
    new_pointer: str | None
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "op": self.op,
            "id": self.id,
            "field": self.field,
            "kinds": list(self.kinds),
            "old_pointer": self.old_pointer,
            "new_pointer": self.new_pointer,
            "old": self.old,
            "new": self.new,
        }


@dataclass(frozen=True)
class FieldRedline:
    """The redline of one text field of a section (`title`, `text` or `after`)."""

    field: str
    tokens: tuple[Segment, ...]

    @property
    def old(self) -> str:
        return "".join(text for op, text in self.tokens if op != "insert")

    @property
    def new(self) -> str:
        return "".join(text for op, text in self.tokens if op != "delete")

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "tokens": [list(segment) for segment in self.tokens]}


@dataclass(frozen=True)
class SectionDiff:
    """What happened to one section, matched by its id wherever it sits in the tree.

    `op` is added, removed, changed (its text differs) or moved (only its place differs);
    `moved` is true whenever its place changed — its parent, or its order among the
    siblings it shares with the other version — so a changed section can be moved too.
    `fields` redline title, text and after: every field of an added or removed section,
    only the fields that differ otherwise (empty for a section that only moved).
    """

    id: str
    op: Literal["added", "removed", "changed", "moved"]
    moved: bool
    old_pointer: str | None
    new_pointer: str | None
    old_parent: str | None  # the id of the parent section; None at the top level or when absent
    new_parent: str | None
    fields: tuple[FieldRedline, ...]

    @property
    def level(self) -> int:
        """1 for a top-level section, 2 for its sub-sections… (in the new version, else the old)."""
        pointer = self.new_pointer or self.old_pointer or ""
        return max(pointer.count("/sections/"), 1)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "op": self.op,
            "moved": self.moved,
            "old_pointer": self.old_pointer,
            "new_pointer": self.new_pointer,
            "old_parent": self.old_parent,
            "new_parent": self.new_parent,
            "fields": [f.to_json() for f in self.fields],
        }


@dataclass(frozen=True)
class VersionRef:
    """Which policy, version and language a side of the diff is (None when the file does not say)."""

    policy: str | None
    version: str | None
    language: str | None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> VersionRef:
        def text(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) else None

        return cls(text("policy"), text("version"), text("language"))

    def to_json(self) -> dict[str, Any]:
        return {"policy": self.policy, "version": self.version, "language": self.language}


def _frozen_names(names: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(names))


@dataclass(frozen=True)
class PolicyDiff:
    """The semantic diff of two versions: structured changes, then section redlines, in page order."""

    old_ref: VersionRef
    new_ref: VersionRef
    changes: tuple[Change, ...]
    sections: tuple[SectionDiff, ...]
    # Words for ids (an item's label or name, a section's title), the new version's when both have one.
    names: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", _frozen_names(self.names))

    @property
    def is_empty(self) -> bool:
        return not self.changes and not self.sections

    @property
    def kinds(self) -> frozenset[str]:
        """The change_kind values the diff implies (see diff.kinds.implied_kinds)."""
        found = {kind for change in self.changes for kind in change.kinds}
        if self.sections:
            found.add("editorial")
        return frozenset(found)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data, the same for the same two documents (key order included)."""
        return {
            "old": self.old_ref.to_json(),
            "new": self.new_ref.to_json(),
            "kinds": sorted(self.kinds),
            "changes": [c.to_json() for c in self.changes],
            "sections": [s.to_json() for s in self.sections],
        }
