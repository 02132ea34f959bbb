"""Where libyaml reads a text that YAML 1.2 refuses, found in the node tree it composed.

libyaml (YAML 1.1) is lenient in a few places where YAML 1.2, and with it editors and other
readers, is strict. What it reads there may differ from what the author or another reader
sees, and the file then fails later with puzzling schema errors, or passes here and fails
elsewhere. Each case is reported as a YAML problem at its place:

- a line inside a quoted text or a bracketed list or mapping that is indented no deeper
  than the block it belongs to: most often a tab, which looks like indentation but is not
  (YAML indents with spaces only);
- a block text (`|` or `>`) whose blank lines before its first line of text hold more
  spaces than that line: libyaml takes the deepest of them for the indentation, so the
  text that follows falls out of the block;
- a comment right after a block text's indicator (`|# note`): a comment needs a space before `#`.

Each check looks only at the lines of the node it is about, so the whole is linear in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ruamel.yaml.nodes import Node, ScalarNode, SequenceNode

__all__ = ["Misreading", "SourceLines", "block_scalar", "flow_node"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A block scalar's header: the indicator, then an indentation digit and a chomping sign, either order.
_HEADER = re.compile(r"[|>](?:[1-9][+-]?|[+-][1-9]?)?")


@dataclass(frozen=True)
class Misreading:
    """A place where libyaml and YAML 1.2 disagree: 1-based line and column, and what to do."""

    line: int
    column: int
    message: str


class SourceLines:
    """The file's lines (without their line breaks) by 0-based number, split on first use."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _starts(self) -> list[int]:
        return [0, *(match.end() for match in _LINE_BREAK.finditer(self.text))]

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, number: int) -> str:
        starts = self._starts
        start = starts[number]
        end = starts[number + 1] if number + 1 < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")


def _spaces(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _plural(count: int) -> str:
    return f"{count} space" if count == 1 else f"{count} spaces"


def flow_node(node: Node, parent_column: int, lines: SourceLines) -> Misreading | None:
    """A quoted text, or a list or mapping in brackets, in a block of keys or items at
    `parent_column`: each of its lines after the first must be indented deeper than that block."""
    first, last = node.start_mark.line, node.end_mark.line
    needed = parent_column + 1
    if last == first or needed <= 0:
        return None
    what = (
        "quoted text"
        if isinstance(node, ScalarNode)
        else "list in brackets"
        if isinstance(node, SequenceNode)
        else "mapping in braces"
    )
    for number in range(first + 1, min(last, len(lines) - 1) + 1):
        line = lines[number]
        spaces = _spaces(line)
        if spaces >= needed or spaces == len(line):
            continue
        if line[spaces] == "\t":
            problem = "a tab cannot indent YAML"
        else:
            problem = "this line is not indented deeper than the block it belongs to"
        return Misreading(
            number + 1,
            spaces + 1,
            f"YAML syntax: {problem}: the line continues the {what} that starts on line {first + 1}, "
            f"so start it with at least {_plural(needed)}",
        )
    return None


def block_scalar(node: ScalarNode, parent_column: int, lines: SourceLines) -> Misreading | None:
    """A block text (`|` or `>`): a comment glued to its indicator, or leading blank lines
    with more spaces than its first line of text (when no indentation digit is given)."""
    number, column = node.start_mark.line, node.start_mark.column
    if number >= len(lines):
        return None
    line = lines[number]
    header = _HEADER.match(line, column)
    if header is None:
        return None
    if line.startswith("#", header.end()):
        return Misreading(
            number + 1,
            header.end() + 1,
            f"YAML syntax: a comment after {header.group()} needs a space before the #",
        )
    if any(character.isdigit() for character in header.group()):
        return None  # the author gave the indentation: deeper blank lines are text
    deepest, deepest_line = -1, -1
    for following in range(number + 1, len(lines)):
        text = lines[following]
        spaces = _spaces(text)
        if spaces == len(text):
            if spaces > deepest:
                deepest, deepest_line = spaces, following
            continue
        if parent_column < spaces < deepest:  # the line is the block's first line of text
            return Misreading(
                deepest_line + 1,
                spaces + 1,
                f"YAML syntax: a blank line at the start of a block text has more spaces than the "
                f"block's first line of text (line {following + 1}, {_plural(spaces)}); remove them",
            )
        return None
    return None
