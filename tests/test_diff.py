"""The semantic diff (policypress.diff): structured changes, section redlines, words, goldens.

Goldens live in tests/golden/diff/<pair>.{json,md}, made from the fixture versions in
tests/fixtures/diff/ by `policypress diff`; `POLICYPRESS_UPDATE_GOLDENS=1 pytest
tests/test_diff.py` rewrites them (review the diff before committing).
"""

from __future__ import annotations

import copy
import html
import json
import os
import re
from pathlib import Path
from typing import Any

import markdown
import pytest

from policypress.cli import main
from policypress.diff import (
    Change,
    PolicyDiff,
    change_kinds,
    diff_markdown,
    diff_policies,
    diff_text,
    implied_kinds,
    material_kinds,
)
from policypress.diff.areas import EDITORIAL, NOTES, table
from policypress.diff.redline import redline, tokens
from policypress.diff.sequence import kept_in_order, merged_order
from policypress.diff.words import field_specs
from policypress.render.labels import labels_for
from policypress.schemaindex import SchemaIndex, SchemaIndexError
from policypress.schemas import load_schema
from policypress.validate import validate_document
from policypress.yamlload import load_file

from .diffcases import FIXTURES, PAIRS, fixture, mirror, sorted_diff

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden" / "diff"
UPDATE = os.environ.get("POLICYPRESS_UPDATE_GOLDENS") == "1"
SCHEMA = load_schema()
SITE_EXTENSIONS = ["admonition", "attr_list", "tables", "sane_lists", "toc"]


def base() -> dict[str, Any]:
    return fixture("example/2/en.yaml")


def changes_of(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(c.area, c.op, c.id, c.field, c.old, c.new) for c in diff_policies(old, new).changes]


# ---------------------------------------------------------------- the fixtures themselves


