"""What a notice covers: each requirement of the packs a policy declares, with where the policy
states it (the sections of its page that show the facts that meet it), for readers and
regulators. Only the policy's structured facts are read, never its prose: the page says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from .. import placement
from ..i18n import catalogs
from ..schemaindex import current
from .check import Outcome, Place, Status, evaluate, packs_for


@dataclass(frozen=True)
class Row:
    """One requirement on the page: its code, citation, statement in the page's language, what
    was found, and where the policy states it: (section id, part), the section None where the
    part is listed under "More details"."""

    code: str
    citation: str
    statement: str
    status: Status
    sections: tuple[tuple[str | None, str], ...]
    note: str


@dataclass(frozen=True)
class Block:
    """One pack on the page."""

    name: str
    title: str
    source_title: str
    source_url: str
    rows: tuple[Row, ...]


def coverage(data: Mapping[str, Any]) -> list[Block]:
    """The blocks of a policy's coverage page, in the order it declares its packs."""
    language = str(data.get("language", "en"))
    where = placement.plan(data, current().parts, current().list_parts)
    blocks = []
    for pack in packs_for(data):
        rows = tuple(
            Row(
                o.requirement.id,
                pack.cite(o.requirement),
                in_language(o.requirement.statement, language),
                o.status,
                _sections(data, where, o),
                o.requirement.note,
            )
            for o in evaluate(pack, data)
        )
        blocks.append(
            Block(
                pack.name, in_language(pack.title, language), pack.source["title"], pack.source["url"], rows
            )
        )
    return blocks


def in_language(words: Mapping[str, str], language: str) -> str:
    """The words for a page in `language`, chosen as its page words are (the catalog's tag):
    Simplified Chinese, Traditional (the pack's own, else from the Simplified by OpenCC, Taiwan's
    standard with its phrases), else English."""
    tag = catalogs.catalog_tag(language)
    if tag == "zh-Hant":
        return words.get("zh-Hant") or _to_traditional(words["zh-Hans"])
    return words.get(tag) or words["en"]


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("s2twp")


def _to_traditional(text: str) -> str:
    return str(_converter().convert(text))


def _sections(
    data: Mapping[str, Any], where: placement.Plan, outcome: Outcome
) -> tuple[tuple[str | None, str], ...]:
    """The sections (in page order, each once) that show the facts of the outcome's evidence."""
    if outcome.status not in (Status.MET, Status.NOT_APPLICABLE):
        return ()
    found: list[tuple[str | None, str]] = []
    for place in outcome.evidence:
        shown = (_section_of(data, where, place), str(place[0]))
        if shown[0] is not None:
            shown = (shown[0], "")  # a section is linked once, whatever parts it shows
        if shown not in found:
            found.append(shown)
    order = list(where.by_section)
    return tuple(sorted(found, key=lambda s: order.index(s[0]) if s[0] in order else len(order)))


def _section_of(data: Mapping[str, Any], where: placement.Plan, place: Place) -> str | None:
    part = str(place[0])
    item = data[part][place[1]] if len(place) > 1 and isinstance(place[1], int) else None
    for section, placements in where.by_section.items():
        for shown in placements:
            if shown.part == part and (shown.items is None or item is None or _holds(shown.items, item)):
                return section
    return None


def _holds(items: Sequence[Mapping[str, Any]], item: Any) -> bool:
    return any(candidate is item for candidate in items)


def section_titles(sections: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Every section's title by its id, sub-sections too (a section without a title has none)."""
    found: dict[str, str] = {}
    for section in sections:
        if "title" in section:
            found[str(section["id"])] = str(section["title"])
        found.update(section_titles(section.get("sections") or []))
    return found
