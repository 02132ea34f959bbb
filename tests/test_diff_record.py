"""check_change_record: a version's change record against the diff from the version it supersedes.

Every change-record code (PP325 to PP328) is produced here from pairs of versions, and
by `policypress validate` in the invalid-policy corpus (tests/invalid/versions/policies/).
"""

from __future__ import annotations

from typing import Any

import pytest

from policypress.diagnostics import Code, Severity
from policypress.diff import check_change_record, diff_policies
from policypress.validate import _locate
from policypress.yamlload import load_text

from .diffcases import FIXTURES, PAIRS, fixture


def pair(
    old: str = "example/1/en.yaml", new: str = "example/2/en.yaml"
) -> tuple[dict[str, Any], dict[str, Any]]:
    return fixture(old), fixture(new)


def found(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(f.path, f.code, f.severity) for f in check_change_record(old, new)]


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_the_fixture_records_tell_the_truth(name: str) -> None:
    assert check_change_record(*pair(*PAIRS[name])) == []


def test_a_first_version_has_no_record_to_check() -> None:
    old = fixture("example/1/en.yaml")
    assert check_change_record(old, fixture("example/1/en.yaml")) == []
    assert check_change_record({}, old) == []


# ---------------------------------------------------------------- PP325: material understated


def test_material_changes_recorded_as_not_material() -> None:
    old, new = pair()
    new["changes"]["material"] = False
    [finding] = check_change_record(old, new)
    assert (finding.path, finding.code, finding.severity) == (
        ("changes", "material"),
        Code.MATERIAL_UNDERSTATED,
        Severity.WARNING,
    )
    message = finding.message
    assert message.startswith("the change is recorded as not material (material: false)")
    assert "since version 1" in message
    assert (
        "Data we collect · Approximate location (location): Added [data-categories, sensitive-data]"
        in message
    )
    assert "; and " in message and " more; set material: true" in message  # at most five named


def test_one_material_fact_is_enough_and_named_with_its_values() -> None:
    old, new = pair("example/2/en.yaml", "example/3/en.yaml")
    new["storage"]["retention"][1]["period"]["value"] = 36
    messages = {f.code: f.message for f in check_change_record(old, new)}
    assert set(messages) == {Code.MATERIAL_UNDERSTATED, Code.KIND_UNLISTED}
    assert (
        "(support-tickets): Period: 24 months → 36 months [retention]" in messages[Code.MATERIAL_UNDERSTATED]
    )


def test_wording_alone_is_never_material() -> None:
    old, new = pair("example/2/en.yaml", "example/3/en.yaml")
    new["purposes"][0]["label"] = "Answering all of your questions"
    new["data_categories"][0]["description"] = "Where you are, roughly."
    new["sections"][0]["text"] = "All new words."
    assert found(old, new) == []


# ---------------------------------------------------------------- PP326: kinds left out


def test_kinds_the_diff_implies_must_be_listed() -> None:
    old, new = pair()
    new["changes"]["kinds"] = ["data-categories", "purposes", "editorial"]
    [finding] = check_change_record(old, new)
    assert (finding.path, finding.code, finding.severity) == (
        ("changes", "kinds"),
        Code.KIND_UNLISTED,
        Severity.WARNING,
    )
    assert finding.message.endswith(
        "add sensitive-data, legal-basis, sharing, cross-border, retention, rights to kinds"
    )
    assert "sharing (Recipients · Example Analytics Inc. (analytics-provider): Added)" in finding.message


def test_editorial_need_not_be_listed_and_more_kinds_are_allowed() -> None:
    old, new = pair("example/2/en.yaml", "example/3/en.yaml")
    new["changes"]["kinds"] = ["contacts", "complaints", "security", "other"]
    assert found(old, new) == []


# ---------------------------------------------------------------- PP327: unknown concerns


def test_concerns_must_name_ids_of_either_version() -> None:
    old, new = pair()
    # location: in new only; usage-date: a typo; support-tickets: both; intro: a section; legal-obligation: no
    new["changes"]["concerns"] = ["location", "usage-date", "support-tickets", "intro", "legal-obligation"]
    findings = check_change_record(old, new)
    assert [(f.path, f.code, f.severity) for f in findings] == [
        (("changes", "concerns", 1), Code.UNKNOWN_CONCERN, Severity.ERROR),
        (("changes", "concerns", 4), Code.UNKNOWN_CONCERN, Severity.ERROR),
    ]
    assert findings[0].message == (
        "'usage-date' is not the id of anything in this version or in version 1 (did you mean usage-data?)"
    )
    old["sharing"]["recipients"].append({"id": "gone", "activities": ["sharing"], "name": "Gone"})
    new["changes"]["concerns"] = ["gone", "example"]  # removed in new; the controller's id
    assert found(old, new) == []


def test_the_policy_id_is_not_an_item() -> None:
    old, new = pair()
    new["changes"]["concerns"] = ["example-policy"]
    new["policy"] = old["policy"] = "example-policy"
    assert [f.code for f in check_change_record(old, new)] == [Code.UNKNOWN_CONCERN]


# ---------------------------------------------------------------- PP328: nothing changed


def test_a_material_claim_for_a_version_that_changed_nothing() -> None:
    old, new = pair("example/2/en.yaml", "example/2/en.yaml")
    new.update(version="3", supersedes="2", published="2025-01-01", effective="2025-01-01")
    new["changes"]["concerns"] = ["location"]
    findings = check_change_record(old, new)
    assert [(f.path, f.code, f.severity) for f in findings] == [
        (("changes", "material"), Code.NOTHING_CHANGED, Severity.WARNING),
        (("changes", "reconsent"), Code.NOTHING_CHANGED, Severity.WARNING),
    ]
    assert "nothing but metadata changed since version 2" in findings[0].message
    new["changes"].update(material=False, reconsent=False)
    assert found(old, new) == []  # a version that only re-dates the policy is fine


def test_a_wording_change_is_a_change() -> None:
    old, new = pair("example/2/en.yaml", "example/2/en.yaml")
    new["sections"][0]["text"] = "Reworded."
    assert found(old, new) == []


# ---------------------------------------------------------------- use by the lead's cross-version validation


def test_a_diff_at_hand_is_used_and_findings_locate_in_the_new_file() -> None:
    old, new = pair()
    new["changes"]["material"] = False
    diff = diff_policies(old, new)
    assert check_change_record(old, new, diff) == check_change_record(old, new)
    fixture_path = FIXTURES / "example/2/en.yaml"
    text = fixture_path.read_text(encoding="utf-8").replace("  material: true", "  material: false")
    doc = load_text(text, str(fixture_path))
    [diagnostic] = _locate(doc, check_change_record(old, doc.data), [])
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row == "  material: false")
    assert (diagnostic.line, diagnostic.column, diagnostic.pointer) == (line, 13, "/changes/material")
    assert diagnostic.format().startswith(f"{fixture_path}:{line}:13: PP325 warning: the change is recorded")


def test_every_change_record_code_is_produced_here() -> None:
    produced = set()
    old, new = pair()
    new["changes"].update(material=False, kinds=["editorial"], concerns=["nowhere"])
    produced |= {f.code for f in check_change_record(old, new)}
    same = fixture("example/2/en.yaml")
    produced |= {f.code for f in check_change_record(same, fixture("example/2/en.yaml"))}
    assert produced == {
        Code.MATERIAL_UNDERSTATED,
        Code.KIND_UNLISTED,
        Code.UNKNOWN_CONCERN,
        Code.NOTHING_CHANGED,
    }
