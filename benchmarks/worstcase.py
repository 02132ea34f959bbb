"""Worst-case inputs for every scan PolicyPress runs over what an author writes.

Each `WorstCase` makes text of about `n` characters that drives some regular expression or
scan to its worst: runs of one character that a pattern could split many ways, openers that
are never closed, CRLF lines a pattern could read two ways. A `Stage` is what PolicyPress does
with such text: load a file, validate a policy, turn a field into a page, a manifest, a feed
or a diff, print it on a console. Every case goes through the stages it names.

Shared, so that they cannot drift apart, by:
- tests/test_linear.py: each case through each of its stages at a size where anything
  quadratic would take minutes, under a limit of seconds;
- benchmarks/growth.py: each case at 1x, 10x and 100x its size, time per KB and the ratios.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import markdown

from policypress.api.freetext import to_html
from policypress.diagnostics import Code, Diagnostic
from policypress.diff import diff_markdown, diff_policies, diff_text
from policypress.feeds import FeedEntry, build_feed
from policypress.publish import Edition, EditionJob, edition_output
from policypress.render.escape import cell, heading, plain
from policypress.render.mdlinks import PolicyLinks
from policypress.render.pagehtml import clean_page
from policypress.render.sanitize import markdown_field
from policypress.sitepaths import SitePaths
from policypress.textrules import MARKS, MAX_MARKS, MAX_PARAGRAPH
from policypress.validate import validate_document
from policypress.yamlload import load_text

# A minimal valid policy; the stages put the worst case into its text fields.
POLICY = """\
policy: worst
version: "2"
language: en
title: Worst Case Privacy Policy
status: published
published: 2024-01-10
effective: 2024-02-01
controlling_language: en
supersedes: "1"
changes:
  summary: Reworded.
  material: false
  kinds: [editorial]
  reconsent: false
controller:
  id: worst
  name: Worst Case
  legal_name: Worst Case Ltd.
  jurisdiction: DE
  contacts:
    - id: privacy-email
      kind: email
      value: privacy@example.com
data_categories:
  - id: contact-info
    label: Contact information
    sensitive: false
purposes:
  - id: support
    label: Answering questions
    data: [contact-info]
sections:
  - id: intro
    title: Introduction
    text: Write to privacy@example.com with any question.
    shows: [controller, data_categories, purposes]
