"""Validate policy files: load, schema, semantics, place; every problem at once, located."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from . import schemas, semantics, textrules, traps
from .companions import comparable_file
from .compliance.check import findings, packs_for
from .diagnostics import MAX_PER_FILE, Code, Diagnostic, Finding, Severity
from .layout import SUFFIX, check_place, discover, display_path
from .pointers import to_pointer
from .translations import check_translations
from .versions import check_versions
from .yamlload import DEFAULT_MAX_BYTES, Document, LoadError, load_file


@dataclass
class Result:
    """What validating some files found: the documents that loaded, and every diagnostic."""

    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]


def validate_document(doc: Document, extra_schemas: Sequence[str] = ()) -> list[Diagnostic]:
    """Schema and semantic problems of one loaded document (no file-place check).

    `extra_schemas` are paths of a site's own schemas (house rules) that every policy
    must satisfy besides PolicyPress's.
    """
    found = list(doc.problems)
    for schema in (schemas.POLICY_SCHEMA, *extra_schemas):
        if len(found) <= MAX_PER_FILE and not schemas.is_valid(doc.data, schema):
            findings = schemas.explain(doc.data, schema, limit=MAX_PER_FILE + 1 - len(found))
            found.extend(_locate(doc, findings, found))
    found.extend(_locate(doc, schemas.format_problems(doc.data), found))
    # Semantic checks run even on a schema-invalid file, so every problem is reported at once.
    if len(found) <= MAX_PER_FILE:
        found.extend(_locate(doc, [*semantics.check(doc.data), *textrules.check(doc.data)], found))
    if len(found) <= MAX_PER_FILE:
        found.extend(_locate(doc, traps.placeholders(doc.data), found))
        found.extend(traps.misread_text(doc.text, doc.path))
    return capped(found)


def capped(found: list[Diagnostic]) -> list[Diagnostic]:
    """`found`, or MAX_PER_FILE of them and a note that there are more: the missing fields, then
    the first by position; shown in file order."""
    if len(found) <= MAX_PER_FILE:
        return found
    shown = sorted(sorted(found, key=_importance)[:MAX_PER_FILE])
    note = Diagnostic(
        shown[0].file,
        1,
        1,
        Code.TOO_MANY_PROBLEMS,
        f"more than {MAX_PER_FILE} problems in this file: {MAX_PER_FILE} are shown (missing fields, "
        "then the first in the file), and the rest were not looked for; fix these and validate again",
    )
    return [note, *shown]


def _importance(diagnostic: Diagnostic) -> tuple[bool, Diagnostic]:
    """What a cut list keeps first: missing fields (nothing else says the file lacks them)."""
    return diagnostic.code is not Code.MISSING_FIELD, diagnostic


Checked = tuple[Document | None, list[Diagnostic]]
Batch = tuple[list[Checked], list[Diagnostic]]
# Runs a batch check over groups of whole policies (in order), e.g. on worker processes.
BatchRunner = Callable[[Callable[[Sequence[Path]], Batch], Sequence[Path]], Iterable[Batch]]


def validate_paths(
    paths: Iterable[Path],
    *,
    root: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    extra_schemas: Sequence[str] = (),
    packs: Sequence[str] = (),
) -> Result:
    """Validate files and folders. Files under `root` must sit where their content says.

    A valid file is also checked against the requirement packs it declares and `packs` (a
    site's required ones): their findings are warnings whose code is a citation code.
    In one process; validate_folder spreads a whole policies folder over worker processes.
    """
    result = Result()
    options = _file_options(root, max_bytes, extra_schemas, packs)
    root = root.resolve() if root is not None else None
    paths = list(paths)
    files = discover(paths)
    result.files = len(files)
    check = partial(check_file, **options)
    for doc, found in map(check, files):
        result.diagnostics.extend(found)
        if doc is not None:
            result.documents.append(doc)
    whole_root = root is not None and any(Path(path).resolve() == root for path in paths)
    others = _unloaded_translations(result.documents, root) if root and not whole_root else []
    result.diagnostics.extend(across_files(result.documents, root, result.diagnostics, others))
    result.diagnostics.sort()
    return result


def validate_folder(
    files: Sequence[Path],
    *,
    root: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    extra_schemas: Sequence[str] = (),
    packs: Sequence[str] = (),
    runner: BatchRunner,
    on_valid: Callable[[list[Document]], None] | None = None,
) -> Result:
    """validate_paths for every file of a policies folder, with the checks across files run in
    each batch of whole policies that `runner` checks (on the worker that loads them).

    `on_valid` gets each batch's documents as it arrives, while no batch so far has had an
    error: the site can be planned while the rest is still being validated.

    A batch holds every file of its policies, so while no file has an error of its own (each
    then sits in the folder its policy id names) its checks across files see all they would
    see here. When one has, the files are validated again here by validate_paths, so that the
    report is exactly `policypress validate`'s.
    """
    options = _file_options(root, max_bytes, extra_schemas, packs)
    folder = options["folder"]
    result = Result(files=len(files))
    check = partial(check_batch, **options)
    valid = True
    for checked, across in runner(check, files):
        documents = [doc for doc, _ in checked if doc is not None]
        result.documents.extend(documents)
        found = [diagnostic for _, problems in checked for diagnostic in problems] + across
        result.diagnostics.extend(found)
        valid = valid and not any(diagnostic.severity is Severity.ERROR for diagnostic in found)
        if valid and on_valid is not None:
            on_valid(documents)
    if not valid:
        return validate_paths(
            files, root=folder, max_bytes=max_bytes, extra_schemas=extra_schemas, packs=packs
        )
    result.diagnostics.sort()
    return result


def _file_options(
    root: Path | None, max_bytes: int, extra_schemas: Sequence[str], packs: Sequence[str]
) -> dict[str, Any]:
    """check_file's options: `root` resolved, and as named (`folder`, for PP108)."""
    return {
        "root": root.resolve() if root is not None else None,
        "folder": Path(os.path.abspath(root)) if root is not None else None,
        "max_bytes": max_bytes,
        "extra_schemas": tuple(extra_schemas),
        "packs": tuple(packs),
    }


def check_batch(
    files: Sequence[Path],
    *,
    root: Path | None,
    max_bytes: int,
    extra_schemas: Sequence[str],
    packs: Sequence[str] = (),
    folder: Path | None = None,
) -> Batch:
    """check_file on each file, then the checks across them, unless one has an error of its own
    (validate_folder then validates again across the whole folder)."""
    checked = [
        check_file(
            path, root=root, max_bytes=max_bytes, extra_schemas=extra_schemas, packs=packs, folder=folder
        )
        for path in files
    ]
    known = [diagnostic for _, found in checked for diagnostic in found]
    if any(diagnostic.severity is Severity.ERROR for diagnostic in known):
        return checked, []
    documents = [doc for doc, _ in checked if doc is not None]
    return checked, across_files(documents, root, known)


def across_files(
    documents: Sequence[Document],
    root: Path | None,
    known: Sequence[Diagnostic],
    others: Sequence[Document] = (),
) -> list[Diagnostic]:
    """The problems that only show across files: duplicates, the chain of versions, translations.

    `known` are the files' own problems; `others` are files compared with but not reported on.
    """
    seen: dict[tuple[Any, ...], str] = {}
    found = [diagnostic for doc in documents for diagnostic in _duplicate(doc, seen)]
    for doc, finding in check_versions(documents, root, [*known, *found]):
        found.extend(_locate(doc, [finding], []))
    given = {doc.path for doc in documents}
    translated = check_translations([*documents, *others], [*known, *found])
    found.extend(diagnostic for diagnostic in translated if diagnostic.file in given)
    return found


def _unloaded_translations(documents: list[Document], root: Path) -> list[Document]:
    """The other language files of the version folders under `root` that `documents` come from,
    when they were not given: a translation validated on its own is still compared with its
    original (companions.py). Only the given files' problems are reported."""
    loaded = {Path(doc.path).resolve() for doc in documents}
    folders = {path.parent for path in loaded if path.is_relative_to(root)}
    found = (
        comparable_file(path)
        for folder in sorted(folders)
        for path in sorted(folder.glob(f"*{SUFFIX}"))
        if path.resolve() not in loaded
    )
    return [document for document in found if document is not None]


def check_file(
    path: Path,
    *,
    root: Path | None,
    max_bytes: int,
    extra_schemas: Sequence[str],
    packs: Sequence[str] = (),
    folder: Path | None = None,
) -> Checked:
    """Load one file and find its problems (all but duplicates, which need every file), and,
    when it has none, what the requirement packs it declares and `packs` find.

    `folder` is the policies folder as named (`root` is where it resolves to): a file found in
    it that is a symbolic link to a file outside it is refused (PP108), not read.
    """
    if folder is not None and root is not None:
        outside = outside_folder(path, folder, root)
        if outside is not None:
            return None, [outside]
    try:
        doc = load_file(path, display_path(path), max_bytes)
    except LoadError as exc:
        return None, exc.diagnostics
    found = validate_document(doc, extra_schemas)
    relative = _relative_to(path, root, folder)
    if relative is not None:
        found.extend(_locate(doc, check_place(relative, doc.data), found))
    if not any(diagnostic.severity is Severity.ERROR for diagnostic in found):
        found.extend(findings(doc, packs_for(doc.data, packs)))
    return doc, found


def outside_folder(path: Path, folder: Path, root: Path) -> Diagnostic | None:
    """PP108 for `path` if it sits in `folder` (as named) but resolves outside `root` (where the
    folder resolves to): a symbolic link that would publish a file from elsewhere on the
    machine. A link to another file inside the folder is fine."""
    named = Path(os.path.abspath(path))
    if not named.is_relative_to(folder):
        return None  # named on the command line, not found in the folder
    target = path.resolve()
    if target.is_relative_to(root):
        return None
    try:
        shown = str(named.relative_to(Path.cwd()))
    except ValueError:
        shown = str(named)
    return Diagnostic(
        shown,
        1,
        1,
        Code.OUTSIDE_FOLDER,
        f"this file is a symbolic link to {target}, outside the policies folder {folder}; "
        "a site publishes only files inside it: copy the file in, or move the link's target there",
    )


def _duplicate(doc: Document, seen: dict[tuple[Any, ...], str]) -> list[Diagnostic]:
    identity = (doc.data.get("policy"), doc.data.get("version"), doc.data.get("language"))
    # A missing or malformed identity is the schema's to report, not a duplicate.
    if not all(isinstance(part, str) for part in identity):
        return []
    if identity not in seen:
        seen[identity] = doc.path
        return []
    line, column = doc.locate(("policy",))
    policy, version, language = identity
    message = f"{seen[identity]} already holds policy {policy} version {version} in {language}"
    return [Diagnostic(doc.path, line, column, Code.DUPLICATE_POLICY, message, "/policy")]


def _locate(doc: Document, findings: Iterable[Finding], found: list[Diagnostic]) -> list[Diagnostic]:
    """Place findings in the file, leaving out fields a diagnostic in `found` already faults."""
    faulted = {d.pointer for d in found if d.pointer}
    located: list[Diagnostic] = []
    for finding in sorted(findings, key=lambda f: f.code is not Code.MISSING_FIELD):  # kept first
        if len(found) + len(located) > MAX_PER_FILE:
            break
        pointer = to_pointer(finding.path)
        if pointer in faulted:
            continue
        line, column = doc.locate(finding.path, key=finding.key)
        message = finding.message_at(lambda place: doc.locate(place)[0])
        located.append(Diagnostic(doc.path, line, column, finding.code, message, pointer, finding.severity))
    return located


def _relative_to(path: Path, root: Path | None, folder: Path | None = None) -> Path | None:
    """Where `path` sits in the policies folder: a link's own place, not its target's."""
    if root is None:
        return None
    if folder is not None and (named := Path(os.path.abspath(path))).is_relative_to(folder):
        return named.relative_to(folder)
    try:
        return path.resolve().relative_to(root)
    except ValueError:
        return None
