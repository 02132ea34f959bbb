"""The structured diff: the areas of diff.areas compared item by item (by id) and fact by fact.

Documents are plain data as the loader gives them: mappings are dicts (checked as such,
several times faster than checking for any Mapping). The order of items in a list says
nothing (ids do), so reordering is no change; lists of values (legal bases, countries,
ids) are compared as sets unless the table says the order matters; a fact that is absent,
null or an empty list is "not stated" alike. Values are compared with their types, so
`true` never equals `1`. An item that did not change at all is found so with one C-speed
comparison, so a diff costs little more than the changes it finds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import orjson

from ..pointers import Path, to_pointer
from .areas import NAME_FIELDS, Area, Field, table
from .model import Change
from .sequence import merged_order

_ABSENT: Any = None
_SORTED = orjson.OPT_SORT_KEYS


def diff_structured(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    changes: list[Change] = []
    areas = table()
    for area in areas.areas:
        old_node, new_node = _get(old, area.path), _get(new, area.path)
        if area.keyed:
            changes.extend(_diff_items(area, old_node, new_node, (_home(old), _home(new))))
        else:
            changes.extend(_diff_facts(area, None, area.path, old_node, area.path, new_node))
    # Grouped by area in page order (a purpose's legal bases come after the purposes), stable within.
    order = {name: index for index, name in enumerate(areas.names)}
    changes.sort(key=lambda change: order[change.area])
    return changes


def item_names(data: Mapping[str, Any]) -> dict[str, str]:
    """Words for every item id of every area: its label, name… as the policy gives it."""
    names: dict[str, str] = {}
    for area in table().areas:
        if area.keyed:
            node = _get(data, area.path)
            for item in node if isinstance(node, list) else ():
                item_id = item.get("id") if isinstance(item, dict) else None
                if isinstance(item_id, str) and item_id not in names:
                    names[item_id] = name_of(item) or item_id
    return names


def name_of(item: Mapping[str, Any]) -> str | None:
    for key in NAME_FIELDS:
        value = item.get(key)
        if type(value) is str and value.strip():
            return value
    return None


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _items(node: Any) -> dict[str, tuple[int, Mapping[str, Any]]]:
    """Items by id, each with its index; an item without an id (or a repeated id) is left out."""
    found: dict[str, tuple[int, Mapping[str, Any]]] = {}
    for index, item in enumerate(node if isinstance(node, list) else ()):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            found.setdefault(item["id"], (index, item))
    return found


def _home(data: Mapping[str, Any]) -> str | None:
    """The controller's own country: a recipient there is no transfer across a border."""
    controller = data.get("controller")
    country = controller.get("jurisdiction") if isinstance(controller, Mapping) else None
    return country if isinstance(country, str) else None


def _diff_items(
    area: Area, old_node: Any, new_node: Any, homes: tuple[str | None, str | None] = (None, None)
) -> Iterator[Change]:
    old_items, new_items = _items(old_node), _items(new_node)
    for item_id in merged_order(list(old_items), list(new_items)):
        if item_id not in old_items:
            index, item = new_items[item_id]
            yield _whole(area, "added", item_id, (*area.path, index), item, homes[1])
        elif item_id not in new_items:
            index, item = old_items[item_id]
            yield _whole(area, "removed", item_id, (*area.path, index), item, homes[0])
        else:
            (old_index, old_item), (new_index, new_item) = old_items[item_id], new_items[item_id]
            yield from _diff_facts(
                area, item_id, (*area.path, old_index), old_item, (*area.path, new_index), new_item
            )


def _whole(
    area: Area, op: str, item_id: str, path: Path, item: Mapping[str, Any], home: str | None = None
) -> Change:
    kinds = {area.kind}
    for name, spec in area.fields.items():
        value = _value(item, name)
        if spec.show == "country" and value == home:
            continue  # in the controller's own country: nothing crosses a border
        if spec.on_item and _stated(value) and value is not False:
            kinds |= area.field_kinds(spec, item, value)
    if not any(kinds):
        kinds = {"other"}
    pointer = to_pointer(path)
    return Change(
        area=area.name,
        op=op,  # type: ignore[arg-type]
        id=item_id,
        field=None,
        kinds=tuple(sorted(k for k in kinds if k)),
        old_pointer=pointer if op == "removed" else None,
        new_pointer=pointer if op == "added" else None,
        old=_copy(item) if op == "removed" else None,
        new=_copy(item) if op == "added" else None,
    )


def _diff_facts(
    area: Area, item_id: str | None, old_path: Path, old_item: Any, new_path: Path, new_item: Any
) -> Iterator[Change]:
    if _identical(old_item, new_item):
        return  # most items of a new version are unchanged: one C-speed comparison each
    for name, spec in area.fields.items():
        old_value, new_value = _value(old_item, name), _value(new_item, name)
        if _same(old_value, new_value, spec):
            continue
        keys = tuple(name.split("."))
        kinds = area.field_kinds(spec, old_item, old_value) | area.field_kinds(spec, new_item, new_value)
        kinds = kinds or frozenset({spec.kind})
        yield Change(
            area=spec.area or area.name,
            op="changed",
            id=item_id,
            field=name,
            kinds=tuple(sorted(kinds)),
            old_pointer=to_pointer((*old_path, *keys)) if _stated(old_value) else None,
            new_pointer=to_pointer((*new_path, *keys)) if _stated(new_value) else None,
            old=_copy(old_value) if _stated(old_value) else None,
            new=_copy(new_value) if _stated(new_value) else None,
        )


def _identical(old: Any, new: Any) -> bool:
    """Equal with types told apart, at C speed (orjson); False when unsure (then fact by fact)."""
    if old is new:
        return True
    try:
        return orjson.dumps(old, option=_SORTED) == orjson.dumps(new, option=_SORTED)
    except (TypeError, orjson.JSONEncodeError):  # e.g. an integer beyond 64 bits
        return False


def _value(item: Any, name: str) -> Any:
    for key in name.split("."):
        item = item.get(key) if isinstance(item, dict) else _ABSENT
    return item


def _stated(value: Any) -> bool:
    return value is not None and not (isinstance(value, (list, dict)) and not value)


def _same(old: Any, new: Any, spec: Field) -> bool:
    if not _stated(old) or not _stated(new):
        return _stated(old) == _stated(new)
    if isinstance(old, list) and isinstance(new, list) and not spec.ordered:
        return len(old) == len(new) and _equal(sorted(old, key=_order), sorted(new, key=_order))
    return _equal(old, new)


def _order(value: Any) -> tuple[str, str]:
    return type(value).__name__, repr(value)


def _equal(a: Any, b: Any) -> bool:
    """Deep equality that tells types apart (True is not 1, "1" is not 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _copy(value: Any) -> Any:
    """A copy of plain data, so a diff never shares mutable lists or mappings with its documents."""
    if isinstance(value, dict):
        return {str(k): _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
