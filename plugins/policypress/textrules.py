"""What every text of a policy must be for the site, its feeds and its JSON to carry it.

Checked when a policy is validated, on every key and string of its data (found by walking
it; which strings are Markdown, the schema says), so that what `validate` accepts the build
publishes, without a traceback and in time linear in the policy:

- characters (PP207): no C0 or C1 control character but tab and line feed, and no Unicode
  non-character. XML (the Atom feeds) cannot hold them, HTML parsers replace them or flag
  them, and a terminal may obey them. A carriage return counts: YAML reads every line end
  as a line feed already, so one in the data was written as the `\\r` escape. They are
  refused however they were written: raw, as a YAML escape (`"\\e"`, `"\\u0001"`), or, in a
  Markdown field, as a numeric character reference (`&#1;`, `&#x85;`), which Markdown and
  HTML turn back into the character (the manifests' HTML and the feeds would carry it).
- length (PP208): a plain-text value, and each paragraph or list item of a Markdown field,
  holds at most MAX_PARAGRAPH characters, of which at most MAX_MARKS are Markdown syntax.
  Python-Markdown's work on a paragraph grows with its length times its markup (it rebuilds
  the paragraph's text for every piece of markup it finds), so bounding both keeps a build
  linear in the size of its policies. No paragraph of the seed policies has more than about
  1,100 characters, or more than a handful of marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .diagnostics import Code, Finding
from .markdownplan import MarkdownPlan, markdown_plan
from .pointers import Path

__all__ = ["MARKS", "MAX_MARKS", "MAX_PARAGRAPH", "check", "forbidden_character"]

MAX_PARAGRAPH = 10_000
# Python-Markdown rebuilds a paragraph's text for each piece of markup it finds (and PolicyPress
# escapes each such character of a plain-text value): its work is the paragraph's length times
# its markup, which these two limits bound.
MAX_MARKS = 1_000
MARKS = "\\`*_[]<>&{}!|~^=+"
_NOT_MARKS = str.maketrans("", "", MARKS)

_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_FORBIDDEN = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_NONCHARACTERS}]")
# How YAML writes the ones an author is likeliest to meet.
_ESCAPES = {
    0x00: "\\0",
    0x07: "\\a",
    0x08: "\\b",
    0x0B: "\\v",
    0x0C: "\\f",
    0x0D: "\\r",
    0x1B: "\\e",
    0x85: "\\N",
}
_REFERENCE = re.compile(r"&#(?:([0-9]+)|[xX]([0-9A-Fa-f]+));")
# A line that starts a block of its own in a Markdown field: a list item, a table row, a
# heading (made a bold line), a quote. Python-Markdown reads each as a text of its own.
_BLOCK_START = re.compile(r"[ \t]*(?:[-+*][ \t]|\d{1,9}[.)][ \t]|\||#|>)")


def forbidden_character(code_point: int) -> str | None:
    """What kind of character a policy may not hold `code_point` is, or None if it may hold it."""
    if code_point in (0x09, 0x0A):
        return None
    if code_point < 0x20 or code_point == 0x7F:
        return "a control character"
    if 0x80 <= code_point <= 0x9F:
        return "a C1 control character"
    if 0xFDD0 <= code_point <= 0xFDEF or code_point & 0xFFFE == 0xFFFE:
        return "a Unicode non-character"
    if 0xD800 <= code_point <= 0xDFFF or code_point > 0x10FFFF:
        return "not a character"
    return None


def check(data: dict[str, Any]) -> list[Finding]:
    """Every character and length problem of a policy's keys and strings, in document order."""
    return list(_check(data, markdown_plan(), ()))


