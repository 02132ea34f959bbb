"""`policypress export --format apple|play`: app-store labels from a policy, parsed as the platforms would."""

from __future__ import annotations

import csv
import io
import json
import plistlib
from pathlib import Path
from typing import Any

import pytest

from policypress.cli import main
from policypress.platforms import NOT_STATED, export, play_rows
from policypress.vocabularies import load
from policypress.yamlload import load_file, load_text
from tests.sites import POLICY_EN

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "policies" / "example-telecom" / "4" / "en.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


def example() -> dict[str, Any]:
    doc = load_file(EXAMPLE)
    assert not isinstance(doc, list)
    return dict(doc.data)


def apple_entries(data: dict[str, Any]) -> list[dict[str, Any]]:
    parsed = plistlib.loads(export(data, "apple").content)
    assert list(parsed) == ["NSPrivacyCollectedDataTypes"]
    entries: list[dict[str, Any]] = parsed["NSPrivacyCollectedDataTypes"]
    return entries


def play_table(data: dict[str, Any]) -> dict[tuple[str, str], str]:
    rows = list(csv.reader(io.StringIO(export(data, "play").content.decode("utf-8"))))
    assert rows[0] == load("play").raw["layout"]["header"]
    return {(row[0], row[1]): row[2] for row in rows[1:]}


# ---------------------------------------------------------------- Example Telecom's full mapping


def test_example_telecom_names_every_platform_term_for_each_category_and_purpose() -> None:
    data = example()
    for part in ("data_categories", "purposes"):
        for item in data[part]:
            assert set(item["terms"]) == {"dpv", "fideslang", "apple", "play"}, item["id"]


def test_the_apple_export_is_the_policys_categories_as_apple_reads_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = example()
    entries = apple_entries(data)
    expected_types = list(dict.fromkeys(t for c in data["data_categories"] for t in c["terms"]["apple"]))
    assert [e["NSPrivacyCollectedDataType"] for e in entries] == expected_types
    for entry in entries:
        assert set(entry) == {
            "NSPrivacyCollectedDataType",
            "NSPrivacyCollectedDataTypeLinked",
            "NSPrivacyCollectedDataTypeTracking",
            "NSPrivacyCollectedDataTypePurposes",
        }
        categories = [
            c for c in data["data_categories"] if entry["NSPrivacyCollectedDataType"] in c["terms"]["apple"]
        ]
        assert entry["NSPrivacyCollectedDataTypeLinked"] is any(c["linked"] for c in categories)
        assert entry["NSPrivacyCollectedDataTypeTracking"] is any(c["tracking"] for c in categories)
        ids = {c["id"] for c in categories}
        wanted = {
            term for p in data["purposes"] if ids & set(p.get("data", [])) for term in p["terms"]["apple"]
        } | {  # practices that bind a category to a listed purpose
            term
            for practice in data.get("practices", [])
            if ids & set(practice.get("data", []))
            for p in data["purposes"]
            if p["id"] in practice.get("purposes", [])
            for term in p["terms"]["apple"]
        }
        assert set(entry["NSPrivacyCollectedDataTypePurposes"]) == wanted
    traffic = next(
        e for e in entries if e["NSPrivacyCollectedDataType"] == "NSPrivacyCollectedDataTypeOtherUsageData"
    )
    assert traffic["NSPrivacyCollectedDataTypePurposes"] == [
        "NSPrivacyCollectedDataTypePurposeAppFunctionality",
        "NSPrivacyCollectedDataTypePurposeDeveloperAdvertising",
    ]
    out = tmp_path / "PrivacyInfo.xcprivacy"
    code, err = run(capsys, "export", "--format", "apple", "--strict", str(EXAMPLE), "-o", str(out))
    assert code == 0, err
    assert "PP312" not in err
    assert plistlib.loads(out.read_bytes())["NSPrivacyCollectedDataTypes"] == entries


