"""What `validate` accepts, the build publishes: policies generated from the schema (issue 15, §2).

tests/schema_policies.py reaches every text and Markdown field of the schema from a valid
policy; each example here writes hostile strings (the project's own: tests/xss_payloads.yaml
and the pieces of tests/test_hostile_properties.py, mixed with random characters) into all of
them, in a few policies of three files each (a version, its translation, the next version with
a change record), validates them as `policypress validate` does and builds every policy it
accepts into one site, in this process. The build must not raise, and what it wrote must
parse with strict parsers: every XML file (the Atom feeds, the sitemap) with lxml, every page
with html5lib without a character error, every JSON file with no NaN or Infinity and no raw
control character, and each against the schema it names when it names a published one; and
no string of the JSON holds a character validation refuses (escaped, JSON could carry it, but
an app could not show it).
A refused policy is refused for its text only: an empty text, a control character or a
length (PP205, PP207, PP208).

Few examples, derandomized, and no example database: each one is a site build.
"""

from __future__ import annotations

import json
import re
import shutil
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import html5lib
import pytest
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from mkdocs.commands.build import build
from mkdocs.config import load_config

from policypress.api import schemas as api_schemas
from policypress.diagnostics import Code, Diagnostic, Severity
from policypress.diff import diff_policies, implied_kinds, material_kinds
from policypress.validate import validate_paths

from .hostile_site import PAYLOADS
from .schema_policies import Pattern, fill, maximal_policy, policy_file, present, text_patterns
from .sites import write_site
from .test_hostile_properties import CHARACTERS, PIECES

HOSTILE = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.sampled_from([text for _, text in PAYLOADS]),
        st.text(CHARACTERS, max_size=4),
    ),
    min_size=1,
    max_size=5,
).map("".join)
# Per example, besides a control policy of harmless words: one with the strings as drawn
# (most are refused, for a control character somewhere) and one without the characters that
# validation refuses (most are published).
POLICIES = 2
# C0 and C1 controls but tab and line feed, DEL, and the non-characters (of the first plane).
REFUSED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
REFERENCE = re.compile(r"&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));?")
STRINGS = 16  # drawn per example, spread over the fields
# The issue's own cases: escaped controls and non-characters, their references, Markdown traps.
ISSUE_CASES = ["\x1b", "&#14;", "&#65534;", "\ufffe", "{{ 7*7 }}", "#{7*7}", "[ ](https://a.example)"]
# Refused for a text: empty (PP205, or PP206 where a text may also be a list), a character
# (PP207: the files write every character as an escape that the loader refuses raw), a length
# (PP208); and 100 of them shown (PP107).
REFUSED_FOR_TEXT = {Code.BAD_FORMAT, Code.FORBIDDEN_CHARACTER, Code.TOO_LONG, Code.TOO_MANY_PROBLEMS}
EMPTY_ALTERNATIVE = re.compile(r'"(?:\\[tnr]|\s)*" is none of')
# html5lib's errors for a character no page may hold (raw, or as a character reference).
CHARACTER_ERRORS = {"invalid-codepoint", "illegal-codepoint-for-numeric-entity"}
PUBLISHED = (api_schemas.MANIFEST, api_schemas.NOTICE, api_schemas.VERSIONS, api_schemas.CATALOG)


def test_the_generated_policy_reaches_every_text_field_of_the_schema() -> None:
    """Every text and Markdown field the schema has is in one of the generated files; a field
    added to the schema is reached without a change to the generator, or this fails."""
    files = editions("reach", lambda pattern, file: "Words")
    reached = {p for p in text_patterns() if any(present(data, p) for data in files.values())}
    assert sorted(set(text_patterns()) - reached) == []
    assert len(text_patterns()) > 100


def editions(policy: str, text: Any) -> dict[str, dict[str, Any]]:
    """A policy's three files: version 1 in English, its German translation, and version 2 (in
    effect far ahead, so the policy's page stays on version 1) with a true change record.
    `text(pattern, file)` gives each text field's string."""
    base, _ = maximal_policy()
    first = fill(base, lambda pattern: text(pattern, 0))
    first["policy"] = policy
    translated = fill(base, lambda pattern: text(pattern, 1))
    translated.update(policy=policy, language="de")
    translated["translation"] = {
        "from": "en",
        "by": text(("translation", "by"), 1),
        "date": "2024-01-01",
        "note": text(("translation", "note"), 1),
    }
    second = fill(base, lambda pattern: text(pattern, 2))
    second.update(policy=policy, version="2", effective="2999-01-01", supersedes="1")
    kinds = sorted(implied_kinds(diff_policies(first, second))) or ["editorial"]
    second["changes"] = {
        "summary": text(("changes", "summary"), 2),
        "material": bool(material_kinds().intersection(kinds)),
        "kinds": kinds,
        "reconsent": False,
    }
    return {f"{policy}/1/en.yaml": first, f"{policy}/1/de.yaml": translated, f"{policy}/2/en.yaml": second}


