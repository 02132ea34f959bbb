"""Semantic diffs between two versions of a policy (no MkDocs here).

- diff_policies(old, new) → PolicyDiff: structured changes by stable id, section redlines;
- diff_markdown(diff, language) and diff_text(diff, language): the diff in words;
- implied_kinds(diff) and material_kinds(): what kinds of change it makes;
- check_change_record(old, new): whether the new version's change record tells the truth.
"""

from __future__ import annotations

from .compare import diff_policies
from .kinds import change_kinds, implied_kinds, material_kinds
from .markdown import diff_markdown
from .model import Change, FieldRedline, PolicyDiff, SectionDiff, Segment, VersionRef
from .record import check_change_record
from .text import diff_text

__all__ = [
    "Change",
    "FieldRedline",
    "PolicyDiff",
    "SectionDiff",
    "Segment",
    "VersionRef",
    "change_kinds",
    "check_change_record",
    "diff_markdown",
    "diff_policies",
    "diff_text",
    "implied_kinds",
    "material_kinds",
]
