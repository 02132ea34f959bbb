"""The key points of an edition: the first layer of a layered notice, chosen once.

The policy page (templates/summary.md.j2, through the `key_point` filter) and the short notice
for apps (api/notice.py) both show what `key_points` returns, each in its own form (Markdown
with links; plain text): the same points, the same facts, in the same order.

What a point shows is what the policy's structured data states, named: the purposes, the
recipients, the destinations abroad and the retention periods themselves, never a bare count
where the policy names them. A list shows its first `SHOWN` facts and says how many more the
full text has. A point the policy states nothing for is left out, and nothing is inferred: a
retention rule without a period or term says nothing about how long, so it makes no point; a
transfer whose destination the text does not name is counted as one more, not given a place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SHOWN = 3  # facts a point lists before "and N more": the points fit one phone screen


@dataclass(frozen=True)
class Fact:
    """One thing a point names, as the policy states it; `kind` says how to put it in words:
    controller, category, purpose, recipient, negation, country, place (text as written),
    retention (a rule with a period or term), right (a kind of right), contact, officer."""

    kind: str
    value: Any


@dataclass(frozen=True)
class KeyPoint:
    """One key point: `label` is its catalog key, `part` the part whose section says more."""

    key: str
    label: str
    part: str
    facts: tuple[Fact, ...]
    more: int = 0  # facts the full text states beyond `facts`
    count: int = 0  # where the policy states that there are items but names none: how many
    possible: bool = False  # transfers: the text says they may happen, not that they do
    answered: tuple[Mapping[str, Any], ...] = ()  # rights: the response times (periods)
    via: tuple[Fact, ...] = ()  # rights: the channels to use (contacts)
    via_more: int = 0


@dataclass
class _Points:
    points: list[KeyPoint] = field(default_factory=list)

    def add(
        self, key: str, label: str, part: str, facts: Sequence[Fact], *, every: bool = False, **extra: Any
    ) -> None:
        """Add a point that states something; `every` lists all its facts (a few short words)."""
        if facts or extra.get("count"):
            shown, more = (tuple(facts), 0) if every else _first(facts)
            self.points.append(KeyPoint(key, label, part, shown, more, **extra))


def _first(facts: Sequence[Fact]) -> tuple[tuple[Fact, ...], int]:
    return tuple(facts[:SHOWN]), max(0, len(facts) - SHOWN)


def _items(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _part(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = data.get(name)
    return value if isinstance(value, Mapping) else {}


def collect(items: Sequence[Mapping[str, Any]] | None, key: str) -> list[Any]:
    """Every value under `key` across items (lists flattened), first occurrence kept, in order."""
    seen: list[Any] = []
    for item in items or ():
        values = item.get(key) if isinstance(item, Mapping) else None
        for value in values if isinstance(values, list) else [] if values is None else [values]:
            if value not in seen:
                seen.append(value)
    return seen


# What ends an item of the source's own list ("履行购买订单。", "To provide our services;"): not
# repeated where the key points join items with their own separator.
_LIST_END = ";；,，、。.:："


def item_name(item: Mapping[str, Any]) -> str:
    """A purpose's or recipient's name as the policy writes it: its label or name, else what kind
    of recipient the text says it is, else its id."""
    return str(item.get("label") or item.get("name") or item.get("kind") or item.get("id") or "")


def listed(text: str) -> str:
    """`text` without the punctuation that ended it in the source's list; the words are unchanged."""
    return text.rstrip().rstrip(_LIST_END).rstrip() or text


def key_points(data: Mapping[str, Any]) -> list[KeyPoint]:
    """The key points of a policy (validated data), in the page's order."""
    found = _Points()
    controller = _part(data, "controller")
    found.add("controller", "kp_who", "controller", [Fact("controller", controller)] if controller else [])
    found.add(
        "data",
        "kp_data",
        "data_categories",
        [Fact("category", c) for c in _items(data.get("data_categories"))],
    )
    found.add(
        "purposes", "kp_purposes", "purposes", [Fact("purpose", p) for p in _items(data.get("purposes"))]
    )
    sharing = _part(data, "sharing")
    found.add(
        "recipients",
        "kp_recipients",
        "sharing",
        [Fact("recipient", r) for r in _items(sharing.get("recipients"))],
    )
    found.add(
        "negations", "kp_negations", "negations", [Fact("negation", n) for n in _items(data.get("negations"))]
    )
    storage, cross_border = _part(data, "storage"), _part(data, "cross_border")
    locations = _items(storage.get("locations"))
    countries = collect(locations, "country")
    if "default_location" in cross_border and cross_border["default_location"] not in countries:
        countries.append(cross_border["default_location"])
    places = [Fact("country", c) for c in countries] or [
        Fact("place", d) for d in collect(locations, "description")[:1]
    ]
    found.add("storage", "kp_storage", "storage" if locations else "cross_border", places)
    transfers = _items(cross_border.get("transfers"))
    destinations = [Fact("country", c) for c in collect(transfers, "destinations")]
    destinations += [Fact("place", d) for d in collect(transfers, "destination")]
    unplaced = sum(1 for t in transfers if not t.get("destinations") and not t.get("destination"))
    possible = bool(transfers) and all(t.get("possible") is True for t in transfers)
    if destinations:
        shown, more = _first(destinations)
        found.points.append(
            KeyPoint("transfers", "kp_transfers", "cross_border", shown, more + unplaced, possible=possible)
        )
    else:
        found.add("transfers", "kp_transfers", "cross_border", [], count=len(transfers), possible=possible)
    timed = [r for r in _items(storage.get("retention")) if "period" in r or "term" in r]
    found.add("retention", "kp_retention", "storage", [Fact("retention", r) for r in timed])
    rights = _part(data, "rights")
    right_items = _items(rights.get("items"))
    if right_items:
        times = (
            [rights["response_time"]] if "response_time" in rights else collect(right_items, "response_time")
        )
        contacts = {c.get("id"): c for c in _items(controller.get("contacts"))}
        via = [Fact("contact", contacts.get(c, {"id": c})) for c in collect(right_items, "channels")]
        shown_via, via_more = _first(via)
        found.add(
            "rights",
            "kp_rights",
            "rights",
            [Fact("right", k) for k in collect(right_items, "kinds")],
            every=True,
            answered=tuple(t for t in times if isinstance(t, Mapping)),
            via=shown_via,
            via_more=via_more,
        )
    reach = [Fact("contact", c) for c in _items(controller.get("contacts"))]
    reach += [Fact("officer", o) for o in _items(controller.get("officers")) if "title" in o]
    found.add("contact", "kp_contact", "controller", reach)
    return found.points
