"""One Markdown pass for a policy's fields gives each field exactly the HTML it gets alone.

`to_html_many` joins a policy's Markdown fields into one document with a marker
paragraph between them; these tests hold it to `to_html` on each field, over the
seed policies, generated ones and random Markdown built from the syntax that
could make one field reach into the next.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policypress.api.freetext import to_html, to_html_many
from policypress.api.manifest import _transform
from policypress.markdownplan import markdown_plan
from policypress.validate import validate_paths

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_POLICIES = ROOT / "tests" / "fixtures" / "site" / "policies"


def markdown_fields(data: dict[str, Any]) -> list[str]:
    """A policy's Markdown fields, in the order its manifest holds them."""
    fields: list[dict[str, str]] = []
    _transform(data, markdown_plan(), fields)
    return [field["markdown"] for field in fields]


@cache
def seed_fields() -> list[list[str]]:
    result = validate_paths([FIXTURE_POLICIES], root=FIXTURE_POLICIES)
    assert result.errors == [] and result.documents
    return [markdown_fields(doc.data) for doc in result.documents]


def test_one_pass_gives_every_seed_field_its_own_html() -> None:
    for fields in seed_fields():
        assert len(fields) > 1
        assert to_html_many(fields) == [to_html(field) for field in fields]


def test_one_pass_gives_every_generated_field_its_own_html(tmp_path: Path) -> None:
    generate(tmp_path, 6, seed=11)
    result = validate_paths([tmp_path], root=tmp_path)
    assert result.diagnostics == []
    for doc in result.documents:
        fields = markdown_fields(doc.data)
        assert to_html_many(fields) == [to_html(field) for field in fields]


@pytest.mark.parametrize(
    "fields",
    [
        # A reference definition in one field must not resolve a link in another.
        ["See [the law][pipl].", "[pipl]: https://example.com/pipl"],
        ["[pipl]: https://example.com/pipl", "See [pipl] and [the law][pipl]."],
        # Blocks a field leaves open end with it.
        ["    indented code", "    more code", "- a\n- b", "continued?"],
        ["> quoted", "lazy continuation?", "| a | b |\n|---|---|\n| 1 | 2 |", "| 3 | 4 |"],
        ["1. one\n2. two", "3. three", "Title", "===", "---"],
        ["**open bold", "closed** here", "`open code", "closed` here"],
        # Blank first lines and blank fields behave as at the start of a document.
        ["    ", "", "   \nfoo", "\t\n    bar", "\u00a0", "    \u00a0", "- "],
        # The marker character itself, and what tries to look like markup.
        ["a\x07b", "\x07", "<p>\x07</p>", "&#7;", "<b>bold</b> <1@x> <https://example.com>"],
    ],
)
def test_one_pass_keeps_fields_apart(fields: list[str]) -> None:
    assert to_html_many(fields) == [to_html(field) for field in fields]


def test_a_reference_definition_stays_in_its_field() -> None:
    link, definition = to_html_many(["See [pipl].", "[pipl]: https://example.com/pipl"])
    assert "href" not in link and definition == ""


# Markdown syntax that opens, continues or closes blocks and spans, and whitespace Python-Markdown
# treats specially; the words are there so that paragraphs form.
MARKDOWN_PIECES = st.sampled_from(
    [
        *("- ", "* ", "+ ", "1. ", "4) ", "    ", "\t", "> ", "|", "| a | b |\n|---|---|\n"),
        *("---", "===", "***", "**", "*", "_", "__", "`", "``", "~~~", "```", "# ", "## x"),
        *("[a]", "[a]: https://x.example", "[b]: <https://x.example>", "(https://x.example)"),
        *("![i](https://x.example/i.png)", "<", ">", "<b>", "<1@x>", "<https://a.example>"),
        *("&", "&amp;", "<!--", "-->", "{#id}", "{{ x }}", "\\", "\\*", "1.", " "),
        *("\n", "\n\n", "  \n", "   \n", "\r\n", "\f", "\v", "\x85", "\u2028", "\u00a0", "\u3000"),
        *("\x07", "\x02", "\x03", "x", "word ", "中文"),
    ]
)
MARKDOWN = st.lists(MARKDOWN_PIECES, max_size=25).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MARKDOWN, max_size=6))
@example(["    ", ""])
@example(["- ", "    \u00a0"])
@example(["    \nfoo", "bar"])
def test_one_pass_equals_field_by_field(fields: list[str]) -> None:
    assert to_html_many(fields) == [to_html(field) for field in fields]