"""
# The Markdown extensions of the project's site, and those the plugin adds to every site.
SITE_EXTENSIONS = (
    "admonition",
    "attr_list",
    "tables",
    "sane_lists",
    "toc",
    "pymdownx.highlight",
    "pymdownx.superfences",
)
MAX_BYTES = 64 * 1024 * 1024  # the stages lift the loader's size limit: the growth is what counts
_SOURCE = Path("worst.yaml")


@cache
def _base() -> dict[str, Any]:
    return load_text(POLICY, "worst.yaml").data


_MARK = re.compile(f"[{re.escape(MARKS)}]")


def pieces(text: str) -> list[str]:
    """`text` cut into the longest pieces a plain-text value or a paragraph may be (textrules):
    at most MAX_PARAGRAPH characters (with a line break), MAX_MARKS of them Markdown syntax."""
    found: list[str] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + MAX_PARAGRAPH - 1)
        marks = [m.start() for m in _MARK.finditer(text, start, end)]
        if len(marks) > MAX_MARKS:
            end = marks[MAX_MARKS]
        found.append(text[start:end])
        start = end
    return found or [""]


def paragraphs(text: str) -> str:
    """`text` as a Markdown field may hold it: a blank line after each MAX_PARAGRAPH characters."""
    return "\n\n".join(pieces(text))


def policy_with(text: str) -> dict[str, Any]:
    """The base policy with `text` in plain-text fields (the title, labels, a section's title;
    a data category for each piece of it) and Markdown fields (a section's text, the change
    summary), cut to what validation accepts: the worst case a build can be given."""
    # As a policy file's YAML gives it: line ends read as line feeds; and never blank, which
    # the schema refuses (a case of spaces or blank lines gets a letter before it).
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text if text.strip() else "x" + text
    data = copy.deepcopy(_base())
    first = pieces(text)[0]
    data["title"] = data["purposes"][0]["label"] = data["sections"][0]["title"] = first
    data["changes"]["summary"] = data["sections"][0]["text"] = paragraphs(text)
    data["data_categories"] = [
        {"id": f"category-{index}", "label": piece if piece.strip() else "x" + piece[1:], "sensitive": False}
        for index, piece in enumerate(pieces(text))
    ]
    data["purposes"][0]["data"] = [category["id"] for category in data["data_categories"]]
    return data


def policy_file_with(text: str) -> str:
    """The base policy file with `text`, whole, in its text fields (in double quotes): the worst
    case validation can be given (it refuses a text that is too long, in linear time)."""
    quoted = json.dumps(text)  # JSON's escapes are YAML's: a double-quoted YAML scalar
    lines = []
    for line in POLICY.splitlines():
        key = line.strip().removeprefix("- ").split(":", 1)[0]
        indent = line[: len(line) - len(line.lstrip())]
        if key in ("title", "label", "text", "summary") and ":" in line:
            prefix = line[: line.index(":") + 1]
            line = f"{prefix} {quoted}" if prefix.strip() else f"{indent}{key}: {quoted}"
        lines.append(line)
    return "\n".join(lines) + "\n"


@cache
def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[*SITE_EXTENSIONS, PolicyLinks()], extension_configs={"toc": {"permalink": True}}
    )


def _page_html(page: str) -> str:
    """A generated page as MkDocs makes it: the site's Markdown extensions, then the page allowlist."""
    converter = _converter()
    converter.reset()
    return clean_page(converter.convert(page))


def _load(text: str) -> object:
    return load_text(text, "worst.yaml", MAX_BYTES)


def _validate(text: str) -> object:
    return validate_document(load_text(policy_file_with(text), "worst.yaml", MAX_BYTES))


def _explain(text: str) -> object:
    """A policy whose formatted fields (e-mail address, URL, date, version, language) hold the
    text: refused, and explained by the reference validator, whose patterns run in Python."""
    quoted = json.dumps(text)
    file = policy_file_with("x")
    for line in ("      value: privacy@example.com", "published: 2024-01-10", 'version: "2"', "language: en"):
        file = file.replace(line, line.split(":", 1)[0] + ": " + quoted, 1)
    return validate_document(load_text(file, "worst.yaml", MAX_BYTES))


def _sanitize(text: str) -> object:
    """PolicyPress's own work on a field, whatever its length: made safe as Markdown, escaped
    as plain text (in a paragraph, a table cell, a heading)."""
    return markdown_field(text), plain(text), cell(text), heading(text, 2, "x")


def _markdown(text: str) -> object:
    """A Markdown field (in paragraphs validation accepts): on the page (made safe, then the
    site's Markdown and the page allowlist) and in the manifest (sanitized HTML for apps)."""
    text = paragraphs(text)
    return _page_html(markdown_field(text)), to_html(text)


def _plain(text: str) -> object:
    """Plain-text values (as long as validation accepts): each in a paragraph, a table cell
    and a heading of the page."""
    page = "".join(
        f"{plain(piece)}\n\n| a |\n|---|\n| {cell(piece)} |\n\n{heading(piece, 2, 'x')}\n\n"
        for piece in pieces(text)
    )
    return _page_html(page)


