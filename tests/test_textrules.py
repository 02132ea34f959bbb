"""What every text of a policy must be to be published (textrules.py): one check for every key and
string the data has, found by walking it, so that what `validate` accepts the build publishes."""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policypress.diagnostics import Code
from policypress.markdownplan import markdown_plan
from policypress.pointers import Path as DataPath
from policypress.textrules import MARKS, MAX_MARKS, MAX_PARAGRAPH, check, forbidden_character
from policypress.validate import validate_document
from policypress.yamlload import load_file, load_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate

VALID = (Path(__file__).resolve().parent / "invalid" / "_valid.yaml.txt").read_text(encoding="utf-8")
TITLE = "title: Example Privacy Policy"
TEXT = "    text: Write to privacy@example.com with any question."


def codes(text: str) -> list[tuple[str, str]]:
    """(code, pointer) of every problem of a policy file's text."""
    return [(d.code.value, d.pointer) for d in validate_document(load_text(text, "p.yaml"))]


@pytest.fixture(scope="module")
def rich() -> dict[str, Any]:
    """A policy that fills every structured part of the schema (benchmarks/generate.py)."""
    folder = Path(__file__).resolve().parents[1] / ".pytest_cache" / "textrules"
    paths = generate(folder, 1, seed=11)
    return load_file(paths[0]).data


def strings(value: Any, path: DataPath = ()) -> Iterator[DataPath]:
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*path, index))


