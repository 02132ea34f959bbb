"""`policypress import`: a policy in Markdown, HTML, Word or plain text, as a draft policy file.

Each reader gives an Outline (headings and body text); `draft` turns it into YAML. Everything
is deterministic: the same source gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from ..yamlwrite import dump
from .draft import Options, build
from .outline import Outline

FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".txt": "text",
    ".text": "text",
}


class ImportProblem(Exception):
    """The source cannot be imported (unknown format, unreadable)."""


def source_format(path: Path, raw: bytes) -> str:
    known = FORMATS.get(path.suffix.lower())
    if known:
        return known
    if raw.startswith(b"PK\x03\x04"):
        return "docx"
    head = raw[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def read_outline(path: Path, kind: str, raw: bytes) -> Outline:
    if kind == "docx":
        from .docx_source import read_docx

        try:
            return read_docx(path)
        except Exception as exc:  # python-docx raises many kinds for a broken file
            raise ImportProblem(f"{path}: not a Word (.docx) document python-docx can read: {exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportProblem(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    if kind == "markdown":
        from .markdown_source import read_markdown

        return read_markdown(text)
    if kind == "html":
        from .html_source import read_html

        return read_html(text)
    from .text_source import read_text

    return read_text(text)


def import_source(path: Path, options: Options, kind: str | None = None) -> str:
    """The draft policy YAML for the source at `path`."""
    raw = path.read_bytes()
    outline = read_outline(path, kind or source_format(path, raw), raw)
    return dump(build(outline, options))


__all__ = ["FORMATS", "ImportProblem", "Options", "import_source", "source_format"]
