"""Template filters that turn structured values into escaped words of the page's language.

Each filter returns SafeMd: data goes through escape.plain/cell/link or
sanitize.markdown_field, and the words around it come from the catalog (`t` in
the template context). Lookups by id use the index built by render.markdown
(`index` in the context); an id that resolves to nothing shows as written, so an
unvalidated file still renders.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from jinja2 import pass_context
from jinja2.runtime import Context

from ..keypoints import Fact, KeyPoint, collect, item_name, listed
from .escape import SafeMd, anchor, cell, escape_chars, heading, link, plain, safe_url
from .labels import country_words, date_words, duration_words, language_in
from .sanitize import markdown_field

# Where addresses are written largest part first (country, province, city, street).
LARGE_FIRST_COUNTRIES = frozenset({"CN", "HK", "MO", "TW", "JP", "KR", "KP"})
_FORMATTER = string.Formatter()
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_PHONE_DIGITS = re.compile(r"^\s*(\+?)([0-9 ()\-]*)")


def _t(context: Context) -> Any:
    return context["t"]


def _join(pieces: Iterable[SafeMd], separator: SafeMd) -> SafeMd:
    return SafeMd(separator.join(pieces))


def join(values: Iterable[Any], separator: object = ", ") -> SafeMd:
    """Jinja's join, for escaped pieces only: a raw string in the list is an error, not output."""
    items = list(values)
    for item in items:
        if not isinstance(item, SafeMd):
            raise TypeError(f"join: {item!r} is not escaped; map it through an escaping filter first")
    sep = separator if isinstance(separator, SafeMd) else escape_chars(str(separator))
    return SafeMd(sep.join(items))


def indent(value: SafeMd, width: int = 4) -> SafeMd:
    """Indent every non-blank line after the first (for a block inside a list item)."""
    if not isinstance(value, SafeMd):
        raise TypeError("indent: the value is not escaped")
    pad = " " * width
    first, *rest = value.split("\n")
    return SafeMd("\n".join([first, *(pad + line if line.strip() else "" for line in rest)]))


def fill(template: SafeMd, **values: Any) -> SafeMd:
    """Put escaped values into a catalog phrase such as 'archived on {date}'.

    Only a catalog phrase may be the template: policy text never becomes a format string.
    Where a Chinese phrase meets a Latin word ('由' + 'PolicyPress'), a space separates
    them, as Chinese typesetting does (W3C clreq 3.4).
    """
    if not isinstance(template, SafeMd) or "{" not in template:
        raise TypeError(f"fill: {template!r} is not a catalog phrase with placeholders")
    out: list[str] = []
    for literal, name, _spec, _conversion in _FORMATTER.parse(template):
        _append_spaced(out, literal)
        if name is not None:
            value = values[name]
            _append_spaced(out, value if isinstance(value, SafeMd) else plain(value))
    return SafeMd("".join(out))


def _append_spaced(out: list[str], text: str) -> None:
    if not text:
        return
    before = out[-1][-1:] if out else ""
    after = text[:1]
    if (_HAN.match(before) and _LATIN.match(after)) or (_LATIN.match(before) and _HAN.match(after)):
        out.append(" ")
    out.append(text)


@pass_context
def count(context: Context, n: int, key: str) -> SafeMd:
    """'1 purpose' / '14 purposes' / '14项', in the form the language's plural rule picks."""
    return SafeMd(getattr(_t(context), key)(n).format(n=n))


@pass_context
def duration(context: Context, period: Mapping[str, Any] | None, bound: object = None) -> SafeMd:
    """A duration in words: '15 working days', '15个工作日'; with a bound the policy states,
    'at least 6 months' (minimum) or 'at most 6 months' (maximum). An exact period, or one
    whose bound the policy does not state, is the period alone: nothing is added to it."""
    if not isinstance(period, Mapping):
        return SafeMd("")
    t = _t(context)
    value, unit = period.get("value"), period.get("unit")
    words = (
        duration_words(t, value, unit)
        if isinstance(value, int) and not isinstance(value, bool) and isinstance(unit, str)
        else None
    )
    if words is None:
        words = SafeMd(f"{plain(str(value))} {plain(str(unit))}")
    if bound == "minimum":
        return SafeMd(t.at_least.format(period=words))
    if bound == "maximum":
        return SafeMd(t.at_most.format(period=words))
    return words


@pass_context
def enum(context: Context, value: Any, group: str) -> SafeMd:
    """The catalog's words for an enum value; an unknown value shows as written."""
    words = _t(context).enum.get(group, {}).get(value)
    return words if words is not None else plain(value)


@pass_context
def enums(context: Context, values: Sequence[Any] | None, group: str) -> SafeMd:
    """Several enum values joined with the language's list separator, empty labels skipped."""
    labels = [enum(context, v, group) for v in values or ()]
    return _join((w for w in labels if w), _t(context).list_sep)