def _check(value: Any, plan: MarkdownPlan | None, path: Path) -> Iterator[Finding]:
    if isinstance(value, str):
        markdown = plan is not None and plan.markdown
        yield from _characters(value, path, markdown=markdown)
        yield from _length(value, path, markdown=markdown)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield from _characters(key, (*path, key), markdown=False, key=True)
            yield from _check(item, plan.properties.get(key) if plan else None, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _check(item, plan.items if plan else None, (*path, index))


def _characters(text: str, path: Path, *, markdown: bool, key: bool = False) -> Iterator[Finding]:
    """The first character of `text` a policy may not hold (and how many more), however written."""
    found = _FORBIDDEN.search(text)
    reference = _forbidden_reference(text) if markdown and "&#" in text else None
    if found is None and reference is None:
        return
    where = "key" if key else "text"
    if found is not None and (reference is None or found.start() < reference.start()):
        code_point = ord(found.group())
        kind = forbidden_character(code_point) or "a character"
        position = found.start()
        escape = _ESCAPES.get(code_point)
        written = f"U+{code_point:04X}" + (f" ({escape} in YAML)" if escape else "")
    else:
        assert reference is not None
        code_point = _code_point(reference)
        kind = forbidden_character(code_point) or "a character"
        position = reference.start()
        written = f"the character reference {reference.group()}"
        if 0x80 <= code_point <= 0x9F and (meant := _windows_1252(code_point)):
            kind += f" (browsers show it as {meant}: write {meant} itself)"
    more = len(_FORBIDDEN.findall(text)) + (_count_references(text) if markdown else 0) - 1
    others = f"; {more:,} more in this {where}" if more > 0 else ""
    yield Finding(
        path,
        Code.FORBIDDEN_CHARACTER,
        f"{written} at character {position + 1} of this {where} is {kind}, which a policy may not "
        f"hold: pages, feeds and apps could not show it; remove it{others}",
        key=key,
    )


def _code_point(reference: re.Match[str]) -> int:
    digits, base = (reference.group(1), 10) if reference.group(1) is not None else (reference.group(2), 16)
    digits = digits.lstrip("0") or "0"
    return int(digits, base) if len(digits) <= 8 else 0x110000  # past Unicode: not a character


def _forbidden_reference(text: str) -> re.Match[str] | None:
    for reference in _REFERENCE.finditer(text):
        if forbidden_character(_code_point(reference)):
            return reference
    return None


def _count_references(text: str) -> int:
    return sum(1 for reference in _REFERENCE.finditer(text) if forbidden_character(_code_point(reference)))


def _windows_1252(code_point: int) -> str | None:
    try:
        return bytes([code_point]).decode("cp1252")
    except UnicodeDecodeError:
        return None


def _length(text: str, path: Path, *, markdown: bool) -> Iterator[Finding]:
    if len(text) <= MAX_MARKS:  # short enough for both limits
        return
    if not markdown:
        size, marks = len(text), _marks(text)
        if size > MAX_PARAGRAPH or marks > MAX_MARKS:
            yield Finding(
                path, Code.TOO_LONG, _too_long("this text", size, marks, "a plain-text value", "shorten it")
            )
        return
    for line, size, marks in _blocks(text):
        if size > MAX_PARAGRAPH or marks > MAX_MARKS:
            where = f"the paragraph that starts on line {line} of this text"
            advice = "split it with a blank line"
            yield Finding(
                path, Code.TOO_LONG, _too_long(where, size, marks, "a paragraph or list item", advice)
            )
            return


def _too_long(what: str, size: int, marks: int, kind: str, advice: str) -> str:
    if size > MAX_PARAGRAPH:
        return f"{what} has {size:,} characters; {kind} may have at most {MAX_PARAGRAPH:,}: {advice}"
    return (
        f"{what} has {marks:,} characters that are Markdown syntax ({MARKS}); {kind} may have at most "
        f"{MAX_MARKS:,}: {advice}"
    )


def _marks(text: str) -> int:
    return len(text) - len(text.translate(_NOT_MARKS))


def _blocks(text: str) -> Iterator[tuple[int, int, int]]:
    """(1-based line it starts on, characters with line breaks, marks) of each paragraph, list
    item, table row or heading of a Markdown text: what Python-Markdown reads as one text."""
    size, marks, start = -1, 0, 1  # size -1: no block open
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or _BLOCK_START.match(line):
            if size >= 0:
                yield start, size, marks
            size = -1
            if not line.strip():
                continue
        if size < 0:
            size, marks, start = 0, 0, number
        size += len(line) + 1
        marks += _marks(line)
    if size >= 0:
        yield start, size, marks
