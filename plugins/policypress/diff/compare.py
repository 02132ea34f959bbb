"""diff_policies: two versions of a policy (validated plain data) → their semantic diff."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import PolicyDiff, VersionRef
from .sections import diff_sections, section_titles
from .structured import diff_structured, item_names


def diff_policies(old: Mapping[str, Any], new: Mapping[str, Any]) -> PolicyDiff:
    """What changed from `old` to `new`: structured facts by id, then the text section by section.

    Both are policy documents as the loader gives them, validated (an invalid one is
    compared as far as its shape allows, never with an exception). Metadata — version,
    dates, status, supersedes, the change record, the source — is not compared.
    """
    old, new = dict(old), dict(new)  # the walk below checks for dicts, as the loader makes them
    names = {**item_names(old), **section_titles(old), **item_names(new), **section_titles(new)}
    return PolicyDiff(
        old_ref=VersionRef.of(old),
        new_ref=VersionRef.of(new),
        changes=tuple(diff_structured(old, new)),
        sections=tuple(diff_sections(old, new)),
        names=names,
    )
