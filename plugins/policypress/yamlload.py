"""Read one policy file: bytes → YAML node tree → plain Python data.

ruamel.yaml's libyaml-based composer builds the node tree (with line and column
marks) in C; a small walker then turns it into dicts, lists, strings, ints,
booleans and None. Doing the walk ourselves is what lets us refuse what a policy
never needs (tags, aliases, merge keys, duplicate keys) and keep YAML 1.1
surprises from changing what an author wrote: only `true`/`false`, `null`/`~`
and plain decimal integers without a leading zero are read as anything but text,
so `no`, `0755`, `1.10` and `2024-02-30` stay exactly as written.
"""

from __future__ import annotations

import gc
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    StreamEndEvent,
)
from ruamel.yaml.main import CParser  # type: ignore[attr-defined]  # None without the C extension
from ruamel.yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import BaseResolver
from ruamel.yaml.tag import Tag

from .diagnostics import MAX_PER_FILE, Code, Diagnostic
from .yamlstrict import Misreading, SourceLines, block_scalar, flow_node

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64

# One shared Tag per kind: ruamel would otherwise build a Tag object for every node and
# decode it again on every read of node.tag (measured: half the loading time).
_PLAIN = Tag(suffix="policypress:plain")
_STR = Tag(suffix="tag:yaml.org,2002:str")
_MAP = Tag(suffix="tag:yaml.org,2002:map")
_SEQ = Tag(suffix="tag:yaml.org,2002:seq")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_MAYBE_TYPED = frozenset("-+0123456789tTfFnN~")
# libyaml's composer recurses in C: far beyond this it would overflow the C stack.
_SAFE_NESTING_BOUND = 2000
_LINE_PREFIX = re.compile(r"^[ \t?:-]+", re.MULTILINE)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ALIAS_MESSAGE = "aliases (*name) are not allowed in a policy; write the value out in full"
_MERGE_MESSAGE = "merge keys (<<) are not allowed in a policy; write the values out in full"
# Line breaks in YAML 1.1 (libyaml) but ordinary characters in YAML 1.2: libyaml would fold a
# NEL inside quotes into a space, and count all three as line breaks, shifting every line
# number after them. Refused, so that no reader changes what an author wrote.
_AMBIGUOUS_BREAK = re.compile("[\x85\u2028\u2029]")
_BREAK_NAMES = {
    "\x85": ("NEXT LINE", None),  # a C1 control: no escape of it is allowed either (textrules.py)
    "\u2028": ("LINE SEPARATOR", "\\L"),
    "\u2029": ("PARAGRAPH SEPARATOR", "\\P"),
}
# The first character of a line that is neither blank nor a comment. Searched, not a pattern
# for the whole blank file: that one could split each CRLF two ways, and its backtracking
# doubled with every line (a file of 30 comment lines in CRLF never finished).
_CONTENT = re.compile(r"(?:^|(?<=[\r\n]))[ \t]*[^ \t\r\n#]")
_EMPTY_MESSAGE = "the file is empty; a policy is a YAML mapping"
_BLOCK_STYLES = frozenset("|>")
_IN_FLOW = -2  # _Walker.build's indent inside a flow node

if CParser is None:  # pragma: no cover - guarded by the dependency ruamel.yaml[oldlibyaml]
    raise ImportError("PolicyPress needs ruamel.yaml's C extension: pip install 'ruamel.yaml[oldlibyaml]'")


class _Composer(CParser, BaseResolver):  # type: ignore[misc]
    """libyaml's composer with a resolver that only tells plain from quoted scalars."""

    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        BaseResolver.__init__(self)

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> Tag:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _MAP if kind is MappingNode else _SEQ


