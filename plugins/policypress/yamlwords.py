"""YAML syntax errors in plain words: what is wrong, how to fix it, and the line where the
mistake is (libyaml reports where it noticed, which for a value that runs on into the next line
is one line late). The parser's own words follow in brackets, for those who know them."""

from __future__ import annotations

import re

_KEY_VALUE = re.compile(r"^(?P<indent> *)(?:- +)*[^\s#'\"][^:#]*:[ \t]+(?P<value>[^\s#|>'\"].*)$")


def explain(problem: str, context: str, text: str, line: int, column: int) -> tuple[int, int, str]:
    """(line, column, message) for a libyaml syntax error at 1-based `line` and `column`."""
    line, column, message = _explain(problem, context, text, line, column)
    return line, column, f"YAML syntax: {message}"


def _explain(problem: str, context: str, text: str, line: int, column: int) -> tuple[int, int, str]:
    if problem.startswith("the %YAML directive"):
        return line, column, problem  # already in plain words (yamlload)
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    parser = f"[YAML: {problem}" + (f", {context}" if context else "") + "]"
    if problem.startswith("mapping values are not allowed") or problem == "found unexpected ':'":
        above = _run_on_from(lines, line)
        if above is not None and _moved_out(lines, above, line):
            message = (
                f"this key starts further left than the lines around it, so YAML reads line {line} as "
                f"more of its value and stops at the ': ' there: indent this key like its neighbours {parser}"
            )
            return above, 1, message
        if above is not None:
            indent = len(here) - len(here.lstrip(" "))
            message = (
                f"this line is indented more than the key above it (line {above}), so YAML reads it as "
                f"more of that key's value and stops at the ': ': line it up with line {above} {parser}"
            )
            return line, indent + 1, message
        bare = _no_colon_above(lines, line)
        if bare is not None:
            return (
                bare,
                1,
                (
                    f"this line has no colon, so YAML reads it as text that goes on into line {line}: "
                    f"write it as 'key: value' {parser}"
                ),
            )
        return (
            line,
            column,
            f"this text contains ': ' (a colon and a space): put the whole value in quotes {parser}",
        )
    if "could not find expected ':'" in problem:
        started = re.search(r"at line (\d+)", context)
        where = int(started.group(1)) if started else line
        key_line = lines[where - 1] if 0 < where <= len(lines) else ""
        return (
            where,
            _indent(key_line) + 1,
            f"a key needs a colon after it (key: value), or this value needs quotes {parser}",
        )
    if "\t" in here[: max(column, 1)] or "tab" in problem:
        return line, column, f"YAML does not allow tabs for indentation: use spaces {parser}"
    if here.strip()[:1] in ("]", "}") and here.strip():
        return (
            line,
            column,
            f"this bracket closes nothing: remove it, or open the list or mapping it ends {parser}",
        )
    if problem.startswith("did not find expected key") or problem.startswith("expected <block end>"):
        return (
            line,
            column,
            (
                "this line is not lined up with the keys or list items above it: give it the same "
                f"indentation as its neighbours {parser}"
            ),
        )
    if problem.startswith("did not find expected '-' indicator"):
        return (
            line,
            column,
            f"a list item starts with '- ' at the same indentation as the items above {parser}",
        )
    if "block sequence entries are not allowed" in problem:
        return (
            line,
            column,
            (
                "a list cannot follow a value on the same key: write the key alone (key:) and the items on "
                f"the lines below it {parser}"
            ),
        )
    if "end of stream" in problem and "quoted scalar" in context:
        opened = re.search(r"at line (\d+)", context)
        where = int(opened.group(1)) if opened else line
        start = lines[where - 1] if 0 < where <= len(lines) else ""
        quote = min((i for i in (start.find('"'), start.find("'")) if i >= 0), default=-1)
        return (
            where,
            quote + 1 if quote >= 0 else 1,
            f"this quote is never closed: close it, or remove it {parser}",
        )
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return (
            line,
            column,
            (
                "a list in [ ] or a mapping in { } is not closed, or an item in it holds a comma, colon or "
                f"bracket and needs quotes {parser}"
            ),
        )
    if "found unknown escape character" in problem:
        return (
            line,
            column,
            f"a backslash in double quotes starts an escape: write \\\\ or use single quotes {parser}",
        )
    if "cannot start any token" in problem:
        return line, column, f"a value cannot start with this character: put the value in quotes {parser}"
    if "expected node content" in problem:
        return (
            line,
            column,
            (
                "a value is missing here: something must follow a '-', ':' or ',', and brackets must match "
                f"{parser}"
            ),
        )
    return line, column, f"the YAML does not parse here {parser}"


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _moved_out(lines: list[str], key: int, line: int) -> bool:
    """Whether the key on line `key` sits further left than the lines before and after it."""
    for number in range(key - 1, 0, -1):
        text = lines[number - 1]
        if text.strip() and not text.lstrip().startswith("#"):
            return _indent(text) > _indent(lines[key - 1]) and _indent(lines[line - 1]) <= _indent(text)
    return False


def _no_colon_above(lines: list[str], line: int) -> int | None:
    """The line just above `line` when it is plain text without a colon (a key that lost it)."""
    for number in range(line - 1, 0, -1):
        text = lines[number - 1].strip()
        if not text or text.startswith("#"):
            continue
        return (
            number if ":" not in text and not text.startswith(("-", "'", '"', "[", "{", "|", ">")) else None
        )
    return None


def _run_on_from(lines: list[str], line: int) -> int | None:
    """The line of an unquoted value that runs on into `line` (indented more than its key), if any."""
    if not 1 < line <= len(lines):
        return None
    indent = len(lines[line - 1]) - len(lines[line - 1].lstrip(" "))
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        match = _KEY_VALUE.match(text)
        if match and len(match.group("indent")) < indent:
            return number
        return None
    return None
