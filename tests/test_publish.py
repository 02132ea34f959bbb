"""The publishing core: which editions are current, the manifests, digests, catalog and index.

Goldens of every JSON file and the index page for copies of the seed policies
(tests/fixtures/site/policies/, so that editing policies/ never breaks them) live in
tests/golden/site/; `POLICYPRESS_UPDATE_GOLDENS=1 pytest tests/test_publish.py`
rewrites them after an intended change (review the diff).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import posixpath
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import orjson
import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from policypress.api import schemas as api_schemas
from policypress.api.catalog import default_language
from policypress.api.freetext import to_html
from policypress.api.manifest import build_manifest, manifest_digest
from policypress.diagnostics import Citation
from policypress.layout import discover, display_path
from policypress.parallel import KeptData, Workers
from policypress.publish import (
    PLANNING_FIELDS,
    Edition,
    Publisher,
    SiteOptions,
    catalog_fields,
    publish,
    version_key,
)
from policypress.sitepaths import relative
from policypress.validate import validate_folder, validate_paths

ROOT = Path(__file__).resolve().parents[1]
# Copies of the seed policies: the goldens must not change when an author edits policies/.
POLICIES = ROOT / "tests" / "fixtures" / "site" / "policies"
GOLDEN = Path(__file__).resolve().parent / "golden" / "site"
UPDATE = os.environ.get("POLICYPRESS_UPDATE_GOLDENS") == "1"
# The day the seed site is built for: which versions are in force must not depend on the clock.
SEED_SITE = SiteOptions(today=dt.date(2026, 12, 1))


@cache
def seed_editions() -> tuple[Edition, ...]:
    result = validate_paths([POLICIES], root=POLICIES)
    assert result.errors == []
    return tuple(Edition(doc.data, Path(doc.path)) for doc in result.documents)


def edition(**changes: Any) -> Edition:
    """A seed edition (China Telecom, English) with some top-level fields changed."""
    base = next(e for e in seed_editions() if e.policy == "china-telecom")
    data = copy.deepcopy(base.data)
    data.update(changes)
    return Edition(data, base.source)


# ---------------------------------------------------------------- versions and current editions


def test_versions_compare_as_numbers() -> None:
    assert sorted(["1.10", "1.9", "2", "1"], key=version_key) == ["1", "1.9", "1.10", "2"]


def test_each_language_shows_its_highest_published_version() -> None:
    editions = [
        edition(version="1"),
        edition(version="2"),
        edition(version="1", language="de"),  # a translation that lags behind
        edition(version="3", status="draft"),
        edition(version="4", status="withdrawn"),
    ]
    publisher = Publisher(editions, SiteOptions())
    current = [(language, t.current.version) for (_, language), t in publisher.timelines.items() if t.current]
    assert current == [("de", "1"), ("en", "2")]
    catalog = json.loads(_file(publisher.json_files(), "api/v1/index.json"))
    (entry,) = catalog["policies"]
    assert entry["current_version"] == "2"
    assert [(e["language"], e["version"]) for e in entry["editions"]] == [("de", "1"), ("en", "2")]
    manifests = [p for p in publisher.json_paths() if "/policies/" in p]
    # Withdrawn versions keep their manifest; drafts are not published at all.
    assert "api/v1/policies/china-telecom/4/en.json" in manifests
    assert not any("/3/" in p for p in manifests)


def test_drafts_are_published_only_when_the_site_previews_them() -> None:
    draft = [edition(status="draft")]
    assert [p.path for p in publish(draft).pages] == ["policies/index.md"]
    previewed = publish(draft, SiteOptions(drafts=True))
    assert [p.path for p in previewed.pages] == [
        "policies/china-telecom/en.md",
        "policies/china-telecom/en/history.md",
        "policies/china-telecom/1/en.md",
        "policies/index.md",
    ]


@pytest.mark.parametrize(
    ("languages", "controlling", "site", "chosen"),
    [
        (["en", "zh-CN"], "zh-CN", "en", "zh-CN"),
        (["en", "zh-CN"], "fr", "en", "en"),
        (["de", "zh-CN"], "fr", "en", "de"),
    ],
)
def test_default_language_prefers_controlling_then_site_then_first(
    languages: list[str], controlling: str, site: str, chosen: str
) -> None:
    assert default_language(languages, controlling, site) == chosen


@pytest.mark.parametrize(
    ("start", "target", "reference"),
    [
        ("api/v1/index.json", "policies/zte/en/", "../../policies/zte/en/"),
        ("api/v1/index.json", "api/v1/policies/zte/1/en.json", "policies/zte/1/en.json"),
        (
            "api/v1/policies/zte/1/en.json",
            "api/v1/schema/manifest.schema.json",
            "../../../schema/manifest.schema.json",
        ),
        ("policies/index.md", "policies/zte/en.md", "zte/en.md"),
    ],
)
def test_urls_are_relative_to_the_file_that_holds_them(start: str, target: str, reference: str) -> None:
    assert relative(start, target) == reference


# ---------------------------------------------------------------- manifests


def _manifest(data: dict[str, Any]) -> dict[str, Any]:
    return build_manifest(data, schema_url="s.json", links={"catalog": "c.json"})


def test_markdown_fields_carry_markdown_and_html_and_plain_fields_stay_text() -> None:
    manifest = _manifest(next(e for e in seed_editions() if e.policy == "zte").data)
    section = manifest["sections"][0]
    assert set(section["text"]) == {"markdown", "html"}
    assert section["text"]["html"].startswith("<")
    assert isinstance(section["title"], str)
    assert isinstance(manifest["title"], str)


def test_the_markdown_member_is_the_authors_text_exactly_and_only_the_html_is_sanitized() -> None:
    data = copy.deepcopy(edition().data)
    written = '<script>alert("x")</script> &amp; [a](javascript:x) {{ 7*7 }}\r\n'
    data["sections"][0]["text"] = written
    text = _manifest(data)["sections"][0]["text"]
    assert text["markdown"] == written
    assert "<script" not in text["html"] and "href" not in text["html"]  # shown as text, never a link


@pytest.mark.parametrize(
    ("markdown", "present", "absent"),
    [
        ("<script>alert(1)</script> hi", "&lt;script&gt;", "<script"),
        ("[x](javascript:alert(1))", "x", "href"),
        ("![x](https://tracker.example/p.gif)", "https://tracker.example/p.gif", "<img"),
        ('<a href="https://a.example" onclick="x()">a</a>', "&lt;a", "<a "),
        (
            "[ok](https://example.com)",
            '<a href="https://example.com" rel="noopener noreferrer">ok</a>',
            "<script",
        ),
        ("4. four\n5. five", '<ol start="4">', "<script"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<td>1</td>", "style="),
        ("{{ 7*7 }} and {% if %}", "{{ 7*7 }}", "49"),
    ],
)
def test_html_is_sanitized_and_keeps_structure(markdown: str, present: str, absent: str) -> None:
    html = to_html(markdown)
    assert present in html
    assert absent not in html


def test_digest_is_sha256_of_the_rfc8785_form_without_locations() -> None:
    manifest = _manifest(edition().data)
    content = {k: v for k, v in manifest.items() if k not in ("$schema", "digest", "links")}
    expected = "sha256:" + hashlib.sha256(rfc8785.dumps(content)).hexdigest()
    assert manifest["digest"] == expected
    moved = build_manifest(edition().data, schema_url="elsewhere/s.json", links={"catalog": "x/c.json"})
    assert moved["digest"] == manifest["digest"], "moving the site must not change a digest"
    reordered = dict(reversed(list(manifest.items())))
    assert manifest_digest(reordered) == manifest["digest"], "key order must not matter"
    changed = _manifest(edition(title="Privacy Policy (amended)").data)
    assert changed["digest"] != manifest["digest"]


# ---------------------------------------------------------------- the seed site: schemas, goldens


@cache
def seed_site_files() -> dict[str, bytes]:
    site = publish(seed_editions(), SEED_SITE)
    files = {j.path: j.content for j in site.json}
    files.update({f.path: f.content for f in site.feeds})
    # Policy pages have goldens of their own (test_render); here the pages PolicyPress writes around
    # them, and every page of the policy with several versions (with its links among versions).
    files.update(
        {
            p.path: p.markdown.encode("utf-8")
            for p in site.pages
            if p.path.endswith(("index.md", "history.md", "changes.md"))
            or "/index." in p.path
            or "/example-telecom/" in p.path
        }
    )
    return files


def _file(files: list[Any], path: str) -> bytes:
    return next(f.content for f in files if f.path == path)


def _reference_validator(schema_path: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(seed_site_files()[schema_path])
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_every_json_file_validates_against_the_schema_its_dollar_schema_names() -> None:
    """With jsonschema (Python), independent of the jsonschema-rs the build itself uses."""
    checked = 0
    for path, content in seed_site_files().items():
        if not path.endswith(".json") or "/schema/" in path:
            continue
        document = json.loads(content)
        schema_path = os.path.normpath(os.path.join(os.path.dirname(path), document["$schema"]))
        errors = [e.message for e in _reference_validator(schema_path).iter_errors(document)]
        assert errors == [], f"{path}: {errors[:3]}"
        checked += 1
    manifests = sum(1 for p in seed_site_files() if p.startswith("api/v1/policies/") and p.endswith(".json"))
    assert manifests > len(seed_editions())  # one per edition, and a `latest` copy per policy language
    assert checked == manifests + 1  # and the catalog


def test_the_catalog_lists_every_seed_with_its_manifest_digest() -> None:
    files = seed_site_files()
    catalog = json.loads(files["api/v1/index.json"])
    assert sorted(p["policy"] for p in catalog["policies"]) == sorted({e.policy for e in seed_editions()})
    listed = {(p["policy"], e["language"]) for p in catalog["policies"] for e in p["editions"]}
    assert listed == {(e.policy, e.language) for e in seed_editions()}  # the translations too
    for policy in catalog["policies"]:
        for entry in policy["editions"]:
            manifest_path = os.path.normpath(os.path.join("api/v1", entry["manifest"]))
            assert json.loads(files[manifest_path])["digest"] == entry["digest"]


def test_a_schema_change_that_breaks_the_output_is_caught() -> None:
    """The build checks its JSON: a manifest missing its digest is refused (the check can fail)."""
    manifest = _manifest(edition().data)
    del manifest["digest"]
    assert api_schemas.problems(api_schemas.MANIFEST, manifest)


def test_the_policies_index_groups_by_organization_with_links() -> None:
    index = seed_site_files()["policies/index.md"].decode()
    for e in seed_editions():
        assert f"]({e.policy}/{e.language}.md)" in index
        assert f"{{#org-{e.data['controller']['id']}}}" in index
    assert "中文（中国）" in index  # languages are named in themselves


def _readable(path: str, content: bytes) -> bytes:
    """A golden as people review it: the compact JSON that apps get, indented (keys in the file's
    order). test_manifests_and_catalog_are_compact checks the published form itself."""
    if path.endswith(".json") and not content.startswith(b"{\n"):
        return orjson.dumps(orjson.loads(content), option=orjson.OPT_INDENT_2) + b"\n"
    return content


def test_golden_files() -> None:
    files = {path: _readable(path, content) for path, content in seed_site_files().items()}
    if UPDATE:
        for path, content in files.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_bytes(content)
    stored = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert stored == set(files), "run with POLICYPRESS_UPDATE_GOLDENS=1 to add or drop goldens"
    for path, content in files.items():
        assert (GOLDEN / path).read_bytes() == content, (
            f"{path} differs from its golden; if intended, rerun with POLICYPRESS_UPDATE_GOLDENS=1"
        )


def test_manifests_and_catalog_are_compact() -> None:
    """What apps download has no indentation: one line, and the newline that ends a text file."""
    documents = [p for p in seed_site_files() if p.endswith(".json") and "/schema/" not in p]
    assert "api/v1/index.json" in documents and len(documents) > 20
    for path in documents:
        content = seed_site_files()[path]
        assert content.count(b"\n") == 1 and content.endswith(b"}\n"), path
        assert content == orjson.dumps(orjson.loads(content), option=orjson.OPT_SORT_KEYS) + b"\n", path


# ---------------------------------------------------------------- determinism and worker processes


def test_publishing_twice_gives_identical_bytes() -> None:
    first, second = publish(seed_editions(), SEED_SITE), publish(seed_editions(), SEED_SITE)
    assert first == second


def test_worker_processes_give_the_same_site() -> None:
    """The plugin's worker path: data kept on workers, jobs sent by reference, changes nothing."""
    files = discover([POLICIES])
    pool = Workers(2)
    try:
        valid = validate_folder(files, root=POLICIES, runner=pool.runner(catalog_fields, PLANNING_FIELDS))
        # nothing but what Example Telecom's requirement packs find (it declares them)
        assert all(isinstance(d.code, Citation) for d in valid.diagnostics)
        assert len(valid.documents) == len(files)
        # MkDocs' process gets only what it plans the site with; jobs name the rest by reference.
        assert all(isinstance(doc.data, KeptData) for doc in valid.documents)
        assert all(set(doc.data) <= set(PLANNING_FIELDS) for doc in valid.documents)
        editions = [Edition(doc.data, Path(doc.path)) for doc in valid.documents]
        del valid
        publisher = Publisher(editions, SEED_SITE, pool)
        pages = {s.path: publisher.markdown(s.path).encode("utf-8") for s in publisher.pages}
        files_out = {j.path: j.content for j in publisher.json_files()}
    finally:
        pool.shutdown()
    expected = publish(seed_editions(), SEED_SITE)
    assert pages == {p.path: p.markdown.encode("utf-8") for p in expected.pages}
    assert files_out == {j.path: j.content for j in expected.json}


