"""Validate policy files: load, schema, semantics, place; every problem at once, located."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schemas, semantics
from .diagnostics import Code, Diagnostic, Severity
from .layout import check_place, discover
from .pointers import to_pointer
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

    def valid_documents(self) -> list[Document]:
        bad = {d.file for d in self.errors}
        return [doc for doc in self.documents if doc.path not in bad]


def validate_document(doc: Document) -> list[Diagnostic]:
    """Schema and semantic problems of one loaded document (no file-place check)."""
    found = list(doc.problems)
    flagged: set[str] = set()
    if not schemas.is_valid(doc.data):
        for problem in schemas.explain(doc.data):
            line, column = doc.locate(problem.path, key=problem.key)
            pointer = to_pointer(problem.path)
            flagged.add(pointer)
            found.append(Diagnostic(doc.path, line, column, Code[problem.code], problem.message, pointer))
    # Semantic checks run even on a schema-invalid file, so every problem is reported at once,
    # but say nothing more about a value the schema already faulted.
    found.extend(d for d in (_locate(doc, f) for f in semantics.check(doc.data)) if d.pointer not in flagged)
    return found


def validate_paths(
    paths: Iterable[Path], *, root: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Result:
    """Validate files and folders. Files under `root` must sit where their content says."""
    result = Result()
    root = root.resolve() if root is not None else None
    seen: dict[tuple[Any, Any, Any], str] = {}
    for path in discover(list(paths)):
        result.files += 1
        display = _display(path)
        try:
            doc = load_file(path, display, max_bytes)
        except LoadError as exc:
            result.diagnostics.extend(exc.diagnostics)
            continue
        result.documents.append(doc)
        found = validate_document(doc)
        relative = _relative_to(path, root)
        if relative is not None:
            faulted = {d.pointer for d in found}
            found.extend(
                d
                for d in (_locate(doc, f) for f in check_place(relative, doc.data))
                if d.pointer not in faulted
            )
        identity = (doc.data.get("policy"), doc.data.get("version"), doc.data.get("language"))
        if not all(isinstance(part, str) for part in identity):
            pass  # the schema already faults a missing or malformed identity
        elif identity in seen:
            line, column = doc.locate(("policy",))
            found.append(
                Diagnostic(
                    display,
                    line,
                    column,
                    Code.DUPLICATE_POLICY,
                    f"{seen[identity]} already holds policy {identity[0]} version {identity[1]} "
                    f"in {identity[2]}",
                    "/policy",
                )
            )
        else:
            seen[identity] = display
        result.diagnostics.extend(found)
    result.diagnostics.sort()
    return result


def _locate(doc: Document, finding: semantics.Finding) -> Diagnostic:
    line, column = doc.locate(finding.path, key=finding.key)
    return Diagnostic(
        doc.path, line, column, finding.code, finding.message, to_pointer(finding.path), finding.severity
    )


def _relative_to(path: Path, root: Path | None) -> Path | None:
    if root is None:
        return None
    try:
        return path.resolve().relative_to(root)
    except ValueError:
        return None


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
