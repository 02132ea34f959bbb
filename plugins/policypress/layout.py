"""Where policy files live: policies/<policy>/<version>/<language>.yaml."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .diagnostics import Code, Finding

SUFFIX = ".yaml"
OTHER_SUFFIXES = (".yml",)


def display_path(path: Path) -> str:
    """How reports name a file: relative to the current folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def expected_place(data: dict[str, Any]) -> str:
    """Where the file belongs, with `<field>` standing for an identity field it lacks or
    gives as anything but text (never `None/1/en.yaml`)."""
    parts = [
        value if isinstance(value := data.get(field), str) and value else f"<{field}>"
        for field in ("policy", "version", "language")
    ]
    return f"{parts[0]}/{parts[1]}/{parts[2]}{SUFFIX}"


def check_place(relative: Path, data: dict[str, Any]) -> Iterator[Finding]:
    """A file under the policies folder must sit where its id, version and language say."""
    parts = relative.parts
    if relative.suffix in OTHER_SUFFIXES:
        yield Finding((), Code.PLACE_MISMATCH, f"name policy files with '{SUFFIX}', not '{relative.suffix}'")
        return
    expected = expected_place(data)
    if len(parts) != 3:
        yield Finding(
            (),
            Code.PLACE_MISMATCH,
            f"policy files live at <policy>/<version>/<language>{SUFFIX}; this one should be {expected}",
        )
        return
    for index, field in enumerate(("policy", "version", "language")):
        found = parts[index] if index < 2 else relative.stem
        given = data.get(field)
        if given == found:
            continue
        if not isinstance(given, str):  # missing, or not text: the schema's error says so
            continue
        yield Finding(
            (field,),
            Code.PLACE_MISMATCH,
            f"the file's place says {field} '{found}', but the file says '{given}'; "
            f"move it to {expected} or correct the {field}",
        )


def links_outside(folder: Path) -> list[tuple[Path, Path]]:
    """(link, where it resolves to) for each file or folder in `folder` (searched without
    following links) that is a symbolic link to a place outside it: what a site must not read."""
    root = folder.resolve()
    found: list[tuple[Path, Path]] = []
    for parent, folders, files in os.walk(folder):
        for name in [*folders, *files]:
            path = Path(parent) / name
            if path.is_symlink() and not (target := path.resolve()).is_relative_to(root):
                found.append((path, target))
    return sorted(found)


def discover(paths: list[Path]) -> list[Path]:
    """The policy files named by `paths` (files, or folders searched recursively), sorted."""
    found: set[Path] = set()
    suffixes = (SUFFIX, *OTHER_SUFFIXES)
    for path in paths:
        if path.is_dir():
            # os.walk, not Path.rglob: a site has thousands of files, and `mkdocs serve` looks again
            # after every save. Neither enters a linked folder; dot-folders and dot-files are skipped.
            for folder, folders, names in os.walk(path):
                folders[:] = sorted(f for f in folders if not f.startswith("."))
                found.update(
                    Path(folder, name)
                    for name in names
                    if not name.startswith(".")
                    and os.path.splitext(name)[1] in suffixes
                    and os.path.isfile(os.path.join(folder, name))
                )
        else:
            found.add(path)
    return sorted(found)