def test_the_play_export_fills_the_import_template_from_the_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = example()
    table = play_table(data)
    assert len(table) == len(play_rows()) - 1 == 782
    declared = {t for c in data["data_categories"] for t in c["terms"]["play"]}
    for _, type_id, _ in load("play").raw["layout"]["data_types"]:
        group = next(q for q, r, _ in load("play").raw["layout"]["data_types"] if r == type_id)
        assert table[(group, type_id)] == ("true" if type_id in declared else "")
    assert table[("PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA", "")] == "true"
    assert table[("PSL_SUPPORT_DATA_DELETION_BY_USER", "DATA_DELETION_YES")] == "true"  # the right of erasure
    usage = "PSL_DATA_USAGE_RESPONSES:{}:{}".format
    # account data: required (the policy says so), stored, only collected (its recipients are processors)
    assert (
        table[(usage("PSL_NAME", "DATA_USAGE_USER_CONTROL"), "PSL_DATA_USAGE_USER_CONTROL_REQUIRED")]
        == "true"
    )
    assert table[(usage("PSL_NAME", "DATA_USAGE_USER_CONTROL"), "PSL_DATA_USAGE_USER_CONTROL_OPTIONAL")] == ""
    assert table[(usage("PSL_NAME", "PSL_DATA_USAGE_EPHEMERAL"), "")] == "false"
    assert (
        table[(usage("PSL_NAME", "PSL_DATA_USAGE_COLLECTION_AND_SHARING"), "PSL_DATA_USAGE_ONLY_COLLECTED")]
        == "true"
    )
    assert (
        table[(usage("PSL_NAME", "PSL_DATA_USAGE_COLLECTION_AND_SHARING"), "PSL_DATA_USAGE_ONLY_SHARED")]
        == ""
    )
    # contact data: used for support and, with consent, offers; whether it is required is not stated
    assert table[(usage("PSL_EMAIL", "DATA_USAGE_COLLECTION_PURPOSE"), "PSL_ADVERTISING")] == "true"
    assert table[(usage("PSL_EMAIL", "DATA_USAGE_COLLECTION_PURPOSE"), "PSL_ANALYTICS")] == ""
    assert (
        table[(usage("PSL_EMAIL", "DATA_USAGE_USER_CONTROL"), "PSL_DATA_USAGE_USER_CONTROL_REQUIRED")]
        == NOT_STATED
    )
    assert (
        table[(usage("PSL_EMAIL", "DATA_USAGE_USER_CONTROL"), "PSL_DATA_USAGE_USER_CONTROL_OPTIONAL")]
        == NOT_STATED
    )
    # a type the policy does not name is not answered at all
    assert table[(usage("PSL_HEALTH", "PSL_DATA_USAGE_EPHEMERAL"), "")] == ""
    out = tmp_path / "data-safety.csv"
    code, err = run(capsys, "export", "--format", "play", "--strict", str(EXAMPLE), "-o", str(out))
    assert code == 1  # contact data's "required" is not stated
    lines = [line for line in err.splitlines() if "PP312" in line]
    assert len(lines) == 2 and all(
        "contact-data" in line and "(at /data_categories/1)" in line for line in lines
    )
    contact_line = EXAMPLE.read_text(encoding="utf-8").splitlines().index("  - id: contact-data") + 1
    where = f"policies/example-telecom/4/en.yaml:{contact_line}:5: PP312 warning:"
    assert all(line.startswith(where) for line in lines)
    assert "to be answered in Play Console: PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT" in err
    assert run(capsys, "export", "--format", "play", str(EXAMPLE), "-o", str(out))[0] == 0
    assert out.read_bytes() == export(data, "play").content


def test_exports_are_deterministic() -> None:
    data = example()
    for platform in ("apple", "play"):
        assert export(data, platform).content == export(example(), platform).content


# ---------------------------------------------------------------- what a policy does not state


BASE = POLICY_EN.replace(
    "    sensitive: false\n",
    "    sensitive: false\n    terms:\n      apple: [NSPrivacyCollectedDataTypeEmailAddress]\n"
    "      play: [PSL_EMAIL]\n",
).replace(
    "    data: [contact-info]\n",
    "    data: [contact-info]\n    terms:\n      apple: [NSPrivacyCollectedDataTypePurposeAppFunctionality]\n"
    "      play: [PSL_APP_FUNCTIONALITY]\n",
)


def data_of(text: str) -> dict[str, Any]:
    return dict(load_text(text, "policies/example/1/en.yaml").data)


def test_apple_leaves_out_what_the_policy_does_not_state_and_says_where() -> None:
    made = export(data_of(BASE), "apple")
    entry = plistlib.loads(made.content)["NSPrivacyCollectedDataTypes"][0]
    assert entry == {
        "NSPrivacyCollectedDataType": "NSPrivacyCollectedDataTypeEmailAddress",
        "NSPrivacyCollectedDataTypePurposes": ["NSPrivacyCollectedDataTypePurposeAppFunctionality"],
    }  # neither linked nor tracking: the policy says neither
    messages = [gap.message for gap in made.gaps]
    assert any("linked to the person's identity" in m and "(linked is left out)" in m for m in messages)
    assert any("used for tracking" in m for m in messages)
    assert {gap.place for gap in made.gaps} == {("data_categories", 0)}


def test_a_negation_of_tracking_states_it_and_linked_is_taken_as_written() -> None:
    text = (
        BASE.replace("    sensitive: false\n", "    sensitive: false\n    linked: false\n")
        .replace(
            "sections:\n",
            "negations:\n  - id: no-tracking\n    practice: track\n"
            "    text: We never track you.\nsections:\n",
        )
        .replace(
            "shows: [controller, data_categories, purposes]",
            "shows: [controller, data_categories, purposes, negations]",
        )
    )
    made = export(data_of(text), "apple")
    entry = plistlib.loads(made.content)["NSPrivacyCollectedDataTypes"][0]
    assert entry["NSPrivacyCollectedDataTypeLinked"] is False
    assert entry["NSPrivacyCollectedDataTypeTracking"] is False
    assert not made.gaps


