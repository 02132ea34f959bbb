"""Unit tests of policypress.yamlload: what it reads, what it refuses, and where it says so."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from policypress.diagnostics import Code, Diagnostic
from policypress.yamlload import DEFAULT_MAX_BYTES, MAX_DEPTH, Document, LoadError, load_file, load_text

HOSTILE = Path(__file__).resolve().parent / "hostile"


def load(text: str) -> Document:
    return load_text(text, "t.yaml")


def refused(text: str) -> list[Diagnostic]:
    """The diagnostics of a text the loader refuses outright."""
    with pytest.raises(LoadError) as info:
        load_text(text, "t.yaml")
    assert info.value.diagnostics
    return info.value.diagnostics


def refused_file(path: Path, raw: bytes, **kwargs: Any) -> list[Diagnostic]:
    path.write_bytes(raw)
    with pytest.raises(LoadError) as info:
        load_file(path, "t.yaml", **kwargs)
    return info.value.diagnostics


def codes_of(text: str) -> list[str]:
    """The codes a text gets, whether the loader refuses it or reports problems with it."""
    try:
        return [d.code.value for d in load_text(text, "t.yaml").problems]
    except LoadError as exc:
        return [d.code.value for d in exc.diagnostics]


def where(diagnostics: list[Diagnostic]) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.code.value) for d in diagnostics]


def problems(text: str) -> list[tuple[int, int, str]]:
    """Problems of a text that loads (duplicate keys, tags, aliases ...)."""
    return where(load(text).problems)


# --- plain scalars: only true/false, null/~ and plain decimal integers are not text -----


@pytest.mark.parametrize(
    ("written", "value"),
    [
        # YAML 1.1 surprises stay exactly as written
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("N", "N"),
        ("0755", "0755"),
        ("007", "007"),
        ("0o17", "0o17"),
        ("0x1F", "0x1F"),
        ("0b101", "0b101"),
        ("1_000", "1_000"),
        ("12:30:00", "12:30:00"),
        ("1.10", "1.10"),
        ("1.0", "1.0"),
        ("1e3", "1e3"),
        (".inf", ".inf"),
        (".NaN", ".NaN"),
        ("2024-02-30", "2024-02-30"),
        ("2024-01-10", "2024-01-10"),
        ("2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
        ("tRue", "tRue"),
        ("nULL", "nULL"),
        ("=", "="),
        # the few plain values that are not text
        ("~", None),
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("", None),
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("False", False),
        ("FALSE", False),
        ("12", 12),
        ("0", 0),
        ("-3", -3),
        ("+4", 4),
        ("-0", 0),
        ("9007199254740993", 9007199254740993),
    ],
)
def test_plain_scalar(written: str, value: Any) -> None:
    doc = load(f"key: {written}\n")
    assert doc.problems == []
    assert type(doc.data["key"]) is type(value)
    assert doc.data["key"] == value


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ('"12"', "12"),
        ("'true'", "true"),
        ('"no"', "no"),
        ('"null"', "null"),
        ("'~'", "~"),
        ('""', ""),
        ("''", ""),
        ('"0755"', "0755"),
        ('"2024-01-10"', "2024-01-10"),
        ('"a\\tb\\u00e9\\n"', "a\tb\u00e9\n"),
        ("'it''s'", "it's"),
        ("|\n  true\n", "true\n"),
        (">-\n  12\n", "12"),
        ("!!str 12", "12"),  # an explicit string tag only says what quoting says
    ],
)
def test_quoted_and_block_scalars_are_text(written: str, value: str) -> None:
    doc = load(f"key: {written}\n")
    assert doc.problems == []
    assert doc.data["key"] == value
    assert type(doc.data["key"]) is str


def test_keys_are_always_text() -> None:
    doc = load("1: a\ntrue: b\nnull: c\n~: d\nno: e\n")
    assert doc.data == {"1": "a", "true": "b", "null": "c", "~": "d", "no": "e"}
    assert doc.problems == []


def test_plain_multiline_and_comments() -> None:
    doc = load("title: first\n  second   # a comment\nlist: [a, 'b', 3] # c\n")
    assert doc.data == {"title": "first second", "list": ["a", "b", 3]}


# --- tags: refused (PP103), never executed ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ('a: !!python/object/apply:os.system ["echo hi"]\n', "!!python/object/apply:os.system"),
        ("a: !!python/name:os.system\n", "!!python/name:os.system"),
        ("a: !!python/object:builtins.object {}\n", "!!python/object:builtins.object"),
        ("a: !!int '1'\n", "!!int"),
        ("a: !!float 1\n", "!!float"),
        ("a: !!bool yes\n", "!!bool"),
        ("a: !!null x\n", "!!null"),
        ("a: !!timestamp 2024-01-01\n", "!!timestamp"),
        ("a: !!binary aGk=\n", "!!binary"),
        ("a: !!set {x: null}\n", "!!set"),
        ("a: !!omap [{x: 1}]\n", "!!omap"),
        ("a: !secret value\n", "!secret"),
        ("a: !<tag:example.com,2000:x> v\n", "tag:example.com,2000:x"),
    ],
)
def test_tags_are_refused(text: str, tag: str) -> None:
    doc = load(text)
    assert where(doc.problems) == [(1, 4, "PP103")]
    assert tag in doc.problems[0].message
    assert "not allowed" in doc.problems[0].message


def test_tag_from_a_tag_directive_is_refused() -> None:
    doc = load("%TAG !e! tag:example.com,2000:\n---\na: !e!thing v\n")
    assert where(doc.problems) == [(3, 4, "PP103")]


def test_python_tags_are_never_executed(tmp_path: Path) -> None:
    target = tmp_path / "executed"
    text = (
        f'a: !!python/object/apply:os.mkdir ["{target}"]\n'
        f'b: !!python/object/new:os.mkdir ["{target}"]\n'
        f"c: !!python/object/apply:builtins.exec [\"open({str(target)!r}, 'w').close()\"]\n"
    )
    doc = load(text)
    assert [p.code for p in doc.problems] == [Code.YAML_FEATURE] * 3
    assert not target.exists()
    assert doc.data["a"] == [str(target)]  # kept as plain data, nothing constructed


def test_hostile_python_file_is_refused_not_executed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    doc = load_file(HOSTILE / "python-object-apply.yaml", "p.yaml")
    assert {p.code for p in doc.problems} == {Code.YAML_FEATURE}
    assert len(doc.problems) == 4
    assert not (tmp_path / "policypress-hostile-executed").exists()


# --- aliases and merge keys: refused, never expanded ------------------------------------


def test_alias_is_refused_and_not_expanded() -> None:
    doc = load("a: &x [1, 2]\nb: *x\n")
    assert where(doc.problems) == [(2, 4, "PP103")]  # at the *alias
    assert "alias" in doc.problems[0].message
    assert doc.data == {"a": [1, 2], "b": None}


def test_unused_anchor_is_harmless() -> None:
    doc = load("a: &x 1\n")
    assert (doc.data, doc.problems) == ({"a": 1}, [])


def test_billion_laughs_is_refused_without_expanding() -> None:
    """Run in a child process: were the aliases expanded, it would run out of memory there."""
    code = (
        "from pathlib import Path\n"
        "from policypress.yamlload import load_file\n"
        f"doc = load_file(Path({str(HOSTILE / 'billion-laughs.yaml')!r}), 'b.yaml')\n"
        "print(len(doc.problems), {p.code.value for p in doc.problems}, repr(doc.data).count('lol'))\n"
    )
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert child.returncode == 0, child.stderr
    # 8 levels x 9 aliases, each refused once; only the 9 'lol' of level 1 and the 9 keys exist.
    assert child.stdout.split("\n")[0] == "72 {'PP103'} 18"


def test_recursive_alias_is_refused() -> None:
    doc = load_file(HOSTILE / "recursive-alias.yaml", "r.yaml")
    assert {p.code for p in doc.problems} == {Code.YAML_FEATURE}
    assert doc.data == {"sections": [None, [None, None]]}


def test_alias_as_key_is_refused() -> None:
    doc = load("a: &x foo\n*x : 1\n")
    assert where(doc.problems) == [(2, 1, "PP103")]


def test_alias_in_a_list_is_located_where_used() -> None:
    doc = load("a: &x foo\nb:\n  - bar\n  - *x\n")
    assert where(doc.problems) == [(4, 5, "PP103")]


def test_merge_key_is_refused_and_not_merged() -> None:
    # At the value, where PyYAML reports a merge it cannot make; its alias is part of the merge.
    doc = load("base: &b {x: 1}\nthing:\n  <<: *b\n  y: 2\n")
    assert where(doc.problems) == [(3, 7, "PP103")]
    assert "merge" in doc.problems[0].message
    assert doc.data == {"base": {"x": 1}, "thing": {"y": 2}}


def test_inline_merge_key_is_refused() -> None:
    doc = load("<<: {x: 1}\ny: 2\n")
    assert where(doc.problems) == [(1, 5, "PP103")]
    assert doc.data == {"y": 2}
    doc = load("a: &a 1\nb:\n  <<:\n    c: *a\n  d: *a\n")  # a block mapping's value, and an alias after it
    assert where(doc.problems) == [(4, 5, "PP103"), (5, 6, "PP103")]
    assert [p.message.split()[0] for p in doc.problems] == ["merge", "aliases"]


def test_quoted_merge_key_is_an_ordinary_key() -> None:
    doc = load('"<<": x\n')
    assert (doc.data, doc.problems) == ({"<<": "x"}, [])


def test_collection_as_key_is_refused() -> None:
    doc = load("? [a, b]\n: 1\nc: 2\n")
    assert where(doc.problems) == [(1, 3, "PP103")]
    assert doc.data == {"c": 2}


# --- duplicate keys: every repeat reported, the first value kept ------------------------


def test_duplicate_keys_are_all_reported() -> None:
    doc = load("a: 1\nb: 2\na: 3\nb: 4\n")
    assert where(doc.problems) == [(3, 1, "PP102"), (4, 1, "PP102")]
    assert "'a'" in doc.problems[0].message and "line 1" in doc.problems[0].message
    assert "'b'" in doc.problems[1].message and "line 2" in doc.problems[1].message
    assert doc.data == {"a": 1, "b": 2}


def test_key_three_times() -> None:
    doc = load("a: 1\na: 2\na: 3\n")
    assert where(doc.problems) == [(2, 1, "PP102"), (3, 1, "PP102")]
    assert all("line 1" in p.message for p in doc.problems)


def test_duplicates_nested_in_flow_and_quoted() -> None:
    doc = load('top:\n  inner: {b: 1, b: 2}\n  "x": 1\n  x: 2\n')
    assert where(doc.problems) == [(2, 17, "PP102"), (4, 3, "PP102")]


def test_same_key_in_different_mappings_is_fine() -> None:
    doc = load("a: {id: 1}\nb: {id: 1}\nc: [{id: 1}, {id: 1}]\n")
    assert doc.problems == []


# --- encodings ---------------------------------------------------------------------------


def test_utf8_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: !x 1\na: 2\n")
    doc = load_file(path, "t.yaml")
    assert doc.data == {"a": "1"}
    # the BOM shifts neither lines nor columns
    assert where(doc.problems) == [(1, 4, "PP103"), (2, 1, "PP102")]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused(codec: str, tmp_path: Path) -> None:
    raw = "a: 1\n".encode(codec)
    if codec != "utf-16":
        raw = ("\ufeff" + "a: 1\n").encode(codec)
    found = refused_file(tmp_path / "u.yaml", raw)
    assert where(found) == [(1, 1, "PP100")]
    assert "UTF-16" in found[0].message


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-16-le", "UTF-16 (little-endian)"),
        ("utf-16-be", "UTF-16 (big-endian)"),
        ("utf-32-le", "UTF-32 (little-endian)"),
        ("utf-32-be", "UTF-32 (big-endian)"),
    ],
)
@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["no-bom", "bom"])
def test_wide_encodings_are_refused_by_name(codec: str, name: str, bom: str, tmp_path: Path) -> None:
    found = refused_file(tmp_path / "u.yaml", (bom + "a: 1\n").encode(codec))
    assert where(found) == [(1, 1, "PP100")]
    assert found[0].message == f"the file is {name} encoded; save it as UTF-8"


def test_a_nul_in_utf8_is_not_taken_for_utf16(tmp_path: Path) -> None:
    """Without a BOM, a file is UTF-16 only if all of it decodes as UTF-16 (an odd length cannot)."""
    found = refused_file(tmp_path / "n.yaml", b"a\x00: 12\n")
    assert where(found) == [(1, 2, "PP100")]
    assert "U+0000" in found[0].message


@pytest.mark.parametrize(
    ("raw", "location", "byte"),
    [
        (b"a: 1\nb: x\xffy\n", (2, 5), "0xff"),
        (b"a: 1\nb: \xc3\xa9\xc3\xa9\xc3\xa9\xff\n", (2, 7), "0xff"),  # columns count characters
        (b"a: 1\nb: \xe9t\xe9\n", (2, 4), "0xe9"),  # Latin-1
        (b"a: 1\nb: \xc0\xaf\n", (2, 4), "0xc0"),  # overlong
        (b"a: 1\nb: \xed\xa0\x80\n", (2, 4), "0xed"),  # an encoded surrogate
        (b"a: 1\r\nb: 2\r\nc: x\x80", (3, 5), "0x80"),  # CRLF
        (b"a: 1\nb: x\xe2\x82", (2, 5), "0xe2"),  # cut off at the end
    ],
)
def test_invalid_utf8_is_located(raw: bytes, location: tuple[int, int], byte: str, tmp_path: Path) -> None:
    found = refused_file(tmp_path / "bad.yaml", raw)
    assert where(found) == [(*location, "PP100")]
    assert byte in found[0].message and "UTF-8" in found[0].message


def test_invalid_utf8_located_in_cr_only_file(tmp_path: Path) -> None:
    found = refused_file(tmp_path / "bad.yaml", b"a: 1\rb: x\xffy\r")
    assert where(found) == [(2, 5, "PP100")]


@pytest.mark.parametrize(
    ("text", "location", "character"),
    [
        ("a: 1\nb: x\x00y\n", (2, 5), "U+0000"),
        ("a: 1\nb: x\x07y\n", (2, 5), "U+0007"),
        ("a: 1\nb: x\x1by\n", (2, 5), "U+001B"),
        ("a: 1\nb: x\x7fy\n", (2, 5), "U+007F"),
        ("a: 1\nb: x\x80y\n", (2, 5), "U+0080"),
        ("a: 1 # comment\x01\n", (1, 15), "U+0001"),
        ("a: 1\r\nb: x\x07y\r\n", (2, 5), "U+0007"),
        ("\x00", (1, 1), "U+0000"),
    ],
)
def test_control_characters_are_located(text: str, location: tuple[int, int], character: str) -> None:
    found = refused(text)
    assert where(found) == [(*location, "PP100")]
    assert character in found[0].message


def test_control_characters_in_a_file(tmp_path: Path) -> None:
    found = refused_file(tmp_path / "nul.yaml", b"a: 1\nb: 2\nc: x\x00\n")
    assert where(found) == [(3, 5, "PP100")]


def test_control_character_after_multibyte_text() -> None:
    assert where(refused("a: caf\u00e9\u00e9\x07\n")) == [(1, 9, "PP100")]


def test_control_character_in_cr_only_text() -> None:
    assert where(refused("a: 1\rb: x\x07y\r")) == [(2, 5, "PP100")]


def test_escaped_control_characters_are_fine() -> None:
    assert load('a: "\\a\\0\\x1b"\nb: "x\ty"\n').data == {"a": "\x07\x00\x1b", "b": "x\ty"}


def test_lone_surrogate_in_text() -> None:
    refused("a: \ud800\n")


# --- line ends ---------------------------------------------------------------------------


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_line_ends(eol: str) -> None:
    text = eol.join(["a: 1", "text: |", "  one", "  two", "b: [x,", "  y]", "a: 2", ""])
    doc = load(text)
    assert doc.data == {"a": 1, "text": "one\ntwo\n", "b": ["x", "y"]}
    assert where(doc.problems) == [(7, 1, "PP102")]
    assert doc.locate(("b", 1)) == (6, 3)


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_syntax_error_line_with_line_ends(eol: str) -> None:
    found = refused(eol.join(["a: 1", "b: 2", 'c: "open', ""]))
    assert where(found) == [(3, 4, "PP101")]  # the quote that is never closed
    assert "line 3" in found[0].message


def test_crlf_file(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(b"a: 1\r\nb: >\r\n  folded\r\n  text\r\nb: 2\r\n")
    doc = load_file(path, "t.yaml")
    assert doc.data == {"a": 1, "b": "folded text\n"}
    assert where(doc.problems) == [(5, 1, "PP102")]


# --- syntax errors, documents, the root ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ("a: [1\n", (2, 1)),
        ('a: "x\n', (1, 4)),  # at the quote that is never closed
        ("a: 1\n b: 2\n", (2, 2)),  # the line indented more than its key
        ("a:\n  - 1\n  -\t2\n", (3, 4)),
        ("a: b: c\n", (1, 5)),
        ("a: 1\n}\n", (2, 1)),
        ("a: 'x\n", (1, 4)),
        ("a: |0\n  x\n", (1, 5)),
    ],
)
def test_syntax_errors_are_located(text: str, location: tuple[int, int]) -> None:
    found = refused(text)
    assert where(found) == [(*location, "PP101")]
    assert found[0].message.startswith("YAML syntax: ")
    assert "\n" not in found[0].message


@pytest.mark.parametrize(
    ("text", "location", "words"),
    [
        ("a: 1\n---\nb: 2\n", (2, 1), "more than one"),
        ("---\na: 1\n---\n", (3, 1), "more than one"),
        ("a: 1\n...\n---\nb: 2\n", (3, 1), "more than one"),
        ("", (1, 1), "empty"),
        ("# only a comment\n", (1, 1), "empty"),
        ("  \n\n", (1, 1), "empty"),
        ("- a\n- b\n", (1, 1), "not a list"),
        ("\n\n[a, b]\n", (3, 1), "not a list"),
        ("just text\n", (1, 1), "not a single value"),
        ('"a: 1"\n', (1, 1), "not a single value"),
        ("~\n", (1, 1), "not a single value"),
    ],
)
def test_not_a_policy(text: str, location: tuple[int, int], words: str) -> None:
    found = refused(text)
    assert where(found) == [(*location, "PP104")]
    assert words in found[0].message


@pytest.mark.parametrize("text", ["---\na: 1\n", "---\na: 1\n...\n", "{a: 1}\n", "%YAML 1.1\n---\na: 1\n"])
def test_one_document_forms(text: str) -> None:
    assert load(text).data == {"a": 1}


@pytest.mark.parametrize(
    ("text", "location", "words"),
    [
        # A line inside a quoted text, or a list or mapping in brackets, indented no deeper than
        # the block it is in: libyaml reads on, YAML 1.2 (and editors) refuse it.
        ('foo: "bar\n\tbaz"\n', (2, 1), "a tab cannot indent YAML"),
        ("foo: 'bar\n\tbaz'\n", (2, 1), "a tab cannot indent YAML"),
        ('foo: "bar\nbaz"\n', (2, 1), "not indented deeper"),
        ('foo: "bar\n"\n', (2, 1), "not indented deeper"),  # the closing quote too
        ('foo: "bar\n\t\n baz"\n', (2, 1), "a tab cannot indent YAML"),  # a blank line of a tab
        ("foo: [a,\nb]\n", (2, 1), "list in brackets"),
        ("foo: {a: 1,\n\tb: 2}\n", (2, 1), "mapping in braces"),
        ("a:\n  b: [x,\n  y]\n", (3, 3), "at least 3 spaces"),
        ('a:\n  - "x\n  y"\n', (3, 3), "at least 3 spaces"),
        ('a:\n  - b: "x\n    y"\n', (3, 5), "at least 5 spaces"),
        ('a: "x\r\n\ty"\r\n', (2, 1), "a tab cannot indent YAML"),
        # Blank lines before a block text's first line of text, with more spaces than that line:
        # libyaml takes the deepest for the indentation, and the text falls out of the block
        # (where, unless it reads as a comment, libyaml refuses it anyway).
        ("a: >\n \n  \n   \n # text\n", (4, 2), "line 5, 1 space"),
        ("a:\n  b: |\n      \n     # x\n", (3, 6), "line 4, 5 spaces"),
        ("a: |-\n    \n  # x\nb: 1\n", (2, 3), "a blank line"),
        # A comment right after a block text's indicator.
        ("a: ># comment\n  text\n", (1, 5), "a comment after >"),
        ("a: |-# comment\n  text\n", (1, 6), "a comment after |-"),
        ("a: |2+#\n  text\n", (1, 7), "a comment after |2+"),
    ],
)
def test_what_libyaml_would_misread_is_refused_at_its_place(
    text: str, location: tuple[int, int], words: str
) -> None:
    found = refused(text)
    assert where(found) == [(*location, "PP101")]
    assert found[0].message.startswith("YAML syntax: ") and words in found[0].message


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ('foo: "bar\n baz"\n', {"foo": "bar baz"}),
        ('foo: "bar\n \tbaz"\n', {"foo": "bar baz"}),  # a tab after the indentation is white space
        ('foo: "bar\n\n baz"\n', {"foo": "bar\nbaz"}),  # an empty line needs no indentation
        ("foo: [a,\n  b]\n", {"foo": ["a", "b"]}),
        ("{a: 1,\n\tb: 2}\n", {"a": 1, "b": 2}),  # a document in braces has no block to indent past
        ('a:\n- "x\n y"\n', {"a": ["x y"]}),  # a list at its key's column: its items are one deeper
        ("a: |2\n    \n  x\n", {"a": "  \nx\n"}),  # with the indentation given, deeper spaces are text
        ("a: |\n  \n  x\n", {"a": "\nx\n"}),
        ("a: | # comment\n  x\n", {"a": "x\n"}),
        ("a: >\n   \nb: 1\n", {"a": "", "b": 1}),  # no text in the block: nothing to be deeper than
    ],
)
def test_yaml_that_only_looks_like_a_misreading_loads(text: str, data: dict[str, Any]) -> None:
    assert load(text).data == data


def test_every_misreading_of_a_file_is_reported() -> None:
    found = refused('a: "x\n\ty"\nb: |#\n  z\nc: [1,\n2]\n')
    assert where(found) == [(2, 1, "PP101"), (3, 5, "PP101"), (6, 1, "PP101")]


# --- size and depth ----------------------------------------------------------------------


def test_size_limit_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * 97 + b"\n")  # 101 bytes
    assert load_file(path, "t.yaml", max_bytes=101).data == {"a": "x" * 97}
    found = refused_file(path, path.read_bytes(), max_bytes=100)
    assert where(found) == [(1, 1, "PP105")]
    assert "101" in found[0].message and "100" in found[0].message


def test_size_limit_counts_bytes(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    text = "a: " + "\u00e9" * 60 + "\n"  # 64 characters, 124 bytes
    found = refused_file(path, text.encode(), max_bytes=100)
    assert where(found) == [(1, 1, "PP105")]


def test_size_limit_of_text() -> None:
    with pytest.raises(LoadError) as info:
        load_text("a: " + "x" * 200, "t.yaml", max_bytes=100)
    assert where(info.value.diagnostics) == [(1, 1, "PP105")]
    assert DEFAULT_MAX_BYTES >= 1024 * 1024


def test_moderate_nesting_loads() -> None:
    depth = MAX_DEPTH - 2
    doc = load("a: " + "[" * depth + "x" + "]" * depth + "\n")
    assert doc.problems == []
    value = doc.data["a"]
    for _ in range(depth):
        assert isinstance(value, list)
        value = value[0]
    assert value == "x"


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 70 + "]" * 70 + "\n",
        "a: " + "{b: " * 70 + "c" + "}" * 70 + "\n",
        "".join(" " * i + "k:\n" for i in range(70)),
        "a:\n  " + "- " * 70 + "x\n",
    ],
    ids=["flow-list", "flow-map", "block-map", "block-list"],
)
def test_deep_nesting_is_refused(text: str) -> None:
    assert codes_of(text) == ["PP105"]


def test_deep_nesting_is_located() -> None:
    doc = load("a: x\nb: " + "[" * 70 + "]" * 70 + "\n")
    assert len(doc.problems) == 1
    line, column, code = where(doc.problems)[0]
    assert (line, code) == (2, "PP105")
    assert 4 + MAX_DEPTH - 4 <= column <= 4 + MAX_DEPTH + 1  # at the bracket past the limit
    assert f"more than {MAX_DEPTH} levels" in doc.problems[0].message
    assert doc.data["a"] == "x"


def test_nesting_limit_does_not_depend_on_a_comment() -> None:
    text = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    assert codes_of(text) == codes_of(text + "# " + "[" * 2000 + "\n")


HUGE = 100_000
DEEP_INPUTS = {
    "brackets": "'[' * N",
    "closed-brackets": "'[' * N + ']' * N",
    "braces": "'a: ' + '{a: ' * N",
    "dashes": "'- ' * N + 'x'",
    "mixed": "'a: ' + '[{a: ' * (N // 2)",
    "comment-then-brackets": "'# ' + '[' * N + '\\n' + 'a: ' + '[' * N",
}


@pytest.mark.parametrize("name", sorted(DEEP_INPUTS))
def test_very_deep_nesting_in_a_child_process(name: str) -> None:
    """100,000 levels: refused with PP105. A C stack overflow would kill the child, not pytest."""
    code = (
        "from policypress.yamlload import load_text, LoadError\n"
        f"N = {HUGE}\n"
        f"text = {DEEP_INPUTS[name]}\n"
        "try:\n"
        "    doc = load_text(text, 'deep.yaml')\n"
        "    print('\\n'.join(d.format() for d in doc.problems))\n"
        "except LoadError as exc:\n"
        "    print('\\n'.join(d.format() for d in exc.diagnostics))\n"
    )
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert child.returncode == 0, f"child exited {child.returncode}: {child.stderr[-2000:]}"
    assert re.fullmatch(r"deep\.yaml:[1-9][0-9]*:[1-9][0-9]*: PP105 .*\n", child.stdout), child.stdout


def test_very_deep_file_through_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("policy: " + "[" * HUGE + "\n", encoding="utf-8")
    child = subprocess.run(
        [sys.executable, "-m", "policypress.cli", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert child.returncode == 1, child.stderr[-2000:]
    lines = child.stderr.splitlines()
    assert re.fullmatch(r".*deep\.yaml:1:[0-9]+: PP105 .*", lines[0])
    assert lines[-1].startswith("1 file(s) checked: 1 error(s)")


def test_huge_integer_does_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "n.yaml"
    path.write_text("n: " + "1" * 5000 + "\n", encoding="utf-8")
    with contextlib.suppress(LoadError):
        load_file(path, "n.yaml")


# --- reading files -----------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        load_file(tmp_path / "absent.yaml", "absent.yaml")
    assert where(info.value.diagnostics) == [(1, 1, "PP100")]
    assert "cannot read" in info.value.diagnostics[0].message


def test_folder_instead_of_file(tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(LoadError) as info:
        load_file(tmp_path / "dir.yaml", "dir.yaml")
    assert [d.code for d in info.value.diagnostics] == [Code.UNREADABLE]


def test_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    """A policy file linked to /dev/zero has no size to check and never ends."""
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    with pytest.raises(LoadError) as info:
        load_file(tmp_path / "zero.yaml", "zero.yaml")
    assert where(info.value.diagnostics) == [(1, 1, "PP100")]
    assert "not a file" in info.value.diagnostics[0].message


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    child = subprocess.run(
        [sys.executable, "-m", "policypress.cli", "validate", "pipe.yaml"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert child.returncode == 1
    assert child.stderr.startswith("pipe.yaml:1:1: PP100 this is not a file")


def test_display_name_defaults_to_the_path(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("a: [\n", encoding="utf-8")
    with pytest.raises(LoadError) as info:
        load_file(path)
    assert info.value.diagnostics[0].file == str(path)


def test_load_error_carries_its_diagnostics() -> None:
    with pytest.raises(LoadError) as info:
        load_text("a: [\n", "x.yaml")
    error = info.value
    assert isinstance(error, Exception)
    assert str(error) == error.diagnostics[0].format()
    assert str(error).startswith("x.yaml:2:1: PP101 ")


# --- Document.locate ---------------------------------------------------------------------

LOCATE_TEXT = """\
# a comment first
policy: example
controller:
  name: Example
  contacts:
    - id: one
      kind: email
    - {id: two, kind: phone}
