"""Checks across the versions of one policy: each names the one it supersedes, in order,
and its change record tells the truth about what changed.

A policy's versions form a chain: every version but the first names the version just
before it in `supersedes` (and records what changed in `changes`), and takes effect
after it. The record is checked against the semantic diff from the version it
supersedes (diff.check_change_record: PP325 to PP328), between the two files in the
same language, and only between files without errors of their own, since a diff of
broken data would only repeat those errors.

These checks need every file of the policy; when only some are validated
(`policypress validate policies/x/3/en.yaml`), the policy's other files in the policies
folder count as known versions too (by their folder), so a file can be checked alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .companions import comparable_file
from .diagnostics import Code, Diagnostic, Finding, Severity
from .layout import SUFFIX
from .timeline import version_key
from .yamlload import Document


def check_versions(
    documents: Sequence[Document], root: Path | None, known: Iterable[Diagnostic] = ()
) -> Iterator[tuple[Document, Finding]]:
    """Every problem with the chain of versions, as (file, finding) pairs.

    `known` are the diagnostics found so far: a file with an error is left out of the
    change-record check.
    """
    faulty = {d.file for d in known if d.severity is Severity.ERROR}
    by_policy: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        if _identity(doc.data) is not None:
            by_policy[doc.data["policy"]].append(doc)
    for policy, docs in sorted(by_policy.items()):
        yield from _check_policy(policy, docs, root, faulty)


def _identity(data: dict[str, Any]) -> tuple[str, str] | None:
    """(policy, version) when both are well formed; otherwise the schema reports them."""
    policy, version = data.get("policy"), data.get("version")
    if isinstance(policy, str) and isinstance(version, str) and _numeric(version):
        return policy, version
    return None


# The schema's form of a version (anything else is the schema's to report).
_VERSION = re.compile(r"[0-9]{1,9}(\.[0-9]{1,9}){0,3}")


def _numeric(version: str) -> bool:
    return _VERSION.fullmatch(version) is not None


def _check_policy(
    policy: str, docs: list[Document], root: Path | None, faulty: set[str]
) -> Iterator[tuple[Document, Finding]]:
    by_version: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        by_version[doc.data["version"]].append(doc)
    loaded = {Path(doc.path).resolve() for doc in docs}
    folder = root.resolve() / policy if root is not None else None
    in_folder = folder is not None and any(path.is_relative_to(folder) for path in loaded)
    known = set(by_version) | (_versions_on_disk(folder, loaded) if in_folder and folder else set())
    doubled = list(_same_numbers(by_version))
    yield from doubled
    renumbered = {doc.data["version"] for doc, _ in doubled}  # its chain would only repeat PP322
    # One file alone, outside the policies folder: its other versions are unknown, not absent.
    chain_known = in_folder or len(by_version) > 1
    for version, files in sorted(by_version.items(), key=lambda item: version_key(item[0])):
        if version in renumbered:
            continue
        before = [v for v in known if version_key(v) < version_key(version)]
        nearest = max(before, key=version_key) if before else None
        for doc in files:
            if chain_known:
                yield from ((doc, f) for f in _supersedes(doc.data, version, nearest, known))
            superseded = doc.data.get("supersedes")
            older = _counterpart(by_version.get(superseded, []), doc) if isinstance(superseded, str) else None
            if older is None and in_folder and folder is not None and superseded in known:
                older = _superseded_on_disk(folder / str(superseded), doc)
            if older is None:
                continue
            yield from ((doc, f) for f in _dates_follow(doc.data, older))
            # A record is compared within one language: across two, every word would differ. A
            # translation's record is the controlling text's, which is compared in its own language.
            same_language = older.data.get("language") == doc.data.get("language")
            if same_language and doc.path not in faulty and older.path not in faulty:
                from .diff import check_change_record  # only new versions need the diff

                yield from ((doc, f) for f in check_change_record(older.data, doc.data))


def _superseded_on_disk(folder: Path, doc: Document) -> Document | None:
    """The superseded version's file, read from disk when it was not validated with `doc`."""
    for language in (doc.data.get("language"), doc.data.get("controlling_language")):
        path = folder / f"{language}{SUFFIX}"
        if isinstance(language, str) and path.is_file():
            return comparable_file(path)
    return None


