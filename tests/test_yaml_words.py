"""YAML syntax errors in plain words, at the line where the mistake is (yamlwords.py)."""

from __future__ import annotations

import pytest

from policypress.yamlload import LoadError, load_text


def refused(text: str) -> tuple[int, int, str]:
    with pytest.raises(LoadError) as caught:
        load_text(text, "x.yaml")
    (found,) = caught.value.diagnostics
    return found.line, found.column, found.message


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        # A key moved to column 0 is reported on its own line, not on the line after it.
        ("controller:\n  id: x\nname: y\n  legal_name: z\n", 3, 1, "indent this key like its neighbours"),
        ("controller:\n  id: x\n   name: y\n", 3, 4, "line it up with line 2"),
        ("title: Privacy: the policy\n", 1, 15, "put the whole value in quotes"),
        ("title: x\nstatus published\nlanguage: en\n", 2, 1, "a key needs a colon"),
        ("key value\nother: 1\n", 1, 1, "write it as 'key: value'"),
        ('policy: x\ntitle: "open\nstatus: draft\n', 2, 8, "this quote is never closed"),
        ("a:\n\tb: 1\n", 2, 1, "tabs for indentation: use spaces"),
        ("items: [a, b\nstatus: x\n", 2, 7, "is not closed"),
        ("a: 1\n}\n", 2, 1, "this bracket closes nothing"),
    ],
)
def test_each_syntax_error_says_what_to_do_where_the_mistake_is(
    text: str, line: int, column: int, words: str
) -> None:
    found_line, found_column, message = refused(text)
    assert (found_line, found_column) == (line, column)
    assert message.startswith("YAML syntax: ") and words in message
    assert "[YAML: " in message  # the parser's own words follow, for those who know them
