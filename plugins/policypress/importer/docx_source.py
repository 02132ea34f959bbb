"""Word (.docx): headings by their style (Title, Heading 1–9, or an outline level), lists, tables
and bold, read with python-docx in the document's order."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .outline import Heading, Outline

_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*(\d)", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: Path) -> Outline:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    outline = Outline()
    title = (document.core_properties.title or "").strip()
    if title:
        outline.title, outline.title_from = title, "the document's properties"
    body: list[str] = []

    def flush() -> None:
        outline.add_body("\n\n".join(body))
        body.clear()

    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            words = _markdown(paragraph)
            if not words.strip():
                continue
            style = paragraph.style.name if paragraph.style is not None else ""
            level = _heading_level(paragraph, style)
            if style == "Title" and outline.title is None:
                outline.title, outline.title_from = paragraph.text.strip(), "the paragraph in the Title style"
            elif level is not None:
                flush()
                outline.blocks.append(Heading(level, " ".join(paragraph.text.split())))
            elif _is_list(paragraph, style):
                marker = "1." if "number" in style.lower() else "-"
                item = f"{marker} {words}"
                if body and body[-1].startswith(("- ", "1. ")):
                    body[-1] += "\n" + item
                else:
                    body.append(item)
            else:
                body.append(words)
        elif child.tag == f"{_W}tbl":
            body.append(_table(Table(child, document)))
    flush()
    return outline


def _heading_level(paragraph: Any, style: str) -> int | None:
    found = _HEADING_STYLE.search(style)
    if found:
        return int(found.group(1))
    level = paragraph._p.find(f"{_W}pPr/{_W}outlineLvl")
    if level is not None:
        value = int(level.get(f"{_W}val", "9"))
        return value + 1 if value < 9 else None
    return None


def _is_list(paragraph: Any, style: str) -> bool:
    return "list" in style.lower() or paragraph._p.find(f"{_W}pPr/{_W}numPr") is not None


def _markdown(paragraph: Any) -> str:
    """The paragraph's runs as Markdown: bold as **…** (spaces kept outside), line breaks kept."""
    segments: list[tuple[bool, str]] = []
    for run in paragraph.runs:
        if not run.text:
            continue
        bold = bool(run.bold)
        if segments and segments[-1][0] == bold:
            segments[-1] = (bold, segments[-1][1] + run.text)
        else:
            segments.append((bold, run.text))
    parts = []
    for bold, text in segments:
        words = text.strip()
        if bold and words:
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            parts.append(f"{lead}**{_escape(words)}**{trail}")
        else:
            parts.append(_escape(text))
    return "".join(parts)


def _escape(text: str) -> str:
    """Characters Markdown would read as markup, written so that they show as they are."""
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def _table(table: Any) -> str:
    rows = [[_escape(" ".join(cell.text.split())) for cell in row.cells] for row in table.rows]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)