@pytest.mark.parametrize("name", sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*.yaml")))
def test_fixtures_are_valid_policies_without_warnings(name: str) -> None:
    doc = load_file(FIXTURES / name)
    assert validate_document(doc) == []
    policy, version, language = Path(name).parts
    assert (doc.data["policy"], doc.data["version"], doc.data["language"]) == (policy, version, language[:-5])
    assert ("supersedes" in doc.data) == (version != "1")


# ---------------------------------------------------------------- structured changes


def test_a_policy_has_no_difference_with_itself() -> None:
    for name in ("example/1/en.yaml", "example/2/en.yaml", "shili/2/zh-CN.yaml"):
        diff = diff_policies(fixture(name), fixture(name))
        assert diff.is_empty and diff.changes == () and diff.sections == ()
        assert diff.to_json()["kinds"] == []


def test_metadata_is_not_content() -> None:
    old, new = base(), base()
    new.update(
        version="9",
        status="withdrawn",
        published="2030-01-01",
        effective=None,
        supersedes="8",
        source={"url": "https://example.org/elsewhere"},
    )
    new["changes"]["summary"] = "Something else entirely."
    assert diff_policies(old, new).is_empty


def test_order_of_items_is_no_change_but_the_order_of_address_lines_is() -> None:
    old, new = base(), base()
    new["data_categories"].reverse()
    new["purposes"][1]["legal_basis"].reverse()
    new["cross_border"]["transfers"][0]["safeguards"].reverse()
    assert diff_policies(old, new).is_empty
    old["controller"]["addresses"][0]["lines"] = ["Main Street 1", "Back building"]
    new["controller"]["addresses"][0]["lines"] = ["Back building", "Main Street 1"]
    assert changes_of(old, new) == [
        (
            "addresses",
            "changed",
            "office",
            "lines",
            ["Main Street 1", "Back building"],
            new["controller"]["addresses"][0]["lines"],
        )
    ]


def test_layout_of_sections_is_no_change() -> None:
    old, new = base(), base()
    new["sections"][0]["topic"] = "other"
    new["sections"][0]["shows"] = []
    new["sections"][1]["shows"].append("controller")
    assert diff_policies(old, new).is_empty


def test_absent_null_and_empty_are_all_not_stated_but_types_count() -> None:
    old, new = base(), base()
    new["data_categories"][2]["examples"] = []
    assert diff_policies(old, new).is_empty
    new["data_categories"][2]["sensitive"] = True
    old["data_categories"][2]["sensitive"] = 1  # not valid, but never equal to true
    assert [c.field for c in diff_policies(old, new).changes] == ["sensitive"]


def test_an_added_item_carries_the_whole_item_and_its_pointer() -> None:
    old, new = fixture("example/1/en.yaml"), fixture("example/2/en.yaml")
    added = next(c for c in diff_policies(old, new).changes if c.id == "location")
    assert (added.area, added.op, added.field) == ("data_categories", "added", None)
    assert added.new == new["data_categories"][0] and added.old is None
    assert (added.old_pointer, added.new_pointer) == (None, "/data_categories/0")
    assert added.kinds == ("data-categories", "sensitive-data")  # a sensitive category


def test_a_removed_item_points_into_the_old_version() -> None:
    old, new = base(), base()
    del new["sharing"]["recipients"][1]
    [change] = diff_policies(old, new).changes
    assert (change.op, change.id, change.old_pointer, change.new_pointer) == (
        "removed",
        "analytics-provider",
        "/sharing/recipients/1",
        None,
    )
    assert change.kinds == ("cross-border", "sharing")  # it was located abroad


@pytest.mark.parametrize(
    ("path", "value", "area", "field", "kind"),
    [
        (("data_categories", 1, "sensitive"), True, "data_categories", "sensitive", "sensitive-data"),
        (("data_categories", 1, "examples"), ["name"], "data_categories", "examples", "data-categories"),
        (("data_categories", 1, "label"), "Contact details", "data_categories", "label", EDITORIAL),
        (("purposes", 0, "data"), ["contact-info", "usage-data"], "purposes", "data", "purposes"),
        (("purposes", 0, "legal_basis"), ["consent"], "legal_bases", "legal_basis", "legal-basis"),
        (("sharing", "recipients", 0, "location"), "CH", "recipients", "location", "cross-border"),
        (
            ("sharing", "recipients", 0, "data"),
            ["payment-info", "contact-info"],
            "recipients",
            "data",
            "sharing",
        ),
        (("sharing", "recipients", 0, "name"), "Other Payments SA", "recipients", "name", "sharing"),
        (("storage", "retention", 0, "period", "value"), 10, "retention", "period", "retention"),
        (("storage", "retention", 0, "law", "article"), "§ 148", "retention", "law", "retention"),
        (("storage", "locations", 0, "country"), "IE", "storage", "country", "cross-border"),
        (
            ("cross_border", "transfers", 0, "destinations"),
            ["US", "IN"],
            "cross_border",
            "destinations",
            "cross-border",
        ),
        (("cross_border", "default_location"), "IE", "cross_border", "default_location", "cross-border"),
        (("rights", "items", 1, "channels"), ["hotline"], "channels", "channels", "rights"),
        (("rights", "response_time", "value"), 2, "rights", "response_time", "rights"),
        (("rights", "fee"), "A reasonable fee.", "rights", "fee", "rights"),
        (("children", "parental_consent_under"), 14, "children", "parental_consent_under", "children"),
        (("cookies", "used"), False, "cookies", "used", "cookies"),
        (("cookies", "technologies", 0, "party"), "third-party", "cookies", "party", "cookies"),
        (("controller", "legal_name"), "Example GmbH", "controller", "legal_name", "controller"),
        (("controller", "jurisdiction"), "AT", "controller", "jurisdiction", "controller"),
        (("controller", "contacts", 1, "value"), "+49 30 0000", "contacts", "value", "contacts"),
        (("complaints", "regulators", 0, "url"), "https://dpa.example", "regulators", "url", "complaints"),
        (("title",), "Example Privacy Notice", "policy", "title", EDITORIAL),
        (("controlling_language",), "de", "policy", "controlling_language", "other"),
        (("storage", "retention", 0, "bound"), "exact", "retention", "bound", "retention"),
        (("storage", "retention", 0, "from"), "after the invoice", "retention", "from", "retention"),
        (("storage", "retention", 0, "purposes"), ["billing"], "retention", "purposes", "retention"),
        (("rights", "items", 1, "kinds"), ["access", "copy"], "rights", "kinds", "rights"),
        (("rights", "items", 1, "applies_in"), ["EU"], "rights", "applies_in", "rights"),
        (("sharing", "recipients", 0, "method"), "sdk", "recipients", "method", "sharing"),
        (
            ("sharing", "recipients", 0, "privacy_policy"),
            "https://p.example",
            "recipients",
            "privacy_policy",
            "sharing",
        ),
        (("cross_border", "transfers", 0, "possible"), True, "cross_border", "possible", "cross-border"),
        (
            ("controller", "contacts", 1, "response_time"),
            {"value": 30, "unit": "day"},
            "contacts",
            "response_time",
            "contacts",
        ),
        (
            ("purposes", 0, "legitimate_interest"),
            "Fraud.",
            "legal_bases",
            "legitimate_interest",
            "legal-basis",
        ),
        (("purposes", 0, "applies_in"), ["DE"], "purposes", "applies_in", "purposes"),
        (("data_categories", 1, "necessity"), "Needed.", "data_categories", "necessity", "sensitive-data"),
        (("data_categories", 1, "subjects"), ["customers"], "data_categories", "subjects", "data-categories"),
        (("data_categories", 1, "marker"), "(2)", "data_categories", "marker", EDITORIAL),
    ],
)
def test_each_fact_has_its_area_and_kind(
    path: tuple[Any, ...], value: Any, area: str, field: str, kind: str
) -> None:
    old, new = base(), base()
    node = new
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    [change] = diff_policies(old, new).changes
    assert (change.area, change.op, change.field, change.kinds) == (area, "changed", field, (kind,))
    assert change.new_pointer is not None and change.new_pointer.startswith("/" + str(path[0]))


NEGATION = {"id": "no-sale", "practice": "sell", "text": "We do not sell your data."}


@pytest.mark.parametrize(
    ("part", "item", "kinds"),
    [
        ("negations", NEGATION, ("sharing",)),
        ("negations", {**NEGATION, "practice": "transfer-abroad"}, ("cross-border",)),
        ("negations", {**NEGATION, "practice": "collect", "data": ["usage-data"]}, ("data-categories",)),
        ("negations", {**NEGATION, "practice": "decide-automatically"}, ("automated-decisions",)),
        ("practices", {"id": "p", "data": ["usage-data"], "legal_basis": ["consent"]}, ("purposes",)),
        ("data_items", {"id": "i", "name": "Phone number", "category": "contact-info"}, ("data-categories",)),
        ("automated_decisions", {"id": "a", "text": "A computer decides."}, ("automated-decisions",)),
    ],
)
def test_adding_an_item_of_a_new_part_implies_its_kind(
    part: str, item: dict[str, Any], kinds: tuple[str]
) -> None:
    """What a negation negates decides its kind: 'we do not sell' is about sharing."""
    old, new = base(), base()
    new[part] = [item]
    [change] = diff_policies(old, new).changes
    assert (change.area, change.op, change.id, change.kinds) == (part, "added", item["id"], kinds)
    [change] = diff_policies(new, old).changes
    assert (change.op, change.kinds) == ("removed", kinds)


def test_a_negation_s_facts_take_the_kind_of_what_it_negates() -> None:
    old, new = base(), base()
    old["negations"] = [{**NEGATION, "exceptions": ["With your consent."]}]
    new["negations"] = [{**NEGATION, "exceptions": ["With your consent.", "To our affiliates."]}]
    [change] = diff_policies(old, new).changes
    assert (change.field, change.kinds) == ("exceptions", ("sharing",))
    new["negations"] = [{**NEGATION, "practice": "transfer-abroad", "exceptions": ["With your consent."]}]
    [change] = diff_policies(old, new).changes
    assert (change.field, change.kinds) == ("practice", ("cross-border", "sharing"))  # both sides count


def test_a_fact_stated_for_the_first_time_has_no_old_pointer() -> None:
    old, new = base(), base()
    new["children"]["text"] = "We do not knowingly collect data of children."
    [change] = diff_policies(old, new).changes
    assert (change.id, change.field, change.old, change.old_pointer) == (None, "text", None, None)
    assert change.new_pointer == "/children/text"
    del old["children"]
    assert [c.field for c in diff_policies(old, new).changes] == ["parental_consent_under", "text"]


def test_nested_facts_are_compared_by_their_dotted_name() -> None:
    old, new = base(), base()
    new["cookies"]["do_not_track"] = {"honoured": False}
    [change] = diff_policies(old, new).changes
    assert (change.field, change.new_pointer, change.kinds) == (
        "do_not_track.honoured",
        "/cookies/do_not_track/honoured",
        ("cookies",),
    )


def test_a_change_copies_its_values() -> None:
    old, new = base(), base()
    new["purposes"][0]["data"] = ["usage-data"]
    diff = diff_policies(old, new)
    new["purposes"][0]["data"].append("location")
    assert diff.changes[0].new == ["usage-data"]


def test_invalid_shapes_never_raise() -> None:
    shapes: list[Any] = [None, 3, "x", [], {}, [1, "a", None], {"id": ["x"]}, [{"id": 5}, {"no": "id"}]]
    for shape in shapes:
        for key in ("data_categories", "sharing", "sections", "controller", "rights", "children"):
            old, new = base(), base()
            new[key] = shape
            diff_policies(old, new).to_json()
            diff_policies(new, old).to_json()
    assert diff_policies({}, {}).is_empty


def test_changes_follow_the_page_and_removed_items_stay_in_place() -> None:
    old, new = base(), base()
    del new["data_categories"][1]  # contact-info, between location and usage-data
    new["data_categories"].insert(0, {"id": "new-first", "label": "New"})
    found = [(c.op, c.id) for c in diff_policies(old, new).changes if c.area == "data_categories"]
    assert found == [("added", "new-first"), ("removed", "contact-info")]
    areas = [c.area for c in diff_policies(fixture("example/1/en.yaml"), base()).changes]
    assert areas == sorted(areas, key=table().names.index)


# ---------------------------------------------------------------- the table of areas against the schema


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _schema_at(path: tuple[str, ...]) -> dict[str, Any]:
    node = SCHEMA
    for key in path:
        node = _resolve(node)
        node = node["properties"][key]
    return _resolve(node)


def _leaf_fields(node: dict[str, Any], prefix: str = "") -> set[str]:
    """Fields of an object; a nested object without ids is reached by dotted names (do_not_track.honoured)."""
    found = set()
    for key, sub in node.get("properties", {}).items():
        if key == NOTES:  # authors' notes: never published, so never a change
            continue
        if sub.get("x-policypress", {}).get("compare") is False:  # declared not compared (vocabulary terms)
            continue
        nested = "$ref" not in sub and sub.get("type") == "object" and "properties" in sub
        found |= _leaf_fields(sub, f"{prefix}{key}.") if nested else {prefix + key}
    return found


# Top-level keys that say which version this is and where it comes from, not what it says; and
# the sections, whose text the redline compares.
NOT_COMPARED = {
    "policy",
    "version",
    "language",
    "status",
    "published",
    "effective",
    "supersedes",
    "changes",
    "source",
    "translation",
    "sections",
    "requirement_packs",  # the laws the policy answers to: checked by its packs, not a change of its content
}


def test_every_field_of_the_schema_is_classified() -> None:
    """Every field is in an area (or, at the top, named as not compared): a new field must be given a
    kind of change, or it would silently never count as a change."""
    areas = table().areas
    paths = {area.path for area in areas}
    for area in areas:
        node = _schema_at(area.path)
        if area.keyed:
            assert node["type"] == "array"
            node = _resolve(node["items"])
            expected = _leaf_fields(node) - {"id"}
        else:
            expected = {
                name
                for name in _leaf_fields(node)
                if (*area.path, name.split(".")[0]) not in paths
                and (area.path or name.split(".")[0] not in NOT_COMPARED)
            }
        assert set(area.fields) == expected, area.path
    top = set(SCHEMA["properties"]) - NOT_COMPARED - {"title", "controlling_language", NOTES}
    assert top <= {area.path[0] for area in areas if area.path}


def test_a_field_without_a_kind_of_change_stops_the_table() -> None:
    schema = copy.deepcopy(SCHEMA)
    del schema["properties"]["purposes"]["items"]["properties"]["required"]["x-policypress"]
    with pytest.raises(SchemaIndexError, match=r"purposes\.required: say in x-policypress"):
        table(SchemaIndex(schema))


def test_kinds_are_the_schemas_and_material_ones_are_as_described() -> None:
    schema_kind = SCHEMA["$defs"]["change_kind"]
    assert tuple(schema_kind["enum"]) == change_kinds()
    described = re.search(r"Material by default: ([^.]+)\.", schema_kind["description"]).group(1)  # type: ignore[union-attr]
    assert {k.strip() for k in described.split(",")} == material_kinds()
    areas = table().areas
    used = {spec.kind for area in areas for spec in area.fields.values()} | {a.kind for a in areas if a.kind}
    assert used <= set(change_kinds())


def test_the_catalogs_have_words_for_every_area_field_and_value_group() -> None:
    areas = table()
    fields = {name for area in areas.areas for name in area.fields} | {"title", "text", "after"}
    groups = {spec.group for spec in field_specs().values() if spec.group}
    t = labels_for("en")  # the template: every catalog is checked against it (test_locales.py)
    assert set(t.d_area) == set(areas.names)
    assert set(t.d_field) == fields
    assert groups <= set(t.enum)
    assert set(t.d_op) == {"added", "removed", "changed", "moved"}


def test_implied_kinds() -> None:
    diff = diff_policies(fixture("example/1/en.yaml"), base())
    assert implied_kinds(diff) == {
        "data-categories",
        "sensitive-data",
        "purposes",
        "legal-basis",
        "sharing",
        "cross-border",
        "retention",
        "rights",
        "editorial",
    }
    old, new = base(), base()
    new["sections"][0]["text"] = "Reworded."
    assert implied_kinds(diff_policies(old, new)) == {"editorial"}
    assert implied_kinds(diff_policies(old, old)) == frozenset()


# ---------------------------------------------------------------- sections


def sections_of(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (s.id, s.op, s.moved, s.old_parent, s.new_parent, tuple(f.field for f in s.fields))
        for s in diff_policies(old, new).sections
    ]


def test_a_moved_section_is_moved_not_removed_and_added() -> None:
    old, new = base(), base()
    new["sections"].append(new["sections"].pop(0))
    assert sections_of(old, new) == [("intro", "moved", True, None, None, ())]
    section = diff_policies(old, new).sections[0]
    assert (section.old_pointer, section.new_pointer, section.level) == ("/sections/0", "/sections/5", 1)


def test_a_section_moved_and_edited_is_diffed_in_place() -> None:
    old, new = base(), base()
    moved = new["sections"].pop(0)
    moved["text"] = moved["text"].replace("personal information", "data")
    new["sections"][1]["sections"].append(moved)  # now a sub-section of sharing
    [section] = diff_policies(old, new).sections
    assert (section.id, section.op, section.moved, section.old_parent, section.new_parent) == (
        "intro",
        "changed",
        True,
        None,
        "sharing",
    )
    assert [(op, text) for op, text in section.fields[0].tokens if op != "equal"] == [
        ("delete", "personal information"),
        ("insert", "data"),
    ]
    assert section.new_pointer == "/sections/1/sections/1" and section.level == 2


def test_swapping_two_sections_moves_one() -> None:
    old, new = base(), base()
    new["sections"][0], new["sections"][1] = new["sections"][1], new["sections"][0]
    found = sections_of(old, new)
    assert len(found) == 1 and found[0][1] == "moved"
    assert sections_of(new, old) == found  # the same one, whichever side is old


def test_inserting_a_section_moves_nothing() -> None:
    old, new = base(), base()
    new["sections"].insert(1, {"id": "new", "title": "New", "text": "Hello."})
    new["sections"][0]["sections"] = [{"id": "sub", "title": "Sub", "text": "Sub text."}]
    found = sections_of(old, new)
    assert found == [
        ("sub", "added", False, None, "intro", ("title", "text")),
        ("new", "added", False, None, None, ("title", "text")),
    ]


def test_a_removed_section_and_its_subsections_are_all_reported_where_they_were() -> None:
    old, new = base(), base()
    removed = new["sections"].pop(2)  # sharing, with collection-cookies inside
    assert removed["id"] == "sharing"
    found = sections_of(old, new)
    assert found == [
        ("sharing", "removed", False, None, None, ("title", "text")),
        ("collection-cookies", "removed", False, "sharing", None, ("title", "text")),
    ]
    sections = diff_policies(old, new).sections
    assert [s.old_pointer for s in sections] == ["/sections/2", "/sections/2/sections/0"]
    assert sections[0].fields[1].old == removed["text"] and sections[0].fields[1].new == ""


def test_only_changed_text_fields_are_redlined() -> None:
    old, new = base(), base()
    new["sections"][1]["title"] = "What we collect"
    new["sections"][1]["after"] = "See also the table above."
    assert sections_of(old, new) == [("collection", "changed", False, None, None, ("title", "after"))]


# ---------------------------------------------------------------- redlines


def test_tokens_are_words_in_spaced_scripts_and_characters_in_cjk() -> None:
    assert tokens("We keep data, 30 days.") == [
        "We",
        " ",
        "keep",
        " ",
        "data",
        ",",
        " ",
        "30",
        " ",
        "days",
        ".",
    ]
    assert tokens("我们保存30天") == ["我", "们", "保", "存", "30", "天"]
    assert tokens("在 App 内申请") == ["在", " ", "App", " ", "内", "申", "请"]
    assert tokens("個人情報とプライバシー") == list("個人情報とプライバシー")
    assert tokens("개인정보 보호") == ["개", "인", "정", "보", " ", "보", "호"]
    assert tokens("ข้อมูล") == list("ข้อมูล")
    assert tokens("Ünïcödé naïve\u00a0text") == ["Ünïcödé", " ", "naïve", "\u00a0", "text"]


@pytest.mark.parametrize(
    ("old", "new", "changed"),
    [
        ("We keep your data.", "We keep your personal data.", [("insert", "personal ")]),
        ("保存期限为两年。", "保存期限为三年。", [("delete", "两"), ("insert", "三")]),
        ("在客服电话办理", "在客服电话或 App 内办理", [("insert", "或 App 内")]),
        ("first\nsecond\nthird\n", "first\nsecond!\nthird\n", [("insert", "!")]),
        ("", "new text", [("insert", "new text")]),
        ("old text", "", [("delete", "old text")]),
    ],
)
def test_redline_marks_only_what_changed(old: str, new: str, changed: list[tuple[str, str]]) -> None:
    segments = redline(old, new)
    assert [s for s in segments if s[0] != "equal"] == changed
    assert "".join(t for op, t in segments if op != "insert") == old
    assert "".join(t for op, t in segments if op != "delete") == new


def test_a_change_interrupted_by_a_space_is_one_change() -> None:
    segments = redline("the quick brown fox", "the slow red fox")
    assert segments == (
        ("equal", "the "),
        ("delete", "quick brown"),
        ("insert", "slow red"),
        ("equal", " fox"),
    )


def test_redline_is_the_same_read_backwards() -> None:
    pairs = [
        ("the quick brown fox", "the slow red fox"),
        ("a b c d e", "a x c y e"),
        ("我们仅收集所必需的信息", "我们仅收集所必要的个人信息"),
        # difflib aligns these two differently in each direction; the redline must not
        ("a的c  a 们a我b ", "们a的"),
        ("们ba c a我c 我们", "bb 们"),
    ]
    swap = {"equal": "equal", "delete": "insert", "insert": "delete"}
    for old, new in pairs:
        forward, backward = redline(old, new), redline(new, old)
        flipped = []
        for op, text in backward:
            if swap[op] == "delete" and flipped and flipped[-1][0] == "insert":
                flipped.insert(len(flipped) - 1, ("delete", text))
            else:
                flipped.append((swap[op], text))
        assert tuple(flipped) == forward


def test_a_huge_rewrite_is_shown_whole_not_aligned(monkeypatch: pytest.MonkeyPatch) -> None:
    from policypress.diff import redline as module

    monkeypatch.setattr(module, "MAX_PAIRS", 10)
    assert module.redline("one two three four", "five six seven eight") == (
        ("delete", "one two three four"),
        ("insert", "five six seven eight"),
    )


def test_order_helpers() -> None:
    assert merged_order(["a", "b", "c", "d"], ["b", "x", "d"]) == ["a", "b", "c", "x", "d"]
    assert merged_order([], ["x"]) == ["x"] and merged_order(["x"], []) == ["x"]
    assert kept_in_order(["a", "b", "c"], ["b", "c", "a"]) == {"b", "c"}
    assert kept_in_order(["a", "b"], ["b", "a"]) == kept_in_order(["b", "a"], ["a", "b"])


# ---------------------------------------------------------------- JSON


def test_to_json_is_plain_deterministic_data() -> None:
    old, new = fixture("example/1/en.yaml"), base()
    first = diff_policies(old, new).to_json()
    again = diff_policies(fixture("example/1/en.yaml"), base()).to_json()
    assert json.dumps(first) == json.dumps(again)
    assert json.loads(json.dumps(first)) == first
    assert list(first) == ["old", "new", "kinds", "changes", "sections"]
    assert first["old"] == {"policy": "example", "version": "1", "language": "en"}
    assert set(first["changes"][0]) == {
        "area",
        "op",
        "id",
        "field",
        "kinds",
        "old_pointer",
        "new_pointer",
        "old",
        "new",
    }
    assert set(first["sections"][0]) == {
        "id",
        "op",
        "moved",
        "old_pointer",
        "new_pointer",
        "old_parent",
        "new_parent",
        "fields",
    }


def test_the_reverse_diff_mirrors_the_fixture_diffs() -> None:
    for old_name, new_name in PAIRS.values():
        forward = diff_policies(fixture(old_name), fixture(new_name)).to_json()
        backward = diff_policies(fixture(new_name), fixture(old_name)).to_json()
        assert sorted_diff(backward) == mirror(forward)


def test_a_diff_is_frozen() -> None:
    diff = diff_policies(fixture("example/1/en.yaml"), base())
    with pytest.raises(AttributeError):
        diff.changes = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        diff.names["x"] = "y"  # type: ignore[index]
    assert isinstance(diff, PolicyDiff) and isinstance(diff.changes[0], Change)


# ---------------------------------------------------------------- goldens (JSON, Markdown) through the CLI


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("pair", sorted(PAIRS))
@pytest.mark.parametrize("form", ["json", "markdown"])
def test_golden_diff(pair: str, form: str, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = PAIRS[pair]
    code, out, err = _cli(capsys, str(FIXTURES / old), str(FIXTURES / new), "--format", form)
    assert (code, err) == (1, "")
    golden = GOLDEN / f"{pair}.{'json' if form == 'json' else 'md'}"
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(out.encode("utf-8"))
    assert golden.exists(), f"no golden for {pair}; run with POLICYPRESS_UPDATE_GOLDENS=1"
    assert out.encode("utf-8") == golden.read_bytes(), (
        f"{golden.name} differs; if the change is intended, rerun with POLICYPRESS_UPDATE_GOLDENS=1"
    )


def test_goldens_hold_the_public_functions_output(capsys: pytest.CaptureFixture[str]) -> None:
    for pair, (old, new) in PAIRS.items():
        diff = diff_policies(fixture(old), fixture(new))
        stored = (GOLDEN / f"{pair}.json").read_text(encoding="utf-8")
        assert json.loads(stored) == diff.to_json()
        page = (GOLDEN / f"{pair}.md").read_text(encoding="utf-8")
        blocks = diff_markdown(diff, fixture(new)["language"])
        assert blocks["structured"] and blocks["structured"] in page
        assert blocks["redline"] and blocks["redline"] in page


# ---------------------------------------------------------------- Markdown


def _html(page: str) -> str:
    return markdown.markdown(page, extensions=SITE_EXTENSIONS)


_ALLOWED_TAGS = {"h3", "p", "br", "ins", "del", "em", "strong", "table", "thead", "tbody", "tr", "th", "td"}


def _assert_clean(page_html: str) -> None:
    """Only the tags the diff writes, no attributes but heading ids, nothing that runs or loads."""
    for name, attributes in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>", page_html):
        assert name in _ALLOWED_TAGS, f"<{name}{attributes}>"
        if name == "h3":
            assert re.fullmatch(r' id="diff-[a-z0-9-]+"', attributes), attributes
        else:
            assert attributes in ("", " /"), f"<{name}{attributes}>"
    assert "<!--" not in page_html


HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }} {% raw %}",
    "{#evil .c onclick=alert(1)}",
    "| a | b |",
    "# heading",
    "    indented code",
    "\tTabbed",
    "- bullet\n+ plus\n1. one\n2) two",
    "> quote\n!!! note\n??? details",
    "```\nfence\n```\n~~~",
    "---\n===\n***",
    "<!-- comment --> &amp; &#60;",
    "*em* _em_ **strong** `code` ~~del~~ ==mark== ^^sup^^",
    "[ref]: javascript:alert(1)\n![img](https://evil.example/x.png)",
    "a\x00b\x1b[31mc\x7f",
    "</ins><del>x</del><ins>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_policy_text_in_a_redline_shows_as_written_and_runs_nothing(text: str) -> None:
    old, new = base(), base()
    new["sections"][0]["title"] = text
    new["sections"][0]["text"] = f"Start {text} end.\n\n{text}"
    new["sections"].insert(0, {"id": "added", "title": text, "text": text, "after": text})
    new["data_categories"][0]["label"] = text
    new["data_categories"][0]["examples"] = [text]
    new["purposes"].append({"id": "hostile", "label": text, "description": text})
    blocks = diff_markdown(diff_policies(old, new), "en")
    for key in ("structured", "redline"):
        page = blocks[key]
        assert "<" not in re.sub(r"</?(ins|del)>", "", page), "raw HTML from the policy reached the page"
        braces = re.findall(r"\{[^}\n]*\}?", page)
        assert all(re.fullmatch(r"\{#diff-[a-z0-9-]+\}", b) for b in braces), braces
        page_html = _html(page)
        _assert_clean(page_html)
    shown = html.unescape(re.sub(r"<[^>]+>", "", _html(blocks["redline"])))
    visible = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    for line in visible.split("\n"):
        if line.strip():
            assert line.strip() in shown  # each line of the text, exactly as written


