"""Names that become paths and anchors: safe by construction, and checked again on the way out.

A policy's id, version and language name its files on the site, in the JSON and in
`policies/`; item ids become heading anchors. The schema's patterns already rule out
path traversal, absolute and hidden names: an id is a slug of `a-z 0-9 -` (no dot, no
slash), a version is dotted digits, a language tag is letters, digits and hyphens. What
the patterns leave open is checked here:

- PP340: a policy id the site uses for a file or folder of its own (`latest`, `index`,
  `history`, `changes`, `feed`, `schema`), or that Windows cannot store (`con`, `nul`,
  `aux`, `prn`, `com1`…, `lpt1`…); a language tag that is such a device name (`con`,
  `aux`, `nul` and `prn` are real ISO 639-3 codes).
- PP341: a version part with a leading zero: `01` and `1` are one number in two folders.
- PP342: two ids of one file that differ only by case or Unicode normalization, or that
  would give the same anchor (checked in semantics, where ids are gathered).
Across files, ids and language tags cannot differ only by case or Unicode form: the
schema's patterns and PP305 allow one spelling of each. Two versions that are one number
(`1` and `1.0`) are PP322, with the checks of the chain of versions (versions.py).

Whatever the checks, `site_path` refuses any generated path that could leave the site
folder or that a common file system could not hold, and `inside` resolves one under the
site folder (`SiteFolder` writes many, checking each folder once), so nothing is ever
written anywhere else.
"""

from __future__ import annotations

import errno
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .diagnostics import Code, Finding

WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$", "clock$"}
    | {f"{port}{n}" for port in ("com", "lpt") for n in [*"0123456789", "¹", "²", "³"]}
)
# Names the site gives its own files and folders beside or inside a policy's.
SITE_NAMES = frozenset({"latest", "index", "history", "changes", "feed", "schema"})
RESERVED_POLICY_IDS = SITE_NAMES | WINDOWS_DEVICES
_LEADING_ZERO = re.compile(r"(?:^|\.)0[0-9]")
_VERSION = re.compile(r"[0-9]+(?:\.[0-9]+)*")
# Characters Windows refuses in a file name, and controls anywhere.
_UNSAFE_CHARACTERS = re.compile(r'[<>:"|?*\\\x00-\x1f\x7f]')
_MAX_SEGMENT = 255


class UnsafePathError(ValueError):
    """A generated path that could leave the site folder or that a file system cannot hold."""


def fold(name: str) -> str:
    """The form two names share when they differ only by case or Unicode normalization (NFKC, casefold)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def check(data: dict[str, Any]) -> Iterator[Finding]:
    """PP340 and PP341 for one policy file (written to survive data the schema refused)."""
    policy, version, language = (data.get(key) for key in ("policy", "version", "language"))
    if isinstance(policy, str) and fold(policy) in RESERVED_POLICY_IDS:
        device = fold(policy) in WINDOWS_DEVICES
        why = "a name Windows reserves for a device" if device else "a name the site uses for its own files"
        yield Finding(
            ("policy",),
            Code.RESERVED_NAME,
            f"the policy id '{policy}' is {why}; choose another id (and folder name), e.g. '{policy}-policy'",
        )
    if isinstance(language, str) and fold(language) in WINDOWS_DEVICES:
        yield Finding(
            ("language",),
            Code.RESERVED_NAME,
            f"the language tag '{language}' is a name Windows reserves for a device, so its pages and "
            "JSON could not be stored there; PolicyPress cannot publish this language",
        )
    if isinstance(version, str) and _LEADING_ZERO.search(version):
        instead = f" ('{version_number(version)}')" if _VERSION.fullmatch(version) else ""
        yield Finding(
            ("version",),
            Code.VERSION_FORM,
            f"write the version '{version}' without leading zeros{instead}: '01' and '1' would be "
            "two folders for one version number",
        )


def id_key(item_id: str) -> str:
    """Ids with the same key would share a heading anchor, or look the same to a reader."""
    return re.sub(r"[^a-z0-9]+", "-", fold(item_id)).strip("-")


def version_number(version: str) -> str:
    """A version as a number: leading zeros and trailing `.0` parts dropped (`01.0` → `1`).

    Digits are compared as text, so a version of a thousand digits costs nothing.
    """
    if not _VERSION.fullmatch(version):
        return fold(version)
    parts = [part.lstrip("0") or "0" for part in version.split(".")]
    while len(parts) > 1 and parts[-1] == "0":
        parts.pop()
    return ".".join(parts)


def site_path(path: str) -> str:
    """`path` (POSIX, relative to the site folder) when it is safe to write; else UnsafePathError.

    Safe: relative, every segment non-empty and not `.` or `..`, not hidden, no character
    Windows refuses, no trailing dot or space, no device name, at most 255 characters.
    """
    if not isinstance(path, str) or not path or path.startswith("/") or re.match(r"[A-Za-z]:", path):
        raise UnsafePathError(f"{path!r} is not a relative path inside the site folder")
    for segment in path.split("/"):
        problem = _segment_problem(segment)
        if problem:
            raise UnsafePathError(f"{path!r}: {problem}")
    return path


def _segment_problem(segment: str) -> str | None:
    if segment in ("", ".", ".."):
        return f"the part {segment!r} could leave the folder or name it twice"
    if segment.startswith("."):
        return f"{segment!r} would be a hidden file"
    if _UNSAFE_CHARACTERS.search(segment):
        return f"{segment!r} holds a character a file name cannot hold"
    if segment[-1] in ". ":
        return f"{segment!r} ends with a dot or a space"
    if fold(segment.split(".", 1)[0]) in WINDOWS_DEVICES:
        return f"{segment!r} is a name Windows reserves for a device"
    if len(segment) > _MAX_SEGMENT:
        return f"a part is longer than {_MAX_SEGMENT} characters"
    return None


def inside(root: Path, path: str) -> Path:
    """Where `path` goes under the folder `root`, refused if it (or a link on the way) leads outside."""
    base = root.resolve()
    target = (base / site_path(path)).resolve()
    if not target.is_relative_to(base):
        raise UnsafePathError(f"{path!r} leads outside {root} (through a symbolic link)")
    return target


class SiteFolder:
    """Writes files under a site folder, none of them anywhere else: `inside`'s guarantee, at
    the cost of one system call per new folder and one per file rather than a full
    resolution of every path (a build writes thousands of JSON files)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.base = root.resolve()
        self._ready: set[str] = {""}  # folders (relative) known to exist inside the site folder

    def write(self, path: str, content: bytes) -> None:
        """Write `path` (checked by site_path); UnsafePathError if a link leads it outside."""
        folder = site_path(path).rpartition("/")[0]
        self._folder(folder)
        if not _NO_FOLLOW:  # no way to refuse a link when opening: resolve every path
            inside(self.root, path).write_bytes(content)
            return
        try:
            # A link in the file's own place is not followed (ELOOP): `inside` resolves it.
            descriptor = os.open(os.path.join(self.base, path), _WRITE | _NO_FOLLOW, 0o666)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            inside(self.root, path).write_bytes(content)
            return
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)

    def _folder(self, folder: str) -> None:
        if folder in self._ready:
            return
        self._folder(folder.rpartition("/")[0])
        full = os.path.join(self.base, folder)
        try:
            os.mkdir(full)
        except FileExistsError:
            if os.path.islink(full) or not os.path.isdir(full):
                inside(self.root, folder).mkdir(parents=True, exist_ok=True)  # refuses a way out
        self._ready.add(folder)


# Where the system has it, open() refuses to follow a link in a file's own place (ELOOP).
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_WRITE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
