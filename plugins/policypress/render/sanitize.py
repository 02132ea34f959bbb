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
  ATX heading becomes a bold line (its own ``*`` escaped, so that none pairs with the
  ``**`` around it: ``#{7*7}`` stays ``{7*7}``) and a setext underline gets a blank line
  before it;
- syntax of extensions a site may enable: the ``<`` of a ``--8<--`` snippet marker
  (pymdownx.snippets would include a file from the build machine) becomes ``&lt;``, and
  a ``///`` block fence (pymdownx.blocks, whose html block writes any element) starts with ``&#47;``.

Each replacement is an entity that shows the same character, so text reads as written.
"""

from __future__ import annotations

import re

from .escape import CONTROL, SafeMd, link, safe_url

__all__ = ["markdown_field"]

# Every pattern here reads text of any length, so none may match a piece of it in two ways:
# a run of spaces, letters or markers that two parts of a pattern could share would make the
# work grow with the square of the run, or worse (benchmarks/worstcase.py has their worst cases).
_AUTOLINK = re.compile(r"<([^\s<>]+)>")  # its target is checked in Python (_autolink_target)
_AUTOLINK_SCHEME = re.compile(r"(?:https?://|mailto:|tel:)", re.I)
_LINK_OPEN = re.compile(r"\][ \t]*(?:\n[ \t]*)?\(")
_REFERENCE = re.compile(r"\[[^\[\]]*\]:")
# After `](` or `]:`: the start of the target's first word, after at most one line break and an
# opening <. Its scheme decides whether it is safe, so a few characters are enough: reading the
# whole word would read `](](](…` to its end at each `](`, quadratic in the run.
_TARGET = re.compile(r"[ \t]*(?:\n[ \t]*)?<?\s*(\S{0,32})")
_IMAGE = re.compile(r"!(?=\[)")
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_TEMPLATE_BRACE = re.compile(r"\{(?=[{%#])")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# What may stand before a block's first character on its line: indentation, quote and list
# markers. Each marker takes exactly its one required space; the spaces after it belong to the
# next repetition (or the last [ \t]*), so a run of spaces can be matched one way only.
_BLOCK_PREFIX = r"^((?:[ \t]*(?:>|[-+*][ \t]|\d+[.)][ \t]))*[ \t]*)"
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
    text = _braces(text)
    text = _SNIPPET.sub("&lt;", text)
    text = _BLOCK_FENCE.sub(r"\1&#47;", text)
    return SafeMd(_flatten_headings(text).strip("\n"))


def _autolink(match: re.Match[str]) -> str:
    target = match.group(1)
    if not _autolink_target(target):
        return match.group()
    url = target if ":" in target.split("@", 1)[0] else f"mailto:{target}"
    return link(url, target) if safe_url(url) else match.group()


def _autolink_target(target: str) -> bool:
    """Whether `<target>` is an autolink: a URL with a safe scheme, or name@host.domain (a dot
    with something on both sides of it, no @, : or / before the @)."""
    if _AUTOLINK_SCHEME.match(target):
        return True
    name, at, host = target.partition("@")
    return bool(at and name) and not any(c in name for c in ":/") and "@" not in host and "." in host[1:-1]


def _braces(text: str) -> str:
    """`{` → `&#123;` where attr_list or a template engine could read it: before `{`, `%` or
    `#`, and wherever a `}` follows on the same line (everything before a line's last `}`)."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if "{" not in line:
            continue
        last = line.rfind("}")
        head, tail = line[: max(last, 0)], line[max(last, 0) :]
        lines[index] = head.replace("{", "&#123;") + _TEMPLATE_BRACE.sub("&#123;", tail)
    return "\n".join(lines)


def _inline_link(match: re.Match[str]) -> str:
    """`](target`: kept when the target is safe, else the `]` is broken so no link forms."""
    return match.group() if _target_is_safe(match) else "&#93;" + match.group()[1:]


def _reference(match: re.Match[str]) -> str:
    """`[label]: target` (footnotes too, in case the site lacks the extension): the same rule."""
    return match.group() if _target_is_safe(match) else match.group()[:-2] + "&#93;:"


def _target_is_safe(match: re.Match[str]) -> bool:
    target = _TARGET.match(match.string, match.end())  # read in place: no copy of the text's rest
    return target is not None and safe_url(target.group(1)) is not None


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
            body = _without_closing_hashes(heading.group(2)).strip(" \t#")
            out.append(f"{heading.group(1)}{_strong(body)}" if body else heading.group(1).rstrip())
            continue
        if _SETEXT.match(line) and out and out[-1].strip():
            out.append("")
        out.append(line)
    return "\n".join(out)


_BACKTICKS = re.compile(r"`+")


def _strong(body: str) -> str:
    """A heading's text in bold (between **), with nothing in it that could pair with those
    marks or reach past them: its own * are shown as written (escaped: a heading is bold as a
    whole; emphasis with _ stays), as are a run of backticks no run of its length closes
    within the text (it would open a code span that swallows the closing **), and a backslash
    at its end (it would escape the closing *). Code spans are kept as they are."""
    runs = list(_BACKTICKS.finditer(body))
    closer: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}  # run length -> index of the nearest such run after this one
    for index in range(len(runs) - 1, -1, -1):
        size = len(runs[index].group())
        closer[index] = last.get(size)
        last[size] = index
    pieces: list[str] = []
    start = index = 0
    while index < len(runs):
        run, end = runs[index], closer[index]
        pieces.append(_no_stars(body[start : run.start()]))
        if end is None or (run.start() > 0 and body[run.start() - 1] == "\\"):
            pieces.append("&#96;" * len(run.group()))  # shows a backtick, opens nothing
            start, index = run.end(), index + 1
        else:  # a code span, up to its closing run: kept as written
            pieces.append(body[run.start() : runs[end].end()])
            start, index = runs[end].end(), end + 1
    pieces.append(_no_stars(body[start:]))
    text = "".join(pieces)
    if text.endswith("\\") and (len(text) - len(text.rstrip("\\"))) % 2:
        text = text[:-1] + "&#92;"
    return f"**{text}**"


def _no_stars(text: str) -> str:
    """`text` with each * escaped (an escaped one stays escaped)."""
    out, escaped = [], False
    for character in text:
        if character == "*" and not escaped:
            out.append("\\*")
        else:
            out.append(character)
        escaped = character == "\\" and not escaped
    return "".join(out)


def _without_closing_hashes(body: str) -> str:
    """An ATX heading's text without its closing sequence (`## Title ##`): #s at the end that
    follow a space or tab. String methods, where a pattern would rescan each run of spaces."""
    stripped = body.rstrip(" \t")
    text = stripped.rstrip("#")
    if text != stripped and (not text or text[-1] in " \t"):
        return text.rstrip(" \t")
    return body
