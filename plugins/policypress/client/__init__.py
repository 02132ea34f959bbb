"""A client for apps that show a PolicyPress site's privacy policies (standard library HTTP).

    from policypress.client import PolicyClient

    client = PolicyClient("https://privacy.example.com/")
    decision = client.decide("example-telecom", stored_record, preferred=["zh-Hans-CN", "en"])
    if decision.action in ("ask", "ask-again"):
        manifest = client.manifest(decision.edition)  # verified against its digest
        ...

The JavaScript client in `clients/js` has the same API; both run the shared cases of
`clients/cases/`. See the docs, "Client libraries".
"""

from __future__ import annotations

from ..api.catalog import state_on
from .decisions import Decision, changes_since, decide, edition_for, version_in_force
from .http import DigestMismatch, JsonFileCache, PolicyClient, manifest_digest, verify_manifest
from .languages import negotiate_language

__all__ = [
    "Decision",
    "DigestMismatch",
    "JsonFileCache",
    "PolicyClient",
    "changes_since",
    "decide",
    "edition_for",
    "manifest_digest",
    "negotiate_language",
    "state_on",
    "verify_manifest",
    "version_in_force",
]