@pass_context
def country(context: Context, code: Any) -> SafeMd:
    """A country's or region's name in the page's language (CLDR), else its code."""
    return country_words(_t(context), code)


@pass_context
def date(context: Context, value: Any) -> SafeMd:
    """A date as the page's language writes it: '2023年9月5日', 'September 5, 2023'."""
    return date_words(_t(context), value)


@pass_context
def language(context: Context, tag: Any) -> SafeMd:
    """A language's name in the page's language ('Chinese', '英语'), else its tag."""
    if not isinstance(tag, str):
        return plain(tag)
    return plain(language_in(tag, str(context["doc"].get("language"))))


@pass_context
def law(context: Context, cited: Mapping[str, Any] | None) -> SafeMd:
    """'网络安全法 第三章第二十一条' style citation, the title linked when the law has a safe URL."""
    if not isinstance(cited, Mapping) or "title" not in cited:
        return SafeMd("")
    title = link(cited.get("url"), cited["title"])
    if "article" not in cited:
        return title
    return SafeMd(_t(context).law.format(title=title, article=plain(cited["article"])).strip())


@pass_context
def refs(context: Context, ids: Sequence[Any] | None, kind: str, separator: str = "list_sep") -> SafeMd:
    """The labels of the items that `ids` name (data categories, purposes, contacts, recipients)."""
    t = _t(context)
    found = context["index"].get(kind, {})
    shown = [_item_label(context, found.get(i), kind) if i in found else plain(i) for i in ids or ()]
    return _join(shown, getattr(t, separator))


def _item_label(context: Context, item: Mapping[str, Any], kind: str) -> SafeMd:
    if kind == "contacts":
        return contact(context, item)
    if kind == "recipients":
        return plain(item.get("name") or item.get("kind") or item.get("id"))
    if kind == "retention":
        return retention_subject(context, item) or plain(item.get("description") or item.get("id"))
    return plain(item.get("label") or item.get("name") or item.get("id"))


_ORDERED_LIST_START = re.compile(r"^([0-9]{1,9})([.)])")
_WIDE_PUNCTUATION = ("、", "）", "．", "。", "：")


def marker(item: Mapping[str, Any]) -> SafeMd:
    """The source's numbering of an item ('(1) ', 'a. '), to put before it; nothing without one.

    A marker such as '1.' would start a Markdown list where it is put: its dot is escaped.
    """
    value = item.get("marker") if isinstance(item, Mapping) else None
    if not isinstance(value, str) or not value.strip():
        return SafeMd("")
    text = _ORDERED_LIST_START.sub(r"\1\\\2", str(plain(value)), count=1)
    # Chinese numbering ends in its own wide punctuation (the enumeration comma, a wide bracket):
    # no space after it.
    return SafeMd(text if value.endswith(_WIDE_PUNCTUATION) else text + " ")


def target(anchor_id: object) -> SafeMd:
    """An anchor for a passage without a heading (an untitled section): links reach it, the
    table of contents does not list it, and no heading is invented for it."""
    return SafeMd(f'<div id="{anchor(anchor_id)}"></div>')


@pass_context
def fact(context: Context, label: SafeMd, value: SafeMd) -> SafeMd:
    """'**Label**: value', for a line of facts: both already words of the page."""
    if not isinstance(label, SafeMd) or not isinstance(value, SafeMd):
        raise TypeError("fact: the label and the value must be escaped")
    return SafeMd(f"**{label}**{_t(context).colon}{value}")


@pass_context
def right_name(context: Context, item: Mapping[str, Any]) -> SafeMd:
    """A right as the policy names it, else by its kinds ('access, correction')."""
    if "label" in item:
        return plain(item["label"])
    return enums(context, item.get("kinds"), "right")


@pass_context
def contact_value(context: Context, item: Mapping[str, Any]) -> SafeMd:
    """How to use a contact: a mailto/tel/web link, a postal address, or the kind of channel."""
    kind, value = item.get("kind"), item.get("value")
    if kind == "postal":
        place = context["index"].get("addresses", {}).get(item.get("address"))
        parts = [plain(item["recipient"])] if "recipient" in item else []
        if place and "label" in place:  # the address's own name ("Head office") is said once, here
            parts.append(plain(place["label"]))
        parts += [address(context, place)] if place else [plain(item.get("address", ""))]
        return _join((p for p in parts if p), _t(context).list_sep_address)
    if value is None:  # only the kind of channel ('in the app'); "other" says nothing
        return enum(context, kind, "contact_kind") if kind != "other" else SafeMd("")
    if kind == "email":
        # RFC 6068: in a mailto: URL, % # ? & and the like in the address are percent-encoded.
        return link(f"mailto:{quote(str(value), safe='@')}", value)
    if kind == "phone":
        sign, digits = _PHONE_DIGITS.match(str(value)).groups()  # type: ignore[union-attr]
        number = sign + re.sub(r"\D", "", digits)
        return link(f"tel:{number}", value) if len(number) > 2 else plain(value)
    if kind in ("website", "web-form"):
        return link(value)
    return link(value) if safe_url(value) else plain(value)


