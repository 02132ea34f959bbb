"""Language tags and region codes, answered without importing langcodes where a table can.

langcodes is the authority (BCP 47 validity and canonical form), but importing it compiles an
18 KB regular expression of every valid subtag, about a quarter of `policypress validate
ONE.yaml`'s start-up, and no bytecode cache keeps it. The tags policies use are nearly always a
two-letter language, alone or with a region (`en`, `zh-CN`, `de-419`): `langtags.json` lists the
subtags of those that langcodes finds valid and canonical, generated from langcodes by
`generate()` (`python -m policypress.langtags` rewrites it), which also checks that every
combination of the two is valid and canonical. Any other tag, and every refusal, is langcodes'
own answer. tests/test_langtags.py regenerates the table and compares, so a new langcodes that
disagrees fails the tests until the table is written again.
"""

from __future__ import annotations

import json
import re
import sys
from functools import cache
from pathlib import Path

_SIMPLE = re.compile(r"([a-z]{2})(?:-([A-Z]{2}|[0-9]{3}))?")
DATA_FILE = Path(__file__).with_name("langtags.json")


@cache
def _table(name: str) -> frozenset[str]:
    """One list of langtags.json: "languages", "regions" or "region_codes"."""
    with DATA_FILE.open(encoding="utf-8") as fh:
        return frozenset(json.load(fh)[name])


@cache
def language_problem(tag: str) -> str | None:
    """Why `tag` is not a canonical, registered BCP 47 tag, or None."""
    simple = _SIMPLE.fullmatch(tag)
    if simple and simple[1] in _table("languages") and (simple[2] is None or simple[2] in _table("regions")):
        return None
    import langcodes  # only for a tag the table does not answer

    if not langcodes.tag_is_valid(tag) or not langcodes.Language.get(tag).is_valid():
        return f"'{tag}' is not a valid BCP 47 language tag (e.g. en, zh-CN)"
    canonical = langcodes.standardize_tag(tag)
    if canonical != tag:
        return f"write the language tag '{tag}' in its standard form '{canonical}'"
    return None


def is_region(code: str) -> bool:
    """Whether `code` is a two-letter region subtag the registry knows (deprecated ones too), in
    any case, as langcodes reads it (the schema asks for capitals)."""
    return code.isascii() and code.upper() in _table("region_codes")


def generate() -> str:
    """The text of `langtags.json`, from the langcodes installed."""
    from importlib.metadata import version

    import langcodes

    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)]
    pairs = [a + b for a in letters for b in letters]

    def valid(tag: str) -> bool:
        return bool(langcodes.tag_is_valid(tag) and langcodes.Language.get(tag).is_valid())

    def canonical(tag: str) -> bool:
        return valid(tag) and langcodes.standardize_tag(tag) == tag

    languages = [pair for pair in pairs if canonical(pair)]
    codes = [pair.upper() for pair in pairs] + [f"{n:03d}" for n in range(1000)]
    regions = sorted(code for code in codes if canonical(f"en-{code}"))
    tags = (f"{lang}-{reg}" for lang in languages for reg in regions)
    pairs_refused = [tag for tag in tags if not canonical(tag)]
    if pairs_refused:  # the table's rule (each subtag canonical, so the pair is) would be wrong
        raise ValueError(f"langcodes refuses pairs of canonical subtags: {pairs_refused[:10]}")
    region_codes = [pair.upper() for pair in pairs if valid(f"und-{pair.upper()}")]
    lists = {"languages": languages, "regions": regions, "region_codes": region_codes}
    body = ",\n".join(f"  {json.dumps(name)}: {json.dumps(values)}" for name, values in lists.items())
    return f'{{\n  "generated from": "langcodes {version("langcodes")}",\n{body}\n}}\n'


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    DATA_FILE.write_text(generate(), encoding="utf-8")
    print(f"wrote {DATA_FILE}", file=sys.stderr)
