"""Making a policy's Markdown fields safe while keeping their Markdown.

`text`, `after` and some `description`, `how` and `how_to_refuse` fields are
Markdown. Their emphasis, lists, tables and links stay; what could run code,
load something or reshape the page is neutralised here, in the Markdown itself,
so the page is safe whatever HTML sanitiser (if any) runs later:

- raw HTML: every ``<`` that could open a tag, comment or autolink becomes
  ``&lt;`` (a safe ``<https://…>`` or ``<name@host>`` autolink is first rewritten
  as an ordinary link). This also applies inside code spans, where it then shows
  as ``&lt;``: telling code from text reliably would need a full parser;
- links: an inline link or reference definition whose target is not
  http(s)/mailto/tel loses its bracket (``]`` → ``&#93;``) and shows as the text
  that was written; images become links, so a page never loads from another host;
- ``{`` that could start attr_list attributes (``{#id onclick=x}``) or a template
  tag (``{{``, ``{%``, ``{#``) becomes ``&#123;``;
- headings: the page's outline and heading ids belong to the sections, so an
  ATX heading becomes a bold line and a setext underline gets a blank line before it;
- syntax of extensions a site may enable: the ``<`` of a ``--8<--`` snippet marker
  (pymdownx.snippets would include a file from the build machine) becomes ``&lt;``, and
  a ``///`` block fence (pymdownx.blocks, whose html block writes any element) starts with ``&#47;``.

Each replacement is an entity that shows the same character, so text reads as written.
"""

from __future__ import annotations

import re

from .escape import CONTROL, SafeMd, link, safe_url

__all__ = ["markdown_field"]

_AUTOLINK = re.compile(r"<((?:https?://|mailto:|tel:)[^\s<>]+|[^\s<>@:/]+@[^\s<>@]+\.[^\s<>@]+)>", re.I)
_LINK_OPEN = re.compile(r"\][ \t]*\n?[ \t]*\(")
_REFERENCE = re.compile(r"\[[^\[\]]*\]:")
_TARGET_START = re.compile(r"[ \t]*\n?[ \t]*<?")
_IMAGE = re.compile(r"!(?=\[)")
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_BRACE = re.compile(r"\{(?=[{%#]|[^}\n]*\})")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# What may stand before a block's first character on its line: indentation, quote and list markers.
_BLOCK_PREFIX = r"^((?:[ \t]*(?:>[ \t]?|[-+*][ \t]+|\d+[.)][ \t]+))*[ \t]*)"
_ATX = re.compile(_BLOCK_PREFIX + r"#+(.*)$")
_SNIPPET = re.compile(r"(?<=8)<(?=-)")
_BLOCK_FENCE = re.compile(_BLOCK_PREFIX + r"/(?=//)", re.MULTILINE)
_SETEXT = re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$")


def markdown_field(value: object) -> SafeMd:
    """A Markdown field, safe to place as a block of its own on the page."""
    if isinstance(value, SafeMd):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected Markdown text, got {value!r}")
    text = CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    text = _AUTOLINK.sub(_autolink, text)
    text = _LINK_OPEN.sub(_inline_link, text)
    text = _REFERENCE.sub(_reference, text)
    text = _IMAGE.sub("&#33;", text)
    text = _TAG_OPEN.sub("&lt;", text)
    text = _BRACE.sub("&#123;", text)
    text = _SNIPPET.sub("&lt;", text)
    text = _BLOCK_FENCE.sub(r"\1&#47;", text)
    return SafeMd(_flatten_headings(text).strip("\n"))


def _autolink(match: re.Match[str]) -> str:
    target = match.group(1)
    url = target if ":" in target.split("@", 1)[0] else f"mailto:{target}"
    return link(url, target) if safe_url(url) else match.group()


def _inline_link(match: re.Match[str]) -> str:
    """`](target`: kept when the target is safe, else the `]` is broken so no link forms."""
    return match.group() if _target_is_safe(match) else "&#93;" + match.group()[1:]


def _reference(match: re.Match[str]) -> str:
    """`[label]: target` (footnotes too, in case the site lacks the extension): the same rule."""
    return match.group() if _target_is_safe(match) else match.group()[:-2] + "&#93;:"


def _target_is_safe(match: re.Match[str]) -> bool:
    start = _TARGET_START.match(match.string, match.end())
    rest = match.string[start.end() if start else match.end() :].split(None, 1)
    return bool(rest) and safe_url(rest[0]) is not None


def _flatten_headings(text: str) -> str:
    """ATX headings → bold lines; setext underlines → separated from the line above."""
    lines = text.split("\n")
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        opener = _FENCE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if opener:
            fence = opener.group(1)
            out.append(line)
            continue
        heading = _ATX.match(line)
        if heading:
            body = re.sub(r"[ \t]+#+[ \t]*$", "", heading.group(2)).strip(" \t#")
            out.append(f"{heading.group(1)}**{body}**" if body else heading.group(1).rstrip())
            continue
        if _SETEXT.match(line) and out and out[-1].strip():
            out.append("")
        out.append(line)
    return "\n".join(out)