def test_markdown_blocks_are_empty_without_changes_and_have_explicit_heading_ids() -> None:
    assert diff_markdown(diff_policies(base(), base()), "en") == {"structured": "", "redline": ""}
    blocks = diff_markdown(diff_policies(fixture("example/1/en.yaml"), base()), "en")
    headings = re.findall(r"^### .* \{#([a-z0-9-]+)\}$", blocks["structured"] + blocks["redline"], re.M)
    assert (
        len(headings)
        == len(set(headings))
        == len(re.findall(r"^#", blocks["structured"] + blocks["redline"], re.M))
    )
    assert "diff-data-categories" in headings and "diff-section-transfers" in headings
    ids = re.findall(r'<h3 id="([^"]+)"', _html(blocks["structured"] + "\n" + blocks["redline"]))
    assert ids == headings


def test_markdown_uses_the_pages_language() -> None:
    diff = diff_policies(fixture("shili/1/zh-CN.yaml"), fixture("shili/2/zh-CN.yaml"))
    zh, en = diff_markdown(diff, "zh-CN"), diff_markdown(diff, "en")
    assert "### 存储期限 {#diff-retention}" in zh["structured"]
    assert "| 项目 | 内容 | 变更前 | 变更后 |" in zh["structured"]
    assert "| <del>2年</del> | <ins>3年</ins> |" in zh["structured"]
    assert "| <del>2 years</del> | <ins>3 years</ins> |" in en["structured"]
    assert "*移动并修改*" in zh["redline"]
    assert "保存[-两-]{+三+}年" in diff_text(diff, "zh-CN")


