"""Mistakes that validate but silently change what a file says, and values left to fill.

- PP350: a value that still says TODO (left by `policypress import` or `new`): a warning in a
  draft, an error in a file that is published or withdrawn, so that no placeholder is published.
- PP351: text that YAML reads otherwise than it looks: ` #…` at the end of an unquoted value
  (YAML drops it as a comment), a value in curly quotes (YAML keeps them as text), and Markdown
  lines (a list, a table) folded into one line by `>` or by an unquoted value that runs on.

The PP351 checks read the lines of the file, once, without building the YAML tree again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .diagnostics import Code, Diagnostic, Finding, Severity
from .internal import FIELD as INTERNAL_FIELD
from .pointers import Path

_TODO = re.compile(r"\s*TODO\b")
_KEY = re.compile(r"^(?P<indent>[ ]*)(?:-[ ]+)*(?P<key>[^\s#'\"{\[][^:#]*?|'[^']*'|\"[^\"]*\"):(?:[ ]+|$)")
_ITEM = re.compile(r"^(?P<indent>[ ]*)-[ ]+")
_BLOCK = re.compile(r"[|>][-+0-9]*[ ]*(?:#.*)?$")
_MARKDOWN_LINE = re.compile(r"[ ]*(?:[-*+][ ]|[0-9]{1,3}[.)][ ]|\||#{1,6}[ ])")
_CURLY = re.compile(r"^[“‘].*[”’]$")


def placeholders(data: dict[str, Any]) -> list[Finding]:
    """Every value (but authors' notes) that still begins with TODO."""
    draft = data.get("status") == "draft"
    severity = Severity.WARNING if draft else Severity.ERROR
    then = "fill it in before you publish" if draft else "a published file cannot hold a placeholder"
    return [
        Finding(path, Code.PLACEHOLDER, f"this value still says TODO: {then}", severity)
        for path, value in _strings(data, ())
        if _TODO.match(value)
    ]


def _strings(value: Any, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            if key != INTERNAL_FIELD:
                yield from _strings(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, (*path, index))


def misread_text(text: str, display: str) -> list[Diagnostic]:
    """The PP351 traps, located at the character that causes them."""
    found: list[Diagnostic] = []
    block_indent: int | None = None  # inside a block scalar whose key is indented this much
    folded = False
    content_indent: int | None = None  # the block's own indentation, from its first line
    first_line = 0
    plain: tuple[int, int] | None = None  # an unquoted value's key indent and line, that may run on
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not stripped or indent > block_indent:
                content_indent = indent if content_indent is None and stripped else content_indent
                # In a folded block, only lines at the block's own indentation are joined.
                if (
                    folded
                    and indent == content_indent
                    and number > first_line
                    and _MARKDOWN_LINE.match(stripped)
                ):
                    found.append(_trap(display, number, indent + 1, "folded"))
                    folded = False  # once per block is enough
                continue
            block_indent = None
        if not stripped or stripped.startswith("#"):
            continue
        if plain is not None:
            key_indent, _ = plain
            if indent > key_indent and _MARKDOWN_LINE.match(stripped) and not _KEY.match(line):
                found.append(_trap(display, number, indent + 1, "runs-on"))
            plain = None
        match = _KEY.match(line) or _ITEM.match(line)
        if match is None:
            continue
        value = line[match.end() :]
        dash = 2 if line[len(match.group("indent")) :].startswith("- ") else 0
        owner = len(match.group("indent")) + dash
        if _BLOCK.match(value):
            block_indent, folded, content_indent, first_line = owner, value.startswith(">"), None, number + 1
            continue
        if not value or value[0] in "'\"[{&*!|>#":  # quoted, a flow or block value, or a comment
            continue
        comment = re.search(r"[ \t]#", value)
        words = value[: comment.start()] if comment else value
        if comment and comment.end() < len(value) and not value[comment.end()].isspace():
            found.append(_trap(display, number, match.end() + comment.start() + 2, "comment"))
        if _CURLY.match(words.strip()):
            found.append(_trap(display, number, match.end() + 1, "curly"))
        plain = (owner, number)
    return found


_MESSAGES = {
    "comment": "YAML reads ' #' and what follows as a comment and drops it from the value: if it belongs to "
    "the text, put the whole value in quotes",
    "curly": "this value is in curly quotes, which YAML keeps as part of the text (only straight \" or ' "
    "quote a value): write straight quotes, or leave the quotes out",
    "folded": "'>' joins these lines into one, so this Markdown list, table or heading is lost: use '|' to "
    "keep the line breaks",
    "runs-on": "this line continues the unquoted value above, and YAML joins the lines into one, so this "
    "Markdown list, table or heading is lost: write the value as a block ('|' on the key's line)",
}


def _trap(display: str, line: int, column: int, kind: str) -> Diagnostic:
    return Diagnostic(display, line, column, Code.MISREAD_TEXT, _MESSAGES[kind], "", Severity.WARNING)
