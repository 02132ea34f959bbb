"""Validate policy files: load, schema, semantics, place; every problem at once, located."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schemas, semantics
from .diagnostics import Code, Diagnostic, Finding, Severity
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


def validate_document(doc: Document, extra_schemas: Sequence[str] = ()) -> list[Diagnostic]:
    """Schema and semantic problems of one loaded document (no file-place check).

    `extra_schemas` are paths of a site's own schemas (house rules) that every policy
    must satisfy besides PolicyPress's.
    """
    found = list(doc.problems)
    for schema in (schemas.POLICY_SCHEMA, *extra_schemas):
        if not schemas.is_valid(doc.data, schema):
            found.extend(_locate(doc, schemas.explain(doc.data, schema), found))
    # Semantic checks run even on a schema-invalid file, so every problem is reported at once.
    found.extend(_locate(doc, semantics.check(doc.data), found))
    return found


def validate_paths(
    paths: Iterable[Path],
    *,
    root: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    extra_schemas: Sequence[str] = (),
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
        found = validate_document(doc, extra_schemas)
        relative = _relative_to(path, root)
        if relative is not None:
            found.extend(_locate(doc, check_place(relative, doc.data), found))
        identity = (doc.data.get("policy"), doc.data.get("version"), doc.data.get("language"))
        # A missing or malformed identity is the schema's to report, not a duplicate.
        if all(isinstance(part, str) for part in identity):
            if identity in seen:
                line, column = doc.locate(("policy",))
                policy, version, language = identity
                message = f"{seen[identity]} already holds policy {policy} version {version} in {language}"
                found.append(Diagnostic(display, line, column, Code.DUPLICATE_POLICY, message, "/policy"))
            else:
                seen[identity] = display
        result.diagnostics.extend(found)
    result.diagnostics.sort()
    return result


def _locate(doc: Document, findings: Iterable[Finding], found: list[Diagnostic]) -> list[Diagnostic]:
    """Place findings in the file, leaving out fields a diagnostic in `found` already faults."""
    faulted = {d.pointer for d in found if d.pointer}
    located = []
    for finding in findings:
        pointer = to_pointer(finding.path)
        if pointer in faulted:
            continue
        line, column = doc.locate(finding.path, key=finding.key)
        located.append(
            Diagnostic(doc.path, line, column, finding.code, finding.message, pointer, finding.severity)
        )
    return located


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
