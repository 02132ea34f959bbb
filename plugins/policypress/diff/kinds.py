"""Which kinds of change (the schema's change_kind) a diff implies, and which are material."""

from __future__ import annotations

from ..schemaindex import current
from .model import PolicyDiff


def change_kinds() -> tuple[str, ...]:
    """The schema's change_kind values, in its order."""
    return current().change_kinds


def material_kinds() -> frozenset[str]:
    """Material by default, as the schema's change_kind says (its `material` annotation): a change
    of these kinds changes what is collected, why, with whom it is shared, where it goes, how
    long it is kept, who the controller is or how people exercise their rights."""
    return current().material_kinds


def implied_kinds(diff: PolicyDiff) -> frozenset[str]:
    """The change kinds of every structured change, and `editorial` when the text changed."""
    return diff.kinds