def test_a_site_planned_policy_by_policy_is_the_site_planned_at_once() -> None:
    """The plugin plans each validated batch as it comes (Publisher.add, then finish)."""
    by_policy: dict[str, list[Edition]] = {}
    for edition_ in seed_editions():
        by_policy.setdefault(edition_.policy, []).append(copy.deepcopy(edition_))
    publisher = Publisher([], SEED_SITE, more_to_come=True)
    for editions in by_policy.values():
        publisher.add(editions)
    publisher.finish()
    pages = [(s.path, publisher.markdown(s.path)) for s in publisher.pages]
    expected = publish(seed_editions(), SEED_SITE)
    assert pages == [(p.path, p.markdown) for p in expected.pages]
    assert publisher.json_files() == expected.json and publisher.feeds == expected.feeds
    with pytest.raises(ValueError, match="every edition of a policy comes at once"):
        publisher.add([copy.deepcopy(next(iter(by_policy.values()))[0])])


INVALID = ROOT / "tests" / "invalid"


def _warnings_only(folder: Path) -> Path:
    """The seeds and the test policies whose checks across files find only warnings."""
    shutil.copytree(POLICIES, folder)
    for kind, policy in [("translations", "chain"), ("translations", "no-original"), ("versions", "same")]:
        shutil.copytree(INVALID / kind / "policies" / policy, folder / policy)
    return folder


