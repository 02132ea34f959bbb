"""Checking a version's change record (`changes`) against the diff from the version it supersedes.

The record is what readers and apps are told; the diff is what the files say. The record
may say more than the structured diff finds (a change in the prose about retention is
still a retention change), but never less:

- PP325 (warning): `material: false`, but a material kind of change is in the diff;
- PP326 (warning): the diff implies a kind that `kinds` leaves out (`editorial` is never
  required: every change comes with new wording);
- PP327 (error): an id in `concerns` is in neither version;
- PP328 (warning): `material` or `reconsent` is true, but nothing but metadata changed.

Warnings fail a strict build, so an understated record stops publication. Messages are in
English, like every diagnostic; findings are located in the new document.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from difflib import get_close_matches
from typing import Any

from ..diagnostics import Code, Finding, Severity
from .compare import diff_policies
from .kinds import change_kinds, material_kinds
from .model import PolicyDiff
from .text import TEXT
from .words import Words

MAX_LISTED = 5


def check_change_record(
    old: Mapping[str, Any], new: Mapping[str, Any], diff: PolicyDiff | None = None
) -> list[Finding]:
    """Problems of `new`'s change record, given the version `old` it supersedes.

    Pass `diff` when diff_policies(old, new) is already at hand, to compute it once.
    A version without a change record (a first version) has none to check.
    """
    record = new.get("changes")
    if not isinstance(record, Mapping):
        return []
    if diff is None:
        diff = diff_policies(old, new)
    version = _version(old)
    findings = list(_unknown_concerns(record, old, new, version))
    if diff.is_empty:
        return findings + list(_nothing_changed(record, version))
    words = Words("en", diff.names, TEXT)
    if record.get("material") is False:
        material_kind = material_kinds()
        material = [c for c in diff.changes if material_kind.intersection(c.kinds)]
        if material:
            listed = _listing(
                [
                    f"{words.line(c, brief=True)} [{', '.join(k for k in c.kinds if k in material_kind)}]"
                    for c in material
                ]
            )
            findings.append(
                Finding(
                    ("changes", "material"),
                    Code.MATERIAL_UNDERSTATED,
                    "the change is recorded as not material (material: false), but these changes since "
                    f"{version} are material: {listed}; "
                    "set material: true, so that readers are told before this version takes effect",
                    Severity.WARNING,
                )
            )
    kinds = record.get("kinds")
    if isinstance(kinds, list):
        missing = sorted(diff.kinds - set(kinds) - {"editorial"}, key=_kind_order)
        if missing:
            examples = {kind: next(c for c in diff.changes if kind in c.kinds) for kind in missing}
            listed = _listing([f"{kind} ({words.line(c, brief=True)})" for kind, c in examples.items()])
            findings.append(
                Finding(
                    ("changes", "kinds"),
                    Code.KIND_UNLISTED,
                    f"kinds leaves out changes made since {version}: {listed}; add "
                    + ", ".join(missing)
                    + " to kinds",
                    Severity.WARNING,
                )
            )
    return findings


def _version(old: Mapping[str, Any]) -> str:
    value = old.get("version")
    return f"version {value}" if isinstance(value, str) else "the version it supersedes"


def _kind_order(kind: str) -> int:
    kinds = change_kinds()
    return kinds.index(kind) if kind in kinds else len(kinds)


def _listing(lines: list[str]) -> str:
    shown = "; ".join(lines[:MAX_LISTED])
    more = len(lines) - MAX_LISTED
    return shown + (f"; and {more} more" if more > 0 else "")


def _unknown_concerns(
    record: Mapping[str, Any], old: Mapping[str, Any], new: Mapping[str, Any], version: str
) -> Iterator[Finding]:
    concerns = record.get("concerns")
    if not isinstance(concerns, list):
        return
    known = all_ids(old) | all_ids(new)
    for index, item_id in enumerate(concerns):
        if not isinstance(item_id, str) or item_id in known:
            continue
        close = get_close_matches(item_id, sorted(known), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        yield Finding(
            ("changes", "concerns", index),
            Code.UNKNOWN_CONCERN,
            f"'{item_id}' is not the id of anything in this version or in {version}{hint}",
        )


def _nothing_changed(record: Mapping[str, Any], version: str) -> Iterator[Finding]:
    claims = {
        "material": "the change is recorded as material",
        "reconsent": "apps are told to ask for consent again",
    }
    for key, claim in claims.items():
        if record.get(key) is True:
            yield Finding(
                ("changes", key),
                Code.NOTHING_CHANGED,
                f"{claim} ({key}: true), but nothing but metadata changed since {version}; "
                f"set {key}: false, or make the change this version is for",
                Severity.WARNING,
            )


def all_ids(data: Any) -> set[str]:
    """Every `id` in a document: of items, sections and the controller (not the policy's own)."""
    found: set[str] = set()
    stack = [value for key, value in data.items() if key != "policy"] if isinstance(data, Mapping) else []
    while stack:
        value = stack.pop()
        if isinstance(value, Mapping):
            if isinstance(value.get("id"), str):
                found.add(value["id"])
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return found
