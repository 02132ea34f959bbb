"""The `policypress` MkDocs plugin, through real `mkdocs build --strict` runs of small sites.

Each build takes seconds, so the read-only tests share two: `good` (the defaults,
plus an edit button and a German theme) and `variant` (use_directory_urls: false,
drafts and template overrides). Tests that must see a build fail or change a
site build their own, mostly failing early and fast.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from .sites import (
    POLICY_DRAFT,
    POLICY_EN,
    POLICY_ZH,
    broken_link,
    build,
    changed,
    diagnostics,
    html_lang,
    is_relative,
    line_of,
    logged,
    next_version,
    replace_line,
    snapshot,
    tags,
    third_party_loads,
    validate,
    write_site,
)

POLICIES = {
    "example/1/en.yaml": POLICY_EN,
    "shili/1/zh-CN.yaml": POLICY_ZH,
    "draft-policy/1/en.yaml": POLICY_DRAFT,
}
PUBLISHED = {"example": "en", "shili": "zh-CN"}  # policy → the language of its one public edition
REPO = "https://example.com/acme/policies"
GOOD_CONFIG = {
    "repo_url": REPO,
    "edit_uri": "edit/main/docs/",
    # A theme language no policy has: a policy page's <html lang> must come from the plugin.
    "theme": {"language": "de", "features": ["content.action.edit"]},
}
OVERRIDES = {
    "overrides/policy.md.j2": (
        '{% extends "policypress/policy.md.j2" %}{% block about %}OVERRIDDEN-MARKER{% endblock %}\n'
    ),
    "overrides/parts/purposes.md.j2": "PURPOSES-PART-MARKER\n",
}
METASCHEMA = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Built:
    source: Path
    site: Path

    def text(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")

    def json(self, path: str) -> Any:
        return json.loads((self.site / path).read_bytes())


def built(source: Path, site: Path, *, fresh_process: bool = False) -> Built:
    run = build(source, site, fresh_process=fresh_process)
    assert run.returncode == 0, run.stderr
    return Built(source, site)


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("good")
    return built(write_site(root / "src", POLICIES, config=GOOD_CONFIG), root / "site")


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("variant")
    # English only: Chinese text makes the search plugin load jieba, a second or more per build.
    english = {path: text for path, text in POLICIES.items() if not path.startswith("shili/")}
    source = write_site(
        root / "src",
        english,
        plugin={"drafts": True, "templates_dir": "overrides"},
        config={"use_directory_urls": False},
        files=OVERRIDES,
    )
    return built(source, root / "site")


def catalog_policies(site: Built) -> set[str]:
    return {entry["policy"] for entry in site.json("api/v1/index.json")["policies"]}


# --- what a good build writes


def test_a_strict_build_writes_the_pages_and_the_json(good: Built) -> None:
    """The files apps and readers rely on exist where the docs say, and the index links every policy."""
    expected = [
        "policies/index.html",
        *(f"policies/{policy}/{language}/index.html" for policy, language in PUBLISHED.items()),
        "api/v1/index.json",
        *(f"api/v1/policies/{policy}/1/{language}.json" for policy, language in PUBLISHED.items()),
        "api/v1/schema/catalog.schema.json",
        "api/v1/schema/manifest.schema.json",
    ]
    assert [path for path in expected if not (good.site / path).is_file()] == []
    links = {a.get("href") for a in tags(good.text("policies/index.html"), "a")}
    assert {f"{policy}/{language}/" for policy, language in PUBLISHED.items()} <= links
    assert catalog_policies(good) == set(PUBLISHED)


def test_every_json_file_satisfies_the_schema_it_names(good: Built) -> None:
    """A second opinion: the reference `jsonschema` (formats checked), not the jsonschema-rs of the build."""
    api = good.site / "api"
    files = sorted(api.rglob("*.json"))
    # 2 manifests, their 2 `latest` copies, their 2 notices, 2 versions files, the catalog, 6 schemas
    assert len(files) == 14 + 1
    checked = 0
    for path in files:
        document = json.loads(path.read_bytes())
        named = document["$schema"]
        if named == METASCHEMA:  # a published schema: it must itself be a valid 2020-12 schema
            jsonschema.Draft202012Validator.check_schema(document)
            continue
        assert is_relative(named), f"{path}: $schema {named!r} is not relative"
        schema_file = (path.parent / named).resolve()
        assert schema_file.is_relative_to(api.resolve()) and schema_file.is_file(), named
        schema = json.loads(schema_file.read_bytes())
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        errors = [f"{error.json_path}: {error.message}" for error in validator.iter_errors(document)]
        assert errors == [], f"{path.relative_to(good.site)}: {errors}"
        checked += 1
    assert checked == 9  # the catalog, 2 manifests and their `latest` copies, 2 notices, 2 versions files


# --- failures leave the last good site alone


def test_an_invalid_policy_stops_the_build_and_keeps_the_last_good_site(good: Built, tmp_path: Path) -> None:
    """Authors see the validator's located report; readers keep the last good site, not an empty one."""
    bad_date = replace_line(POLICY_EN, "effective: 2024-02-01", "effective: 2024-02-30")
    no_title = replace_line(POLICY_ZH, "title: 示例隐私政策", None)
    source = write_site(
        tmp_path / "src",
        {**POLICIES, "example/1/en.yaml": bad_date, "shili/1/zh-CN.yaml": no_title},
        config=GOOD_CONFIG,
    )
    site = tmp_path / "site"
    shutil.copytree(good.site, site)
    before = snapshot(site)

    run = build(source, site)

    assert run.returncode != 0
    report = validate(source)
    expected = diagnostics(report.stderr)
    assert report.returncode != 0 and len(expected) == 2, report.stderr
    date, title = sorted(expected)
    assert date.startswith(f"policies/example/1/en.yaml:{line_of(bad_date, 'effective:')}:12: PP303 ")
    assert title.startswith("policies/shili/1/zh-CN.yaml:1:1: PP202 ") and "'title'" in title
    messages = logged(run.stderr)
    assert [line for line in expected if line not in messages] == [], run.stderr
    assert "nothing was built" in run.stderr
    assert changed(before, snapshot(site)) == []