@pass_context
def contact(context: Context, item: Mapping[str, Any]) -> SafeMd:
    """A contact in one line: 'Customer service hotline: 020-10086'."""
    how = contact_value(context, item)
    if "label" not in item:
        return how
    t, label = _t(context), plain(item["label"])
    if not how:
        return label
    if item.get("value") is None and item.get("kind") != "postal":
        return SafeMd(f"{label}{t.paren_open}{how}{t.paren_close}")  # only the kind, e.g. 'in the app'
    return SafeMd(f"{label}{t.colon}{how}")


@pass_context
def legal_name(context: Context, controller: Mapping[str, Any]) -> SafeMd:
    """The controller's legal name, then the short name the policy uses as a defined term:
    'China Telecom Corporation Limited (“China Telecom”)', in Chinese with 以下简称."""
    name, short = plain(controller["legal_name"]), controller.get("name")
    if not short or short == controller["legal_name"]:
        return name
    return SafeMd(name + fill(_t(context).short_name, name=short))


@pass_context
def address(context: Context, place: Mapping[str, Any] | None) -> SafeMd:
    """A postal address on one line, in the order the page's language writes it.

    Smallest part first ("Beispielstraße 1, Berlin, 10115, Germany"), or, in Chinese for an
    address in China, Japan or Korea, largest first and unseparated ("中国广东省广州市…11号"
    and the postcode after it), leaving out a city or province the street line already names.
    """
    if not isinstance(place, Mapping):
        return SafeMd("")
    t = _t(context)
    lines = [str(line) for line in place.get("lines", ())]
    if t.address_order == "large-first" and place.get("country") in LARGE_FIRST_COUNTRIES:
        wider = [place[k] for k in ("region", "city") if k in place and str(place[k]) not in "".join(lines)]
        text = SafeMd(country(context, place["country"]) + "".join(plain(part) for part in (*wider, *lines)))
        if "postcode" in place:
            text = SafeMd(f"{text}{t.list_sep_address}{t.postcode}{t.colon}{plain(place['postcode'])}")
    else:
        parts = [plain(line) for line in lines]
        parts += [plain(place[k]) for k in ("city", "region", "postcode") if k in place]
        if "country" in place:
            parts.append(country(context, place["country"]))
        text = _join(parts, t.list_sep_address)
    if "as_written" in place:
        text = SafeMd(
            f"{text}{t.paren_open}{t.as_written}{t.colon}{plain(place['as_written'])}{t.paren_close}"
        )
    return text


def _section_of(context: Context, part: str) -> tuple[SafeMd, str]:
    """The title of the section that shows `part` and its anchor (else its place under More details)."""
    t, section = _t(context), context["shown_in"].get(part)
    if section is None:
        return t.part[part], anchor(f"more-{part}")
    found = find_section(context["doc"].get("sections"), section)
    title = found.get("title") if found else None  # an untitled section: the part's heading, not its id
    return plain(title) if title else t.part[part], anchor(f"section-{section}")


@pass_context
def details(context: Context, part: str) -> SafeMd:
    """' (see “Section title”)', linking to the section that shows `part` (or to its place under More
    details): a link that says where it goes, not one of many alike "(details)"."""
    t = _t(context)
    title, target = _section_of(context, part)
    return SafeMd(f"{t.paren_open}[{fill(t.details_in, section=title)}](#{target}){t.paren_close}")


# Points whose facts may hold commas of their own are separated by the item separator ("; ").
_LONG_FACTS = frozenset({"purposes", "recipients", "negations", "retention", "contact"})


@pass_context
def key_point(context: Context, point: KeyPoint) -> SafeMd:
    """What a key point says on the page: its facts named, then "and N more" linking to the
    section that says the rest (else a link to that section); for rights, when and how to ask."""
    t = _t(context)
    facts = [key_fact(context, f) for f in point.facts]
    text = _join((f for f in facts if f), t.item_sep if point.key in _LONG_FACTS else t.list_sep)
    if not point.facts and point.count:
        text = count(context, point.count, "n_transfers")
    if point.possible:
        text = SafeMd(f"{text}{t.paren_open}{t.kp_possible}{t.paren_close}")
    notes = []
    if point.answered:
        times = _join((duration(context, p) for p in point.answered), t.list_sep)
        notes.append(fill(t.kp_answered, time=times))
    if point.via:
        via = _join((_channel(context, c.value) for c in point.via), t.item_sep)
        if point.via_more:
            via = fill(t.kp_list_more, items=via, more=count(context, point.via_more, "kp_and_more"))
        notes.append(fill(t.kp_via, channels=via))
    if notes:
        text = _join([text, *notes], t.sep)
    if point.more:
        _title, target = _section_of(context, point.part)
        more = SafeMd(f"[{count(context, point.more, 'kp_and_more')}](#{target})")
        return fill(t.kp_list_more, items=text, more=more)
    return SafeMd(text + details(context, point.part))


