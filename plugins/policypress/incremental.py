"""A policies folder between two builds of a site being served: which policies changed, and which
of them may be published.

A policy is the unit of change: its files (every version and language, in its own folder) are
validated together, since they are checked against each other. A policy whose files hold the
same bytes as at the last build keeps what that build found; the others are validated again.
A policy may be published when its files have no error (nor, in strict mode, a warning).
No MkDocs here: the plugin's serve mode (plugin/serve.py) uses it.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Severity
from .publish import Edition
from .validate import Result
from .yamlload import Document

# Each policy's files, by their path (resolved; see placed), with the sha256 of their bytes.
Digests = dict[str, dict[Path, str]]


@dataclass(frozen=True)
class PolicyCheck:
    """One policy's files as last validated, what validation found in them, and whether the
    policy may be published (no error; in strict mode, no warning either, but in drafts the site
    does not publish: `unpublished`, whose warnings are only information)."""

    digests: Mapping[Path, str]
    diagnostics: tuple[Diagnostic, ...]
    publishable: bool
    unpublished: frozenset[str] = frozenset()


def unpublished_drafts(documents: Iterable[Document], *, drafts: bool) -> set[str]:
    """The files of drafts the site does not publish (none when it publishes drafts): their
    warnings (such as the TODOs `policypress import` leaves) cannot hold a build up."""
    return set() if drafts else {doc.path for doc in documents if doc.data.get("status") == "draft"}


class FileDigests:
    """The sha256 of files, read again only when a file's size or modification time changed
    since it was last read: a build of a served site reads what an edit touched, not every file.
    (An editor that keeps both, to the nanosecond, while changing the bytes is not a real one.)"""

    def __init__(self) -> None:
        self._known: dict[str, tuple[int, int, str]] = {}  # path -> size, mtime_ns, digest

    def digest(self, path: Path | str) -> str:
        """The file's sha256 (hex). OSError if it cannot be read."""
        key = os.fspath(path)
        stat = os.stat(key)
        known = self._known.get(key)
        if known is not None and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            return known[2]
        with open(key, "rb") as file:
            digest = hashlib.sha256(file.read()).hexdigest()
        self._known[key] = (stat.st_size, stat.st_mtime_ns, digest)
        return digest


def policy_digests(files: Iterable[Path], root: Path, known: FileDigests | None = None) -> Digests:
    """The digest of every file, by policy: the folder under `root` that holds it (a file right in
    `root` is a policy of its own, which validation faults). A file gone since it was found is
    left out, as if it had not been found. `known`: digests kept from an earlier call.

    A symbolic link to a file outside `root` is not read (validation refuses it, PP108): its
    digest is the name of its target, and it is kept by its own path (see placed)."""
    digests = known if known is not None else FileDigests()
    inside = root.resolve()
    found: Digests = defaultdict(dict)
    for path in files:
        policy, key = placed(path, root)
        try:
            target = path.resolve()
            digest = digests.digest(key) if target.is_relative_to(inside) else f"a link to {target}"
        except OSError:
            continue
        found[policy][key] = digest
    return dict(found)


def placed(path: Path, root: Path) -> tuple[str, Path]:
    """The policy folder under `root` that holds `path` (by name), and the path the file is kept
    by: where it resolves to, as validation names it; or, for a symbolic link out of `root`, the
    link itself (a folder as named under root, or a policy of its own when it is not in one)."""
    resolved, inside = path.resolve(), root.resolve()
    if resolved.is_relative_to(inside):
        return resolved.relative_to(inside).parts[0], resolved
    named, folder = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    return (named.relative_to(folder).parts[0] if named.is_relative_to(folder) else str(named)), named


def changed_policies(checks: Mapping[str, PolicyCheck], digests: Digests) -> list[str]:
    """The policies whose files are not exactly those last validated (added, removed or edited)."""
    return sorted(
        policy
        for policy in checks.keys() | digests.keys()
        if policy not in checks or checks[policy].digests != digests.get(policy, {})
    )


def split(
    result: Result, digests: Digests, policies: Sequence[str], root: Path, *, strict: bool, drafts: bool
) -> tuple[dict[str, PolicyCheck], dict[str, list[Edition]]]:
    """What `result` (the validation of the files of `policies`) says of each of them: its check,
    and the editions of each that may be published (with their files' digests). `drafts`: the
    site publishes drafts."""
    unpublished = unpublished_drafts(result.documents, drafts=drafts)
    found: dict[str, list[Diagnostic]] = {policy: [] for policy in policies}
    for diagnostic in result.diagnostics:
        found.setdefault(placed(Path(diagnostic.file), root)[0], []).append(diagnostic)
    checks = {
        policy: PolicyCheck(
            digests.get(policy, {}),
            tuple(diagnostics),
            publishable([d for d in diagnostics if d.file not in unpublished], strict=strict),
            frozenset(d.file for d in diagnostics if d.file in unpublished),
        )
        for policy, diagnostics in found.items()
    }
    editions: dict[str, list[Edition]] = {policy: [] for policy, check in checks.items() if check.publishable}
    for doc in result.documents:
        policy, path = placed(Path(doc.path), root)
        if policy in editions:
            editions[policy].append(edition(doc, path, digests.get(policy, {}).get(path)))
    return checks, editions


def publishable(diagnostics: Iterable[Diagnostic], *, strict: bool) -> bool:
    return not any(d.severity is Severity.ERROR or strict for d in diagnostics)


def edition(doc: Document, path: Path, digest: str | None) -> Edition:
    return Edition(doc.data, path, digest)
