"""Diagnostics: one located problem in a policy file, and how it is printed."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any

from .pointers import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


class Code(str, Enum):
    """Every problem PolicyPress reports has one of these codes (documented in docs/)."""

    UNREADABLE = "PP100"  # the file cannot be read or decoded
    YAML_SYNTAX = "PP101"  # the YAML does not parse
    DUPLICATE_KEY = "PP102"  # a mapping repeats a key
    YAML_FEATURE = "PP103"  # tags, aliases, merge keys: not allowed in policies
    NOT_A_POLICY = "PP104"  # empty file, several documents, or a root that is not a mapping
    TOO_LARGE = "PP105"  # file over the size limit or nested too deeply
    AMBIGUOUS_BREAK = "PP106"  # a raw NEL, U+2028 or U+2029: a line break to YAML 1.1, text to YAML 1.2
    TOO_MANY_PROBLEMS = "PP107"  # more problems in one file than are reported
    OUTSIDE_FOLDER = "PP108"  # a symbolic link to a file outside the folder it was found in
    UNKNOWN_FIELD = "PP201"
    MISSING_FIELD = "PP202"
    WRONG_TYPE = "PP203"
    NOT_ALLOWED = "PP204"  # not one of the allowed values
    BAD_FORMAT = "PP205"  # text does not have the required form
    SCHEMA = "PP206"  # any other schema rule
    FORBIDDEN_CHARACTER = "PP207"  # a control character or non-character, however written (textrules.py)
    TOO_LONG = "PP208"  # a plain-text value or Markdown paragraph too long to publish (textrules.py)
    DUPLICATE_ID = "PP301"
    UNRESOLVED_REF = "PP302"
    INVALID_DATE = "PP303"
    DATE_ORDER = "PP304"
    INVALID_LANGUAGE = "PP305"
    INVALID_COUNTRY = "PP306"
    PLACE_MISMATCH = "PP307"  # the file's path disagrees with its policy id, version or language
    PART_NOT_SHOWN = "PP308"  # a structured part no section shows, or shown twice
    PROSE_DRIFT = "PP309"  # prose mentions a contact the structured data lacks
    DUPLICATE_POLICY = "PP310"  # two files claim the same policy, version and language
    UNKNOWN_TERM = "PP311"  # a term its vocabulary's list (DPV, fideslang, Apple, Play) does not have
    NOT_STATED_FOR_PLATFORM = "PP312"  # policypress export: the platform asks what the policy does not state
    VERSION_CHAIN = "PP320"  # supersedes is missing, unknown, not older, or skips a version
    VERSION_DATES = "PP321"  # a version takes effect (or is published) before the one it supersedes
    DUPLICATE_VERSION = "PP322"  # two version numbers that are the same number ('1' and '1.0')
    # A version's change record against the diff from the version it supersedes (policypress.diff.record)
    MATERIAL_UNDERSTATED = "PP325"  # material: false, but the diff finds a material kind of change
    KIND_UNLISTED = "PP326"  # the diff implies a kind of change that changes.kinds does not list
    UNKNOWN_CONCERN = "PP327"  # changes.concerns names an id in neither version
    NOTHING_CHANGED = "PP328"  # material or reconsent claimed, but the content did not change
    # Translations: the files of one policy version in several languages (translations.py).
    TRANSLATION_MARK = "PP330"  # a file's translation mark contradicts its own language
    UNMARKED_TRANSLATION = "PP331"  # a file in another language than the controlling one, not marked
    CONTROLLING_LANGUAGES_DIFFER = "PP332"  # files of one version name different controlling languages
    NO_CONTROLLING_FILE = "PP333"  # no file of the version is in its controlling language
    NO_TRANSLATION_SOURCE = "PP334"  # translation.from names a language the version has no file in
    FACT_DIFFERS = "PP335"  # a language-independent fact differs from the controlling text
    ITEM_MISSING = "PP336"  # a structured item or part of the controlling text is missing
    ITEM_EXTRA = "PP337"  # an item, part or section the controlling text does not have
    SECTION_MISSING = "PP338"  # a section of the controlling text is missing: the translation lags behind
    ORDER_DIFFERS = "PP339"  # items or sections in another order or place than in the controlling text
    # Names that become paths and anchors (names.py).
    RESERVED_NAME = "PP340"  # a policy id or language tag the site or Windows reserves
    VERSION_FORM = "PP341"  # a version part with a leading zero
    ID_CLASH = "PP342"  # two ids of a file that differ only by case or Unicode form
    # Values left to fill, and text YAML reads otherwise than it looks (traps.py).
    PLACEHOLDER = "PP350"  # a value still says TODO: a warning in a draft, an error once published
    MISREAD_TEXT = "PP351"  # ' #' dropped as a comment, curly quotes, Markdown lines folded into one


class Citation(str):
    """The code of a requirement-pack finding: the requirement's citation code (`GDPR13-2-b`),
    which a pack defines; printed where a Code's value is."""

    @property
    def value(self) -> str:
        return str(self)


