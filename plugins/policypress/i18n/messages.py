"""A site's own catalogs, for its translators: extract the site's words, start a language, merge, check.

A site's words are the titles of its nav (msgctxt "nav"). `extract` writes them into the site's
template (`<locales>/messages.pot`); `init` starts a catalog for a language (`<locales>/<tag>.po`)
and `update` merges the template into every catalog (new words arrive untranslated, changed
ones fuzzy); `check` lists what each catalog still lacks, with the English shown meanwhile.
For a language PolicyPress has no catalog of its own for, the site's catalog carries
PolicyPress's messages too, so one file holds everything that language needs.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import langcodes
from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from . import catalogs
from .check import Finding, check_catalog

TEMPLATE = catalogs.TEMPLATE


def nav_titles(nav: Any) -> list[str]:
    """Every title in a nav config (mkdocs.yml's `nav`): sections, pages and links, in order, once."""

    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, list):
            for item in node:
                yield from walk(item)
        elif isinstance(node, dict):
            for title, value in node.items():
                yield str(title)
                yield from walk(value)

    return list(dict.fromkeys(walk(nav)))


def extract(titles: Iterable[str], folder: Path) -> Path:
    """Write the site's template (its nav titles) to `folder`/messages.pot; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    template = Catalog(project="site", version="0", fuzzy=False, creation_date=_stamp())
    template.header_comment = "# The site's own words, for its translators: `policypress messages update`."
    for title in titles:
        template.add(title, context=catalogs.NAV)
    path = folder / TEMPLATE
    _write(path, template)
    return path


def init(language: str, folder: Path) -> Path:
    """Start the catalog of `language` in `folder` from the site's template (and PolicyPress's
    messages if PolicyPress has no catalog for the language); refuse to replace one."""
    if not langcodes.tag_is_valid(language):
        raise ValueError(f"{language!r} is not a BCP 47 language tag; write one such as zh-Hant or fr")
    tag = langcodes.standardize_tag(language)
    path = folder / f"{tag}.po"
    if path.exists():
        raise ValueError(f"{path} exists already: `policypress messages update` merges new words into it")
    catalog = Catalog(locale=_babel_locale(tag), project="site", version="0", fuzzy=False)
    catalog.update(_template_for(tag, folder), update_creation_date=False)
    _write(path, catalog)
    return path


def update(folder: Path) -> list[Path]:
    """Merge the site's template (and PolicyPress's, where needed) into every catalog in `folder`."""
    written = []
    for tag, path in catalogs.catalog_files(folder).items():
        catalog = catalogs.read(path)
        catalog.update(_template_for(tag, folder), update_creation_date=False)
        catalog.obsolete.clear()  # words no template has any more: gone, as the nav lost them
        _write(path, catalog)
        written.append(path)
    return written


def check(folder: Path, nav: list[str] | None = None) -> list[Finding]:
    """What each catalog in `folder` lacks: the site's words, and PolicyPress's messages in a
    language PolicyPress has no catalog for. With `nav` (the titles of the site's nav), also the
    titles the template lacks, which no catalog can translate before `extract` and `update`."""
    found: list[Finding] = []
    site = _site_template(folder)
    if nav is not None and catalogs.catalog_files(folder):
        listed = set(site)
        template = folder / TEMPLATE
        for title in nav:
            if title not in listed:
                found.append(
                    Finding(template, 0, title, "in the nav, not in the template: run extract, then update")
                )
    for tag, path in catalogs.catalog_files(folder).items():
        catalog = catalogs.read(path)
        for title in site:
            message = catalog.get(title, context=catalogs.NAV)
            if message is None:
                found.append(Finding(path, 0, title, "missing (shown in English)"))
            elif not message.string or message.fuzzy:
                problem = "fuzzy" if message.string else "untranslated"
                found.append(Finding(path, message.lineno or 0, title, f"{problem} (shown in English)"))
        if _needs_package_messages(tag):
            found += check_catalog(path)
    return found


def _site_template(folder: Path) -> list[str]:
    """The site's words its template lists (none before the first `extract`)."""
    path = folder / TEMPLATE
    if not path.is_file():
        return []
    return [str(m.id) for m in catalogs.read(path) if m.id and m.context == catalogs.NAV]


def _needs_package_messages(tag: str) -> bool:
    """Whether a site's catalog for `tag` must carry PolicyPress's messages: PolicyPress has no
    catalog close to the language, and English's words are not the language's own (en-GB)."""
    package = [*catalogs.catalog_files(catalogs.PACKAGE_LOCALES), catalogs.SOURCE_LANGUAGE]
    match, _ = langcodes.closest_match(tag, package, max_distance=catalogs.MAX_DISTANCE)
    english = langcodes.Language.get(tag).language == catalogs.SOURCE_LANGUAGE
    return match in ("und", catalogs.SOURCE_LANGUAGE) and not english


def _template_for(tag: str, folder: Path) -> Catalog:
    template = Catalog(fuzzy=False)
    for title in _site_template(folder):
        template.add(title, context=catalogs.NAV)
    if _needs_package_messages(tag):
        for key, entry in catalogs.template().items():
            flags = ["python-brace-format"] if "{" in "".join(catalogs.forms(entry.english)) else []
            template.add(entry.english, context=key, auto_comments=entry.comments, flags=flags)
    return template


def _babel_locale(tag: str) -> str:
    """The Babel locale a new catalog is made for (its plural rule): the tag, else its language."""
    parsed = langcodes.Language.get(tag)
    candidates = [tag, f"{parsed.language}-{parsed.script}" if parsed.script else None, str(parsed.language)]
    for candidate in candidates:
        if candidate is None:
            continue
        try:
            return str(Locale.parse(candidate, sep="-"))
        except (UnknownLocaleError, ValueError):
            continue
    return catalogs.SOURCE_LANGUAGE


def _stamp() -> dt.datetime:
    """The template's date: SOURCE_DATE_EPOCH's when set (reproducible), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


def _write(path: Path, catalog: Catalog) -> None:
    with path.open("wb") as file:
        write_po(file, catalog, sort_output=False)
