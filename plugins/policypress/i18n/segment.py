"""Traditional Chinese words for search, which jieba's dictionary (Simplified) does not know.

mkdocs-material's search segments Chinese text with jieba when the site is built. jieba's
dictionary is Simplified Chinese, so it cuts a Traditional word it does not know into single
characters (個人 → 個 | 人), lunr then drops some of them as stop words (人), and a reader's
query for 個人資料 finds nothing. Converting the text to Simplified Chinese (OpenCC, character
for character) and segmenting that gives the words' boundaries; the plugin adds each
Traditional word found so to jieba's dictionary, and material's own segmentation then keeps
it whole, as it does the same word in Simplified text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

import jieba  # type: ignore[import-untyped]
import langcodes

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")


def is_traditional(language: str) -> bool:
    """Whether a language tag is written in Traditional Chinese (zh-TW, zh-HK, zh-Hant, yue)."""
    try:
        return str(langcodes.Language.get(language).maximize().script) == "Hant"
    except (ValueError, LookupError):
        return False


@cache
def _to_simplified() -> Any:
    import opencc  # only sites with Traditional Chinese pages need it loaded

    return opencc.OpenCC("t2s")


def traditional_words(text: str) -> set[str]:
    """The words of Traditional Chinese `text` (two characters or more) whose Traditional form
    differs from the Simplified one jieba knows, found by segmenting the Simplified text."""
    convert = _to_simplified().convert
    found: set[str] = set()
    for run in _HAN.findall(text):
        simplified = convert(run)
        if len(simplified) != len(run):  # a phrase converted to another length: character by character
            simplified = "".join(convert(character) for character in run)
        position = 0
        for word in jieba.cut(simplified, HMM=False):
            original = run[position : position + len(word)]
            position += len(word)
            if len(word) > 1 and original != word:
                found.add(original)
    return found


def teach_jieba(words: Iterable[str]) -> None:
    """Add words to jieba's dictionary (in this process), each with the frequency jieba suggests
    to keep it whole."""
    for word in sorted(words):
        jieba.add_word(word)