def _versions_on_disk(folder: Path, loaded: set[Path]) -> set[str]:
    """Versions of the policy's files under `folder` (root/<policy>) that were not loaded."""
    return {
        version.name
        for version in folder.iterdir()
        if version.is_dir()
        and _numeric(version.name)
        and any(file.resolve() not in loaded for file in version.glob(f"*{SUFFIX}"))
    }


def _same_numbers(by_version: dict[str, list[Document]]) -> Iterator[tuple[Document, Finding]]:
    """'1' and '1.0' are one version number written twice: pages and manifests would clash."""
    first: dict[tuple[int, ...], str] = {}
    for version in sorted(by_version, key=lambda v: (version_key(v), len(v), v)):
        number = version_key(version)
        trimmed = tuple(_trim(number))
        if trimmed in first:
            other = first[trimmed]
            for doc in by_version[version]:
                yield (
                    doc,
                    Finding(
                        ("version",),
                        Code.DUPLICATE_VERSION,
                        f"version '{version}' is the same number as version '{other}' "
                        f"({by_version[other][0].path}); give each version its own number",
                    ),
                )
        else:
            first[trimmed] = version


def _trim(number: tuple[int, ...]) -> list[int]:
    parts = list(number)
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return parts


def _supersedes(
    data: dict[str, Any], version: str, nearest: str | None, known: set[str]
) -> Iterator[Finding]:
    superseded = data.get("supersedes")
    if nearest is None:
        if superseded is not None:
            yield Finding(
                ("supersedes",),
                Code.VERSION_CHAIN,
                f"version '{version}' is the policy's first, so it supersedes nothing; "
                "remove 'supersedes' and 'changes'",
            )
        return
    if superseded is None:
        yield Finding(
            ("version",),
            Code.VERSION_CHAIN,
            f"version '{version}' follows version '{nearest}': add supersedes: \"{nearest}\" and a "
            "'changes' record saying what changed",
        )
        return
    if not isinstance(superseded, str) or not _numeric(superseded):
        return  # the schema reports its form
    if superseded not in known:
        versions = ", ".join(sorted(known, key=version_key))
        yield Finding(
            ("supersedes",),
            Code.VERSION_CHAIN,
            f"there is no version '{superseded}' of this policy to supersede (its versions: {versions}); "
            f'write "{nearest}"',
        )
    elif version_key(superseded) >= version_key(version):
        yield Finding(
            ("supersedes",),
            Code.VERSION_CHAIN,
            f"version '{version}' cannot supersede version '{superseded}', which is not older; "
            f'write "{nearest}"',
        )
    elif superseded != nearest:
        yield Finding(
            ("supersedes",),
            Code.VERSION_CHAIN,
            f"version '{version}' supersedes '{superseded}', but version '{nearest}' comes between "
            f'them; write "{nearest}"',
        )


def _counterpart(candidates: list[Document], doc: Document) -> Document | None:
    """The file of another version to compare `doc` with: same language, else the controlling one."""
    for wanted in (doc.data.get("language"), doc.data.get("controlling_language")):
        for candidate in candidates:
            if candidate.data.get("language") == wanted:
                return candidate
    return min(candidates, key=lambda c: c.path) if candidates else None


def _dates_follow(data: dict[str, Any], older: Document) -> Iterator[Finding]:
    """A later version takes effect (and is published) after the one it supersedes."""
    for field, verb in (("effective", "takes effect"), ("published", "is published")):
        new, old = _date(data.get(field)), _date(older.data.get(field))
        if new is None or old is None:
            continue
        if new < old or (field == "effective" and new == old):
            yield Finding(
                (field,),
                Code.VERSION_DATES,
                f"version '{data['version']}' {verb} on {new}, but the version it supersedes, "
                f"'{older.data['version']}', {verb} on {old} ({older.path}); a later version "
                f"{verb} {'after' if field == 'effective' else 'on or after'} the one before",
            )


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
