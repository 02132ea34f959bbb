"""Which kinds of change (the schema's change_kind) a diff implies, and which are material."""

from __future__ import annotations

from ..schemas import load_schema
from .model import PolicyDiff

# The schema's change_kind values, in its order.
CHANGE_KINDS: tuple[str, ...] = tuple(load_schema()["$defs"]["change_kind"]["enum"])

# Material by default, as the schema's change_kind description says: a change of these
# kinds changes what is collected, why, with whom it is shared, where it goes, how long it
# is kept, who the controller is or how people exercise their rights.
MATERIAL_KINDS: frozenset[str] = frozenset(
    {
        "purposes",
        "data-categories",
        "sensitive-data",
        "legal-basis",
        "sharing",
        "cross-border",
        "retention",
        "rights",
        "controller",
        "children",
        "cookies",
    }
)


def implied_kinds(diff: PolicyDiff) -> frozenset[str]:
    """The change kinds of every structured change, and `editorial` when the text changed."""
    return diff.kinds