def test_warnings_fail_a_strict_build_before_it_writes_and_pass_a_lenient_one(
    good: Built, tmp_path: Path
) -> None:
    """`--strict` means warnings count as errors, and an error must not cost the live site."""
    drift = replace_line(
        POLICY_EN,
        "    text: Write to privacy@example.com with any question.",
        "    text: Write to dpo@example.com with any question.",  # PP309: an address no contact holds
    )
    source = write_site(tmp_path / "src", {"example/1/en.yaml": drift}, config={"strict": False})
    report = validate(source)
    warnings = diagnostics(report.stderr)
    assert report.returncode == 0 and len(warnings) == 1 and " PP309 warning: " in warnings[0], report.stderr
    site = tmp_path / "site"
    shutil.copytree(good.site, site)
    before = snapshot(site)

    strict = build(source, site)

    assert strict.returncode != 0
    assert warnings[0] in logged(strict.stderr), strict.stderr
    assert "strict mode" in strict.stderr
    assert changed(before, snapshot(site)) == []

    lenient = build(source, site, strict=False)

    assert lenient.returncode == 0, lenient.stderr
    assert f"WARNING -  {warnings[0]}" in lenient.stderr.splitlines()
    assert (site / "policies/example/en/index.html").is_file()


def test_hostile_policies_stop_the_build_and_keep_the_last_good_site(good: Built, tmp_path: Path) -> None:
    """A raw NEL, a NUL, UTF-16 and a file over the plugin's max_bytes: each is reported on one
    located line, and the site folder holding the last good build is not touched."""
    hostile = {
        "example/1/en.yaml": POLICY_EN.replace("title: Example Privacy Policy", "title: Example\x85Policy"),
        "nul/1/en.yaml": POLICY_EN.replace("policy: example", "policy: n\x00l"),
        "wide/1/en.yaml": POLICY_EN.replace("policy: example", "policy: wide"),
        "big/1/en.yaml": POLICY_EN.replace("policy: example", "policy: big") + "# " + "x" * 9000 + "\n",
    }
    source = write_site(tmp_path / "src", {**POLICIES, **hostile}, plugin={"max_bytes": 8192})
    wide = ("\ufeff" + hostile["wide/1/en.yaml"]).encode("utf-16-le")
    (source / "policies/wide/1/en.yaml").write_bytes(wide)
    site = tmp_path / "site"
    shutil.copytree(good.site, site)
    before = snapshot(site)

    run = build(source, site)

    assert run.returncode != 0
    errors = [line for line in logged(run.stderr) if " PP" in line]
    assert errors == [
        f"policies/big/1/en.yaml:1:1: PP105 the file is {len(hostile['big/1/en.yaml']):,} bytes; "
        "the limit is 8,192",
        f"policies/example/1/en.yaml:{line_of(POLICY_EN, 'title:')}:15: PP106 the character U+0085 "
        "(NEXT LINE) is a line break to some YAML readers and text to others; use an ordinary line "
        "break",
        "policies/nul/1/en.yaml:1:10: PP100 the character U+0000 is a control character, which YAML "
        "does not allow; remove it",
        "policies/wide/1/en.yaml:1:1: PP100 the file is UTF-16 (little-endian) encoded; save it as UTF-8",
    ], run.stderr
    assert "Traceback" not in run.stderr and "nothing was built" in run.stderr
    assert changed(before, snapshot(site)) == []