def test_values_are_shown_in_words() -> None:
    old, new = fixture("example/1/en.yaml"), base()
    structured = diff_markdown(diff_policies(old, new), "en")["structured"]
    # One row per changed fact: the item, the field, the value before and after, each marked.
    assert (
        "| Improving the service | Legal basis | <del>legitimate interests</del> | <ins>consent</ins> |"
        in structured
    )
    assert (
        "| Right of access | Channels | Privacy team | Privacy team, <ins>Customer hotline</ins> |"
        in structured
    )
    assert "| — | Stored in | not stated | <ins>Germany</ins> |" in structured
    # An added item: a row per fact, the item named once and marked added.
    assert "| Approximate location (*Added*) | Wording |  | <ins>Approximate location</ins> |" in structured
    assert "|  | Sensitive |  | <ins>yes</ins> |" in structured
    assert "| Location |  | <ins>United States</ins> |" in structured
    new["controlling_language"] = "de"
    assert (
        "| <del>English</del> | <ins>German</ins> |"
        in diff_markdown(diff_policies(old, new), "en")["structured"]
    )


def test_a_redline_keeps_lines_and_paragraphs() -> None:
    old, new = base(), base()
    new["sections"][0]["text"] = "First line\nsecond line changed\n\n    indented\n\nlast"
    redline_md = diff_markdown(diff_policies(old, new), "en")["redline"]
    page_html = _html(redline_md)
    assert "<br />" in page_html and "<pre>" not in page_html and "<code>" not in page_html
    assert "&#160;&#160;&#160;&#160;" in redline_md