def changed(value: Any, change: Any) -> Any:
    """`value` with `change` applied to every string (and every key, if it takes one)."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        return {key: changed(item, change) for key, item in value.items()}
    if isinstance(value, list):
        return [changed(item, change) for item in value]
    return value


# --- characters: one rule, however a character is written -------------------------------


@pytest.mark.parametrize(
    "escape", ["\\e", "\\f", "\\v", "\\0", "\\a", "\\b", "\\r", "\\u0001", "\\x7f", "\\x85", "\\N", "\\x9f"]
)
def test_a_control_character_written_as_an_escape_is_refused(escape: str) -> None:
    assert codes(VALID.replace(TITLE, f'title: "Example{escape} Privacy Policy"')) == [("PP207", "/title")]


@pytest.mark.parametrize("character", ["\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"])
def test_a_non_character_is_refused_raw_and_as_an_escape(character: str) -> None:
    raw = VALID.replace(TITLE, f"title: Example {character}")
    escaped = VALID.replace(TITLE, f'title: "Example \\U{ord(character):08X}"')
    assert codes(raw) == codes(escaped) == [("PP207", "/title")]


@pytest.mark.parametrize(
    "reference",
    [
        "&#14;",
        "&#1;",
        "&#0;",
        "&#65534;",
        "&#x85;",
        "&#X1F;",
        "&#0000014;",
        "&#xD800;",
        "&#x110000;",
        "&#99999999999;",
    ],
)
def test_a_character_reference_to_a_forbidden_character_in_markdown_is_refused(reference: str) -> None:
    assert codes(VALID.replace(TEXT, f"    text: See {reference} here.")) == [("PP207", "/sections/0/text")]


def test_a_c1_reference_says_what_browsers_show_for_it() -> None:
    found = validate_document(load_text(VALID.replace(TEXT, "    text: It&#146;s ours."), "p.yaml"))
    assert len(found) == 1 and "browsers show it as ’: write ’ itself" in found[0].message


@pytest.mark.parametrize(
    "text", ["tab\there", "line\nbreak", "&#169; &#x41; &#10; &#9; &amp;", "&#14 no semicolon"]
)
def test_tabs_line_feeds_and_references_to_other_characters_are_kept(text: str) -> None:
    quoted = text.replace("\t", "\\t").replace("\n", "\\n")
    assert codes(VALID.replace(TEXT, f'    text: "{quoted}"')) == []


def test_a_reference_in_plain_text_is_shown_as_written_so_it_is_kept() -> None:
    assert codes(VALID.replace(TITLE, "title: Example &#14; Policy")) == []


def test_the_first_is_located_and_the_others_counted() -> None:
    (found,) = validate_document(load_text(VALID.replace(TEXT, '    text: "a\\x01b&#2;c\\x03"'), "p.yaml"))
    assert (found.line, found.code) == (39, Code.FORBIDDEN_CHARACTER)
    assert "U+0001 at character 2" in found.message and "2 more in this text" in found.message


def test_forbidden_character_classes() -> None:
    allowed = [0x09, 0x0A, 0x20, 0x7E, 0xA0, 0x2028, 0xFFFD, 0x10000, 0x10FFFD]
    assert [forbidden_character(c) for c in allowed] == [None] * len(allowed)
    assert forbidden_character(0x0D) == forbidden_character(0x1B) == "a control character"
    assert forbidden_character(0x85) == "a C1 control character"
    assert forbidden_character(0x3FFFE) == forbidden_character(0xFDD5) == "a Unicode non-character"
    assert forbidden_character(0xDC00) == forbidden_character(0x110000) == "not a character"


def test_every_string_and_every_key_of_a_policy_is_checked(rich: dict[str, Any]) -> None:
    """Not a list of fields: a control character anywhere in the data is found where it is."""
    every = set(strings(rich))
    assert len(every) > 300
    found = check(changed(rich, lambda text: text + "\x1b"))
    assert {f.path for f in found} == every
    assert {f.code for f in found} == {Code.FORBIDDEN_CHARACTER}

    def keys(value: Any) -> Any:
        if isinstance(value, dict):
            return {key + "\x07": keys(item) for key, item in value.items()}
        if isinstance(value, list):
            return [keys(item) for item in value]
        return value

    key_findings = [f for f in check(keys(rich)) if f.key]
    assert key_findings and all(f.path[-1].endswith("\x07") for f in key_findings)  # type: ignore[union-attr]


def test_references_count_in_exactly_the_markdown_fields_the_schema_names(rich: dict[str, Any]) -> None:
    plan = markdown_plan()

    def is_markdown(path: DataPath) -> bool:
        node: Any = plan
        for part in path:
            node = node.items if isinstance(part, int) else node.properties.get(part)
            if node is None:
                return False
        return bool(node.markdown)

    markdown = {path for path in strings(rich) if is_markdown(path)}
    assert len(markdown) > 20
    found = check(changed(rich, lambda text: text + " &#1;"))
    assert {f.path for f in found} == markdown


# --- lengths: what Python-Markdown reads in linear time -----------------------------------


def test_a_plain_text_value_is_at_most_max_paragraph_characters() -> None:
    assert codes(VALID.replace(TITLE, "title: " + "a" * MAX_PARAGRAPH)) == []
    assert codes(VALID.replace(TITLE, "title: " + "a" * (MAX_PARAGRAPH + 1))) == [("PP208", "/title")]


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("a" * (MAX_PARAGRAPH - 1), False),
        ("a" * MAX_PARAGRAPH, True),  # with its line break
        ("a" * 6000 + "\n\n" + "a" * 6000, False),  # a blank line ends a paragraph
        ("a" * 6000 + "\n \t \n" + "a" * 6000, False),  # a line of white space is blank
        ("a" * 6000 + "\n" + "a" * 6000, True),  # a line break does not
        ("\n".join(f"- item {'a' * 100}" for _ in range(200)), False),  # each list item counts alone
        ("\n".join(f"| {'a' * 100} |" for _ in range(200)), False),  # so does each table row
        ("intro\n" + "- " + "a" * 6000 + "\n  " + "a" * 6000, True),  # an item's lines count together
    ],
)
def test_a_markdown_paragraph_or_list_item_is_at_most_max_paragraph_characters(
    text: str, refused: bool
) -> None:
    data = copy.deepcopy(load_text(VALID, "p.yaml").data)
    data["sections"][0]["text"] = text
    found = [(f.code, f.path) for f in check(data)]
    assert found == ([(Code.TOO_LONG, ("sections", 0, "text"))] if refused else [])


def test_a_long_paragraph_is_named_by_its_line() -> None:
    data = copy.deepcopy(load_text(VALID, "p.yaml").data)
    data["sections"][0]["text"] = "short\n\n" + "a" * (MAX_PARAGRAPH + 5)
    (found,) = check(data)
    assert "starts on line 3 of this text has 10,006 characters" in found.message


def test_at_most_max_marks_characters_of_markdown_syntax_in_a_paragraph_or_value() -> None:
    """Python-Markdown's work on a text is its length times its markup: both are bounded."""
    dense = ("*a" * MAX_MARKS)[: 2 * MAX_MARKS]
    data = copy.deepcopy(load_text(VALID, "p.yaml").data)
    data["sections"][0]["text"] = dense + "\n\n" + dense  # two paragraphs, each at the limit
    data["title"] = "&" * MAX_MARKS
    assert check(data) == []
    data["sections"][0]["text"] = dense + "\n" + dense
    data["title"] += "<"
    found = check(data)
    assert [(f.code, f.path) for f in found] == [
        (Code.TOO_LONG, ("title",)),
        (Code.TOO_LONG, ("sections", 0, "text")),
    ]
    assert "1,001 characters that are Markdown syntax" in found[0].message and MARKS in found[0].message
    assert "has 2,000 characters that are Markdown syntax" in found[1].message
