"""render/mdlinks.py: Python-Markdown reads links in linear time and as before, and no link is invisible."""

from __future__ import annotations

import time

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions import Extension
from markdown.inlinepatterns import LinkInlineProcessor

from policypress.api.freetext import to_html
from policypress.render.mdlinks import LINK_WINDOW, NAME, PolicyLinks, _VisibleLinks, bracket_ends
from policypress.render.sanitize import markdown_field

EXTENSIONS = ["attr_list", "tables", "sane_lists", "toc", "admonition", "footnotes", "abbr", "def_list"]
PIECES = [
    "[", "]", "(", ")", "![", "a", " ", "\n", "\\", "*", "`", "'", '"', "<", ">",
    "https://x.example/p", "[a]: https://y.example\n\n", "[^1]", "[^1]: note\n\n", "[a]", "[a][]", ' "t"',
]  # fmt: skip


class _OnlyVisible(Extension):
    """The extension's other half alone, so that a test can compare its linear reading."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_VisibleLinks(md), "visible", 19)


def converters() -> tuple[markdown.Markdown, markdown.Markdown]:
    plain = markdown.Markdown(extensions=[*EXTENSIONS, _OnlyVisible()])
    return plain, markdown.Markdown(extensions=[*EXTENSIONS, NAME])


PLAIN, LINEAR = converters()


def convert(converter: markdown.Markdown, text: str) -> str:
    converter.reset()
    return converter.convert(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_links_read_exactly_as_python_markdown_reads_them(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert convert(LINEAR, text) == convert(PLAIN, text)


@given(st.text(alphabet="[]a", max_size=40))
def test_bracket_ends_are_python_markdown_s(text: str) -> None:
    find = getattr(LinkInlineProcessor, "_findBracketEnds", None)
    if find is not None:  # Python-Markdown 3.10 and later compute them this way too
        assert bracket_ends(text) == find(text)
    for index, end in enumerate(bracket_ends(text)):
        if end is not None:  # a bracket opened before `index` closes just before `end`
            assert text[end - 1] == "]"
            inside = text[index : end - 1]
            assert inside.count("[") <= inside.count("]")


def test_a_paragraph_of_many_links_is_read_in_linear_time() -> None:
    """Without the extension each link made Python-Markdown compute every bracket of the
    paragraph again: 1,000 links took about a minute."""
    text = "[a](https://x.example) " * 1000
    start = time.perf_counter()
    html = convert(LINEAR, text)
    assert time.perf_counter() - start < 5
    assert html.count('<a href="https://x.example">a</a>') == 1000


def test_a_link_longer_than_the_window_stays_text() -> None:
    long = "https://x.example/" + "a" * LINK_WINDOW
    assert "<a " in convert(LINEAR, f"[a](https://x.example/{'a' * 100}) x")
    assert "<a " not in convert(LINEAR, f"[a]({long}) x")
    assert "<a " in convert(PLAIN, f"[a]({long}) x")


def test_every_link_pattern_of_every_extension_is_patched() -> None:
    converter = markdown.Markdown(extensions=[*EXTENSIONS, PolicyLinks()])
    convert(converter, "[a](b)")
    links = [p for p in converter.inlinePatterns if isinstance(p, LinkInlineProcessor)]
    assert len(links) >= 5 and all(getattr(p, "_policypress_linear", False) for p in links)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("[ ](https://x.example/a)", "https://x.example/a"),
        ("[&#32;&nbsp;](https://x.example/b)", "https://x.example/b"),
        ("[\u200b\u00ad](mailto:privacy@x.example)", "privacy@x.example"),
        ("[\t](tel:+861234)", "+861234"),
        ("![ ](https://x.example/i.png)", "https://x.example/i.png"),  # an image the sanitizer made a link
    ],
)
def test_a_link_with_nothing_to_see_shows_its_address(text: str, shown: str) -> None:
    """On the page (the site's Markdown with the extension) and in the manifests' HTML."""
    href = shown if shown.startswith("https") else ("mailto:" if "@" in shown else "tel:") + shown
    page = convert(LINEAR, str(markdown_field(text)))
    assert f'<a href="{href}">{shown}</a>' in page
    assert f">{shown}</a>" in to_html(text)


def test_a_link_with_words_keeps_them() -> None:
    assert '<a href="https://x.example">a b</a>' in convert(LINEAR, "[a b](https://x.example)")
    assert '<a href="https://x.example"><em>a</em></a>' in convert(LINEAR, "[*a*](https://x.example)")
    assert ">https://x.example</a>" in convert(LINEAR, "[` `](https://x.example)")  # nothing to read
