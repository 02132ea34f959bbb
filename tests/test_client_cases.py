"""The Python client (policypress.client) on the shared case tables of clients/cases/, which the
JavaScript client runs too (clients/js/test/cases.test.js; tests/test_js_client.py runs it)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import rfc8785

from policypress.api.jsonfile import canonical
from policypress.client import changes_since, decide, negotiate_language, state_on, version_in_force

CASES = Path(__file__).resolve().parents[1] / "clients" / "cases"


def table(name: str) -> dict[str, Any]:
    return json.loads((CASES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "case", table("languages.json")["cases"], ids=lambda c: ",".join(c["preferred"]) or "none"
)
def test_language_negotiation(case: dict[str, Any]) -> None:
    assert negotiate_language(case["available"], case["preferred"], case["default"]) == case["expected"], (
        case["why"]
    )


@pytest.mark.parametrize("case", table("canonical.json")["cases"], ids=lambda c: c["sha256"][:8])
def test_canonical_json(case: dict[str, Any]) -> None:
    """The build's canonical form (orjson where it is provably the same, else rfc8785) agrees."""
    assert canonical(case["value"]).decode() == rfc8785.dumps(case["value"]).decode() == case["canonical"]


DECISIONS = table("decisions.json")


@pytest.mark.parametrize("case", DECISIONS["cases"], ids=lambda c: c["why"][:40])
def test_decisions(case: dict[str, Any]) -> None:
    got = decide(DECISIONS["policy"], case["record"], case["preferred"], case["day"])
    assert got.edition is not None
    expected = dict(case["expected"])
    summaries = expected.pop("summaries", None)
    assert {
        "action": got.action,
        "reason": got.reason,
        "edition": {"version": got.edition["version"], "language": got.edition["language"]},
        "changes": [c["version"] for c in got.changes],
        "upcoming": [c["version"] for c in got.upcoming],
    } == expected, case["why"]
    if summaries is not None:
        assert {c["version"]: [c["language"], c["summary"]] for c in got.changes} == summaries


def test_the_version_in_force_on_a_day_and_a_version_s_state() -> None:
    policy = DECISIONS["policy"]
    for case in DECISIONS["in_force"]:
        assert (version_in_force(policy, case["day"]) or {}).get("version") == case["expected"], case["day"]
    for case in DECISIONS["states"]:
        version = next(v for v in policy["versions"] if v["version"] == case["version"])
        assert state_on(version, dt.date.fromisoformat(case["day"])) == case["expected"]
    assert [c["version"] for c in changes_since(policy, "1", "3")] == ["2", "3"]


def test_the_table_s_catalog_entry_is_valid_and_consistent() -> None:
    """The decisions run on a real catalog's shape: the entry validates, and its states are
    what its intervals give on its build date."""
    from policypress.api import schemas as api_schemas

    catalog = {
        "$schema": "schema/catalog.schema.json",
        "api_version": 1,
        "build_date": DECISIONS["build_date"],
        "policies": [{**DECISIONS["policy"], "editions": _editions(DECISIONS["policy"])}],
    }
    assert api_schemas.problems(api_schemas.CATALOG, catalog) == []
    built = dt.date.fromisoformat(DECISIONS["build_date"])
    assert all(state_on(v, built) == v["state"] for v in DECISIONS["policy"]["versions"])


def _editions(policy: dict[str, Any]) -> list[dict[str, Any]]:
    from policypress.client import edition_for

    shown = []
    for language in policy["languages"]:
        edition = edition_for(policy, language, DECISIONS["build_date"])
        assert edition is not None
        v = next(v for v in policy["versions"] if v["version"] == edition["version"])
        shown.append(
            {
                "language": language,
                "version": edition["version"],
                "state": edition["state"],
                "title": policy["title"],
                "effective": v["effective"],
                "digest": edition["digest"],
                "manifest": edition["manifest"],
                "notice": edition["notice"],
                "page": edition["page"],
                "history": f"../../policies/demo/{language}/history/",
            }
        )
    return shown
