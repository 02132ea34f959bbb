"""The words PolicyPress adds around a policy's text, as gettext message catalogs read with Babel.

- `locales/messages.pot` in the package holds every message: its key as `msgctxt`
  (`kp_who`, `enum.right.erasure`, `n_categories`) and its English text as `msgid` (and
  `msgid_plural` for a count). English is the source language and needs no catalog of its own.
- `locales/<tag>.po` translates them for one language (`zh-Hans.po`, `zh-Hant.po`). A message
  a catalog lacks, leaves empty or marks fuzzy is shown in English.
- A site's own catalogs (`<tag>.po` in the plugin's `locales_dir`) come first: they reword
  messages, add languages and translate the site's own words (its nav titles). A site sets
  them once per process with `use_site_locales`.

A page's language tag picks the closest catalog by likely subtags (langcodes): zh-TW and
zh-HK take zh-Hant, zh-CN and zh-SG take zh-Hans, en-GB English; a language without a
close catalog gets English. Counts choose their form with the catalog's Plural-Forms (CLDR's
rules, which Babel writes into a new catalog), English's by CLDR's rule for English.

The .po files are read at run time, once per process and language (about 50 ms each): one
format for contributors, translators and sites alike, and no compiled file that can go stale.
"""

from __future__ import annotations

import gettext
import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import langcodes
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

PACKAGE_LOCALES = Path(__file__).resolve().parent.parent / "locales"
TEMPLATE = "messages.pot"
SOURCE_LANGUAGE = "en"
NAV = "nav"  # the msgctxt of a site's own words: the titles in its nav
# How far (langcodes' distance) a page's language may be from a catalog's and still use it:
# zh-HK → zh-Hant is 5, yue → zh-Hant 14; zh-TW → zh-Hans is 54 and de → en 84, too far.
MAX_DISTANCE = 25

English = str | tuple[str, str]
Translated = str | tuple[str, ...]
_FORMATTER = string.Formatter()
_TAG_FILE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*\.po$")


class CatalogError(ValueError):
    """A catalog PolicyPress cannot use, with the place of the trouble (`file:line: …`)."""


@dataclass(frozen=True)
class Entry:
    """One message of the template: its key (msgctxt), English text and where it is described."""

    key: str
    english: English
    comments: tuple[str, ...] = ()

    @property
    def plural(self) -> bool:
        return isinstance(self.english, tuple)


@dataclass(frozen=True)
class Translations:
    """One language's translations by key (site's over package's), and its plural rule."""

    tag: str  # the catalog's language tag, e.g. zh-Hans
    strings: Mapping[str, Translated]
    plural_index: Callable[[int], int]
    site: Mapping[str, Translated]  # the site's own words (msgctxt "nav"), by their English


@cache
def template() -> dict[str, Entry]:
    """Every message by key, in the template's order."""
    catalog = read(PACKAGE_LOCALES / TEMPLATE)
    entries: dict[str, Entry] = {}
    for message in catalog:
        if not message.id or message.context is None:
            continue
        english: English = (
            (str(message.id[0]), str(message.id[1])) if isinstance(message.id, tuple) else str(message.id)
        )
        entries[message.context] = Entry(message.context, english, tuple(message.auto_comments))
    return entries


def english_plural_index(n: int) -> int:
    """The English form for `n` (0: one, 1: other), by CLDR's plural rule for English."""
    return 0 if Locale.parse(SOURCE_LANGUAGE).plural_form(n) == "one" else 1


# ---------------------------------------------------------------- the site's catalogs

_site_locales: Path | None = None


def use_site_locales(folder: Path | None) -> None:
    """Use a site's catalogs (`<tag>.po` files in `folder`) before the package's, in this process.

    Each build sets it (the plugin, and each worker process before it renders), so a process
    serves one site at a time; a changed folder drops what was read for the previous one.
    """
    global _site_locales
    folder = folder.resolve() if folder is not None else None
    if folder != _site_locales:
        _site_locales = folder
        forget()


def site_locales() -> Path | None:
    return _site_locales


def forget() -> None:
    """Read every catalog again when next needed (`mkdocs serve` sees edited catalogs)."""
    _catalog_file.cache_clear()
    _translations.cache_clear()
    _available.cache_clear()
    catalog_tag.cache_clear()
    template.cache_clear()
    for clear in _on_forget:
        clear()


_on_forget: list[Callable[[], None]] = []


def on_forget(clear: Callable[[], None]) -> None:
    """Register a cache built from the catalogs, cleared with them."""
    _on_forget.append(clear)


# ---------------------------------------------------------------- languages


def catalog_files(folder: Path) -> dict[str, Path]:
    """The catalogs in a folder, by language tag (`zh-Hant.po` → zh-Hant)."""
    if not folder.is_dir():
        return {}
    return {
        langcodes.standardize_tag(path.stem): path
        for path in sorted(folder.iterdir())
        if _TAG_FILE.match(path.name) and langcodes.tag_is_valid(path.stem)
    }


