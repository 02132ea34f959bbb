"""Language tags and region codes from a table generated from langcodes (policypress/langtags.py),
so that validating a file need not import langcodes: the table is langcodes' answer, kept so."""

from __future__ import annotations

import langcodes
import pytest

from policypress import langtags, semantics


def test_the_table_is_what_langcodes_says_now() -> None:
    """Regenerated from the langcodes installed, it is the file shipped: a new langcodes that
    disagrees fails here until `python -m policypress.langtags` writes the table again."""
    assert langtags.DATA_FILE.read_text(encoding="utf-8") == langtags.generate()


def reference(tag: str) -> str | None:
    """langcodes' own verdict, as language_problem words it."""
    if not langcodes.tag_is_valid(tag) or not langcodes.Language.get(tag).is_valid():
        return f"'{tag}' is not a valid BCP 47 language tag (e.g. en, zh-CN)"
    canonical = langcodes.standardize_tag(tag)
    return None if canonical == tag else f"write the language tag '{tag}' in its standard form '{canonical}'"


TAGS = [
    *("en", "zh", "de", "fr", "ja", "ko", "pt", "es", "ar", "he", "nb", "no", "sr"),
    *("en-GB", "en-US", "zh-CN", "zh-TW", "zh-HK", "zh-MO", "de-CH", "es-419", "en-001", "pt-BR"),
    *("zh-Hans", "zh-Hant", "zh-Hant-TW", "sr-Latn", "yue", "cmn", "nan", "en-GB-oxendict", "de-1901"),
    # refused or rewritten
    *("iw", "in", "ji", "jw", "mo", "sh", "tl", "xx", "jp", "EN", "zh-cn", "zh_CN", "en-UK", "de-DD"),
    *("en-SU", "en-YU", "en-000", "en-999", "und", "x-private", "", "e", "english", "zh-CHS"),
]


@pytest.mark.parametrize("tag", TAGS)
def test_every_verdict_is_langcodes(tag: str) -> None:
    langtags.language_problem.cache_clear()
    assert langtags.language_problem(tag) == reference(tag)


def test_region_codes_are_langcodes() -> None:
    letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    for code in (a + b for a in letters for b in letters):
        expected = langcodes.tag_is_valid(f"und-{code}") and langcodes.Language.get(f"und-{code}").is_valid()
        assert langtags.is_region(code) == expected == langtags.is_region(code.lower()), code


def test_countries_as_before() -> None:
    assert semantics.is_country("CN") and semantics.is_country("DE") and semantics.is_country("EU")
    assert not semantics.is_country("UK")  # withdrawn: write GB
    assert not semantics.is_country("XA")  # private use
    assert not any(semantics.is_country(code) for code in ("QQ", "C1", "CHN", "ＣＮ"))