@pytest.mark.parametrize("folder", ["warnings only", "translations", "versions", "layout"])
def test_checks_on_workers_report_what_validate_reports(folder: str, tmp_path: Path) -> None:
    """Each worker checks its whole policies across files (versions, translations); a folder with
    an error anywhere (misplaced files included) is validated again in one process."""
    root = (
        _warnings_only(tmp_path / "policies") if folder == "warnings only" else INVALID / folder / "policies"
    )
    pool = Workers(2)
    try:
        pooled = validate_folder(
            discover([root]), root=root, runner=pool.runner(catalog_fields, PLANNING_FIELDS)
        )
    finally:
        pool.shutdown()
    in_process = validate_paths([root], root=root)
    assert pooled.diagnostics == in_process.diagnostics and pooled.files == in_process.files
    if folder == "warnings only":
        assert in_process.warnings and not in_process.errors
    else:
        assert in_process.errors


def test_batches_go_to_planning_as_they_come_until_one_has_an_error(tmp_path: Path) -> None:
    """validate_folder hands each valid batch on while it validates the rest (the plugin plans
    the site meanwhile); after a batch with an error, nothing more, and the report is validate's."""
    root = tmp_path / "policies"
    shutil.copytree(POLICIES, root)
    last = discover([root])[-1]
    last.write_text(last.read_text(encoding="utf-8").replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")
    handed: list[list[str]] = []
    pool = Workers(2)
    try:
        result = validate_folder(
            discover([root]),
            root=root,
            runner=pool.runner(catalog_fields, PLANNING_FIELDS),
            on_valid=lambda documents: handed.append([doc.path for doc in documents]),
        )
    finally:
        pool.shutdown()
    assert result.diagnostics == validate_paths([root], root=root).diagnostics and result.errors
    given = [path for batch in handed for path in batch]
    broken = display_path(last.parent.parent) + "/"
    assert given and not any(path.startswith(broken) for path in given)


_SITE_PATH = st.lists(
    st.sampled_from(["a", "b", "policies", ".", "..", "x.json", "index.md", ""]), min_size=1, max_size=5
)


@settings(max_examples=500, deadline=None)
@given(_SITE_PATH, _SITE_PATH, st.booleans())
def test_a_url_reference_is_what_posixpath_relpath_gives(
    start: list[str], target: list[str], folder: bool
) -> None:
    start_file, target_path = "/".join(start), "/".join(target) + ("/" if folder else "")
    if not target_path.strip("/."):
        return  # the site's root: relpath refuses an empty path, and the site never asks for it
    expected = posixpath.relpath(target_path, posixpath.dirname(start_file) or ".")
    expected += "/" if target_path.endswith("/") and not expected.endswith("/") else ""
    assert relative(start_file, target_path) == expected