@pass_context
def key_fact(context: Context, fact: Fact) -> SafeMd:
    """One fact of a key point in the page's words (keypoints.Fact says what each kind is)."""
    t, value = _t(context), fact.value
    if fact.kind == "controller":
        if value.get("legal_name"):
            return legal_name(context, value)
        return fill(t.kp_unnamed, name=value.get("name") or value.get("id"))
    if fact.kind == "category":
        return category(context, value)
    if fact.kind in ("purpose", "recipient"):
        return plain(listed(item_name(value)))
    if fact.kind == "negation":
        words = enum(context, value.get("practice"), "negated_practice")
        if value.get("data"):
            words = SafeMd(
                f"{words}{t.paren_open}{refs(context, value['data'], 'data_categories')}{t.paren_close}"
            )
        if value.get("exceptions"):
            words = SafeMd(f"{words}{t.paren_open}{t.kp_with_exceptions}{t.paren_close}")
        return words
    if fact.kind == "country":
        return country(context, value)
    if fact.kind == "retention":
        subject = retention_subject(context, value)
        if "period" in value:
            period = duration(context, value["period"], value.get("bound"))
        else:
            period = enum(context, value.get("term"), "term")
        return SafeMd(f"{subject}{t.colon}{period}") if subject else period
    if fact.kind == "right":
        return enum(context, value, "right")
    if fact.kind == "contact":  # a postal address is the section's to give: the point stays short
        return _channel(context, value) if value.get("kind") == "postal" else contact(context, value)
    if fact.kind == "officer":
        return plain(value.get("title"))
    return plain(value)  # place: a text as written


def _channel(context: Context, item: Mapping[str, Any]) -> SafeMd:
    """A contact named briefly where the key points say how to ask (the contact point has it in full)."""
    if "label" in item:
        return plain(item["label"])
    if item.get("kind") == "postal" or "value" not in item:
        return (
            enum(context, item.get("kind"), "contact_kind")
            if item.get("kind") not in (None, "other")
            else plain(item.get("id"))
        )
    return contact_value(context, item)


def find_section(sections: Any, section_id: str) -> dict[str, Any] | None:
    """The section with this id, at any depth of `sections`; None when there is none."""
    for section in sections if isinstance(sections, list) else ():
        if not isinstance(section, dict):
            continue
        if section.get("id") == section_id:
            return section
        found = find_section(section.get("sections"), section_id)
        if found is not None:
            return found
    return None


@pass_context
def category(context: Context, item: Mapping[str, Any]) -> SafeMd:
    """A data category's label, marked when the policy calls it sensitive."""
    t, label = _t(context), plain(item.get("label", item.get("id")))
    return SafeMd(f"{label}{t.paren_open}{t.sensitive}{t.paren_close}") if item.get("sensitive") else label


@pass_context
def retention_subject(context: Context, rule: Mapping[str, Any]) -> SafeMd:
    """What a retention rule is about: its subject, else its data categories, else its law."""
    if "subject" in rule:
        return plain(rule["subject"])
    if rule.get("data"):
        return refs(context, rule["data"], "data_categories")
    cited = rule.get("law")
    return plain(cited["title"]) if isinstance(cited, Mapping) and "title" in cited else SafeMd("")


def has(items: Iterable[Mapping[str, Any]] | None, key: str) -> bool:
    """Whether any item has `key` (decides whether a table gets that column)."""
    return any(isinstance(i, Mapping) and key in i for i in items or ())


FILTERS: dict[str, Callable[..., Any]] = {
    "md": plain,
    "cell": cell,
    "markdown": markdown_field,
    "link": link,
    "heading": heading,
    "anchor": lambda v: SafeMd(anchor(v)),
    "join": join,
    "indent": indent,
    "fill": fill,
    "count": count,
    "duration": duration,
    "enum": enum,
    "enums": enums,
    "country": country,
    "date": date,
    "language": language,
    "law": law,
    "refs": refs,
    "contact": contact,
    "contact_value": contact_value,
    "address": address,
    "legal_name": legal_name,
    "details": details,
    "key_point": key_point,
    "category": category,
    "retention_subject": retention_subject,
    "marker": marker,
    "target": target,
    "right_name": right_name,
    "fact": fact,
}
GLOBALS: dict[str, Callable[..., Any]] = {"collect": collect, "has": has}
