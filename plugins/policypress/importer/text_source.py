"""Plain text: headings are the short lines that start with a number as policies write them
(`1.`, `1.1`, `一、`, `（一）`, `第一条`, `Article 3`); their level follows the order in which each
kind of number first appears, as in a legal text."""

from __future__ import annotations

import re

from .outline import Heading, Outline

_CJK_NUMBER = "〇零一二三四五六七八九十百千两"
# (kind, pattern): the kind decides the level; a numeric kind's depth is its count of numbers.
_NUMBERING = (
    ("chapter", re.compile(rf"第[{_CJK_NUMBER}0-9]+[章编]")),
    ("article", re.compile(rf"第[{_CJK_NUMBER}0-9]+[条節节]")),
    ("cjk", re.compile(rf"[{_CJK_NUMBER}]+[、.．]")),
    ("cjk-paren", re.compile(rf"[（(][{_CJK_NUMBER}]+[）)]")),
    ("decimal", re.compile(r"[0-9]{1,2}(?:[.．][0-9]{1,2})*[.．、)]?(?=\s|[^\x00-\x7f])")),
    ("paren", re.compile(r"[（(][0-9]{1,2}[）)]")),
    (
        "word",
        re.compile(r"(?:Article|Section|Chapter|Part|ARTICLE|SECTION|CHAPTER|PART)\s+[0-9IVXLC]+\b[.:]?"),
    ),
)
_SENTENCE_END = tuple(".。;；,，:：!！?？")
MAX_HEADING = 60


def read_text(text: str) -> Outline:
    outline = Outline()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and _numbering(lines[first].strip()) is None and len(lines[first].strip()) <= 80:
        outline.title, outline.title_from = lines[first].strip(), "the first line"
        lines = lines[first + 1 :]
    kinds: list[str] = []
    body: list[str] = []
    for line in lines:
        words = line.strip()
        kind = _heading_kind(words)
        if kind is None:
            body.append(line.rstrip())
            continue
        outline.add_body("\n".join(body))
        body.clear()
        if kind not in kinds:
            kinds.append(kind)
        outline.blocks.append(Heading(kinds.index(kind) + 1, words))
    outline.add_body("\n".join(body))
    return outline


def _numbering(words: str) -> tuple[str, str] | None:
    for kind, pattern in _NUMBERING:
        found = pattern.match(words)
        if found:
            number = found.group()
            if kind == "decimal":
                kind = f"decimal-{len(re.findall(r'[0-9]+', number))}"
            return kind, words[found.end() :].strip()
    return None


def _heading_kind(words: str) -> str | None:
    """The kind of numbering of a heading line, or None for body text (a long or finished sentence)."""
    if not words or len(words) > MAX_HEADING:
        return None
    numbered = _numbering(words)
    if numbered is None:
        return None
    kind, rest = numbered
    if not rest or rest.endswith(_SENTENCE_END):
        return None
    return kind
