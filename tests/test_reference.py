"""The field reference pages: written from the JSON Schemas, complete, safe to render, and built by the site.

Goldens live in tests/golden/reference/<page>.md; `POLICYPRESS_UPDATE_GOLDENS=1 pytest
tests/test_reference.py` rewrites them (review the diff before committing).
"""

from __future__ import annotations

import copy
import html
import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest

from policypress import schemas
from policypress.api import schemas as api_schemas
from policypress.reference import PAGES, field_reference, reference_pages

from .sites import POLICY_EN, build, write_site

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden" / "reference"
UPDATE = os.environ.get("POLICYPRESS_UPDATE_GOLDENS") == "1"
EXTENSIONS = ["attr_list", "tables", "toc"]
INTRO = "The intro."
SCHEMAS = {
    "policy": schemas.load_schema,
    "catalog": api_schemas.catalog_schema,
    "manifest": api_schemas.manifest_schema,
}


def page_of(schema: dict[str, Any], title: str = "Fields") -> str:
    return field_reference(schema, title=title, intro=INTRO)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def to_html(page: str) -> str:
    return markdown.markdown(page, extensions=EXTENSIONS)


class _Html(HTMLParser):
    """The ids, in-page links, table rows (cell texts) and visible text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.anchors: list[str] = []
        self.rows: list[list[str]] = []
        self.text: list[str] = []
        self.tags: list[str] = []
        self.in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        self.tags.append(tag)
        if "id" in found:
            self.ids.append(found["id"])
        if tag == "a" and found.get("href", "").startswith("#"):
            self.anchors.append(found["href"][1:])
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self.rows[-1].append("")
            self.in_cell = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.in_cell = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.in_cell:
            self.rows[-1][-1] += data


def parsed(page: str) -> _Html:
    parser = _Html()
    parser.feed(to_html(page))
    parser.close()
    return parser


def visible(page: str) -> str:
    return " ".join("".join(parsed(page).text).split())


# ---------------------------------------------------------------- walking the schemas, independently


def referenced(schema: dict[str, Any]) -> set[str]:
    """Every `$defs` name a `$ref` points at, outside `if` clauses (which only test values)."""

    def refs(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str):
                    yield value.removeprefix("#/$defs/")
                elif key != "if":
                    yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    return set(refs(schema))


def expected_tables(schema: dict[str, Any]) -> dict[str, list[str]]:
    """The heading id of each table the page must have, with the fields it must list in order."""
    tables: dict[str, list[str]] = {}

    def walk(node: dict[str, Any], path: str, prefix: str) -> None:
        properties = node.get("properties", {})
        tables[f"{prefix}-{slug(path)}" if path else "fields"] = list(properties)
        for name, prop in properties.items():
            child = f"{path}.{name}" if path else name
            while "$ref" not in prop and isinstance(prop.get("items"), dict):
                prop, child = prop["items"], child + "[]"
            if "$ref" not in prop and prop.get("properties"):
                walk(prop, child, prefix)

    walk(schema, "", "field")
    for name, definition in schema.get("$defs", {}).items():
        if definition.get("properties") and name in referenced(schema):
            walk(definition, name, "type")
    return tables


def found_tables(page: str) -> dict[str, list[str]]:
    """Heading id → the field names of the table under that heading (before the next heading)."""
    tables: dict[str, list[str]] = {}
    current = ""
    for line in page.splitlines():
        if heading := re.match(r"#+ .* \{#([a-z0-9-]+)\}$", line):
            current = heading.group(1)
        elif row := re.match(r"\| `([^`]+)` \|", line):
            tables.setdefault(current, []).append(row.group(1))
    return tables


def keyword_values(node: object, keyword: str) -> Iterator[Any]:
    """Every value of `keyword` in the schema, except inside `if` clauses (they only test values)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == keyword:
                yield value
            if key != "if":  # a property may be named like a keyword ("description"): look inside too
                yield from keyword_values(value, keyword)
    elif isinstance(node, list):
        for value in node:
            yield from keyword_values(value, keyword)


def descriptions(node: object) -> Iterator[str]:
    """Every description the page must show."""
    return (value for value in keyword_values(node, "description") if isinstance(value, str))


