"""The page words as templates and filters use them: `t.kp_who`, `t.enum["right"]["erasure"]`.

The words come from the message catalogs (i18n/catalogs.py): this module only arranges them
for one page language, every word marked safe (the words are ours, not the policy's). A key
`group.name` is `t.group["name"]`, and `enum.group.value` is `t.enum["group"]["value"]`; a count
(`n_categories`, `unit.working-day`) is a `Plural`, which `count` and `duration` call with the number.
`t.page_language` is the page's language tag, for what CLDR says in it (i18n/cldr.py): names,
dates and durations, which the functions below give as page words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace
from typing import Any

from ..i18n import catalogs, cldr
from .escape import SafeMd, plain

# Groups whose entries are split once more: enum.<group>.<value>.
_TWO_LEVELS = frozenset({"enum"})
PAGE_LANGUAGE = "page_language"


@dataclass(frozen=True)
class Plural:
    """A count message for one language: `words(n)` is the form for n, `{n}` not yet filled in."""

    key: str
    language: str

    def __call__(self, n: int) -> SafeMd:
        return SafeMd(catalogs.plural(self.key, n, self.language))


def labels_for(language: str) -> SimpleNamespace:
    """The page words for a page in `language`, built once per language and shared.

    A namespace, not a dict, so that `t.items` in a template is a word and never dict.items.
    """
    return _labels(language if isinstance(language, str) else "")


@cache
def _labels(language: str) -> SimpleNamespace:
    words: dict[str, Any] = {PAGE_LANGUAGE: language}
    for key, entry in catalogs.template().items():
        value: Any = Plural(key, language) if entry.plural else SafeMd(catalogs.text(key, language))
        head, _, rest = key.partition(".")
        if head == PAGE_LANGUAGE:
            raise ValueError(f"a message may not be called {key!r}: t.{PAGE_LANGUAGE} is the page's language")
        if not rest:
            words[key] = value
            continue
        group = words.setdefault(head, {})
        if head in _TWO_LEVELS:
            sub, _, rest = rest.partition(".")
            group = group.setdefault(sub, {})
        group[rest] = value
    return SimpleNamespace(**words)


catalogs.on_forget(_labels.cache_clear)


def date_words(t: Any, value: object) -> SafeMd:
    """A date (YYYY-MM-DD) as the page's language writes it ("2023年9月5日"), else as written."""
    return plain(cldr.date(value, t.page_language) or value)


def country_words(t: Any, code: object) -> SafeMd:
    """A country's or region's name in the page's language, else its code as written."""
    return plain(cldr.country_name(code, t.page_language) or code)


def duration_words(t: Any, value: int, unit: str) -> SafeMd | None:
    """`value` `unit`s in words: CLDR's where it knows the unit ("15 days", "15天"), else the
    catalog's count message `unit.<unit>` ("15 working days"); None for a unit neither knows."""
    words = cldr.duration(value, unit, t.page_language)
    if words is not None:
        return plain(words)
    forms = t.unit.get(unit) if hasattr(t, "unit") else None
    return SafeMd(forms(value).format(n=value)) if forms is not None else None


@cache
def language_in(tag: str, reader: str) -> str:
    """A language's name in the reader's words as prose uses it ("Chinese", "英语"), from CLDR;
    the tag itself when CLDR does not know it."""
    return cldr.language_name(tag, reader) or tag


catalogs.on_forget(language_in.cache_clear)
