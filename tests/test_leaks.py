"""Nothing leaks (issue 6, part 4): drafts and authors' internal notes never reach any output.

One whole site is built — the project's own mkdocs.yml and docs pages, plus fixture
policies: a draft policy and a draft new version of a published one, both carrying
marker A, and a published policy whose internal notes (every place the schema allows
them) carry marker B and whose YAML comments carry marker C. Its templates include a
part that prints everything a template is given. Then EVERY file under site/ (HTML,
search index, sitemap and its .gz, JSON, feeds, anything) is scanned for the markers.

The scan can fail: the same site built with `drafts: true` shows marker A in its pages,
search index, sitemap and JSON, and the leaky template shows marker B when it is handed
data whose notes were not dropped.
"""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml

from policypress import schemas
from policypress.api import schemas as api_schemas
from policypress.api.manifest import build_manifest
from policypress.internal import FIELD, schema_without_internal, without_internal
from policypress.publish import Edition, SiteOptions, publish
from policypress.render import render_policy
from policypress.validate import validate_document, validate_paths
from policypress.yamlload import load_text

from .sites import POLICY_EN, build
from .xss import visible_text

ROOT = Path(__file__).resolve().parents[1]
DRAFT = "LeakMarkerDraftA7Q"
DRAFT_ID = "leakmarker-draft-only"
NOTE = "LeakMarkerNoteB7Q"
COMMENT = "LeakMarkerCommentC7Q"

PUBLISHED = f"""\
# {COMMENT}: a YAML comment is never read
policy: notes
version: "1"
language: en
title: Notes Privacy Policy
status: published
internal: "{NOTE} on the policy: legal to confirm section 2 (PRIV-1)"
published: 2024-01-10
effective: 2024-02-01
controlling_language: en
controller:
  id: notes-org
  internal: [first {NOTE} on the controller, second {NOTE}]
  name: Notes Org
  legal_name: Notes Org Ltd.
  jurisdiction: DE
  contacts:
    - id: privacy-email  # {COMMENT} at the end of a line
      internal: {NOTE} on a contact (write privacy-internal@example.com, not public)
      kind: email
      value: privacy@example.com
data_categories:
  - id: contact-info
    internal: {NOTE} on a data category
    label: Contact information
    sensitive: false
purposes:
  - id: support
    internal: "{NOTE} on a purpose: {{{{ 7*7 }}}} <script>alert(1)</script>"
    label: Answering questions
    data: [contact-info]
sections:
  - id: intro
    internal: |
      {NOTE} on a section,
      over several lines.
    title: Introduction
    text: Write to privacy@example.com with any question.
    shows: [controller, data_categories, purposes]
    sections:
      - id: details
        internal: {NOTE} on a sub-section
        title: Details
        text: More details.
"""

DRAFT_VERSION = (
    PUBLISHED.replace('version: "1"', 'version: "2"\nsupersedes: "1"')
    .replace("status: published", "status: draft")
    .replace("effective: 2024-02-01", "effective: 2024-06-01")
    .replace("title: Notes Privacy Policy", f"title: {DRAFT} Notes Policy")
    .replace("text: More details.", f"text: {DRAFT} in the text of an unpublished version.")
    .replace(
        "controlling_language: en\n",
        f"controlling_language: en\nchanges:\n  summary: {DRAFT} changes\n  material: false\n"
        "  kinds: [editorial]\n  reconsent: false\n",
    )
)

DRAFT_POLICY = (
    POLICY_EN.replace("policy: example", f"policy: {DRAFT_ID}")
    .replace("title: Example Privacy Policy", f"title: {DRAFT} Privacy Policy")
    .replace("status: published", "status: draft")
    .replace("  name: Example\n", f"  name: {DRAFT} Org\n")
    .replace("    text: Write to", f"    text: {DRAFT} Write to")
)

# A site template that prints everything it is given, escaped: anything in the data shows.
LEAKY_TEMPLATE = (
    '{% extends "policypress/policy.md.j2" %}'
    '{% block about %}{% include "about.md.j2" %}\n\n{{ doc | string | md }}\n{% endblock %}\n'
)
POLICIES = {
    "notes/1/en.yaml": PUBLISHED,
    "notes/2/en.yaml": DRAFT_VERSION,
    f"{DRAFT_ID}/1/en.yaml": DRAFT_POLICY,
}