# ---------------------------------------------------------------- text


def test_text_form_escapes_control_characters_and_elides_unchanged_paragraphs() -> None:
    old, new = base(), base()
    new["sections"][0]["text"] = (
        old["sections"][0]["text"] + "\nEvil \x1b[31mred\x1b[0m text\n\nAnother paragraph."
    )
    old["sections"][0]["text"] = "Unchanged paragraph.\n\n" + old["sections"][0]["text"]
    new["sections"][0]["text"] = "Unchanged paragraph.\n\n" + new["sections"][0]["text"]
    text = diff_text(diff_policies(old, new), "en")
    assert "\x1b" not in text and "\\x1b[31m" in text
    assert "Unchanged paragraph" not in text and "      …" in text
    assert "{+Another paragraph.+}" in text


def test_text_form_of_no_change() -> None:
    assert (
        diff_text(diff_policies(base(), base()), "en")
        == "Changes within version 2 (two texts of the same version)\n\nNo change.\n"
    )
    assert diff_text(diff_policies(base(), base()), "zh-CN").startswith(
        "第 2 版的修改（同一版本的前后文本）\n"
    )
    assert diff_text(diff_policies(base(), base()), "zh-TW").startswith(
        "第 2 版的修改（同一版本的前後文本）\n"
    )
    assert diff_text(diff_policies({}, {}), "zh-CN") == "无变更。\n"


