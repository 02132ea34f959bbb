"""Is a catalog complete? Every message of the template, translated, current and well formed.

A message a catalog lacks (or leaves empty, or marks fuzzy because its English changed) is
shown in English on the pages; this lists each, with the English that readers see instead,
so that a translator knows what to do and a test can insist on a complete catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from . import catalogs


@dataclass(frozen=True)
class Finding:
    """One thing to fix in a catalog, at its line (0 when the message is not in the file)."""

    path: Path
    line: int
    key: str
    problem: str  # missing, untranslated, fuzzy, placeholders, plural forms, obsolete, unknown

    def format(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{place}: {self.key}: {self.problem}"


def check_catalog(path: Path) -> list[Finding]:
    """Everything that keeps the catalog at `path` from translating every message, in file order."""
    catalog = catalogs.read(path)
    template = catalogs.template()
    found: list[Finding] = []
    seen: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        line = message.lineno or 0
        if message.context == catalogs.NAV:
            continue  # the site's own words, which no template lists
        if message.context not in template:
            found.append(Finding(path, line, str(message.context), "not a message of PolicyPress"))
            continue
        key = message.context
        seen.add(key)
        entry = template[key]
        found += _message_findings(path, line, message, entry, catalog)
    for key, entry in template.items():
        if key not in seen:
            found.append(Finding(path, 0, key, f"missing (shown in English: {_english(entry)})"))
    return sorted(found, key=lambda f: (f.line == 0, f.line, f.key))


def _message_findings(
    path: Path, line: int, message: Message, entry: catalogs.Entry, catalog: Catalog
) -> list[Finding]:
    english = catalogs.forms(entry.english)
    if catalogs.forms(message.id) != english:
        return [Finding(path, line, entry.key, f"written for other English (now: {_english(entry)})")]
    strings = catalogs.forms(message.string)
    if not strings or not all(strings):
        return [Finding(path, line, entry.key, f"untranslated (shown in English: {_english(entry)})")]
    if message.fuzzy:
        return [Finding(path, line, entry.key, f"fuzzy, so shown in English: {_english(entry)}")]
    if entry.plural and len(strings) != catalog.num_plurals:
        problem = f"{len(strings)} plural forms where the catalog's Plural-Forms has {catalog.num_plurals}"
        return [Finding(path, line, entry.key, problem)]
    allowed = set().union(*(catalogs.placeholders(e) for e in english))
    for form in strings:
        if catalogs.placeholders(form) != allowed:
            shown = ", ".join("{" + name + "}" for name in sorted(allowed)) or "none"
            return [Finding(path, line, entry.key, f"placeholders differ from the English text's ({shown})")]
    return []


def _english(entry: catalogs.Entry) -> str:
    return repr(entry.english[-1] if isinstance(entry.english, tuple) else entry.english)
