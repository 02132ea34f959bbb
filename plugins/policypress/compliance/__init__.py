"""Requirement packs: what a law or standard requires a notice to state, checked against a policy.

A pack is data (`packs/<name>.yaml`): each requirement has a citation, a statement in English
and Chinese, and the model paths that state it — paths of the policy schema, checked against
its index when the pack is read, so a pack cannot name a field the model does not have.
"""

from .check import Outcome, Status, check_documents, evaluate, findings, listing, packs_for, required_codes
from .packs import Pack, PackError, Requirement, available, load

__all__ = [
    "Outcome",
    "Pack",
    "PackError",
    "Requirement",
    "Status",
    "available",
    "check_documents",
    "evaluate",
    "findings",
    "listing",
    "load",
    "packs_for",
    "required_codes",
]
