"""Where the page shows each structured part: the sections' `shows`, read once for the checks and the page.

A section shows a part whole (`purposes`), or one item of a list part where the source states
it (`negations/no-sale`): a policy that says "we do not share" in one section and "we do not
transfer" in the next keeps each sentence in its place. The part's name alone then shows the
items not shown on their own; items of one part listed one after the other make one block
(one table). Every part, and every item, is shown once; what no section
shows is listed after the text ("More details"), with a warning.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import SEE_LINE, Code, Finding, Severity
from .pointers import Path

ITEM_SEPARATOR = "/"


@dataclass(frozen=True)
class Placement:
    """A part, or some items of a list part, shown in one place of the page."""

    part: str
    items: tuple[Mapping[str, Any], ...] | None  # a list part's items shown here; None: a part shown whole
    section: str | None  # the id of the section, or None for "More details"


@dataclass
class Plan:
    """Where everything is shown, and what is wrong with the `shows` that said so."""

    by_section: dict[str, list[Placement]] = field(default_factory=dict)
    unshown: list[Placement] = field(default_factory=list)
    first_shown_in: dict[str, str] = field(default_factory=dict)  # part → the first section showing it
    problems: list[Finding] = field(default_factory=list)


def part_has_content(data: Mapping[str, Any], part: str) -> bool:
    """Whether the page has anything to show for `part` (the controller always has: at least who it
    is, or that the source does not say)."""
    return bool(data.get(part))


def plan(data: Mapping[str, Any], parts: Sequence[str], list_parts: Collection[str]) -> Plan:
    """Every placement of `data`'s parts, in page order, and the problems of its `shows`.

    `parts` are the schema's parts in page order, `list_parts` those that are lists of items.
    """
    result = Plan()
    whole: dict[str, tuple[str, Path]] = {}  # part → (section id, where) of the entry showing it whole
    alone: dict[tuple[str, str], tuple[str, Path]] = {}  # (part, item id) → (section id, where)
    entries: list[tuple[str, Path, str, str | None]] = []  # (section id, where, part, item id)
    for path, section in _sections(data.get("sections"), ("sections",)):
        section_id = str(section.get("id", ""))
        shows = section.get("shows")
        for index, entry in enumerate(shows if isinstance(shows, list) else []):
            where = (*path, "shows", index)
            parsed = _parse(entry, parts)
            if parsed is None:
                continue  # the schema reports an unknown part
            part, item_id = parsed
            problem = _entry_problem(data, part, item_id, part in list_parts, whole, alone)
            if problem:
                message, see = problem
                result.problems.append(Finding(where, Code.PART_NOT_SHOWN, message, see=see))
                continue
            if item_id is None:
                whole[part] = (section_id, where)
            else:
                alone[(part, item_id)] = (section_id, where)
            entries.append((section_id, where, part, item_id))
    for section_id, where, part, item_id in entries:
        items = _items(data, part)
        if item_id is not None:
            chosen: tuple[Mapping[str, Any], ...] | None = tuple(i for i in items if _id(i) == item_id)
        elif isinstance(data.get(part), list):
            chosen = tuple(i for i in items if (part, _id(i)) not in alone)
            if not chosen and items:
                result.problems.append(
                    Finding(
                        where,
                        Code.PART_NOT_SHOWN,
                        f"every item of '{part}' is shown on its own elsewhere; remove '{part}' here",
                    )
                )
                continue
        else:
            chosen = None
        if item_id is None and not part_has_content(data, part):
            result.problems.append(
                Finding(
                    where, Code.PART_NOT_SHOWN, f"this section shows '{part}', but the file has no {part}"
                )
            )
            continue
        placed = result.by_section.setdefault(section_id, [])
        if item_id is not None and chosen and placed and placed[-1].part == part and placed[-1].items:
            # items of one part shown one after the other: one block (one table), in their order
            placed[-1] = Placement(part, (*placed[-1].items, *chosen), section_id)
        else:
            placed.append(Placement(part, chosen, section_id))
        result.first_shown_in.setdefault(part, section_id)
    for part in parts:
        if part in whole or not part_has_content(data, part):
            continue
        if not isinstance(data.get(part), list):
            result.unshown.append(Placement(part, None, None))
            result.problems.append(_unshown_warning(part))
            continue
        left = tuple(i for i in _items(data, part) if (part, _id(i)) not in alone)
        if not left:
            continue
        result.unshown.append(Placement(part, left, None))
        if len(left) == len(_items(data, part)):
            result.problems.append(_unshown_warning(part))
        else:
            ids = ", ".join(str(_id(i)) for i in left)
            result.problems.append(
                Finding(
                    (part,),
                    Code.PART_NOT_SHOWN,
                    f"no section shows these items of '{part}': {ids}; show them where the policy states "
                    f"them ('{part}/ID') or add '{part}' to a section's 'shows'",
                    Severity.WARNING,
                    key=True,
                )
            )
    return result


def _parse(entry: Any, parts: Sequence[str]) -> tuple[str, str | None] | None:
    if not isinstance(entry, str):
        return None
    part, _, item_id = entry.partition(ITEM_SEPARATOR)
    if part not in parts:
        return None
    return part, item_id or None


def _entry_problem(
    data: Mapping[str, Any],
    part: str,
    item_id: str | None,
    is_list: bool,
    whole: Mapping[str, tuple[str, Path]],
    alone: Mapping[tuple[str, str], tuple[str, Path]],
) -> tuple[str, Path | None] | None:
    """What is wrong with one `shows` entry, and the place its message names (if any)."""
    if item_id is None:
        if part in whole:
            section, see = _shown_by(data, whole[part][1])
            return f"'{part}' is already shown by {section} on line {SEE_LINE}; show each part once", see
        return None
    if not is_list:
        return f"'{part}' is not a list of items: show it whole, as '{part}'", None
    if not any(_id(i) == item_id for i in _items(data, part)):
        known = ", ".join(str(_id(i)) for i in _items(data, part)) or "none"
        return f"'{part}' has no item '{item_id}' (ids there: {known})", None
    if (part, item_id) in alone:
        section, see = _shown_by(data, alone[(part, item_id)][1])
        return (
            f"'{part}/{item_id}' is already shown by {section} on line {SEE_LINE}; show each item once",
            see,
        )
    return None


def _unshown_warning(part: str) -> Finding:
    return Finding(
        (part,),
        Code.PART_NOT_SHOWN,
        f"no section shows '{part}'; add it to the 'shows' of the section where the policy "
        "talks about it (the page would otherwise list it after the text)",
        Severity.WARNING,
        key=True,
    )


def _id(item: Mapping[str, Any]) -> str | None:
    """An item's id, or None where the file has no usable one (the schema reports it)."""
    value = item.get("id")
    return value if isinstance(value, str) else None


