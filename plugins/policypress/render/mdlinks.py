"""A Python-Markdown extension for links: read in time linear in a paragraph, and never invisible.

A link whose text is only white space (`[ ](https://…)`, or an image without words made a link
by the sanitizer) would be a link no reader can see or click: it shows its address instead
(without `mailto:` or `tel:`).

Python-Markdown reads `[text](address "title")` with two scans in Python over the paragraph:

- the text's closing bracket: it computes where every bracket of the paragraph closes, and
  computes it again after each link it finds, since the paragraph's text then changes (a
  paragraph of a thousand links took minutes);
- the address: it scans on from the `(` to the parenthesis that closes it, and to the end of
  the paragraph when none does or a quote in the address makes it look for a title (every
  unclosed link scanned the rest again).

The plugin adds this extension to every site (and PolicyPress's own converters use it). Just
before the inline patterns run, it gives each link pattern of the page:

- a `getText` with the same answers that reuses the closing brackets while the rest of the
  paragraph is unchanged: where a bracket closes depends only on the text after it, and a
  link found earlier replaces only text before it;
- a `getLink` that reads at most LINK_WINDOW characters past the `(`: a link whose address and
  title are longer than that stays text (no real address is).

Together with PolicyPress's limit on a paragraph's length (textrules.py) this bounds the work
on every paragraph; benchmarks/worstcase.py has the worst cases.
"""

from __future__ import annotations

import html
import re
from types import MethodType
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE, AtomicString

__all__ = ["LINK_WINDOW", "NAME", "PolicyLinks", "bracket_ends", "makeExtension", "shown_address"]

NAME = "policypress.render.mdlinks"  # how a site's markdown_extensions names it
LINK_WINDOW = 2_048
_PATCHED = "_policypress_linear"


def bracket_ends(text: str) -> list[int | None]:
    """For each index of `text`: the index just past the `]` that closes a bracket opened
    before it (at its depth), or None; what Python-Markdown's link patterns read link text by."""
    ends: list[int | None] = [None] * (len(text) + 1)
    depth = 0
    waiting: list[tuple[int, int]] = []  # (index, depth before it): depths rise towards the top
    for position in range(len(text) + 1):
        while waiting and depth < waiting[-1][1]:
            ends[waiting.pop()[0]] = position
        waiting.append((position, depth))
        if position < len(text):
            character = text[position]
            if character == "[":
                depth += 1
            elif character == "]":
                depth -= 1
    return ends


def _get_text(self: Any, data: str, index: int) -> tuple[str, int, bool]:
    """LinkInlineProcessor.getText, with the bracket ends of an earlier version of the paragraph
    reused when the paragraph still ends with the same text from `index` on."""
    known: tuple[str, list[int | None]] | None = getattr(self, "_policypress_ends", None)
    if known is None or not (known[0] is data or known[0].endswith(data[index:])):
        known = (data, bracket_ends(data))
        self._policypress_ends = known
    shift = len(data) - len(known[0])
    end = known[1][index - shift]
    if end is None:
        return data[index:], len(data), False
    return data[index : end + shift - 1], end + shift, True


def _get_link(self: Any, data: str, index: int) -> tuple[str, str | None, int, bool]:
    """LinkInlineProcessor.getLink on at most LINK_WINDOW characters from `index`."""
    original = type(self).getLink
    if len(data) - index <= LINK_WINDOW:
        return original(self, data, index)  # type: ignore[no-any-return]
    href, title, end, handled = original(self, data[index : index + LINK_WINDOW], 0)
    return href, title, end + index, handled


class _PatchLinks(Treeprocessor):
    """Runs just before the inline patterns, so that it sees every extension's link patterns."""

    def run(self, root: Element) -> None:
        for pattern in self.md.inlinePatterns:
            if isinstance(pattern, LinkInlineProcessor) and not getattr(pattern, _PATCHED, False):
                pattern.getText = MethodType(_get_text, pattern)  # type: ignore[method-assign]
                pattern.getLink = MethodType(_get_link, pattern)  # type: ignore[method-assign]
                setattr(pattern, _PATCHED, True)


# White space and the characters that show nothing (zero-width ones, the soft hyphen, the BOM).
_SHOWS_NOTHING = " \t\n\r\f\v\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff"
_INVISIBLE_TEXT = re.compile(f"[{_SHOWS_NOTHING}]*")


def shown_address(href: str) -> str:
    """What a link with no visible text shows: its address, without mailto: or tel:."""
    for scheme in ("mailto:", "tel:"):
        if href[: len(scheme)].lower() == scheme:
            return href[len(scheme) :]
    return href


class _VisibleLinks(Treeprocessor):
    """Runs after the inline patterns: a link with nothing to see shows its address."""

    def run(self, root: Element) -> None:
        for anchor in root.iter("a"):
            href = anchor.get("href")
            if not href or any(True for child in anchor.iter() if child.tag == "img"):
                continue
            if _INVISIBLE_TEXT.fullmatch(self._shown("".join(anchor.itertext()))):
                for child in list(anchor):
                    anchor.remove(child)
                anchor.text = AtomicString(shown_address(href))

    def _shown(self, text: str) -> str:
        """`text` with the entities Python-Markdown keeps aside (`&#32;`, `&nbsp;`) as characters."""
        stash = self.md.htmlStash.rawHtmlBlocks

        def stashed(found: re.Match[str]) -> str:
            index = int(found.group(1))
            return html.unescape(str(stash[index])) if index < len(stash) else found.group()

        return HTML_PLACEHOLDER_RE.sub(stashed, text) if "\x02" in text else text


class PolicyLinks(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_PatchLinks(md), "policypress-linear-links", 21)  # inline is 20
        md.treeprocessors.register(_VisibleLinks(md), "policypress-visible-links", 19)


def makeExtension(**kwargs: Any) -> PolicyLinks:  # Python-Markdown loads an extension by this name
    return PolicyLinks(**kwargs)
