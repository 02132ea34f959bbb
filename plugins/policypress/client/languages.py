"""Which of a policy's languages to show a reader: RFC 4647 lookup, then CLDR's likely subtags.

For each of the reader's languages, best first:

1. Lookup (RFC 4647, section 3.4): the tag, compared case-blind with the policy's languages,
   then shortened a subtag at a time (`zh-Hans-CN`, `zh-Hans`, `zh`), a single-letter subtag
   left at the end going with the next (`en-x-twain`, `en`).
2. Otherwise, the same language in the same script, once both tags are completed with CLDR's
   likely subtags (`zh-CN` is `zh-Hans-CN`, `zh-TW` is `zh-Hant-TW`, `zh` is `zh-Hans-CN`):
   among several, the one of the same region, else the first in the policy's order.

If none of the reader's languages matches, the policy's `default_language`: its controlling
language, whose text prevails. So a reader of Traditional Chinese (`zh-TW`, `zh-HK`,
`zh-Hant`) is never given Simplified Chinese in place of a later choice of theirs: Simplified
is another script, which `langcodes` and `@formatjs/intl-localematcher` do not match either;
the reader gets their next language that matches, else the controlling language (which may
itself be Simplified Chinese). The JavaScript client (`clients/js`) follows the same rule, with
`Intl.Locale.maximize` for the likely subtags; both run the cases of
`clients/cases/languages.json`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import langcodes

__all__ = ["negotiate_language"]


def negotiate_language(available: Sequence[str], preferred: Sequence[str], default: str | None = None) -> str:
    """The tag of `available` to show a reader whose languages are `preferred` (best first);
    `default` (else the first of `available`) when none of them matches."""
    if not available:
        raise ValueError("negotiate_language: no language is available")
    for wanted in preferred:
        if wanted.strip() == "*":  # "any other language": the default is as good as any
            break
        found = _lookup(available, wanted) or _same_script(available, wanted)
        if found is not None:
            return found
    return default if default is not None else available[0]


def _lookup(available: Sequence[str], wanted: str) -> str | None:
    """RFC 4647 lookup of one language range."""
    known = {tag.lower(): tag for tag in reversed(available)}  # the first of equal tags wins
    subtags = wanted.strip().lower().split("-")
    while subtags:
        found = known.get("-".join(subtags))
        if found is not None:
            return found
        subtags.pop()
        if subtags and len(subtags[-1]) == 1:  # a singleton ("x" of "x-twain") goes too
            subtags.pop()
    return None


def _same_script(available: Sequence[str], wanted: str) -> str | None:
    reader = _likely(wanted.strip())
    if reader is None:
        return None
    matches = [(tag, likely) for tag in available if (likely := _likely(tag)) and likely[:2] == reader[:2]]
    same_region = [tag for tag, likely in matches if likely[2] == reader[2]]
    ranked = same_region or [tag for tag, _ in matches]
    return ranked[0] if ranked else None


@cache
def _likely(tag: str) -> tuple[str, str, str] | None:
    """(language, script, region) of `tag` completed with CLDR's likely subtags; None if it is
    not a tag (it can still match by lookup)."""
    try:
        full = langcodes.Language.get(tag).maximize()
    except (ValueError, LookupError):
        return None
    if not full.language or full.language.startswith("x-"):
        return None
    return full.language, full.script or "", full.territory or ""