def _diff(text: str) -> object:
    """Two versions that differ inside the text: the diff, its page blocks and its console form."""
    old = policy_with(text[: len(text) // 2] + " changed " + text[len(text) // 2 :])
    new = policy_with(text)
    changes = diff_policies(old, new)
    return diff_markdown(changes, "en"), diff_text(changes, "en")


def _edition(text: str) -> object:
    """One edition's whole output, as a build makes it: its pages (the policy's page, its
    version's page and the change page with its diff and redline, through the site's Markdown)
    and its manifest (every Markdown field as sanitized HTML, its digest, its schema check)."""
    new = policy_with(text)
    old = policy_with(text[: len(text) // 2] + " changed " + text[len(text) // 2 :])
    old["version"] = "1"
    for key in ("supersedes", "changes"):
        del old[key]
    job = EditionJob(Edition(new, _SOURCE), Edition(old, _SOURCE), {}, {}, {"links": []})
    output = edition_output(job, SitePaths("policies", "api/v1", True), None)
    return [_page_html(page) for page in output.pages.values()]


def _feed(text: str) -> object:
    data = policy_with(text)
    entry = FeedEntry(data, "policies/worst/2/en/changes/")
    return build_feed("feed.xml", text, "en", "policies/", [entry], None, dt.date(2024, 1, 1))


def _console(text: str) -> object:
    """What the command line prints of a policy's text: a diagnostic quoting it."""
    return Diagnostic("worst.yaml", 1, 1, Code.BAD_FORMAT, f"'title' is {text}").format()


@dataclass(frozen=True)
class Stage:
    """Something PolicyPress does with author text; `run` takes the worst case's text.

    `test_size` is the size the tests use: large enough that anything quadratic would take
    minutes (the stages of Python-level loops need fewer characters than those of patterns).
    """

    name: str
    run: Callable[[str], object]
    what: str
    test_size: int


STAGES = {
    stage.name: stage
    for stage in (
        Stage("load", _load, "load_text of a whole file", 400_000),
        Stage("validate", _validate, "load and validate a policy with the text in its fields", 100_000),
        Stage("explain", _explain, "a policy refused for the text in its formatted fields", 100_000),
        Stage("sanitize", _sanitize, "a field made safe as Markdown and escaped as plain text", 400_000),
        Stage("markdown", _markdown, "a Markdown field on a page and in a manifest", 10_000),
        Stage("plain", _plain, "a plain-text field in a paragraph, a table cell and a heading", 10_000),
        Stage("diff", _diff, "a diff inside the text, as page blocks and as console text", 10_000),
        Stage("feed", _feed, "an Atom feed entry with the text as title and summary", 10_000),
        Stage("console", _console, "a diagnostic quoting the text", 400_000),
        Stage(
            "edition",
            _edition,
            "one edition's pages (through the site's Markdown), diff and manifest",
            10_000,
        ),
    )
}
# Where author text goes. `edition` does them all again, the way a build does: the growth
# benchmark runs it; the tests run the stages one by one, which is much faster.
TEXT_STAGES = ("validate", "explain", "sanitize", "markdown", "plain", "diff", "feed", "console")
# Markdown's syntax matters where text becomes a page, a manifest's HTML or a feed.
MARKUP_STAGES = ("sanitize", "markdown", "plain", "feed")


@dataclass(frozen=True)
class WorstCase:
    """Text of about `n` characters that is the worst case of `targets`, for `stages`."""

    name: str
    make: Callable[[int], str]
    targets: str
    stages: Sequence[str] = TEXT_STAGES
    scale: float = 1.0  # of each stage's test size: for a case that is linear but slow per piece


def _repeat(unit: str, n: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (n - len(head) - len(tail)) // len(unit)) + tail


def _crlf_comments(n: int) -> str:
    """A valid policy in CRLF after many comment and blank lines: the blank-file check could
    read each CRLF two ways, and its backtracking doubled with every line."""
    policy = POLICY.replace("\n", "\r\n")
    return _repeat("# a comment\r\n\r\n", n - len(policy)) + policy


def _lines(unit: str) -> Callable[[int], str]:
    """`unit` on many lines: patterns anchored at line starts, and the diff's line alignment."""
    return lambda n: _repeat(unit, n)


CASES: tuple[WorstCase, ...] = (
    WorstCase("crlf-comment-lines", _crlf_comments, "yamlload: the blank-file check", ("load",)),
    WorstCase(
        "e-mail-and-one-long-word",
        lambda n: _repeat("a", n, "Write to privacy@example.com. "),
        "semantics: e-mail addresses in prose",
        ("validate", "markdown", "diff"),
    ),
    # Runs of one character, and of one character with another between.
    WorstCase("letters", lambda n: _repeat("a", n), "scans of words: e-mail addresses, tokens, escapes"),
    WorstCase("digits", lambda n: _repeat("1", n), "numbers, ordered-list markers"),
    WorstCase("dots", lambda n: _repeat(".", n), "dots of e-mail addresses and URLs; the diff's punctuation"),
    WorstCase("at-signs", lambda n: _repeat("@", n), "e-mail addresses"),
    WorstCase("letters-and-at-signs", lambda n: _repeat("a@", n), "e-mail addresses"),
    WorstCase("letter-dot", lambda n: _repeat("a.", n, "x@"), "an e-mail address's domain"),
    WorstCase("spaces", lambda n: _repeat(" ", n, "x", "x"), "runs of white space"),
    WorstCase("tabs", lambda n: _repeat("\t", n, "x", "x"), "runs of white space"),
    WorstCase("chinese", lambda n: _repeat("隐私政策", n), "a long line of Chinese: the diff by character"),
    WorstCase("backslashes", lambda n: _repeat("\\", n), "Markdown escapes", MARKUP_STAGES),
    WorstCase("colons", lambda n: _repeat(":", n), "definitions, URL schemes", MARKUP_STAGES),
    # Markdown's openers and closers, never or always closed.
    WorstCase(
        "open-brackets", lambda n: _repeat("[", n), "links: a bracket that is never closed", MARKUP_STAGES
    ),
    WorstCase("close-brackets", lambda n: _repeat("]", n), "links and references", MARKUP_STAGES),
    WorstCase("bracket-parens", lambda n: _repeat("](", n), "inline links' targets", MARKUP_STAGES),
    WorstCase("links-unclosed", lambda n: _repeat("[a](", n), "inline links' targets", MARKUP_STAGES),
    WorstCase(
        "links", lambda n: _repeat("[a](https://x.example) ", n), "link text and targets", MARKUP_STAGES
    ),
    WorstCase(
        "links-never-closed", lambda n: _repeat("[a](https://x.example ", n), "a link's target", MARKUP_STAGES
    ),
    WorstCase(
        "links-with-a-quote",
        lambda n: _repeat("[a](https://x.example/it's) ", n),
        "link titles",
        MARKUP_STAGES,
    ),
    WorstCase(
        "bracket-then-spaces", lambda n: _repeat(" ", n, "]", "x"), "the space between ] and (", MARKUP_STAGES
    ),
    WorstCase(
        "nested-brackets", lambda n: "[" * (n // 2) + "]" * (n // 2), "nested link text", MARKUP_STAGES
    ),
    WorstCase("images", lambda n: _repeat("![", n), "images", MARKUP_STAGES),
    WorstCase("stars", lambda n: _repeat("*", n), "emphasis", MARKUP_STAGES),
    WorstCase("star-letter", lambda n: _repeat("*a", n), "emphasis", MARKUP_STAGES),
    WorstCase("double-stars", lambda n: _repeat("**a ", n), "strong emphasis", MARKUP_STAGES),
    WorstCase("underscores", lambda n: _repeat("_", n), "emphasis", MARKUP_STAGES),
    WorstCase("underscore-words", lambda n: _repeat("_a ", n), "emphasis", MARKUP_STAGES),
    WorstCase("backticks", lambda n: _repeat("`", n), "code spans", MARKUP_STAGES),
    WorstCase("backtick-letter", lambda n: _repeat("`a", n), "code spans", MARKUP_STAGES),
    WorstCase("tildes", lambda n: _repeat("~", n), "strike-through and fences", MARKUP_STAGES),
    WorstCase(
        "carets-equals-pluses", lambda n: _repeat("^=+", n), "the escapes of inline extensions", MARKUP_STAGES
    ),
    WorstCase("pipes", lambda n: _repeat("|", n), "table cells", MARKUP_STAGES),
    WorstCase("less-than", lambda n: _repeat("<", n), "raw HTML and autolinks", MARKUP_STAGES),
    WorstCase("tag-opens", lambda n: _repeat("<a", n), "raw HTML", MARKUP_STAGES),
    WorstCase("autolink-unclosed", lambda n: _repeat("a.", n, "<a@"), "autolinks <name@host>", MARKUP_STAGES),
    WorstCase("braces", lambda n: _repeat("{", n), "attribute lists and template tags", MARKUP_STAGES),
    WorstCase(
        "brace-letter", lambda n: _repeat("{a", n), "attribute lists: a brace never closed", MARKUP_STAGES
    ),
    WorstCase("ampersands", lambda n: _repeat("&", n), "entities", MARKUP_STAGES),
    WorstCase("entity-opens", lambda n: _repeat("&#", n), "character references", MARKUP_STAGES),
    WorstCase("hashes", lambda n: _repeat("#", n), "headings", MARKUP_STAGES),
    WorstCase("snippet-marks", lambda n: _repeat("--8<--", n), "snippet markers", MARKUP_STAGES),
    WorstCase("slashes", lambda n: _repeat("/", n), "block fences (///)", MARKUP_STAGES),
    WorstCase("url", lambda n: _repeat("a", n, "https://"), "URLs", MARKUP_STAGES),
    WorstCase("mixed-markup", lambda n: _repeat("*_[`<{", n), "every inline pattern at once", MARKUP_STAGES),
    # Line starts: block markers, many lines.
    WorstCase(
        "list-markers", lambda n: _repeat("-  ", n), "markers before a heading or a fence", MARKUP_STAGES
    ),
    WorstCase(
        "quote-markers", lambda n: _repeat("> ", n), "quotes before a heading or a fence", MARKUP_STAGES
    ),
    WorstCase("ordered-markers", lambda n: _repeat("1. ", n), "ordered lists", MARKUP_STAGES),
    WorstCase("lines", _lines("a\n"), "line-anchored patterns; the diff's lines"),
    WorstCase("blank-lines", _lines("\n"), "runs of blank lines"),
    WorstCase("crlf-lines", _lines("a\r\n"), "line ends"),
    WorstCase("heading-lines", _lines("# a\n"), "headings made bold", MARKUP_STAGES),
    # Linear, but pymdownx.superfences spends milliseconds on each code block (it looks its
    # lexer up and writes a style sheet for each): tested at a twentieth of the size.
    WorstCase("fence-lines", _lines("```\n"), "code fences", MARKUP_STAGES, scale=0.05),
    WorstCase("setext-lines", _lines("a\n-\n"), "setext underlines", MARKUP_STAGES),
    WorstCase("table-lines", _lines("|a|\n"), "tables", MARKUP_STAGES),
)


def measure(stages: Sequence[str] = tuple(STAGES)) -> Iterator[dict[str, Any]]:
    """Run each case through each of its `stages` at the stage's test size, yielding
    {"case", "stage", "size", "seconds"} as each finishes."""
    for case in CASES:
        for stage_name in case.stages:
            if stage_name not in stages:
                continue
            stage = STAGES[stage_name]
            text = case.make(int(stage.test_size * case.scale))
            start = time.perf_counter()
            stage.run(text)
            seconds = time.perf_counter() - start
            yield {"case": case.name, "stage": stage_name, "size": len(text), "seconds": seconds}


if __name__ == "__main__":
    # One JSON line per case and stage, as each finishes: tests/test_linear.py runs this in a
    # child process with a timeout, so that a hang fails the test and names the case.
    import sys

    for result in measure(sys.argv[1:] or tuple(STAGES)):
        print(json.dumps(result), flush=True)