# --- options


@pytest.mark.parametrize(
    ("options", "files", "fragments"),
    [
        pytest.param(
            {"url_prefix": "../x"},
            {},
            ["'url_prefix'", "'../x' is not a usable site folder"],
            id="url_prefix",
        ),
        pytest.param(
            {"url_prefix": "api/v1"},
            {},
            ["'url_prefix' and 'api_prefix' must be different"],
            id="same-prefixes",
        ),
        pytest.param(
            {"default_language": "not a tag!"},
            {},
            ["'default_language'", "'not a tag!' is not a BCP 47 language tag"],
            id="default_language",
        ),
        pytest.param(
            {"policies_dir": "missing"},
            {},
            ["'policies_dir'", "isn't an existing directory"],
            id="policies_dir",
        ),
        pytest.param(
            {"schema": "docs/index.md"},
            {},
            ["option 'schema'", "is not a readable JSON file"],
            id="schema-not-json",
        ),
        pytest.param(
            {"schema": "house.schema.json"},
            {"house.schema.json": '{"type": 12}'},
            ["option 'schema'", "is not a valid JSON Schema"],
            id="schema-not-a-schema",
        ),
        pytest.param(
            {"templates_dir": "missing"},
            {},
            ["'templates_dir'", "isn't an existing directory"],
            id="templates_dir",
        ),
        pytest.param(
            {"max_bytes": 0}, {}, ["'max_bytes'", "expected a positive number of bytes"], id="max_bytes"
        ),
        pytest.param({"clean_pages": "never"}, {}, ["'clean_pages'", "'auto'", "'always'"], id="clean_pages"),
    ],
)
def test_a_bad_option_stops_the_build_with_a_clear_message(
    tmp_path: Path, options: dict[str, object], files: dict[str, str], fragments: list[str]
) -> None:
    """A site author must learn which option is wrong and why, before anything is written."""
    source = write_site(tmp_path / "src", {"example/1/en.yaml": POLICY_EN}, plugin=options, files=files)
    run = build(source, tmp_path / "site")
    assert run.returncode != 0
    errors = "\n".join(line for line in run.stderr.splitlines() if line.startswith("ERROR"))
    assert [fragment for fragment in fragments if fragment not in errors] == [], run.stderr
    assert not (tmp_path / "site").exists()


# A Markdown extension PolicyPress's XSS tests never built with, and one that writes HTML of its own.
INJECTING_EXTENSION = """
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor


class Inject(Postprocessor):
    def run(self, text):
        return text + '<script>injected()</script><img src="x" onerror="injected()">'


class InjectExtension(Extension):
    def extendMarkdown(self, md):
        md.postprocessors.register(Inject(md), "inject", 0)


def makeExtension(**kwargs):
    return InjectExtension(**kwargs)
"""


