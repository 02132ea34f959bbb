"""Adding a part is the schema, a template and its words: a part added to a copy of the schema
flows through every stage — validation, the page, the manifest and its schema, the semantic
diff with its kind of change, the translation check and the field reference — with no change
to PolicyPress's code (docs/contributors/adding-a-part.md walks through the same steps)."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policypress import schemas
from policypress.api import schemas as api_schemas
from policypress.api.manifest import build_manifest
from policypress.diagnostics import Code
from policypress.diff import diff_policies
from policypress.i18n import catalogs
from policypress.publish import forget_schemas
from policypress.reference import field_reference
from policypress.render import render_policy
from policypress.schemaindex import current
from policypress.translations import check_translations
from policypress.validate import validate_document
from policypress.yamlload import load_text

ROOT = Path(__file__).resolve().parents[1]

# The new part, as a contributor would add it to schema/policy.schema.json.
LOYALTY = {
    "type": "array",
    "description": "Loyalty programmes the policy describes.",
    "x-policypress": {"area": "loyalty_programmes", "change": "purposes", "noun": "loyalty programme"},
    "items": {
        "type": "object",
        "description": "A loyalty programme.",
        "additionalProperties": False,
        "properties": {
            "id": {"$ref": "#/$defs/id", "description": "Its id."},
            "name": {
                "$ref": "#/$defs/text",
                "description": "Its name as the policy gives it.",
                "x-policypress": {"change": "editorial"},
            },
            "rewards": {
                "$ref": "#/$defs/markdown",
                "description": "What members get, in the policy's words.",
                "x-policypress": {"change": "editorial"},
            },
            "data": {
                "$ref": "#/$defs/idrefs",
                "description": "Ids of the data categories it uses.",
                "x-policypress": {"change": "purposes", "refers": "data_categories", "interprets": True},
            },
        },
        "required": ["id", "name"],
    },
}
TEMPLATE = """{#- Loyalty programmes: one line each. -#}
{% set items = part_items if part_items is defined and part_items is not none else doc.loyalty_programmes %}
{% for x in items %}
- **{{ x.name | md }}**
  {%- if x.data is defined %}{{ t.colon }}{{ x.data | refs("data_categories") }}{% endif +%}
{% if x.rewards is defined %}

    {{ x.rewards | markdown | indent(4) }}
{% endif %}
{% endfor %}
"""
POLICY = """
policy: example
version: "1"
language: en
title: Example
status: published
effective: "2024-01-01"
controlling_language: en
controller: {id: example, name: Example, legal_name: Example Ltd.}
data_categories:
  - {id: purchases, label: Your purchases}
loyalty_programmes:
  - id: points
    name: Example Points
    rewards: You earn **one point** for every euro.
    data: [purchases]
sections:
  - {id: data, title: Data, shows: [controller, data_categories]}
  - {id: loyalty, title: Our loyalty programme, shows: [loyalty_programmes]}
"""


@pytest.fixture
def with_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A schema folder whose policy schema has the new part; its template folder; its words."""
    folder = tmp_path / "schema"
    shutil.copytree(schemas.schema_dir(), folder)
    schema = json.loads((folder / schemas.POLICY_SCHEMA).read_text(encoding="utf-8"))
    schema["properties"]["loyalty_programmes"] = LOYALTY
    schema["$defs"]["part"]["enum"].append("loyalty_programmes")
    (folder / schemas.POLICY_SCHEMA).write_text(json.dumps(schema), encoding="utf-8")
    templates = tmp_path / "templates"
    (templates / "parts").mkdir(parents=True)
    (templates / "parts" / "loyalty_programmes.md.j2").write_text(TEMPLATE, encoding="utf-8")
    # Its words: messages added to a copy of the package's catalogs (CONTRIBUTING.md).
    locales = tmp_path / "locales"
    shutil.copytree(catalogs.PACKAGE_LOCALES, locales)
    words = {"zh-Hans": "会员计划", "zh-Hant": "會員計劃"}
    for name in (catalogs.TEMPLATE, "zh-Hans.po", "zh-Hant.po"):
        translated = words.get(name.removesuffix(".po"), "")
        with (locales / name).open("a", encoding="utf-8") as file:
            for key in ("part.loyalty_programmes", "d_area.loyalty_programmes", "d_field.rewards"):
                file.write(f'\nmsgctxt "{key}"\nmsgid "Loyalty programmes"\nmsgstr "{translated}"\n')
    monkeypatch.setattr(catalogs, "PACKAGE_LOCALES", locales)
    monkeypatch.setattr(schemas, "schema_dir", lambda: folder)
    forget_schemas()
    catalogs.forget()  # the page words are read once per process: read them with the new words
    yield templates
    monkeypatch.undo()
    forget_schemas()  # the next test reads the real schema again
    catalogs.forget()


def _policy(**changes: Any) -> dict[str, Any]:
    data = load_text(POLICY, "policies/example/1/en.yaml").data
    for key, value in changes.items():
        data[key] = value
    return data


def test_the_index_has_the_new_part(with_part: Path) -> None:
    index = current()
    assert "loyalty_programmes" in index.parts and "loyalty_programmes" in index.list_parts
    assert ("loyalty_programmes", "*", "data", "*") in {r.pattern for r in index.references}


def test_it_is_validated_and_its_references_checked(with_part: Path) -> None:
    doc = load_text(POLICY, "policies/example/1/en.yaml")
    assert validate_document(doc) == []
    broken = load_text(POLICY.replace("data: [purchases]", "data: [nothing]"), "policies/example/1/en.yaml")
    assert [d.code for d in validate_document(broken)] == [Code.UNRESOLVED_REF]
    unshown = load_text(POLICY.replace(", shows: [loyalty_programmes]", ", text: Hi."), "x.yaml")
    assert [d.code for d in validate_document(unshown)] == [Code.PART_NOT_SHOWN]


def test_its_page_comes_from_its_template(with_part: Path) -> None:
    page = render_policy(_policy(), templates_dir=with_part)
    assert "## Our loyalty programme {#section-loyalty}\n\n- **Example Points**: Your purchases\n" in page
    assert "You earn **one point** for every euro." in page
    more = copy.deepcopy(_policy())
    more["sections"].pop()
    assert "### Loyalty programmes {#more-loyalty-programmes}" in render_policy(more, templates_dir=with_part)


def test_its_manifest_has_html_for_its_markdown_and_satisfies_the_published_schema(with_part: Path) -> None:
    manifest = build_manifest(_policy(), schema_url="s.json", links={"catalog": "../index.json"})
    (programme,) = manifest["loyalty_programmes"]
    assert programme["rewards"]["html"] == "<p>You earn <strong>one point</strong> for every euro.</p>"
    assert api_schemas.problems(api_schemas.MANIFEST, manifest) == []
    assert "loyalty_programmes" in api_schemas.manifest_schema()["properties"]


def test_its_changes_are_diffed_with_their_kind(with_part: Path) -> None:
    old = _policy()
    new = _policy()
    new["loyalty_programmes"][0]["data"] = []
    (change,) = diff_policies(old, new).changes
    assert (change.area, change.field, change.kinds) == ("loyalty_programmes", "data", ("purposes",))
    added = _policy(loyalty_programmes=[*old["loyalty_programmes"], {"id": "miles", "name": "Miles"}])
    (change,) = diff_policies(old, added).changes
    assert (change.op, change.id, change.kinds) == ("added", "miles", ("purposes",))


def test_translations_must_agree_on_its_facts(with_part: Path) -> None:
    original = load_text(POLICY, "policies/example/1/en.yaml")
    german = POLICY.replace("\nlanguage: en", "\nlanguage: de").replace("data: [purchases]", "data: []")
    german += "translation: {from: en, by: Tests, date: '2024-01-02'}\n"
    translated = load_text(
        german.replace("rewards: You earn", "rewards: Sie erhalten"), "policies/example/1/de.yaml"
    )
    (found,) = check_translations([original, translated])
    assert found.code is Code.FACT_DIFFERS and "loyalty programme 'points': data" in found.message


def test_the_field_reference_describes_it(with_part: Path) -> None:
    page = field_reference(schemas.load_schema(), title="Policy file fields", intro="")
    assert "### `loyalty_programmes[]`" in page and "What members get, in the policy's words." in page
