"""Check that a policy file carries every sentence of its seed text.

Both sides are reduced to letters and digits (markup, punctuation, spacing and
list numbering dropped), then every sentence fragment of the seed must occur in
the policy's strings. Run as a script to list what is missing:

    python tests/seedcheck.py ../shared/seeds/003_....txt policies/zte/1/en.yaml
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from typing import Any

_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_ENUMERATOR = re.compile(
    r"^\s*(?:[-*+>#]+\s*|\\?-\s*|\(?[0-9]{1,2}[.)、]\s*|[（(]\s*[一二三四五六七八九十0-9]+\s*[)）]\s*|[一二三四五六七八九十]+、\s*)+"
)
_SENTENCE_END = re.compile(r"(?<=[.;:!?。；：！？])\s+|(?<=[。；：！？])")
MIN_FRAGMENT = 6


def _reduce(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def fragments(seed_text: str) -> Iterator[str]:
    """The seed's sentence fragments, reduced."""
    for line in seed_text.splitlines():
        line = _LINK.sub(r"\1 \2", line).replace("\\", "")
        line = _ENUMERATOR.sub("", line)
        for piece in _SENTENCE_END.split(line):
            piece = _ENUMERATOR.sub("", piece)
            reduced = _reduce(piece)
            if len(reduced) >= MIN_FRAGMENT:
                yield reduced


def strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from strings(item)


def missing_fragments(seed_text: str, data: Any) -> list[str]:
    corpus = "\x00".join(_reduce(s) for s in strings(data))
    return [f for f in fragments(seed_text) if f not in corpus]


if __name__ == "__main__":
    from pathlib import Path

    from ruamel.yaml import YAML

    seed = Path(sys.argv[1]).read_text(encoding="utf-8")
    with open(sys.argv[2], encoding="utf-8") as fh:
        policy = YAML(typ="safe", pure=True).load(fh)
    missing = missing_fragments(seed, policy)
    for fragment in missing:
        print("missing:", fragment)
    total = sum(1 for _ in fragments(seed))
    print(f"{total - len(missing)}/{total} fragments present")
    sys.exit(1 if missing else 0)
