"""What counts as script or an outside load in HTML, found by parsing (the stdlib's HTML parser),
never by searching the text: the rules of issue 6 as one checker the tests share."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

# Elements that run script, load something, submit somewhere, or change how the page's URLs
# resolve. A page's theme has some of them (its scripts, its search form): compare with a control.
FORBIDDEN_TAGS = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form"}
    | {"meta", "link", "img", "svg", "math", "video", "audio", "source", "track", "picture", "portal"}
    | {"input", "button", "textarea", "select", "template", "noscript", "xmp", "plaintext", "param"}
)
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"}
    | {"cite", "longdesc", "ping", "manifest", "codebase", "archive", "lowsrc", "dynsrc", "icon"}
)
ALWAYS_FORBIDDEN_ATTRIBUTES = frozenset({"srcdoc", "formaction", "http-equiv"})
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
# What browsers drop from a URL before reading its scheme: ASCII whitespace and controls.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class Element:
    tag: str
    attributes: tuple[tuple[str, str], ...]

    def __str__(self) -> str:
        shown = " ".join(f'{name}="{value}"' for name, value in self.attributes)
        return f"<{self.tag}{' ' if shown else ''}{shown}>"


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.text: list[str] = []
        self._hidden = 0  # inside script/style: their text is not what a reader sees

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, tuple((name, value or "") for name, value in attrs)))
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, tuple((name, value or "") for name, value in attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


def elements(html: str) -> list[Element]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def visible_text(html: str) -> str:
    """The text a reader sees (entities resolved, script and style left out), spaces collapsed."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.text).split())


def bad_url(value: str) -> bool:
    """Whether a URL would run script or load a document from the URL itself."""
    return _IGNORED_IN_SCHEME.sub("", value).lower().startswith(BAD_SCHEMES)


def element_problems(element: Element) -> Iterator[str]:
    """Why one element could run script or load something, whatever its tag."""
    for name, value in element.attributes:
        if name.startswith("on"):
            yield f"event handler {name} on {element}"
        elif name in ALWAYS_FORBIDDEN_ATTRIBUTES:
            yield f"{name} on {element}"
        elif name in URL_ATTRIBUTES and bad_url(value):
            yield f"{name} URL on {element}"
        elif name == "style" and re.search(r"url\s*\(|expression\s*\(|@import", value, re.I):
            yield f"style that loads on {element}"


def dangerous_markup(html: str) -> list[str]:
    """Every forbidden element and every problem attribute in an HTML fragment (empty: safe)."""
    found: list[str] = []
    for element in elements(html):
        if element.tag in FORBIDDEN_TAGS:
            found.append(f"forbidden element {element}")
        found.extend(element_problems(element))
    return found


def depthless(text: str) -> str:
    """`text` with relative paths' `../` steps taken out, to compare pages at different depths,
    and the content hash of a version's print head (assets/policypress/print-head.<hash>.css,
    one per version and language) left out: every policy page links one."""
    text = re.sub(r"(print-head)\.[0-9a-f]{8}(\.css)", r"\1\2", text)
    return re.sub(r"(\.\./)+|\.\.(?=[\"'])", "", text)
