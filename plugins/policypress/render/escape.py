"""Escaping plain text and URLs for a Markdown page.

Everything in a policy file is untrusted. A plain-text field must show exactly as
written, so whatever Markdown (Python-Markdown as MkDocs runs it, with attr_list,
tables, toc, admonition and superfences) or HTML could read as markup is escaped:

- always: ``\\ ` * _ [ ] |`` get a backslash; ``& < >`` become HTML entities, so no
  raw HTML reaches the page; ``{`` becomes ``&#123;``, so neither attr_list
  (``{#id onclick=x}``) nor a template engine run later (``{{ … }}``, ``{% … %}``)
  can see it; doubled ``~ ^ = +`` are broken up for the inline extensions that use them;
- at the start of the value, which may start a line: list, heading, quote,
  admonition and fence markers (``- + # ! 1. 1) = ~ : ? /``);
- line breaks become spaces: a plain-text value is one line wherever it lands.

An entity shows the same character, so the rules may safely over-escape. The
result is a SafeMd, which the template environment requires of every output.
"""

from __future__ import annotations

import re

__all__ = [
    "SafeMd",
    "anchor",
    "cell",
    "escape_chars",
    "heading",
    "line_start",
    "link",
    "plain",
    "safe_url",
]


class SafeMd(str):
    """Markdown that may go on the page as is: escaped data or the page's own words."""

    __slots__ = ()


_INLINE = re.compile(r"[\\`*_\[\]|&<>{]|(?<=~)~|(?<=\^)\^|(?<==)=|(?<=\+)\+")
_INLINE_MAP = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "{": "&#123;",
    "~": "&#126;",
    "^": "&#94;",
    "=": "&#61;",
    "+": "&#43;",
}
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
# C0 controls (STX/ETX are Python-Markdown's own placeholder marks), DEL and C1 controls never
# reach the page. C1 includes NEL (U+0085), which Python-Markdown takes for white space but the
# schema's \S does not: a title of NEL alone would leave its heading without text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_START_ORDERED = re.compile(r"^(\d+)([.)])")
_START_BACKSLASH = frozenset("#+-!")
_START_ENTITY = {"=": "&#61;", "~": "&#126;", ":": "&#58;", "?": "&#63;", "/": "&#47;"}
_SAFE_SCHEME = re.compile(r"(?:https?://|mailto:|tel:)\S", re.IGNORECASE)
_HASH = re.compile(r"(?<!&)#")  # a literal & is always &amp;: &# starts only our entities
_URL_UNSAFE = frozenset("<>()[]{}\"'\\`| ^")
# Printable ASCII but _URL_UNSAFE: a URL made only of these needs no percent-encoding.
_URL_AS_IS = re.compile(r"[!#$%&*+,\-./0-9:;=?@A-Z_a-z~]*")
# What _inline's clean-up changes: what CONTROL removes, whitespace but single spaces.
_UNTIDY = re.compile(CONTROL.pattern + r"|[\t\n\r\f\v]|  ")


def escape_chars(text: str) -> str:
    """Escape what is markup anywhere in a line, leaving spaces and line breaks alone."""
    return _INLINE.sub(lambda m: _INLINE_MAP.get(m.group(), "\\" + m.group()), text)


def _inline(text: str) -> str:
    """Escape what is markup anywhere in a line; collapse line breaks and runs of spaces."""
    if _UNTIDY.search(text):  # most values are tidy already: one scan instead of two rewrites
        text = _SPACE.sub(" ", CONTROL.sub("", text))
    return escape_chars(text.strip(" "))


def _line_start(escaped: str) -> str:
    """Escape a block marker at the very start (an escaped value cannot contain a newline)."""
    if ordered := _START_ORDERED.match(escaped):
        return f"{ordered.group(1)}\\{ordered.group(2)}{escaped[ordered.end() :]}"
    first = escaped[:1]
    if first in _START_BACKSLASH:
        return "\\" + escaped
    if first in _START_ENTITY:
        return _START_ENTITY[first] + escaped[1:]
    return escaped


# For code that builds a line from several escaped pieces (the diff's redline).
line_start = _line_start


