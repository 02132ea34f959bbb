"""A diff as text for a terminal: wdiff-style marks ([-deleted-] {+inserted+}), one change a line.

Policy text is untrusted here too: control characters (which could move a terminal's
cursor or change its colours) are shown escaped, never written raw.
"""

from __future__ import annotations

import re

from ..diagnostics import visible
from ..render.labels import labels_for
from .areas import table
from .model import PolicyDiff, SectionDiff, Segment, SegmentOp
from .words import Style, Words, redline_lines

_WHITESPACE = re.compile(r"\s+")
_MARKS = {"delete": ("[-", "-]"), "insert": ("{+", "+}")}


def _mark(op: SegmentOp, escaped: str) -> str:
    start, end = _MARKS[op]
    return f"{start}{escaped}{end}" if escaped else ""


TEXT = Style(escape=lambda text: visible(_WHITESPACE.sub(" ", text)), mark=_mark)


def diff_text(diff: PolicyDiff, language: str) -> str:
    """The whole diff as lines of text in the words of `language` (a catalog of render/labels.py)."""
    words = Words(language, diff.names, TEXT)
    t = labels_for(language)
    out: list[str] = []
    old, new = diff.old_ref.version, diff.new_ref.version
    if old is not None and new is not None and old == new:  # an edited file against its earlier text
        out += [t.h_changes_within.format(version=visible(new)), ""]
    elif old is not None and new is not None:
        out += [t.h_changes_from.format(old=visible(old), new=visible(new)), ""]
    if diff.is_empty:
        return "\n".join([*out, t.c_none]) + "\n"
    if diff.changes:
        out.append(t.c_structured)
        for area in table().names:
            rows = [c for c in diff.changes if c.area == area]
            if rows:
                out.append("  " + words.area(area))
                out += ["    " + words.line(change, area=False) for change in rows]
        out.append("")
    if diff.sections:
        out.append(t.c_text)
        for section in diff.sections:
            out += _section(section, words)
    return "\n".join(line.rstrip() for line in out).rstrip("\n") + "\n"


def _section(section: SectionDiff, words: Words) -> list[str]:
    t = words.t
    status = t.d_moved_changed if section.moved and section.op == "changed" else words.op(section.op)
    if section.moved and section.new_parent != section.old_parent:
        parent = section.new_parent
        status += t.dash + (t.d_now_top if parent is None else t.d_now_in.format(section=words.item(parent)))
    lines = [f"  {words.item(section.id)} ({visible(section.id)}){t.colon}{status}"]
    for field in section.fields:
        lines.append(f"    {words.field(field.field)}{t.colon_end}")
        lines += ["      " + line for line in _changed_paragraphs(field.tokens)]
    return lines


def _changed_paragraphs(tokens: tuple[Segment, ...]) -> list[str]:
    """The redline's paragraphs that hold a change; each run of unchanged ones is one '…'."""
    paragraphs: list[list[list[Segment]]] = [[]]
    for line in redline_lines(tokens):
        if "".join(text for _, text in line).strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    shown: list[str] = []
    for paragraph in paragraphs:
        if any(op != "equal" for line in paragraph for op, _ in line):
            shown += ["", *("".join(_piece(op, text) for op, text in line) for line in paragraph)]
        elif paragraph and shown[-1:] != ["…"]:
            shown += ["", "…"]
    return shown[1:]


def _piece(op: SegmentOp, text: str) -> str:
    escaped = visible(text)
    return escaped if op == "equal" else _mark(op, escaped)
