"""Order helpers shared by the structured diff and the section diff.

Both are computed in a canonical direction (the smaller side first) so that a
diff and its reverse agree exactly: the same alignment, with old and new swapped.
difflib's SequenceMatcher is the alignment (stdlib, C-speed hashing, and the
same algorithm as the redline).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from difflib import SequenceMatcher
from typing import TypeVar

T = TypeVar("T", bound=Hashable)


def merged_order(old: Sequence[T], new: Sequence[T]) -> list[T]:
    """Every key of `new` in its order, each key only in `old` placed after its old predecessor.

    Removed items then appear where they used to be, which is where a reader looks for them.
    """
    in_new = set(new)
    after: dict[T | None, list[T]] = {}
    anchor: T | None = None
    for key in old:
        if key in in_new:
            anchor = key
        else:
            after.setdefault(anchor, []).append(key)
    merged = list(after.get(None, ()))
    for key in new:
        merged.append(key)
        merged.extend(after.get(key, ()))
    return merged


def kept_in_order(old: Sequence[str], new: Sequence[str]) -> set[str]:
    """The keys that keep their relative order between two orderings of the same keys.

    The others moved. There can be several equally long answers ([a, b] → [b, a]: a moved,
    or b); aligning in a canonical direction makes the answer the same whichever is old.
    """
    first, second = (tuple(old), tuple(new))
    if second < first:
        first, second = second, first
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    return {key for block in matcher.get_matching_blocks() for key in first[block.a : block.a + block.size]}