class LoadError(Exception):
    """The file could not be read as a policy document at all."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


@dataclass
class Document:
    """A loaded policy file: its data, and its text to locate any value in.

    The node tree that knows every position is composed again only when something must be
    located: keeping the trees of a thousand valid files alive would make every later
    garbage collection scan millions of nodes.
    """

    path: str
    data: dict[str, Any]
    text: str
    problems: list[Diagnostic] = field(default_factory=list)
    _root: MappingNode | None = field(default=None, repr=False, compare=False)
    # Each mapping's first node pair per key, built on first use: a file with many problems
    # would otherwise rescan a big mapping for each of them.
    _keys: dict[int, dict[str, tuple[Node, Node]]] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        # Sent between processes without its node tree, which is big and can be composed again.
        return {**self.__dict__, "_root": None, "_keys": {}}

    @property
    def root(self) -> MappingNode:
        if self._root is None:
            with _no_cyclic_gc():
                self._root = _compose(self.text)
        return self._root

    def locate(self, pointer: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value at `pointer` (of its key, if `key`).

        Walks as deep as the pointer resolves; a missing tail locates its parent.
        """
        node: Node = self.root
        mark = node.start_mark
        for part in pointer:
            if isinstance(node, MappingNode):
                pair = self._pairs(node).get(part) if isinstance(part, str) else None
                if pair is None:
                    break
                key_node, node = pair
                mark = key_node.start_mark if key else node.start_mark
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                mark = node.start_mark
            else:
                break
        return mark.line + 1, mark.column + 1

    def _pairs(self, node: MappingNode) -> dict[str, tuple[Node, Node]]:
        pairs = self._keys.get(id(node))
        if pairs is None:
            pairs = {}
            for key_node, value_node in node.value:
                if isinstance(key_node.value, str):
                    pairs.setdefault(key_node.value, (key_node, value_node))
            self._keys[id(node)] = pairs
        return pairs


# YAML 1.2's encoding detection (section 5.2): a byte order mark, or the NULs that an ASCII
# first character leaves in UTF-16 and UTF-32. Longest patterns first.
_WIDE_ENCODINGS = (
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)", "utf-32-le"),
    (b"\xfe\xff", "UTF-16 (big-endian)", "utf-16-be"),
    (b"\xff\xfe", "UTF-16 (little-endian)", "utf-16-le"),
)
_WIDE_WITHOUT_BOM = (
    (re.compile(rb"\x00\x00\x00[^\x00]", re.DOTALL), "UTF-32 (big-endian)", "utf-32-be"),
    (re.compile(rb"[^\x00]\x00\x00\x00", re.DOTALL), "UTF-32 (little-endian)", "utf-32-le"),
    (re.compile(rb"\x00[^\x00]", re.DOTALL), "UTF-16 (big-endian)", "utf-16-be"),
    (re.compile(rb"[^\x00]\x00", re.DOTALL), "UTF-16 (little-endian)", "utf-16-le"),
)


def wide_encoding(raw: bytes) -> str | None:
    """The name of the UTF-16 or UTF-32 encoding `raw` is in, or None.

    Without a byte order mark, the first bytes must match YAML's pattern *and* the whole file
    must decode in that encoding, so a UTF-8 file that merely holds a NUL is not mistaken for
    one (it gets the NUL's own located error instead).
    """
    for bom, name, _ in _WIDE_ENCODINGS:
        if raw.startswith(bom):
            return name
    for pattern, name, codec in _WIDE_WITHOUT_BOM:
        if pattern.match(raw, 0, 4):
            try:
                raw.decode(codec)
            except UnicodeDecodeError:
                continue
            return name
    return None


