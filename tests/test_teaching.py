"""Errors that teach: the nearest id for a broken reference, list items named by their id, no
schema jargon, and change-record advice that knows a recipient at home crosses no border."""

from __future__ import annotations

import copy
from pathlib import Path

from policypress.diff import diff_policies
from policypress.validate import validate_document
from policypress.yamlload import load_file, load_text

ROOT = Path(__file__).resolve().parents[1]
BASE = (ROOT / "tests" / "invalid" / "_valid.yaml.txt").read_text(encoding="utf-8")
FIXTURES = ROOT / "tests" / "fixtures" / "site" / "policies"


def messages(text: str) -> list[str]:
    return [d.message for d in validate_document(load_text(text, "x.yaml"))]


def test_a_broken_reference_suggests_the_nearest_id() -> None:
    (message,) = messages(BASE.replace("    data: [contact-info]", "    data: [contact-inf]"))
    assert "'contact-inf' is not the id of any data category" in message
    assert "did you mean 'contact-info'?" in message


def test_a_field_in_a_list_item_is_named_by_the_items_id_not_its_position() -> None:
    (message,) = messages(BASE.replace("    sensitive: false", "    sensitive: maybe"))
    assert message.startswith("'sensitive' of the data category 'contact-info' must be true or false")
    assert "/0/" not in message


def test_a_new_version_without_a_change_record_is_told_so_without_schema_jargon() -> None:
    (message,) = messages(BASE.replace('version: "1"', 'version: "2"\nsupersedes: "1"'))
    assert message.startswith("a file with 'supersedes' needs 'changes' too (What changed since the version")
    assert "dependency" not in message


def test_a_recipient_in_the_controllers_own_country_is_not_a_cross_border_change() -> None:
    old = load_file(FIXTURES / "cmcc-guangdong" / "1" / "zh-CN.yaml").data
    assert old["controller"]["jurisdiction"] == "CN"
    old.setdefault("sharing", {"recipients": []})  # its text shares with no one (a negation)
    new = copy.deepcopy(old)
    new["sharing"]["recipients"].append(
        {"id": "courier", "name": "快递公司", "kind": "logistics", "location": "CN"}
    )
    assert "cross-border" not in diff_policies(old, new).kinds
    new["sharing"]["recipients"][-1]["location"] = "US"
    assert "cross-border" in diff_policies(old, new).kinds


def diagnostics(text: str) -> list[tuple[int, str, str]]:
    return [(d.line, d.code.value, d.message) for d in validate_document(load_text(text, "x.yaml"))]


def test_a_reused_id_names_the_item_that_has_it_and_its_line_not_its_position() -> None:
    text = BASE.replace("  - id: support\n", "  - id: contact-info\n")
    (found,) = diagnostics(text)
    assert found == (
        33,
        "PP301",
        "the id 'contact-info' is already used by the data category \"Contact information\" on line 29; "
        "ids must be unique in the whole file",
    )


def test_ids_alike_name_the_other_item_by_its_id_and_line() -> None:
    text = BASE.replace("    - id: office\n", "    - id: Support\n")  # also not an id's form: PP205
    messages = [message for _, code, message in diagnostics(text) if code == "PP342"]
    assert messages == [
        "the id 'support' differs from the address 'Support' on line 20 only by case, form or "
        "punctuation; they would share one anchor on the page: make them really different"
    ]


def test_a_part_shown_twice_names_the_section_that_shows_it_and_its_line() -> None:
    text = BASE + (
        "  - id: more\n    title: More\n    text: More.\n    sections:\n"
        "      - id: deeper\n        title: Deeper\n        text: Deeper still.\n        shows: [purposes]\n"
    )
    (found,) = diagnostics(text)
    assert found == (
        48,
        "PP308",
        "'purposes' is already shown by the section 'intro' (\"Introduction\") on line 37; "
        "show each part once",
    )


def test_items_of_nested_lists_are_named_by_the_schemas_noun() -> None:
    text = BASE + (
        "  - id: more\n    title: More\n    text: More.\n    sections:\n"
        "      - id: deeper\n        title: Deeper\n        text: Deeper still.\n"
        "        sections:\n          - id: deepest\n            text: x\n            title: 7\n"
    )
    (message,) = messages(text)
    assert message.startswith("'title' of the section 'deepest' must be text")
