"""A diff as Markdown blocks for a change page: a table per area, then a redline per section.

Every piece of policy text is escaped with render/escape.py; the only HTML is the
`<ins>` and `<del>` elements this module writes around escaped text, and headings get
explicit ids (`diff-<area>`, `diff-section-<id>`), so the blocks convert the same with
the site's extensions (attr_list, tables, sane_lists, toc, admonition). A redline shows
the Markdown source of a section as text, line by line (a hard break per line):
marking changes inside rendered Markdown would break links and tables in two.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..render.escape import CONTROL, SafeMd, escape_chars, heading, line_start
from . import areas
from .model import PolicyDiff, SectionDiff, Segment, SegmentOp
from .words import Style, Words, redline_lines

_TAG = {"delete": "del", "insert": "ins"}
_WHITESPACE = re.compile(r"\s+")
_LEADING = re.compile(r"^[ \t]+")
HEADING_LEVEL = 3


def diff_markdown(
    diff: PolicyDiff,
    language: str,
    added_parts: Mapping[str, str] | None = None,
    *,
    side_by_side: bool = False,
) -> dict[str, str]:
    """{"structured": …, "redline": …}: Markdown for each part of the diff, "" when it has no change.

    `added_parts` holds, by section id, the Markdown of the structured parts that an added section
    shows (render.markdown.render_section_parts): the redline shows them as inserted with its text.
    With `side_by_side` (the site's changes page), a changed text comes in two views, the redline
    and a before | after table, each in a block the page's stylesheet shows or hides; without it
    (`policypress diff`'s Markdown, read anywhere), the redline alone.
    """
    words = Words(language, diff.names, MARKDOWN)
    redline = _redline(diff, words, added_parts or {}, side_by_side=side_by_side)
    return {"structured": _structured(diff, words), "redline": redline}


def _mark(op: SegmentOp, escaped: str) -> str:
    return f"<{_TAG[op]}>{escaped}</{_TAG[op]}>" if escaped else ""


def _escape_inline(text: str) -> str:
    """Policy text for a table cell or the inside of a line: one line, spaces at its ends kept."""
    return escape_chars(CONTROL.sub("", _WHITESPACE.sub(" ", text)))


MARKDOWN = Style(escape=_escape_inline, mark=_mark)


def _structured(diff: PolicyDiff, words: Words) -> str:
    """A table per area, one row per fact: item, field, before, after. An added or removed item
    gives a row for each of its facts, the item named (and marked added or removed) on the first."""
    blocks = []
    t = words.t
    for area in areas.table().names:
        changes = [c for c in diff.changes if c.area == area]
        if not changes:
            continue
        table = [f"| {t.d_item} | {t.d_what} | {t.d_before} | {t.d_after} |", "|---|---|---|---|"]
        for change in changes:
            item = words.item(change.id, brief=True)
            if change.field is None:
                added = change.op == "added"
                facts = words.item_facts(area, change.new if added else change.old)
                for index, (field, value) in enumerate(facts):
                    op = f"{t.paren_open}*{words.op(change.op)}*{t.paren_close}"
                    label = f"{item}{op}" if index == 0 else ""
                    marked = _mark("insert" if added else "delete", value)
                    before, after = ("", marked) if added else (marked, "")
                    table.append(f"| {label} | {field} | {before} | {after} |")
            else:
                before, after = words.sides(change)
                table.append(f"| {item} | {words.field(change.field)} | {before} | {after} |")
        blocks.append(heading(words.area(area), HEADING_LEVEL, f"diff-{area}") + "\n\n" + "\n".join(table))
    return SafeMd("\n\n".join(blocks) + "\n" if blocks else "")


def _redline(diff: PolicyDiff, words: Words, added_parts: Mapping[str, str], *, side_by_side: bool) -> str:
    blocks = [
        _section(section, words, added_parts.get(section.id, ""), side_by_side=side_by_side)
        for section in diff.sections
    ]
    return SafeMd("\n\n".join(blocks) + "\n" if blocks else "")


def _section(section: SectionDiff, words: Words, added_parts: str, *, side_by_side: bool) -> str:
    t = words.t
    title = words.names.get(section.id) or section.id  # the new title; the old one if it was removed
    status = t.d_moved_changed if section.moved and section.op == "changed" else words.op(section.op)
    if section.moved and section.new_parent != section.old_parent:
        if section.new_parent is None:
            status += t.dash + t.d_now_top
        else:
            parent = _escape_inline(words.names.get(section.new_parent) or section.new_parent)
            status += t.dash + t.d_now_in.format(section=parent)
    lines = [heading(title, HEADING_LEVEL, f"diff-section-{section.id}"), f"*{status}*"]
    for field in section.fields:
        if field.field == "title":
            if section.op in ("changed", "moved"):
                marked = "".join(words.segment(op, text) for op, text in field.tokens)
                lines.append(f"**{words.field('title')}**{t.colon}{marked}")
            continue
        if field.field != "text":
            lines.append(f"**{words.field(field.field)}**")
        lines.append(_views(field.tokens, words) if side_by_side else paragraphs(field.tokens))
    if section.op == "added" and added_parts:
        lines.append(_inserted_block(added_parts))
    return "\n\n".join(line for line in lines if line)


def _inserted_block(markdown: str) -> str:
    """Markdown the plugin rendered from escaped policy text, boxed as inserted (an admonition)."""
    return _block("pp-added", markdown)


def _views(tokens: tuple[Segment, ...], words: Words) -> str:
    """A field's redline, and, when both versions have text, the same change side by side: a table
    of its paragraphs, before | after (the page shows one view or the other, changes.md.j2's
    toggle; each in a block of its own class)."""
    inline = paragraphs(tokens)
    if all(op == "insert" for op, _ in tokens) or all(op == "delete" for op, _ in tokens):
        return inline  # added or removed whole: one side only, nothing to set beside it
    t = words.t
    rows = [f"| {t.d_before} | {t.d_after} |", "|---|---|"]
    for paragraph in _paragraphs(tokens):
        before = [[piece for piece in line if piece[0] != "insert"] for line in paragraph]
        after = [[piece for piece in line if piece[0] != "delete"] for line in paragraph]
        rows.append(f"| {_cell(before)} | {_cell(after)} |")
    return f"{_block('pp-inline', inline)}\n\n{_block('pp-sides', chr(10).join(rows))}"


def _block(kind: str, markdown: str) -> str:
    """Markdown in a block of class `kind` (an admonition without a title; the stylesheet takes
    its frame away or hides it)."""
    body = "\n".join(f"    {line}" if line.strip() else "" for line in markdown.splitlines())
    return f'!!! {kind} ""\n\n{body}'


def _cell(lines: list[list[Segment]]) -> str:
    """One side of a paragraph for a table cell: its lines joined by line breaks."""
    return "<br>".join(_line(line) for line in lines if "".join(text for _, text in line).strip())


def _paragraphs(tokens: tuple[Segment, ...]) -> list[list[list[Segment]]]:
    """The redline's paragraphs (runs of lines between blank ones), each a list of lines."""
    found: list[list[list[Segment]]] = [[]]
    for line in redline_lines(tokens):
        if not "".join(text for _, text in line).strip():
            if found[-1]:
                found.append([])
            continue
        found[-1].append(line)
    return [paragraph for paragraph in found if paragraph]


def _line(line: list[Segment]) -> str:
    pieces = []
    for index, (op, text) in enumerate(line):
        escaped = escape_chars(CONTROL.sub("", text))
        if index == 0:
            escaped = _line_begin(escaped)
        pieces.append(escaped if op == "equal" else _mark(op, escaped))
    return "".join(pieces)


def paragraphs(tokens: tuple[Segment, ...]) -> str:
    """A redline as Markdown paragraphs, the source's lines kept with hard breaks."""
    return "\n\n".join("  \n".join(_line(line) for line in paragraph) for paragraph in _paragraphs(tokens))


def _line_begin(escaped: str) -> str:
    """Indentation as no-break spaces (four spaces would start a code block); a block marker escaped."""
    indent = _LEADING.match(escaped)
    if indent:
        spaces = indent.group().replace("\t", "    ")
        return "&#160;" * len(spaces) + escaped[indent.end() :]
    return line_start(escaped)
