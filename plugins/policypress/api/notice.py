"""The short notice of an edition, for an app's consent dialog: the page's key points as plain
text, labelled in the edition's language, with the full manifest's digest and links.

An app shows it before the full text and needs no tables of its own for rights, countries or
durations: every label is already in the edition's language. What the notice says is what
the page's key points say (templates/summary.md.j2), from the structured data alone: a point
is left out when the policy has nothing structured to say about it, and nothing is inferred.
Every value is the policy's own text, untrusted: apps escape it wherever it goes into markup.

Kept small (`NOTICE_BUDGET`, 2 KB): where a policy lists many items, the longest lists are cut
(never below `MIN_ITEMS`) and say how many more the full text has (`more`).

Words come from `words(language)`: the page words of the message catalogs (i18n/catalogs.py),
as plain strings; names of countries and durations from CLDR (i18n/labels.py), as on the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from ..i18n import catalogs, labels
from ..render.filters import LARGE_FIRST_COUNTRIES, collect
from ..render.labels import Plural, labels_for
from .jsonfile import dumps
from .manifest import API_VERSION

NOTICE_BUDGET = 2048  # bytes of compact JSON
MIN_ITEMS = 3


@cache
def words(language: str) -> Mapping[str, Any]:
    """The page words for `language` as plain strings (counts stay `Plural`s, called with n)."""
    plain: Mapping[str, Any] = _plain(vars(labels_for(language)))
    return plain


catalogs.on_forget(words.cache_clear)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    return value if isinstance(value, Plural) else str(value)


def _fill(phrase: str, **values: str) -> str:
    return phrase.format(**values)


def _country(code: str, language: str) -> str:
    return labels.country_label(code, language) or code


def _duration(period: Any, language: str, minimum: bool = False) -> str:
    if not isinstance(period, Mapping):
        return ""
    words_for = labels.duration_label(period, language, minimum=minimum)
    if words_for is not None:
        return words_for
    text = f"{period.get('value')} {period.get('unit')}"
    return _fill(words(language)["at_least"], period=text) if minimum else text


def _label(item: Mapping[str, Any] | None, fallback: Any) -> str:
    if not isinstance(item, Mapping):
        return str(fallback)
    return str(item.get("label") or item.get("name") or item.get("kind") or item.get("id") or fallback)


def _contact(item: Mapping[str, Any], addresses: Mapping[str, Mapping[str, Any]], language: str) -> str:
    """A contact on one line: its label and how to reach it ("Privacy office: privacy@…")."""
    w = words(language)
    how = item.get("value")
    if item.get("kind") == "postal":
        parts = [item.get("recipient"), _address(addresses.get(item.get("address", "")), language)]
        how = w["list_sep_address"].join(str(p) for p in parts if p)
    if how is None and item.get("kind") != "other":  # 'other' says nothing, as on the page
        how = w["enum"]["contact_kind"].get(item.get("kind")) or ""
    label = item.get("label")
    if label and how:
        return f"{label}{w['colon']}{how}"
    return str(label or how or item.get("id", ""))


def _address(place: Mapping[str, Any] | None, language: str) -> str:
    """A postal address on one line, in the order the language writes it (filters.address says
    how), or as written where the policy gives that."""
    if place is None:
        return ""
    if place.get("as_written"):
        return str(place["as_written"])
    w = words(language)
    lines = [str(line) for line in place.get("lines", ())]
    country = _country(place["country"], language) if "country" in place else ""
    if w["address_order"] == "large-first" and place.get("country") in LARGE_FIRST_COUNTRIES:
        wider = [
            str(place[k]) for k in ("region", "city") if k in place and str(place[k]) not in "".join(lines)
        ]
        text = country + "".join([*wider, *lines])
        return (
            f"{text}{w['list_sep_address']}{w['postcode']}{w['colon']}{place['postcode']}"
            if "postcode" in place
            else text
        )
    parts = [*lines, *(str(place[k]) for k in ("city", "region", "postcode") if k in place), country]
    return str(w["list_sep_address"]).join(p for p in parts if p)


def _channel(item: Mapping[str, Any] | None, reference: str, language: str) -> str:
    """A contact named briefly (the contact point has the details): its label, else its value."""
    if item is None:
        return reference
    kind = (
        words(language)["enum"]["contact_kind"].get(item.get("kind")) if item.get("kind") != "other" else None
    )
    return str(item.get("label") or item.get("value") or kind or reference)


def _by_id(items: Any) -> dict[str, Mapping[str, Any]]:
    return {i["id"]: i for i in items or () if isinstance(i, Mapping) and "id" in i}


def key_points(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The key points of a policy (validated data), each `{key, label, items[, note]}`."""
    language = str(data.get("language", "en"))
    w = words(language)
    controller = data["controller"]
    contacts = _by_id(controller.get("contacts"))
    addresses = _by_id(controller.get("addresses"))
    categories = data.get("data_categories") or []
    category_index = _by_id(categories)
    points: list[dict[str, Any]] = []

    def point(key: str, label_key: str, items: Sequence[str], note: str | None = None) -> None:
        entry: dict[str, Any] = {"key": key, "label": w[label_key], "items": [i for i in items if i]}
        if note:
            entry["note"] = note
        if entry["items"] or note:
            points.append(entry)

    if controller.get("legal_name"):
        who = controller["legal_name"]
        if controller.get("name") and controller["name"] != who:
            who += _fill(w["short_name"], name=controller["name"])
    else:
        who = _fill(w["kp_unnamed"], name=controller["name"])  # the phrase holds the name
    point("controller", "kp_who", [who])
    point(
        "data",
        "kp_data",
        [
            _label(c, "")
            + (f"{w['paren_open']}{w['sensitive']}{w['paren_close']}" if c.get("sensitive") else "")
            for c in categories
        ],
    )
    point("purposes", "kp_purposes", [_label(p, "") for p in data.get("purposes") or []])
    point(
        "recipients",
        "kp_recipients",
        [_label(r, "") for r in (data.get("sharing") or {}).get("recipients", [])],
    )
    storage, cross_border = data.get("storage") or {}, data.get("cross_border") or {}
    countries = collect(storage.get("locations", []), "country")
    if "default_location" in cross_border and cross_border["default_location"] not in countries:
        countries.append(cross_border["default_location"])
    places = [_country(c, language) for c in countries] or collect(
        storage.get("locations", []), "description"
    )[:1]
    point("storage", "kp_storage", places)
    transfers = cross_border.get("transfers") or []
    destinations = [_country(c, language) for c in collect(transfers, "destinations")]
    destinations += [str(t["destination"]) for t in transfers if "destination" in t]
    counted = None if destinations else _count(w["n_transfers"], len(transfers))
    point("transfers", "kp_transfers", destinations, counted)
    retention = storage.get("retention") or []
    timed = [r for r in retention if "period" in r]
    point(
        "retention",
        "kp_retention",
        [_retained(r, category_index, language) for r in timed],
        None if timed else _count(w["n_rules"], len(retention)),
    )
    rights = data.get("rights") or {}
    kinds = list(dict.fromkeys(k for r in rights.get("items", []) for k in r.get("kinds", [])))
    times = (
        [rights["response_time"]]
        if "response_time" in rights
        else collect(rights.get("items"), "response_time")
    )
    channels = collect(rights.get("items"), "channels")
    notes = []
    if times:
        notes.append(_fill(w["kp_answered"], time=w["list_sep"].join(_duration(t, language) for t in times)))
    if channels:
        reach = w["item_sep"].join(_channel(contacts.get(c), c, language) for c in channels)
        notes.append(_fill(w["kp_via"], channels=reach))
    labels = w["enum"]["right"]
    point("rights", "kp_rights", [labels.get(k) or str(k) for k in kinds], w["sep"].join(notes) or None)
    reach = [_contact(c, addresses, language) for c in controller.get("contacts", [])]
    point(
        "contact",
        "kp_contact",
        reach + [str(o["title"]) for o in controller.get("officers", []) if "title" in o],
    )
    return points