def write_project_site(root: Path, *, drafts: bool) -> Path:
    """The project's own mkdocs.yml, docs and catalogs, the fixture policies, and the leaky template."""
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "locales", root / "locales")  # the site's own words (its nav in Chinese)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_url"] = "https://policies.example.com/"  # a public site has one: the sitemap lists pages
    for index, plugin in enumerate(config["plugins"]):
        if plugin == "policypress" or (isinstance(plugin, dict) and "policypress" in plugin):
            options = dict(plugin["policypress"] or {}) if isinstance(plugin, dict) else {}
            options.update(templates_dir="overrides", drafts=drafts)
            config["plugins"][index] = {"policypress": options}
    (root / "mkdocs.yml").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    (root / "overrides").mkdir()
    (root / "overrides" / "policy.md.j2").write_text(LEAKY_TEMPLATE, encoding="utf-8")
    for path, text in POLICIES.items():
        target = root / "policies" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def built(tmp_path_factory: pytest.TempPathFactory, name: str, *, drafts: bool) -> Path:
    root = write_project_site(tmp_path_factory.mktemp(name), drafts=drafts)
    run = build(root, root / "site")
    assert run.returncode == 0, run.stderr
    return root / "site"


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory, "leaks", drafts=False)


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory, "leaks-preview", drafts=True)


def found_markers(site: Path, markers: Iterable[str]) -> dict[str, set[str]]:
    """{marker: the site files whose path or content (a .gz file's uncompressed) holds it}, case-blind."""
    wanted = {marker: marker.lower().encode() for marker in markers}
    found: dict[str, set[str]] = {marker: set() for marker in wanted}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(site).as_posix()
        content = path.read_bytes()
        if path.suffix == ".gz":
            content = gzip.decompress(content)
        haystack = name.lower().encode() + b"\n" + content.lower()
        for marker, needle in wanted.items():
            if needle in haystack:
                found[marker].add(name)
    return found


def kinds(files: set[str]) -> set[str]:
    return {
        "sitemap"
        if name.startswith("sitemap")
        else "search"
        if name.startswith("search/")
        else Path(name).suffix
        for name in files
    }


# ---------------------------------------------------------------- the whole site