def test_a_site_with_an_untested_markdown_extension_gets_every_policy_page_cleaned(tmp_path: Path) -> None:
    source = write_site(
        tmp_path / "src",
        {"example/1/en.yaml": POLICY_EN},
        config={"markdown_extensions": ["inject"]},
        files={"inject.py": INJECTING_EXTENSION},
    )
    run = build(source, tmp_path / "site", fresh_process=True)  # imports inject.py from its folder
    assert run.returncode == 0, run.stderr
    assert "for Markdown extensions PolicyPress's XSS tests do not build with: inject" in run.stderr
    injected = "<script>injected()</script>"
    assert injected in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")  # not a policy page
    generated = sorted((tmp_path / "site" / "policies").rglob("*.html"))
    assert len(generated) >= 4  # the index, the current page, the version's page, the history
    for page in generated:
        text = page.read_text(encoding="utf-8")
        assert injected not in text and "onerror" not in text, page


def test_house_rules_apply_to_every_policy(tmp_path: Path) -> None:
    """A site's own schema adds rules PolicyPress's lacks, and breaking one is reported in place."""
    house = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {"effective": {"type": "string", "description": "This site always states the date."}},
    }
    no_date = replace_line(POLICY_EN, "effective: 2024-02-01", "effective: null")
    source = write_site(
        tmp_path / "src",
        {"example/1/en.yaml": no_date, "shili/1/zh-CN.yaml": POLICY_ZH},
        plugin={"schema": "house.schema.json"},
        files={"house.schema.json": json.dumps(house)},
    )
    assert validate(source).returncode == 0  # PolicyPress's own schema allows a null date

    run = build(source, tmp_path / "site")

    assert run.returncode != 0
    located = [message for message in logged(run.stderr) if " PP" in message]
    assert len(located) == 1, run.stderr
    assert located[0].startswith(f"policies/example/1/en.yaml:{line_of(no_date, 'effective:')}:12: PP203 ")
    assert located[0].endswith("(at /effective)")


# --- what the pages show


def test_template_overrides_replace_a_block_and_a_part(variant: Built) -> None:
    """A site reshapes its pages with its own templates while `extends` keeps the rest of the package's."""
    for page in ("policies/example/en.html", "policies/draft-policy/en.html"):
        html = variant.text(page)
        assert "OVERRIDDEN-MARKER" in html and "PURPOSES-PART-MARKER" in html, page
    english = variant.text("policies/example/en.html")
    assert "Example Privacy Policy" in english and "Introduction" in english
    assert "OVERRIDDEN-MARKER" not in variant.text("policies/index.html")


@pytest.mark.parametrize(("policy", "language"), PUBLISHED.items())
def test_the_edit_button_opens_the_policy_file(good: Built, policy: str, language: str) -> None:
    """A policy page's source is its YAML file, outside docs/, not a Markdown file that does not exist."""
    html = good.text(f"policies/{policy}/{language}/index.html")
    edits = {a["href"] for a in tags(html, "a") if "edit" in a.get("rel", "").split()}
    assert edits == {f"{REPO}/edit/main/policies/{policy}/1/{language}.yaml"}


def test_the_generated_index_has_no_edit_button(good: Built) -> None:
    """No source file: an edit button would lead to a 404 in the repository."""
    assert any(
        "edit" in a.get("rel", "").split() for a in tags(good.text("index.html"), "a")
    )  # feature is on
    assert not any("edit" in a.get("rel", "").split() for a in tags(good.text("policies/index.html"), "a"))


def test_each_policy_page_declares_its_own_language(good: Built) -> None:
    """Screen readers, hyphenation and search pick the language from <html lang>, not the theme's."""
    assert html_lang(good.text("policies/shili/zh-CN/index.html")) == "zh-CN"
    assert html_lang(good.text("policies/example/en/index.html")) == "en"
    assert html_lang(good.text("policies/index.html")) == "en"  # default_language
    assert html_lang(good.text("index.html")) == "de"  # other pages keep the theme's


# --- reproducible, relocatable output