@cache
def _available() -> tuple[str, ...]:
    tags = set(catalog_files(PACKAGE_LOCALES))
    if _site_locales is not None:
        tags |= set(catalog_files(_site_locales))
    return tuple(sorted(tags | {SOURCE_LANGUAGE}))


def available() -> tuple[str, ...]:
    """Every language with a catalog (English included), sorted."""
    return _available()


@cache
def catalog_tag(language: str) -> str:
    """The catalog a page in `language` uses: the closest by likely subtags, else English."""
    try:
        match, _distance = langcodes.closest_match(language, list(_available()), max_distance=MAX_DISTANCE)
    except (ValueError, LookupError):  # not a tag: validation reports it (PP305)
        return SOURCE_LANGUAGE
    return match if match in _available() else SOURCE_LANGUAGE


# ---------------------------------------------------------------- reading


def translations(language: str) -> Translations:
    """The translations a page in `language` uses (English: none, every message falls back)."""
    return _translations(catalog_tag(language))


@cache
def _translations(tag: str) -> Translations:
    keys = template()
    strings: dict[str, Translated] = {}
    site: dict[str, Translated] = {}
    plural_index: Callable[[int], int] = english_plural_index
    sources = [PACKAGE_LOCALES / f"{tag}.po"]
    if _site_locales is not None:
        sources.append(_site_locales / f"{tag}.po")
    for path in sources:
        if not path.is_file():
            continue
        catalog = _catalog_file(path)
        plural_index = gettext.c2py(catalog.plural_expr)
        for message in catalog:
            if not message.id or message.fuzzy or not _translated(message.string):
                continue
            if message.context in keys:
                _check_placeholders(path, message.lineno or 0, keys[message.context], message.string)
                strings[message.context] = _strings(message.string)
            elif message.context == NAV and isinstance(message.id, str):
                site[message.id] = _strings(message.string)
    return Translations(tag, strings, plural_index, site)


@cache
def _catalog_file(path: Path) -> Catalog:
    return read(path)


def read(path: Path) -> Catalog:
    """A catalog file, or a CatalogError that says where it is broken."""
    try:
        with path.open("rb") as file:
            return read_po(file, abort_invalid=True)
    except PoFileError as exc:  # Babel counts lines from 0 and ends its message with "on <line>"
        problem = re.sub(r" on \d+$", "", str(exc))
        raise CatalogError(f"{path}:{exc.lineno + 1}: {problem}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CatalogError(f"{path}: cannot read this catalog: {exc}") from None


def forms(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """A message's id or string as a tuple: one text, or every plural form."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(str(s) for s in value)


def _translated(string: str | Iterable[str] | None) -> bool:
    return bool(forms(string)) and all(forms(string))


def _strings(string: str | Iterable[str] | None) -> Translated:
    return string if isinstance(string, str) else forms(string)


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a message."""
    try:
        return {name for _literal, name, _spec, _conv in _FORMATTER.parse(text) if name}
    except ValueError:  # an unmatched brace
        return {"{"}


def _check_placeholders(path: Path, line: int, entry: Entry, string: str | Iterable[str] | None) -> None:
    allowed = set().union(*(placeholders(e) for e in forms(entry.english)))
    for form in forms(string):
        extra = placeholders(form) - allowed
        if extra:
            raise CatalogError(
                f"{path}:{line}: the translation of '{entry.key}' uses "
                f"{', '.join('{' + e + '}' for e in sorted(extra))}, which the English text "
                f"does not have ({', '.join('{' + a + '}' for a in sorted(allowed)) or 'none'})"
            )


# ---------------------------------------------------------------- looking up


def text(key: str, language: str) -> str:
    """The words of message `key` for a page in `language` (English where not translated)."""
    found = translations(language).strings.get(key)
    if isinstance(found, str):
        return found
    english = template()[key].english
    if isinstance(english, tuple):
        raise KeyError(f"message {key!r} is a count: use plural()")
    return english


def plural(key: str, n: int, language: str) -> str:
    """The form of count message `key` for `n` (`{n}` not yet filled in)."""
    chosen = translations(language)
    found = chosen.strings.get(key)
    if isinstance(found, tuple):
        index = chosen.plural_index(n)
        if 0 <= index < len(found):
            return found[index]
    english = template()[key].english
    if not isinstance(english, tuple):
        raise KeyError(f"message {key!r} is not a count")
    return english[english_plural_index(n)]


def nav_title(title: str, language: str) -> str | None:
    """A site's translation of a title in its nav (msgctxt "nav"), or None when it has none."""
    found = translations(language).site.get(title)
    return found if isinstance(found, str) else None


def keys(prefix: str = "") -> Iterable[str]:
    """Every message key (starting with `prefix`), in the template's order."""
    return (key for key in template() if key.startswith(prefix))
