"""A policy's Markdown fields as sanitized HTML, for apps that have no Markdown library.

The Markdown is first neutralised exactly as on the site (render.sanitize), then
converted with Python-Markdown (the same engine and list/table rules the site
uses) and finally passed through nh3 with a small allowlist: whatever the
Markdown said, the HTML can only hold text structure and http(s)/mailto/tel links.

A policy has some thirty such fields. `to_html_many` converts them in one
Python-Markdown pass, as one document with a marker paragraph between fields,
and splits the HTML at the markers: every field's HTML is the same as `to_html`
gives for it alone (tests/test_freetext.py checks this over the seeds and
random Markdown). Why that holds:

- the marker is a paragraph of one BEL character, which no neutralised field can
  contain (render.escape.CONTROL removes it) and Python-Markdown keeps as text
  (and, marked atomic, leaves alone: a paragraph that is only the marker can only
  be one, so fields converted alone never meet that rule);
- blank lines around it close every block a field can open: indented code,
  lists, quotes and tables end at a blank line followed by an unindented
  paragraph, and raw HTML blocks (the one construct that runs past a blank line)
  cannot start, because neutralising turns every `<` that could open a tag into `&lt;`;
- inline markup never crosses a block, so it never crosses a marker;
- the one thing Python-Markdown shares across a document is the table of link
  reference definitions (`[label]: url`): a field that may define one (it holds
  `]:`) is converted on its own, so no other field can see its definitions;
- a field whose first line is blank is converted on its own too: Python-Markdown
  blanks such a line everywhere but at the start of a document; and so is a field
  of whitespace alone, which Python-Markdown turns into "" before parsing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from ..render.mdlinks import PolicyLinks
from ..render.pagehtml import URL_SCHEMES
from ..render.sanitize import markdown_field

# Extensions the site also enables, so app and page agree (sane_lists keeps "4." starting at 4).
EXTENSIONS = ("tables", "sane_lists")
_TAGS = frozenset(
    {"p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a"}
    | {"table", "thead", "tbody", "tr", "th", "td"}
)
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
_MARK = "\x07"  # BEL: stripped from every field by render.escape.CONTROL
_BETWEEN = f"\n\n{_MARK}\n\n"
_MARK_HTML = f"<p>{_MARK}</p>"
_MAY_DEFINE_REFERENCE = "]:"
# Python-Markdown blanks a line of spaces and tabs, unless it is the document's first line.
_BLANK_FIRST_LINE = re.compile(r"[ \t]*(?:\n|\Z)")


class _QuietMarkers(Treeprocessor):
    """Mark the marker paragraphs' text atomic, so inline patterns skip them (a third of their runs)."""

    def run(self, root: Element) -> None:
        for child in root:
            if child.tag == "p" and child.text == _MARK:
                child.text = AtomicString(_MARK)


class _Markers(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_QuietMarkers(md), "policypress-markers", 30)  # before inline (20)


@cache
def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[*EXTENSIONS, PolicyLinks(), _Markers()],
        extension_configs={"tables": {"use_align_attribute": True}},
    )


def neutral_markdown(text: str) -> str:
    """The field's Markdown with raw HTML, unsafe links and template syntax neutralised."""
    return str(markdown_field(text))


def to_html(text: str) -> str:
    """Sanitized HTML for a Markdown field (the raw field, as the author wrote it)."""
    return _clean(_convert(neutral_markdown(text)))


def to_html_many(texts: Sequence[str]) -> list[str]:
    """`[to_html(text) for text in texts]`, in one Markdown pass (see the module's docstring)."""
    neutral = [neutral_markdown(text) for text in texts]
    together = [i for i, text in enumerate(neutral) if _joinable(text)]
    if len(together) < 2:
        together = []
    html = [""] * len(neutral)
    if together:
        pieces = _convert(_BETWEEN.join(neutral[i] for i in together)).split(_MARK_HTML)
        if len(pieces) != len(together):  # cannot happen (see above); never guess if it does
            raise AssertionError("a Markdown field's HTML lost or gained a field marker")
        for i, piece in zip(together, pieces, strict=True):
            html[i] = _clean(piece.strip())
    for i in sorted(set(range(len(neutral))).difference(together)):
        html[i] = _clean(_convert(neutral[i]))
    return html


def _joinable(neutral: str) -> bool:
    """Whether a field converts the same inside the joined document as alone."""
    return (
        _MAY_DEFINE_REFERENCE not in neutral
        and not _BLANK_FIRST_LINE.match(neutral)
        and bool(neutral.strip())  # Python-Markdown gives "" for a text of Unicode whitespace alone
    )


def _convert(neutral: str) -> str:
    converter = _converter()
    converter.reset()
    return converter.convert(neutral)


def _clean(html: str) -> str:
    return nh3.clean(html, tags=set(_TAGS), attributes=_ATTRIBUTES, url_schemes=set(URL_SCHEMES))


@lru_cache(maxsize=4096)  # the catalog and each versions file ask for the same summaries
def to_plain_text(text: str) -> str:
    """A Markdown field as plain text, for places that show no markup (a list of changes in an
    app): the words of its sanitized HTML, a blank line between paragraphs, a line per list
    item ("- …") or table row (cells joined by " | "), and a link's text without its URL."""
    reader = _PlainText()
    reader.feed(to_html(text))
    reader.close()
    return reader.text()


# A line break inside a paragraph is a space, except between two CJK characters (which take none).
_SPACE = re.compile(r"\s+")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def _collapse(line: str) -> str:
    def space(match: re.Match[str]) -> str:
        before, after = line[match.start() - 1 : match.start()], line[match.end() : match.end() + 1]
        joined = "\n" in match.group() and _CJK.match(before) and _CJK.match(after)
        return "" if joined else " "

    return _SPACE.sub(space, line).strip()


class _PlainText(HTMLParser):
    _BLOCKS = frozenset({"p", "pre", "blockquote", "ul", "ol", "table", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._lines: list[str] = []
        self._line: list[str] = []
        self._cells = 0

    def _end_line(self, *, blank: bool = False) -> None:
        line = _collapse("".join(self._line))
        if line:
            self._lines.append(line)
        if blank and self._lines and self._lines[-1] != "":
            self._lines.append("")
        self._line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self._end_line()
            self._line.append("- ")
        elif tag == "br" or tag == "tr":
            self._end_line()
            self._cells = 0
        elif tag in ("td", "th"):
            if self._cells:
                self._line.append(" | ")
            self._cells += 1
        elif tag in self._BLOCKS:
            self._end_line(blank=True)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCKS or tag == "li":
            self._end_line(blank=tag in self._BLOCKS)

    def handle_data(self, data: str) -> None:
        self._line.append(data)

    def text(self) -> str:
        self._end_line()
        return "\n".join(self._lines).strip()