def _items(data: Mapping[str, Any], part: str) -> list[Mapping[str, Any]]:
    value = data.get(part)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _sections(sections: Any, path: Path) -> Iterator[tuple[Path, Mapping[str, Any]]]:
    if isinstance(sections, list):
        for index, section in enumerate(sections):
            if isinstance(section, dict):
                yield (*path, index), section
                yield from _sections(section.get("sections"), (*path, index, "sections"))


# The fields that name an item for its readers, in the order tried (a section's title, a
# purpose's label, a recipient's name).
_TITLE_FIELDS = ("title", "label", "name")


def item_title(item: Mapping[str, Any]) -> str | None:
    """What the item is called in the text, if anything (its title, label or name)."""
    for field_name in _TITLE_FIELDS:
        value = item.get(field_name)
        if isinstance(value, str) and value.strip():
            return value
    return None


def named(noun: str, item: Mapping[str, Any], *, with_id: bool = True) -> str:
    """An item the way its author knows it: `the section 'who-we-are' ("Who we are")`."""
    item_id, title = _id(item), item_title(item)
    words = f"the {noun}"
    if with_id and item_id is not None:
        words += f" '{item_id}'"
    if title is not None:
        words += f' ("{title}")' if with_id and item_id is not None else f' "{title}"'
    return words


def _section_at(data: Mapping[str, Any], path: Path) -> Mapping[str, Any]:
    value: Any = data
    for part in path:
        value = value[part]
    return value if isinstance(value, dict) else {}


def _shown_by(data: Mapping[str, Any], where: Path) -> tuple[str, Path]:
    """The section whose `shows` entry is at `where`, in words, and the place of the section."""
    section = where[:-2]
    return named("section", _section_at(data, section)), section
