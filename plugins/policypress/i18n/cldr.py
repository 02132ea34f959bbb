"""Names, dates and durations from CLDR, through Babel: what the Unicode consortium already translated.

Country and region names (every ISO 3166 code, and EU), language names, dates in each
locale's usual form (`2023年9月5日`, `September 5, 2023`, `5 September 2023` for en-GB) and
durations in the units CLDR knows (`15 days`, `15天`, `6个月`) come from here, in the
language of the page; PolicyPress keeps no table of its own for any of them.

A page's language tag becomes a Babel locale by likely subtags (zh-TW → zh_Hant_TW, zh-HK →
zh_Hant_HK, zh → zh_Hans); a tag CLDR has no data for (a pseudo-locale such as en-XA) uses
its language (en), and failing that English.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache

import langcodes
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.units import UnknownUnitError, format_unit

from . import catalogs

FALLBACK = "en"


@cache
def locale(language: str) -> Locale:
    """The CLDR locale for a page in `language`: the tag itself, else its language, else English."""
    for candidate in _candidates(language):
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return Locale.parse(FALLBACK)


def _candidates(language: str) -> list[str]:
    try:
        tag = langcodes.Language.get(language)
    except (ValueError, LookupError):
        return [FALLBACK]
    shorter = [tag.to_tag(), tag.simplify_script().to_tag()]
    if tag.script:
        shorter.append(f"{tag.language}-{tag.script}")
    shorter.append(str(tag.language))
    return [t for t in dict.fromkeys(shorter) if t and t != "und"]


def country_name(code: object, language: str) -> str | None:
    """A country's or region's name (ISO 3166-1 alpha-2, or a CLDR region such as EU), or None."""
    if not isinstance(code, str) or not code.isalpha():
        return None
    name = locale(language).territories.get(code.upper())
    return str(name) if name else None


def language_name(tag: object, language: str) -> str | None:
    """A language's name as prose says it ("translated from Chinese"): CLDR's name for the tag's
    variety where it has one ("Brazilian Portuguese", "Traditional Chinese"), else its language's."""
    if not isinstance(tag, str):
        return None
    try:
        parsed = langcodes.Language.get(tag)
    except (ValueError, LookupError):
        return None
    names = locale(language).languages
    code, script, region = str(parsed.language), parsed.script, parsed.territory
    varieties = [f"{code}_{script}_{region}", f"{code}_{script}"] if script else []
    varieties += [f"{code}_{region}"] if region else []
    for key in [*varieties, code]:
        name = names.get(key)
        if name:
            return str(name)
    return None


def locale_name(tag: str, language: str) -> str:
    """A language tag in full, as a language picker says it: "English (United Kingdom)", and in
    Chinese with the catalog's full-width brackets."""
    try:
        parsed = langcodes.Language.get(tag)
    except (ValueError, LookupError):
        return tag
    cldr = locale(language)
    bare = f"{parsed.language}-{parsed.script}" if parsed.script else str(parsed.language)
    name = language_name(bare, language)
    if name is None:
        return tag
    details = [cldr.territories.get(parsed.territory)] if parsed.territory else []
    if parsed.script and name == cldr.languages.get(str(parsed.language)):  # no compound name: say the script
        details.insert(0, cldr.scripts.get(parsed.script))
    shown = [str(d) for d in details if d]
    if not shown:
        return name
    pattern = catalogs.text("locale_display", language)
    return pattern.format(language=name, details=catalogs.text("list_sep", language).join(shown))


def date(value: object, language: str) -> str | None:
    """A calendar date (YYYY-MM-DD) as the locale writes it in full, or None for anything else."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            return None
    return _date(day, language)


@lru_cache(maxsize=4096)
def _date(day: dt.date, language: str) -> str:
    return str(format_date(day, format="long", locale=locale(language)))


@lru_cache(maxsize=4096)  # Babel's format_unit took a quarter of a page's rendering
def duration(value: int, unit: str, language: str) -> str | None:
    """`value` of a CLDR duration unit (hour, day, week, month, year) in words, or None."""
    try:
        return str(format_unit(value, f"duration-{unit}", length="long", locale=locale(language)))
    except UnknownUnitError:
        return None


catalogs.on_forget(locale.cache_clear)
catalogs.on_forget(_date.cache_clear)
catalogs.on_forget(duration.cache_clear)
