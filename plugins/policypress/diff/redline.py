"""Word- and character-level redlines of free text.

Why difflib: it is in the standard library, well kept and fast where it matters
(hashing and matching run over whole token lists; this module adds no Python work per
token, only per line and per changed run). Its SequenceMatcher finds long common runs,
which reads well in a redline; diff-match-patch-style libraries would add a dependency
for the same result on texts of this size.

Tokens are decided by script, not by the file's language tag, so mixed text works and a
mislabelled file too: text in scripts written without spaces between words (Chinese,
Japanese, Korean, Thai, Lao, Khmer, Myanmar) is compared character by character; other
text word by word, with each run of spaces and each punctuation mark a token of its own.

Two passes keep it fast: lines are aligned first, and only the lines that differ are
tokenized and aligned. `autojunk` is off because it would treat spaces and common
characters as noise and scatter the redline. Runs of changes are merged, and a change
that is interrupted only by a space or one character is shown as one change: easier
to read than a confetti of one-word edits.

Every redline is computed with the smaller text first and then mirrored if needed, so
redline(b, a) is exactly redline(a, b) with deletions and insertions swapped.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from .model import Segment

# Scripts written without spaces between words: one token per character.
_UNSPACED = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1100-\u11ff"  # Hangul Jamo
    "\u1780-\u17ff"  # Khmer
    "\u2e80-\u2fdf"  # CJK radicals, Kangxi radicals
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3100-\u312f"  # Bopomofo
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u31f0-\u31ff"  # Katakana extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\ua960-\ua97f"  # Hangul Jamo extended A
    "\uac00-\ud7ff"  # Hangul syllables, Jamo extended B
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width Katakana
    "\U00020000-\U0003134f"  # CJK extensions B to G
)
_TOKEN = re.compile(rf"[{_UNSPACED}]|[^\W{_UNSPACED}]+|\s+|[^\w\s]")
# Beyond this many pairs (of lines, or of tokens in a changed block) what differs is shown as
# deleted and inserted whole. SequenceMatcher's time grows with the pairs (with a token that
# recurs everywhere, a space or a dot, nearly as fast), so this bounds the time of each block;
# a block rewritten this much reads no better aligned. The ends both texts share are taken off
# first, in linear time, so that one edit in a long text is still aligned word by word.
MAX_PAIRS = 250_000


def tokens(text: str) -> list[str]:
    """The text's tokens; joined, they give the text back."""
    return _TOKEN.findall(text)


def redline(old: str, new: str) -> tuple[Segment, ...]:
    """Segments that spell `old` (equal + delete) and `new` (equal + insert)."""
    if old == new:
        return (("equal", old),) if old else ()
    if new < old:
        return tuple(_mirror(_redline(new, old)))
    return tuple(_redline(old, new))


def _redline(old: str, new: str) -> list[Segment]:
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in _opcodes(old_lines, new_lines):
        if tag == "equal":
            segments.append(("equal", "".join(old_lines[i1:i2])))
        else:
            segments.extend(_words("".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])))
    return _tidy(segments)


def _words(old: str, new: str) -> list[Segment]:
    if not old or not new:
        return [("delete", old), ("insert", new)]
    a, b = tokens(old), tokens(new)
    found: list[Segment] = []
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            found.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            found.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            found.append(("insert", "".join(b[j1:j2])))
    return found


Opcode = tuple[str, int, int, int, int]


def _opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    """SequenceMatcher's opcodes for `a` → `b`, with the ends they share matched first; a middle
    of more than MAX_PAIRS pairs is one replacement."""
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    a_end, b_end = len(a) - tail, len(b) - tail
    middle: list[Opcode] = []
    if head < a_end or head < b_end:
        if (a_end - head) * (b_end - head) > MAX_PAIRS or head in (a_end, b_end):
            middle = [("replace", head, a_end, head, b_end)]
        else:
            matcher = SequenceMatcher(None, a[head:a_end], b[head:b_end], autojunk=False)
            middle = [
                (t, i1 + head, i2 + head, j1 + head, j2 + head) for t, i1, i2, j1, j2 in matcher.get_opcodes()
            ]
    return [
        *([("equal", 0, head, 0, head)] if head else []),
        *middle,
        *([("equal", a_end, len(a), b_end, len(b))] if tail else []),
    ]


def _absorbable(text: str) -> bool:
    """An unchanged piece too small to stand between two changes: a space, a letter, a mark."""
    return "\n" not in text and len(text.strip()) <= 1


def _tidy(segments: list[Segment]) -> list[Segment]:
    """Merge each run of changes into one deletion then one insertion; absorb tiny gaps between runs."""
    runs: list[list[str]] = []  # [equal] or [deleted, inserted]
    for op, text in segments:
        if not text:
            continue
        if op == "equal":
            if runs and len(runs[-1]) == 1:
                runs[-1][0] += text
            else:
                runs.append([text])
            continue
        if not runs or len(runs[-1]) == 1:
            # A tiny equal piece between two changes joins both sides of the change.
            if len(runs) >= 2 and len(runs[-2]) == 2 and _absorbable(runs[-1][0]):
                gap = runs.pop()[0]
                runs[-1][0] += gap
                runs[-1][1] += gap
            else:
                runs.append(["", ""])
        runs[-1][0 if op == "delete" else 1] += text
    result: list[Segment] = []
    for run in runs:
        if len(run) == 1:
            result.append(("equal", run[0]))
        else:
            if run[0]:
                result.append(("delete", run[0]))
            if run[1]:
                result.append(("insert", run[1]))
    return result


def _mirror(segments: list[Segment]) -> list[Segment]:
    """The redline read the other way: deletions become insertions; each run stays delete-then-insert."""
    swapped = {"equal": "equal", "delete": "insert", "insert": "delete"}
    result: list[Segment] = []
    for op, text in segments:
        flipped: Segment = (swapped[op], text)  # type: ignore[assignment]
        if flipped[0] == "delete" and result and result[-1][0] == "insert":
            result.insert(len(result) - 1, flipped)
        else:
            result.append(flipped)
    return result