def test_text_form_names_every_change() -> None:
    diff = diff_policies(fixture("example/2/en.yaml"), fixture("example/3/en.yaml"))
    text = diff_text(diff, "en")
    assert (
        "    Customer hotline (hotline): Hours — Monday to [-Friday, 9-]{+Saturday, 8+}:00 to [-17-]{+20+}:00"
        in text
    )
    assert "  Your rights (rights): Moved" in text
    assert "  Cookies and similar technologies (collection-cookies): Removed" in text


def test_fixture_golden_names() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(
        f"{pair}.{ext}" for pair in PAIRS for ext in ("json", "md")
    )


def test_diff_does_not_mutate_its_inputs() -> None:
    old, new = fixture("example/1/en.yaml"), base()
    before = copy.deepcopy((old, new))
    diff = diff_policies(old, new)
    diff_markdown(diff, "en")
    diff_text(diff, "en")
    assert (old, new) == before


# ---------------------------------------------------------------- side by side (the site's changes page)


def test_side_by_side_sets_each_paragraph_before_beside_after() -> None:
    old, new = base(), base()
    new["sections"][0]["text"] = old["sections"][0]["text"].rstrip() + "\n\nA new closing paragraph."
    new["sections"].insert(0, {"id": "added", "title": "Added whole", "text": "All of it new."})
    redline = diff_markdown(diff_policies(old, new), "en", side_by_side=True)["redline"]
    sections = re.split(r"^### ", redline, flags=re.M)
    added = next(s for s in sections if s.startswith("Added whole"))
    assert "pp-sides" not in added and "pp-inline" not in added  # one side only: the redline alone
    changed = next(s for s in sections if "A new closing paragraph." in s)
    assert '!!! pp-inline ""' in changed and '!!! pp-sides ""' in changed
    rows = re.findall(r"^    \| (.*) \|$", changed.split('!!! pp-sides ""')[1], re.M)
    assert rows[0] == "Before | After"
    pairs = [row.split(" | ") for row in rows[2:]]
    assert pairs[-1] == ["", "<ins>A new closing paragraph.</ins>"]  # nothing before it
    assert all("<ins>" not in before and "<del>" not in after for before, after in pairs)
    assert all(before == after for before, after in pairs[:-1])  # unchanged paragraphs
    # Without side_by_side (the command line's Markdown) the redline is the same, unwrapped.
    plain = diff_markdown(diff_policies(old, new), "en")["redline"]
    assert "pp-sides" not in plain and "pp-inline" not in plain


@pytest.mark.parametrize("text", HOSTILE)
def test_policy_text_side_by_side_stays_in_its_cell_and_runs_nothing(text: str) -> None:
    old, new = base(), base()
    new["sections"][0]["text"] = f"Start {text} end."
    old["sections"][0]["text"] = "Start end."
    page_html = _html(diff_markdown(diff_policies(old, new), "en", side_by_side=True)["redline"])
    sides = page_html.split('<div class="admonition pp-sides">')[1]
    rows = re.findall(r"<tr>(.*?)</tr>", sides, re.S)
    assert rows and all(len(re.findall(r"<t[hd]", row)) == 2 for row in rows)  # a "|" split no cell
    _assert_clean(re.sub(r'<div class="admonition pp-(?:inline|sides)">|</div>', "", page_html))
    after = html.unescape(re.sub(r"<[^>]+>", "", re.findall(r"<td>(.*?)</td>", rows[-1], re.S)[1]))
    visible = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    for line in visible.split("\n"):
        if line.strip():
            assert line.strip() in after