def test_the_fixtures_are_valid_and_carry_notes_everywhere_they_may(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    for path, text in POLICIES.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    result = validate_paths([folder], root=folder)
    assert [d.format() for d in result.errors] == []
    notes = load_text(PUBLISHED, "p.yaml").data
    assert _count_notes(notes) == 7


def test_no_file_of_the_site_holds_a_draft_or_a_note(public_site: Path) -> None:
    assert (public_site / "policies" / "notes" / "en" / "index.html").is_file()  # the published one is there
    assert (public_site / "sitemap.xml.gz").is_file() and (
        public_site / "search" / "search_index.json"
    ).is_file()
    leaks = found_markers(public_site, [DRAFT, DRAFT_ID, NOTE, COMMENT])
    assert leaks == {DRAFT: set(), DRAFT_ID: set(), NOTE: set(), COMMENT: set()}


def test_the_scan_finds_a_draft_wherever_a_preview_publishes_it(preview_site: Path) -> None:
    """The control run: with drafts on, the same scan finds marker A in every kind of output."""
    found = found_markers(preview_site, [DRAFT, DRAFT_ID, NOTE])
    assert {".html", "search", ".json"} <= kinds(found[DRAFT])
    assert {"sitemap", ".html", ".json"} <= kinds(found[DRAFT_ID])
    assert any(name.endswith(".gz") for name in found[DRAFT_ID])
    assert found[NOTE] == set(), "previews show drafts, never notes"


def test_the_leaky_template_is_really_used(public_site: Path) -> None:
    page = visible_text(
        (public_site / "policies" / "notes" / "en" / "index.html").read_text(encoding="utf-8")
    )
    assert "'sections': [{'id': 'intro', 'title': 'Introduction'" in page


# ---------------------------------------------------------------- the unit-level counterparts


def _data() -> dict[str, Any]:
    return load_text(PUBLISHED, "p.yaml").data


def _count_notes(value: Any) -> int:
    if isinstance(value, dict):
        return (FIELD in value) + sum(_count_notes(item) for item in value.values())
    if isinstance(value, list):
        return sum(_count_notes(item) for item in value)
    return 0


def test_unstripped_the_leaky_template_and_the_manifest_would_show_the_notes(tmp_path: Path) -> None:
    (tmp_path / "policy.md.j2").write_text(LEAKY_TEMPLATE, encoding="utf-8")
    assert NOTE in render_policy(_data(), templates_dir=tmp_path)
    manifest = build_manifest(_data(), schema_url="s.json", links={})
    assert NOTE in json.dumps(manifest)
    assert api_schemas.problems(api_schemas.MANIFEST, manifest), "the manifest schema refuses notes"


def test_publishing_drops_every_note(tmp_path: Path) -> None:
    (tmp_path / "policy.md.j2").write_text(LEAKY_TEMPLATE, encoding="utf-8")
    site = publish([Edition(_data(), Path("p.yaml"))], SiteOptions(templates_dir=tmp_path))
    assert site.pages and site.json
    assert not [p.path for p in site.pages if NOTE in p.markdown]
    assert not [f.path for f in site.json if NOTE.encode() in f.content]


def test_without_internal_removes_every_note_and_shares_the_rest() -> None:
    data = _data()
    public = without_internal(data)
    assert _count_notes(public) == 0 and _count_notes(data) == 7, "the loaded data is left as it was"
    assert public["data_categories"] is not data["data_categories"]
    assert public["sections"][0]["shows"] is data["sections"][0]["shows"]
    clean = without_internal(public)
    assert clean is public


def test_the_manifest_schema_never_names_internal_notes() -> None:
    policy = json.dumps(schemas.load_schema())
    assert f'"{FIELD}"' in policy
    for name in api_schemas.PUBLISHED:
        assert f'"{FIELD}"' not in json.dumps(api_schemas.PUBLISHED[name]())
    assert FIELD not in schema_without_internal(schemas.load_schema())["$defs"]


def _objects_with_ids(node: Any) -> Iterable[dict[str, Any]]:
    if isinstance(node, dict):
        if "id" in node.get("properties", {}):
            yield node
        for value in node.values():
            yield from _objects_with_ids(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects_with_ids(value)


def test_notes_are_allowed_on_the_policy_and_everything_with_an_id_and_nowhere_else() -> None:
    schema = schemas.load_schema()
    with_ids = list(_objects_with_ids(schema))
    assert len(with_ids) >= 20
    reference = {"$ref": f"#/$defs/{FIELD}"}
    for node in [schema, *with_ids]:
        assert node["properties"][FIELD].items() >= reference.items()

    def named_internal(node: Any) -> int:  # every property called "internal" is a note
        if isinstance(node, dict):
            here = FIELD in node.get("properties", {})
            if here:
                assert node["properties"][FIELD].items() >= reference.items()
            return here + sum(named_internal(v) for v in node.values())
        return sum(named_internal(v) for v in node) if isinstance(node, list) else 0

    assert named_internal(schema) == len(with_ids) + 1


@pytest.mark.parametrize("value", ['""', "42", "{a: b}", "[]", "[x, 1]"])
def test_a_malformed_note_is_reported(value: str) -> None:
    note = next(line for line in PUBLISHED.splitlines() if line.startswith("internal: "))
    doc = load_text(PUBLISHED.replace(note, f"internal: {value}"), "p.yaml")
    assert {d.pointer.split("/")[1] for d in validate_document(doc)} == {FIELD}


def test_an_address_in_a_note_does_not_count_as_a_contact() -> None:
    """PP309 warns when prose mentions an address no contact holds; a note holds nothing public."""
    text = PUBLISHED.replace("text: More details.", "text: Or write to privacy-internal@example.com.")
    found = validate_document(load_text(text, "p.yaml"))
    assert [d.code.value for d in found] == ["PP309"]