def plain(value: object) -> SafeMd:
    """A plain-text value for a paragraph, a list item or anywhere a line may start."""
    if isinstance(value, SafeMd):
        return value
    return SafeMd(_line_start(_inline(_text(value))))


def cell(value: object) -> SafeMd:
    """A plain-text value for a table cell: inline escaping, `|` and line breaks included."""
    if isinstance(value, SafeMd):
        return SafeMd(value.replace("\n", " "))
    return SafeMd(_inline(_text(value)))


def anchor(value: object) -> str:
    """A heading id from an id: lower-case letters, digits and hyphens only, never empty."""
    slug = re.sub(r"[^a-z0-9-]+", "-", _text(value).lower()).strip("-")
    return slug or "x"


def heading(title: object, level: int, anchor_id: object) -> SafeMd:
    """An ATX heading with an explicit id that no title can override or add to."""
    depth = min(max(int(level), 1), 6)
    # Every # of a title is escaped: a leading one would deepen the heading, and attr_list
    # strips trailing ones once it has taken the {#id}. The # of an entity the escaping wrote
    # (&#123;) stays: `&\#123;` is no entity, and the table of contents and the page's <title>
    # would show it as written. An empty title still needs text.
    text = title if isinstance(title, SafeMd) else _HASH.sub(r"\\#", _inline(_text(title)))
    text = text or SafeMd("&#160;")
    return SafeMd(f"{'#' * depth} {text} {{#{anchor(anchor_id)}}}")


def safe_url(url: object) -> str | None:
    """`url` fit for a link target (http, https, mailto, tel), percent-encoding what Markdown reads.

    Anything else (javascript:, data:, relative paths, leading spaces) gives None.
    """
    if not isinstance(url, str) or not _SAFE_SCHEME.match(url):
        return None
    if _URL_AS_IS.fullmatch(url):
        return url
    return "".join(
        "".join(f"%{b:02X}" for b in ch.encode("utf-8"))
        if ch in _URL_UNSAFE or ch.isspace() or not ch.isprintable()
        else ch
        for ch in url
    )


def link(url: object, text: object = None) -> SafeMd:
    """`[text](url)` when the URL is safe; otherwise plain text: the text, then any URL in brackets.

    An unsafe URL is still shown (it is part of what the policy says), just never as a link.
    """
    if url is None and text is None:
        return SafeMd("")
    shown = text if isinstance(text, SafeMd) else _inline(_text(url if text is None else text))
    target = safe_url(url)
    if target is not None:
        return SafeMd(f"[{shown}]({target})")
    if url is None or text is None:
        return SafeMd(_line_start(shown))
    return SafeMd(f"{_line_start(shown)} ({_inline(_text(url))})")


_SITE_PATH = re.compile(r"[A-Za-z0-9._~/#-]+")
_ATTRIBUTE_VALUE = re.compile(r"[A-Za-z0-9-]+")


def site_link(text: object, path: str, **attributes: str) -> SafeMd:
    """A link to another page of the site, by a relative path PolicyPress built from ids.

    Ids, versions and language tags are pattern-checked before they get here; the check
    is repeated so that a path with anything Markdown could read never becomes a link.
    `attributes` (hreflang, lang) go on the link through attr_list, from the same alphabet.
    """
    if not _SITE_PATH.fullmatch(path) or path.startswith("/"):
        raise ValueError(f"not a site-relative path PolicyPress makes: {path!r}")
    for name, value in attributes.items():
        if not (_ATTRIBUTE_VALUE.fullmatch(name) and _ATTRIBUTE_VALUE.fullmatch(value)):
            raise ValueError(f"not an attribute PolicyPress makes: {name}={value!r}")
    shown = text if isinstance(text, SafeMd) else _inline(_text(text))
    extra = " ".join(f'{name}="{value}"' for name, value in attributes.items())
    return SafeMd(f"[{shown}]({path})" + (f"{{: {extra} }}" if extra else ""))


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, bool):
        raise TypeError(f"expected text, got {value!r}")
    return str(value)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string that no text can end early: backslash, quote, line breaks and
    `<` (so no `</style>` closes the element it is in) are written as CSS escapes."""
    out = []
    for char in CONTROL.sub("", text):
        if char in '\\"<>\n\r\f' or char == "\u2028" or char == "\u2029":
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
