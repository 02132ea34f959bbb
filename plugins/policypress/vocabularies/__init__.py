"""Term lists of published vocabularies, shipped as data, and the check of a policy's terms.

Each `<name>.json` beside this module is one vocabulary — W3C DPV, fideslang, Apple's privacy
manifest keys, Google Play's Data safety ids — with its version, source, licence and lists
(`data`, `purposes`: term → label). They were fetched once and are committed
(tools/refresh_vocabularies.py); a build never downloads them. Which fields of the policy hold
terms of which list is read from the schema's index (`x-policypress: vocabulary`).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..diagnostics import Code, Finding
from ..pointers import walk
from ..schemaindex import SchemaIndex

FOLDER = Path(__file__).parent
NAMES = ("dpv", "fideslang", "apple", "play")
PROVENANCE = (
    "vocabulary",
    "title",
    "short",
    "version",
    "url",
    "source",
    "retrieved",
    "licence",
    "licence_url",
)


@dataclass(frozen=True)
class Vocabulary:
    """One vocabulary's term lists and where they come from."""

    name: str
    title: str
    short: str  # its name in messages
    version: str
    url: str
    source: str
    licence: str
    lists: Mapping[str, Mapping[str, str | None]]  # list name → term → label (None: not given)
    raw: Mapping[str, Any]  # the whole file (the Play layout, the notes)


@cache
def load(name: str) -> Vocabulary:
    """The vocabulary `name` (one of NAMES), read once."""
    if name not in NAMES:
        raise KeyError(name)
    raw = json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))
    lists = {key: MappingProxyType(dict(terms)) for key, terms in raw["lists"].items()}
    return Vocabulary(
        raw["vocabulary"],
        raw["title"],
        raw["short"],
        raw["version"],
        raw["url"],
        raw["source"],
        raw["licence"],
        MappingProxyType(lists),
        MappingProxyType(raw),
    )


def terms(spec: str) -> Mapping[str, str | None]:
    """The list a schema annotation names (`dpv/data`)."""
    name, _, which = spec.partition("/")
    return load(name).lists[which]


def check(data: Mapping[str, Any], schema: SchemaIndex) -> Iterator[Finding]:
    """A finding for each term its vocabulary's list does not have, with the closest ones."""
    for pattern, spec in schema.vocabularies:
        for path, value in walk(data, pattern):  # a policy without terms reads no list
            known = terms(spec)
            if not isinstance(value, str) or value in known:
                continue
            vocabulary = load(spec.partition("/")[0])
            kind = "purpose" if spec.endswith("/purposes") else "data category"
            close = _closest(value, known)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            yield Finding(
                path,
                Code.UNKNOWN_TERM,
                f"'{value}' is not a {kind} of {vocabulary.short}{hint} "
                f"(the terms are listed at {vocabulary.url})",
            )


def _closest(value: str, known: Mapping[str, str | None]) -> list[str]:
    """Up to three terms like `value`: by spelling, ignoring case and the prefix's form."""
    folded = {term.casefold(): term for term in known}
    exact = folded.get(value.casefold())
    if exact is not None:
        return [exact]
    tail = {term.rpartition(":")[2].rpartition(".")[2].casefold(): term for term in known}
    by_tail = tail.get(value.rpartition(":")[2].rpartition(".")[2].casefold())
    if by_tail is not None:
        return [by_tail]
    return [folded[c] for c in difflib.get_close_matches(value.casefold(), list(folded), n=3, cutoff=0.75)]
