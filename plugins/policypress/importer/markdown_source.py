"""Markdown: headings found by markdown-it-py (ATX and setext), the text between them kept byte for byte."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .outline import Heading, Outline

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def read_markdown(text: str) -> Outline:
    """Split Markdown at its headings; YAML front matter becomes metadata, never body text."""
    outline = Outline()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front = _FRONT_MATTER.match(text)
    if front:
        outline.metadata = _front_matter(front.group(1) or "", outline)
        text = text[front.end() :]
        title = outline.metadata.get("title")
        if title:
            outline.title, outline.title_from = title, "the front matter's title"
    split_at_headings(text, outline)
    return outline


def split_at_headings(text: str, outline: Outline) -> None:
    """Add `text`'s headings and the Markdown between them to `outline`."""
    lines = text.splitlines(keepends=True)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    start = 0
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.level != 0 or token.map is None:
            continue
        first, after = token.map
        outline.add_body("".join(lines[start:first]))
        outline.blocks.append(Heading(int(token.tag[1:]), _plain(tokens[index + 1])))
        start = after
    outline.add_body("".join(lines[start:]))


def _plain(inline: Token) -> str:
    """A heading's words without their Markdown (a section title is plain text)."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _front_matter(text: str, outline: Outline) -> dict[str, str]:
    """The front matter's top-level scalar values, as text; anything else is noted, not guessed."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe", pure=True).load(text)
    except YAMLError:
        outline.notes.append("the front matter is not valid YAML; it was left out")
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(key): str(value)
        for key, value in data.items()
        if isinstance(value, (str, int, float)) or hasattr(value, "isoformat")
    }
