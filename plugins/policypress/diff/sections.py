"""The section diff: sections matched by id anywhere in the tree, their text redlined in place.

A section whose id is in both versions is the same section, wherever it sits: if
its parent changed, or it left the order it shares with its siblings, it moved, and
its text is still compared with its own earlier text — never shown as removed here
and added there. Which of two swapped sections "moved" is decided by the longest
run of siblings that kept their order, the same way in both directions.

Only the text is content: `title`, `text` and `after`. Where a section sits in the
topics and which structured parts it shows are layout, compared by the structured diff
through the facts themselves.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..pointers import Path, to_pointer
from .model import FieldRedline, SectionDiff
from .redline import redline
from .sequence import kept_in_order, merged_order

TEXT_FIELDS = ("title", "text", "after")


@dataclass(frozen=True)
class _Placed:
    path: Path
    parent: str | None
    section: Mapping[str, Any]


def section_titles(data: Mapping[str, Any]) -> dict[str, str]:
    return {
        key: placed.section["title"]
        for key, placed in _flatten(data.get("sections")).items()
        if isinstance(placed.section.get("title"), str)
    }


def diff_sections(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[SectionDiff]:
    old_tree, new_tree = _flatten(old.get("sections")), _flatten(new.get("sections"))
    moved = _moved(old_tree, new_tree)
    found: list[SectionDiff] = []
    for key in merged_order(list(old_tree), list(new_tree)):
        before, after = old_tree.get(key), new_tree.get(key)
        if after is None and before is not None:
            fields = _redlines(before.section, {}, every=True)
            pointer = to_pointer(before.path)
            found.append(SectionDiff(key, "removed", False, pointer, None, before.parent, None, fields))
        elif before is None and after is not None:
            fields = _redlines({}, after.section, every=True)
            pointer = to_pointer(after.path)
            found.append(SectionDiff(key, "added", False, None, pointer, None, after.parent, fields))
        elif before is not None and after is not None:
            fields = _redlines(before.section, after.section, every=False)
            if fields or key in moved:
                found.append(
                    SectionDiff(
                        key,
                        "changed" if fields else "moved",
                        key in moved,
                        to_pointer(before.path),
                        to_pointer(after.path),
                        before.parent,
                        after.parent,
                        fields,
                    )
                )
    return found


def _flatten(sections: Any) -> dict[str, _Placed]:
    """Every section by id, in reading order (a repeated id keeps its first place)."""
    found: dict[str, _Placed] = {}
    for path, parent, section in _walk(sections, ("sections",), None):
        found.setdefault(section["id"], _Placed(path, parent, section))
    return found


_Walked = tuple[Path, str | None, Mapping[str, Any]]


def _walk(sections: Any, path: Path, parent: str | None) -> Iterator[_Walked]:
    for index, section in enumerate(sections if isinstance(sections, list) else ()):
        if isinstance(section, dict) and isinstance(section.get("id"), str):
            yield (*path, index), parent, section
            yield from _walk(section.get("sections"), (*path, index, "sections"), section["id"])


def _moved(old: dict[str, _Placed], new: dict[str, _Placed]) -> set[str]:
    """Sections whose parent changed, or that left the order of the siblings they keep."""
    moved = {key for key in old.keys() & new.keys() if old[key].parent != new[key].parent}
    stayed = [key for key in old if key in new and key not in moved]  # in old reading order
    by_parent: dict[str | None, list[str]] = {}
    for key in stayed:
        by_parent.setdefault(old[key].parent, []).append(key)
    new_order = {key: index for index, key in enumerate(new)}
    for siblings in by_parent.values():
        now = sorted(siblings, key=new_order.__getitem__)
        if now != siblings:
            moved |= set(siblings) - kept_in_order(siblings, now)
    return moved


def _redlines(old: Mapping[str, Any], new: Mapping[str, Any], *, every: bool) -> tuple[FieldRedline, ...]:
    found = []
    for name in TEXT_FIELDS:
        before, after = _text(old.get(name)), _text(new.get(name))
        if before != after or (every and (before or after)):
            found.append(FieldRedline(name, redline(before, after)))
    return tuple(found)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