def _spread(strings: list[str], offset: int) -> Any:
    """Each field gets one of `strings`, chosen by its pattern and the file (fields differ)."""

    def text(pattern: Pattern, file: int) -> str:
        return strings[(zlib.crc32(".".join(pattern).encode()) + offset + 5 * file) % len(strings)]

    return text


@settings(
    max_examples=2,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    phases=[Phase.explicit, Phase.generate],  # a site build per example: no shrinking
)
@example(
    strings=["\x1b", "&#14;", "&#65534;", "\ufffe", "{{ 7*7 }}", "#{7*7}", "[ ](https://a.example)"] * 2
    + ["x"] * 2
)
@given(strings=st.lists(HOSTILE, min_size=STRINGS, max_size=STRINGS))
def test_any_policy_validate_accepts_builds_and_every_file_parses(
    strings: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("generated")
    files: dict[str, dict[str, Any]] = editions("control", lambda pattern, file: "Harmless words")
    cleaned = [without_refused(text) if without_refused(text).strip() else "Words" for text in strings]
    for index, pool in enumerate([strings, cleaned][:POLICIES]):
        files.update(editions(f"generated-{index}", _spread(pool, 7 * index)))
    policies = root / "policies"
    for path, data in files.items():
        target = policies / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(policy_file(data), encoding="utf-8")

    result = validate_paths([policies], root=policies)
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert [d.format() for d in errors if not refused_for_text(d)] == []
    for policy in {Path(d.file).parts[-3] for d in errors if d.file}:  # policies/<id>/<version>/<file>
        assert policy != "control", [d.format() for d in errors]
        shutil.rmtree(policies / policy)  # the build publishes what validate accepts
    event(f"{len(list(policies.iterdir())) - 1} generated policies published")
    assert [d.format() for d in validate_paths([policies], root=policies).errors] == []

    site = root / "site"
    write_site(root, {}, plugin={"build_date": "2024-06-01"}, config={"site_url": "https://example.com/"})
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)  # no exception, whatever the policies say
    finally:
        config.plugins.on_shutdown()
    assert_every_file_parses(site)


def assert_every_file_parses(site: Path) -> None:
    checked = {".xml": 0, ".html": 0, ".json": 0}
    for path in sorted(site.rglob("*")):
        if path.suffix not in checked:
            continue
        checked[path.suffix] += 1
        data = path.read_bytes()
        if path.suffix == ".xml":
            etree.fromstring(data, etree.XMLParser(recover=False, resolve_entities=False))
        elif path.suffix == ".html":
            parser = html5lib.HTMLParser()
            parser.parse(data.decode("utf-8"))
            bad = [error for _, error, _ in parser.errors if error in CHARACTER_ERRORS]
            assert bad == [], path.relative_to(site)
        else:
            document = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
            assert [text for text in strings_in(document) if REFUSED.search(text)] == [], path
            schema = document.get("$schema", "") if isinstance(document, dict) else ""
            name = next((n for n in PUBLISHED if schema.endswith(n)), None)
            if name is not None:
                assert api_schemas.problems(name, document) == [], path.relative_to(site)
    assert all(checked.values()), checked


def refused_for_text(diagnostic: Diagnostic) -> bool:
    if diagnostic.code is Code.SCHEMA:
        return EMPTY_ALTERNATIVE.search(diagnostic.message) is not None
    return diagnostic.code in REFUSED_FOR_TEXT


def without_refused(text: str) -> str:
    """`text` without the characters validation refuses, raw or as references (and any
    reference to a code point beyond the first plane, to keep this simple)."""

    def reference(match: re.Match[str]) -> str:
        code = int(match[1]) if match[1] else int(match[2], 16)
        return "" if code > 0xFFFF or REFUSED.fullmatch(chr(code)) else match[0]

    return REFUSED.sub("", REFERENCE.sub(reference, text))


def strings_in(value: Any) -> Iterator[str]:
    """Every string of a JSON value, keys too."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