sections:
  - id: intro
    shows: [controller, purposes]
"""


@pytest.mark.parametrize(
    ("pointer", "key", "location"),
    [
        ((), False, (2, 1)),
        (("policy",), False, (2, 9)),
        (("policy",), True, (2, 1)),
        (("controller",), False, (4, 3)),
        (("controller",), True, (3, 1)),
        (("controller", "name"), False, (4, 9)),
        (("controller", "contacts", 0), False, (6, 7)),
        (("controller", "contacts", 0, "kind"), False, (7, 13)),
        (("controller", "contacts", 0, "kind"), True, (7, 7)),
        (("controller", "contacts", 1), False, (8, 7)),
        (("controller", "contacts", 1, "kind"), False, (8, 23)),
        (("sections", 0, "shows", 1), False, (11, 25)),
        # a missing tail locates the deepest part that exists
        (("controller", "missing"), False, (4, 3)),
        (("controller", "missing"), True, (3, 1)),
        (("controller", "contacts", 5, "id"), False, (6, 5)),
        (("controller", "contacts", "id"), False, (6, 5)),
        (("policy", "deeper"), False, (2, 9)),
        (("nothing",), False, (2, 1)),
    ],
)
def test_locate(pointer: tuple[str | int, ...], key: bool, location: tuple[int, int]) -> None:
    assert load(LOCATE_TEXT).locate(pointer, key=key) == location


def test_document_fields() -> None:
    doc = load_text("a: 1\n", "shown.yaml")
    assert (doc.path, doc.data, doc.problems) == ("shown.yaml", {"a": 1}, [])
    assert doc.root.start_mark.line == 0
