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

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from ..i18n import catalogs, labels
from ..keypoints import Fact, item_name, listed
from ..keypoints import key_points as shared_key_points
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


def _duration(period: Any, language: str, bound: object = None) -> str:
    """A period in words; with the bound the policy states, "at least …" or "at most …" (as the page)."""
    if not isinstance(period, Mapping):
        return ""
    text = labels.duration_label(period, language) or f"{period.get('value')} {period.get('unit')}"
    if bound in ("minimum", "maximum"):
        return _fill(words(language)["at_least" if bound == "minimum" else "at_most"], period=text)
    return text


def _label(item: Mapping[str, Any] | None, fallback: Any) -> str:
    if not isinstance(item, Mapping):
        return str(fallback)
    return str(item.get("label") or item.get("name") or item.get("kind") or item.get("id") or fallback)


def _contact(item: Mapping[str, Any], language: str) -> str:
    """A contact on one line: its label and how to reach it ("Privacy office: privacy@…")."""
    w = words(language)
    how = item.get("value")
    if how is None and item.get("kind") != "other":  # 'other' says nothing, as on the page
        how = w["enum"]["contact_kind"].get(item.get("kind")) or ""
    label = item.get("label")
    if label and how:
        return f"{label}{w['colon']}{how}"
    return str(label or how or item.get("id", ""))


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
    """The key points of a policy (validated data), each `{key, label, items[, note][, more]}`:
    the page's points (policypress.keypoints), as plain text."""
    language = str(data.get("language", "en"))
    w = words(language)
    categories = _by_id(data.get("data_categories"))
    points: list[dict[str, Any]] = []
    for point in shared_key_points(data):
        items = [_fact(f, language, categories) for f in point.facts]
        notes = []
        if not point.facts and point.count:
            notes.append(_count(w["n_transfers"], point.count))
        if point.possible:
            notes.append(w["kp_possible"])
        if point.answered:
            times = w["list_sep"].join(_duration(t, language) for t in point.answered)
            notes.append(_fill(w["kp_answered"], time=times))
        if point.via:
            reach = w["item_sep"].join(
                _channel(c.value, str(c.value.get("id", "")), language) for c in point.via
            )
            if point.via_more:
                reach = _fill(
                    w["kp_list_more"], items=reach, more=_count(w["kp_and_more"], point.via_more) or ""
                )
            notes.append(_fill(w["kp_via"], channels=reach))
        entry: dict[str, Any] = {"key": point.key, "label": w[point.label], "items": [i for i in items if i]}
        note = w["sep"].join(n for n in notes if n)
        if note:
            entry["note"] = note
        if point.more:
            entry["more"] = point.more
        points.append(entry)
    return points


def _fact(
    fact: Fact,
    language: str,
    categories: Mapping[str, Mapping[str, Any]],
) -> str:
    """One fact of a key point as plain text, as the page words it (render.filters.key_fact)."""
    w, value = words(language), fact.value
    if fact.kind == "controller":
        if value.get("legal_name"):
            who = str(value["legal_name"])
            if value.get("name") and value["name"] != who:
                who += _fill(w["short_name"], name=value["name"])
            return who
        return _fill(w["kp_unnamed"], name=value.get("name") or value.get("id"))
    if fact.kind == "category":
        sensitive = f"{w['paren_open']}{w['sensitive']}{w['paren_close']}" if value.get("sensitive") else ""
        return _label(value, "") + sensitive
    if fact.kind in ("purpose", "recipient"):
        return listed(item_name(value))
    if fact.kind == "negation":
        text = w["enum"]["negated_practice"].get(value.get("practice")) or str(value.get("practice"))
        if value.get("data"):
            data = w["list_sep"].join(_label(categories.get(i), i) for i in value["data"])
            text += f"{w['paren_open']}{data}{w['paren_close']}"
        if value.get("exceptions"):
            text += f"{w['paren_open']}{w['kp_with_exceptions']}{w['paren_close']}"
        return str(text)
    if fact.kind == "country":
        return _country(str(value), language)
    if fact.kind == "retention":
        return _retained(value, categories, language)
    if fact.kind == "right":
        return str(w["enum"]["right"].get(value) or value)
    if fact.kind == "contact":  # as on the page: a postal contact by its name, the address in the text
        if value.get("kind") == "postal":
            return _channel(value, str(value.get("id", "")), language)
        return _contact(value, language)
    if fact.kind == "officer":
        return str(value.get("title", ""))
    return str(value)  # place: a text as written


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
    if "period" in rule:
        period = _duration(rule["period"], language, rule.get("bound"))
    else:
        period = str(w["enum"]["term"].get(rule.get("term")) or rule.get("term"))
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
