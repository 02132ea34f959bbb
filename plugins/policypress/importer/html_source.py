"""HTML: a saved policy page. Only its main content is read (no navigation, scripts or footers);
lxml finds it, markdownify turns it into Markdown, which is then split at its headings."""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

from .markdown_source import split_at_headings
from .outline import Outline

# Never content: code, styling, forms, and the parts of a page around its main text.
_DROP = (
    "//script | //style | //noscript | //template | //iframe | //svg | //form | //button"
    " | //nav | //header | //footer | //aside | //*[@role='navigation' or @role='banner'"
    " or @role='contentinfo' or @role='search' or @role='complementary'] | //*[@hidden]"
    " | //*[@aria-hidden='true'] | //comment()"
)
_MAIN = "//main | //*[@role='main'] | //article"


def read_html(text: str) -> Outline:
    outline = Outline()
    if not text.strip():
        return outline
    document = lxml_html.document_fromstring(text)
    title = document.findtext(".//title")
    for element in document.xpath(_DROP):
        _drop(element)
    main = _main_content(document)
    if title and title.strip():
        outline.title, outline.title_from = " ".join(title.split()), "the page's <title>"
    heading = main.xpath("(.//h1)[1]")
    if heading:
        words = " ".join(heading[0].text_content().split())
        if words:
            outline.title, outline.title_from = words, "the page's first <h1>"
    from markdownify import markdownify

    markdown = markdownify(
        etree.tostring(main, encoding="unicode", method="html"),
        heading_style="ATX",
        bullets="-",
        strip=["img"],
        newline_style="BACKSLASH",
    )
    split_at_headings(_tidy(markdown), outline)
    return outline


def _drop(element: etree._Element) -> None:
    """Remove an element but keep the text that follows it (lxml stores it on the element)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _main_content(document: etree._Element) -> etree._Element:
    """The page's main text: its <main>, role=main or largest <article>, else the body."""
    candidates = document.xpath(_MAIN)
    if candidates:
        return max(candidates, key=lambda element: len(element.text_content()))
    body = document.find("body")
    return body if body is not None else document


def _tidy(markdown: str) -> str:
    """markdownify's Markdown without trailing spaces and with at most one blank line in a row."""
    lines = [line.rstrip() for line in markdown.replace("\r\n", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"