def _count(forms: Plural, n: int) -> str | None:
    """'2 rules' / '2条', in the form the language's plural rule picks; None for none."""
    return str(forms(n)).format(n=n) if n else None


def _retained(rule: Mapping[str, Any], categories: Mapping[str, Mapping[str, Any]], language: str) -> str:
    w = words(language)
    if "subject" in rule:
        subject = str(rule["subject"])
    elif rule.get("data"):
        subject = w["list_sep"].join(_label(categories.get(i), i) for i in rule["data"])
    else:
        law = rule.get("law")
        subject = str(law["title"]) if isinstance(law, Mapping) and "title" in law else ""
    period = _duration(rule["period"], language, rule.get("bound") == "minimum")
    return f"{subject}{w['colon']}{period}" if subject else period


def build_notice(
    data: Mapping[str, Any], *, schema_url: str, digest: str, manifest: str, page: str
) -> dict[str, Any]:
    """The notice of one edition: `digest` is its manifest's, `manifest` and `page` are URL
    references from the notice (the full JSON and the readable page of the version)."""
    notice = {
        "$schema": schema_url,
        "api_version": API_VERSION,
        "policy": data["policy"],
        "version": data["version"],
        "language": data["language"],
        "title": data["title"],
        "effective": data.get("effective"),
        "digest": digest,
        "manifest": manifest,
        "page": page,
        "heading": words(str(data["language"]))["key_points"],
        "points": key_points(data),
    }
    return _within_budget(notice, lambda n: len(dumps(n)))


def _within_budget(notice: dict[str, Any], size: Callable[[dict[str, Any]], int]) -> dict[str, Any]:
    """Cut the longest lists of items, an item at a time, until the notice fits NOTICE_BUDGET
    or no list is longer than MIN_ITEMS; each cut list says how many items it left out."""
    points = notice["points"]
    while size(notice) > NOTICE_BUDGET:
        longest = max(points, key=lambda p: len(p["items"]))
        if len(longest["items"]) <= MIN_ITEMS:
            break
        longest["items"].pop()
        longest["more"] = longest.get("more", 0) + 1
    return notice
