"""Mistakes that validate but change what a file says (PP351), and values left TODO (PP350)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policypress.diagnostics import Code, Severity
from policypress.traps import misread_text, placeholders
from policypress.validate import validate_document
from policypress.yamlload import load_text

ROOT = Path(__file__).resolve().parents[1]
BASE = (ROOT / "tests" / "invalid" / "_valid.yaml.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("title: Privacy Policy #2\n", 1, 23, "comment"),
        ("- label: Data #1 kept\n", 1, 15, "comment"),
        ("note: “quoted”\n", 1, 7, "curly quotes"),
        ("text: >-\n  We collect:\n  - your name\n  - your e-mail\n", 3, 3, "'>' joins"),
        ("text: We collect\n  - your name\n", 2, 3, "continues the unquoted value"),
        ("text: See\n  | a | b |\n", 2, 3, "continues the unquoted value"),
    ],
)
def test_each_trap_is_found_where_it_is(text: str, line: int, column: int, words: str) -> None:
    (found,) = misread_text(text, "x.yaml")
    assert (found.line, found.column, found.code, found.severity) == (
        line,
        column,
        Code.MISREAD_TEXT,
        Severity.WARNING,
    )
    assert words in found.message


@pytest.mark.parametrize(
    "text",
    [
        "title: Privacy Policy  # a comment with a space\n",
        'title: "C# and F#"\n',
        "title: C# and F#\n",  # no space before the '#': YAML keeps it
        "text: |\n  - a list\n  - kept\n",
        "text: >-\n  One paragraph\n  folded on purpose.\n\n    - more indented lines keep their breaks\n",
        "note: ‘a quote’ in the middle, “not” at both ends\n",
        "items:\n  - one\n  - two\n",
        "# - a comment line\ntitle: x\n",
        "shows:  # a comment after the key\n  - controller\n",
    ],
)
def test_what_yaml_reads_as_it_looks_is_left_alone(text: str) -> None:
    assert misread_text(text, "x.yaml") == []


def test_no_trap_in_the_seeds_or_the_test_corpora() -> None:
    files = list((ROOT / "tests").rglob("*.yaml"))  # the seeds' copies too (tests/fixtures/site)
    reports = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if "pp351" not in path.name:
            reports += [d.format() for d in misread_text(text, str(path))]
    assert reports == []


def test_a_todo_is_a_warning_in_a_draft_and_an_error_once_published() -> None:
    draft = {"status": "draft", "title": "TODO: title", "internal": "TODO: ask legal", "x": ["ok", " TODO x"]}
    found = placeholders(draft)
    assert [(f.path, f.severity) for f in found] == [
        (("title",), Severity.WARNING),
        (("x", 1), Severity.WARNING),
    ]
    published = placeholders({**draft, "status": "published"})
    assert {f.severity for f in published} == {Severity.ERROR}
    assert placeholders({"status": "draft", "title": "A TODO list"}) == []


def test_validate_reports_both() -> None:
    text = BASE.replace("title: Example Privacy Policy", "title: Example Privacy Policy #2").replace(
        "status: published", "status: draft"
    )
    text = text.replace("    title: Introduction", '    title: "TODO: a heading"')
    codes = sorted((d.code.value, d.severity.value) for d in validate_document(load_text(text, "x.yaml")))
    assert codes == [("PP350", "warning"), ("PP351", "warning")]