def test_a_category_without_a_platform_term_or_purpose_is_reported() -> None:
    text = BASE.replace("      apple: [NSPrivacyCollectedDataTypeEmailAddress]\n", "").replace(
        "      apple: [NSPrivacyCollectedDataTypePurposeAppFunctionality]\n", ""
    )
    made = export(data_of(text), "apple")
    assert plistlib.loads(made.content) == {"NSPrivacyCollectedDataTypes": []}
    assert [gap.message for gap in made.gaps] == [
        "contact-info: names no data type of Apple's privacy manifest (terms.apple), "
        "so the export does not declare it"
    ]
    unlinked = BASE.replace("    data: [contact-info]\n", "")
    gaps = export(data_of(unlinked), "apple").gaps
    assert any("no purpose states that it uses this data" in gap.message for gap in gaps)


def test_play_marks_sharing_not_stated_when_a_recipients_role_is_not_stated() -> None:
    recipients = (
        "sharing:\n  recipients:\n    - id: partner\n      activities: [sharing]\n      name: A partner\n"
        "      data: [contact-info]\n      purposes: [support]\n"
    )
    text = BASE.replace("sections:\n", recipients + "sections:\n").replace(
        "shows: [controller, data_categories, purposes]",
        "shows: [controller, data_categories, purposes, sharing]",
    )
    made = export(data_of(text), "play")
    table = {(r[0], r[1]): r[2] for r in csv.reader(io.StringIO(made.content.decode("utf-8")))}
    key = "PSL_DATA_USAGE_RESPONSES:PSL_EMAIL:PSL_DATA_USAGE_COLLECTION_AND_SHARING"
    assert table[(key, "PSL_DATA_USAGE_ONLY_SHARED")] == NOT_STATED
    assert any(gap.place == ("sharing", "recipients", 0) for gap in made.gaps)
    # an independent controller that receives the data: shared, for the purposes it serves
    text = text.replace("      name: A partner\n", "      name: A partner\n      role: controller\n")
    table = {
        (r[0], r[1]): r[2] for r in csv.reader(io.StringIO(export(data_of(text), "play").content.decode()))
    }
    assert table[(key, "PSL_DATA_USAGE_ONLY_SHARED")] == "true"
    purpose = "PSL_DATA_USAGE_RESPONSES:PSL_EMAIL:DATA_USAGE_SHARING_PURPOSE"
    assert table[(purpose, "PSL_APP_FUNCTIONALITY")] == "true"
    assert table[(purpose, "PSL_ANALYTICS")] == ""
    # a processor is a service provider: not sharing in Google Play's sense
    text = text.replace("role: controller", "role: processor")
    table = {
        (r[0], r[1]): r[2] for r in csv.reader(io.StringIO(export(data_of(text), "play").content.decode()))
    }
    assert table[(key, "PSL_DATA_USAGE_ONLY_SHARED")] == ""


def test_an_invalid_policy_is_not_exported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "policies" / "example" / "1" / "en.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(BASE.replace("play: [PSL_EMAIL]", "play: [PSL_E_MAIL]"), encoding="utf-8")
    code, err = run(capsys, "export", "--format", "play", str(path), "-o", str(tmp_path / "out.csv"))
    assert code == 1 and "PP311" in err and not (tmp_path / "out.csv").exists()
    assert run(capsys, "export", "--format", "apple", str(tmp_path / "missing.yaml"))[0] == 2


# ---------------------------------------------------------------- the manifest carries the terms


def test_the_manifest_carries_the_terms_and_its_published_schema_accepts_them() -> None:
    import jsonschema

    from policypress.api.manifest import build_manifest
    from policypress.api.schemas import manifest_schema

    data = example()
    manifest = build_manifest(
        data, schema_url="../schema/manifest.schema.json", links={"catalog": "../index.json"}
    )
    categories = {c["id"]: c for c in manifest["data_categories"]}
    assert categories["contact-data"]["terms"]["play"] == ["PSL_EMAIL", "PSL_PHONE"]
    assert categories["contact-data"]["linked"] is True
    assert manifest["purposes"][0]["terms"]["dpv"] == ["dpv:ServiceProvision"]
    schema = manifest_schema()
    jsonschema.Draft202012Validator(schema).validate(json.loads(json.dumps(manifest)))
    terms = schema["$defs"]["data_terms"]["properties"]
    assert set(terms) == {"dpv", "fideslang", "apple", "play"}
    assert "x-policypress" not in json.dumps(schema)
    broken = json.loads(json.dumps(manifest))
    broken["data_categories"][0]["terms"]["apple"] = "NSPrivacyCollectedDataTypeName"  # not a list
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(broken)


def test_the_vocabulary_tool_checks_the_layout_with_the_exports_own_expansion() -> None:
    """tools/refresh_vocabularies.py proves the compact Play layout gives back the template's
    rows with the very function the export fills (not a copy that could drift from it)."""
    import importlib.util

    from policypress import platforms

    spec = importlib.util.spec_from_file_location(
        "refresh_vocabularies", ROOT / "tools" / "refresh_vocabularies.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.expand_play_layout is platforms.expand_play_layout
    assert not hasattr(tool, "expand")
