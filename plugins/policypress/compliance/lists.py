"""China's two lists, from the same source as the policy: the 已收集个人信息清单 (the personal
information collected, item by item: `data_items`) and the 与第三方共享个人信息清单 (the third
parties it is shared with: the recipients of `sharing` that receive it by sharing or entrusted
processing), as rows for a page, JSON for apps and CSV.

An edition gets a list when it is in Chinese or declares the `pipl` pack, and when it states
what the list holds: a policy that states it shares with no one (a negation of `share`) gets a
shared list that says so; a policy that states nothing gets no list (no claim beyond the source).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from ..render.labels import labels_for

COLLECTED, SHARED, COVERAGE = "collected", "shared", "coverage"
LISTS = (COLLECTED, SHARED)
CHINA_PACKS = frozenset({"pipl", "gbt-44588"})
SHARED_ACTIVITIES = frozenset({"sharing", "entrusted-processing"})
# In MkDocs' process with workers, a policy's data is its planning fields; this one carries
# what extra_outputs found on the worker (publish.catalog_fields).
PLANNED = "_outputs"


def extra_outputs(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The pages an edition has besides its own: its lists (and what it covers)."""
    if PLANNED in data:
        return tuple(data[PLANNED])
    packs = set(data.get("requirement_packs") or ())
    found = [COVERAGE] if packs else []
    if str(data.get("language", "")).startswith("zh") or packs & CHINA_PACKS:
        if data.get("data_items"):
            found.append(COLLECTED)
        if shared_recipients(data) or shares_with_no_one(data):
            found.append(SHARED)
    return tuple(found)


def shared_recipients(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    recipients = (data.get("sharing") or {}).get("recipients") or []
    return [r for r in recipients if SHARED_ACTIVITIES & set(r.get("activities") or ())]


def shares_with_no_one(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The negations that state the policy shares with no one (each with its own words)."""
    return [n for n in data.get("negations") or [] if n.get("practice") == "share"]


def _labels(data: Mapping[str, Any], collection: str, ids: Sequence[str] | None) -> list[dict[str, str]]:
    items = {item["id"]: item for item in data.get(collection) or [] if isinstance(item, dict)}
    return [
        {"id": i, "label": str(items[i].get("label") or items[i].get("name") or i)}
        for i in ids or ()
        if i in items
    ]


def collected_rows(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each data item as the list states it: only what the policy states."""
    rows = []
    for item in data.get("data_items") or []:
        row: dict[str, Any] = {"id": item["id"], "item": item["name"]}
        for label in _labels(data, "data_categories", [item["category"]] if "category" in item else []):
            row["category"] = label
        if item.get("examples"):
            row["examples"] = list(item["examples"])
        for key in ("scenario", "frequency", "purpose", "required"):
            if key in item:
                row[key] = item[key]
        if item.get("purposes"):
            row["purposes"] = _labels(data, "purposes", item["purposes"])
        rows.append(row)
    return rows


def shared_rows(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each third party as the list states it: only what the policy states."""
    rows = []
    for recipient in shared_recipients(data):
        row: dict[str, Any] = {"id": recipient["id"], "activities": list(recipient["activities"])}
        for key in ("name", "kind", "purpose", "method", "sdk", "contact", "privacy_policy", "location"):
            if key in recipient:
                row[key] = recipient[key]
        if recipient.get("purposes"):
            row["purposes"] = _labels(data, "purposes", recipient["purposes"])
        if recipient.get("data"):
            row["data"] = _labels(data, "data_categories", recipient["data"])
        rows.append(row)
    return rows


def lists_document(data: Mapping[str, Any], links: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """The lists of one edition as JSON for apps; `links` holds each list's page and CSV."""
    kinds = extra_outputs(data)
    document: dict[str, Any] = {}
    if COLLECTED in kinds:
        document[COLLECTED] = {**links[COLLECTED], "items": collected_rows(data)}
    if SHARED in kinds:
        shared: dict[str, Any] = {**links[SHARED], "recipients": shared_rows(data)}
        none = shares_with_no_one(data)
        if none:
            shared["shares_with_no_one"] = [{"id": n["id"], "text": n["text"]} for n in none]
        document[SHARED] = shared
    return document


def list_csv(data: Mapping[str, Any], kind: str) -> bytes:
    """One list as CSV in the edition's language, for a spreadsheet: a header row of the page's
    words, then a row per item; UTF-8 with a byte order mark (so Excel reads Chinese right)."""
    t = labels_for(str(data.get("language", "en")))
    sep = str(t.list_sep)
    rows: list[list[str]]
    if kind == COLLECTED:
        header = [
            t.h_item,
            t.h_category,
            t.h_examples,
            t.h_scenario,
            t.h_frequency,
            t.h_purposes,
            t.h_required,
        ]
        rows = [
            [
                r["item"],
                (r.get("category") or {}).get("label", ""),
                sep.join(r.get("examples", [])),
                r.get("scenario", ""),
                r.get("frequency", ""),
                sep.join(
                    [p["label"] for p in r.get("purposes", [])] + ([r["purpose"]] if "purpose" in r else [])
                ),
                _yes_no(r.get("required"), str(t.required), str(t.optional)),
            ]
            for r in collected_rows(data)
        ]
    else:
        header = [
            t.h_third_party,
            t.h_purposes,
            t.h_shared_data,
            t.h_method,
            t.h_contact,
            t.privacy_policy,
        ]
        rows = [
            [
                r.get("name") or r.get("kind", ""),
                sep.join(
                    [p["label"] for p in r.get("purposes", [])] + ([r["purpose"]] if "purpose" in r else [])
                ),
                sep.join(d["label"] for d in r.get("data", [])),
                sep.join(
                    str(x)
                    for x in (
                        t.enum["method"].get(r["method"], r["method"]) if "method" in r else "",
                        r.get("sdk", ""),
                    )
                    if x
                ),
                r.get("contact", ""),
                r.get("privacy_policy", ""),
            ]
            for r in shared_rows(data)
        ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([str(h) for h in header])
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _yes_no(value: object, yes: str, no: str) -> str:
    return yes if value is True else no if value is False else ""


def _cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula (=, +, -, @) gets a
    leading apostrophe, so the policy's text can never run as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