def test_builds_are_byte_identical_wherever_the_site_and_its_output_live(good: Built, tmp_path: Path) -> None:
    """Same input, same bytes: deploys diff cleanly, digests stay meaningful and no local path leaks out."""
    copy = tmp_path / "elsewhere" / "deeper" / "copy"
    shutil.copytree(good.source, copy)
    other = built(copy, tmp_path / "another-output", fresh_process=True)
    ours, theirs = snapshot(good.site), snapshot(other.site)
    assert sorted(ours) == sorted(theirs)
    assert changed(ours, theirs) == []
    leaks = [
        path
        for path, content in ours.items()
        for folder in (good.source, good.site, copy, other.site)
        if content is not None and str(folder).encode() in content
    ]
    assert leaks == []


def links(site: Built) -> list[tuple[str, str]]:
    """Every relative URL in the catalog, the manifests and the policies index, with the file it is in."""
    found: list[tuple[str, str]] = []
    for path in sorted((site.site / "api").rglob("*.json")):
        name = path.relative_to(site.site).as_posix()
        document = site.json(name)
        if is_relative(document["$schema"]):
            found.append((name, document["$schema"]))
        for entry in document.get("policies", []):
            found += [(name, edition[key]) for edition in entry["editions"] for key in ("page", "manifest")]
        found += [(name, url) for url in document.get("links", {}).values()]
    index = "policies/index.html"
    found += [(index, a["href"]) for a in tags(site.text(index), "a") if is_relative(a.get("href", ""))]
    return found


@pytest.mark.parametrize(("name", "page_suffix"), [("good", "/"), ("variant", ".html")])
def test_every_link_in_the_json_and_the_index_resolves(
    request: pytest.FixtureRequest, name: str, page_suffix: str
) -> None:
    """Apps follow these relative URLs from the file's own address, with or without directory URLs."""
    site: Built = request.getfixturevalue(name)
    found = links(site)
    pages = [url for _, url in found if "/policies/" in url and not url.endswith(".json")]
    assert pages and all(url.endswith(page_suffix) for url in pages), pages
    assert [problem for path, url in found if (problem := broken_link(site.site, path, url))] == []


@pytest.mark.parametrize(
    "path",
    [
        "docs/policies/index.md",
        "docs/api/v1/index.json",
        "docs/policies.md",  # a different source, but written to policies/index.html too
        "docs/policies/example/en/index.md",  # written where the policy page goes
    ],
)
def test_a_docs_file_in_the_way_is_refused(tmp_path: Path, path: str) -> None:
    """Two files for one URL: one would silently vanish, so the build must stop and say which."""
    source = write_site(tmp_path / "src", {"example/1/en.yaml": POLICY_EN}, files={path: "# Mine\n"})
    run = build(source, tmp_path / "site")
    assert run.returncode != 0
    errors = [line for line in run.stderr.splitlines() if line.startswith("ERROR")]
    assert any(path in line and "PolicyPress generates" in line for line in errors), run.stderr


def test_a_docs_file_where_an_api_folder_goes_stops_the_build_with_a_message(tmp_path: Path) -> None:
    """docs/api/v1 as a file where the JSON needs a folder: refused before anything is written."""
    source = write_site(tmp_path / "src", {"example/1/en.yaml": POLICY_EN}, files={"docs/api/v1": "mine\n"})
    run = build(source, tmp_path / "site")
    assert run.returncode != 0
    assert "docs/api/v1 is written to api/v1, which must be a folder for generated api/v1/" in run.stderr
    assert "Traceback" not in run.stderr and not list((tmp_path / "site").rglob("*.html")), run.stderr


# --- drafts


def test_a_draft_is_not_published_by_default(good: Built) -> None:
    """A draft may be unfinished or confidential: no page, no catalog entry, no manifest, no index row."""
    assert not (good.site / "policies/draft-policy").exists()
    assert not (good.site / "api/v1/policies/draft-policy").exists()
    assert "draft-policy" not in catalog_policies(good)
    assert "Draft Policy" not in good.text("policies/index.html")


def test_a_site_that_previews_drafts_publishes_them(variant: Built) -> None:
    """`drafts: true` is for previews: the draft then appears like any published policy."""
    assert (variant.site / "policies/draft-policy/en.html").is_file()
    assert "draft-policy" in catalog_policies(variant)
    assert "draft-policy/en.html" in {a.get("href") for a in tags(variant.text("policies/index.html"), "a")}