def used(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema without the `$defs` nothing refers to (they are no field's type)."""
    keep = referenced(schema)
    trimmed = dict(schema)
    trimmed["$defs"] = {name: d for name, d in schema.get("$defs", {}).items() if name in keep}
    return trimmed


def enums(node: object) -> Iterator[list[Any]]:
    return (value for value in keyword_values(node, "enum") if isinstance(value, list))


# ---------------------------------------------------------------- completeness


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_property_is_in_the_table_of_its_path(name: str) -> None:
    schema = SCHEMAS[name]()
    assert found_tables(page_of(schema)) == expected_tables(schema)


def test_nested_objects_are_headed_by_their_path_with_a_stable_id() -> None:
    page = page_of(schemas.load_schema())
    for heading in (
        "### `controller.contacts[]` {#field-controller-contacts}",
        "### `cookies.do_not_track` {#field-cookies-do-not-track}",
        "### `storage.retention[]` {#field-storage-retention}",
        "### section {#type-section}",
    ):
        assert heading in page.splitlines()
    assert "| `contacts` | list of [objects](#field-controller-contacts) |" in page


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_description_and_pattern_message_is_on_the_page(name: str) -> None:
    schema = SCHEMAS[name]()
    text = visible(page_of(schema)).casefold()
    wanted = [*descriptions(used(schema)), *(m for m in _values(schema, "patternErrorMessage"))]
    missing = [d for d in wanted if " ".join(d.replace("`", "").split()).casefold() not in text]
    assert missing == []


def _values(node: object, key: str) -> Iterator[str]:
    if isinstance(node, dict):
        for k, value in node.items():
            if k == key and isinstance(value, str):
                yield value
            elif k != "if":
                yield from _values(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from _values(value, key)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_enum_is_listed_in_full(name: str) -> None:
    schema = SCHEMAS[name]()
    page = page_of(schema)
    for values in enums(schema):
        assert ": " + ", ".join(f"`{value}`" for value in values) in page


def test_types_are_in_words_and_linked() -> None:
    page = page_of(schemas.load_schema())
    rows = {
        "published": "[date (YYYY-MM-DD)](#type-date)",
        "effective": "[date (YYYY-MM-DD)](#type-date) or null",
        "title": "[text](#type-text)",
        "status": "one of: `draft`, `published`, `withdrawn`",
        "sections": "list of [section](#type-section)",
        "controller": "[object](#field-controller)",
    }
    for field, kind in rows.items():
        assert f"| `{field}` | {kind} |" in page
    assert "| `description` | [Markdown text](#type-markdown) | no |" in page
    # Conditional requirements are stated where they apply.
    assert "| `unnamed_note` | [text](#type-text) | if `legal_name` is `null` |" in page
    assert "| if `kind` is `email`, `phone`, `web-form` or `website` |" in page
    assert "If `kind` is `email`: [e-mail address](#type-email)." in page


def test_the_manifest_page_shows_the_markdown_and_html_members() -> None:
    schema = api_schemas.manifest_schema()
    tables = found_tables(page_of(schema))
    assert tables["type-markdown"] == ["markdown", "html"]
    assert tables["fields"][:4] == ["$schema", "api_version", "digest", "links"]
    assert "| `description` | [markdown](#type-markdown) | no |" in page_of(schema)


# ---------------------------------------------------------------- safety and stability


HOSTILE = "a | b\nc <script>alert(1)</script> {#evil} `x|y` [z](javascript:1)\n- not a list"


def hostile_schema() -> dict[str, Any]:
    schema = copy.deepcopy(schemas.load_schema())
    schema["description"] = "# not a heading\n" + HOSTILE
    controller = schema["properties"]["controller"]
    controller["properties"]["name"]["description"] = HOSTILE
    controller["properties"]["odd|name"] = {"type": "string", "description": HOSTILE, "pattern": "a|b"}
    schema["properties"]["status"]["enum"].append("x|<y>")
    schema["$defs"]["text"]["description"] = HOSTILE
    return schema


def test_a_pipe_or_line_break_in_schema_text_does_not_break_a_table() -> None:
    page = page_of(hostile_schema())
    result = parsed(page)
    widths = Counter(len(row) for row in result.rows)
    assert set(widths) == {4}, widths
    assert "script" not in result.tags and "evil" not in result.ids
    assert not [line for line in page.splitlines() if line.startswith(("# not", "- not"))]
    name_row = next(row for row in result.rows if row[0] == "name")
    described = " ".join(name_row[3].split()).removesuffix(" Kind of change: controller.")
    assert described == " ".join(HOSTILE.split())
    assert any(row[0] == "odd|name" for row in result.rows)
    assert "javascript:" not in to_html(page).replace("(javascript:1)", "")


def test_the_policy_page_says_which_fields_interpret_and_their_kind_of_change() -> None:
    """From the schema's annotations: an author sees that leaving out a flag means 'not stated',
    and which kind of change to record; the published manifest schema carries no annotation."""
    page = page_of(schemas.load_schema())
    bound = next(line for line in page.splitlines() if line.startswith("| `bound` |"))
    assert "Not stated when left out" in bound and "Kind of change: `retention`." in bound
    practice = next(line for line in page.splitlines() if line.startswith("| `practice` |"))
    assert "`sell`: `sharing`" in practice and "`collect`: `data-categories`" in practice
    assert "Kind of change" not in page_of(api_schemas.manifest_schema())


def test_the_page_is_deterministic_across_runs_and_hash_seeds() -> None:
    here = reference_pages(api_prefix="api/v1")
    assert here == reference_pages(api_prefix="api/v1")
    script = (
        "import json, sys; from policypress.reference import reference_pages; "
        "sys.stdout.write(json.dumps(reference_pages(api_prefix='api/v1')))"
    )
    for seed in ("1", "2"):
        run = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        assert json.loads(run.stdout) == here


def test_recursive_types_are_linked_not_expanded() -> None:
    schema = {
        "type": "object",
        "properties": {
            "root": {"$ref": "#/$defs/node", "description": "The root."},
            "forest": {"$ref": "#/$defs/forest", "description": "Trees."},
            "a": {"$ref": "#/$defs/a", "description": "An A."},
        },
        "$defs": {
            "node": {
                "type": "object",
                "description": "A node.",
                "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}},
            },
            "forest": {
                "type": "array",
                "description": "Lists of lists.",
                "items": {"$ref": "#/$defs/forest"},
            },
            "a": {"type": "object", "properties": {"b": {"$ref": "#/$defs/b"}}},
            "b": {"type": "object", "properties": {"a": {"$ref": "#/$defs/a"}}},
        },
    }
    page = page_of(schema)
    assert "| `children` | list of [node](#type-node) | no |" in page
    assert "Type: list of [forest](#type-forest)." in page
    assert "| `b` | [b](#type-b) | no |" in page and "| `a` | [a](#type-a) | no |" in page
    headings = [line for line in page.splitlines() if line.startswith("### ")]
    assert headings == [
        "### node {#type-node}",
        "### forest {#type-forest}",
        "### a {#type-a}",
        "### b {#type-b}",
    ]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_golden_page(name: str) -> None:
    page = reference_pages(api_prefix="api/v1")[name]
    golden = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(page.encode("utf-8"))
    assert golden.exists(), f"no golden for {name}; run with POLICYPRESS_UPDATE_GOLDENS=1"
    assert page.encode("utf-8") == golden.read_bytes(), (
        f"{name} differs; if the change is intended, rerun with POLICYPRESS_UPDATE_GOLDENS=1"
    )


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("title", ["As published", "Fields", "Types"])
def test_ids_are_unique_and_every_in_page_link_lands(name: str, title: str) -> None:
    schema = PAGES[name][1]()
    page = reference_pages(api_prefix="api/v1")[name] if title == "As published" else page_of(schema, title)
    result = parsed(page)
    duplicates = [i for i, n in Counter(result.ids).items() if n > 1]
    assert duplicates == []
    assert sorted(set(result.anchors) - set(result.ids)) == []
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in result.ids)


def test_the_intros_name_where_the_json_is() -> None:
    pages = reference_pages(api_prefix="/data/v2/")
    assert "`data/v2/index.json`" in pages["catalog.md"]
    assert "`data/v2/schema/manifest.schema.json`" in pages["manifest.md"]
    assert "`policies/<policy>/<version>/<language>.yaml`" in pages["policy.md"]
    assert all(
        page.startswith(f"# {title} {{#")
        for page, (title, _) in zip(pages.values(), PAGES.values(), strict=True)
    )


# ---------------------------------------------------------------- in MkDocs


def test_the_projects_site_builds_the_reference_strictly(fixture_site: Path) -> None:
    site = fixture_site / "reference"
    policy = (site / "policy" / "index.html").read_text(encoding="utf-8")
    assert 'id="field-controller-contacts"' in policy and "controller.contacts[]" in policy
    assert "<code>current_version</code>" in (site / "catalog" / "index.html").read_text(encoding="utf-8")
    manifest = (site / "manifest" / "index.html").read_text(encoding="utf-8")
    assert 'id="type-markdown"' in manifest and "<code>html</code>" in manifest
    for page in ("policy", "catalog", "manifest"):  # listed in the nav, so in every page's menu
        assert f'href="reference/{page}/"' in (fixture_site / "index.html").read_text(encoding="utf-8")


def test_a_site_chooses_the_folder_and_gets_nothing_without_the_option(tmp_path: Path) -> None:
    policies = {"example/1/en.yaml": POLICY_EN}
    options = {"field_reference": "legal/fields", "api_prefix": "data/v2"}
    chosen = write_site(tmp_path / "chosen", policies, plugin=options)
    run = build(chosen, tmp_path / "chosen-site")
    assert run.returncode == 0, run.stderr
    catalog = (tmp_path / "chosen-site" / "legal" / "fields" / "catalog" / "index.html").read_text("utf-8")
    assert "data/v2/index.json" in html.unescape(catalog)
    plain = write_site(tmp_path / "plain", policies)
    assert build(plain, tmp_path / "plain-site").returncode == 0
    pages = (tmp_path / "plain-site").rglob("*.html")
    assert not [page for page in pages if "Catalog fields" in page.read_text(encoding="utf-8")]


def test_a_docs_file_in_the_way_of_a_reference_page_is_refused(tmp_path: Path) -> None:
    source = write_site(
        tmp_path / "src",
        {"example/1/en.yaml": POLICY_EN},
        plugin={"field_reference": "reference"},
        files={"docs/reference/catalog.md": "# Mine\n"},
    )
    run = build(source, tmp_path / "site")
    assert run.returncode != 0
    errors = [line for line in run.stderr.splitlines() if line.startswith("ERROR")]
    assert any("docs/reference/catalog.md" in line and "field_reference" in line for line in errors), (
        run.stderr
    )
