"""What every reader of a source format gives the importer: metadata, headings and body text."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """A heading of the source, with its level (1 the highest) and its words as written."""

    level: int
    title: str


@dataclass(frozen=True)
class Body:
    """Body text between two headings, as Markdown, word for word."""

    markdown: str


@dataclass
class Outline:
    """A source document read into its parts, in the source's order."""

    blocks: list[Heading | Body] = field(default_factory=list)
    title: str | None = None  # a title the format states (front matter, <title>, a Title style)
    title_from: str = ""  # where the title was found, for the comment beside it
    metadata: dict[str, str] = field(default_factory=dict)  # front matter values, as text
    notes: list[str] = field(default_factory=list)  # what the reader left out or could not read

    def add_body(self, markdown: str) -> None:
        text = markdown.strip("\n")
        if text.strip():
            self.blocks.append(Body(text))