# --- privacy of the readers


@pytest.mark.parametrize("name", ["good", "variant"])
def test_no_page_loads_anything_from_another_host(request: pytest.FixtureRequest, name: str) -> None:
    """Reading a privacy policy must not tell a third party (fonts, CDNs) who reads it."""
    site: Built = request.getfixturevalue(name)
    pages = sorted(site.site.rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert third_party_loads(html) == [], page
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page


# --- mkdocs serve


def test_serve_watches_policies_schemas_and_templates(tmp_path: Path) -> None:
    """MkDocs watches only docs/ and mkdocs.yml; the plugin adds what its pages are made from."""
    from policypress.plugin.plugin import PolicyPressPlugin
    from policypress.schemas import schema_dir

    for folder in ("policies", "templates"):
        (tmp_path / folder).mkdir()
    (tmp_path / "house.schema.json").write_text('{"type": "object"}', encoding="utf-8")
    plugin = PolicyPressPlugin()
    errors, warnings = plugin.load_config(
        {"policies_dir": "policies", "templates_dir": "templates", "schema": "house.schema.json"},
        config_file_path=str(tmp_path / "mkdocs.yml"),
    )
    assert errors == [] and warnings == []

    def build() -> None:
        pass

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []
            self.builder = build

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Server()
    plugin.on_serve(server, config=None, builder=build)  # type: ignore[arg-type]
    assert server.builder is not build  # the rebuild that fails in one message (test_build_atomic)
    assert sorted(map(os.path.normpath, server.watched)) == sorted(
        os.path.normpath(p)
        for p in (
            tmp_path / "policies",
            tmp_path / "templates",
            tmp_path / "house.schema.json",
            schema_dir(),
        )
    )


# --- worker processes


def test_worker_processes_build_the_same_site(tmp_path: Path) -> None:
    """The pool path of a real build (spawned workers, throttled rendering) changes no byte."""
    policies = {
        "example/1/en.yaml": POLICY_EN,
        "example/2/en.yaml": next_version(POLICY_EN, "2", effective="2024-03-01"),
    }
    outputs = []
    for workers in (1, 2):
        source = write_site(tmp_path / f"src{workers}", policies, plugin={"workers": workers})
        run = build(source, tmp_path / f"site{workers}")
        assert run.returncode == 0, run.stderr
        outputs.append(snapshot(tmp_path / f"site{workers}"))
    assert outputs[0] == outputs[1]
    assert "api/v1/policies/example/2/en.json" in outputs[1]


def test_an_error_found_after_planning_began_stops_the_build(good: Built, tmp_path: Path) -> None:
    """With workers the site is planned while later batches are validated: an error in the last
    batch still stops the build with validate's report, and the last good site stays."""
    no_title = replace_line(POLICY_ZH, "title: 示例隐私政策", None)
    # Two workers: draft-policy and example are the first one's batch, shili the second's.
    source = write_site(
        tmp_path / "src",
        {**POLICIES, "shili/1/zh-CN.yaml": no_title},
        config=GOOD_CONFIG,
        plugin={"workers": 2},
    )
    site = tmp_path / "site"
    shutil.copytree(good.site, site)
    before = snapshot(site)

    run = build(source, site)

    assert run.returncode != 0 and "nothing was built" in run.stderr
    expected = diagnostics(validate(source).stderr)
    assert len(expected) == 1 and expected[0].startswith("policies/shili/1/zh-CN.yaml:1:1: PP202 ")
    assert expected[0] in logged(run.stderr), run.stderr
    assert changed(before, snapshot(site)) == []


def test_a_site_without_a_site_url_is_told_what_it_misses(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.config import load_config

    source = write_site(tmp_path / "src", {"example/1/en.yaml": POLICY_EN})
    for site_url, told in ((None, True), ("https://example.com/policies/", False)):
        config = load_config(str(source / "mkdocs.yml"), site_url=site_url)
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs.plugins.policypress"):
            config.plugins["policypress"].on_config(config)
        assert any("no 'site_url'" in record.getMessage() for record in caplog.records) is told