def read_text(path: Path, raw: bytes, display: str) -> str:
    """Decode UTF-8 (an initial BOM is dropped); other encodings get a located error.

    UTF-16 and UTF-32 are valid YAML, but refused: git shows such files as binary, so a
    change to a policy's text in one could not be reviewed in a diff.
    """
    encoding = wide_encoding(raw)
    if encoding is not None:
        message = f"the file is {encoding} encoded; save it as UTF-8"
        raise LoadError([_whole(display, Code.UNREADABLE, message)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _line_column(raw[: exc.start].decode("utf-8", "replace"))
        raise LoadError(
            [
                Diagnostic(
                    display,
                    line,
                    column,
                    Code.UNREADABLE,
                    f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
                )
            ]
        ) from None


def load_file(path: Path, display: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Load a policy file, or raise LoadError with located diagnostics.

    Never reads more than `max_bytes` + 1 bytes: a file that grows while it is read, or a
    device or pipe that never ends, is refused like any file over the limit.
    """
    display = display if display is not None else str(path)
    try:
        # Checked before opening: opening a named pipe would wait for a writer.
        if not stat.S_ISREG(path.stat().st_mode):
            message = "this is not a file (a folder, device or pipe?)"
            raise LoadError([_whole(display, Code.UNREADABLE, message)])
        with path.open("rb") as file:
            raw = file.read(max_bytes + 1)
            size = os.fstat(file.fileno()).st_size
    except OSError as exc:
        raise LoadError([_whole(display, Code.UNREADABLE, f"cannot read the file: {exc.strerror}")]) from None
    if len(raw) > max_bytes:
        raise LoadError(
            [
                _whole(
                    display,
                    Code.TOO_LARGE,
                    f"the file is {max(size, len(raw)):,} bytes; the limit is {max_bytes:,}",
                )
            ]
        )
    return load_text(read_text(path, raw, display), display, max_bytes)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic collector: a file makes thousands of small acyclic nodes, and the
    collector would otherwise scan them again and again while they are built."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_text(text: str, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Load policy YAML from text (see load_file)."""
    with _no_cyclic_gc():
        return _load_text(text, display, max_bytes)


def _load_text(text: str, display: str, max_bytes: int) -> Document:
    if len(text) > max_bytes:
        raise LoadError(
            [_whole(display, Code.TOO_LARGE, f"the text is longer than {max_bytes:,} characters")]
        )
    _refuse_ambiguous_breaks(text, display)
    if not _CONTENT.search(text):  # libyaml refuses a tab on an otherwise empty line
        raise LoadError([_whole(display, Code.NOT_A_POLICY, _EMPTY_MESSAGE)])
    _refuse_deep_nesting(text, display)
    composer = None
    try:
        composer = _Composer(text)
        root = composer.get_single_node()
    except MarkedYAMLError as exc:
        raise LoadError([_syntax(display, exc, text)]) from None
    except ReaderError as exc:
        raise LoadError([_reader(display, text, exc)]) from None
    except (YAMLError, RecursionError, ValueError, UnicodeError) as exc:
        raise LoadError(
            [_whole(display, Code.YAML_SYNTAX, _one_line(str(exc)) or "the YAML does not parse")]
        ) from None
    finally:
        if composer is not None:
            composer.dispose()
    if root is None:
        raise LoadError([_whole(display, Code.NOT_A_POLICY, _EMPTY_MESSAGE)])
    if not isinstance(root, MappingNode):
        line, column = root.start_mark.line + 1, root.start_mark.column + 1
        if isinstance(root, ScalarNode) and root.ctag is _PLAIN and root.value == "":
            message = "the file holds an empty document; a policy is a YAML mapping"  # just `---`
        else:
            kind = "list" if isinstance(root, SequenceNode) else "single value"
            message = f"the file must be a YAML mapping (keys and values), not a {kind}"
        raise LoadError([Diagnostic(display, line, column, Code.NOT_A_POLICY, message)])
    walker = _Walker(display, text)
    data = walker.build(root, 0, None, -1)
    if walker.misread:  # libyaml read something else than the author wrote: nothing else is reliable
        raise LoadError(sorted(walker.misread))
    problems = walker.problems
    if walker.aliases or walker.merges:
        # The node tree shares an aliased node with its anchor, so it cannot say where an alias
        # (or a merge key's aliased value) was written; the parser's events can.
        placed = (_ALIAS_MESSAGE, _MERGE_MESSAGE)
        problems = [p for p in problems if p.message not in placed] + _alias_diagnostics(text, display)
    return Document(display, data, text, problems)


def _compose(text: str) -> MappingNode:
    """The node tree of a text that is known to load."""
    composer = _Composer(text)
    try:
        node: MappingNode = composer.get_single_node()
        return node
    finally:
        composer.dispose()


def _alias_diagnostics(text: str, display: str) -> list[Diagnostic]:
    """Each alias, and each merge key at its value (where PyYAML reports one it cannot merge),
    where it is written: in the node tree an alias is its anchor's node. The aliases inside a
    merge key's value are the merge's business: written out in full, they are gone."""
    parser = _Composer(text)
    found: list[Diagnostic] = []
    # Per open collection: for a mapping, whether its next node is a key; None for a sequence.
    expecting_key: list[bool | None] = []
    merging = False
    inside_merge = 0  # depth inside a merge key's value
    try:
        while not isinstance(event := parser.get_event(), StreamEndEvent):
            if isinstance(event, CollectionEndEvent):
                expecting_key.pop()
                inside_merge = max(0, inside_merge - 1)
                continue
            if not isinstance(event, (NodeEvent, CollectionStartEvent)):
                continue
            message = None
            if expecting_key and expecting_key[-1] is not None:
                is_key = expecting_key[-1]
                expecting_key[-1] = not is_key
                if is_key:
                    merging = (
                        isinstance(event, ScalarEvent) and event.value == "<<" and bool(event.implicit[0])
                    )
                elif merging and not inside_merge:
                    message, merging = _MERGE_MESSAGE, False
            if message is None and isinstance(event, AliasEvent) and not inside_merge:
                message = _ALIAS_MESSAGE
            if message is not None and len(found) <= MAX_PER_FILE:
                mark = event.start_mark
                found.append(Diagnostic(display, mark.line + 1, mark.column + 1, Code.YAML_FEATURE, message))
            if isinstance(event, CollectionStartEvent):
                expecting_key.append(True if isinstance(event, MappingStartEvent) else None)
                if inside_merge or message is _MERGE_MESSAGE:
                    inside_merge += 1
    finally:
        parser.dispose()
    return found


def _line_column(before: str) -> tuple[int, int]:
    """1-based line and column just after `before`, counting CRLF, CR and LF as line breaks."""
    lines = _LINE_BREAK.split(before)
    return len(lines), len(lines[-1]) + 1


def _refuse_ambiguous_breaks(text: str, display: str) -> None:
    """Refuse a raw NEL, LINE SEPARATOR or PARAGRAPH SEPARATOR, at the first one (see _AMBIGUOUS_BREAK)."""
    found = _AMBIGUOUS_BREAK.search(text)
    if found is None:
        return
    line, column = _line_column(text[: found.start()])
    name, escape = _BREAK_NAMES[found.group()]
    others = sum(text.count(character) for character in _BREAK_NAMES) - 1
    more = f" ({others:,} more in this file)" if others else ""
    raise LoadError(
        [
            Diagnostic(
                display,
                line,
                column,
                Code.AMBIGUOUS_BREAK,
                f"the character U+{ord(found.group()):04X} ({name}) is a line break to some YAML readers "
                "and text to others; use an ordinary line break"
                + (f", or write {escape} inside double quotes" if escape else "")
                + more,
            )
        ]
    )


def _refuse_deep_nesting(text: str, display: str) -> None:
    """Reject nesting deeper than MAX_DEPTH before libyaml's recursive composer sees it.

    Nesting needs either a bracket or indentation, so counting brackets and the
    longest line prefix bounds the depth cheaply; only a file past that bound is
    parsed event by event (iteratively) to measure its real depth.
    """
    brackets = text.count("[") + text.count("{")
    prefixes = _LINE_PREFIX.findall(text)
    if brackets + max(map(len, prefixes), default=0) < _SAFE_NESTING_BOUND:
        return
    parser = _Composer(text)
    depth = 0
    try:
        while not isinstance(event := parser.get_event(), StreamEndEvent):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise LoadError(
                        [
                            Diagnostic(
                                display,
                                mark.line + 1,
                                mark.column + 1,
                                Code.TOO_LARGE,
                                f"the data is nested more than {MAX_DEPTH} levels deep",
                            )
                        ]
                    )
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except MarkedYAMLError as exc:
        raise LoadError([_syntax(display, exc, text)]) from None
    except ReaderError as exc:
        raise LoadError([_reader(display, text, exc)]) from None
    finally:
        parser.dispose()


class _Walker:
    """Turns nodes into plain data, collecting every problem instead of stopping at the first."""

    def __init__(self, display: str, text: str) -> None:
        self.display = display
        self.problems: list[Diagnostic] = []
        self.seen: set[int] = set()
        self.aliases = False
        self.merges = False
        self.lines = SourceLines(text)
        self.misread: list[Diagnostic] = []  # YAML 1.2 refuses what libyaml read (yamlstrict.py)

    def _report(self, node: Node, code: Code, message: str) -> None:
        if len(self.problems) > MAX_PER_FILE:  # enough to say there are more (validate.capped)
            return
        mark = node.start_mark
        self.problems.append(Diagnostic(self.display, mark.line + 1, mark.column + 1, code, message))

    def _misread(self, found: Misreading | None) -> None:
        if found is not None and len(self.misread) <= MAX_PER_FILE:
            self.misread.append(
                Diagnostic(self.display, found.line, found.column, Code.YAML_SYNTAX, found.message)
            )

    def build(self, node: Node, depth: int, where: Node | None = None, indent: int = _IN_FLOW) -> Any:
        """The data of `node`; `indent` is the column of the block mapping or sequence it is in
        (_IN_FLOW inside a flow node, whose own check covers all its lines)."""
        if id(node) in self.seen:
            self.aliases = True
            self._report(where or node, Code.YAML_FEATURE, _ALIAS_MESSAGE)
            return None
        self.seen.add(id(node))
        if depth >= MAX_DEPTH and not isinstance(node, ScalarNode):  # the root mapping is level 1
            self._report(node, Code.TOO_LARGE, f"the data is nested more than {MAX_DEPTH} levels deep")
            return None
        tag = node.ctag
        if tag is _PLAIN:
            return _plain_value(node.value)
        if indent != _IN_FLOW:
            if isinstance(node, ScalarNode):
                if node.style in _BLOCK_STYLES:
                    self._misread(block_scalar(node, indent, self.lines))
                else:
                    self._misread(flow_node(node, indent, self.lines))
            elif isinstance(node, CollectionNode) and node.flow_style:
                self._misread(flow_node(node, indent, self.lines))
        inner = _IN_FLOW if isinstance(node, CollectionNode) and node.flow_style else node.start_mark.column
        expected = _STR if isinstance(node, ScalarNode) else _SEQ if isinstance(node, SequenceNode) else _MAP
        if tag is not expected and str(tag) != str(expected):  # an explicit !!str, !!seq or !!map is harmless
            self._report(
                node,
                Code.YAML_FEATURE,
                f"YAML tags such as {_short_tag(str(tag))} are not allowed in a policy",
            )
        if isinstance(node, ScalarNode):
            return node.value
        if isinstance(node, SequenceNode):
            return [self.build(item, depth + 1, None, inner) for item in node.value]
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if id(key_node) in self.seen:
                self.aliases = True
                self._report(key_node, Code.YAML_FEATURE, _ALIAS_MESSAGE)
                continue
            self.seen.add(id(key_node))
            if not isinstance(key_node, ScalarNode):
                self._report(key_node, Code.YAML_FEATURE, "a key must be plain text, not a list or mapping")
                continue
            key = key_node.value
            if key == "<<" and key_node.ctag is _PLAIN:
                self.merges = True  # reported at its value, as PyYAML does (_alias_diagnostics)
                self._report(key_node, Code.YAML_FEATURE, _MERGE_MESSAGE)
                continue
            if key in first_line:
                self._report(
                    key_node,
                    Code.DUPLICATE_KEY,
                    f"the key '{key}' appears twice in this mapping (first on line {first_line[key]})",
                )
                continue
            first_line[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, depth + 1, key_node, inner)
        return result


def _plain_value(text: str) -> Any:
    if not text or text[0] in _MAYBE_TYPED:
        if text in _NULL:
            return None
        if text in _BOOL:
            return _BOOL[text]
        if _INT.match(text):
            try:
                return int(text)
            except ValueError:  # beyond Python's digit limit: no policy number is that long
                return text
    return text


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _whole(display: str, code: Code, message: str) -> Diagnostic:
    return Diagnostic(display, 1, 1, code, message)


def _reader(display: str, text: str, exc: ReaderError) -> Diagnostic:
    """A character libyaml refuses (control characters): locate it by its position."""
    position = exc.position if isinstance(exc.position, int) else 0
    # libyaml counts the position in UTF-8 bytes.
    line, column = _line_column(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "replace"))
    character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    kind = "a control character" if character < 0xA0 else "not a character a text may hold"
    return Diagnostic(
        display,
        line,
        column,
        Code.UNREADABLE,
        f"the character U+{character:04X} is {kind}, which YAML does not allow; remove it",
    )


def _syntax(display: str, exc: MarkedYAMLError, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = _one_line(exc.problem or "")
    context = _one_line(exc.context or "")
    if "expected a single document" in context or "but found another document" in problem:
        return Diagnostic(
            display,
            line,
            column,
            Code.NOT_A_POLICY,
            "the file holds more than one YAML document; a policy file holds exactly one",
        )
    if problem == "found incompatible YAML document":  # %YAML 2.0
        problem = "the %YAML directive names a version of YAML this reader does not know"
    if context and exc.context_mark is not None and exc.context_mark is not mark:
        context += f" at line {exc.context_mark.line + 1}"
    from .yamlwords import explain  # only a broken file needs the words

    line, column, message = explain(problem, context, text, line, column)
    return Diagnostic(display, line, column, Code.YAML_SYNTAX, message)