# Past this many problems in one file, the rest are not looked for: a broken or hostile file
# (a hundred thousand unknown keys) must not cost minutes and a report nobody can read.
MAX_PER_FILE = 100


# In a Finding's message: where the line of the place it names (`see`) goes, once the finding is
# located in the file's text (characters of Unicode's private use area, which no message holds).
SEE_LINE = "\ue000line\ue000"


@dataclass(frozen=True)
class Finding:
    """A problem at a place in the data, before it is located in the file's text."""

    path: Path
    code: Code
    message: str
    severity: Severity = Severity.ERROR
    key: bool = False  # locate the key rather than the value
    see: Path | None = None  # another place the message names: its line replaces SEE_LINE

    def message_at(self, line_of: Callable[[Path], int]) -> str:
        """The message, with the line of the place it names (`line_of` finds it in the file)."""
        if self.see is None:
            return self.message
        return self.message.replace(SEE_LINE, str(line_of(self.see)))


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem at a place in a file. Ordering sorts by file, then position."""

    file: str
    line: int  # 1-based
    column: int  # 1-based
    code: Code | Citation
    message: str
    pointer: str = ""  # JSON pointer into the document, "" for the whole file
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """One readable line, always: control characters from the file's keys and values are
        escaped, and a message or pointer that quotes a huge key is shortened in the middle."""
        where = f" (at {_visible(_shorten(self.pointer))})" if self.pointer else ""
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        place = f"{_visible(self.file)}:{self.line}:{self.column}"
        text = f"{place}: {self.code.value} {prefix}{_visible(_shorten(self.message))}"
        return text + where

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["code"] = self.code.value
        data["severity"] = self.severity.value
        return data


# Control characters, line separators, the bidirectional controls (a U+202E in a policy would
# otherwise turn the rest of a report line around on the terminal) and the non-characters of
# the Basic Multilingual Plane: shown as escapes.
_INVISIBLE_PAST_C0 = r"\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff"
_INVISIBLE = re.compile(f"[\\x00-\\x1f{_INVISIBLE_PAST_C0}]")
_INVISIBLE_IN_JSON = re.compile(f"[{_INVISIBLE_PAST_C0}]")  # JSON writes the C0 ones as escapes


SHOWN_LENGTH = 400


def _shorten(text: str) -> str:
    """`text`, or its start and end around an ellipsis when it is longer than SHOWN_LENGTH."""
    if len(text) <= SHOWN_LENGTH:
        return text
    half = SHOWN_LENGTH // 2
    return f"{text[:half]}…{text[-half:]}"


def _visible(text: str) -> str:
    return _INVISIBLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


# Public for other one-line outputs of untrusted text (the diff's terminal form).
visible = _visible


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(d.format() + "\n" for d in sorted(diagnostics))


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return console_json([d.to_json() for d in sorted(diagnostics)])


def console_json(value: Any) -> str:
    """`value` as indented JSON for a terminal: letters of every script as themselves, and every
    character _visible escapes (DEL, C1 controls, bidirectional controls, …) as a \\u escape,
    which JSON readers read back as the same character."""
    text = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    return _INVISIBLE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_INVISIBLE_IN_MARKDOWN = re.compile(f"[\\x00-\\x08\\x0b-\\x1f{_INVISIBLE_PAST_C0}]")  # tab, line feed kept


def console_markdown(text: str) -> str:
    """Markdown for a terminal: every character _visible escapes but tab and line feed as a
    numeric character reference (`&#x202e;`), which the Markdown reads back as the same character
    once rendered, while the terminal shows it instead of obeying it."""
    return _INVISIBLE_IN_MARKDOWN.sub(lambda m: f"&#x{ord(m.group()):x};", text)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)
